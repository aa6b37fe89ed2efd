//! The two matrix products the QR is made of, on row-major slices, with every
//! output element summed in one fixed order.
//!
//! [`at_b`] (`C = AᵀB`, a sum over the rows of both) and [`add_ab`] (`C ← C + A·B`)
//! define each element of the result as a sequence of IEEE operations that does
//! not depend on how the work is tiled or on the CPU:
//! - `add_ab`: `c ← (((c + a₀·b₀) + a₁·b₁) + …)`, the inner index ascending;
//! - `at_b`: the rows taken in blocks of [`KC`]; each block's products summed from
//!   zero, rows ascending, and the block sums added in block order to the first.
//!
//! Every product is rounded before it is added (Rust never contracts `a·b + c` into
//! a fused multiply-add, and no `mul_add` is called), so a vector register does
//! to each of its lanes exactly what scalar code does to one element. The tiles
//! vectorise only across independent output elements: a tile of `MR × NR`
//! outputs stays in registers while the inner index runs, and the compiler turns
//! the `NR` columns of a row into vector lanes. The functions are compiled for
//! SSE2 and for AVX2 (chosen at run time, as the fill loops are), with tiles
//! sized for each path's registers; the tile size changes which outputs share a
//! loop, never the operations on one output, so both copies, and a build for any
//! other CPU, give the same bits.

// Matrix code in the textbook's names (A, B, C, m, n, k).
#![allow(clippy::many_single_char_names)]
// Products take the dimensions and strides of three matrices, as BLAS does.
#![allow(clippy::too_many_arguments)]

use core::ops::{Add, Mul, Neg, Sub};

/// Rows per block of [`at_b`]'s sums. Part of the definition of the result (the
/// block sums are rounded), so a constant: 256 rows of a 16-column tile fill
/// 16 KiB of `f32`, half a typical L1 data cache.
pub(super) const KC: usize = 256;

/// An element type of the QR: `f32` or `f64`.
pub(crate) trait Scalar:
    Copy
    + Default
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Neg<Output = Self>
    + 'static
{
    /// Zero.
    const ZERO: Self;
    /// One.
    const ONE: Self;
    /// The value in `f64` (exact).
    fn wide(self) -> f64;
    /// `x` rounded to the nearest value of this type.
    fn narrow(x: f64) -> Self;
}

