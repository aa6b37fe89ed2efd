//! The `f32` arithmetic of XLA's CPU backend that JAX's samplers run on, operation
//! by operation: `erf_inv` as XLA decomposes it, XLA CPU's `log1p` and `log`, the
//! scalar `erf`, `nextafter`, `maximum` and `minimum`, and the flushing of
//! subnormal numbers to zero.
//!
//! A multiply followed by an add is one fused multiply-add ([`f32::mul_add`])
//! exactly where XLA's code generator fuses it (the Horner steps of the
//! polynomials, which LLVM contracts, and the explicit `llvm.fma` of `erf`) and two
//! roundings everywhere else.
//!
//! XLA's CPU runtime executes with the denormals-are-zero and flush-to-zero modes
//! of the processor: a subnormal input counts as a zero of its sign, and a result
//! whose magnitude, rounded to 24 bits with an unbounded exponent, lies below
//! `f32::MIN_POSITIVE` becomes a zero of its sign. [`Ftz`] reproduces that for the
//! operations whose results can be that small; [`Ieee`] is plain arithmetic, for
//! parameters under which no such result can occur (the sampler decides which).
//!
//! # References
//! - `erf_inv`: `erfInv32` in the CHLO decomposition of `StableHLO`, which XLA
//!   applies to JAX's `chlo.erf_inv`
//!   ([`stablehlo/transforms/ChloLegalizeToStablehlo.cpp`](https://github.com/openxla/stablehlo/blob/main/stablehlo/transforms/ChloLegalizeToStablehlo.cpp)),
//!   after M. Giles, "Approximating the erfinv function", GPU Computing Gems Jade
//!   Edition, 2011.
//! - `log1p`: `ElementalIrEmitter::EmitLog1p` in
//!   [`xla/service/elemental_ir_emitter.cc`](https://github.com/openxla/xla/blob/main/xla/service/elemental_ir_emitter.cc)
//!   (the Cephes rational approximation below `√2 − 1`).
//! - `log`: the vectorised Cephes logarithm that XLA's CPU backend substitutes for
//!   `llvm.log.f32` (`xla/service/cpu/polynomial_approximations.cc`, the polynomial
//!   of Eigen's `plog_float`).
//! - `erf`: XLA's `f32` `erf` emitter as jaxlib 0.10.2 compiles a scalar (the
//!   Eigen rational approximation, `|x| ≥ 3.7439211627767994` giving `±1`), see
//!   [`xla/codegen/intrinsic/erf.cc`](https://github.com/openxla/xla/blob/main/xla/codegen/intrinsic/erf.cc)
//!   for the vectorised form with its later cut-off.

// The constants are written as XLA's sources write them and rounded to f32, as
// XLA's code generator rounds them.
#![allow(clippy::excessive_precision, clippy::unreadable_literal)]

/// `x` rounded to the nearest `f32`, as XLA rounds a `double` constant for an
/// `f32` operation.
#[allow(clippy::cast_possible_truncation)]
const fn round(x: f64) -> f32 {
    x as f32
}

/// `np.sqrt(2)` as `float32`, the factor of `jax.random.normal`.
pub(crate) const SQRT_2: f32 = round(core::f64::consts::SQRT_2);

/// The smallest positive normal `f32`.
const MIN: f32 = f32::MIN_POSITIVE;

/// Giles's polynomial for `w = −log(1 − x²) < 5`, in `w − 2.5`.
const ERFINV_SMALL: [f32; 9] = [
    2.81022636e-08,
    3.43273939e-07,
    -3.5233877e-06,
    -4.39150654e-06,
    0.00021858087,
    -0.00125372503,
    -0.00417768164,
    0.246640727,
    1.50140941,
];

/// Giles's polynomial for `w ≥ 5`, in `√w − 3`.
const ERFINV_LARGE: [f32; 9] = [
    -0.000200214257,
    0.000100950558,
    0.00134934322,
    -0.00367342844,
    0.00573950773,
    -0.0076224613,
    0.00943887047,
    1.00167406,
    2.83297682,
];

