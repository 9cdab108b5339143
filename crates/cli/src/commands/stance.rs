//! `hearsay stance`: agree / disagree / discuss / unrelated for headline and body pairs.

use anyhow::Context;
use hearsay_stance::StanceModel;

use crate::args::StanceCommand;
use crate::{output, Outcome};

pub(crate) fn run(command: &StanceCommand) -> anyhow::Result<Outcome> {
    match command {
        StanceCommand::Fnc(args) => {
            let (pairs, bodies) = hearsay_stance::read_fnc(&args.stances, &args.bodies)
                .with_context(|| format!("reading {} and {}", args.stances.display(), args.bodies.display()))?;
            let model = match &args.model {
                Some(path) => {
                    StanceModel::load(path).with_context(|| format!("loading the stance model {}", path.display()))?
                }
                None => StanceModel::load_default().context("loading the built-in stance model")?,
            };
            let predicted = model.predict_pairs(&pairs, &bodies);
            let mut csv = Vec::new();
            hearsay_stance::write_fnc(&pairs, &predicted, &mut csv).context("writing predictions")?;
            output::raw(&csv)?;
        }
        StanceCommand::Train(args) => {
            let model = hearsay_stance::train_default(&args.data)
                .with_context(|| format!("training on {}", args.data.display()))?;
            model.save(&args.out).with_context(|| format!("writing {}", args.out.display()))?;
            output::error(&format!("wrote {}", args.out.display()));
        }
    }
    Ok(Outcome::Success)
}
