//! The Q factor of a tall `f32` matrix by blocked Householder QR (compact WY
//! form), with R's diagonal made positive: the `f32` path of the orthogonal
//! initializers, where `sgemm` does nearly all the work.
//!
//! Every product goes through `ndarray`'s `general_mat_mul` (`matrixmultiply`'s
//! `sgemm`, single-threaded); norms and the small triangular factors are
//! accumulated in `f64`.

// Matrix code in the textbook's names (A, V, T, W, Q, m, n).
#![allow(clippy::many_single_char_names)]
// ndarray views are cheap handles, passed by value as ndarray does.
#![allow(clippy::needless_pass_by_value)]

use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayViewMut2};

use super::qr::{sub, sub_mut};

/// Columns per panel: wider panels make the GEMMs more efficient on large
/// matrices, narrower ones keep the in-cache panel work small on smaller ones.
fn panel_width(n: usize) -> usize {
    if n >= 1536 { 128 } else { 64 }
}

/// One factored panel: its reflectors `V` (unit lower trapezoidal, rows `k0..m`)
/// and the upper-triangular `T` with `H_k0·…·H_k1−1 = I − V·T·Vᵀ`.
struct Panel {
    k0: usize,
    v: Array2<f32>,
    t: Array2<f32>,
}

/// Panels narrower than this are factored column by column.
const LEAF: usize = 16;

/// The block reflector of columns `c0..c1` of the factored panel `p`: `V` (rows
/// `c0..`, unit lower trapezoidal) and `T`, with `τ` from `tau`.
#[allow(clippy::cast_possible_truncation)] // f64 accumulations rounded to f32
fn reflectors(p: &Array2<f32>, c0: usize, c1: usize, tau: &[f64]) -> Panel {
    let rows = p.nrows() - c0;
    let nb = c1 - c0;
    let mut v = Array2::<f32>::zeros((rows, nb));
    for r in 0..rows {
        for c in 0..nb.min(r + 1) {
            v[[r, c]] = if r == c { 1.0 } else { p[[c0 + r, c0 + c]] };
        }
    }
    // T: T[j][j] = τ_j, T[..j][j] = −τ_j·T[..j][..j]·(V[:, ..j]ᵀ·v_j), with every
    // VᵀV product from one GEMM.
    let mut vtv = Array2::<f32>::zeros((nb, nb));
    general_mat_mul(1.0, &v.t(), &v, 0.0, &mut vtv);
    let mut t = Array2::<f64>::zeros((nb, nb));
    for j in 0..nb {
        let tj = tau[c0 + j];
        t[[j, j]] = tj;
        if tj == 0.0 {
            continue;
        }
        for q in 0..j {
            let s: f64 = (q..j).map(|k| t[[q, k]] * f64::from(vtv[[k, j]])).sum();
            t[[q, j]] = -tj * s;
        }
    }
    Panel {
        k0: c0,
        v,
        t: t.mapv(|x| x as f32),
    }
}

/// Factors columns `c0..c1` of the panel `p` (rows `c0..`), recursively: the left
/// half, its block reflector applied to the right half by GEMM, then the right
/// half. `tau` and `signs` get each column's `τ` and the sign of `R[j][j]`
/// (`sign(0) = +1`).
#[allow(clippy::cast_possible_truncation)] // f64 accumulations rounded to f32
fn factor_cols(p: &mut Array2<f32>, c0: usize, c1: usize, tau: &mut [f64], signs: &mut [f32]) {
    let rows = p.nrows();
    if c1 - c0 > LEAF {
        let mid = c0 + (c1 - c0) / 2;
        factor_cols(p, c0, mid, tau, signs);
        let left = reflectors(p, c0, mid, tau);
        apply(&left, sub_mut(p.view_mut(), c0..rows, mid..c1), true);
        factor_cols(p, mid, c1, tau, signs);
        return;
    }
    let mut dots = vec![0.0f32; c1 - c0];
    for jj in c0..c1 {
        let x0 = f64::from(p[[jj, jj]]);
        let tail: f64 = (jj + 1..rows).map(|r| f64::from(p[[r, jj]]).powi(2)).sum();
        if tail == 0.0 {
            // Already upper triangular in this column: H = I.
            signs[jj] = if x0 < 0.0 { -1.0 } else { 1.0 };
            continue;
        }
        let norm = (x0 * x0 + tail).sqrt();
        let beta = if x0 > 0.0 { -norm } else { norm };
        signs[jj] = if beta < 0.0 { -1.0 } else { 1.0 };
        tau[jj] = (beta - x0) / beta;
        let scale = 1.0 / (x0 - beta);
        for r in jj + 1..rows {
            p[[r, jj]] = (f64::from(p[[r, jj]]) * scale) as f32;
        }
        p[[jj, jj]] = beta as f32;
        // Apply H = I − τ·v·vᵀ (v = [1; p[jj+1.., jj]]) to columns jj+1..c1, row
        // by row (contiguous, so the loops vectorise).
        let later = jj + 1..c1;
        let dots = &mut dots[..later.len()];
        for (d, &x) in dots.iter_mut().zip(p.row(jj).iter().skip(jj + 1)) {
            *d = x;
        }
        for r in jj + 1..rows {
            let row = p.row(r);
            let Some(row) = row.as_slice() else { continue };
            let vr = row[jj];
            for (d, &x) in dots.iter_mut().zip(&row[later.clone()]) {
                *d += vr * x;
            }
        }
        let tau32 = tau[jj] as f32;
        for d in dots.iter_mut() {
            *d *= tau32;
        }
        for r in jj..rows {
            let mut row = p.row_mut(r);
            let Some(row) = row.as_slice_mut() else {
                continue;
            };
            let vr = if r == jj { 1.0 } else { row[jj] };
            for (x, &d) in row[later.clone()].iter_mut().zip(dots.iter()) {
                *x -= d * vr;
            }
        }
    }
}

