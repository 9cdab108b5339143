//! Prints the attributions of a PolNeAR split whose source the overlap score misses, for error
//! analysis on TRAIN (tune there; dev is for checking):
//! `cargo run --release -p hearsay-eval --example attribution_errors -- ../shared/data/attribution/polnear/train > errors.tsv`
//! With a text file instead of a split, prints the attributions predicted in it. `--json PATH`
//! after the split also writes the scores as `hearsay eval attribution --out PATH` does.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: attribution_errors SPLIT_DIR");
        std::process::exit(2);
    };
    let dir = std::path::Path::new(&dir);
    if dir.is_file() {
        // One text file: print what is predicted in it.
        let text = std::fs::read_to_string(dir).unwrap_or_default();
        for s in hearsay_eval::attribution::predict(&text) {
            let f =
                |r: Option<hearsay_text::TextRange>| r.map(|r| r.slice(&text).replace('\n', " ")).unwrap_or_default();
            println!("{}|{}|{}", f(s.source), f(s.cue), f(s.content));
        }
        return;
    }
    match hearsay_eval::attribution::source_errors(dir)
        .and_then(|listing| Ok((listing, hearsay_eval::attribution::score_attribution(dir)?)))
    {
        Ok((listing, report)) => {
            print!("{listing}");
            // `--json PATH`: also write the report as `hearsay eval attribution --out` does.
            if let Some(path) = std::env::args().skip_while(|a| a != "--json").nth(1) {
                let json = serde_json::to_string_pretty(&report).unwrap_or_default();
                if let Err(e) = std::fs::write(&path, json) {
                    eprintln!("writing {path}: {e}");
                    std::process::exit(1);
                }
            }
            for (name, s) in [("all", &report.all), ("direct", &report.direct), ("indirect", &report.indirect)] {
                for (regime, r) in [("exact", &s.exact), ("overlap", &s.overlap)] {
                    eprintln!(
                        "{name:8} {regime:7} source {:.3} (P {:.3} R {:.3})  cue {:.3}  content {:.3}",
                        r.source.f1, r.source.precision, r.source.recall, r.cue.f1, r.content.f1
                    );
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
