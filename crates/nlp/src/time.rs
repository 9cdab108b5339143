//! The time stage.