impl Scalar for f32 {
    const ZERO: f32 = 0.0;
    const ONE: f32 = 1.0;
    #[inline(always)]
    fn wide(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    #[allow(clippy::cast_possible_truncation)] // rounding to f32 is the point
    fn narrow(x: f64) -> f32 {
        x as f32
    }
}

impl Scalar for f64 {
    const ZERO: f64 = 0.0;
    const ONE: f64 = 1.0;
    #[inline(always)]
    fn wide(self) -> f64 {
        self
    }
    #[inline(always)]
    fn narrow(x: f64) -> f64 {
        x
    }
}

/// `out = AᵀB`, the `mo × no` result of the `k × mo` matrix `A` and the `k × no`
/// matrix `B`: `out[i][j] = Σ_r A[r][i]·B[r][j]`, summed as the module says.
///
/// Row-major with strides: `A[r][i] = a[r·lda + i]`, `B[r][j] = b[r·ldb + j]`,
/// `out[i][j] = out[i·ldo + j]`. With `k = 0` the result is zero.
#[multiversion::multiversion(targets("x86_64+avx2"))]
pub(super) fn at_b<T: Scalar>(
    out: &mut [T],
    ldo: usize,
    a: &[T],
    lda: usize,
    b: &[T],
    ldb: usize,
    k: usize,
    mo: usize,
    no: usize,
) {
    let wide = multiversion::target::target_cfg_f!(target_feature = "avx2");
    match (size_of::<T>() == 4, wide) {
        (true, true) => at_b_tiled::<T, 4, 16>(out, ldo, a, lda, b, ldb, k, mo, no),
        (false, true) | (true, false) => at_b_tiled::<T, 4, 8>(out, ldo, a, lda, b, ldb, k, mo, no),
        (false, false) => at_b_tiled::<T, 4, 4>(out, ldo, a, lda, b, ldb, k, mo, no),
    }
}

/// [`at_b`] in tiles of `MR × NR` outputs.
#[inline(always)]
fn at_b_tiled<T: Scalar, const MR: usize, const NR: usize>(
    out: &mut [T],
    ldo: usize,
    a: &[T],
    lda: usize,
    b: &[T],
    ldb: usize,
    k: usize,
    mo: usize,
    no: usize,
) {
    if mo == 0 || no == 0 {
        return;
    }
    if k == 0 {
        for row in out.chunks_mut(ldo).take(mo) {
            row[..no].fill(T::ZERO);
        }
        return;
    }
    let blocks = mo.div_ceil(MR);
    let mut a_pack = vec![[T::ZERO; MR]; blocks * KC.min(k)];
    let mut b_pack = vec![[T::ZERO; NR]; KC.min(k)];
    for r0 in (0..k).step_by(KC) {
        let kc = KC.min(k - r0);
        let first = r0 == 0;
        pack_a_t(&mut a_pack[..blocks * kc], &a[r0 * lda..], lda, kc, mo);
        for j0 in (0..no).step_by(NR) {
            let nr = NR.min(no - j0);
            pack_b(&mut b_pack[..kc], &b[r0 * ldb + j0..], ldb, nr);
            for (block, a_cols) in a_pack.chunks_exact(kc).take(blocks).enumerate() {
                let i0 = block * MR;
                let mr = MR.min(mo - i0);
                let mut acc = [[T::ZERO; NR]; MR];
                tile(&mut acc, a_cols, &b_pack[..kc]);
                let out = &mut out[i0 * ldo + j0..];
                for (i, acc_row) in acc.iter().enumerate().take(mr) {
                    let o = &mut out[i * ldo..];
                    if first && nr == NR {
                        *row_mut(o) = *acc_row;
                    } else {
                        for (x, &s) in o[..nr].iter_mut().zip(acc_row) {
                            *x = if first { s } else { *x + s };
                        }
                    }
                }
            }
        }
    }
}

/// `C ← C + A·B` for the `mo × k` matrix `A`, the `k × no` matrix `B` and the
/// `mo × no` matrix `C`: `C[i][j] ← (C[i][j] + A[i][0]·B[0][j]) + …`, `p` ascending.
///
/// Row-major with strides: `C[i][j] = c[i·ldc + j]`, `A[i][p] = a[i·lda + p]`,
/// `B[p][j] = b[p·ldb + j]`.
#[multiversion::multiversion(targets("x86_64+avx2"))]
pub(super) fn add_ab<T: Scalar>(
    c: &mut [T],
    ldc: usize,
    a: &[T],
    lda: usize,
    b: &[T],
    ldb: usize,
    mo: usize,
    no: usize,
    k: usize,
) {
    let wide = multiversion::target::target_cfg_f!(target_feature = "avx2");
    match (size_of::<T>() == 4, wide) {
        (true, true) => add_ab_tiled::<T, 6, 16>(c, ldc, a, lda, b, ldb, mo, no, k),
        (false, true) => add_ab_tiled::<T, 4, 8>(c, ldc, a, lda, b, ldb, mo, no, k),
        (true, false) => add_ab_tiled::<T, 6, 8>(c, ldc, a, lda, b, ldb, mo, no, k),
        (false, false) => add_ab_tiled::<T, 6, 4>(c, ldc, a, lda, b, ldb, mo, no, k),
    }
}

/// [`add_ab`] in tiles of `MR × NR` outputs.
#[inline(always)]
fn add_ab_tiled<T: Scalar, const MR: usize, const NR: usize>(
    c: &mut [T],
    ldc: usize,
    a: &[T],
    lda: usize,
    b: &[T],
    ldb: usize,
    mo: usize,
    no: usize,
    k: usize,
) {
    if mo == 0 || no == 0 || k == 0 {
        return;
    }
    let blocks = mo.div_ceil(MR);
    let mut a_pack = vec![[T::ZERO; MR]; blocks * k];
    pack_a(&mut a_pack, a, lda, mo, k);
    let mut b_pack = vec![[T::ZERO; NR]; k];
    for j0 in (0..no).step_by(NR) {
        let nr = NR.min(no - j0);
        pack_b(&mut b_pack, &b[j0..], ldb, nr);
        for (block, a_cols) in a_pack.chunks_exact(k).enumerate() {
            let i0 = block * MR;
            let mr = MR.min(mo - i0);
            let c = &mut c[i0 * ldc + j0..];
            if mr == MR && nr == NR {
                add_tile(c, ldc, a_cols, &b_pack);
            } else {
                // A partial tile, through a full one.
                let mut full = [[T::ZERO; NR]; MR];
                for (i, full_row) in full.iter_mut().enumerate().take(mr) {
                    full_row[..nr].copy_from_slice(&c[i * ldc..][..nr]);
                }
                add_tile(full.as_flattened_mut(), NR, a_cols, &b_pack);
                for (i, full_row) in full.iter().enumerate().take(mr) {
                    c[i * ldc..][..nr].copy_from_slice(&full_row[..nr]);
                }
            }
        }
    }
}

/// The `MR × NR` block of `C` (stride `ldc`) at the start of `c`, plus the
/// product of the packed `a` and `b`, by [`tile`].
#[inline(always)]
fn add_tile<T: Scalar, const MR: usize, const NR: usize>(
    c: &mut [T],
    ldc: usize,
    a: &[[T; MR]],
    b: &[[T; NR]],
) {
    let mut acc: [[T; NR]; MR] = core::array::from_fn(|i| *row(&c[i * ldc..]));
    tile(&mut acc, a, b);
    for (i, acc_row) in acc.iter().enumerate() {
        *row_mut(&mut c[i * ldc..]) = *acc_row;
    }
}

/// The tile every product runs: `acc[i][j] ← acc[i][j] + a[p][i]·b[p][j]` for `p`
/// ascending. The `MR × NR` sums stay in registers, each row's `NR` lanes in
/// vectors.
#[inline(always)]
fn tile<T: Scalar, const MR: usize, const NR: usize>(
    acc: &mut [[T; NR]; MR],
    a: &[[T; MR]],
    b: &[[T; NR]],
) {
    for (a_p, b_p) in a.iter().zip(b) {
        for (acc_row, &x) in acc.iter_mut().zip(a_p) {
            for (s, &y) in acc_row.iter_mut().zip(b_p) {
                *s = *s + x * y;
            }
        }
    }
}

/// Packs the `mo × k` row-major `A` (stride `lda`) for [`tile`]: block `q` holds
/// rows `q·MR..` column by column, `MR` values per column, zero past `mo`.
#[inline(always)]
fn pack_a<T: Scalar, const MR: usize>(
    pack: &mut [[T; MR]],
    a: &[T],
    lda: usize,
    mo: usize,
    k: usize,
) {
    for (i, a_row) in a.chunks(lda).take(mo).enumerate() {
        let block = &mut pack[(i / MR) * k..][..k];
        for (col, &x) in block.iter_mut().zip(&a_row[..k]) {
            col[i % MR] = x;
        }
    }
}

/// Packs the `kc × mo` row-major `A` (stride `lda`) as [`pack_a`] packs its
/// transpose: block `q` holds columns `q·MR..` row by row, zero past `mo`.
#[inline(always)]
fn pack_a_t<T: Scalar, const MR: usize>(
    pack: &mut [[T; MR]],
    a: &[T],
    lda: usize,
    kc: usize,
    mo: usize,
) {
    for (r, a_row) in a.chunks(lda).take(kc).enumerate() {
        let (full, rest) = a_row[..mo].as_chunks::<MR>();
        for (q, chunk) in full.iter().enumerate() {
            pack[q * kc + r] = *chunk;
        }
        if !rest.is_empty() {
            let slot = &mut pack[full.len() * kc + r];
            *slot = [T::ZERO; MR];
            for (x, &y) in slot.iter_mut().zip(rest) {
                *x = y;
            }
        }
    }
}

/// Packs `nr ≤ NR` columns of `pack.len()` rows of the row-major `B` (stride
/// `ldb`): row `p` into `pack[p]`, zero past `nr`.
#[inline(always)]
fn pack_b<T: Scalar, const NR: usize>(pack: &mut [[T; NR]], b: &[T], ldb: usize, nr: usize) {
    for (p, slot) in pack.iter_mut().enumerate() {
        if nr == NR {
            *slot = *row(&b[p * ldb..]);
        } else {
            slot[..nr].copy_from_slice(&b[p * ldb..][..nr]);
            slot[nr..].fill(T::ZERO);
        }
    }
}

/// The first `N` elements of `s`, as an array.
#[inline(always)]
fn row<T, const N: usize>(s: &[T]) -> &[T; N] {
    &s.as_chunks::<N>().0[0]
}

/// The first `N` elements of `s`, as a writable array.
#[inline(always)]
fn row_mut<T, const N: usize>(s: &mut [T]) -> &mut [T; N] {
    &mut s.as_chunks_mut::<N>().0[0]
}

#[cfg(test)]
mod tests;