/// The numerator of Cephes's `log1p` rational function, highest degree first.
const LOG1P_NUM: [f32; 7] = [
    round(4.5270000862445199635215e-5),
    round(4.9854102823193375972212e-1),
    round(6.5787325942061044846969e0),
    round(2.9911919328553073277375e1),
    round(6.0949667980987787057556e1),
    round(5.7112963590585538103336e1),
    round(2.0039553499201281259648e1),
];

/// The denominator of Cephes's `log1p` rational function, highest degree first.
const LOG1P_DEN: [f32; 7] = [
    1.0,
    round(1.5062909083469192043167e1),
    round(8.3047565967967209469434e1),
    round(2.2176239823732856465394e2),
    round(3.0909872225312059774938e2),
    round(2.1642788614495947685003e2),
    round(6.0118660497603843919306e1),
];

/// `√2 − 1`: below it in magnitude, `log1p` uses the rational function.
const LOG1P_SMALL: f32 = round(0.41421356237309504880);

/// Cephes's `logf` polynomial.
const LOG_P: [f32; 9] = [
    round(7.0376836292e-2),
    round(-1.1514610310e-1),
    round(1.1676998740e-1),
    round(-1.2420140846e-1),
    round(1.4249322787e-1),
    round(-1.6668057665e-1),
    round(2.0000714765e-1),
    round(-2.4999993993e-1),
    round(3.3333331174e-1),
];

/// `ln 2` split in two, for the exponent's contribution.
const LOG_Q1: f32 = round(-2.12194440e-4);
const LOG_Q2: f32 = 0.693359375;

/// `√½`: mantissas below it are doubled.
const LOG_SQRT_HALF: f32 = round(core::f64::consts::FRAC_1_SQRT_2);

/// The cut-off of the scalar `erf`: `±1` from here on.
const ERF_ONE: f32 = 3.7439211627767994;

/// The odd numerator of `erf`'s rational function, highest degree first.
const ERF_ALPHA: [f32; 5] = [
    0.00022905065861350646,
    0.0034082910107109506,
    0.050955695062380861,
    0.18520832239976145,
    1.128379143519084,
];

/// The even denominator of `erf`'s rational function, highest degree first.
const ERF_BETA: [f32; 7] = [
    -1.1791602954361697e-7,
    0.000023547966471313185,
    0.0010179625278914885,
    0.014070470171167667,
    0.11098505178285362,
    0.49746925110067538,
    1.0,
];

/// How the operations that can produce numbers below `f32::MIN_POSITIVE` round.
pub(crate) trait Flush: Copy {
    /// `a·b`.
    fn mul(a: f32, b: f32) -> f32;
    /// `a·b + c`, rounded once.
    fn fma(a: f32, b: f32, c: f32) -> f32;
}

/// IEEE arithmetic, for operands under which no result can fall below
/// `f32::MIN_POSITIVE` (where it agrees with XLA's flushing).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ieee;

/// XLA CPU's arithmetic with flush-to-zero, for any operands that are themselves
/// normal or zero.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ftz;

impl Flush for Ieee {
    #[inline(always)]
    fn mul(a: f32, b: f32) -> f32 {
        a * b
    }
    #[inline(always)]
    fn fma(a: f32, b: f32, c: f32) -> f32 {
        a.mul_add(b, c)
    }
}

/// The least magnitude that rounds, with 24 bits and an unbounded exponent, to
/// `f32::MIN_POSITIVE` or more: `MIN·(1 − 2⁻²⁵)`.
const MIN_ROUNDED: f64 = (MIN as f64) * (1.0 - 1.0 / 33_554_432.0);

