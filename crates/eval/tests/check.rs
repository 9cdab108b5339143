//! `hearsay eval check` on a subsample (eight claims of each dataset, two claim-grouped folds):
//! the metrics are computed on real gold, and hearsay's stance beats the baseline's majority
//! class, as does its retrieval on Emergent (the full run's figures are in eval/results/check.json).

use hearsay_eval::check::{score_check, CheckEvalOptions};

#[test]
fn the_check_scores_are_computed_beside_the_baseline_on_a_subsample() {
    let Some(data) = hearsay_testdata::data() else { return };
    let options = CheckEvalOptions { folds: 2, limit: 8, extract: false };
    let report = score_check(&data, &options).expect("the evaluation runs");
    for dataset in [&report.fnc1, &report.emergent] {
        assert!(dataset.n_queries >= 8 && dataset.n_gold > 0, "{dataset:?}");
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
    }
    assert!(report.emergent.hearsay.retrieval.f1 >= report.emergent.baseline.retrieval.f1, "{:?}", report.emergent);
}
