//! Sparse vectors as slices of (term, weight) sorted by term: the stories' TF-IDF vectors and
//! centroids (ids or words as terms), the evaluations' baselines.

/// The dot product of two sparse vectors, each sorted by term (terms in one only add nothing).
pub fn sparse_dot<K, W>(a: &[(K, W)], b: &[(K, W)]) -> W
where
    K: Ord,
    W: Copy + Default + std::ops::Mul<Output = W> + std::ops::AddAssign,
{
    let (mut i, mut j, mut sum) = (0, 0, W::default());
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_dot_meets_on_shared_terms_only() {
        assert!((sparse_dot(&[(1, 2.0), (3, 1.0)], &[(0, 5.0), (3, 4.0)]) - 4.0_f64).abs() < 1e-12);
        assert!(sparse_dot::<u32, f64>(&[], &[(1, 1.0)]).abs() < 1e-12);
        let words = |pairs: &[(&str, f32)]| pairs.iter().map(|(w, x)| ((*w).to_owned(), *x)).collect::<Vec<_>>();
        assert!((sparse_dot(&words(&[("a", 0.5), ("b", 2.0)]), &words(&[("b", 3.0), ("c", 1.0)])) - 6.0).abs() < 1e-6);
    }
}
