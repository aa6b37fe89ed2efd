//! NumPy's 256-layer ziggurat for the standard normal, in `float64` and `float32`
//! (`random_standard_normal` and `random_standard_normal_f` in NumPy's
//! `numpy/random/src/distributions/distributions.c`).
//!
//! One draw picks a layer `i` (8 bits), a sign (1 bit) and a magnitude (52 bits of
//! a 64-bit draw for `f64`, 23 bits of a 32-bit draw for `f32`); `x = rabs·wᵢ` is
//! returned at once when `rabs < kᵢ`, the rectangle part of the layer (98.5 % of
//! draws). Otherwise layer 0 samples the tail beyond `r` by Marsaglia's
//! exponential method (two `log1p`), and the other layers test the wedge against
//! `exp(−x²/2)`; a rejected draw starts over with a new word.
//!
//! The tables: `wi_double` and `fi_double` are NumPy's, embedded
//! ([`super::ziggurat_tables`]); `ki_double` and all three `float32` tables are
//! computed from them here at compile time, the way NumPy's tables were made:
//! `kᵢ = round(xᵢ₋₁/xᵢ·2⁵²)` (half to even; 2²³ for `f32`), `k₀ = round(r·f(r)/v·2⁵²)`,
//! `k₁ = 0`, `wᵢ(f32) = xᵢ/2²³` and `fᵢ(f32) = fᵢ`, each rounded to `f32`. The unit
//! tests check every entry against checksums of NumPy's header.
//!
//! # References
//! G. Marsaglia, W. W. Tsang, "The Ziggurat Method for Generating Random
//! Variables", Journal of Statistical Software 5(8), 2000,
//! <https://doi.org/10.18637/jss.v005.i08>.

use super::Pcg64;
use super::ziggurat_tables::{FI_DOUBLE, WI_DOUBLE};

/// `r`, the right edge of the base layer (`ziggurat_nor_r`).
pub(super) const R: f64 = 3.654_152_885_361_009;
/// `1/r` (`ziggurat_nor_inv_r`).
const INV_R: f64 = 0.273_661_237_329_758_3;
/// `r` in `f32` (`ziggurat_nor_r_f`, the same decimal read as `float`).
const R_F: f32 = 3.654_152_9;
/// `1/r` in `f32` (`ziggurat_nor_inv_r_f`).
const INV_R_F: f32 = 0.273_661_23;
/// `v`, the area of every layer, the constant NumPy's tables were made with.
const V: f64 = 0.004_928_673_233_974_652;

/// `v` rounded half to even to an integer, for `0 ≤ v < 2⁶³`, in a `const fn`.
const fn round_half_even(v: f64) -> u64 {
    // Truncation, then the fraction, which is exact for these magnitudes.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let t = v as u64;
    #[allow(clippy::cast_precision_loss)]
    let frac = v - t as f64;
    // An exact tie is what half-to-even rounding asks about.
    #[allow(clippy::float_cmp)]
    if frac > 0.5 || (frac == 0.5 && t % 2 == 1) {
        t + 1
    } else {
        t
    }
}

/// The rectangle thresholds for magnitudes scaled by `scale` (2⁵² or 2²³).
const fn ki_table(scale: f64) -> [u64; 256] {
    let mut k = [0u64; 256];
    k[0] = round_half_even(R * FI_DOUBLE[255] / V * scale);
    // k[1] = 0: the top layer has no rectangle part (x₀ = 0).
    let mut i = 2;
    while i < 256 {
        k[i] = round_half_even(WI_DOUBLE[i - 1] / WI_DOUBLE[i] * scale);
        i += 1;
    }
    k
}

/// `ki_float`: the `f64` thresholds at scale 2²³, which fit in 23 bits.
const fn ki_float() -> [u32; 256] {
    let wide = ki_table(8_388_608.0);
    let mut k = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation)] // below 2²³
        {
            k[i] = wide[i] as u32;
        }
        i += 1;
    }
    k
}

/// `wi_float`: `xᵢ/2²³ = wi_double[i]·2²⁹`, rounded to `f32`.
const fn wi_float() -> [f32; 256] {
    let mut w = [0f32; 256];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation)] // rounding to f32, as NumPy's table
        {
            w[i] = (WI_DOUBLE[i] * 536_870_912.0) as f32;
        }
        i += 1;
    }
    w
}

