use super::*;

/// `len` values in `[-0.5, 0.5)`, from `seed`.
pub(super) fn data(len: usize, seed: u64) -> Vec<f64> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = crate::rng::mix64(x);
            #[allow(clippy::cast_precision_loss)]
            let u = (x >> 11) as f64 / 9_007_199_254_740_992.0;
            u - 0.5
        })
        .collect()
}

fn test_matrix(m: usize, n: usize) -> Vec<f64> {
    data(m * n, 0x1234_5678)
}

/// The oracle: Q of the `m × n` row-major `a` by modified Gram-Schmidt in
/// `f64`, which makes R's diagonal positive by construction.
fn gram_schmidt(a: &[f64], m: usize, n: usize) -> Vec<f64> {
    let mut q = a.to_vec();
    for j in 0..n {
        for k in 0..j {
            let dot: f64 = (0..m).map(|i| q[i * n + k] * q[i * n + j]).sum();
            for i in 0..m {
                q[i * n + j] -= dot * q[i * n + k];
            }
        }
        let norm = (0..m).map(|i| q[i * n + j].powi(2)).sum::<f64>().sqrt();
        for i in 0..m {
            q[i * n + j] /= norm;
        }
    }
    q
}

/// `QᵀA`, by a plain triple loop.
fn qt_a(q: &[f64], a: &[f64], m: usize, n: usize) -> Vec<f64> {
    let mut r = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            r[i * n + j] = (0..m).map(|k| q[k * n + i] * a[k * n + j]).sum();
        }
    }
    r
}

/// `Q·R` reproduces `A`, where `R = QᵀA` is upper triangular with a positive
/// diagonal.
fn check(q: &[f64], a: &[f64], m: usize, n: usize) {
    assert!(gram_error(q, m, n, 1.0) < 1e-13);
    let r = qt_a(q, a, m, n);
    for i in 0..n {
        assert!(r[i * n + i] > 0.0);
        for j in 0..i {
            assert!(r[i * n + j].abs() < 1e-12, "R[{i}][{j}] = {}", r[i * n + j]);
        }
    }
    for i in 0..m {
        for j in 0..n {
            let back: f64 = (0..n).map(|k| q[i * n + k] * r[k * n + j]).sum();
            assert!((back - a[i * n + j]).abs() < 1e-12);
        }
    }
}

const SIZES: [(usize, usize); 9] = [
    (1, 1),
    (5, 3),
    (7, 7),
    (60, 50),
    (130, 129),
    (300, 200),
    (400, 97),
    (257, 257),
    (2000, 3),
];

#[test]
fn f64_q_is_the_qr_with_positive_diagonal_and_matches_gram_schmidt() {
    for &(m, n) in &SIZES {
        let a = test_matrix(m, n);
        let q = orthonormal_q(a.clone(), m, n, false);
        check(&q, &a, m, n);
        for (x, y) in q.iter().zip(&gram_schmidt(&a, m, n)) {
            assert!((x - y).abs() < 1e-10, "{m}x{n}: {x} vs {y}");
        }
        let t = orthonormal_q(a, m, n, true);
        for i in 0..m {
            for j in 0..n {
                assert_eq!(t[j * m + i].to_bits(), q[i * n + j].to_bits());
            }
        }
    }
}

#[test]
fn f32_q_matches_gram_schmidt_and_is_orthonormal() {
    for &(m, n) in &SIZES {
        #[allow(clippy::cast_possible_truncation)]
        let a32: Vec<f32> = test_matrix(m, n).iter().map(|&v| v as f32).collect();
        let a: Vec<f64> = a32.iter().map(|&v| f64::from(v)).collect();
        let q = orthonormal_q(a32, m, n, false);
        for (x, y) in q.iter().zip(&gram_schmidt(&a, m, n)) {
            assert!((f64::from(*x) - y).abs() < 1e-4, "{m}x{n}: {x} vs {y}");
        }
        let q: Vec<f64> = q.iter().map(|&v| f64::from(v)).collect();
        assert!(gram_error(&q, m, n, 1.0) < 1e-5);
    }
}

#[test]
fn other_panel_widths_give_the_same_q_to_rounding() {
    let (m, n) = (150, 140);
    let a = test_matrix(m, n);
    let q = orthonormal_q(a.clone(), m, n, false);
    for nb in [1, 5, 16, 64, 140] {
        let other = orthonormal_q_in_panels(a.clone(), m, n, false, nb);
        for (x, y) in q.iter().zip(&other) {
            assert!((x - y).abs() < 1e-12, "panels of {nb}: {x} vs {y}");
        }
    }
}

#[test]
fn a_long_column_is_normalised() {
    // 2^19 rows in f32, where a test for dependence relative to m·ε would
    // give up: Q is the column over its norm.
    let m = 1 << 19;
    #[allow(clippy::cast_possible_truncation)]
    let a: Vec<f32> = test_matrix(m, 1).iter().map(|&v| v as f32).collect();
    let norm = a.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>().sqrt();
    let q = orthonormal_q(a.clone(), m, 1, false);
    // Within a few units of f32's rounding of 1 (Q[0] = 1 − τ).
    for (&x, &y) in q.iter().zip(&a) {
        assert!((f64::from(x) - f64::from(y) / norm).abs() < 2e-7);
    }
    let largest = q.iter().fold(0.0f32, |m, &x| m.max(x.abs()));
    assert!(largest < 0.01, "{largest}");
}

#[test]
fn rank_deficient_input_still_gives_orthonormal_columns() {
    // Two equal columns, and a zero column: sign(0) = +1 keeps Q orthonormal.
    let a = vec![1.0, 1.0, 2.0, 2.0, 3.0, 3.0];
    let q = orthonormal_q(a, 3, 2, false);
    assert!(gram_error(&q, 3, 2, 1.0) < 1e-14);
    assert!(q[0] > 0.0);
    let z = vec![0.0, 1.0, 0.0, 2.0, 0.0, 3.0];
    let q = orthonormal_q(z, 3, 2, false);
    assert!(gram_error(&q, 3, 2, 1.0) < 1e-14);
    assert_eq!(q[0], 1.0);
    // Already upper triangular, with a negative diagonal: the identity's
    // reflectors, and the columns flipped to make R's diagonal positive.
    let u = vec![-2.0, 1.0, 0.0, -3.0, 0.0, 0.0];
    let q = orthonormal_q(u, 3, 2, false);
    assert_eq!(q, [-1.0, 0.0, 0.0, -1.0, 0.0, 0.0]);
    assert!(orthonormal_q::<f64>(Vec::new(), 0, 0, false).is_empty());
}