impl Flush for Ftz {
    #[inline(always)]
    fn mul(a: f32, b: f32) -> f32 {
        let r = a * b;
        if r.abs() > MIN {
            return r;
        }
        // The product of two f32 is exact in f64.
        flush_if(r, (f64::from(a) * f64::from(b)).abs() < MIN_ROUNDED)
    }
    // The names of the operands and of TwoSum's terms.
    #[allow(clippy::many_single_char_names)]
    #[inline(always)]
    fn fma(a: f32, b: f32, c: f32) -> f32 {
        let r = a.mul_add(b, c);
        if r.abs() > MIN {
            return r;
        }
        // `a·b` is exact in f64; the sum's rounding error is exact by TwoSum.
        let p = f64::from(a) * f64::from(b);
        let c = f64::from(c);
        let s = p + c;
        let bp = s - p;
        let err = (p - (s - bp)) + (c - bp);
        let below = s.abs() < MIN_ROUNDED || (s.abs() == MIN_ROUNDED && err * s < 0.0);
        flush_if(r, below)
    }
}

/// `r` as XLA leaves it: a zero of its sign when `tiny` or when `r` is already
/// below `f32::MIN_POSITIVE`.
#[inline(always)]
fn flush_if(r: f32, tiny: bool) -> f32 {
    if tiny || r.abs() < MIN {
        0.0f32.copysign(r)
    } else {
        r
    }
}

/// A value as XLA CPU reads it: subnormal numbers are zeros of their sign.
#[inline(always)]
pub(crate) fn daz(x: f32) -> f32 {
    if x.abs() < MIN { 0.0f32.copysign(x) } else { x }
}

/// `x − y` with flush-to-zero. A difference below `2·f32::MIN_POSITIVE` is exact,
/// so only its magnitude decides.
pub(crate) fn sub_ftz(x: f32, y: f32) -> f32 {
    daz(daz(x) - daz(y))
}

/// `x / y` with flush-to-zero, for the scalars of an initializer's setup.
pub(crate) fn div_ftz(x: f32, y: f32) -> f32 {
    let (x, y) = (daz(x), daz(y));
    let r = x / y;
    if r.abs() > MIN {
        return r;
    }
    // The f64 quotient decides: a quotient of two f32 is never within 2⁻⁵² of
    // `MIN_ROUNDED`, a number of 25 significant bits.
    flush_if(r, (f64::from(x) / f64::from(y)).abs() < MIN_ROUNDED)
}

/// `sqrt(x)` as XLA reads its operand; the root of a normal number is normal.
pub(crate) fn sqrt_daz(x: f32) -> f32 {
    daz(x).sqrt()
}

/// `lax.max`: the larger, `+0` above `−0`, NaN if either is NaN.
// Exact comparisons, as XLA's.
#[allow(clippy::float_cmp)]
#[inline(always)]
pub(crate) fn maximum(a: f32, b: f32) -> f32 {
    if a > b {
        a
    } else if b > a {
        b
    } else if a == b {
        // Equal: the same number, or zeros of which +0 wins.
        f32::from_bits(a.to_bits() & b.to_bits())
    } else {
        a + b
    }
}

/// `lax.min`: the smaller, `−0` below `+0`, NaN if either is NaN.
#[allow(clippy::float_cmp)]
#[inline(always)]
pub(crate) fn minimum(a: f32, b: f32) -> f32 {
    if a < b {
        a
    } else if b < a {
        b
    } else if a == b {
        f32::from_bits(a.to_bits() | b.to_bits())
    } else {
        a + b
    }
}

/// `lax.nextafter(x, ±∞)`: the neighbour of `x` towards `+∞` (`up`) or `−∞`,
/// as XLA's bit-level expansion computes it, with `x` read as XLA reads it.
#[allow(clippy::float_cmp)]
pub(crate) fn next_toward(x: f32, up: bool) -> f32 {
    let x = daz(x);
    if x.is_nan() || x == if up { f32::INFINITY } else { f32::NEG_INFINITY } {
        return x;
    }
    if x == 0.0 {
        let tiny = f32::from_bits(1);
        return if up { tiny } else { -tiny };
    }
    // Away from zero when moving in the direction of x's sign.
    let away = (x > 0.0) == up;
    let bits = x.to_bits();
    f32::from_bits(if away { bits + 1 } else { bits - 1 })
}

