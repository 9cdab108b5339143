//! The fixed split of PolNeAR train that tuning uses, so that the tuning examples
//! (`attribution_tagger`, `tune_layer`) agree on it: train on one half, score the other, and
//! never look at dev. An article's side is a bit of the FNV-1a hash of its name.

/// True for the half of train that tuning trains on; the other half is scored.
pub fn tuning_half(name: &str) -> bool {
    crate::common::fnv(name) % 2 == 0
}

/// Which quarter (0 or 1) of train an article of the tuning half falls in (the hash's next bit),
/// for experiments that train two models on the two halves of the tuning half.
pub fn quarter(name: &str) -> usize {
    ((crate::common::fnv(name) >> 1) & 1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn train_splits_into_two_halves_and_the_tuning_half_into_two_quarters() {
        let Some(dir) = hearsay_testdata::data().map(|d| d.join("attribution/polnear/train/text")) else { return };
        let names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path().file_stem().unwrap().to_str().unwrap().to_owned())
            .collect();
        let tuning: Vec<&String> = names.iter().filter(|n| tuning_half(n)).collect();
        // Roughly even, and the same on every run (the hash is fixed).
        assert!(
            tuning.len() * 3 > names.len() && tuning.len() * 3 < names.len() * 2,
            "{} of {}",
            tuning.len(),
            names.len()
        );
        let first = tuning.iter().filter(|n| quarter(n) == 0).count();
        assert!(first * 3 > tuning.len() && first * 3 < tuning.len() * 2, "{first} of {}", tuning.len());
        assert_eq!(tuning_half("a"), tuning_half("a"));
    }
}
