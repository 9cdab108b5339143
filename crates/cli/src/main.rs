//! The hearsay command line: parses arguments, sets up logging, runs one subcommand.
//!
//! Exit status: 0 when everything worked, 1 when the command finished but some inputs failed,
//! 2 when it could not run at all (a bad flag, a store that cannot be opened).

mod args;
mod commands;
mod embed;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// How a command ended, beyond "could not run" (which is an `Err`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Everything worked.
    Success,
    /// Finished, but some inputs failed.
    SomeFailed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Err(error) => {
            output::error(&format!("error: {error:#}"));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Ingest(args) => commands::ingest::run(cli.db.as_deref(), cli.embeddings, &args),
        Command::Show(args) => commands::show::run(cli.db.as_deref(), &args),
        Command::List(args) => commands::list::run(cli.db.as_deref(), &args),
        Command::Search(args) => commands::search::run(cli.db.as_deref(), &args),
        Command::Extract(args) => commands::extract::run(&args),
        Command::Claims(args) => commands::claims::run(cli.db.as_deref(), &args),
        Command::Entities(args) => commands::entities::run(cli.db.as_deref(), &args),
        Command::Ledger(args) => commands::ledger::run_ledger(cli.db.as_deref(), cli.embeddings, &args),
        Command::Stories(args) => commands::ledger::run_stories(cli.db.as_deref(), cli.embeddings, &args),
        Command::Entity(args) => commands::ledger::run_entity(cli.db.as_deref(), cli.embeddings, &args),
        Command::Check(args) => commands::check::run(cli.db.as_deref(), cli.embeddings, &args),
        Command::Stance(command) => commands::stance::run(&command),
        Command::Stats(args) => commands::stats::run(cli.db.as_deref(), &args),
        Command::Eval(command) => commands::eval::run(&command, cli.embeddings),
        Command::Submit(args) => commands::queue::submit(&args),
        Command::Worker(args) => commands::queue::worker(cli.db.as_deref(), &args),
        Command::Status(args) => commands::queue::status(&args),
        Command::Serve(args) => commands::serve::run(cli.db.as_deref(), cli.embeddings, &args),
        Command::Export(args) => commands::export::run(cli.db.as_deref(), &args),
        Command::Parse(args) => commands::parse::run(&args),
        Command::Follow(args) => commands::follow::run(cli.db.as_deref(), cli.embeddings, &args),
        Command::Sources(args) => commands::sources::run(cli.db.as_deref(), &args),
    }
}

/// Logs go to stderr, so stdout stays clean for pipes. `HEARSAY_LOG` takes an env-filter string.
fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn,html5ever=error,markup5ever=error",
        1 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("HEARSAY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}