/// Factors columns `k0..k1` of `a` (rows `k0..m`), leaving R's rows in `a` and
/// returning the panel's reflectors; `signs[j]` gets the sign of `R[j][j]`
/// (`sign(0) = +1`).
fn factor_panel(a: &mut Array2<f32>, k0: usize, k1: usize, signs: &mut [f32]) -> Panel {
    let m = a.nrows();
    let nb = k1 - k0;
    // The panel, copied to a contiguous row-major block that stays in cache.
    let mut p = sub(a.view(), k0..m, k0..k1).to_owned();
    let mut tau = vec![0.0f64; nb];
    factor_cols(&mut p, 0, nb, &mut tau, &mut signs[k0..k1]);
    sub_mut(a.view_mut(), k0..m, k0..k1).assign(&p);
    let mut panel = reflectors(&p, 0, nb, &tau);
    panel.k0 = k0;
    panel
}

/// `C ← C − V·T·(Vᵀ·C)` (with `Tᵀ` when `transpose`): a block reflector applied
/// from the left to `c`, the rows `k0..m` of some columns.
fn apply(panel: &Panel, mut c: ArrayViewMut2<'_, f32>, transpose: bool) {
    let nb = panel.v.ncols();
    let cols = c.ncols();
    if cols == 0 {
        return;
    }
    let mut w = Array2::<f32>::zeros((nb, cols));
    general_mat_mul(1.0, &panel.v.t(), &c.view(), 0.0, &mut w);
    let mut tw = Array2::<f32>::zeros((nb, cols));
    if transpose {
        general_mat_mul(1.0, &panel.t.t(), &w, 0.0, &mut tw);
    } else {
        general_mat_mul(1.0, &panel.t, &w, 0.0, &mut tw);
    }
    general_mat_mul(-1.0, &panel.v, &tw, 1.0, &mut c);
}

/// The Q factor, with R's diagonal positive, of the `m × n` (`m ≥ n`) matrix `a`.
pub(crate) fn orthonormal_q_f32(a: Array2<f32>) -> Array2<f32> {
    let nb = panel_width(a.ncols());
    q_with_panels(a, nb)
}

/// [`orthonormal_q_f32`] with panels `nb` columns wide.
fn q_with_panels(mut a: Array2<f32>, nb: usize) -> Array2<f32> {
    let (m, n) = a.dim();
    let mut signs = vec![1.0f32; n];
    let mut panels = Vec::with_capacity(n.div_ceil(nb));
    for k0 in (0..n).step_by(nb) {
        let k1 = (k0 + nb).min(n);
        let panel = factor_panel(&mut a, k0, k1, &mut signs);
        // Qᵀ·A for the trailing columns: Hᵀ = I − V·Tᵀ·Vᵀ.
        apply(&panel, sub_mut(a.view_mut(), k0..m, k1..n), true);
        panels.push(panel);
    }
    // Q = H_0·…·H_{p−1}·[I; 0], applied from the last panel back; panel p only
    // touches rows and columns k0.. of the result.
    let mut q = Array2::<f32>::zeros((m, n));
    for j in 0..n {
        q[[j, j]] = 1.0;
    }
    for panel in panels.iter().rev() {
        let k0 = panel.k0;
        apply(panel, sub_mut(q.view_mut(), k0..m, k0..n), false);
    }
    for (j, &sign) in signs.iter().enumerate() {
        if sign < 0.0 {
            q.column_mut(j).mapv_inplace(|x| -x);
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_f64_q_and_is_orthonormal() {
        for &(m, n) in &[(1, 1), (5, 3), (7, 7), (40, 33), (100, 64), (130, 129)] {
            let mut x = 99u64;
            let z: Vec<f64> = (0..m * n)
                .map(|_| {
                    x = crate::rng::mix64(x);
                    #[allow(clippy::cast_precision_loss)]
                    let u = (x >> 11) as f64 / 9_007_199_254_740_992.0;
                    u - 0.5
                })
                .collect();
            #[allow(clippy::cast_possible_truncation)]
            let a32 =
                Array2::from_shape_vec((m, n), z.iter().map(|&v| v as f32).collect()).unwrap();
            let z32: Vec<f64> = a32.iter().map(|&v| f64::from(v)).collect();
            let q64 = super::super::qr::orthonormal_q(z32, m, n);
            let q32 = orthonormal_q_f32(a32.clone());
            // Other panel widths (and so other recursion depths) give the same Q
            // up to rounding.
            for nb in [1, 8, 128] {
                let q = q_with_panels(a32.clone(), nb);
                for (x, y) in q.iter().zip(&q64) {
                    assert!((f64::from(*x) - y).abs() < 1e-4, "nb {nb}, {m}x{n}");
                }
            }
            for (x, y) in q32.iter().zip(&q64) {
                assert!((f64::from(*x) - y).abs() < 1e-4, "{m}x{n}: {x} vs {y}");
            }
            let q: Vec<f64> = q32.iter().map(|&v| f64::from(v)).collect();
            assert!(super::super::qr::gram_error(&q, m, n, 1.0) < 1e-5);
        }
    }
}
