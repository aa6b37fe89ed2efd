//! The Q factor of a tall matrix by blocked Householder QR, with R's diagonal made
//! positive, and the orthogonality error of a matrix.
//!
//! The method is LAPACK's (`geqrf`, then `orgqr`): the columns are factored in
//! panels of [`panel_width`] columns; each panel's reflectors `H_j = I − τ_j·v_j·v_jᵀ`
//! are gathered into a block reflector `I − V·T·Vᵀ` (compact WY, `T` upper
//! triangular, as `larft` forms it) and applied to the columns on its right by
//! matrix products; Q is then formed from the identity's first columns, applying
//! the block reflectors from the last back. Within a panel, the columns are
//! factored recursively (the left half, its block reflector applied to the right
//! half, then the right half), down to [`LEAF`] columns factored one by one.
//!
//! The bits are the same on every platform, SIMD path and thread count: the
//! arithmetic is plain IEEE `+ − × ÷ √` in the element type, in an order fixed by
//! the algorithm (the products of [`gemm`] fix the order of each of their sums),
//! with no fused multiply-add; the block sizes are constants or functions of the
//! matrix's size alone. Norms are summed in `f64` (for `f32` too, where a sum over
//! a million rows would otherwise lose the reflector's orthogonality).
//!
//! Nothing here tests columns for linear dependence: a column whose part below the
//! diagonal is exactly zero gets the identity for its reflector (and R's diagonal
//! is the entry on it, `sign(0) = +1`); any other column gets a true reflector,
//! however long or small it is. Q is a product of reflectors, so it is orthonormal
//! to rounding for any input.

// Matrix code in the textbook's names (A, V, T, W, Q, R, m, n).
#![allow(clippy::many_single_char_names)]

mod gemm;

use gemm::{Scalar, add_ab, at_b};

/// Columns below which a panel is factored column by column.
const LEAF: usize = 16;

/// Columns per panel for a matrix of `n` columns: wider panels put more of the work
/// into the trailing products, narrower ones less into the panels'.
fn panel_width(n: usize) -> usize {
    if n >= 1536 {
        128
    } else if n >= 512 {
        64
    } else {
        32
    }
}

/// A factored panel: its first column `k0`, its reflectors `V` (`(m − k0) × b`,
/// row-major, unit lower trapezoidal with zeros above the diagonal) and `T`
/// (`b × b`, row-major, upper triangular), with `H_k0·…·H_{k0+b−1} = I − V·T·Vᵀ`.
struct Panel<T> {
    k0: usize,
    b: usize,
    v: Vec<T>,
    t: Vec<T>,
}

/// Which of the block reflector `I − V·T·Vᵀ` and its transpose to apply.
#[derive(Clone, Copy, PartialEq)]
enum Op {
    /// `I − V·T·Vᵀ`.
    Plain,
    /// `I − V·Tᵀ·Vᵀ`.
    Transposed,
}

impl<T: Scalar> Panel<T> {
    /// The block reflector of columns `c0..c1` of the factored `rows × w` panel
    /// `p` (see [`factor_panel`]), with their `tau`.
    fn new(p: &[T], w: usize, rows: usize, c0: usize, c1: usize, tau: &[T]) -> Self {
        let b = c1 - c0;
        let v = reflectors(p, w, rows, c0, c1);
        let t = block_t(&v, rows - c0, b, tau);
        Panel { k0: c0, b, v, t }
    }

    /// The block reflector of the whole factored `rows × w` panel `p`, which
    /// becomes its `V` in place.
    fn from_panel(mut p: Vec<T>, w: usize, rows: usize, tau: &[T]) -> Self {
        for (r, row) in p.chunks_exact_mut(w).take(w).enumerate() {
            row[r] = T::ONE;
            row[r + 1..].fill(T::ZERO);
        }
        let t = block_t(&p, rows, w, tau);
        Panel {
            k0: 0,
            b: w,
            v: p,
            t,
        }
    }

