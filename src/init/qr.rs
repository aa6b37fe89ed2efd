//! The Q factor of a tall matrix, by `faer`'s blocked Householder QR with R's
//! diagonal made positive, and the orthogonality error of a matrix.
//!
//! The QR runs on one thread (`Par::Seq`), so the result does not depend on the
//! number of threads; the Gram matrix of the error goes through `ndarray`'s
//! `general_mat_mul` (`matrixmultiply`'s `dgemm`, single-threaded).

// Matrix code in the textbook's names (A, Q, R, G, H, m, n).
#![allow(clippy::many_single_char_names)]
// ndarray views are cheap `Copy`-like handles, passed by value as ndarray does.
#![allow(clippy::needless_pass_by_value)]

use core::ops::{Neg, Range};

use faer::dyn_stack::{MemBuffer, MemStack, StackReq};
use faer::linalg::householder;
use faer::linalg::qr::no_pivoting::factor;
use faer::reborrow::{Reborrow, ReborrowMut};
use faer::traits::RealField;
use faer::{Conj, Mat, MatMut, Par, Spec};
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2, ArrayViewMut2, Axis, Slice};

/// The block `rows × cols` of `a`.
fn sub<A>(mut a: ArrayView2<'_, A>, rows: Range<usize>, cols: Range<usize>) -> ArrayView2<'_, A> {
    a.slice_axis_inplace(Axis(0), Slice::from(rows));
    a.slice_axis_inplace(Axis(1), Slice::from(cols));
    a
}

/// The block `rows × cols` of `a`, writable.
fn sub_mut<A>(
    mut a: ArrayViewMut2<'_, A>,
    rows: Range<usize>,
    cols: Range<usize>,
) -> ArrayViewMut2<'_, A> {
    a.slice_axis_inplace(Axis(0), Slice::from(rows));
    a.slice_axis_inplace(Axis(1), Slice::from(cols));
    a
}

/// Block width for the symmetric product.
const BLOCK: usize = 128;

/// `C ← β·C + α·AᵀA` on and above the diagonal of `C` (blocks below it are left
/// alone).
fn syrk_upper(alpha: f64, a: ArrayView2<'_, f64>, beta: f64, c: &mut Array2<f64>) {
    let n = a.ncols();
    for j0 in (0..n).step_by(BLOCK) {
        let j1 = (j0 + BLOCK).min(n);
        general_mat_mul(
            alpha,
            &sub(a, 0..a.nrows(), 0..j1).t(),
            &sub(a, 0..a.nrows(), j0..j1),
            beta,
            &mut sub_mut(c.view_mut(), 0..j1, j0..j1),
        );
    }
}

/// `G = AᵀA`, computing only the blocks on and above the diagonal and mirroring.
fn gram(a: ArrayView2<'_, f64>) -> Array2<f64> {
    let n = a.ncols();
    let mut g = Array2::<f64>::zeros((n, n));
    syrk_upper(1.0, a, 0.0, &mut g);
    for i in 0..n {
        for j in 0..i {
            g[[i, j]] = g[[j, i]];
        }
    }
    g
}

/// Side of the square tiles in which [`transpose`] copies: a tile writes to
/// `TILE` rows of the result, whose addresses are often a power of two apart and
/// so share a cache set; 8 rows fit the 8 ways of a typical L1 set.
const TILE: usize = 8;

/// The `cols × rows` row-major transpose of the `rows × cols` row-major `src`.
fn transpose<T: Copy + Default>(src: &[T], rows: usize, cols: usize) -> Vec<T> {
    let mut dst = vec![T::default(); src.len()];
    for i0 in (0..rows).step_by(TILE) {
        let i1 = (i0 + TILE).min(rows);
        for j0 in (0..cols).step_by(TILE) {
            let j1 = (j0 + TILE).min(cols);
            for (i, row) in src.chunks_exact(cols).enumerate().take(i1).skip(i0) {
                for (j, &x) in row.iter().enumerate().take(j1).skip(j0) {
                    dst[j * rows + i] = x;
                }
            }
        }
    }
    dst
}

