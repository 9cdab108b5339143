//! Chains of sources: the outlet a claim passed through ("according to Washington Post sources
//! citing diplomats"), kept as `via`.

use super::words::OUTLET_WORDS;

/// True when the phrase names a news outlet.
pub fn is_outlet(phrase: &str) -> bool {
    hearsay_text::word_runs(phrase, &[])
        .into_iter()
        .any(|(_, w)| OUTLET_WORDS.iter().any(|o| o.eq_ignore_ascii_case(w)))
}

/// "the Washington Post" -> "Washington Post"; "Washington Post sources" -> "Washington Post".
pub(super) fn strip_intermediary(phrase: &str) -> String {
    let mut words: Vec<&str> = phrase.split_whitespace().collect();
    if words.first().is_some_and(|w| w.eq_ignore_ascii_case("the")) && words.len() > 1 {
        words.remove(0);
    }
    while words.len() > 1
        && words.last().is_some_and(|w| {
            matches!(w.to_ascii_lowercase().as_str(), "sources" | "source" | "reports" | "report" | "reporting")
        })
    {
        words.pop();
    }
    words.join(" ")
}
