//! The whole per-article run: claims, entities, entity linking of claimants and chains, and the
//! time each claim is about, as one `hearsay.extract/1` output.
//!
//! `extract` finds claims and `entities::recognize` finds referents independently; this module is
//! where the two meet. A claimant's source span ("He", "the envoy", "Ambassador Jalali") points at
//! a mention of one entity, so the claim takes that entity's id and, for a pronoun, its name.

use hearsay_article::Article;
use hearsay_text::TextRange;

use crate::entities::{self, Entity, EntityKind};
use crate::output::{self, ExtractOutput};
use crate::{extract, time, Claim, ExtractOptions};

/// Runs every per-article stage and returns the versioned output.
pub fn annotate(article: &Article, options: &ExtractOptions) -> ExtractOutput {
    let mut extraction = extract(article, options);
    let text = article.text.as_str();
    let entities = entities::recognize(text, &extraction.sentences);
    let times = time::find_times(text, article.metadata.published.as_deref());
    for claim in &mut extraction.claims {
        link_claimant(claim, &entities, text, &extraction.sentences);
        for via in &mut claim.via {
            via.entity = entity_named(&entities, &via.name).map(|entity| entity.id.clone());
        }
        claim.time = time_of(claim, &extraction.sentences, &times);
    }
    let entities_out = entities.iter().map(output::entity_out).collect();
    output::build(article, &extraction, entities_out)
}

/// Gives the claim its claimant's entity, and a pronoun or role noun the entity's name; "They"
/// the named group before it; a personal pronoun that nothing resolves is left `unnamed` rather
/// than guessed.
fn link_claimant(claim: &mut Claim, entities: &[Entity], text: &str, sentences: &[TextRange]) {
    let written = claim.source_span.map_or("", |span| span.slice(text)).trim().to_lowercase();
    if written == "they" && claim.claimant.resolved_from.is_none() {
        if let Some((entity, named)) = claim.source_span.and_then(|span| group_before(entities, text, span)) {
            claim.claimant.name.clone_from(&entity.name);
            claim.claimant.entity = Some(entity.id.clone());
            claim.claimant.kind = if entity.kind == EntityKind::Outlet { "outlet" } else { "organization" }.to_owned();
            claim.claimant.resolved_from = Some(named);
            return;
        }
    }
    // "the newspaper", "the article": the last outlet named before it.
    if OUTLET_REFERENCES.contains(&written.as_str()) && claim.claimant.resolved_from.is_none() {
        if let Some((entity, named)) = claim.source_span.and_then(|span| outlet_before(entities, text, span)) {
            claim.claimant.name.clone_from(&entity.name);
            claim.claimant.entity = Some(entity.id.clone());
            claim.claimant.kind = "outlet".to_owned();
            claim.claimant.resolved_from = Some(named);
            return;
        }
    }
    link_named(claim, entities, text);
    // "He said" that neither an earlier claim nor the entities stage resolved: the subject of
    // its sentence, else of the sentence before, else the nearest name (same gender where known).
    if matches!(written.as_str(), "he" | "she" | "his") && claim.claimant.resolved_from.is_none() {
        if let Some((entity, named)) =
            claim.source_span.and_then(|span| entities::resolve_pronoun(text, sentences, entities, span))
        {
            claim.claimant.name.clone_from(&entity.name);
            claim.claimant.entity = Some(entity.id.clone());
            claim.claimant.kind = "person".to_owned();
            claim.claimant.resolved_from = Some(named);
        }
    }
    if matches!(written.as_str(), "he" | "she" | "they" | "him" | "her" | "his" | "it")
        && claim.claimant.resolved_from.is_none()
    {
        claim.claimant.kind = "unnamed".to_owned();
        claim.claimant.entity = None;
    }
}

/// Nouns that refer back to an outlet already named.
const OUTLET_REFERENCES: &[&str] =
    &["the newspaper", "the paper", "the daily", "the article", "the magazine", "the outlet", "the broadcaster"];

/// The outlet named last before `span` (in the 1,500 bytes before it), with that mention.
fn outlet_before<'a>(entities: &'a [Entity], text: &str, span: TextRange) -> Option<(&'a Entity, TextRange)> {
    let floor = span.start.saturating_sub(1_500);
    entities
        .iter()
        .filter(|entity| entity.kind == EntityKind::Outlet)
        .filter_map(|entity| {
            let named = named_mention_before(entity, text, span)?;
            (named.end <= span.start && named.start >= floor).then_some((entity, named))
        })
        .max_by_key(|(_, named)| named.start)
}