/// The Q factor, with R's diagonal positive (`sign(0) = +1`), of the `m × n`
/// (`m ≥ n`) matrix `z` stored column by column, row-major; or its transpose
/// (`n × m`, row-major) when `transpose_q`.
///
/// `faer`'s blocked Householder QR (LAPACK's `geqrf` method: recursive panels,
/// compact WY block reflectors, trailing updates by GEMM), then Q formed from the
/// block reflectors as LAPACK's `orgqr` does: `Q = H₀·…·H_{p−1}·[I; 0]`, applied
/// from the last block back, each block only to the rows and columns from its
/// first on (the others are still those of the identity). Q is a product of
/// reflectors, so it is orthonormal whatever `z` is; a column `faer` takes for
/// linearly dependent (its residual below `16·(m − j)·ε` of its norm, which a
/// normal matrix has with a chance below `10⁻⁸`) gets an identity reflector.
pub(crate) fn orthonormal_q<T>(mut z: Vec<T>, m: usize, n: usize, transpose_q: bool) -> Vec<T>
where
    T: RealField + Copy + PartialOrd + Neg<Output = T> + Default + num_traits::One,
{
    if m == 0 || n == 0 || z.len() != m * n {
        return Vec::new();
    }
    let mut a = MatMut::from_column_major_slice_mut(&mut z, m, n);
    // Columns per block: faer's tuning (48 at 1024 × 1024, 64 at 2048 × 2048);
    // 128 measured no faster at 2048 × 2048.
    let bs = factor::recommended_block_size::<T>(m, n);
    let mut h = Mat::<T>::zeros(bs, n);
    let par = Par::Seq;
    let mut mem = MemBuffer::new(StackReq::any_of(&[
        factor::qr_in_place_scratch::<T>(m, n, bs, par, Spec::default()),
        householder::apply_block_householder_on_the_left_in_place_scratch::<T>(m, bs, n),
    ]));
    let stack = MemStack::new(&mut mem);
    factor::qr_in_place(a.rb_mut(), h.as_mut(), par, stack, Spec::default());
    let a = a.rb();
    // Q, column-major, from the identity's first n columns.
    let mut q_buf = vec![T::default(); m * n];
    for j in 0..n {
        q_buf[j * m + j] = T::one();
    }
    let mut q = MatMut::from_column_major_slice_mut(&mut q_buf, m, n);
    // Blocks start at multiples of `bs`; the last one may be narrower.
    let mut j1 = n;
    while j1 > 0 {
        let j0 = (j1 - 1) / bs * bs;
        householder::apply_block_householder_on_the_left_in_place_with_conj(
            a.get(j0.., j0..j1),
            h.as_ref().get(..j1 - j0, j0..j1),
            Conj::No,
            q.rb_mut().get_mut(j0.., j0..),
            par,
            stack,
        );
        j1 = j0;
    }
    // R's diagonal is on A's; a negative entry flips its column of Q.
    for (j, col) in q_buf.chunks_exact_mut(m).enumerate() {
        if a[(j, j)] < T::default() {
            for x in col {
                *x = -*x;
            }
        }
    }
    // Column j of Q is row j of the row-major Qᵀ.
    if transpose_q {
        q_buf
    } else {
        transpose(&q_buf, n, m)
    }
}

/// `max |G − g2·I|` over the smaller Gram matrix of the `rows × cols` row-major `w`.
pub(crate) fn gram_error(w: &[f64], rows: usize, cols: usize, g2: f64) -> f64 {
    let Ok(a) = ArrayView2::from_shape((rows, cols), w) else {
        return f64::NAN;
    };
    let g = if rows >= cols { gram(a) } else { gram(a.t()) };
    let mut err = 0.0f64;
    for ((i, j), &v) in g.indexed_iter() {
        let target = if i == j { g2 } else { 0.0 };
        let d = (v - target).abs();
        if !(d <= err) {
            err = d;
        }
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_matrix(m: usize, n: usize) -> Vec<f64> {
        let mut x = 0x1234_5678u64;
        (0..m * n)
            .map(|_| {
                x = crate::rng::mix64(x);
                #[allow(clippy::cast_precision_loss)]
                let u = (x >> 11) as f64 / 9_007_199_254_740_992.0;
                u - 0.5
            })
            .collect()
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

    /// `Q·R` reproduces `A`, where `R = QᵀA` is upper triangular with a positive
    /// diagonal.
    fn check(q: &[f64], a: &[f64], m: usize, n: usize) {
        assert!(gram_error(q, m, n, 1.0) < 1e-13);
        let qa = ArrayView2::from_shape((m, n), q).unwrap();
        let aa = ArrayView2::from_shape((m, n), a).unwrap();
        let r = qa.t().dot(&aa);
        for i in 0..n {
            assert!(r[[i, i]] > 0.0);
            for j in 0..i {
                assert!(r[[i, j]].abs() < 1e-12, "R[{i}][{j}] = {}", r[[i, j]]);
            }
        }
        let back = qa.dot(&r);
        for (x, y) in back.iter().zip(aa.iter()) {
            assert!((x - y).abs() < 1e-12);
        }
    }

    const SIZES: [(usize, usize); 8] = [
        (1, 1),
        (5, 3),
        (7, 7),
        (60, 50),
        (130, 129),
        (300, 200),
        (400, 97),
        (257, 257),
    ];

    #[test]
    fn f64_q_is_the_qr_with_positive_diagonal_and_matches_gram_schmidt() {
        for &(m, n) in &SIZES {
            let a = test_matrix(m, n);
            let q = orthonormal_q(transpose(&a, m, n), m, n, false);
            check(&q, &a, m, n);
            for (x, y) in q.iter().zip(&gram_schmidt(&a, m, n)) {
                assert!((x - y).abs() < 1e-10, "{m}x{n}: {x} vs {y}");
            }
            let t = orthonormal_q(transpose(&a, m, n), m, n, true);
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
            let q = orthonormal_q(transpose(&a32, m, n), m, n, false);
            for (x, y) in q.iter().zip(&gram_schmidt(&a, m, n)) {
                assert!((f64::from(*x) - y).abs() < 1e-4, "{m}x{n}: {x} vs {y}");
            }
            let q: Vec<f64> = q.iter().map(|&v| f64::from(v)).collect();
            assert!(gram_error(&q, m, n, 1.0) < 1e-5);
        }
    }

    #[test]
    fn rank_deficient_input_still_gives_orthonormal_columns() {
        // Two equal columns, and a zero column: sign(0) = +1 keeps Q orthonormal.
        // Column by column.
        let a = vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0];
        let q = orthonormal_q(a, 3, 2, false);
        assert!(gram_error(&q, 3, 2, 1.0) < 1e-14);
        assert!(q[0] > 0.0);
        let z = vec![0.0, 0.0, 0.0, 1.0, 2.0, 3.0];
        let q = orthonormal_q(z, 3, 2, false);
        assert!(gram_error(&q, 3, 2, 1.0) < 1e-14);
        assert!(orthonormal_q::<f64>(Vec::new(), 0, 0, false).is_empty());
    }
}
