//! Stance of a claimant toward what is attributed (affirm or deny), and whether it is hedged.
//!
//! A denial is a cue that rejects a proposition ("rejected allegations that Moscow supplied ...",
//! "dismissed Sadr’s remarks", "denied"), a negated cue ("did not say"), or a description of the
//! content as false ("described the reports as “purely baseless”"). Criticism of a person
//! ("criticized Sadr, saying ...") is not a denial: the claimant affirms the criticism.
//! Hedging: a tentative cue ("suggested", "speculated") or a hedge word in the cue clause or the
//! content ("may have", "could", "reportedly", "allegedly", "analytically").

/// The claimant's stance toward the content: the contract's own type, so the output needs no
/// copy of it.
pub use hearsay_schema::Stance;

const DENY_CUES: &[&str] = &["contested", "contests"];

/// Beginnings of the words of rejection in every form ("denied", "denial", "rejecting",
/// "was quick to debunk"), matched against each word of the cue.
const DENY_STEMS: &[&str] =
    &["deni", "deny", "reject", "dismiss", "refut", "disput", "debunk", "rebuff", "repudiat", "disavow", "disown"];

const FALSITY: &[&str] = &[
    "baseless",
    "false",
    "fabricated",
    "untrue",
    "nonsense",
    "lies",
    "lie",
    "fake",
    "groundless",
    "unfounded",
    "absurd",
    "ridiculous",
    "fiction",
    "fabrication",
    "misinformation",
    "disinformation",
    "hoax",
    "wrong",
];

const HEDGE_CUES: &[&str] = &[
    "suggested",
    "suggests",
    "suggesting",
    "suggest",
    "speculated",
    "hinted",
    "implied",
    "believes",
    "believe",
    "believed",
    "thinks",
    "think",
    "estimated",
    "reportedly",
    "allegedly",
    "purportedly",
    "alleged",
    "alleges",
    "claimed",
    "claims",
    "claiming",
];

const HEDGE_WORDS: &[&str] = &[
    "may",
    "might",
    "could",
    "reportedly",
    "allegedly",
    "possibly",
    "perhaps",
    "probably",
    "apparently",
    "likely",
    "unlikely",
    "seemingly",
    "analytically",
    "purportedly",
    "appears",
    "appear",
    "appeared",
    "seems",
    "seem",
    "seemed",
    "rumored",
    "rumoured",
    "presumably",
    "supposedly",
    "maybe",
    "suspected",
    "arguably",
];

const NEGATIONS: &[&str] =
    &["not", "never", "no", "n't", "didn't", "doesn't", "don't", "won't", "wouldn't", "hasn't", "haven't"];

/// The stance and hedging of one attribution.
///
/// `cue` is the cue's text, `cue_clause` the text between the source and the content (the cue
/// and its neighbours: "has firmly rejected allegations", "described the reports as “purely
/// baseless” and"), `content` the attributed text.
pub fn assess(cue: &str, cue_clause: &str, content: &str) -> (Stance, bool) {
    let cue_lower = cue.to_lowercase();
    let clause_words = words(cue_clause);
    let mut deny = DENY_CUES.contains(&cue_lower.as_str())
        || words(cue).iter().any(|w| DENY_STEMS.iter().any(|stem| w.starts_with(stem)));
    if clause_words.iter().any(|w| NEGATIONS.contains(&w.as_str())) {
        // "did not say" denies the saying; "never claimed" too; "not" in a denial keeps it one.
        deny = true;
    }
    if !deny && matches!(cue_lower.as_str(), "described" | "describes" | "describing" | "called" | "calls" | "calling")
    {
        // "described the reports as “purely baseless”": the falsity word opens the content.
        deny = clause_words.iter().chain(words(content).iter().take(10)).any(|w| FALSITY.contains(&w.as_str()));
    }
    let mut hedged = HEDGE_CUES.contains(&cue_lower.as_str());
    if !hedged {
        hedged = clause_words.iter().chain(words(content).iter()).any(|w| HEDGE_WORDS.contains(&w.as_str()));
    }
    (if deny { Stance::Deny } else { Stance::Affirm }, hedged)
}

/// Lower-cased words with inner apostrophes ("don't" whole, ’ read as '): the shared tokeniser's
/// [`hearsay_text::word_runs`] view, the one the stance cues are written in.
fn words(text: &str) -> Vec<String> {
    hearsay_text::word_runs(text, &['\'', '’']).into_iter().map(|(_, w)| w.replace('’', "'").to_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denials_and_criticism() {
        assert_eq!(
            assess("rejected", "has firmly rejected allegations", "that Moscow supplied Tehran").0,
            Stance::Deny
        );
        assert_eq!(assess("described", "described the reports as \"purely baseless\"", "the reports").0, Stance::Deny);
        assert_eq!(assess("criticized", "also criticized", "Sadr").0, Stance::Affirm);
        assert_eq!(assess("said", "did not", "the talks failed").0, Stance::Deny);
        // A cue of several words, and the other forms of a rejection (seed 002, "The envoy was
        // quick to debunk specific claims of intelligence sharing").
        assert_eq!(
            assess("was quick to debunk", "was quick to debunk", "specific claims of intelligence sharing").0,
            Stance::Deny
        );
        assert_eq!(assess("denial", "issued a denial of", "the report").0, Stance::Deny);
        assert_eq!(assess("disowned", "disowned", "his remarks").0, Stance::Deny);
        assert_eq!(assess("dismissal", "dismissal of", "the claims").0, Stance::Deny);
        // Words that only begin like one are not denials.
        assert_eq!(assess("denounced", "denounced", "the deal").0, Stance::Affirm);
    }

    #[test]
    fn hedges() {
        assert!(assess("suggested", "suggested", "that Russia may have provided Israel").1);
        assert!(assess("said", "said", "this could have enabled Israel").1);
        assert!(!assess("confirmed", "confirmed", "that the two nations are on the verge of signing").1);
    }
}
