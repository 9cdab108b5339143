//! Replays every input the fuzzers ever crashed on (`fuzz/regressions/<target>/`) through the
//! same checks the fuzz targets run (`fuzz/src/lib.rs`, compiled in here), on stable Rust and
//! without cargo-fuzz, so a fixed crash stays fixed.

#[path = "../../../fuzz/src/lib.rs"]
#[allow(dead_code, unreachable_pub)] // The fuzz crate's API; this test calls only `check`.
mod harness;

use std::fs;
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// Every fuzz target has a file under `fuzz/fuzz_targets/` and a name the harness knows, so a
/// regression folder can never name a target that is not replayed.
#[test]
fn every_fuzz_target_is_known_to_the_harness() {
    let mut files: Vec<String> = fs::read_dir(fuzz_dir().join("fuzz_targets"))
        .expect("fuzz/fuzz_targets")
        .map(|entry| entry.expect("entry").path().file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut known: Vec<String> = harness::TARGETS.iter().map(|&name| name.to_owned()).collect();
    known.sort();
    assert_eq!(files, known);
    for entry in fs::read_dir(fuzz_dir().join("regressions")).expect("fuzz/regressions") {
        let entry = entry.expect("entry");
        if !entry.path().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(harness::TARGETS.contains(&name.as_str()), "fuzz/regressions/{name} names no target");
    }
}

#[test]
fn saved_crashing_inputs_no_longer_crash() {
    let mut replayed = 0;
    for target in harness::TARGETS {
        let folder = fuzz_dir().join("regressions").join(target);
        let Ok(entries) = fs::read_dir(&folder) else { continue };
        let mut inputs: Vec<PathBuf> =
            entries.map(|entry| entry.expect("entry").path()).filter(|path| path.is_file()).collect();
        inputs.sort();
        for input in inputs {
            let data = fs::read(&input).expect("input");
            let outcome = std::panic::catch_unwind(|| harness::check(target, &data));
            assert!(outcome.is_ok(), "{} crashes {target} again", input.display());
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} saved fuzz inputs");
}

/// Hostile inputs of the kinds fuzzers find slowly, built here rather than saved: deep nesting,
/// a hundred thousand quote marks, lengths that lie, truncated containers. Every target must
/// take each without a panic (the fuzz timeout guards against hangs; this test against panics).
#[test]
fn hostile_inputs_pass_every_target() {
    let deep_html = format!(
        "<html><body>{}Moscow denied it.{}</body></html>",
        "<div><p><b>".repeat(20_000),
        "</b></p></div>".repeat(20_000)
    );
    let quotes = format!("He said \"{}\" and left.", "\u{201c}\"'".repeat(100_000 / 3));
    let lying_warc = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999999999999\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>".to_vec();
    let truncated_warc =
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200"
            .to_vec();
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let jetstream = br#"{"did":"did:plc:x","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"site.standard.document","rkey":"a","record":{"$type":"site.standard.document","textContent":"\u0000\ud800"}}}"#.to_vec();
    let rss = format!(
        "<rss><channel>{}</channel></rss>",
        "<item><description>&lt;p&gt;said&lt;/p&gt;</description></item>".repeat(5_000)
    );
    let utf16 =
        [&[0xFF, 0xFE][..], &"Moscow said it.".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()].concat();
    let inputs: Vec<Vec<u8>> = vec![
        deep_html.into_bytes(),
        quotes.into_bytes(),
        lying_warc,
        truncated_warc,
        deep_json.into_bytes(),
        jetstream,
        rss.into_bytes(),
        utf16,
        vec![0xEF, 0xBB, 0xBF],
        vec![0x1F, 0x8B, 0x08, 0x00],
        Vec::new(),
    ];
    for target in harness::TARGETS {
        for (index, input) in inputs.iter().enumerate() {
            let outcome = std::panic::catch_unwind(|| harness::check(target, input));
            assert!(outcome.is_ok(), "hostile input {index} crashes {target}");
        }
    }
}
