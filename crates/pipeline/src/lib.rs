//! Runs the stages over inputs and into the store.
