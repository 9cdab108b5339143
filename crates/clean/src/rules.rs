//! Boilerplate rules: which whole lines of an article body are not the article.
//!
//! Every rule looks at one paragraph (a line of plain text, a markdown block, a line of extracted
//! HTML text) and either names a [`RemovalReason`] or keeps it. Rules match whole lines, anchored at
//! both ends, so a real sentence that merely mentions a photo ("Sadr, shown in this file photo with
//! Khatami, said ...") or a newsletter stays. Long paragraphs are never boilerplate: the caps below
//! keep a rule from eating a paragraph that happens to start with "Related:".

use std::sync::LazyLock;

use hearsay_article::RemovalReason;
use regex::Regex;

/// Boilerplate lines are short; a caption or "Read more" line longer than this is prose.
const MAX_BOILERPLATE_CHARS: usize = 300;
/// The syndication footer repeats the headline, which can be long.
const MAX_FOOTER_CHARS: usize = 600;

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("boilerplate patterns are valid")
}

/// A caption line: "A Russian-made air defense battery is displayed in Iran in this file photo",
/// "... gestures in this file photo taken March 3, 2021.", "... in this handout picture".
static CAPTION_ENDING: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)\bin (?:this|an?) (?:(?:undated|file|handout|still|screen ?grab|combination|illustration|aerial|video|social media|satellite|archive|undated file)\s+)*(?:photo(?:graph)?|picture|image|screenshot|still|grab|handout)(?: (?:taken|released|provided|obtained|posted|distributed|made available|shared|issued)\b[^.]{0,100})?\s*\.?$",
    )
});

/// A line that is only a credit: "(Photo: Reuters)", "Image: Getty Images", "Photo credit: AFP",
/// "File photo: the Kremlin".
static CAPTION_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^\(?\s*(?:file\s+)?(?:photo(?:graph)?|image|picture|pic|credit|photo credit|image credit|image source|source of image)s?\s*(?:by)?\s*[:|]\s*[^\n]{1,120}?\)?\.?$",
    )
});

/// A caption ending in an agency photo credit: "... on Monday. REUTERS/Evelyn Hockstein",
/// "... (AP Photo/Vahid Salemi)", "... (Photo by Jane Doe/Getty Images)".
static CAPTION_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?:\((?:AP|AFP|EPA|Reuters|REUTERS)? ?(?:Photo|Image|Pool Photo)(?: by)? ?[/:][^)]{1,80}\)|\b(?:REUTERS|AFP|EPA(?:-EFE)?|ANADOLU)/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4}(?:/(?:File(?: Photo)?|Pool|Handout))?|\(Photo by [^)]{1,80}\)|©\s*(?:[A-Z][\w.'’-]*)(?:\s*/?\s*[A-Z][\w.'’-]*){0,5})\s*\.?$",
    )
});

/// "Read more: Chances of US strike on Iran increased ...", "Also read | ...", "Related: ...",
/// or the bare label on a line of its own.
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:read more|read also|also read|also see|see also|related(?: articles?| stories| news| coverage| content| posts?| reading)?|recommended(?: stories| articles?| reading)?|more on this(?: story| topic)?|more from [\w .'’&-]{1,40}|you may also like|you might also like|don['’]t miss|suggested(?: reading| articles?)?|further reading|more stories|trending(?: now)?|you may also be interested in|also on [\w-]+(?:\.[\w-]+)+)\s*(?:(?:[:|»>–—-]|\.\.\.|…)\s*.*)?$",
    )
});

/// "The post Tehran dismisses claims ... appeared first on HUM News English." (WordPress feeds),
/// "This article originally appeared on Al-Monitor.", "Originally published by The Conversation".
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?:The post .+ appeared first on (?P<outlet>.+?)|(?:This (?:article|story|piece) (?:was )?(?:originally |first )?(?:appeared|published|ran) (?:first )?(?:on|in|at|by) (?P<outlet2>.+?))|(?:Originally published (?:on|at|by|in) (?P<outlet3>.+?)))\s*\.?$",
    )
});

