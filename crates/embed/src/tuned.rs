//! One encoder layer trained for a task: a copy of one of the encoder's layers, run on the
//! states of the layers before it, its weights trained further (with a small head) on labelled
//! pieces.
//!
//! Why: a tagger reading the frozen encoder's states reads what the sentence-embedding training
//! left in them; a layer trained on the tagger's own labels can move attention to what the task
//! needs (where the reporting verb is, which noun phrase is its subject). Training one layer on
//! cached states of the layers below costs a few minutes on two CPU cores, where training the
//! whole encoder would cost hours.
//!
//! The layer is written out here with candle's tensor operations rather than taken from
//! `candle-transformers` because that crate's layer types are private, and its fused layer norm
//! and softmax have no gradients.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor, Var, D};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};

use crate::{EmbedError, Embedder, Result, BATCH_SIZE, DIM};

/// The tensors of one BERT layer, by their names under `encoder.layer.N.`, in a fixed order.
const NAMES: [&str; 16] = [
    "attention.self.query.weight",
    "attention.self.query.bias",
    "attention.self.key.weight",
    "attention.self.key.bias",
    "attention.self.value.weight",
    "attention.self.value.bias",
    "attention.output.dense.weight",
    "attention.output.dense.bias",
    "attention.output.LayerNorm.weight",
    "attention.output.LayerNorm.bias",
    "intermediate.dense.weight",
    "intermediate.dense.bias",
    "output.dense.weight",
    "output.dense.bias",
    "output.LayerNorm.weight",
    "output.LayerNorm.bias",
];

const HEADS: usize = 12;
const EPS: f64 = 1e-12;

/// One transformer layer (post-norm, as in BERT), with its weights.
#[derive(Debug, Clone)]
pub struct TunedLayer {
    /// The tensors in [`NAMES`] order.
    w: Vec<Tensor>,
}

impl Embedder {
    /// A copy of the encoder's layer `index` (0-based), to be trained further.
    ///
    /// # Errors
    /// When the weights file lacks one of the layer's tensors.
    pub fn layer(&self, index: usize) -> Result<TunedLayer> {
        let w = NAMES
            .iter()
            .map(|name| {
                let key = format!("encoder.layer.{index}.{name}");
                self.weights
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| EmbedError::Layer { message: format!("the encoder has no tensor {key}") })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(TunedLayer { w })
    }
}

fn linear(x: &Tensor, w: &Tensor, b: &Tensor) -> candle_core::Result<Tensor> {
    x.broadcast_matmul(&w.t()?)?.broadcast_add(b)
}

fn layer_norm(x: &Tensor, w: &Tensor, b: &Tensor) -> candle_core::Result<Tensor> {
    let mean = x.mean_keepdim(D::Minus1)?;
    let x = x.broadcast_sub(&mean)?;
    let var = x.sqr()?.mean_keepdim(D::Minus1)?;
    x.broadcast_div(&(var + EPS)?.sqrt()?)?.broadcast_mul(w)?.broadcast_add(b)
}

/// `texts` (each `pieces × DIM` states, at most `n` pieces) as one batch padded to `n` pieces:
/// the states `(b, n, DIM)` and the mask `(b, n)`, 1 for a piece and 0 for padding.
fn padded<'a>(texts: impl Iterator<Item = &'a [f32]>, b: usize, n: usize) -> candle_core::Result<(Tensor, Tensor)> {
    let mut x = vec![0f32; b * n * DIM];
    let mut mask = vec![0f32; b * n];
    for (row, states) in texts.enumerate() {
        x[row * n * DIM..row * n * DIM + states.len()].copy_from_slice(states);
        mask[row * n..row * n + states.len() / DIM].fill(1.0);
    }
    Ok((Tensor::from_vec(x, (b, n, DIM), &Device::Cpu)?, Tensor::from_vec(mask, (b, n), &Device::Cpu)?))
}

