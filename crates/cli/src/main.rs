//! The hearsay command line.

fn main() {}
