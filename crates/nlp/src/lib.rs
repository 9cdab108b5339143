//! Per-article language stages: sentences, entities, attributions, stance, time.