impl TunedLayer {
    /// Runs the layer on `x` `(texts, pieces, DIM)` with `mask` `(texts, pieces)`, 1 for a
    /// piece and 0 for padding.
    ///
    /// # Errors
    /// When the shapes do not fit.
    pub fn forward(&self, x: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
        let w = &self.w;
        let (b, n, _) = x.dims3()?;
        let head = DIM / HEADS;
        let split = |t: Tensor| t.reshape((b, n, HEADS, head))?.transpose(1, 2)?.contiguous();
        let q = split(linear(x, &w[0], &w[1])?)?;
        let k = split(linear(x, &w[2], &w[3])?)?;
        let v = split(linear(x, &w[4], &w[5])?)?;
        // Padding gets -10000 before the softmax, as in BERT.
        let bias = ((mask.to_dtype(DType::F32)? - 1.0)? * 10_000.0)?.reshape((b, 1, 1, n))?;
        let scores = (q.matmul(&k.t()?.contiguous()?)? / (head as f64).sqrt())?.broadcast_add(&bias)?;
        let scores = scores.broadcast_sub(&scores.max_keepdim(D::Minus1)?)?.exp()?;
        let attention = scores.broadcast_div(&scores.sum_keepdim(D::Minus1)?)?;
        let context = attention.matmul(&v)?.transpose(1, 2)?.reshape((b, n, DIM))?;
        let x = layer_norm(&(linear(&context, &w[6], &w[7])? + x)?, &w[8], &w[9])?;
        let inner = linear(&x, &w[10], &w[11])?.gelu_erf()?;
        layer_norm(&(linear(&inner, &w[12], &w[13])? + &x)?, &w[14], &w[15])
    }

    /// Runs the layer on each text's piece states (`pieces × DIM` values, row-major), texts of
    /// about one length together.
    ///
    /// # Errors
    /// When the network fails internally.
    pub fn run(&self, texts: &[&[f32]]) -> Result<Vec<Vec<f32>>> {
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for batch in order.chunks(BATCH_SIZE) {
            let n = batch.iter().map(|&i| texts[i].len() / DIM).max().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let (x, mask) = padded(batch.iter().map(|&i| texts[i]), batch.len(), n)?;
            let y = self.forward(&x, &mask)?.to_vec3::<f32>()?;
            for (&i, rows) in batch.iter().zip(y) {
                out[i] = rows.into_iter().take(texts[i].len() / DIM).flatten().collect();
            }
        }
        Ok(out)
    }

    /// Writes the weights as safetensors, in half precision (half the bytes, and the rounding
    /// moves a layer's output by about 1e-3 of its length).
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn save(&self, path: &Path) -> Result<()> {
        let map: HashMap<String, Tensor> = NAMES
            .iter()
            .zip(&self.w)
            .map(|(name, t)| Ok(((*name).to_owned(), t.to_dtype(DType::F16)?)))
            .collect::<candle_core::Result<_>>()?;
        candle_core::safetensors::save(&map, path)?;
        Ok(())
    }

