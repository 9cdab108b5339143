//! The sources to follow: `--feed` and `--jetstream` URLs, a `sources.toml`, or an OPML file of
//! feeds as feed readers export them.
//!
//! ```toml
//! interval_secs = 300                       # how often each feed is polled (default 300)
//!
//! [[feed]]
//! url = "https://outlet.example/rss.xml"
//! interval_secs = 900                       # this feed's own interval
//!
//! [[jetstream]]
//! url = "wss://jetstream2.us-east.bsky.network/subscribe"
//! collections = ["site.standard.document", "site.standard.publication"]
//! ```

use std::path::Path;
use std::time::Duration;

use quick_xml::events::Event;
use serde::Deserialize;

use crate::{Error, Result};

/// The collections a Jetstream subscription asks for when the sources file names none: long-form
/// documents and their publications (`site.standard.*`), and Bluesky posts.
pub const DEFAULT_COLLECTIONS: [&str; 3] =
    ["site.standard.document", "site.standard.publication", "app.bsky.feed.post"];

/// What kind of source a URL is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceKind {
    /// An RSS, Atom or JSON Feed document, polled.
    Feed,
    /// A Jetstream websocket endpoint, subscribed to.
    Jetstream,
}

impl SourceKind {
    /// The name stored with the source's state and shown in reports: `feed`, `jetstream`.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Feed => "feed",
            SourceKind::Jetstream => "jetstream",
        }
    }
}

/// One source to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The feed URL or the Jetstream endpoint (`wss://host/subscribe`).
    pub url: String,
    /// Feed or Jetstream.
    pub kind: SourceKind,
    /// This source's poll interval, where it has its own.
    pub interval: Option<Duration>,
    /// The Jetstream collections to subscribe to (`wantedCollections`); empty means
    /// [`DEFAULT_COLLECTIONS`].
    pub collections: Vec<String>,
}

impl Source {
    /// A feed polled at the common interval.
    pub fn feed(url: impl Into<String>) -> Source {
        Source { url: url.into(), kind: SourceKind::Feed, interval: None, collections: Vec::new() }
    }

    /// A Jetstream endpoint with the default collections.
    pub fn jetstream(url: impl Into<String>) -> Source {
        Source { url: url.into(), kind: SourceKind::Jetstream, interval: None, collections: Vec::new() }
    }

    /// The collections to ask for: the source's own, else [`DEFAULT_COLLECTIONS`].
    pub fn wanted_collections(&self) -> Vec<String> {
        if self.collections.is_empty() {
            DEFAULT_COLLECTIONS.iter().map(|name| (*name).to_owned()).collect()
        } else {
            self.collections.clone()
        }
    }
}

/// What a sources file holds: the sources and, for `sources.toml`, a common interval.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceList {
    /// The sources, in file order.
    pub sources: Vec<Source>,
    /// The poll interval the file sets for every source without its own.
    pub interval: Option<Duration>,
}

/// Reads a `sources.toml` or an OPML file (told apart by content: OPML starts with `<`).
pub fn read_sources(path: &Path) -> Result<SourceList> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let parsed = if text.trim_start().starts_with('<') { parse_opml(&text) } else { parse_toml(&text) };
    parsed.map_err(|reason| Error::Parse { path: path.to_path_buf(), reason })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    interval_secs: Option<u64>,
    #[serde(default)]
    feed: Vec<TomlFeed>,
    #[serde(default)]
    jetstream: Vec<TomlJetstream>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFeed {
    url: String,
    interval_secs: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlJetstream {
    url: String,
    #[serde(default)]
    collections: Vec<String>,
}

/// Parses a `sources.toml`.
pub fn parse_toml(text: &str) -> Result<SourceList, String> {
    let file: TomlFile = toml::from_str(text).map_err(|error| error.message().to_owned())?;
    let mut sources = Vec::new();
    for feed in file.feed {
        check_url(&feed.url, &["http", "https"])?;
        sources.push(Source { interval: feed.interval_secs.map(Duration::from_secs), ..Source::feed(feed.url) });
    }
    for jetstream in file.jetstream {
        check_url(&jetstream.url, &["ws", "wss"])?;
        sources.push(Source { collections: jetstream.collections, ..Source::jetstream(jetstream.url) });
    }
    Ok(SourceList { sources, interval: file.interval_secs.map(Duration::from_secs) })
}

/// Parses an OPML subscription list: every `<outline xmlUrl="...">`, at any depth (folders
/// nest outlines), is a feed.
pub fn parse_opml(text: &str) -> Result<SourceList, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut sources = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(element) | Event::Empty(element)) if element.local_name().as_ref() == "outline" => {
                for attribute in element.attributes().flatten() {
                    if attribute.key.local_name().as_ref().eq_ignore_ascii_case("xmlurl") {
                        let value = attribute
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|error| format!("an outline's xmlUrl: {error}"))?;
                        check_url(&value, &["http", "https"])?;
                        sources.push(Source::feed(value.into_owned()));
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => return Err(format!("not OPML: {error}")),
        }
    }
    if sources.is_empty() {
        return Err("no <outline xmlUrl=...> in the OPML file".to_owned());
    }
    Ok(SourceList { sources, interval: None })
}

/// Refuses what cannot be fetched, with the URL in the reason.
pub(crate) fn check_url(url: &str, schemes: &[&str]) -> Result<(), String> {
    let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
    match scheme {
        Some(scheme) if schemes.contains(&scheme.as_str()) => Ok(()),
        _ => Err(format!("{url:?} is not a {} URL", schemes.join(" or "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_names_feeds_and_a_jetstream() {
        let list = parse_toml(
            "interval_secs = 60\n[[feed]]\nurl = \"https://a.example/rss\"\ninterval_secs = 5\n\
             [[jetstream]]\nurl = \"wss://js.example/subscribe\"\n",
        )
        .expect("parses");
        assert_eq!(list.interval, Some(Duration::from_secs(60)));
        assert_eq!(list.sources.len(), 2);
        assert_eq!(list.sources[0].interval, Some(Duration::from_secs(5)));
        assert_eq!(list.sources[1].kind, SourceKind::Jetstream);
        assert_eq!(list.sources[1].wanted_collections().len(), 3);
        assert!(parse_toml("[[feed]]\nurl = \"ftp://a\"\n").is_err());
        assert!(parse_toml("[[feed]]\nurl = \"https://a\"\ncolour = 1\n").is_err());
    }

    #[test]
    fn opml_outlines_nest_in_folders() {
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
            <outline text="News"><outline type="rss" text="A" xmlUrl="https://a.example/rss?x=1&amp;y=2"/></outline>
            <outline type="rss" text="B" xmlUrl="https://b.example/atom.xml"></outline></body></opml>"#;
        let list = parse_opml(opml).expect("parses");
        let urls: Vec<&str> = list.sources.iter().map(|source| source.url.as_str()).collect();
        assert_eq!(urls, ["https://a.example/rss?x=1&y=2", "https://b.example/atom.xml"]);
    }
}