/// "Note: AI technology was used to generate this article’s audio.",
/// "This article was translated with the help of AI tools."
static DISCLOSURE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:(?:note|disclaimer|disclosure|editor['’]?s note|transparency note)\s*:\s*)?(?:(?:AI|artificial intelligence)(?: technology| tools?| software)? (?:was|were|has been|have been|is) used to (?:generate|produce|create|narrate|translate|voice|read|write|summari[sz]e) (?:parts? of |some of )?(?:this|the) (?:article|story|report|piece|audio|summary|text|content|translation)\b.{0,200}|this (?:article|story|content|audio|summary|text|report) (?:was|has been|is|were) (?:generated|produced|created|translated|narrated|written|summari[sz]ed|voiced)(?: in part)? (?:with|by|using) (?:the (?:help|assistance|use) of |assistance from )?(?:an? )?(?:AI|artificial intelligence|automated)\b.{0,200})$",
    )
});

/// "Share this article", "Subscribe to our newsletter", "Follow us on Twitter and Facebook".
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:share (?:this|the) (?:article|story|post|page)\b.*|share (?:on|via) (?:facebook|twitter|x|whatsapp|linkedin|telegram|email)\b.*|share|tweet|subscribe(?: now| today)?|subscribe to (?:our|the|my) (?:\w+ ){0,2}(?:newsletters?|channel|podcast|updates|feed)\b.*|sign up (?:for|to) (?:our|the) (?:\w+ ){0,3}newsletters?\b.*|follow us on\b.*|click here to (?:subscribe|follow|join|read)\b.*|like this (?:story|article)\? share it\b.*|join (?:us on|our) (?:whatsapp|telegram|facebook|youtube|google news)\b.*|listen to this (?:article|story)\b.*|download (?:the|our) .{1,40} app\b.*|(?:get|receive) (?:our|the latest) .{0,40}(?:newsletter|alerts?|updates) (?:in|to|delivered)\b.*)$",
    )
});

/// A video player's interface text: "Your video will play in 00:25", "Full Screen Autoplay Close
/// Skip Ad", "Up Next".
static PLAYER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:your (?:video|ad) will (?:play|begin|start|resume) in\b.{0,40}|(?:(?:full ?screen|exit full ?screen|autoplay|close|skip(?: ad)?|replay|play|pause|mute|unmute|volume|up next|next up|watch next|now playing|advertisement|\d{1,2}:\d{2})\s*[|/·•]?\s*){2,}|up next|next up|watch next)\s*[.:]?$",
    )
});

/// Reporting verbs that turn a caption-shaped line into a sentence of the article.
static REPORTING: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\b(?:said|says|told|according to|reported|stated|added|claimed)\b"));

/// What a rule decided about one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) reason: RemovalReason,
    /// The outlet named by a syndication footer.
    pub(crate) outlet: Option<String>,
}

/// Classifies one paragraph; `None` keeps it.
pub(crate) fn classify(paragraph: &str) -> Option<Verdict> {
    let line = paragraph.trim();
    if line.is_empty() {
        return None;
    }
    let short = line.len() <= MAX_BOILERPLATE_CHARS;
    if line.len() <= MAX_FOOTER_CHARS {
        if let Some(caps) = FOOTER.captures(line) {
            let outlet = ["outlet", "outlet2", "outlet3"]
                .iter()
                .find_map(|name| caps.name(name))
                // "... published by Futurism. Read the original article." names Futurism.
                .map(|m| m.as_str().split(". ").next().unwrap_or("").trim().trim_end_matches('.').to_owned())
                .filter(|name| !name.is_empty() && name.len() <= 100);
            return Some(Verdict { reason: RemovalReason::SyndicationFooter, outlet });
        }
    }
    if !short {
        return None;
    }
    let reason = if is_caption(line) {
        RemovalReason::PhotoCaption
    } else if RELATED.is_match(line) {
        RemovalReason::RelatedLink
    } else if DISCLOSURE.is_match(line) {
        RemovalReason::Disclosure
    } else if SHARE.is_match(line) {
        RemovalReason::ShareLine
    } else if PLAYER.is_match(line) {
        // Page interface, not the article's words.
        RemovalReason::Markup
    } else {
        return None;
    };
    Some(Verdict { reason, outlet: None })
}

