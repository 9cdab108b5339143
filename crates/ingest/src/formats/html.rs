//! The charset an HTML page declares in its first 4 KiB: `<meta charset>`, the
//! `http-equiv="Content-Type"` form, or an XML prolog. Only the name is passed on; `clean` decodes.

/// How far into a page a charset declaration counts (the HTML standard's prescan looks at 1024
/// bytes; old Windows-1251 and Shift_JIS news sites put theirs after long `<script>` blocks).
const SCAN_LEN: usize = 4096;

/// The charset name declared in the head of an HTML page, as written ("windows-1251").
pub(crate) fn declared_charset(page: &[u8]) -> Option<String> {
    let head = &page[..page.len().min(SCAN_LEN)];
    let lower = head.to_ascii_lowercase();
    if lower.starts_with(b"<?xml") {
        if let Some(name) = prolog_encoding(&lower, head) {
            return Some(name);
        }
    }
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + found;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |end| start + end);
        let tag = &lower[start..end];
        if let Some(at) = memchr::memmem::find(tag, b"charset") {
            if let Some(name) = value_after(head, start + at + "charset".len(), end) {
                return Some(name);
            }
        }
        from = end;
    }
    None
}

fn prolog_encoding(lower: &[u8], head: &[u8]) -> Option<String> {
    let end = memchr::memmem::find(lower, b"?>")?;
    let at = memchr::memmem::find(&lower[..end], b"encoding")?;
    value_after(head, at + "encoding".len(), end)
}

/// The value after `charset` or `encoding`: `= "name"`, `=name`, up to a quote, space, `;` or `>`.
fn value_after(head: &[u8], mut position: usize, end: usize) -> Option<String> {
    let skip_space = |position: &mut usize| {
        while *position < end && head[*position].is_ascii_whitespace() {
            *position += 1;
        }
    };
    skip_space(&mut position);
    if head.get(position) != Some(&b'=') {
        return None;
    }
    position += 1;
    skip_space(&mut position);
    while position < end && matches!(head[position], b'"' | b'\'') {
        position += 1;
    }
    let start = position;
    while position < end
        && (head[position].is_ascii_alphanumeric() || matches!(head[position], b'-' | b'_' | b'.' | b':'))
    {
        position += 1;
    }
    let name = std::str::from_utf8(&head[start..position]).ok()?.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        assert_eq!(declared_charset(b"<html><head><meta charset=\"windows-1251\">").as_deref(), Some("windows-1251"));
        assert_eq!(
            declared_charset(b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=Shift_JIS\">").as_deref(),
            Some("Shift_JIS")
        );
        assert_eq!(
            declared_charset(b"<meta name=viewport content=\"width=device-width\"><meta charset=utf-8>").as_deref(),
            Some("utf-8")
        );
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html>").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(declared_charset(b"<html><head><title>charset</title>"), None);
    }
}