/// XLA CPU's `f32` natural logarithm, for positive finite `x`: Cephes's
/// polynomial on the mantissa in `[√½, √2)`, with XLA's fused steps.
// Named as in Cephes.
#[allow(clippy::many_single_char_names)]
#[inline(always)]
fn log(x: f32) -> f32 {
    let x = if x > MIN { x } else { MIN };
    let bits = x.to_bits();
    // The biased exponent of a positive number, at most 254.
    #[allow(clippy::cast_possible_wrap)]
    let biased = (bits >> 23) as i32;
    let m = f32::from_bits((bits & 0x807f_ffff) | 0.5f32.to_bits());
    // An integer in -126..=127, exact in f32.
    #[allow(clippy::cast_precision_loss)]
    let mut e = 1.0 + (biased - 127) as f32;
    let below = m < LOG_SQRT_HALF;
    let tmp = if below { m } else { 0.0 };
    let mut x = m - 1.0;
    e -= if below { 1.0 } else { 0.0 };
    x += tmp;
    let x2 = x * x;
    let x3 = x2 * x;
    let mut y = x.mul_add(LOG_P[0], LOG_P[1]);
    let mut y1 = x.mul_add(LOG_P[3], LOG_P[4]);
    let mut y2 = x.mul_add(LOG_P[6], LOG_P[7]);
    y = y.mul_add(x, LOG_P[2]);
    y1 = y1.mul_add(x, LOG_P[5]);
    y2 = y2.mul_add(x, LOG_P[8]);
    y = y.mul_add(x3, y1);
    y = y.mul_add(x3, y2);
    y = y.mul_add(x3, LOG_Q1 * e);
    let r = (-0.5f32).mul_add(x2, x) + y;
    LOG_Q2.mul_add(e, r)
}

/// Horner's rule with fused steps, highest degree first.
#[inline(always)]
fn horner<const N: usize>(x: f32, coefficients: &[f32; N]) -> f32 {
    let mut p = coefficients[0];
    for &c in &coefficients[1..] {
        p = p.mul_add(x, c);
    }
    p
}

/// XLA CPU's `log1p` (`EmitLog1p`): Cephes's rational function where
/// `|x| < √2 − 1`, `log(x + 1)` elsewhere.
#[inline(always)]
fn log1p(x: f32) -> f32 {
    let x2 = x * x;
    let ratio = horner(x, &LOG1P_NUM) / horner(x, &LOG1P_DEN);
    let small = x + (-0.5f32).mul_add(x2, (x * x2) * ratio);
    let large = log(x + 1.0);
    if x.abs() < LOG1P_SMALL { small } else { large }
}

/// `lax.erf_inv` on `f32` as XLA computes it: Giles's single-precision
/// approximation, `±∞` at `±1`. The last product goes through `F`, since it is
/// the one that can fall below `f32::MIN_POSITIVE` (for `x` that is normal or
/// zero).
// Named as in Giles's paper; `±1` is compared exactly, as XLA does.
#[allow(clippy::many_single_char_names, clippy::float_cmp)]
#[inline(always)]
pub(crate) fn erf_inv<F: Flush>(x: f32) -> f32 {
    let w = -log1p(x * -x);
    let small = w < 5.0;
    let t = if small { w - 2.5 } else { w.sqrt() - 3.0 };
    let mut p = if small {
        ERFINV_SMALL[0]
    } else {
        ERFINV_LARGE[0]
    };
    for i in 1..9 {
        let c = if small {
            ERFINV_SMALL[i]
        } else {
            ERFINV_LARGE[i]
        };
        p = p.mul_add(t, c);
    }
    let r = F::mul(p, x);
    if x.abs() == 1.0 { x * f32::INFINITY } else { r }
}

/// `lax.erf` of a scalar `f32` as jaxlib 0.10.2's XLA CPU computes it, with
/// flush-to-zero.
pub(crate) fn erf(x: f32) -> f32 {
    let x = daz(x);
    if x.abs() >= ERF_ONE {
        return 1.0f32.copysign(x);
    }
    let x2 = Ftz::mul(x, x);
    let p = Ftz::mul(x, horner(x2, &ERF_ALPHA));
    let q = horner(x2, &ERF_BETA);
    div_ftz(p, q)
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)]
mod tests;
