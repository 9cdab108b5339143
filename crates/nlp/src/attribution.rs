//! The attribution stage.
