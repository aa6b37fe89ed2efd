use super::*;

/// The one segment `data` of `outer × total × inner` elements, at offset 0.
fn segment(data: &[f64], outer: usize, total: usize, inner: usize) -> Seg<'_, f64> {
    Seg {
        data,
        outer,
        total,
        inner,
        off: 0,
    }
}

/// The naive oracle: units equal when every element is equal.
fn naive_groups(segs: &[Seg<'_, f64>], n: usize) -> Vec<Vec<usize>> {
    let mut label: Vec<usize> = (0..n).collect();
    for u in 0..n {
        for r in 0..u {
            if label[r] == r && units_equal(segs, u, r) {
                label[u] = r;
                break;
            }
        }
    }
    groups_from_labels(&label)
}

#[test]
fn scan_finds_first_non_finite_and_constancy() {
    let mut xs = vec![1.0f32; 10_000];
    assert_eq!(scan(&xs), (None, true));
    xs[9000] = f32::INFINITY;
    xs[5000] = f32::NAN;
    assert_eq!(scan(&xs), (Some(5000), false));
    let zeros = [0.0f64, -0.0, 0.0];
    assert_eq!(scan(&zeros), (None, true));
    assert_eq!(scan::<f32>(&[]), (None, true));
    assert_eq!(scan(&[f64::NAN]), (Some(0), false));
}

#[test]
fn exact_partition_matches_naive_oracle() {
    // Small alphabets force many duplicates and prefix collisions.
    let mut state = 0x1234_5678u64;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) % 3
    };
    for &(outer, n, inner) in &[(1, 1, 1), (5, 7, 1), (1, 9, 6), (3, 8, 2), (6, 40, 1)] {
        for _ in 0..20 {
            #[allow(clippy::cast_precision_loss)]
            let data: Vec<f64> = (0..outer * n * inner)
                .map(|_| [0.0, -0.0, 1.5][usize::try_from(next()).unwrap()])
                .collect();
            let seg = [segment(&data, outer, n, inner)];
            let got = groups_from_labels(&partition_exact(&seg, n));
            assert_eq!(got, naive_groups(&seg, n));
            // Tolerance 0 is the exact relation.
            let tol0 = groups_from_labels(&partition_tol(&seg, n, 0.0));
            assert_eq!(tol0, got);
        }
    }
}

#[test]
fn hash_collisions_are_resolved_by_comparison() {
    // A hash that maps everything to 0 makes every unit a candidate and every
    // candidate collide: the comparisons alone must still give the partition.
    let data = [1.0f64, 2.0, 1.0, 3.0, 2.0, -0.0, 0.0, 3.0, 2.0, 1.0];
    for (outer, n, inner) in [(1, 10, 1), (2, 5, 1), (1, 5, 2), (1, 2, 5)] {
        let seg = [segment(&data, outer, n, inner)];
        let got = groups_from_labels(&partition_exact_with(&seg, n, |_, _| 0));
        assert_eq!(got, naive_groups(&seg, n));
        assert_eq!(got, groups_from_labels(&partition_exact(&seg, n)));
    }
    let seg = [segment(&data[..5], 1, 5, 1)];
    assert_eq!(
        groups_from_labels(&partition_exact_with(&seg, 5, |_, _| 0)),
        vec![vec![0, 2], vec![1, 4], vec![3]]
    );
}

#[test]
fn tolerant_partition_matches_all_pairs_components() {
    let mut state = 0x9E37_79B9u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for &(outer, n, inner) in &[(1, 12, 1), (3, 10, 1), (1, 9, 3), (2, 7, 2)] {
        for trial in 0..30 {
            #[allow(clippy::cast_precision_loss)]
            let data: Vec<f64> = (0..outer * n * inner)
                .map(|_| (next() % 9) as f64 * 0.25)
                .collect();
            let seg = [segment(&data, outer, n, inner)];
            let tol = [0.2, 0.25, 0.5, 1.0][trial % 4];
            // Components of the all-pairs graph, by repeated relabelling.
            let mut label: Vec<usize> = (0..n).collect();
            loop {
                let mut changed = false;
                for i in 0..n {
                    for j in 0..n {
                        if units_near(&seg, i, j, tol) && label[j] < label[i] {
                            label[i] = label[j];
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            assert_eq!(
                groups_from_labels(&partition_tol(&seg, n, tol)),
                groups_from_labels(&label)
            );
        }
    }
}

#[test]
fn tolerance_groups_chains() {
    // Units 0, 1, 2 are a chain 0.0 — 0.6 — 1.2 with tol 0.7; 3 is far.
    let data = [0.0f64, 0.6, 1.2, 5.0];
    let seg = [segment(&data, 1, 4, 1)];
    assert_eq!(
        groups_from_labels(&partition_tol(&seg, 4, 0.7)),
        vec![vec![0, 1, 2], vec![3]]
    );
    assert_eq!(
        groups_from_labels(&partition_tol(&seg, 4, 0.5)),
        vec![vec![0], vec![1], vec![2], vec![3]]
    );
}
