#!/usr/bin/env python3
"""Reads hearsay's exports back with real readers and checks them against each other.

Usage: python3 tests/export_roundtrip.py DIR

DIR holds corpus.jsonl, claims.csv, entities.csv, claims.parquet, entities.parquet,
corpus.ftm.json, claims.jsonld and events.plover.jsonl, as `hearsay export` wrote them
(crates/cli/tests/export.rs runs this). Parquet is read with pyarrow, FollowTheMoney entities
with the followthemoney package. Exit status 0 when every check passes, 1 otherwise.
"""

import csv
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
from followthemoney import model


def main(folder: Path) -> None:
    documents = [json.loads(line) for line in (folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line]
    assert documents, "no articles exported"
    claims = [(doc, claim) for doc in documents for claim in doc["claims"]]
    entities = [(doc, entity) for doc in documents for entity in doc["entities"]]

    # JSONL: every span slices its content out of the clean text (UTF-8 bytes).
    for doc, claim in claims:
        text = doc["document"]["text"].encode("utf-8")
        span = claim["content_span"]
        assert text[span["start"]:span["end"]].decode("utf-8") == claim["content"], claim["id"]

    # Parquet, read by pyarrow, equals the CSV and the JSONL.
    for name, expected in (("claims", claims), ("entities", entities)):
        table = pq.read_table(folder / f"{name}.parquet")
        rows = table.to_pylist()
        with open(folder / f"{name}.csv", newline="", encoding="utf-8") as handle:
            csv_rows = list(csv.DictReader(handle))
        assert len(rows) == len(expected) == len(csv_rows), (name, len(rows), len(expected), len(csv_rows))
        assert table.column_names == list(csv_rows[0].keys()) if csv_rows else True, (table.column_names,)
        for row, csv_row in zip(rows, csv_rows):
            for column, value in row.items():
                as_text = "" if value is None else ("true" if value is True else "false" if value is False else str(value))
                assert as_text == csv_row[column], (name, column, value, csv_row[column])
    for row, (doc, claim) in zip(pq.read_table(folder / "claims.parquet").to_pylist(), claims):
        assert row["article"] == doc["document"]["id"] and row["claim"] == claim["id"]
        assert row["content"] == claim["content"] and row["stance"] == claim["stance"]
        assert (row["content_start"], row["content_end"]) == (claim["content_span"]["start"], claim["content_span"]["end"])

    # FollowTheMoney: every line is a valid entity of a known schema, every property belongs to
    # its schema and survives cleaning, and every reference names an exported entity.
    proxies = []
    for line in (folder / "corpus.ftm.json").read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        for prop_name, values in data["properties"].items():
            prop = proxy.schema.get(prop_name)
            assert prop is not None, f"{data['schema']} has no property {prop_name}"
            for value in values:
                assert prop.type.clean(value, proxy=proxy) is not None, (data["schema"], prop_name, value)
        cleaned = model.get_proxy(data)
        assert cleaned.id == data["id"] and cleaned.schema.name == data["schema"]
        proxies.append(cleaned)
    ids = {proxy.id for proxy in proxies}
    by_schema = {}
    for proxy in proxies:
        by_schema.setdefault(proxy.schema.name, []).append(proxy)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in ids, f"{proxy.schema.name}.{prop.name} -> {value} missing"
                target = next(other for other in proxies if other.id == value)
                assert target.schema.is_a(prop.range), (prop.name, target.schema.name, prop.range.name)
    assert len(by_schema.get("Article", [])) == len(documents)
    named = [claim for _, claim in claims if claim["claimant"]["kind"] in ("person", "organization", "outlet")]
    assert len(by_schema.get("Documentation", [])) == len(named)
    assert by_schema.get("Mention"), "no Mention entities"

    # JSON-LD: one Claim per claim, each with text and author.
    graph = json.loads((folder / "claims.jsonld").read_text(encoding="utf-8"))
    assert graph["@context"] == "https://schema.org"
    nodes = [node for node in graph["@graph"] if node["@type"] == "Claim"]
    assert len(nodes) == len(claims)
    assert all(node["text"] and node["author"]["name"] for node in nodes)

    # PLOVER: records only for event cues, each naming a claim that exists.
    known = {(doc["document"]["id"], claim["id"]) for doc, claim in claims}
    for line in (folder / "events.plover.jsonl").read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        assert event["event_type"] in {"ACCUSE", "REJECT", "REQUEST", "THREATEN", "AGREE", "SUPPORT", "CONCEDE"}
        assert (event["source"]["article"], event["source"]["claim"]) in known

    print(f"export round trip: {len(documents)} articles, {len(claims)} claims, {len(entities)} entities, {len(proxies)} FtM entities ({', '.join(f'{k} {len(v)}' for k, v in sorted(by_schema.items()))})")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
