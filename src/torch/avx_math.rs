//! The single-precision `log` and `sincos` that PyTorch's AVX2 `normal_` kernel
//! uses: `log256_ps` and `sincos256_ps` of `aten/src/ATen/native/cpu/avx_mathfun.h`
//! (Giovanni Garberoglio's AVX port of Julien Pommier's SSE routines, after the
//! Cephes library), one lane at a time.
//!
//! PyTorch compiles its AVX2 kernels with fused multiply-add enabled, and the
//! compiler contracts many of the routines' multiply-then-add pairs into one
//! fused step, rounded once. Which pairs it contracted decides the last bits, so
//! each is written here with [`f32::mul_add`] exactly where PyTorch's binary fuses
//! and with a plain `*` and `+` (two roundings) everywhere else. These routines
//! serve the AVX2 kernel only: the other kernels call the C library.
//!
//! Each lane is computed branch-free (selects rather than jumps), as the vector
//! code does, so that the compiler can run the eight lanes of a block together.

// The constants are written as `avx_mathfun.h` writes them, and the routines keep
// its one-letter names (x, y, z, e, j).
#![allow(clippy::excessive_precision, clippy::many_single_char_names)]

/// `_ps256_cephes_SQRTHF`: √½ (`avx_mathfun.h`'s 0.707106781186547524, rounded
/// to `f32`).
const SQRTHF: f32 = core::f32::consts::FRAC_1_SQRT_2;
/// `_ps256_cephes_log_p0` … `_p8`: the polynomial for `log(1 + x)`, highest first.
const LOG_P: [f32; 9] = [
    7.037_683_629_2e-2,
    -1.151_461_031_0e-1,
    1.167_699_874_0e-1,
    -1.242_014_084_6e-1,
    1.424_932_278_7e-1,
    -1.666_805_766_5e-1,
    2.000_071_476_5e-1,
    -2.499_999_399_3e-1,
    3.333_333_117_4e-1,
];
/// `_ps256_cephes_log_q1`: the low part of `ln 2`.
const LOG_Q1: f32 = -2.121_944_40e-4;
/// `_ps256_cephes_log_q2`: the high part of `ln 2`.
const LOG_Q2: f32 = 0.693_359_375;
/// `_ps256_min_norm_pos`: the least positive normal `f32`.
const MIN_NORM_POS: u32 = 0x0080_0000;
/// `_ps256_inv_mant_mask`: everything but the exponent.
const INV_MANT_MASK: u32 = !0x7f80_0000;

/// `_ps256_minus_cephes_DP1` … `DP3`: −π/4 in three parts.
const DP: [f32; 3] = [
    -0.785_156_25,
    -2.418_756_484_985_351_562_5e-4,
    -3.774_894_977_445_941_08e-8,
];
/// `_ps256_sincof_p0` … `_p2`.
const SIN_P: [f32; 3] = [-1.951_529_589_1e-4, 8.332_160_873_6e-3, -1.666_665_461_1e-1];
/// `_ps256_coscof_p0` … `_p2`.
const COS_P: [f32; 3] = [
    2.443_315_711_809_948e-5,
    -1.388_731_625_493_765e-3,
    4.166_664_568_298_827e-2,
];
/// `_ps256_cephes_FOPI`: 4/π.
const FOPI: f32 = 1.273_239_544_735_16;

/// `log256_ps` on one lane, with PyTorch's AVX2 build's fused steps: the natural
/// logarithm, NaN for `x <= 0`.
#[inline(always)]
pub(crate) fn log_ps(x: f32) -> f32 {
    let invalid = x <= 0.0;
    let x = x.max(f32::from_bits(MIN_NORM_POS));
    let bits = x.to_bits();
    // The exponent field, which is at most 255 once the sign is clear.
    #[allow(clippy::cast_possible_wrap)]
    let exponent = (bits >> 23) as i32 - 0x7f;
    let mut x = f32::from_bits((bits & INV_MANT_MASK) | 0.5f32.to_bits());
    // |exponent| < 2^24, so the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let mut e = exponent as f32 + 1.0;
    let below = x < SQRTHF;
    let tmp = if below { x } else { 0.0 };
    x -= 1.0;
    e -= if below { 1.0 } else { 0.0 };
    x += tmp;
    let z = x * x;
    let mut y = LOG_P[0];
    for &p in &LOG_P[1..] {
        y = y.mul_add(x, p);
    }
    y *= x;
    y = y.mul_add(z, e * LOG_Q1);
    y = (-z).mul_add(0.5, y);
    let r = e.mul_add(LOG_Q2, x + y);
    if invalid { f32::NAN } else { r }
}

/// `sincos256_ps` on one lane, with PyTorch's AVX2 build's fused steps:
/// `(sin x, cos x)`.
#[inline(always)]
pub(crate) fn sincos_ps(x: f32) -> (f32, f32) {
    let mut sign_sin = x.to_bits() & 0x8000_0000;
    let x = x.abs();
    // `_mm256_cvttps_epi32`: truncation toward zero. The callers' arguments lie in
    // [0, 2π), far inside the range where it and `as` agree.
    #[allow(clippy::cast_possible_truncation)]
    let mut j = (x * FOPI) as i32;
    j = (j + 1) & !1;
    #[allow(clippy::cast_precision_loss)] // |j| < 2^24
    let y = j as f32;
    #[allow(clippy::cast_sign_loss)] // bit patterns
    let swap_sin = ((j & 4) as u32) << 29;
    let sin_poly_first = (j & 2) == 0;
    #[allow(clippy::cast_sign_loss)]
    let sign_cos = ((!(j.wrapping_sub(2)) & 4) as u32) << 29;
    sign_sin ^= swap_sin;

    let mut x = y.mul_add(DP[0], x);
    x = y.mul_add(DP[1], x);
    x = y.mul_add(DP[2], x);
    let z = x * x;

    let mut yc = COS_P[0].mul_add(z, COS_P[1]);
    yc = yc.mul_add(z, COS_P[2]);
    yc *= z;
    yc = yc.mul_add(z, -(z * 0.5));
    yc += 1.0;

    let mut ys = SIN_P[0].mul_add(z, SIN_P[1]);
    ys = ys.mul_add(z, SIN_P[2]);
    ys *= z;
    ys = ys.mul_add(x, x);

    let (s, c) = if sin_poly_first { (ys, yc) } else { (yc, ys) };
    (
        f32::from_bits(s.to_bits() ^ sign_sin),
        f32::from_bits(c.to_bits() ^ sign_cos),
    )
}

#[cfg(test)]
mod tests;