fn is_caption(line: &str) -> bool {
    // A caption is one descriptive sentence at most; a line of several sentences that ends with
    // "in this photo" is prose ("... She held it up. 'It is all here in this photo'").
    let sentences = line.matches(". ").count();
    if sentences > 1 {
        return false;
    }
    // Attribution marks reporting, not a caption: "He was seen in this image taken by a
    // bystander, police said."
    if REPORTING.is_match(line) {
        return false;
    }
    CAPTION_ENDING.is_match(line) || CAPTION_CREDIT.is_match(line) || CAPTION_AGENCY.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(line: &str) -> Option<RemovalReason> {
        classify(line).map(|v| v.reason)
    }

    #[test]
    fn captions_from_the_seeds_and_agencies() {
        for line in [
            "A Russian-made air defense battery is displayed in Iran in this file photo",
            "Mohammed Sadr, a member of Iran's Expediency Council, gestures in this file photo",
            "Iran's President speaks in Tehran in this handout picture taken on March 3, 2021.",
            "(Photo: Reuters)",
            "Image: Getty Images",
            "Photo credit: AFP",
            "Protesters gather outside parliament in Tbilisi on Monday. REUTERS/Irakli Gedenidze",
            "Iranian missiles are displayed in Tehran. (AP Photo/Vahid Salemi)",
            "A cyclist rides next to a blocked petrol plant in La Paz, Bolivia, November 19, 2019. ©  Reuters / David Mercado",
            "© Aaron Schwartz",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::PhotoCaption), "{line}");
        }
    }

    #[test]
    fn sentences_that_mention_photos_stay() {
        for line in [
            "Sadr, shown in this file photo with Khatami, said the partnership was hollow.",
            "The image of the burning tanker spread quickly on social media.",
            "Photographers were barred from the courtroom on Tuesday.",
            "He said: \"Nothing in this photo is real.\" The ministry then deleted the post. Critics disagreed. Everyone saw it in this photo.",
            "Reuters reported the figure on Monday, citing three officials.",
            "He was seen in this image taken by a bystander, police said.",
            "The song is © Sony Music, the label said on Monday in a statement to reporters. It declined to comment further.",
        ] {
            assert_eq!(reason(line), None, "{line}");
        }
    }

    #[test]
    fn related_links() {
        for line in [
            "Read more: Reports indicate rising likelihood of US attack on Iran",
            "Read more: Chances of US strike on Iran increased after Trump meeting with advisors: report",
            "ALSO READ | Pakistan, Iran agree to boost trade",
            "Related: Moscow summons envoy",
            "Related",
            "See also - Tehran responds",
            "Also on rt.com",
            "You may also be interested in...",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::RelatedLink), "{line}");
        }
        assert_eq!(reason("Related talks are expected next week in Geneva."), None);
        assert_eq!(reason("Read more carefully, the statement says little."), None);
    }

    #[test]
    fn syndication_footer_names_the_outlet() {
        let verdict = classify("The post Tehran dismisses claims of Russian intelligence support as ‘Fabricated’ appeared first on HUM News English.")
            .expect("footer");
        assert_eq!(verdict.reason, RemovalReason::SyndicationFooter);
        assert_eq!(verdict.outlet.as_deref(), Some("HUM News English"));
        let verdict = classify("This article originally appeared on Al-Monitor.").expect("footer");
        assert_eq!(verdict.outlet.as_deref(), Some("Al-Monitor"));
        let verdict =
            classify("This article was originally published by Futurism. Read the original article.").expect("footer");
        assert_eq!(verdict.outlet.as_deref(), Some("Futurism"));
    }

    #[test]
    fn disclosures() {
        for line in [
            "Note: AI technology was used to generate this article’s audio.",
            "Note: AI technology was used to generate this article's audio.",
            "This article was translated with the help of AI tools.",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::Disclosure), "{line}");
        }
        assert_eq!(reason("AI technology was used to generate fake videos of the minister, police said."), None);
        assert_eq!(reason("Experts say AI was used to create the deepfake."), None);
    }

    #[test]
    fn share_lines() {
        for line in [
            "Share this article",
            "Subscribe to our newsletter",
            "Follow us on Twitter and Facebook",
            "Share on WhatsApp",
            "Like this story? Share it with a friend!",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::ShareLine), "{line}");
        }
        assert_eq!(reason("Shares in Gazprom fell 4% on Monday."), None);
        assert_eq!(reason("Subscribers to the state channel were told to expect a statement."), None);
    }

    #[test]
    fn video_player_text() {
        for line in
            ["Your video will play in 00:25", "Full Screen Autoplay Close Skip Ad", "Up Next", "Play Pause Mute"]
        {
            assert_eq!(reason(line), Some(RemovalReason::Markup), "{line}");
        }
        for line in
            ["Close", "Up next, the minister answered questions from reporters.", "The play closed after a week."]
        {
            assert_eq!(reason(line), None, "{line}");
        }
    }

    #[test]
    fn long_paragraphs_are_never_boilerplate() {
        let long = format!("Related: {}", "the talks went on. ".repeat(30));
        assert_eq!(reason(&long), None);
    }
}
