//! The entities stage.
