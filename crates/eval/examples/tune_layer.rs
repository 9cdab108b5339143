//! Trains the contextual tagger's encoder layer (`hearsay_nlp::train::attribution_layer`) on half of
//! PolNeAR train (`tune`, the default), a quarter (`q0`, `q1`: half of that half) or all of it
//! (`all`), and saves it to `$OUT` (default
//! `target/tuned-layer.safetensors`), for `attribution_tagger` with `TUNED=$OUT`.
//! The states below the layer are cached under `target/context-cache-L2`.
//! Env: `EPOCHS` (default 3), `LR` (2e-4), `HEAD_LR` (1e-3), `BATCH` (16); `BELOW` (default
//! `TUNED_BELOW`): how many layers run below the trained one, their states read from
//! `target/context-cache-L$BELOW` (which may hold the output of a layer trained before, to
//! stack a second one on it).
#![expect(clippy::print_stderr, reason = "a developer tool: its output is the point")]

use std::path::{Path, PathBuf};

use hearsay_embed::{Embedder, Training};
use hearsay_eval::context_cache;
use hearsay_eval::tuning_split::{quarter, tuning_half as half};
use hearsay_nlp::attribution::{context::TUNED_BELOW, Context};

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "tune".into());
    let train = PathBuf::from("../shared/data/attribution/polnear/train");
    let embedder = Embedder::locate().expect("the MiniLM model");
    let env = |k: &str, d: f64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let below_layers = env("BELOW", TUNED_BELOW as f64) as usize;
    let below = |text: &str, sentences: &[hearsay_text::TextRange]| {
        let path = context_cache::path(&PathBuf::from(format!("target/context-cache-L{below_layers}")), text);
        if let Some(c) = context_cache::read(&path, below_layers, false) {
            return Ok(c);
        }
        let c = Context::encode(&embedder, text, sentences, below_layers)?;
        context_cache::write(&path, &c).expect("writing the cache");
        Ok(c)
    };
    let training = Training {
        epochs: env("EPOCHS", 3.0) as usize,
        learning_rate: env("LR", 2e-4),
        head_learning_rate: env("HEAD_LR", 1e-3),
        batch: env("BATCH", 16.0) as usize,
    };
    let started = std::time::Instant::now();
    // `q0` / `q1`: one quarter of train, half of the tuning half (for cross-fitting, see
    // `attribution_tagger`'s `CROSS`).
    let keep = |name: &str| match mode.as_str() {
        "all" => true,
        "q0" | "q1" => half(name) && format!("q{}", quarter(name)) == mode,
        _ => half(name),
    };
    let layer = hearsay_nlp::train::attribution_layer(
        &train,
        embedder.layer(below_layers).expect("the layer"),
        &below,
        &keep,
        training,
        &|pct, loss| {
            eprintln!("{pct:3}% loss {loss:.4} ({:.0} s)", started.elapsed().as_secs_f64());
        },
    )
    .expect("training");
    eprintln!("trained in {:.0} s", started.elapsed().as_secs_f64());
    let out = std::env::var("OUT").unwrap_or_else(|_| "target/tuned-layer.safetensors".into());
    layer.save(Path::new(&out)).expect("saving");
}
