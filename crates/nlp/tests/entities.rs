//! Entity recognition and coreference on the real seed articles and PolNeAR texts.

use std::time::Instant;

use hearsay_nlp::entities::{entity_at, recognize, Entity, EntityKind};
use hearsay_text::TextRange;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn seed(name: &str) -> Option<String> {
    let path = format!("{DATA}/seeds/{name}");
    let raw = std::fs::read_to_string(&path).ok()?;
    if name.starts_with("002") {
        let v: serde_json::Value = serde_json::from_str(&raw).expect("seed 002 is JSON");
        return Some(v["textContent"].as_str().expect("textContent").to_string());
    }
    Some(raw)
}

fn by_name<'a>(ents: &'a [Entity], name: &str) -> &'a Entity {
    ents.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name}: {:#?}", names(ents)))
}

fn names(ents: &[Entity]) -> Vec<String> {
    ents.iter()
        .map(|e| {
            format!("{} {:?} {:?} {:?} {:?} n={}", e.name, e.kind, e.aliases, e.roles, e.country, e.mentions.len())
        })
        .collect()
}

fn mentions_text<'a>(text: &'a str, e: &Entity) -> Vec<&'a str> {
    e.mentions.iter().map(|m| m.slice(text)).collect()
}

#[test]
#[ignore = "prints what recognize finds in the seeds: cargo test --test entities dump -- --ignored --nocapture"]
fn dump_seeds() {
    for s in ["000_57a3a51577a579b9.txt", "002_736ba7094562da70.txt", "004_490bd8c02f634e9f.txt"] {
        let Some(text) = seed(s) else { return };
        let ents = recognize(&text, &[]);
        for e in &ents {
            eprintln!(
                "{} {:?} {:?} roles={:?} {:?} {:?}",
                e.name,
                e.kind,
                e.aliases,
                e.roles,
                e.country,
                mentions_text(&text, e)
            );
        }
        eprintln!("----");
    }
}

fn kinds(ents: &[Entity], kind: EntityKind) -> Vec<&str> {
    ents.iter().filter(|e| e.kind == kind).map(|e| e.name.as_str()).collect()
}

