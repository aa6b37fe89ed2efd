//! `Tensor.normal_` on PyTorch's CPU generator: `normal_kernel` of
//! `aten/src/ATen/native/cpu/DistributionTemplates.h`.
//!
//! PyTorch takes one of three paths, by the tensor's length and type:
//!
//! - **16 elements or more, `float32`, AVX2 build** (`normal_fill_AVX2`): every
//!   element first gets a 24-bit uniform `u` (one draw each); then each whole block
//!   of 16 becomes 16 normals by Box–Muller, pairing element `j` with `j + 8`:
//!   `r = √(−2·log(1 − u_j))`, `θ = 2π·u_{j+8}`, `x_j = r·cos θ`, `x_{j+8} = r·sin θ`,
//!   each then `fma(x, std, mean)`, with `log` and `sincos` the `avx_mathfun.h`
//!   polynomials ([`super::avx_math`]).
//! - **16 elements or more, otherwise** (`normal_fill` with `normal_fill_16`): the
//!   same blocks, computed in the element type with the C library's `log`, `cos`
//!   and `sin` (`logf`, `cosf`, `sinf` for `float32`, whose `θ` is computed in
//!   double and rounded to float); `float64` uniforms take 53 bits of a 64-bit
//!   draw. The last step `r·cos θ·std + mean` is one fused multiply-add in the AVX2
//!   and AVX-512 builds (contracted by the compiler) and two roundings in the
//!   baseline build.
//!
//!   On both of these paths, when the length is not a multiple of 16, the uniforms
//!   of the last, partial block are drawn but never used: 16 fresh uniforms are
//!   drawn and the last 16 elements are recomputed from them.
//! - **fewer than 16 elements** (any type): `at::normal_distribution<double>` per
//!   element (`aten/src/ATen/core/DistributionsHelper.h`), in double: two 53-bit
//!   uniforms `u₁`, `u₂` (four draws), `r = √(−2·log1p(−u₂))`, `θ = 2π·u₁`; it returns
//!   `r·cos θ` and keeps `r·sin θ` in the generator for its next call (PyTorch's
//!   `next_double_normal_sample`), which takes that value and draws nothing. The
//!   value is then `z·std + mean` in double (fused as above), rounded to the
//!   element type.

use core::f64::consts::PI;

use super::avx_math::{log_ps, sincos_ps};
use super::mt19937::Mt19937;
use super::uniform::{BLOCK, unit24, unit53};
use crate::Real;

/// `_mm256_set1_ps(2.0f * c10::pi<double>)`: 2π rounded to `f32`.
#[allow(clippy::cast_possible_truncation)] // the rounding PyTorch does
const TWO_PI_F32: f32 = (2.0 * PI) as f32;

/// Draws `n` words that are never used (the partial block's uniforms).
fn discard(mt: &mut Mt19937, mut n: usize) {
    let mut words = [0u32; 16];
    while n > 0 {
        let k = n.min(16);
        mt.fill(&mut words[..k]);
        n -= k;
    }
}

/// The block structure shared by the paths for 16 elements or more: whole blocks
/// of 16 from `words` draws per element, then the last 16 recomputed from fresh
/// draws when the length is not a multiple of 16. `block` maps one block's
/// `16·words` draws to its 16 values.
#[inline(always)]
fn blocks<T: Real, const W: usize>(
    mt: &mut Mt19937,
    out: &mut [T],
    mut block: impl FnMut(&[u32], &mut [T]),
) {
    let n = out.len();
    debug_assert!(n >= 16);
    let whole = n - n % 16;
    let mut words = [0u32; 2 * BLOCK];
    for chunk in out[..whole].chunks_mut(BLOCK) {
        let words = &mut words[..W * chunk.len()];
        mt.fill(words);
        for (o, w) in chunk.chunks_exact_mut(16).zip(words.chunks_exact(16 * W)) {
            block(w, o);
        }
    }
    if !n.is_multiple_of(16) {
        discard(mt, W * (n % 16));
        let words = &mut words[..16 * W];
        mt.fill(words);
        block(words, &mut out[n - 16..]);
    }
}

