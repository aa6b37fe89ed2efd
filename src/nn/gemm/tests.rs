use super::*;

/// The naive triple loop, with the same conventions.
#[allow(clippy::too_many_arguments)]
fn naive(
    m: usize,
    k: usize,
    n: usize,
    a: &[f64],
    op_a: Op,
    b: &[f64],
    op_b: Op,
    c: &[f64],
    beta: f64,
) -> Vec<f64> {
    let at = |i: usize, p: usize| match op_a {
        Op::N => a[i * k + p],
        Op::T => a[p * m + i],
    };
    let bt = |p: usize, j: usize| match op_b {
        Op::N => b[p * n + j],
        Op::T => b[j * k + p],
    };
    let mut out = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            let s: f64 = (0..k).map(|p| at(i, p) * bt(p, j)).sum();
            out[i * n + j] = s + beta * c[i * n + j];
        }
    }
    out
}

#[test]
#[allow(clippy::cast_precision_loss)]
fn matches_the_naive_product_over_a_grid() {
    let value = |i: usize| ((i * 7919) % 23) as f64 / 8.0 - 1.0;
    for &(m, k, n) in &[
        (0, 3, 2),
        (1, 1, 1),
        (3, 0, 2),
        (2, 5, 3),
        (7, 13, 5),
        (33, 17, 9),
    ] {
        for op_a in [Op::N, Op::T] {
            for op_b in [Op::N, Op::T] {
                for beta in [0.0, 1.0] {
                    let a: Vec<f64> = (0..m * k).map(value).collect();
                    let b: Vec<f64> = (0..k * n).map(|i| value(i + 5)).collect();
                    let mut c: Vec<f64> = (0..m * n).map(|i| value(i + 11)).collect();
                    let expected = naive(m, k, n, &a, op_a, &b, op_b, &c, beta);
                    gemm(m, k, n, &a, op_a, &b, op_b, beta, &mut c).unwrap();
                    // Products of multiples of 1/8 summed in any order are exact.
                    assert_eq!(c, expected, "{m}x{k}x{n} {op_a:?} {op_b:?} {beta}");
                }
            }
        }
    }
}

#[test]
fn wrong_lengths_are_errors() {
    let mut c = [0.0f32; 4];
    assert!(matches!(
        gemm(2, 2, 2, &[1.0; 3], Op::N, &[1.0; 4], Op::N, 0.0, &mut c),
        Err(NnError::DimensionMismatch {
            len: 3,
            expected: 4,
            ..
        })
    ));
    assert!(
        gemm(
            2,
            2,
            2,
            &[1.0; 4],
            Op::N,
            &[1.0; 4],
            Op::N,
            0.0,
            &mut c[..3]
        )
        .is_err()
    );
}
