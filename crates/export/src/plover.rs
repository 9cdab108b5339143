//! PLOVER-style event records for the claims that are themselves events: an accusation, a
//! rejection, a request, a threat, an agreement, a concession or a show of support, coded from
//! the claim's cue. Claims with a neutral cue ("said", "according to") are not events and give
//! no record.
//!
//! Field names follow the PLOVER/POLECAT JSON records: `event_type`, `mode`, `context`,
//! `actor`, `recipient`, `date`, `text`, with hearsay's ids to find the claim again.

use hearsay_schema::{ClaimOut, ExtractOutput, Stance};
use serde_json::{json, Value};

/// The PLOVER event type a cue names, if any. Matched on the cue's first word, lowercased; the
/// codebook's DISAPPROVE folds into ACCUSE (PLOVER 0.8).
pub fn event_type(cue: &str, stance: Stance) -> Option<&'static str> {
    let word = cue.split_whitespace().next().unwrap_or("").to_lowercase();
    let stem = |prefixes: &[&str]| prefixes.iter().any(|prefix| word.starts_with(prefix));
    if stem(&["accus", "blam", "critici", "condemn", "denounc", "charg", "alleg"]) {
        Some("ACCUSE")
    } else if stem(&["reject", "deni", "deny", "dismiss", "refus", "rebuff", "refut"])
        || stance == Stance::Deny && stem(&["call", "describ", "termed"])
    {
        Some("REJECT")
    } else if stem(&["demand", "urg", "call", "ask", "appeal", "request", "insist"]) {
        Some("REQUEST")
    } else if stem(&["threat", "warn", "vow"]) {
        Some("THREATEN")
    } else if stem(&["agre", "promis", "pledg", "offer", "commit"]) {
        Some("AGREE")
    } else if stem(&["prais", "welcom", "support", "endors", "back", "hail", "applaud"]) {
        Some("SUPPORT")
    } else if stem(&["admit", "acknowledg", "conced", "apologi"]) {
        Some("CONCEDE")
    } else {
        None
    }
}

/// One record per claim whose cue is an event, in document and text order.
pub fn events(documents: &[ExtractOutput]) -> Vec<Value> {
    let mut records = Vec::new();
    for document in documents {
        for claim in &document.claims {
            let Some(kind) = event_type(&claim.cue, claim.stance) else { continue };
            records.push(record(document, claim, kind));
        }
    }
    records
}

fn record(document: &ExtractOutput, claim: &ClaimOut, kind: &str) -> Value {
    let meta = &document.document;
    let span = claim.content_span;
    // The recipient: the first entity mentioned in the content that is not the claimant.
    let recipient = document
        .entities
        .iter()
        .filter(|entity| {
            Some(entity.id.as_str()) != claim.claimant.entity.as_deref() && entity.name != claim.claimant.name
        })
        .filter_map(|entity| {
            entity
                .mentions
                .iter()
                .filter(|mention| span.contains(mention))
                .map(|mention| mention.start)
                .min()
                .map(|first| (first, entity))
        })
        .min_by_key(|(first, _)| *first)
        .map(|(_, entity)| entity);
    let actor_country = document.claimant_entity(claim).and_then(|entity| entity.country.clone());
    json!({
        "id": crate::stable_id("plover", &[&meta.id, &claim.id]),
        "event_type": kind,
        "mode": "",
        "context": [],
        "date": claim.time.clone().or_else(|| meta.published.clone()),
        "actor": actor_country,
        "actor_text": claim.claimant.name,
        "actor_role": claim.role,
        "recipient": recipient.and_then(|entity| entity.country.clone()),
        "recipient_text": recipient.map(|entity| entity.name.clone()),
        "text": claim.content,
        "cue": claim.cue,
        "hedged": claim.hedged,
        "reported_via": claim.via.iter().map(|via| via.name.clone()).collect::<Vec<_>>(),
        "source": {"article": meta.id, "outlet": meta.outlet, "title": meta.title, "claim": claim.id},
        "version": "PLOVER-style, hearsay export 1",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_name_their_event() {
        assert_eq!(event_type("accused", Stance::Affirm), Some("ACCUSE"));
        assert_eq!(event_type("rejected", Stance::Deny), Some("REJECT"));
        assert_eq!(event_type("called on", Stance::Affirm), Some("REQUEST"));
        assert_eq!(event_type("described", Stance::Deny), Some("REJECT"));
        assert_eq!(event_type("said", Stance::Affirm), None);
        assert_eq!(event_type("according to", Stance::Affirm), None);
    }
}
