//! The Q factor of a tall matrix, by CholeskyQR2 on matrix products, with a
//! Householder QR for the rare matrix too ill-conditioned for it.
//!
//! Every product goes through `ndarray`'s `general_mat_mul` (which hands `f64` to
//! `matrixmultiply`'s `dgemm`, single-threaded), so the result does not depend on
//! the number of threads.

// Matrix code in the textbook's names (A, Q, R, G, X, m, n).
#![allow(clippy::many_single_char_names)]
// ndarray views are cheap `Copy`-like handles, passed by value as ndarray does.
#![allow(clippy::needless_pass_by_value)]

use core::ops::Range;
use ndarray::linalg::general_mat_mul;

use ndarray::{Array2, ArrayView2, ArrayViewMut2, Axis, Slice};

/// The block `rows × cols` of `a`.
pub(super) fn sub<A>(
    mut a: ArrayView2<'_, A>,
    rows: Range<usize>,
    cols: Range<usize>,
) -> ArrayView2<'_, A> {
    a.slice_axis_inplace(Axis(0), Slice::from(rows));
    a.slice_axis_inplace(Axis(1), Slice::from(cols));
    a
}

/// The block `rows × cols` of `a`, writable.
pub(super) fn sub_mut<A>(
    mut a: ArrayViewMut2<'_, A>,
    rows: Range<usize>,
    cols: Range<usize>,
) -> ArrayViewMut2<'_, A> {
    a.slice_axis_inplace(Axis(0), Slice::from(rows));
    a.slice_axis_inplace(Axis(1), Slice::from(cols));
    a
}

/// Block width for the symmetric and triangular products.
const BLOCK: usize = 128;

/// Below this order, Cholesky and the triangular inverse run as plain loops.
const LEAF: usize = 48;

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

/// `α·A·X` for an upper-triangular `X`, skipping the zero blocks of `X`.
fn times_upper(alpha: f64, a: ArrayView2<'_, f64>, x: ArrayView2<'_, f64>) -> Array2<f64> {
    let (m, n) = a.dim();
    let mut q = Array2::<f64>::zeros((m, n));
    for j0 in (0..n).step_by(BLOCK) {
        let j1 = (j0 + BLOCK).min(n);
        general_mat_mul(
            alpha,
            &sub(a, 0..m, 0..j1),
            &sub(x, 0..j1, j0..j1),
            0.0,
            &mut sub_mut(q.view_mut(), 0..m, j0..j1),
        );
    }
    q
}