    /// `C ← (I − V·op(T)·Vᵀ)·C` for the block `c` of `cols` columns (row stride
    /// `ldc`) and as many rows as `V`: `W = VᵀC`, `W ← −op(T)·W`, `C ← C + V·W`.
    fn apply(&self, op: Op, c: &mut [T], ldc: usize, cols: usize) {
        let w = self.b;
        if cols == 0 || w == 0 {
            return;
        }
        let rows = self.v.len() / w;
        let mut vt_c = vec![T::ZERO; w * cols];
        at_b(&mut vt_c, cols, &self.v, w, c, ldc, rows, w, cols);
        // −op(T), as a dense w × w matrix.
        let mut neg_t = vec![T::ZERO; w * w];
        for i in 0..w {
            for j in i..w {
                let x = -self.t[i * w + j];
                match op {
                    Op::Plain => neg_t[i * w + j] = x,
                    Op::Transposed => neg_t[j * w + i] = x,
                }
            }
        }
        let mut tw = vec![T::ZERO; w * cols];
        add_ab(&mut tw, cols, &neg_t, w, &vt_c, cols, w, cols, w);
        add_ab(c, ldc, &self.v, w, &tw, cols, rows, cols, w);
    }
}

/// `T` of the block reflector `I − V·T·Vᵀ = H_0·…·H_{w−1}` for the `rows × w`
/// unit lower trapezoidal `v` and the reflectors' `tau` (LAPACK's `larft`,
/// forward, column by column): `T[j][j] = τ_j`,
/// `T[i][j] = −τ_j·Σ_{i ≤ p < j} T[i][p]·(VᵀV)[p][j]`.
fn block_t<T: Scalar>(v: &[T], rows: usize, w: usize, tau: &[T]) -> Vec<T> {
    let mut g = vec![T::ZERO; w * w];
    at_b(&mut g, w, v, w, v, w, rows, w, w);
    let mut t = vec![T::ZERO; w * w];
    for j in 0..w {
        let tj = tau[j];
        t[j * w + j] = tj;
        for i in 0..j {
            let mut s = T::ZERO;
            for p in i..j {
                s = s + t[i * w + p] * g[p * w + j];
            }
            t[i * w + j] = -(tj * s);
        }
    }
    t
}

/// Columns `c0..c1` of the `rows × w` row-major panel `p` (rows `c0..` of them, the
/// rows above already R's), unit lower trapezoidal as [`Panel::v`] needs it.
fn reflectors<T: Scalar>(p: &[T], w: usize, rows: usize, c0: usize, c1: usize) -> Vec<T> {
    let cols = c1 - c0;
    let mut v = vec![T::ZERO; (rows - c0) * cols];
    for (r, row) in v.chunks_exact_mut(cols).enumerate() {
        let src = &p[(c0 + r) * w + c0..][..cols];
        if r < cols {
            row[r] = T::ONE;
            row[..r].copy_from_slice(&src[..r]);
        } else {
            row.copy_from_slice(src);
        }
    }
    v
}

/// Factors columns `c0..c1` of the `rows × w` row-major panel `p` in place: R's
/// rows above the diagonal, the reflectors' `v` (without their unit first entry)
/// below it; `tau[j]` and `diag[j]` (R's diagonal entry) for each column.
fn factor_panel<T: Scalar>(
    p: &mut [T],
    w: usize,
    rows: usize,
    c0: usize,
    c1: usize,
    tau: &mut [T],
    diag: &mut [T],
) {
    if c1 - c0 <= LEAF {
        factor_leaf(p, w, rows, c0, c1, tau, diag);
        return;
    }
    let mid = c0 + (c1 - c0) / 2;
    factor_panel(p, w, rows, c0, mid, tau, diag);
    let left = Panel::new(p, w, rows, c0, mid, &tau[c0..mid]);
    left.apply(Op::Transposed, &mut p[c0 * w + mid..], w, c1 - mid);
    factor_panel(p, w, rows, mid, c1, tau, diag);
}

