//! Attribution extraction scored on PolNeAR dev: source, cue and content spans, exact and overlap.
