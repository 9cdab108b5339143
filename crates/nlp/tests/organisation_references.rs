//! "It said" and "the company said" resolved to the organisation or outlet they stand for, scored
//! on real news: 82 claims of FNC-1 train bodies whose claimant is written "it", "the company",
//! "the group", "the agency" or "the organization", each annotated by hand with what it refers
//! to, or with none (an expletive "it", a video, a document, a group of people):
//! `organisation_references.tsv` beside this file says how they were chosen.
//!
//! Before the resolution none of them had a name but one ("which" after "The group", given
//! "The group"): precision 0, recall 0. Measured 2026-12-05: 21 resolved, all 21 rightly, none
//! where the annotation names none (precision 1.00), 21 of the 52 that refer to an organisation
//! or outlet (recall 0.40). Many of those left as written follow a company the entity
//! recogniser takes for a person ("Apple": 9 of the 31), which the rule does not guess past.
//! Looking two sentences back instead of one (before "citing", "saying" and "identified" were
//! read) resolved 21, 19 rightly, against 18 and 18, and gave one "the agency" of PolNeAR dev the
//! wrong office. Over all 1,683 bodies the rule changes 60 claimants (56 distinct passages);
//! read by hand, 50 name the right organisation, 2 the right one under its speaker's phrase ("a
//! Comcast rep") and 4 a wrong one.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_nlp::ExtractOptions;

/// One annotated claim: its body, its claimant as written, the text just before it, and what it
/// refers to (alternatives; empty where it names no organisation).
struct Gold {
    body: String,
    written: String,
    before: String,
    refers_to: Vec<String>,
}

fn gold() -> Vec<Gold> {
    let tsv = include_str!("organisation_references.tsv");
    tsv.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "a row of four columns: {line}");
            let refers_to =
                if cols[3] == "-" { Vec::new() } else { cols[3].split('|').map(str::to_lowercase).collect() };
            Gold { body: cols[0].into(), written: cols[1].into(), before: cols[2].into(), refers_to }
        })
        .collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn it_and_the_company_name_the_organisation_they_stand_for() {
    let Some(data) = hearsay_testdata::data() else { return };
    let gold = gold();
    assert_eq!(gold.len(), 82);
    let wanted: BTreeSet<String> = gold.iter().map(|g| format!("body {}", g.body)).collect();
    let bodies: BTreeMap<String, hearsay_article::Article> =
        hearsay_testdata::bodies(&data, "stance/fnc1/train_bodies.csv")
            .into_iter()
            .filter_map(|article| {
                let member = article.source.member.clone()?;
                wanted.contains(&member).then_some((member, article))
            })
            .collect();
    let outputs: BTreeMap<&String, _> =
        bodies.iter().map(|(id, article)| (id, hearsay_nlp::annotate(article, &ExtractOptions::default()))).collect();
    let (mut found, mut resolved, mut right, mut wrong_where_none, mut referring) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut report = Vec::new();
    for g in &gold {
        let key = format!("body {}", g.body);
        let (article, out) = (&bodies[&key], &outputs[&key]);
        let text = article.text.as_str();
        let claim = out.claims.iter().find(|c| {
            c.claimant.span.is_some_and(|span| {
                let (start, end) = (span.start as usize, span.end as usize);
                text.get(start..end) == Some(g.written.as_str())
                    && collapse(text.get(start.saturating_sub(120)..start).unwrap_or("")).ends_with(&g.before)
            })
        });
        referring += usize::from(!g.refers_to.is_empty());
        let Some(claim) = claim else {
            report.push(format!("not found: body {} {:?} after {:?}", g.body, g.written, g.before));
            continue;
        };
        found += 1;
        if claim.claimant.resolved_from.is_none() {
            if !g.refers_to.is_empty() {
                report.push(format!("left {:?} ({}): body {} after {:?}", g.written, claim.cue, g.body, g.before));
            }
            continue;
        }
        resolved += 1;
        let name = claim.claimant.name.to_lowercase();
        if g.refers_to.is_empty() {
            wrong_where_none += 1;
            report.push(format!("named {:?} where none: body {} after {:?}", claim.claimant.name, g.body, g.before));
        } else if g.refers_to.iter().any(|r| name.contains(r.as_str())) {
            right += 1;
        } else {
            report.push(format!("named {:?}, not {:?}: body {}", claim.claimant.name, g.refers_to, g.body));
        }
    }
    let precision = right as f64 / resolved.max(1) as f64;
    let recall = right as f64 / referring.max(1) as f64;
    println!(
        "found {found} of {}; resolved {resolved}, right {right}, named where none {wrong_where_none}; \
         precision {precision:.2}, recall {recall:.2} of {referring}\n{}",
        gold.len(),
        report.join("\n")
    );
    // The extractor still finds these claims (the annotation is keyed by them).
    assert!(found >= 78, "{found} of {} annotated claims found:\n{}", gold.len(), report.join("\n"));
    // A wrong organisation is worse than none: most of what is resolved is right, and an
    // expletive or a thing is seldom given a name.
    assert!(precision >= 0.85, "precision {precision:.2}:\n{}", report.join("\n"));
    assert!(wrong_where_none <= 1, "{wrong_where_none} named where none:\n{}", report.join("\n"));
    assert!(recall >= 0.35, "recall {recall:.2}:\n{}", report.join("\n"));
}
