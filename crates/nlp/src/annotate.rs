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
    for index in 0..extraction.claims.len() {
        let (earlier, rest) = extraction.claims.split_at_mut(index);
        let claim = &mut rest[0];
        link_claimant(claim, &entities, text, &extraction.sentences);
        resolve_reference(claim, earlier, &entities, text, &extraction.sentences);
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

/// Nouns that refer back to an organisation already named ("Durex ... the company said"), and
/// whether an outlet may be what they name.
const ORGANIZATION_REFERENCES: &[(&str, bool)] = &[
    ("the company", false),
    ("the firm", false),
    ("the group", true),
    ("the agency", false),
    ("the organization", true),
    ("the organisation", true),
];

/// The verbs after which "it" speaks for an organisation or outlet ("It said", "it added", "It
/// did not say"): an expletive or a thing ("It was not clear", "It shows a man") takes none.
const IT_SPEAKS: &[&str] = &[
    "said",
    "says",
    "say",
    "added",
    "adds",
    "stated",
    "states",
    "stressed",
    "claimed",
    "claims",
    "reported",
    "reports",
    "quoted",
    "quotes",
    "confirmed",
    "announced",
    "announces",
    "wrote",
    "writes",
    "told",
    "tells",
    "tweeted",
    "posted",
    "insisted",
    "insists",
    "denied",
    "denies",
    "warned",
    "warns",
    "noted",
    "notes",
    "explained",
    "argued",
    "cited",
    "cites",
    "acknowledged",
    "read",
    "reads",
    "citing",
    "saying",
    "identified",
];

/// "It said", "the company said", resolved as a reader would, to an organisation or outlet:
///
/// 1. when the claim just before it (in its sentence or the one before) is an organisation's or
///    outlet's that the entities know, that claimant ("ACTED said it was appalled ... “...,” it
///    said"; "The Drug Policy Alliance said ... “...,” the group said"), unless another
///    organisation or outlet is named between them outside that claim's content ("The Tax
///    Policy Center ... came to a similar conclusion ... the group said" after the Tax
///    Foundation's claim); a claimant the entities do not know ("a new report") is too often not
///    what "it" is, so the reference is then left as written;
/// 2. else, when no claim is just before it or that claim is a person's or an unnamed one's, the
///    entity named last before it in its sentence or the one before, when that is an
///    organisation (or an outlet, for "it", "the group" and "the organization"), and, for "it",
///    when that name opens its sentence ("Religion News Service was among the first ... It
///    said").
///
/// Anything else is left as written, `unnamed`: the entity recogniser takes some companies for
/// people ("Apple"), and an organisation named further back is often the claim's subject, not its
/// speaker ("the news agency says fighters from Boko Haram agreed ... It quoted"). "It" is read
/// only before a speech verb, and neither is read in a passive ("It's said", "the company is
/// said to"). On 82 such claims of FNC-1 train bodies annotated by hand
/// (`tests/organisation_references.rs`): 21 resolved, all rightly, 21 of the 52 that refer to
/// one; looking two sentences back gave one "the agency" of PolNeAR dev the wrong office. A relative pronoun that stands for such a phrase ("The group which
/// has claimed") is resolved through it.
fn resolve_reference(claim: &mut Claim, earlier: &[Claim], entities: &[Entity], text: &str, sentences: &[TextRange]) {
    // A relative pronoun already stands for a phrase ("The group which has claimed"): when that
    // phrase is such a reference, it is the one resolved, where it is written.
    let relative = claim.claimant.resolved_from.filter(|from| {
        let phrase = from.slice(text).trim().to_lowercase();
        ORGANIZATION_REFERENCES.iter().any(|(noun, _)| *noun == phrase.as_str())
    });
    let Some(span) = relative.or(claim.source_span) else { return };
    if claim.claimant.resolved_from.is_some() && relative.is_none() {
        return;
    }
    let written = span.slice(text).trim().to_lowercase();
    let it = written == "it";
    let outlets = match ORGANIZATION_REFERENCES.iter().find(|(noun, _)| *noun == written.as_str()) {
        Some(&(_, outlets)) => outlets,
        None if it => true,
        None => return,
    };
    let between = claim.source_span.and_then(|source| text.get(source.end()..claim.cue_span.start())).unwrap_or("");
    let passive = between.contains("'s") || between.contains('\u{2019}') || {
        let words: Vec<&str> = between.split_whitespace().collect();
        words.iter().any(|w| matches!(*w, "is" | "was" | "are" | "were" | "be" | "been"))
    };
    let cue = claim.cue_span.slice(text).split_whitespace().next().unwrap_or("").to_lowercase();
    if passive || it && !IT_SPEAKS.contains(&cue.as_str()) {
        return;
    }
    let fits = |kind: &str| kind == "organization" || outlets && kind == "outlet";
    // The claim just before, if it is in the window: an organisation or outlet that it names is
    // the speaker; one it does not name (no entity) leaves the reference as written.
    let previous = earlier
        .iter()
        .rev()
        .take_while(|other| claim.sentence.saturating_sub(other.sentence) <= 1)
        .find(|other| other.source_span.is_some_and(|source| source.end <= span.start));
    if let Some(other) = previous.filter(|other| fits(&other.claimant.kind)) {
        let Some(entity) = entities.iter().find(|entity| other.claimant.entity.as_deref() == Some(entity.id.as_str()))
        else {
            return;
        };
        // Another organisation or outlet named since, outside what the speaker claimed, may be
        // what the reference is ("The Tax Policy Center ... came to a similar conclusion ... the
        // group said" after the Tax Foundation's claim): left as written.
        let since = other.source_span.map_or(span.start, |source| source.end);
        let intervening = entities.iter().filter(|e| e.id != entity.id).any(|e| {
            matches!(e.kind, EntityKind::Organization | EntityKind::Outlet)
                && e.mentions.iter().any(|m| {
                    m.start >= since
                        && m.end <= span.start
                        && !other.content_span.contains_range(*m)
                        && m.slice(text).starts_with(char::is_uppercase)
                })
        });
        if intervening {
            return;
        }
        // The speaker's name as its claim gives it, unless that too is a reference ("The group").
        let own = other.claimant.name.to_lowercase();
        let reference = own == "it" || ORGANIZATION_REFERENCES.iter().any(|(noun, _)| *noun == own.as_str());
        claim.claimant.name.clone_from(if reference { &entity.name } else { &other.claimant.name });
        claim.claimant.entity = Some(entity.id.clone());
        claim.claimant.kind.clone_from(&other.claimant.kind);
        claim.claimant.resolved_from = other.claimant.resolved_from.or(other.source_span);
        return;
    }
    let Some(window) = sentences.get((claim.sentence as usize).saturating_sub(1)) else { return };
    let by_name = |mention: &TextRange| {
        let own = mention.slice(text);
        own.starts_with(char::is_uppercase)
            && !is_pronoun_mention(own)
            && own != "Its"
            && mention.start >= window.start
            && mention.end <= span.start
    };
    let nearest = entities
        .iter()
        .flat_map(|entity| entity.mentions.iter().filter(|m| by_name(m)).map(move |mention| (entity, *mention)))
        .max_by_key(|(_, mention)| mention.start);
    let Some((entity, mention)) = nearest else { return };
    let kind = match entity.kind {
        EntityKind::Organization => "organization",
        EntityKind::Outlet => "outlet",
        _ => return,
    };
    let opens = || {
        sentences.iter().any(|sentence| {
            sentence.start <= mention.start
                && mention.start < sentence.end
                && matches!(
                    text.get(sentence.start()..mention.start()).map(str::trim),
                    Some("" | "The" | "the" | "But" | "But the" | "And")
                )
        })
    };
    if fits(kind) && (!it || opens()) {
        claim.claimant.name.clone_from(&entity.name);
        claim.claimant.entity = Some(entity.id.clone());
        claim.claimant.kind = kind.to_owned();
        claim.claimant.resolved_from = Some(mention);
    }
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
                    && !is_pronoun_mention(own)
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

/// A mention that is a capitalised pronoun, not a name ("He", "It").
fn is_pronoun_mention(written: &str) -> bool {
    matches!(written, "He" | "She" | "They" | "It" | "His" | "Her")
}

/// The entity's last mention by name (not a pronoun or role noun) before `span`, else its first
/// mention by name: where a pronoun's or role noun's resolved name comes from.
fn named_mention_before(entity: &Entity, text: &str, span: TextRange) -> Option<TextRange> {
    let by_name = |mention: &&TextRange| {
        let written = mention.slice(text);
        written.chars().next().is_some_and(char::is_uppercase)
            && !is_pronoun_mention(written)
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
