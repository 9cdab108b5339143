//! Builds the versioned JSON contract of `hearsay extract`, `hearsay.extract/1`, whose types live
//! in `hearsay-schema` (see docs/output.md): the types are re-exported here for the stages'
//! callers, and [`build`] turns an article, its extraction and its entities into one output.

use hearsay_article::Article;

pub use hearsay_schema::extract::*;

use crate::entities::{Entity, EntityKind};
use crate::Extraction;

/// The output for one article: its claims as extracted (claimants already linked), the entities
/// found for it, and the diagnostics the stages recorded.
pub fn build(article: &Article, extraction: &Extraction, entities: Vec<EntityOut>) -> ExtractOutput {
    let claims = extraction.claims.iter().map(claim_out).collect();
    ExtractOutput::new(article, entities, claims, extraction.diagnostics.clone())
}

fn claim_out(claim: &crate::Claim) -> ClaimOut {
    // The stages write one of the contract's four words; a claimant of no kind is nobody named.
    let kind = ClaimantKind::from_name(&claim.claimant.kind).unwrap_or(ClaimantKind::Unnamed);
    ClaimOut {
        id: claim.id.clone(),
        claimant: ClaimantOut {
            name: claim.claimant.name.clone(),
            entity: claim.claimant.entity.clone(),
            kind,
            span: claim.source_span.map(SpanOut::from),
            resolved_from: claim.claimant.resolved_from.map(SpanOut::from),
        },
        role: claim.role.clone(),
        cue: claim.cue.clone(),
        // A narrator's claim has no cue, only an empty mark at its sentence's start.
        cue_span: (!claim.cue_span.is_empty()).then(|| claim.cue_span.into()),
        stance: claim.stance,
        hedged: claim.hedged,
        direct: claim.direct,
        via: claim.via.iter().map(|via| ViaOut { name: via.name.clone(), entity: via.entity.clone() }).collect(),
        content: claim.content.clone(),
        content_span: claim.content_span.into(),
        sentence: claim.sentence,
        time: claim.time.clone(),
        clause: claim.clause,
    }
}

/// An entity as the output gives it.
pub(crate) fn entity_out(entity: &Entity) -> EntityOut {
    EntityOut {
        id: entity.id.clone(),
        name: entity.name.clone(),
        kind: entity_type(entity.kind),
        aliases: entity.aliases.clone(),
        mentions: entity.mentions.iter().map(|range| SpanOut::from(*range)).collect(),
        roles: entity.roles.clone(),
        country: entity.country.clone(),
    }
}

/// The contract's name for what the entity stage found.
pub fn entity_type(kind: EntityKind) -> EntityType {
    match kind {
        EntityKind::Person => EntityType::Person,
        EntityKind::Organization => EntityType::Organization,
        EntityKind::Country => EntityType::Country,
        EntityKind::Place => EntityType::Place,
        EntityKind::Outlet => EntityType::Outlet,
    }
}
