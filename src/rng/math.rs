//! Logarithm, exponential and the normal distribution's CDF and quantile, written
//! in plain IEEE arithmetic (`+ − × ÷ √` and bit manipulation) so that they give the
//! same bits on every platform, with no call into the platform's libm.

// The constants are written with every digit their published sources give.
#![allow(clippy::excessive_precision)]

/// `ln 2` split so that `k·LN2_HI` is exact for `|k| < 2^11`.
const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;

/// The natural logarithm of a positive, finite `x` (subnormals included), to a few
/// ulps: `ln x = e·ln 2 + 2·atanh((m − 1)/(m + 1))` with `m ∈ [√½, √2]`.
#[allow(clippy::many_single_char_names)] // the textbook names of the reduction
pub(crate) fn ln_f64(x: f64) -> f64 {
    let (mut x, mut e) = (x, 0i64);
    if x < f64::MIN_POSITIVE {
        x *= 18_014_398_509_481_984.0; // 2^54
        e -= 54;
    }
    let bits = x.to_bits();
    #[allow(clippy::cast_possible_wrap)] // an 11-bit field
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    e += exp;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > core::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let s2 = s * s;
    // atanh(s)/s − 1 = s²/3 + s⁴/5 + …, to s²² (|s| ≤ 0.1716: the next term is < 1e-18).
    let mut series = 1.0 / 23.0;
    for k in (1..=10).rev() {
        series = series * s2 + 1.0 / f64::from(2 * k + 1);
    }
    let log_m = 2.0 * s + 2.0 * s * (s2 * series);
    #[allow(clippy::cast_precision_loss)] // |e| < 1100
    let ef = e as f64;
    ef * LN2_HI + (log_m + ef * LN2_LO)
}

/// The natural logarithm of a positive, finite `f32` (subnormals included), in `f32`
/// arithmetic, to about 2 ulps.
#[allow(clippy::many_single_char_names)] // the textbook names of the reduction
pub(crate) fn ln_f32(x: f32) -> f32 {
    let (mut x, mut e) = (x, 0i32);
    if x < f32::MIN_POSITIVE {
        x *= 16_777_216.0; // 2^24
        e -= 24;
    }
    let bits = x.to_bits();
    #[allow(clippy::cast_possible_wrap)] // an 8-bit field
    let exp = ((bits >> 23) & 0xff) as i32 - 127;
    e += exp;
    let mut m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    if m > core::f32::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let s2 = s * s;
    let series =
        s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 / 11.0))));
    let log_m = 2.0 * s + 2.0 * s * series;
    #[allow(clippy::cast_precision_loss)] // |e| < 160
    let ef = e as f32;
    ef * 0.693_145_75_f32 + (log_m + ef * 1.428_606_8e-6_f32)
}