/// `float32`, 16 elements or more, AVX2 build: `normal_fill_AVX2`.
#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
pub(crate) fn normal_f32_avx2<T: Real>(mt: &mut Mt19937, out: &mut [T], mean: f32, std: f32) {
    blocks::<T, 1>(mt, out, |w, o| {
        let d: [f32; 16] = core::array::from_fn(|i| unit24(w[i]));
        let mut v = [0.0f32; 16];
        for j in 0..8 {
            let radius = (-2.0 * log_ps(1.0 - d[j])).sqrt();
            let (sin, cos) = sincos_ps(TWO_PI_F32 * d[j + 8]);
            v[j] = (radius * cos).mul_add(std, mean);
            v[j + 8] = (radius * sin).mul_add(std, mean);
        }
        for (o, &v) in o.iter_mut().zip(&v) {
            *o = T::from_f64(f64::from(v));
        }
    });
}

/// `float32`, 16 elements or more, without AVX2's polynomials:
/// `normal_fill<float>`; `fused` for the AVX-512 build's contracted last step.
pub(crate) fn normal_f32_libm<T: Real>(
    mt: &mut Mt19937,
    out: &mut [T],
    mean: f32,
    std: f32,
    fused: bool,
) {
    blocks::<T, 1>(mt, out, |w, o| {
        let d: [f32; 16] = core::array::from_fn(|i| unit24(w[i]));
        for j in 0..8 {
            let radius = (-2.0 * (1.0 - d[j]).ln()).sqrt();
            // `2.0f * c10::pi<double> * u2` is a double, stored in a float.
            #[allow(clippy::cast_possible_truncation)]
            let theta = (2.0 * PI * f64::from(d[j + 8])) as f32;
            let (x1, x2) = (radius * theta.cos(), radius * theta.sin());
            let (v1, v2) = if fused {
                (x1.mul_add(std, mean), x2.mul_add(std, mean))
            } else {
                (x1 * std + mean, x2 * std + mean)
            };
            o[j] = T::from_f64(f64::from(v1));
            o[j + 8] = T::from_f64(f64::from(v2));
        }
    });
}

/// `float64`, 16 elements or more: `normal_fill<double>`; `fused` for the AVX2
/// and AVX-512 builds' contracted last step.
pub(crate) fn normal_f64<T: Real>(
    mt: &mut Mt19937,
    out: &mut [T],
    mean: f64,
    std: f64,
    fused: bool,
) {
    blocks::<T, 2>(mt, out, |w, o| {
        let d: [f64; 16] =
            core::array::from_fn(|i| unit53((u64::from(w[2 * i]) << 32) | u64::from(w[2 * i + 1])));
        for j in 0..8 {
            let radius = (-2.0 * (1.0 - d[j]).ln()).sqrt();
            let theta = 2.0 * PI * d[j + 8];
            let (x1, x2) = (radius * theta.cos(), radius * theta.sin());
            let (v1, v2) = if fused {
                (x1.mul_add(std, mean), x2.mul_add(std, mean))
            } else {
                (x1 * std + mean, x2 * std + mean)
            };
            o[j] = T::from_f64(v1);
            o[j + 8] = T::from_f64(v2);
        }
    });
}

/// One value of `at::normal_distribution<double>(mean, std)`: the cached second
/// value of the last pair if there is one, else a new pair.
pub(crate) fn normal_scalar(
    mt: &mut Mt19937,
    cache: &mut Option<f64>,
    mean: f64,
    std: f64,
    fused: bool,
) -> f64 {
    let z = if let Some(z) = cache.take() {
        z
    } else {
        let u1 = unit53(mt.next_u64());
        let u2 = unit53(mt.next_u64());
        let r = (-2.0 * (-u2).ln_1p()).sqrt();
        let theta = 2.0 * PI * u1;
        *cache = Some(r * theta.sin());
        r * theta.cos()
    };
    if fused {
        z.mul_add(std, mean)
    } else {
        z * std + mean
    }
}

#[cfg(test)]
mod tests;