/// The organisation, outlet or state named last before `span` (in the 400 bytes before it), with
/// that mention: what "They said" after "The National Union of Grain Farmers met ..." refers to.
fn group_before<'a>(entities: &'a [Entity], text: &str, span: TextRange) -> Option<(&'a Entity, TextRange)> {
    let floor = span.start.saturating_sub(400);
    entities
        .iter()
        .filter(|entity| matches!(entity.kind, EntityKind::Organization | EntityKind::Outlet))
        .filter_map(|entity| {
            let named = named_mention_before(entity, text, span)?;
            (named.end <= span.start && named.start >= floor).then_some((entity, named))
        })
        .max_by_key(|(_, named)| named.start)
}

/// [`link_claimant`] for a claimant the text names (or a person's pronoun or role noun).
fn link_named(claim: &mut Claim, entities: &[Entity], text: &str) {
    // The claimant's own name first: the source span may hold an appositive naming other
    // entities ("Mohammad Sadr, a member of Iran's Expediency Council"), and the longest mention
    // in it is not always the claimant's.
    let found = entity_named(entities, &claim.claimant.name)
        .or_else(|| claim.source_span.and_then(|span| entities::entity_at(entities, span)));
    let Some(entity) = found else { return };
    claim.claimant.entity = Some(entity.id.clone());
    // The name alone cannot tell "Iran" or "Kayhan" from a person; the entity can. A state (or
    // its capital, standing for it) or a city that makes a claim acts as an organization.
    if claim.claimant.kind == "person" {
        match entity.kind {
            EntityKind::Country | EntityKind::Place | EntityKind::Organization => {
                claim.claimant.kind = "organization".to_owned()
            }
            EntityKind::Outlet => claim.claimant.kind = "outlet".to_owned(),
            EntityKind::Person => {}
        }
    }
    let written = claim.source_span.map_or("", |span| span.slice(text));
    // "He", "the envoy": the text names nobody here, so the entity's name stands in.
    let is_reference = written.chars().next().is_some_and(char::is_lowercase)
        || matches!(written, "He" | "She" | "They")
        || written.starts_with("The ");
    if is_reference && claim.claimant.kind == "person" {
        // A name written inside the phrase ("the third time AROS") is the name; otherwise it
        // comes from an earlier mention by name, which `resolved_from` points at.
        let inside = claim.source_span.and_then(|span| {
            entity.mentions.iter().find(|m| {
                let own = m.slice(text);
                span.contains_range(**m)
                    && own.starts_with(char::is_uppercase)
                    && !own.starts_with("The ")
                    && !matches!(own, "He" | "She" | "They" | "It" | "His" | "Her")
            })
        });
        if let Some(mention) = inside {
            let own = mention.slice(text);
            claim.claimant.name =
                if written.contains(entity.name.as_str()) { entity.name.clone() } else { own.to_owned() };
        } else if let Some(named) = claim.source_span.and_then(|span| named_mention_before(entity, text, span)) {
            claim.claimant.name.clone_from(&entity.name);
            claim.claimant.resolved_from = Some(named);
        }
    }
    if claim.role.is_none() && claim.claimant.kind == "person" {
        claim.role = entity.roles.first().cloned();
    }
}

/// The entity's last mention by name (not a pronoun or role noun) before `span`, else its first
/// mention by name: where a pronoun's or role noun's resolved name comes from.
fn named_mention_before(entity: &Entity, text: &str, span: TextRange) -> Option<TextRange> {
    let by_name = |mention: &&TextRange| {
        let written = mention.slice(text);
        written.chars().next().is_some_and(char::is_uppercase)
            && !matches!(written, "He" | "She" | "They" | "It" | "His" | "Her")
            && !written.starts_with("The ")
            && !mention.overlaps(span)
    };
    let before = entity.mentions.iter().filter(|mention| mention.end <= span.start).rfind(by_name);
    before.or_else(|| entity.mentions.iter().find(by_name)).copied()
}

/// The entity whose name or alias is `name`, ignoring case and a leading "the".
fn entity_named<'a>(entities: &'a [Entity], name: &str) -> Option<&'a Entity> {
    let wanted = strip_article(name);
    entities.iter().find(|entity| {
        strip_article(&entity.name).eq_ignore_ascii_case(wanted)
            || entity.aliases.iter().any(|alias| strip_article(alias).eq_ignore_ascii_case(wanted))
    })
}

fn strip_article(name: &str) -> &str {
    let name = name.trim();
    name.strip_prefix("the ").or_else(|| name.strip_prefix("The ")).unwrap_or(name)
}

/// The first resolved time inside the claim's content, else inside its sentence.
fn time_of(claim: &Claim, sentences: &[TextRange], times: &[time::TimeExpr]) -> Option<String> {
    let inside = |range: TextRange| {
        times
            .iter()
            .find(|expr| expr.value.is_some() && range.contains_range(expr.range))
            .and_then(|expr| expr.value.clone())
    };
    inside(claim.content_span).or_else(|| sentences.get(claim.sentence as usize).and_then(|sentence| inside(*sentence)))
}