#[test]
fn seed_000_sadr_is_one_person_with_roles() {
    let Some(text) = seed("000_57a3a51577a579b9.txt") else {
        eprintln!("skipping: ../shared/data not found");
        return;
    };
    let ents = recognize(&text, &[]);
    let sadr = by_name(&ents, "Mohammad Sadr");
    assert_eq!(sadr.kind, EntityKind::Person);
    assert_eq!(sadr.aliases, ["Mohammad Sadr", "Mohammed Sadr", "Sadr"]);
    assert!(sadr.roles.iter().any(|r| r == "a member of Iran's Expediency Council"), "{:?}", sadr.roles);
    assert_eq!(sadr.country.as_deref(), Some("IRN"));
    let said = mentions_text(&text, sadr);
    assert!(said.contains(&"He") && said.contains(&"him"), "{said:?}");
    assert_eq!(ents.iter().filter(|e| e.name.contains("Sadr")).count(), 1, "{:#?}", names(&ents));

    let khamenei = by_name(&ents, "Ali Khamenei");
    assert_eq!(khamenei.roles, ["Supreme Leader"]);
    assert_eq!(by_name(&ents, "Mohammad Khatami").kind, EntityKind::Person);
    let baghaei = by_name(&ents, "Esmail Baghaei");
    assert_eq!(baghaei.roles, ["Foreign Ministry spokesman"]);

    // Moscow and Tehran stand for their states.
    let russia = by_name(&ents, "Russia");
    assert_eq!(russia.kind, EntityKind::Country);
    assert!(russia.aliases.iter().any(|a| a == "Moscow"), "{:?}", russia.aliases);
    assert!(by_name(&ents, "Iran").aliases.iter().any(|a| a == "Tehran"));
    assert_eq!(by_name(&ents, "Israel").aliases, ["Israel", "Israeli"]);

    let outlets = kinds(&ents, EntityKind::Outlet);
    for o in ["Kayhan", "Farhikhtegan", "Mashregh News", "Seenergy"] {
        assert!(outlets.contains(&o), "{o} not an outlet: {outlets:?}");
    }
    assert!(by_name(&ents, "Mashregh News").aliases.iter().any(|a| a == "Mashregh"));
    let orgs = kinds(&ents, EntityKind::Organization);
    for o in [
        "Foreign Ministry",
        "Revolutionary Guard Intelligence Organization",
        "NATO",
        "Expediency Council",
        "Tehran Prosecutor's Office",
    ] {
        assert!(orgs.contains(&o), "{o} not an organization: {orgs:?}");
    }
    assert!(by_name(&ents, "Revolutionary Guard Intelligence Organization").aliases.iter().any(|a| a == "SAS"));
    // Sentence-initial capitals are not names.
    for not in ["Such", "While", "The", "Hardliner", "Growing", "Critics", "Ministry"] {
        assert!(!ents.iter().any(|e| e.name == not), "{not} is not a name: {:#?}", names(&ents));
    }
    // Ids follow first mention.
    assert_eq!(ents[0].id, "e1");
    let firsts: Vec<u32> = ents.iter().map(|e| e.mentions[0].start).collect();
    assert!(firsts.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn seed_002_envoy_is_jalali() {
    let Some(text) = seed("002_736ba7094562da70.txt") else {
        eprintln!("skipping: ../shared/data not found");
        return;
    };
    let ents = recognize(&text, &[]);
    let jalali = by_name(&ents, "Kazem Jalali");
    assert_eq!(jalali.kind, EntityKind::Person);
    assert_eq!(jalali.roles[0], "Iran's Ambassador to Russia");
    let m = mentions_text(&text, jalali);
    for form in ["Kazem Jalali", "the envoy", "Jalali", "the Ambassador", "He", "he"] {
        assert!(m.contains(&form), "{form} not a mention of Jalali: {m:?}");
    }
    let russia = by_name(&ents, "Russia");
    for a in ["Kremlin", "Moscow", "Russian"] {
        assert!(russia.aliases.iter().any(|x| x == a), "{a}: {:?}", russia.aliases);
    }
    assert!(by_name(&ents, "Iran").aliases.iter().any(|a| a == "Tehran"));
    let outlets = kinds(&ents, EntityKind::Outlet);
    assert!(outlets.contains(&"Al Jazeera") && outlets.contains(&"HUM News English"), "{outlets:?}");
    assert!(kinds(&ents, EntityKind::Person) == ["Kazem Jalali"], "{:#?}", names(&ents));

    // entity_at finds the envoy from a claim span.
    let envoy = TextRange::find(&text, "the envoy").expect("envoy");
    assert_eq!(entity_at(&ents, envoy).map(|e| e.name.as_str()), Some("Kazem Jalali"));
    let addressing = TextRange::find(&text, "Addressing the media in Moscow").expect("moscow");
    assert_eq!(entity_at(&ents, addressing).map(|e| e.name.as_str()), Some("Russia"));
}

#[test]
fn seed_004_people_outlets_and_scare_quotes() {
    let Some(text) = seed("004_490bd8c02f634e9f.txt") else {
        eprintln!("skipping: ../shared/data not found");
        return;
    };
    let ents = recognize(&text, &[]);
    let israel = by_name(&ents, "Israel");
    assert_eq!(israel.aliases, ["Israel", "Israeli"]);
    assert!(israel.mentions.len() >= 10);
    for (p, role) in [
        ("Donald Trump", "President"),
        ("Benjamin Netanyahu", "Prime Minister"),
        ("Vladimir Putin", "President"),
        ("Abbas Araqchi", "Foreign Minister"),
    ] {
        let e = by_name(&ents, p);
        assert_eq!(e.kind, EntityKind::Person);
        assert!(e.roles.iter().any(|r| r == role), "{p}: {:?}", e.roles);
    }
    assert!(by_name(&ents, "Donald Trump").aliases.contains(&"Trump".to_string()));
    assert_eq!(by_name(&ents, "Washington Post").kind, EntityKind::Outlet);
    assert_eq!(by_name(&ents, "Hezbollah").kind, EntityKind::Organization);
    assert_eq!(by_name(&ents, "Vladimir Putin").country.as_deref(), Some("RUS"));
    // Washington alone is the US government.
    assert!(by_name(&ents, "United States").aliases.iter().any(|a| a == "Washington"));
}

#[test]
fn deterministic() {
    let Some(text) = seed("000_57a3a51577a579b9.txt") else { return };
    assert_eq!(recognize(&text, &[]), recognize(&text, &[]));
}

#[test]
fn pathological_input_is_fast() {
    let caps: String = (0..100_000)
        .map(|i| format!("Word{} ", ["Alpha", "Beta", "Gamma"][i % 3]))
        .collect::<String>()
        .replace(|c: char| c.is_ascii_digit(), "");
    let _ = recognize("Warm up the gazetteer in Moscow.", &[]);
    let t = Instant::now();
    let _ = recognize(&caps, &[]);
    eprintln!("100k capitalised words: {:?}", t.elapsed());
    let long_sentence: String =
        (0..10_000).map(|i| if i % 7 == 0 { "Sadr said he " } else { "and the envoy " }).collect();
    let _ = recognize(&long_sentence, &[]);
    eprintln!("+ 10k-word sentence: {:?}", t.elapsed());
    let names: String = (0..20_000).map(|i| format!("Ambassador Name{} Surname, ", i % 50)).collect();
    let _ = recognize(&names, &[]);
    assert!(t.elapsed().as_secs_f64() < 10.0, "took {:?}", t.elapsed());
}

/// Throughput over PolNeAR train (release: `cargo test --release -p hearsay-nlp --test entities throughput -- --nocapture`).
#[test]
fn throughput_polnear() {
    let dir = format!("{DATA}/attribution/polnear/train/text");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: ../shared/data not found");
        return;
    };
    let mut paths: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    let limit = if cfg!(debug_assertions) { 60 } else { paths.len() };
    let texts: Vec<String> = paths.iter().take(limit).filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    let t = Instant::now();
    let _ = recognize("Warm up the gazetteer in Moscow.", &[]);
    eprintln!("gazetteer load: {:.3}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut gaz_hits = 0;
    for text in &texts {
        gaz_hits += hearsay_nlp::gazetteer::gazetteer().find(text).len();
    }
    eprintln!("gazetteer find alone: {:.3}s, {gaz_hits} hits", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut n_ent = 0;
    let mut persons = 0;
    for text in &texts {
        let ents = recognize(text, &[]);
        n_ent += ents.len();
        persons += ents.iter().filter(|e| e.kind == EntityKind::Person).count();
    }
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "recognize: {} PolNeAR articles in {secs:.3}s = {:.0} articles/s; {n_ent} entities, {persons} persons",
        texts.len(),
        texts.len() as f64 / secs
    );
    assert!(persons > texts.len(), "PolNeAR articles quote people: {persons} persons in {} articles", texts.len());
}

#[test]
#[ignore = "prints entities of a few PolNeAR articles: cargo test --test entities dump_polnear -- --ignored --nocapture"]
fn dump_polnear() {
    let dir = format!("{DATA}/attribution/polnear/train/text");
    let Ok(rd) = std::fs::read_dir(&dir) else { return };
    let mut paths: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    let skip: usize = std::env::var("SKIP").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    for p in paths.iter().skip(skip).step_by(97).take(3) {
        let text = std::fs::read_to_string(p).expect("read");
        eprintln!("== {}", p.display());
        for e in recognize(&text, &[]) {
            eprintln!(
                "{} {:?} {:?} roles={:?} {:?} n={}",
                e.name,
                e.kind,
                e.aliases,
                e.roles,
                e.country,
                e.mentions.len()
            );
        }
    }
}

#[test]
#[ignore = "prints the most frequent entity names over PolNeAR train: cargo test --release --test entities dump_names -- --ignored --nocapture"]
fn dump_names() {
    let dir = format!("{DATA}/attribution/polnear/train/text");
    let Ok(rd) = std::fs::read_dir(&dir) else { return };
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for p in rd.filter_map(Result::ok).map(|e| e.path()) {
        let text = std::fs::read_to_string(&p).expect("read");
        for e in recognize(&text, &[]) {
            *counts
                .entry(format!("{} [{:?}] {:?}", e.name, e.kind, e.aliases.iter().take(4).collect::<Vec<_>>()))
                .or_default() += 1;
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    for (k, n) in v.iter().take(150) {
        eprintln!("{n:4} {k}");
    }
}

#[test]
fn kinds_serialize_lowercase() {
    let json = serde_json::to_string(&[EntityKind::Person, EntityKind::Outlet, EntityKind::Country]).expect("json");
    assert_eq!(json, r#"["person","outlet","country"]"#);
}

#[test]
fn caller_sentences_are_used() {
    // A pronoun three sentences after its only candidate stays unresolved; one sentence after, it resolves.
    let text = "Kazem Jalali spoke. Markets fell. Prices rose. Rain came. He left.";
    let sentences: Vec<TextRange> = ["Kazem Jalali spoke.", "Markets fell.", "Prices rose.", "Rain came.", "He left."]
        .iter()
        .map(|s| TextRange::find(text, s).expect("sentence"))
        .collect();
    let ents = recognize(text, &sentences);
    let he = TextRange::find(text, "He").expect("He");
    assert!(entity_at(&ents, he).is_none(), "{:#?}", names(&ents));
    let text = "Ambassador Kazem Jalali spoke in Moscow. He left.";
    let ents = recognize(text, &[]);
    let he = TextRange::find(text, "He").expect("He");
    assert_eq!(entity_at(&ents, he).map(|e| e.name.as_str()), Some("Kazem Jalali"));
}

#[test]
fn narrative_pronoun_skips_people_inside_quotes() {
    // Shape of a PolNeAR sentence (Ben Carson on Hillary Clinton): the speaker, not the person quoted about.
    let text = "Ben Carson spoke in Iowa.\n\u{201c}When I look at somebody like Hillary Clinton,\u{201d} he said.";
    let ents = recognize(text, &[]);
    let he = TextRange::find(text, "he said").map(|r| TextRange { start: r.start, end: r.start + 2 }).expect("he");
    assert_eq!(entity_at(&ents, he).map(|e| e.name.as_str()), Some("Ben Carson"), "{:#?}", names(&ents));
}
