//! Article pages: where a feed item carries only a summary, its link is fetched (if the site's
//! `robots.txt` allows it) and read through the HTML path, so the stored article is the real
//! article. The page's own metadata comes first; the feed's title, date, authors and outlet fill
//! what the page lacks.

use std::collections::HashMap;
use std::sync::Mutex;

use hearsay_article::{Article, Hints, RawArticle, RecordFormat};
use texting_robots::Robot;

use crate::http::{host_of, origin_of, Fetched, Http};

/// `robots.txt` rules per host, read once per run.
#[derive(Debug, Default)]
pub(crate) struct Robots {
    by_host: Mutex<HashMap<String, Rules>>,
}

#[derive(Debug, Clone)]
enum Rules {
    /// No `robots.txt` (4xx) or an unreadable one: everything is allowed.
    AllowAll,
    /// The server failed (5xx, unreachable): nothing is fetched from it for now.
    DisallowAll,
    Parsed(std::sync::Arc<Robot>),
}

impl Robots {
    /// Whether `url` may be fetched by `user_agent`, reading the host's `robots.txt` the first
    /// time.
    pub(crate) fn allowed(&self, http: &Http, user_agent: &str, url: &str) -> bool {
        let host = host_of(url).to_owned();
        let known = self.by_host.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&host).cloned();
        let rules = match known {
            Some(rules) => rules,
            None => {
                let rules = fetch_rules(http, user_agent, url);
                self.by_host.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(host, rules.clone());
                rules
            }
        };
        match rules {
            Rules::AllowAll => true,
            Rules::DisallowAll => false,
            Rules::Parsed(robot) => robot.allowed(url),
        }
    }
}

fn fetch_rules(http: &Http, user_agent: &str, url: &str) -> Rules {
    let Some(origin) = origin_of(url) else { return Rules::AllowAll };
    match http.get(&format!("{origin}/robots.txt"), None, None) {
        Ok(Fetched::Body(body)) => match Robot::new(user_agent, &body.bytes) {
            Ok(robot) => Rules::Parsed(std::sync::Arc::new(robot)),
            Err(_) => Rules::AllowAll,
        },
        Ok(Fetched::NotModified) => Rules::AllowAll,
        Err(failed) if failed.status.is_some_and(|status| (400..500).contains(&status)) => Rules::AllowAll,
        Err(_) => Rules::DisallowAll,
    }
}

/// Whether a feed item holds only a summary: less visible text than `max_chars`, and a link to
/// follow.
pub(crate) fn is_summary(raw: &RawArticle, max_chars: usize) -> bool {
    let has_link =
        raw.hints.url.as_deref().is_some_and(|url| url.starts_with("http://") || url.starts_with("https://"));
    has_link && visible_chars(&raw.bytes) < max_chars
}

/// Fetches the page of a feed item and cleans it. `Err` says why the summary is kept instead.
pub(crate) fn fetch_page(http: &Http, robots: &Robots, user_agent: &str, item: &RawArticle) -> Result<Article, String> {
    let url = item.hints.url.as_deref().ok_or("no link")?;
    if !robots.allowed(http, user_agent, url) {
        return Err(format!("robots.txt disallows {url}"));
    }
    let body = match http.get(url, None, None) {
        Ok(Fetched::Body(body)) => body,
        Ok(Fetched::NotModified) => return Err(format!("page {url}: unexpected 304")),
        Err(failed) => return Err(format!("page {url}: {}", failed.reason)),
    };
    let page = RawArticle {
        source: item.source.clone(),
        input: hearsay_article::InputFormat::Html,
        format: RecordFormat::Html,
        bytes: body.bytes,
        charset: body.charset,
        hints: Hints { url: Some(body.final_url), record_type: item.hints.record_type.clone(), ..Hints::default() },
    };
    let mut article = hearsay_pipeline::clean_guarded(&page).map_err(|reason| format!("page {url}: {reason}"))?;
    fill_from_feed(&mut article, &item.hints);
    Ok(article)
}

/// The feed's title, date, authors, description and outlet where the page has none; the feed's
/// outlet (its channel title) also replaces a bare host name, which is what `clean` falls back on.
fn fill_from_feed(article: &mut Article, feed: &Hints) {
    let metadata = &mut article.metadata;
    if metadata.title.is_none() {
        metadata.title.clone_from(&feed.title);
    }
    if metadata.published.is_none() {
        metadata.published.clone_from(&feed.published);
    }
    if metadata.authors.is_empty() {
        metadata.authors.clone_from(&feed.authors);
    }
    if metadata.description.is_none() {
        metadata.description.clone_from(&feed.description);
    }
    let bare_host = match (&metadata.outlet, &metadata.url) {
        (None, _) => true,
        (Some(outlet), Some(url)) => host_of(url).trim_start_matches("www.") == outlet.trim_start_matches("www."),
        (Some(_), None) => false,
    };
    if bare_host && feed.outlet.is_some() {
        metadata.outlet.clone_from(&feed.outlet);
    }
    if metadata.tags.is_empty() {
        metadata.tags.clone_from(&feed.tags);
    }
}

/// Characters outside tags: how much text an HTML fragment (or plain text) holds.
fn visible_chars(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let mut inside = false;
    let mut count = 0;
    for c in text.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside && !c.is_whitespace() => count += 1,
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_item_with_a_link_is_a_summary() {
        let mut raw = RawArticle {
            source: hearsay_article::SourceRef::file("feed"),
            input: hearsay_article::InputFormat::Rss,
            format: RecordFormat::Html,
            bytes: b"<p>Officials <b>said</b> the talks would resume.</p>".to_vec(),
            charset: None,
            hints: Hints { url: Some("https://news.example/a".into()), ..Hints::default() },
        };
        assert!(is_summary(&raw, 500));
        assert!(!is_summary(&raw, 10));
        raw.hints.url = None;
        assert!(!is_summary(&raw, 500));
    }
}
