//! `hearsay eval check` on a subsample (twelve claims of each dataset, two claim-grouped folds):
//! the metrics are computed on real gold beside the baseline. For speed the test uses the
//! built-in stance model, which was trained on all of FNC-1 train, so its stance figures here
//! are leaky; the full run trains one per fold (eval/results/check.json).

use hearsay_eval::check::{score_check, CheckEvalOptions};

#[test]
fn the_check_scores_are_computed_beside_the_baseline_on_a_subsample() {
    let Some(data) = hearsay_testdata::data() else { return };
    let options = CheckEvalOptions { folds: 2, limit: 12, built_in_model: true, ..CheckEvalOptions::default() };
    let report = score_check(&data, &options).expect("the evaluation runs");
    assert!(report.folds.contains("LEAKY"), "the report says its stance model saw the data");
    for dataset in [&report.fnc1, &report.emergent] {
        assert!(dataset.n_queries >= 12 && dataset.n_gold > 0, "{dataset:?}");
        for score in [&dataset.hearsay, &dataset.baseline] {
            let r = &score.retrieval;
            assert!((0.0..=1.0).contains(&r.f1) && r.f1 > 0.0, "{dataset:?}");
            assert!(score.n_stance > 0, "{dataset:?}");
        }
        assert!(dataset.candidate_recall > 0.8, "the search offers the gold articles: {dataset:?}");
        assert!(
            dataset.hearsay.stance_macro_f1 > dataset.baseline.stance_macro_f1,
            "the stance model beats the majority class: {dataset:?}"
        );
        assert_eq!(dataset.hearsay.cuts.len(), 2, "one re-rank cut per fold");
        assert_eq!(dataset.learned_biased.stance_biases.len(), 2, "one stance correction per fold");
    }
    // Over whole headlines the search and the stance model find Emergent's articles better than
    // TF-IDF alone: the default rule with its re-rank cuts, and the learned decision (fitted here
    // on six claims a fold; eval/results/check.json has the full run).
    let emergent = &report.emergent;
    assert!(emergent.hearsay.retrieval.f1 >= emergent.baseline.retrieval.f1, "{emergent:?}");
    assert!(emergent.learned.retrieval.f1 > 0.75, "{emergent:?}");
}