/// `eˣ` for finite `x`, to a few ulps; 0 below −745 and ∞ above 709.8.
pub(crate) fn exp_f64(x: f64) -> f64 {
    if x < -745.2 {
        return 0.0;
    }
    if x > 709.79 {
        return f64::INFINITY;
    }
    let k = (x * core::f64::consts::LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Taylor series to r^14 (|r| ≤ 0.35: the next term is < 1e-18).
    let mut p = 1.0;
    for n in (1..=14).rev() {
        p = 1.0 + p * r / f64::from(n);
    }
    #[allow(clippy::cast_possible_truncation)] // |k| ≤ 1076
    let k = k as i64;
    // Scale by 2^k in two steps so that subnormal results are reached.
    let half = k / 2;
    p * pow2(half) * pow2(k - half)
}

/// `2^k` for `−1022 ≤ k ≤ 1023`.
fn pow2(k: i64) -> f64 {
    #[allow(clippy::cast_sign_loss)] // k + 1023 > 0
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// `1/√(2π)`.
const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_677_94;

/// The standard normal density.
fn normal_pdf(x: f64) -> f64 {
    FRAC_1_SQRT_2PI * exp_f64(-0.5 * x * x)
}

/// `Φ(x) − ½` for `|x| ≤ 3`, with the relative error of [`normal_cdf`] in the
/// difference itself, however small `x` is: Marsaglia's series
/// `φ(x)·(x + x³/3 + x⁵/15 + …)`.
pub(crate) fn normal_cdf_centred(x: f64) -> f64 {
    debug_assert!(x.abs() <= 3.0);
    let (mut term, mut sum) = (x, x);
    let x2 = x * x;
    let mut n = 1.0;
    while term.abs() > 1e-18 * sum.abs() {
        n += 2.0;
        term *= x2 / n;
        sum += term;
    }
    normal_pdf(x) * sum
}

/// The standard normal CDF `Φ(x)`, with relative error below 1e-12 wherever
/// `Φ(x)` is a normal `f64`.
///
/// For `|x| ≤ 3`, Marsaglia's series `Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/15 + …)`; beyond,
/// Laplace's continued fraction for the Mills ratio of the tail, evaluated from the
/// back to a fixed depth.
pub(crate) fn normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x.abs() <= 3.0 {
        return 0.5 + normal_cdf_centred(x);
    }
    let t = x.abs();
    if t > 40.0 {
        return if x < 0.0 { 0.0 } else { 1.0 };
    }
    // Mills ratio R(t) = 1/(t + 1/(t + 2/(t + 3/(t + …)))).
    let mut frac = t;
    for k in (1..=120).rev() {
        frac = t + f64::from(k) / frac;
    }
    let tail = normal_pdf(t) / frac;
    if x < 0.0 { tail } else { 1.0 - tail }
}

/// AS 241's coefficients, from the constant term up.
const AS241_A: [f64; 8] = [
    3.387_132_872_796_366_608_0,
    1.331_416_678_917_843_774_5e2,
    1.971_590_950_306_551_442_7e3,
    1.373_169_376_550_946_112_5e4,
    4.592_195_393_154_987_145_7e4,
    6.726_577_092_700_870_085_3e4,
    3.343_057_558_358_812_810_5e4,
    2.509_080_928_730_122_672_7e3,
];
/// AS 241's coefficients, from the constant term up.
const AS241_B: [f64; 8] = [
    1.0,
    4.231_333_070_160_091_125_2e1,
    6.871_870_074_920_579_083_0e2,
    5.394_196_021_424_751_107_7e3,
    2.121_379_430_158_659_586_7e4,
    3.930_789_580_009_271_061_0e4,
    2.872_908_573_572_194_267_4e4,
    5.226_495_278_852_854_561_0e3,
];
/// AS 241's coefficients, from the constant term up.
const AS241_C: [f64; 8] = [
    1.423_437_110_749_683_577_34,
    4.630_337_846_156_545_295_90,
    5.769_497_221_460_691_405_50,
    3.647_848_324_763_204_605_04,
    1.270_458_252_452_368_382_58,
    2.417_807_251_774_506_117_70e-1,
    2.272_384_498_926_918_458_33e-2,
    7.745_450_142_783_414_076_40e-4,
];
/// AS 241's coefficients, from the constant term up.
const AS241_D: [f64; 8] = [
    1.0,
    2.053_191_626_637_758_821_87,
    1.676_384_830_183_803_849_40,
    6.897_673_349_851_000_045_50e-1,
    1.481_039_764_274_800_745_90e-1,
    1.519_866_656_361_645_719_66e-2,
    5.475_938_084_995_344_946_00e-4,
    1.050_750_071_644_416_843_24e-9,
];
/// AS 241's coefficients, from the constant term up.
const AS241_E: [f64; 8] = [
    6.657_904_643_501_103_777_20,
    5.463_784_911_164_114_369_90,
    1.784_826_539_917_291_335_80,
    2.965_605_718_285_048_912_30e-1,
    2.653_218_952_657_612_309_30e-2,
    1.242_660_947_388_078_438_60e-3,
    2.711_555_568_743_487_578_15e-5,
    2.010_334_399_292_288_132_65e-7,
];
/// AS 241's coefficients, from the constant term up.
const AS241_F: [f64; 8] = [
    1.0,
    5.998_322_065_558_879_376_90e-1,
    1.369_298_809_227_358_053_10e-1,
    1.487_536_129_085_061_485_25e-2,
    7.868_691_311_456_132_591_00e-4,
    1.846_318_317_510_054_681_80e-5,
    1.421_511_758_316_445_888_70e-7,
    2.044_263_103_389_939_785_64e-15,
];

/// Horner's rule with coefficients from the constant term up.
#[inline(always)]
fn poly64(x: f64, c: &[f64; 8]) -> f64 {
    let mut acc = c[7];
    for &ci in c[..7].iter().rev() {
        acc = acc * x + ci;
    }
    acc
}

/// The standard normal quantile `Φ⁻¹(p)`, given `q = p − ½` and `r = min(p, 1 − p)`
/// (both exact in the caller), by Wichura's algorithm AS 241 (`PPND16`, accurate to
/// about 1 part in 10¹⁶).
///
/// M. J. Wichura, "Algorithm AS 241: The Percentage Points of the Normal
/// Distribution", Applied Statistics 37(3), 1988, 477–484.
#[inline(always)]
pub(crate) fn normal_quantile_f64(q: f64, r: f64) -> f64 {
    if q.abs() <= 0.425 {
        let s = 0.180_625 - q * q;
        return q * poly64(s, &AS241_A) / poly64(s, &AS241_B);
    }
    let t = (-ln_f64(r.max(f64::MIN_POSITIVE))).sqrt();
    let z = if t <= 5.0 {
        let u = t - 1.6;
        poly64(u, &AS241_C) / poly64(u, &AS241_D)
    } else {
        let u = t - 5.0;
        poly64(u, &AS241_E) / poly64(u, &AS241_F)
    };
    if q < 0.0 { -z } else { z }
}

/// The standard normal quantile in `f32` arithmetic, by AS 241's `PPND7` (accurate
/// to about 1 part in 10⁷), given `q = p − ½` and `r = min(p, 1 − p)`.
#[inline(always)]
pub(crate) fn normal_quantile_f32(q: f32, r: f32) -> f32 {
    if q.abs() <= 0.425 {
        let s = 0.180_625 - q * q;
        let num = ((59.109_375 * s + 159.291_14) * s + 50.434_27) * s + 3.387_132_7;
        let den = ((67.187_56 * s + 78.757_76) * s + 17.895_17) * s + 1.0;
        return q * num / den;
    }
    let t = (-ln_f32(r.max(f32::MIN_POSITIVE))).sqrt();
    let z = if t <= 5.0 {
        let u = t - 1.6;
        let num = ((0.170_238_21 * u + 1.306_728_5) * u + 2.756_815_4) * u + 1.423_437_3;
        let den = (0.120_211_33 * u + 0.737_001_64) * u + 1.0;
        num / den
    } else {
        let u = t - 5.0;
        let num = ((0.017_337_204 * u + 0.428_682_94) * u + 3.081_226_4) * u + 6.657_905;
        let den = (0.012_258_203 * u + 0.241_978_94) * u + 1.0;
        num / den
    };
    if q < 0.0 { -z } else { z }
}

/// [`normal_quantile_f32`] without branches: both regions are computed and one is
/// selected, with every operation as in the branching form, so the bits are the
/// same. For `q` and `r` from one random word, as the fill loops have them.
#[inline(always)]
pub(crate) fn normal_quantile_f32_select(q: f32, r: f32) -> f32 {
    let (central, outside) = normal_quantile_f32_central(q);
    let tail = normal_quantile_f32_tail(q, r);
    if outside { tail } else { central }
}

/// The tail regions of [`normal_quantile_f32`] alone, without branches (the same
/// operations, so the same bits wherever `|q| > 0.425`).
#[inline(always)]
fn normal_quantile_f32_tail(q: f32, r: f32) -> f32 {
    let mut z = [0.0];
    normal_quantile_f32_tail_strip(&[q], &[r], &mut z, true);
    z[0]
}

/// [`normal_quantile_f32_tail`] on a strip, one operation at a time across it (see
/// [`normal_quantile_f32_central_strip`]). The logarithm is [`ln_f32`]'s
/// operations in the same order, without its branches, for `r ≥ MIN_POSITIVE`.
///
/// With `far` false the caller promises that no `r` lies in the far tail
/// (`t = √(−ln r) > 5`, about `r < 1.4·10⁻¹¹`), in every lane, including the
/// lanes whose values it discards: every lane then takes the near tail's
/// coefficients without a test, the same values as the test would pick.
#[inline(always)]
#[allow(clippy::many_single_char_names)] // the textbook names
pub(crate) fn normal_quantile_f32_tail_strip<const S: usize>(
    q: &[f32; S],
    r: &[f32; S],
    z: &mut [f32; S],
    far: bool,
) {
    let (mut e, mut f) = ([0.0f32; S], [0.0f32; S]);
    for l in 0..S {
        // `r.max(MIN_POSITIVE)` for the `r` that are never NaN.
        let x = if r[l] < f32::MIN_POSITIVE {
            f32::MIN_POSITIVE
        } else {
            r[l]
        };
        let bits = x.to_bits();
        #[allow(clippy::cast_possible_wrap)] // an 8-bit field
        let exp = ((bits >> 23) & 0xff) as i32 - 127;
        let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
        let high = m > core::f32::consts::SQRT_2;
        let m = if high { m * 0.5 } else { m };
        #[allow(clippy::cast_precision_loss)] // |e| < 160
        {
            e[l] = (exp + i32::from(high)) as f32;
        }
        f[l] = m - 1.0;
    }
    let (mut t, mut s2) = ([0.0f32; S], [0.0f32; S]);
    for l in 0..S {
        t[l] = f[l] / (2.0 + f[l]);
        s2[l] = t[l] * t[l];
    }
    let mut series = [1.0f32 / 9.0; S];
    for l in 0..S {
        series[l] += s2[l] / 11.0;
    }
    for c in [1.0 / 7.0, 1.0 / 5.0, 1.0 / 3.0] {
        for l in 0..S {
            series[l] = c + s2[l] * series[l];
        }
    }
    for l in 0..S {
        let series = s2[l] * series[l];
        let log_m = 2.0 * t[l] + 2.0 * t[l] * series;
        let ln = e[l] * 0.693_145_75_f32 + (log_m + e[l] * 1.428_606_8e-6_f32);
        t[l] = (-ln).sqrt();
    }
    // Whether a lane lies in the far tail (`t > 5`) is tested afresh at each step
    // rather than kept in an array of flags, so that it stays a vector mask.
    let mut u = [0.0f32; S];
    for l in 0..S {
        u[l] = if far && t[l] > 5.0 {
            t[l] - 5.0
        } else {
            t[l] - 1.6
        };
    }
    let pick = |t: f32, near_c: f32, far_c: f32| if far && t > 5.0 { far_c } else { near_c };
    let (mut num, mut den) = ([0.0f32; S], [0.0f32; S]);
    for l in 0..S {
        num[l] =
            pick(t[l], 0.170_238_21, 0.017_337_204) * u[l] + pick(t[l], 1.306_728_5, 0.428_682_94);
        den[l] =
            pick(t[l], 0.120_211_33, 0.012_258_203) * u[l] + pick(t[l], 0.737_001_64, 0.241_978_94);
    }
    for l in 0..S {
        num[l] = num[l] * u[l] + pick(t[l], 2.756_815_4, 3.081_226_4);
        den[l] = den[l] * u[l] + 1.0;
    }
    for l in 0..S {
        num[l] = num[l] * u[l] + pick(t[l], 1.423_437_3, 6.657_905);
        let v = num[l] / den[l];
        z[l] = if q[l] < 0.0 { -v } else { v };
    }
}

/// The central region of [`normal_quantile_f32`] alone (the same operations), and
/// whether `q` lies outside it, where this value is not the quantile.
#[inline(always)]
fn normal_quantile_f32_central(q: f32) -> (f32, bool) {
    let (mut z, mut outside) = ([0.0], [0]);
    normal_quantile_f32_central_strip(&[q], &mut z, &mut outside);
    (z[0], outside[0] != 0)
}

/// [`normal_quantile_f32_central`] on a strip of values, one operation at a time
/// across the strip: the chains of the strip's elements are independent, and
/// interleaved they keep the floating-point units busy where one element's chain
/// would wait on each result. `outside[l]` is 1 where `q[l]` lies outside the
/// central region.
#[inline(always)]
pub(crate) fn normal_quantile_f32_central_strip<const S: usize>(
    q: &[f32; S],
    z: &mut [f32; S],
    outside: &mut [u8; S],
) {
    let mut s = [0.0f32; S];
    for l in 0..S {
        s[l] = 0.180_625 - q[l] * q[l];
    }
    let mut num = [0.0f32; S];
    let mut den = [0.0f32; S];
    for l in 0..S {
        num[l] = 59.109_375 * s[l] + 159.291_14;
        den[l] = 67.187_56 * s[l] + 78.757_76;
    }
    for l in 0..S {
        num[l] = num[l] * s[l] + 50.434_27;
        den[l] = den[l] * s[l] + 17.895_17;
    }
    for l in 0..S {
        num[l] = num[l] * s[l] + 3.387_132_7;
        den[l] = den[l] * s[l] + 1.0;
    }
    for l in 0..S {
        z[l] = q[l] * num[l] / den[l];
    }
    // A loop of its own, so that the flags are packed from whole vectors.
    for l in 0..S {
        outside[l] = u8::from(!(q[l].abs() <= 0.425));
    }
}

/// The central region of [`normal_quantile_f64`] alone (the same operations), and
/// whether `q` lies outside it, where this value is not the quantile.
#[inline(always)]
fn normal_quantile_f64_central(q: f64) -> (f64, bool) {
    let (mut z, mut outside) = ([0.0], [0]);
    normal_quantile_f64_central_strip(&[q], &mut z, &mut outside);
    (z[0], outside[0] != 0)
}

/// [`normal_quantile_f64_central`] on a strip, one operation at a time across it,
/// as [`normal_quantile_f32_central_strip`].
#[inline(always)]
pub(crate) fn normal_quantile_f64_central_strip<const S: usize>(
    q: &[f64; S],
    z: &mut [f64; S],
    outside: &mut [u8; S],
) {
    let mut s = [0.0f64; S];
    for l in 0..S {
        s[l] = 0.180_625 - q[l] * q[l];
    }
    // Horner's rule as in `poly64`, both polynomials side by side.
    let mut num = [AS241_A[7]; S];
    let mut den = [AS241_B[7]; S];
    for i in (0..7).rev() {
        for l in 0..S {
            num[l] = num[l] * s[l] + AS241_A[i];
            den[l] = den[l] * s[l] + AS241_B[i];
        }
    }
    for l in 0..S {
        z[l] = q[l] * num[l] / den[l];
    }
    // A loop of its own, so that the flags are packed from whole vectors.
    for l in 0..S {
        outside[l] = u8::from(!(q[l].abs() <= 0.425));
    }
}

/// `1/(2k + 1)`, rounded as [`ln_f64`] computes it (division is exactly rounded,
/// in constant evaluation as at run time); a table, so that the fill loops do
/// not divide ten times per element when the compiler leaves the loop rolled.
#[allow(clippy::cast_precision_loss)] // small integers
const INV_ODD: [f64; 11] = {
    let mut t = [0.0; 11];
    let mut k = 0;
    while k < 11 {
        t[k] = 1.0 / (2 * k + 1) as f64;
        k += 1;
    }
    t
};

/// [`normal_quantile_f64`] without branches (same operations, same bits).
#[inline(always)]
pub(crate) fn normal_quantile_f64_select(q: f64, r: f64) -> f64 {
    let (central, outside) = normal_quantile_f64_central(q);
    let tail = normal_quantile_f64_tail(q, r);
    if outside { tail } else { central }
}

/// The tail regions of [`normal_quantile_f64`] alone, without branches (the same
/// operations, so the same bits wherever `|q| > 0.425`).
#[inline(always)]
fn normal_quantile_f64_tail(q: f64, r: f64) -> f64 {
    let mut z = [0.0];
    normal_quantile_f64_tail_strip(&[q], &[r], &mut z, true);
    z[0]
}

/// [`normal_quantile_f64_tail`] on a strip, one operation at a time across it (see
/// [`normal_quantile_f32_central_strip`]). The logarithm is [`ln_f64`]'s
/// operations in the same order, without its branches, for `r ≥ MIN_POSITIVE`;
/// each lane takes the coefficients of its own region, so that two polynomials
/// are evaluated, not four. `far` is as for [`normal_quantile_f32_tail_strip`].
#[inline(always)]
#[allow(clippy::many_single_char_names)] // the textbook names
pub(crate) fn normal_quantile_f64_tail_strip<const S: usize>(
    q: &[f64; S],
    r: &[f64; S],
    z: &mut [f64; S],
    far: bool,
) {
    let (mut e, mut f) = ([0.0f64; S], [0.0f64; S]);
    for l in 0..S {
        let x = if r[l] < f64::MIN_POSITIVE {
            f64::MIN_POSITIVE
        } else {
            r[l]
        };
        let bits = x.to_bits();
        // The exponent field `k` as `2^52 + k − (2^52 + 1023)`: exact, and it runs
        // in SIMD lanes (no 64-bit integer conversion).
        let exp = f64::from_bits(0x4330_0000_0000_0000 | ((bits >> 52) & 0x7ff))
            - (4_503_599_627_370_496.0 + 1023.0);
        let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
        let high = m > core::f64::consts::SQRT_2;
        let m = if high { m * 0.5 } else { m };
        e[l] = if high { exp + 1.0 } else { exp };
        f[l] = m - 1.0;
    }
    let (mut t, mut s2) = ([0.0f64; S], [0.0f64; S]);
    for l in 0..S {
        t[l] = f[l] / (2.0 + f[l]);
        s2[l] = t[l] * t[l];
    }
    let mut series = [1.0f64 / 23.0; S];
    for k in (1..=10).rev() {
        for l in 0..S {
            series[l] = series[l] * s2[l] + INV_ODD[k];
        }
    }
    for l in 0..S {
        let log_m = 2.0 * t[l] + 2.0 * t[l] * (s2[l] * series[l]);
        let ln = e[l] * LN2_HI + (log_m + e[l] * LN2_LO);
        t[l] = (-ln).sqrt();
    }
    // Whether a lane lies in the far tail (`t > 5`) is tested afresh at each step
    // rather than kept in an array of flags, so that it stays a vector mask.
    let mut u = [0.0f64; S];
    for l in 0..S {
        u[l] = if far && t[l] > 5.0 {
            t[l] - 5.0
        } else {
            t[l] - 1.6
        };
    }
    let pick = |t: f64, near_c: f64, far_c: f64| if far && t > 5.0 { far_c } else { near_c };
    let (mut num, mut den) = ([0.0f64; S], [0.0f64; S]);
    let (c, d, e, f) = (AS241_C[7], AS241_D[7], AS241_E[7], AS241_F[7]);
    for l in 0..S {
        (num[l], den[l]) = (pick(t[l], c, e), pick(t[l], d, f));
    }
    // Horner's rule as in `poly64`, both polynomials side by side.
    for i in (0..7).rev() {
        let (c, d, e, f) = (AS241_C[i], AS241_D[i], AS241_E[i], AS241_F[i]);
        for l in 0..S {
            num[l] = num[l] * u[l] + pick(t[l], c, e);
            den[l] = den[l] * u[l] + pick(t[l], d, f);
        }
    }
    for l in 0..S {
        let v = num[l] / den[l];
        z[l] = if q[l] < 0.0 { -v } else { v };
    }
}

#[cfg(test)]
mod tests;
