//! HTTP for feeds, pages and `robots.txt`: conditional GET, timeouts, retries with backoff, a
//! per-host rate limit and a body size cap, on one `ureq` agent (rustls) shared by every source.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::FollowOptions;

/// What a GET brought back.
#[derive(Debug)]
pub(crate) enum Fetched {
    /// A full answer (2xx).
    Body(Body),
    /// `304 Not Modified`: the validators sent still hold, nothing was downloaded.
    NotModified,
}

/// A full answer: the bytes (gzip undone) and the headers follow keeps.
#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) bytes: Vec<u8>,
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
    /// The charset of `Content-Type`, when it names one.
    pub(crate) charset: Option<String>,
    /// The URL that answered, after redirects.
    pub(crate) final_url: String,
}

/// A failed GET: the status where the server answered, and why in words.
#[derive(Debug, Clone)]
pub(crate) struct Failed {
    pub(crate) status: Option<u16>,
    pub(crate) reason: String,
}

/// The shared client.
#[derive(Debug)]
pub(crate) struct Http {
    agent: ureq::Agent,
    retries: u32,
    backoff: Duration,
    max_body_bytes: u64,
    host_delay: Duration,
    /// When each host (with its port) may next be asked.
    next_slot: Mutex<HashMap<String, Instant>>,
}

impl Http {
    pub(crate) fn new(options: &FollowOptions) -> Http {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(options.timeout)
            .timeout(options.timeout)
            .redirects(options.max_redirects)
            .user_agent(&options.user_agent)
            .build();
        Http {
            agent,
            retries: options.retries,
            backoff: options.backoff,
            max_body_bytes: options.max_body_bytes,
            host_delay: options.host_delay,
            next_slot: Mutex::new(HashMap::new()),
        }
    }

    /// GETs `url`, sending the validators of the last full answer. Transport failures, 5xx and
    /// 429 are retried with doubling backoff; other statuses, redirect loops and bodies over the
    /// cap are not (asking again would get the same answer).
    pub(crate) fn get(&self, url: &str, etag: Option<&str>, last_modified: Option<&str>) -> Result<Fetched, Failed> {
        let mut attempt = 0;
        loop {
            self.wait_for_host(url);
            match self.get_once(url, etag, last_modified) {
                Ok(fetched) => return Ok(fetched),
                Err((failed, retry)) if retry && attempt < self.retries => {
                    let delay = self.backoff.saturating_mul(1 << attempt.min(16));
                    tracing::debug!(url, attempt, error = %failed.reason, "Retrying after a failed GET.");
                    std::thread::sleep(delay);
                    attempt += 1;
                }
                Err((failed, _)) => {
                    let reason = if attempt > 0 {
                        format!("{} (after {} tries)", failed.reason, attempt + 1)
                    } else {
                        failed.reason
                    };
                    return Err(Failed { reason, ..failed });
                }
            }
        }
    }

    fn get_once(&self, url: &str, etag: Option<&str>, last_modified: Option<&str>) -> Result<Fetched, (Failed, bool)> {
        let mut request = self.agent.get(url);
        if let Some(etag) = etag {
            request = request.set("If-None-Match", etag);
        }
        if let Some(last_modified) = last_modified {
            request = request.set("If-Modified-Since", last_modified);
        }
        let response = match request.call() {
            Ok(response) => response,
            Err(ureq::Error::Status(status, _)) => {
                let retry = status >= 500 || status == 429;
                return Err((Failed { status: Some(status), reason: format!("HTTP {status}") }, retry));
            }
            Err(ureq::Error::Transport(transport)) => {
                let retry = !matches!(
                    transport.kind(),
                    ureq::ErrorKind::TooManyRedirects | ureq::ErrorKind::InvalidUrl | ureq::ErrorKind::UnknownScheme
                );
                let reason = match transport.kind() {
                    ureq::ErrorKind::TooManyRedirects => "too many redirects (a redirect loop?)".to_owned(),
                    _ => transport.to_string(),
                };
                return Err((Failed { status: None, reason }, retry));
            }
        };
        let status = response.status();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&status) {
            // A 3xx left over when redirects are exhausted, or one without a Location.
            return Err((Failed { status: Some(status), reason: format!("HTTP {status}") }, false));
        }
        let declared = response.header("Content-Length").and_then(|length| length.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > self.max_body_bytes) {
            return Err((self.too_large(status), false));
        }
        let header = |name: &str| response.header(name).map(str::to_owned);
        let (etag, last_modified) = (header("ETag"), header("Last-Modified"));
        let charset = response.charset().to_owned();
        let charset = response.header("Content-Type").filter(|value| value.contains("charset")).map(|_| charset);
        let final_url = response.get_url().to_owned();
        let mut bytes = Vec::new();
        let read = response.into_reader().take(self.max_body_bytes.saturating_add(1)).read_to_end(&mut bytes);
        if let Err(error) = read {
            return Err((Failed { status: Some(status), reason: format!("reading the body: {error}") }, true));
        }
        if bytes.len() as u64 > self.max_body_bytes {
            return Err((self.too_large(status), false));
        }
        Ok(Fetched::Body(Body { bytes, etag, last_modified, charset, final_url }))
    }

    fn too_large(&self, status: u16) -> Failed {
        Failed {
            status: Some(status),
            reason: format!("body larger than the {} byte limit, refused", self.max_body_bytes),
        }
    }

    /// Waits until `url`'s host may be asked again: requests to one host are at least
    /// `host_delay` apart, whichever source or thread makes them.
    fn wait_for_host(&self, url: &str) {
        if self.host_delay.is_zero() {
            return;
        }
        let host = host_of(url).to_owned();
        let wait = {
            let mut slots = self.next_slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = Instant::now();
            let slot = slots.get(&host).copied().filter(|slot| *slot > now).unwrap_or(now);
            slots.insert(host, slot + self.host_delay);
            slot - now
        };
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }
}

/// `host[:port]` of a URL, the key of the rate limit and of the robots.txt cache.
pub(crate) fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority.rsplit_once('@').map_or(authority, |(_, host)| host)
}

/// `scheme://host[:port]` of a URL.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once("://")?;
    Some(format!("{scheme}://{}", host_of(url)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_origins() {
        assert_eq!(host_of("https://user@news.example:8443/a/b?c#d"), "news.example:8443");
        assert_eq!(host_of("http://127.0.0.1:9/feed"), "127.0.0.1:9");
        assert_eq!(origin_of("https://news.example/a").as_deref(), Some("https://news.example"));
    }
}