/// `Σ x²` over column `j` of the panel below the diagonal (rows `j + 1..rows`), in
/// `f64`, rows ascending.
fn tail_norm2<T: Scalar>(p: &[T], w: usize, rows: usize, j: usize) -> f64 {
    let mut tail = 0.0f64;
    for r in j + 1..rows {
        let x = p[r * w + j].wide();
        tail += x * x;
    }
    tail
}

/// Factors columns `c0..c1` (at most [`LEAF`]) of the panel one by one: column
/// `j`'s reflector (LAPACK's `larfg`: `β = −sign(x₀)·‖x‖`, `τ = (β − x₀)/β`,
/// `v = x/(x₀ − β)` below the first entry), then `H_j` applied to the columns
/// `j + 1..c1` as `C ← C + v·(−τ·vᵀC)`.
///
/// The arithmetic is that of [`at_b`] for `vᵀC` (sums over blocks of
/// [`gemm::KC`] rows from row `j`) and of [`add_ab`] for the update, in two passes
/// over the rows: the first scales `v` and sums `vᵀC`, the second updates `C` and
/// sums the next column's norm.
fn factor_leaf<T: Scalar>(
    p: &mut [T],
    w: usize,
    rows: usize,
    c0: usize,
    c1: usize,
    tau: &mut [T],
    diag: &mut [T],
) {
    let mut tail = tail_norm2(p, w, rows, c0);
    for j in c0..c1 {
        let x0 = p[j * w + j];
        if tail == 0.0 {
            // Already upper triangular in this column: H_j = I.
            tau[j] = T::ZERO;
            diag[j] = x0;
            tail = tail_norm2(p, w, rows, j + 1);
            continue;
        }
        let x0w = x0.wide();
        let norm = (x0w * x0w + tail).sqrt();
        let beta = if x0w > 0.0 { -norm } else { norm };
        let tau_j = T::narrow((beta - x0w) / beta);
        tau[j] = tau_j;
        diag[j] = T::narrow(beta);
        p[j * w + j] = diag[j];
        let scale = 1.0 / (x0w - beta);
        let cols = c1 - j - 1;
        // v (its first entry 1, the rest scaled in place) and d = vᵀC.
        let mut d = [T::ZERO; LEAF];
        for r0 in (j..rows).step_by(gemm::KC) {
            let mut block = [T::ZERO; LEAF];
            for r in r0..(r0 + gemm::KC).min(rows) {
                let row = &mut p[r * w + j..][..=cols];
                let v = if r == j {
                    T::ONE
                } else {
                    row[0] = T::narrow(row[0].wide() * scale);
                    row[0]
                };
                for (s, &x) in block.iter_mut().zip(&row[1..]) {
                    *s = *s + v * x;
                }
            }
            for (x, &s) in d.iter_mut().zip(&block).take(cols) {
                *x = if r0 == j { s } else { *x + s };
            }
        }
        if cols == 0 {
            return;
        }
        for x in &mut d {
            *x = -(tau_j * *x);
        }
        // C ← C + v·d, and the norm of the next column below its diagonal.
        tail = 0.0;
        for r in j..rows {
            let row = &mut p[r * w + j..][..=cols];
            let v = if r == j { T::ONE } else { row[0] };
            for (x, &y) in row[1..].iter_mut().zip(&d) {
                *x = *x + v * y;
            }
            if r > j + 1 {
                let x = row[1].wide();
                tail += x * x;
            }
        }
    }
}

/// The Q factor, with R's diagonal positive (`sign(0) = +1`), of the `m × n`
/// (`m ≥ n`) row-major matrix `a`: `m × n` row-major, or its transpose (`n × m`,
/// row-major) when `transpose_q`.
pub(crate) fn orthonormal_q<T: Scalar>(a: Vec<T>, m: usize, n: usize, transpose_q: bool) -> Vec<T> {
    orthonormal_q_in_panels(a, m, n, transpose_q, panel_width(n))
}