/// `fi_float`: `fi_double` rounded to `f32`.
const fn fi_float() -> [f32; 256] {
    let mut f = [0f32; 256];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation)] // rounding to f32, as NumPy's table
        {
            f[i] = FI_DOUBLE[i] as f32;
        }
        i += 1;
    }
    f
}

static KI_DOUBLE: [u64; 256] = ki_table(4_503_599_627_370_496.0);
static WI_D: [f64; 256] = WI_DOUBLE;
static FI_D: [f64; 256] = FI_DOUBLE;
static KI_FLOAT: [u32; 256] = ki_float();
static WI_FLOAT: [f32; 256] = wi_float();
static FI_FLOAT: [f32; 256] = fi_float();

/// One `float64` standard normal: NumPy's `random_standard_normal`.
///
/// The tail and wedge branches call `log1p` and `exp` of the C library, as NumPy
/// does, through `f64::ln_1p` and `f64::exp`.
#[inline]
pub(super) fn standard_normal_f64(bg: &mut Pcg64) -> f64 {
    loop {
        let word = bg.next_u64();
        let idx = (word & 0xff) as usize;
        let r = word >> 8;
        let rabs = (r >> 1) & 0x000f_ffff_ffff_ffff;
        // NumPy negates x when the sign bit is set; flipping the IEEE sign bit is
        // the same operation, without a branch that mispredicts half the time.
        #[allow(clippy::cast_precision_loss)] // 52 bits: exact
        let x = f64::from_bits((rabs as f64 * WI_D[idx]).to_bits() ^ ((r & 1) << 63));
        if rabs < KI_DOUBLE[idx] {
            return x;
        }
        if idx == 0 {
            // The tail beyond r, by 1 − U so that log never sees 0.
            loop {
                let xx = -INV_R * (-bg.next_f64()).ln_1p();
                let yy = -(-bg.next_f64()).ln_1p();
                if yy + yy > xx * xx {
                    return if (rabs >> 8) & 1 == 1 {
                        -(R + xx)
                    } else {
                        R + xx
                    };
                }
            }
        }
        // The wedge. Not fused: NumPy's build does not contract `a·b + c` (its
        // `uniform` values show it).
        if (FI_D[idx - 1] - FI_D[idx]) * bg.next_f64() + FI_D[idx] < (-0.5 * x * x).exp() {
            return x;
        }
    }
}

/// One `float32` standard normal: NumPy's `random_standard_normal_f`, from 32-bit
/// draws (halves of 64-bit ones).
///
/// Its wedge test compares the `float` side with `exp` of the C library in
/// `double` (NumPy's `exp(-0.5 * x * x)` with `x` a `float`); the tail calls
/// `log1pf`, through `f32::ln_1p`.
#[inline]
pub(super) fn standard_normal_f32(bg: &mut Pcg64) -> f32 {
    loop {
        let r = bg.next_u32();
        let idx = (r & 0xff) as usize;
        let rabs = (r >> 9) & 0x007f_ffff;
        #[allow(clippy::cast_precision_loss)] // 23 bits: exact
        let x = f32::from_bits((rabs as f32 * WI_FLOAT[idx]).to_bits() ^ (((r >> 8) & 1) << 31));
        if rabs < KI_FLOAT[idx] {
            return x;
        }
        if idx == 0 {
            loop {
                let xx = -INV_R_F * (-bg.next_f32()).ln_1p();
                let yy = -(-bg.next_f32()).ln_1p();
                if yy + yy > xx * xx {
                    return if (rabs >> 8) & 1 == 1 {
                        -(R_F + xx)
                    } else {
                        R_F + xx
                    };
                }
            }
        }
        // The wedge: the left side in `float`, not fused; `exp` in `double`.
        let xd = f64::from(x);
        let y = (FI_FLOAT[idx - 1] - FI_FLOAT[idx]) * bg.next_f32() + FI_FLOAT[idx];
        if f64::from(y) < (-0.5 * xd * xd).exp() {
            return x;
        }
    }
}

#[cfg(test)]
mod tests;
