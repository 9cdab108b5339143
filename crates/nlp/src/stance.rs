//! The stance stage.
