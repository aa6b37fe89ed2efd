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
    let at_b = Product::AtB;
    match (size_of::<T>() == 4, wide) {
        (true, true) => tiled::<T, 4, 16>(at_b, out, ldo, a, lda, b, ldb, mo, no, k),
        (false, true) | (true, false) => {
            tiled::<T, 4, 8>(at_b, out, ldo, a, lda, b, ldb, mo, no, k);
        }
        (false, false) => tiled::<T, 4, 4>(at_b, out, ldo, a, lda, b, ldb, mo, no, k),
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
    let add_ab = Product::AddAB;
    match (size_of::<T>() == 4, wide) {
        (true, true) => tiled::<T, 6, 16>(add_ab, c, ldc, a, lda, b, ldb, mo, no, k),
        (false, true) => tiled::<T, 4, 8>(add_ab, c, ldc, a, lda, b, ldb, mo, no, k),
        (true, false) => tiled::<T, 6, 8>(add_ab, c, ldc, a, lda, b, ldb, mo, no, k),
        (false, false) => tiled::<T, 6, 4>(add_ab, c, ldc, a, lda, b, ldb, mo, no, k),
    }
}

/// The product [`tiled`] computes.
#[derive(Clone, Copy, PartialEq)]
enum Product {
    /// [`at_b`].
    AtB,
    /// [`add_ab`].
    AddAB,
}

/// [`at_b`] or [`add_ab`] in tiles of `MR × NR` outputs, the inner index in
/// blocks of [`KC`].
#[inline(always)]
fn tiled<T: Scalar, const MR: usize, const NR: usize>(
    product: Product,
    out: &mut [T],
    ldo: usize,
    a: &[T],
    lda: usize,
    b: &[T],
    ldb: usize,
    mo: usize,
    no: usize,
    k: usize,
) {
    if mo == 0 || no == 0 {
        return;
    }
    if k == 0 {
        if product == Product::AtB {
            for row in out.chunks_mut(ldo).take(mo) {
                row[..no].fill(T::ZERO);
            }
        }
        return;
    }
    let blocks = mo.div_ceil(MR);
    let mut a_pack = vec![[T::ZERO; MR]; blocks * KC.min(k)];
    let mut b_pack = vec![[T::ZERO; NR]; KC.min(k)];
    for r0 in (0..k).step_by(KC) {
        let kc = KC.min(k - r0);
        let a_pack = &mut a_pack[..blocks * kc];
        let b_pack = &mut b_pack[..kc];
        let write = match product {
            Product::AtB if r0 == 0 => Write::Store,
            Product::AtB => Write::Add,
            Product::AddAB => Write::Accumulate,
        };
        match product {
            Product::AtB => pack_a_t(a_pack, &a[r0 * lda..], lda, kc, mo),
            Product::AddAB => pack_a(a_pack, &a[r0..], lda, mo, kc),
        }
        for j0 in (0..no).step_by(NR) {
            let nr = NR.min(no - j0);
            pack_b(b_pack, &b[r0 * ldb + j0..], ldb, nr);
            for (block, a_cols) in a_pack.chunks_exact(kc).enumerate() {
                let i0 = block * MR;
                let mr = MR.min(mo - i0);
                let out = &mut out[i0 * ldo + j0..];
                write_tile(write, out, ldo, mr, nr, a_cols, b_pack);
            }
        }
    }
}

/// How [`write_tile`] combines a tile's sums with the result.
#[derive(Clone, Copy, PartialEq)]
enum Write {
    /// `out = Σ`.
    Store,
    /// `out = out + Σ`.
    Add,
    /// The sums start from `out`.
    Accumulate,
}

/// The `mr × nr` block at `out` (stride `ldo`) and the packed `a·b` by [`tile`].
#[inline(always)]
fn write_tile<T: Scalar, const MR: usize, const NR: usize>(
    write: Write,
    out: &mut [T],
    ldo: usize,
    mr: usize,
    nr: usize,
    a: &[[T; MR]],
    b: &[[T; NR]],
) {
    if write == Write::Accumulate && mr == MR && nr == NR {
        let mut acc: [[T; NR]; MR] = core::array::from_fn(|i| *row(&out[i * ldo..]));
        tile(&mut acc, a, b);
        for (i, acc_row) in acc.iter().enumerate() {
            *row_mut(&mut out[i * ldo..]) = *acc_row;
        }
        return;
    }
    let mut acc = [[T::ZERO; NR]; MR];
    if write == Write::Accumulate {
        for (i, acc_row) in acc.iter_mut().enumerate().take(mr) {
            acc_row[..nr].copy_from_slice(&out[i * ldo..][..nr]);
        }
    }
    tile(&mut acc, a, b);
    for (i, acc_row) in acc.iter().enumerate().take(mr) {
        let o = &mut out[i * ldo..];
        if write != Write::Add && nr == NR {
            *row_mut(o) = *acc_row;
        } else {
            for (x, &s) in o[..nr].iter_mut().zip(acc_row) {
                *x = if write == Write::Add { *x + s } else { s };
            }
        }
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
