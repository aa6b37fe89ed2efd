//! `Tensor.uniform_` on PyTorch's CPU generator: `uniform_kernel` of
//! `aten/src/ATen/native/cpu/DistributionTemplates.h`, through
//! `at::uniform_real_distribution` (`aten/src/ATen/core/DistributionsHelper.h`)
//! and `transformation::uniform_real` (`aten/src/ATen/core/TransformationHelper.h`).
//!
//! A `float32` element keeps the low 24 bits of one 32-bit draw, `x = k·2⁻²⁴`; a
//! `float64` element the low 53 bits of a 64-bit draw (two 32-bit draws, the first
//! in the high half), `x = k·2⁻⁵³`. The value is `x·(to − from) + from` in the
//! element type, with `from`, `to` and `to − from` rounded to it first. PyTorch's
//! AVX2 and AVX-512 builds compute that as one fused multiply-add (the compiler
//! contracts it); its baseline x86-64 build rounds the product and the sum
//! separately. A value that rounds up to `to` is replaced by `from`, which keeps
//! the range half-open.
//!
//! The words are drawn a block at a time ([`Mt19937::fill`]) and mapped in a plain
//! loop, compiled for AVX2 with FMA and for the baseline, chosen at run time; both
//! copies give the same bits ([`f32::mul_add`] is exact everywhere, and merely
//! faster where the CPU has the instruction).

use super::mt19937::Mt19937;
use crate::Real;

/// Elements per block of draws.
pub(crate) const BLOCK: usize = 512;

/// `k·2⁻²⁴` from the low 24 bits of a draw: `uniform_real<float>`'s `x`.
#[inline(always)]
pub(crate) fn unit24(word: u32) -> f32 {
    // k < 2^24: the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let k = (word & 0x00ff_ffff) as f32;
    k * (1.0 / 16_777_216.0)
}

/// `k·2⁻⁵³` from the low 53 bits of a 64-bit draw: `uniform_real<double>`'s `x`.
#[inline(always)]
pub(crate) fn unit53(word: u64) -> f64 {
    // k < 2^53: the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let k = (word & ((1 << 53) - 1)) as f64;
    k * (1.0 / 9_007_199_254_740_992.0)
}

/// Fills `out` with `float32` `uniform_(from, to)` values; `fused` chooses the
/// fused multiply-add of PyTorch's AVX2 and AVX-512 builds.
pub(crate) fn uniform_f32<T: Real>(
    mt: &mut Mt19937,
    out: &mut [T],
    from: f32,
    to: f32,
    fused: bool,
) {
    let range = to - from;
    if fused {
        fill_f32(mt, out, from, to, |x| x.mul_add(range, from));
    } else {
        fill_f32(mt, out, from, to, |x| x * range + from);
    }
}

/// Fills `out` with `float64` `uniform_(from, to)` values; `fused` as in
/// [`uniform_f32`].
pub(crate) fn uniform_f64<T: Real>(
    mt: &mut Mt19937,
    out: &mut [T],
    from: f64,
    to: f64,
    fused: bool,
) {
    let range = to - from;
    if fused {
        fill_f64(mt, out, from, to, |x| x.mul_add(range, from));
    } else {
        fill_f64(mt, out, from, to, |x| x * range + from);
    }
}

#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
fn fill_f32<T: Real, F: Fn(f32) -> f32>(
    mt: &mut Mt19937,
    out: &mut [T],
    from: f32,
    to: f32,
    affine: F,
) {
    let mut words = [0u32; BLOCK];
    for chunk in out.chunks_mut(BLOCK) {
        let words = &mut words[..chunk.len()];
        mt.fill(words);
        for (o, &w) in chunk.iter_mut().zip(words.iter()) {
            let v = affine(unit24(w));
            // Exactly `to`: the one value outside the half-open range.
            #[allow(clippy::float_cmp)]
            let v = if v == to { from } else { v };
            *o = T::from_f64(f64::from(v));
        }
    }
}

#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
fn fill_f64<T: Real, F: Fn(f64) -> f64>(
    mt: &mut Mt19937,
    out: &mut [T],
    from: f64,
    to: f64,
    affine: F,
) {
    let mut words = [0u32; 2 * BLOCK];
    for chunk in out.chunks_mut(BLOCK) {
        let words = &mut words[..2 * chunk.len()];
        mt.fill(words);
        for (o, pair) in chunk.iter_mut().zip(words.chunks_exact(2)) {
            let v = affine(unit53((u64::from(pair[0]) << 32) | u64::from(pair[1])));
            // Exactly `to`: the one value outside the half-open range.
            #[allow(clippy::float_cmp)]
            let v = if v == to { from } else { v };
            *o = T::from_f64(v);
        }
    }
}

#[cfg(test)]
mod tests;
