//! Matrix products on row-major slices, by `ndarray`'s `general_mat_mul`, which
//! hands `f32` and `f64` to `matrixmultiply`'s `sgemm` and `dgemm`.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

use super::NnError;
use crate::Real;

/// Whether an operand is used as stored or transposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// As stored.
    N,
    /// Transposed.
    T,
}

fn view<'a, T>(
    what: &'static str,
    data: &'a [T],
    rows: usize,
    cols: usize,
    op: Op,
) -> Result<ArrayView2<'a, T>, NnError> {
    let (r, c) = match op {
        Op::N => (rows, cols),
        Op::T => (cols, rows),
    };
    let v = ArrayView2::from_shape((r, c), data).map_err(|_| NnError::DimensionMismatch {
        what,
        len: data.len(),
        expected: rows * cols,
    })?;
    Ok(match op {
        Op::N => v,
        Op::T => v.reversed_axes(),
    })
}

/// `C ← op(A)·op(B) + β·C` with `op(A)` `m × k`, `op(B)` `k × n` and `C` `m × n`,
/// all row-major and exactly as long as their shapes.
#[allow(clippy::many_single_char_names, clippy::too_many_arguments)] // BLAS's names
pub(crate) fn gemm<T: Real>(
    m: usize,
    k: usize,
    n: usize,
    a: &[T],
    op_a: Op,
    b: &[T],
    op_b: Op,
    beta: T,
    c: &mut [T],
) -> Result<(), NnError> {
    let a = view("a GEMM operand", a, m, k, op_a)?;
    let b = view("a GEMM operand", b, k, n, op_b)?;
    let len = c.len();
    let mut c = ArrayViewMut2::from_shape((m, n), c).map_err(|_| NnError::DimensionMismatch {
        what: "a GEMM result",
        len,
        expected: m * n,
    })?;
    general_mat_mul(T::one(), &a, &b, beta, &mut c);
    Ok(())
}

#[cfg(test)]
mod tests {
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
}
