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
    for folder in fs::read_dir(fuzz_dir().join("regressions")).expect("fuzz/regressions") {
        let name = folder.expect("entry").file_name().to_string_lossy().into_owned();
        assert!(harness::TARGETS.contains(&name.as_str()), "fuzz/regressions/{name} names no target");
    }
}

#[test]
fn saved_crashing_inputs_no_longer_crash() {
    let mut replayed = 0;
    for target in harness::TARGETS {
        let folder = fuzz_dir().join("regressions").join(target);
        let Ok(entries) = fs::read_dir(&folder) else { continue };
        let mut inputs: Vec<PathBuf> = entries.map(|entry| entry.expect("entry").path()).filter(|path| path.is_file()).collect();
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
