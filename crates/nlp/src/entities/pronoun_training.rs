//! Learning the pronoun resolver's [`PronounModel`] from pronouns with a gold antecedent: the mean
//! of a few averaged perceptrons that rank people by their best mention (the mention is latent: the
//! gold person's best-scoring mention is the one promoted), and the threshold under which a pronoun
//! is left unresolved, chosen to maximise F1 over the pronouns' scores on held-out folds. Pure and
//! deterministic: each perceptron visits the examples in a fixed pseudo-random order of its own,
//! and the weights are rounded as the model's text form writes them.

use super::pronouns::{choose, Candidate, PronounModel, N_FEATURES};

/// One pronoun to learn from.
#[derive(Debug, Clone, PartialEq)]
pub struct PronounExample {
    /// Its candidate mentions ([`super::pronoun_candidates`]).
    pub candidates: Vec<Candidate>,
    /// The entity (index, as in the candidates) the pronoun refers to; none when no candidate's.
    pub gold: Option<usize>,
}

/// How many passes the perceptron makes over the examples.
pub const EPOCHS: usize = 10;

/// How many perceptrons, each visiting the examples in its own order, are averaged: the F1 of one
/// order's weights moves by up to a point on GAP with the order alone, their mean's much less.
const SHUFFLES: u64 = 4;

/// The mean of [`SHUFFLES`] averaged perceptrons' weights over `examples` after `epochs` passes,
/// with no threshold (`f32::NEG_INFINITY`: every pronoun resolved); see [`choose_threshold`].
pub fn train_pronoun_ranker(examples: &[PronounExample], epochs: usize) -> PronounModel {
    let mut mean = vec![0.0f64; N_FEATURES];
    for shuffle in 0..SHUFFLES {
        let seed = 0x9e37_79b9_7f4a_7c15u64 ^ shuffle.wrapping_mul(0x0123_4567_89ab);
        for (m, w) in mean.iter_mut().zip(perceptron(examples, epochs, seed)) {
            *m += w / SHUFFLES as f64;
        }
    }
    round(PronounModel { weights: mean.iter().map(|&w| w as f32).collect(), threshold: f32::NEG_INFINITY })
}

/// One averaged perceptron's weights, visiting the examples in the order of the xorshift stream
/// started at `seed`.
fn perceptron(examples: &[PronounExample], epochs: usize, seed: u64) -> Vec<f64> {
    let mut weights = vec![0.0f64; N_FEATURES];
    // The sum over updates of the update times its step, for the average.
    let mut timed = vec![0.0f64; N_FEATURES];
    let mut step = 1.0f64;
    let mut model = PronounModel { weights: vec![0.0; N_FEATURES], threshold: f32::NEG_INFINITY };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state = seed;
    for _ in 0..epochs {
        // Fisher-Yates with a fixed xorshift stream.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let example = &examples[i];
            let Some(gold) = example.gold else { continue };
            let Some((picked, _)) = choose(&example.candidates, &model) else { continue };
            if example.candidates[picked].entity == gold {
                step += 1.0;
                continue;
            }
            let best_gold =
                example.candidates.iter().filter(|c| c.entity == gold).map(|c| (model.score(&c.features), c)).fold(
                    None,
                    |best: Option<(f32, &Candidate)>, (s, c)| match best {
                        Some((b, _)) if b >= s => best,
                        _ => Some((s, c)),
                    },
                );
            let Some((_, good)) = best_gold else {
                step += 1.0;
                continue;
            };
            let bad = &example.candidates[picked];
            for (k, (g, b)) in good.features.iter().zip(&bad.features).enumerate() {
                let delta = f64::from(g - b);
                if delta != 0.0 {
                    weights[k] += delta;
                    timed[k] += step * delta;
                    model.weights[k] = weights[k] as f32;
                }
            }
            step += 1.0;
        }
    }
    weights.iter().zip(&timed).map(|(w, t)| w - t / step).collect()
}

/// The threshold that maximises F1 over pronouns scored `(best score, whether the best is right)`,
/// with `gold` pronouns that have an antecedent: halfway between two scores (or below all).
pub fn choose_threshold(scored: &[(f32, bool)], gold: usize) -> f32 {
    let mut sorted: Vec<(f32, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let f1 = |predicted: usize, correct: usize| {
        if correct == 0 {
            0.0
        } else {
            2.0 * correct as f64 / (predicted + gold) as f64
        }
    };
    // Resolving every pronoun.
    let all = sorted.iter().filter(|s| s.1).count();
    let mut best = (f1(sorted.len(), all), sorted.last().map_or(0.0, |s| s.0 - 1.0));
    let mut correct = 0;
    for (k, &(score, right)) in sorted.iter().enumerate() {
        correct += usize::from(right);
        let Some(&(next, _)) = sorted.get(k + 1) else { break };
        if next < score {
            let f = f1(k + 1, correct);
            if f > best.0 {
                best = (f, (score + next) / 2.0);
            }
        }
    }
    best.1
}

/// The model as its text form rounds it.
fn round(model: PronounModel) -> PronounModel {
    PronounModel::from_tsv(&model.to_tsv()).expect("a model's text form parses")
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearsay_text::TextRange;

    /// A candidate of entity `entity` whose only feature set is `feature`.
    fn candidate(entity: usize, feature: usize) -> Candidate {
        let mut features = [0.0; N_FEATURES];
        features[0] = 1.0;
        features[feature] = 1.0;
        let mention = TextRange::new("Smith Jones", 0, 5).expect("a range");
        Candidate { entity, mention, features }
    }

    #[test]
    fn the_ranker_learns_which_feature_marks_the_antecedent() {
        // The antecedent always has feature 3; the other person feature 4, listed first.
        let examples: Vec<PronounExample> = (0..20)
            .map(|_| PronounExample { candidates: vec![candidate(0, 4), candidate(1, 3)], gold: Some(1) })
            .collect();
        let model = train_pronoun_ranker(&examples, EPOCHS);
        assert!(model.weights[3] > model.weights[4], "{:?}", &model.weights[..5]);
        assert_eq!(choose(&examples[0].candidates, &model).map(|(k, _)| k), Some(1));
        // Deterministic: the same examples give the same weights.
        assert_eq!(model, train_pronoun_ranker(&examples, EPOCHS));
    }

    #[test]
    fn the_threshold_leaves_the_wrong_low_scores_unresolved() {
        // Three right answers scored high, two wrong ones scored low, four pronouns with gold.
        let scored = [(3.0, true), (2.5, true), (2.0, true), (-1.0, false), (-2.0, false)];
        let threshold = choose_threshold(&scored, 4);
        assert!(-1.0 < threshold && threshold < 2.0, "{threshold}");
    }
}
