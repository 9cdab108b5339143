#!/usr/bin/env python3
"""Builds fuzz/corpus/<target>/ from the reference data in ../shared/data.

The corpus is not committed (the data's terms forbid copying article text into the repository);
run this before fuzzing. Formats the data has no file of (Jetstream, feeds, WARC, JSON Lines) are
made by wrapping real texts and pages in each container, as crates/ingest/tests do. Inputs are
cut to a few KiB so that the fuzzer spends its time mutating, not re-parsing long pages.
"""

import gzip
import json
import os
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "data"
CUT = 4096


def main():
    if not DATA.is_dir():
        sys.exit(f"no reference data at {DATA}")
    seeds = sorted((DATA / "seeds").iterdir())
    texts = [p.read_text(errors="replace")[:CUT] for p in sorted((DATA / "attribution/polnear/dev/text").iterdir())[:4]]
    pages = [gzip.decompress(p.read_bytes())[: CUT * 2] for p in sorted((DATA / "extraction/html").iterdir())[:4]]
    record = json.loads(next(p for p in seeds if p.name.startswith("002_")).read_text())
    record["textContent"] = record.get("textContent", "")[:CUT]
    corpus = {
        "text": [p.read_bytes()[:CUT] for p in seeds if not p.name.startswith("002_")] + [t.encode() for t in texts],
        "html": pages,
        "atproto": [
            json.dumps(record).encode(),
            json.dumps([record, record]).encode(),
            json.dumps({"cursor": "3m", "records": [{"uri": "at://did:plc:x/site.standard.document/a", "cid": "b", "value": record}]}, indent=1).encode(),
        ],
        "jetstream": [
            (json.dumps({"did": "did:plc:x", "time_us": 1, "kind": "commit", "commit": {"operation": op, "collection": "site.standard.document", "rkey": "a", "record": record}}) + "\n").encode()
            for op in ("create", "update")
        ]
        + [b'{"did": "did:plc:x", "time_us": 2, "kind": "commit", "commit": {"operation": "delete", "collection": "site.standard.document", "rkey": "a"}}\n'],
        "feed": [
            ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
             + "".join(f"<item><title>{i}</title><description>{escape(t[:1000])}</description></item>" for i, t in enumerate(texts))
             + "</channel></rss>").encode(),
            (f"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>W</title><entry><title>A</title><content type=\"html\">{escape(pages[0].decode(errors='replace'))}</content></entry></feed>").encode(),
            json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "W", "items": [{"id": "1", "content_text": texts[0]}]}).encode(),
        ],
        "warc": [b"".join(warc_record(i, page) for i, page in enumerate(pages[:2])), gzip.compress(warc_record(0, pages[2]))],
        "jsonl": [
            "".join(json.dumps({"url": f"https://example.com/{i}", "title": f"t{i}", "text": t[:1500]}) + "\n" for i, t in enumerate(texts)).encode(),
            (json.dumps({"url": "https://example.com/p", "html": pages[1].decode(errors="replace")}) + "\n").encode(),
        ],
        "extract_text": [t.encode() for t in texts],
    }
    corpus["pipeline_bytes"] = [inputs[0] for inputs in corpus.values()]
    for target, inputs in corpus.items():
        folder = HERE / "corpus" / target
        folder.mkdir(parents=True, exist_ok=True)
        for i, data in enumerate(inputs):
            (folder / f"seed-{i}").write_bytes(data)
        print(f"{target}: {len(inputs)} seeds")


def warc_record(i, page):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:0000000{i}-0000-0000-0000-000000000000>\r\n"
        f"WARC-Target-URI: https://example.com/{i}\r\nWARC-Date: 2026-04-20T00:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


if __name__ == "__main__":
    main()
