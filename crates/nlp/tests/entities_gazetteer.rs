//! The committed gazetteer: its rows and how its names are matched. (That it equals a fresh build
//! from the shared dictionaries is checked by `cargo test -p xtask`.)

use hearsay_nlp::gazetteer::{gazetteer, parse_tsv, GazKind, GAZETTEER_TSV};

#[test]
fn gazetteer_has_countries_capitals_and_people() {
    let rows = parse_tsv(GAZETTEER_TSV);
    let row = |n: &str| rows.iter().find(|r| r.canonical == n);
    let russia = row("Russia").expect("Russia");
    assert_eq!(russia.kind, GazKind::Country);
    assert_eq!(russia.country.as_deref(), Some("RUS"));
    assert!(russia.aliases.iter().any(|a| a == "Russian"), "{:?}", russia.aliases);
    let moscow = row("Moscow").expect("Moscow");
    assert_eq!((moscow.kind, moscow.country.as_deref()), (GazKind::Capital, Some("RUS")));
    assert_eq!(row("Tehran").and_then(|r| r.country.as_deref()), Some("IRN"));
}

#[test]
fn matching_is_case_checked() {
    let g = gazetteer();
    let text = "Let us talk: the US and Iran met in Moscow, said the Kremlin, not the kremlin.";
    let names: Vec<(&str, &str)> =
        g.find(text).iter().map(|m| (m.range.slice(text), g.entries()[m.entry].canonical.as_str())).collect();
    assert!(names.contains(&("US", "United States")), "{names:?}");
    assert!(!names.iter().any(|(s, _)| *s == "us" || *s == "kremlin"), "{names:?}");
    assert!(names.contains(&("Kremlin", "Kremlin")), "{names:?}");
    assert!(names.contains(&("Moscow", "Moscow")), "{names:?}");
}