/// [`orthonormal_q`] with panels of `nb` columns.
fn orthonormal_q_in_panels<T: Scalar>(
    mut a: Vec<T>,
    m: usize,
    n: usize,
    transpose_q: bool,
    nb: usize,
) -> Vec<T> {
    if m == 0 || n == 0 || m < n || nb == 0 || a.len() != m * n {
        return Vec::new();
    }
    let mut panels = Vec::with_capacity(n.div_ceil(nb));
    let mut diag = vec![T::ZERO; n];
    for k0 in (0..n).step_by(nb) {
        let k1 = (k0 + nb).min(n);
        let (b, rows) = (k1 - k0, m - k0);
        let mut p = if b == n {
            core::mem::take(&mut a)
        } else {
            let mut p = vec![T::ZERO; rows * b];
            for (r, row) in p.chunks_exact_mut(b).enumerate() {
                row.copy_from_slice(&a[(k0 + r) * n + k0..][..b]);
            }
            p
        };
        let mut tau = vec![T::ZERO; b];
        factor_panel(&mut p, b, rows, 0, b, &mut tau, &mut diag[k0..k1]);
        let mut panel = Panel::from_panel(p, b, rows, &tau);
        panel.k0 = k0;
        // Qᵀ·A for the columns on the right: Hᵀ = I − V·Tᵀ·Vᵀ.
        if k1 < n {
            panel.apply(Op::Transposed, &mut a[k0 * n + k1..], n, n - k1);
        }
        panels.push(panel);
    }
    drop(a);
    // Q = H_0·…·H_{p−1}·[I; 0], from the last panel back; panel p touches only
    // the rows and columns from its first on.
    let mut q = vec![T::ZERO; m * n];
    for j in 0..n {
        q[j * n + j] = T::ONE;
    }
    for panel in panels.iter().rev() {
        let k0 = panel.k0;
        panel.apply(Op::Plain, &mut q[k0 * n + k0..], n, n - k0);
    }
    // A negative R[j][j] flips column j of Q.
    let flip: Vec<bool> = diag.iter().map(|&d| d < T::ZERO).collect();
    for row in q.chunks_exact_mut(n) {
        for (x, &f) in row.iter_mut().zip(&flip) {
            if f {
                *x = -*x;
            }
        }
    }
    if transpose_q { transpose(&q, m, n) } else { q }
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

/// Columns per block of the Gram matrix in [`gram_error`]: only the blocks on
/// and above the diagonal are computed.
const GRAM_BLOCK: usize = 128;

/// `max |G − g2·I|` over the smaller Gram matrix of the `rows × cols` row-major
/// `w`, in `f64`.
pub(crate) fn gram_error(w: &[f64], rows: usize, cols: usize, g2: f64) -> f64 {
    if w.len() != rows * cols {
        return f64::NAN;
    }
    // The Gram matrix of the columns of `a` (k × n): G[i][j] = Σ_r a[r][i]·a[r][j].
    let transposed;
    let (a, k, n) = if rows >= cols {
        (w, rows, cols)
    } else {
        transposed = transpose(w, rows, cols);
        (&transposed[..], cols, rows)
    };
    let mut g = vec![0.0f64; n * n];
    for j0 in (0..n).step_by(GRAM_BLOCK) {
        let j1 = (j0 + GRAM_BLOCK).min(n);
        at_b(&mut g[j0..], n, a, n, &a[j0..], n, k, j1, j1 - j0);
    }
    let mut err = 0.0f64;
    for i in 0..n {
        for j in i..n {
            let target = if i == j { g2 } else { 0.0 };
            let d = (g[i * n + j] - target).abs();
            if !(d <= err) {
                err = d;
            }
        }
    }
    err
}

#[cfg(test)]
mod tests;
