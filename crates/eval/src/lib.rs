//! Scores stages against gold data in ../shared/data.
