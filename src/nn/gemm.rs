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
mod tests;