/// `X·B` for an upper-triangular `X`, skipping the zero blocks of `X`.
fn upper_times(x: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> Array2<f64> {
    let (n, k) = b.dim();
    let mut t = Array2::<f64>::zeros((n, k));
    for i0 in (0..n).step_by(BLOCK) {
        let i1 = (i0 + BLOCK).min(n);
        general_mat_mul(
            1.0,
            &sub(x, i0..i1, i0..n),
            &sub(b, i0..n, 0..k),
            0.0,
            &mut sub_mut(t.view_mut(), i0..i1, 0..k),
        );
    }
    t
}

/// The upper Cholesky factor `R` of a symmetric `G = RᵀR` and its inverse, or
/// `None` when `G` is not numerically positive definite.
fn chol_inv(g: ArrayView2<'_, f64>) -> Option<(Array2<f64>, Array2<f64>)> {
    let n = g.nrows();
    if n <= LEAF {
        let mut r = Array2::<f64>::zeros((n, n));
        for j in 0..n {
            for i in 0..=j {
                let mut sum = g[[i, j]];
                for k in 0..i {
                    sum -= r[[k, i]] * r[[k, j]];
                }
                if i == j {
                    if !(sum > 0.0) {
                        return None;
                    }
                    r[[j, j]] = sum.sqrt();
                } else {
                    r[[i, j]] = sum / r[[i, i]];
                }
            }
        }
        let mut x = Array2::<f64>::zeros((n, n));
        for j in 0..n {
            x[[j, j]] = 1.0 / r[[j, j]];
            for i in (0..j).rev() {
                let mut sum = 0.0;
                for k in i + 1..=j {
                    sum += r[[i, k]] * x[[k, j]];
                }
                x[[i, j]] = -sum / r[[i, i]];
            }
        }
        return Some((r, x));
    }
    let n1 = n / 2;
    let (r11, x11) = chol_inv(sub(g, 0..n1, 0..n1))?;
    // R12 = R11⁻ᵀ·G12 = X11ᵀ·G12, computed as its transpose G21·X11.
    let r12 = times_upper(1.0, sub(g, 0..n1, n1..n).t(), x11.view())
        .t()
        .to_owned();
    // S = G22 − R12ᵀ·R12, on and above the diagonal (all that is read of it).
    let mut s22 = sub(g, n1..n, n1..n).to_owned();
    syrk_upper(-1.0, r12.view(), 1.0, &mut s22);
    let (r22, x22) = chol_inv(s22.view())?;
    // X12 = −X11·R12·X22
    let t = upper_times(x11.view(), r12.view());
    let x12 = times_upper(-1.0, t.view(), x22.view());
    let mut r = Array2::<f64>::zeros((n, n));
    let mut x = Array2::<f64>::zeros((n, n));
    sub_mut(r.view_mut(), 0..n1, 0..n1).assign(&r11);
    sub_mut(r.view_mut(), 0..n1, n1..n).assign(&r12);
    sub_mut(r.view_mut(), n1..n, n1..n).assign(&r22);
    sub_mut(x.view_mut(), 0..n1, 0..n1).assign(&x11);
    sub_mut(x.view_mut(), 0..n1, n1..n).assign(&x12);
    sub_mut(x.view_mut(), n1..n, n1..n).assign(&x22);
    Some((r, x))
}

/// One `CholeskyQR` round: `A·R⁻¹` with `AᵀA = RᵀR`.
fn cholesky_qr(a: ArrayView2<'_, f64>) -> Option<Array2<f64>> {
    let (_, x) = chol_inv(gram(a).view())?;
    let q = times_upper(1.0, a, x.view());
    q.iter().all(|v| v.is_finite()).then_some(q)
}

/// The Q factor of an `m × n` (`m ≥ n`) matrix by Householder reflections, with
/// each column multiplied by the sign of R's diagonal (`sign(0) = +1`).
fn householder_q(mut a: Array2<f64>) -> Array2<f64> {
    let (m, n) = a.dim();
    let mut betas = vec![0.0f64; n];
    let mut signs = vec![1.0f64; n];
    for j in 0..n {
        let norm = a
            .column(j)
            .iter()
            .skip(j)
            .map(|v| v * v)
            .sum::<f64>()
            .sqrt();
        let alpha = if a[[j, j]] > 0.0 { -norm } else { norm };
        // R[j][j] = alpha; its sign, with sign(0) = +1.
        signs[j] = if alpha < 0.0 { -1.0 } else { 1.0 };
        let v0 = a[[j, j]] - alpha;
        let vnorm2 = v0 * v0 + a.column(j).iter().skip(j + 1).map(|v| v * v).sum::<f64>();
        if vnorm2 == 0.0 {
            betas[j] = 0.0;
            a[[j, j]] = 1.0;
            continue;
        }
        a[[j, j]] = v0;
        let beta = 2.0 / vnorm2;
        betas[j] = beta;
        for k in j + 1..n {
            let dot: f64 = (j..m).map(|i| a[[i, j]] * a[[i, k]]).sum();
            for i in j..m {
                a[[i, k]] -= beta * dot * a[[i, j]];
            }
        }
    }
    // Q = H_0·…·H_{n−1}·[I; 0], accumulated backwards.
    let mut q = Array2::<f64>::zeros((m, n));
    for j in 0..n {
        q[[j, j]] = 1.0;
    }
    for j in (0..n).rev() {
        let beta = betas[j];
        if beta == 0.0 {
            continue;
        }
        for k in 0..n {
            let dot: f64 = (j..m).map(|i| a[[i, j]] * q[[i, k]]).sum();
            for i in j..m {
                q[[i, k]] -= beta * dot * a[[i, j]];
            }
        }
    }
    for (j, &sign) in signs.iter().enumerate() {
        if sign < 0.0 {
            q.column_mut(j).mapv_inplace(|v| -v);
        }
    }
    q
}

/// The Q factor, with R's diagonal positive, of the `m × n` (`m ≥ n`) row-major
/// matrix `z`.
pub(crate) fn orthonormal_q(z: Vec<f64>, m: usize, n: usize) -> Vec<f64> {
    // The caller passes `m·n` elements.
    let Ok(a) = Array2::from_shape_vec((m, n), z) else {
        return Vec::new();
    };
    let q = cholesky_qr(a.view())
        .and_then(|q1| cholesky_qr(q1.view()))
        .unwrap_or_else(|| householder_q(a));
    q.into_raw_vec_and_offset().0
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

    /// `Q·R` reproduces `A`, where `R = QᵀA`.
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

    #[test]
    fn cholesky_qr2_and_householder_agree() {
        for &(m, n) in &[(1, 1), (5, 3), (7, 7), (60, 50), (130, 129), (300, 200)] {
            let a = test_matrix(m, n);
            let q = orthonormal_q(a.clone(), m, n);
            check(&q, &a, m, n);
            let h = householder_q(Array2::from_shape_vec((m, n), a.clone()).unwrap());
            let h = h.into_raw_vec_and_offset().0;
            check(&h, &a, m, n);
            for (x, y) in q.iter().zip(&h) {
                assert!((x - y).abs() < 1e-11);
            }
        }
    }

    #[test]
    fn rank_deficient_falls_back_to_householder() {
        // Two equal columns: Cholesky fails; sign(0) = +1 keeps Q orthonormal.
        let a = vec![1.0, 1.0, 2.0, 2.0, 3.0, 3.0];
        let q = orthonormal_q(a, 3, 2);
        assert!(gram_error(&q, 3, 2, 1.0) < 1e-14);
        assert!(q[0] > 0.0);
    }
}