    /// Reads weights written by [`TunedLayer::save`] from their bytes.
    ///
    /// # Errors
    /// When the bytes are not such a file.
    pub fn from_bytes(bytes: &[u8]) -> Result<TunedLayer> {
        let layer_error = |message: String| EmbedError::Layer { message };
        let map = candle_core::safetensors::load_buffer(bytes, &Device::Cpu).map_err(|e| layer_error(e.to_string()))?;
        let w = NAMES
            .iter()
            .map(|name| {
                let t = map.get(*name).ok_or_else(|| layer_error(format!("no tensor {name}")))?;
                // Every dimension is the model's width or the feed-forward width (four times it).
                if t.rank() > 2 || t.dims().iter().any(|&d| d != DIM && d != 4 * DIM) {
                    return Err(layer_error(format!("{name} has shape {:?}", t.dims())));
                }
                Ok(t.to_dtype(DType::F32)?)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(TunedLayer { w })
    }
}

/// One text for [`TunedLayer::train`]: its piece states (`labels.len() × DIM` values) and, for
/// each piece, one 0/1 label per output.
#[derive(Debug, Clone, Default)]
pub struct LabelledText {
    /// Piece states from the layers below, row-major.
    pub states: Vec<f32>,
    /// One row of labels per piece.
    pub labels: Vec<Vec<f32>>,
}

/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    /// Passes over the texts.
    pub epochs: usize,
    /// AdamW's learning rate.
    pub learning_rate: f64,
    /// AdamW's learning rate for the head.
    pub head_learning_rate: f64,
    /// Texts per step.
    pub batch: usize,
}

impl TunedLayer {
    /// Trains the layer, with a linear head of `outputs` sigmoid units on top (thrown away
    /// after), to predict each piece's labels; texts are visited in a fixed pseudo-random order.
    ///
    /// # Errors
    /// When the network fails internally.
    pub fn train(
        &mut self,
        texts: &[LabelledText],
        outputs: usize,
        training: Training,
        progress: &dyn Fn(usize, f32),
    ) -> Result<()> {
        let device = Device::Cpu;
        let vars: Vec<Var> = self.w.iter().map(Var::from_tensor).collect::<candle_core::Result<_>>()?;
        let head_w = Var::from_tensor(&(Tensor::randn(0f32, 0.02, (outputs, DIM), &device)?))?;
        let head_b = Var::zeros(outputs, DType::F32, &device)?;
        let params = ParamsAdamW { lr: training.learning_rate, weight_decay: 0.01, ..ParamsAdamW::default() };
        let mut optimizer = AdamW::new(vars.clone(), params.clone())?;
        // The head starts from nothing, so it learns faster than the layer it reads.
        let mut head_optimizer = AdamW::new(
            vec![head_w.clone(), head_b.clone()],
            ParamsAdamW { lr: training.head_learning_rate, ..params },
        )?;
        let layer = TunedLayer { w: vars.iter().map(|v| v.as_tensor().clone()).collect() };
        let mut order: Vec<usize> = (0..texts.len()).filter(|&i| !texts[i].labels.is_empty()).collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut step = 0usize;
        let steps = training.epochs * order.len().div_ceil(training.batch);
        for _ in 0..training.epochs {
            let mut shuffle = |items: &mut Vec<usize>| {
                for i in (1..items.len()).rev() {
                    state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    items.swap(i, (state >> 33) as usize % (i + 1));
                }
            };
            shuffle(&mut order);
            // Batches of texts of about one length (little padding), visited in random order.
            let mut batches: Vec<Vec<usize>> = Vec::new();
            for pool in order.chunks(training.batch * 50) {
                let mut pool = pool.to_vec();
                pool.sort_by_key(|&i| texts[i].labels.len());
                batches.extend(pool.chunks(training.batch).map(<[usize]>::to_vec));
            }
            let mut visit: Vec<usize> = (0..batches.len()).collect();
            shuffle(&mut visit);
            for batch in visit.iter().map(|&v| &batches[v]) {
                let n = batch.iter().map(|&i| texts[i].labels.len()).max().unwrap_or(0);
                let b = batch.len();
                let (x, m) = padded(batch.iter().map(|&i| texts[i].states.as_slice()), b, n)?;
                let mut y = vec![0f32; b * n * outputs];
                for (row, &i) in batch.iter().enumerate() {
                    for (p, labels) in texts[i].labels.iter().enumerate() {
                        y[(row * n + p) * outputs..(row * n + p + 1) * outputs].copy_from_slice(labels);
                    }
                }
                let y = Tensor::from_vec(y, (b, n, outputs), &device)?;
                let h = layer.forward(&x, &m)?;
                let z = linear(&h, head_w.as_tensor(), head_b.as_tensor())?;
                // Binary cross-entropy on logits, stable: max(z, 0) - z·y + log(1 + e^-|z|).
                let loss = ((z.relu()? - (&z * &y)?)? + (z.abs()?.neg()?.exp()? + 1.0)?.log()?)?;
                let loss = loss
                    .sum(D::Minus1)?
                    .mul(&m)?
                    .sum_all()?
                    .affine(1.0 / f64::from(m.sum_all()?.to_scalar::<f32>()?), 0.0)?;
                // Linear warm-up over the first tenth, then linear decay.
                let warm = (steps / 10).max(1);
                let scale = if step < warm {
                    (step + 1) as f64 / warm as f64
                } else {
                    (steps - step) as f64 / (steps - warm).max(1) as f64
                };
                optimizer.set_learning_rate(training.learning_rate * scale);
                head_optimizer.set_learning_rate(training.head_learning_rate * scale);
                let grads = loss.backward()?;
                optimizer.step(&grads)?;
                head_optimizer.step(&grads)?;
                step += 1;
                if step % 50 == 0 {
                    progress(step * 100 / steps.max(1), loss.to_scalar::<f32>()?);
                }
            }
        }
        self.w = vars.iter().map(|v| v.as_tensor().detach()).collect();
        Ok(())
    }
}
