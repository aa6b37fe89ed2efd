//! `f16` and `bf16` (feature `half`): the `f32` stream, rounded once.
//!
//! Element `i` of an `f16` or `bf16` fill is element `i` of the `f32` fill under
//! the same key and shape, rounded to the nearest value of the type, ties to even.
//! The one exception is a rounded value outside the distribution's support as its
//! `f64` parameters state it ([`Bounds`]): a uniform value that rounds up onto (or
//! past) the open bound `hi`, a value that rounds below a uniform's `lo`, or a
//! truncated normal's value that rounds past a cut. Such a value becomes the nearest
//! value of the type inside the support, so that every value lies in it.
//!
//! Rounding is monotone, so that rule is a clamp before the rounding: the `f32`
//! value is clamped to `[cap_lo, cap_hi]`, the smallest and the largest `f32` that
//! round to the least and the greatest value of the type inside the support
//! ([`Caps`]), and then rounded. A value inside the caps rounds as it would have;
//! one outside them rounds past the support's end values, and the clamp moves it to
//! exactly that end value.
//!
//! The fill runs the `f32` fill loop's chunks into a buffer on the stack and rounds
//! each chunk from there, so the pieces, chunks and threads are those of the `f32`
//! fill. Both types round with integer arithmetic on the `f32` bits, without
//! branches, in loops that the compiler vectorises inside the fill loop's AVX2
//! copy; the tests check the rounding against its definition (nearest, ties to
//! even) and against the `half` crate's conversions, which use the F16C
//! instructions where the processor has them (a call per eight values, which the
//! fill loop would pay on top of the rounding itself).
//!
//! Nothing goes through a direct `f64` to half conversion: rounding `f64` to `f32`
//! and then to half can differ from rounding `f64` to half directly (double
//! rounding), and the `f32` route is the one that keeps every value equal to the
//! `f32` fill's value rounded.

use half::{bf16, f16};

use core::marker::PhantomData;

use super::dist::{Bounds, Dist, Reject, Z_REACH};
use super::element::Element;
use super::{CHUNK, Sink};

/// The interval that a half type's fill clamps each `f32` value to before rounding
/// it: `[lo, hi]`, the smallest and the largest `f32` that round to the least and
/// the greatest value of the type inside the distribution's support (infinite
/// where the support is unbounded). Public only because the sealed `Element`
/// trait names it; its module is private.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Caps {
    lo: f32,
    hi: f32,
}

impl Caps {
    /// No clamp: a support with no bounds.
    const ANY: Caps = Caps {
        lo: f32::NEG_INFINITY,
        hi: f32::INFINITY,
    };

    /// `v` clamped to `[lo, hi]`, in the select form the fill loops vectorise.
    #[inline(always)]
    fn clamp(self, v: f32) -> f32 {
        let v = if v < self.lo { self.lo } else { v };
        if v > self.hi { self.hi } else { v }
    }
}

/// The two half-precision types: their rounding from `f32`, and their order.
trait Half: Element<Native = f32, Bits = u32, Finish = Caps> {
    fn bits(self) -> u16;
    fn with_bits(bits: u16) -> Self;
    fn wide(self) -> f32;
    /// `v` rounded to the nearest value of the type, ties to even.
    fn nearest(v: f32) -> Self;

    /// The value exactly, in `f64`.
    fn exact(self) -> f64 {
        f64::from(self.wide())
    }

    /// The next value of the type toward `+∞` (from `+∞`, itself).
    fn next_up(self) -> Self {
        let b = self.bits();
        Self::with_bits(if self == Self::infinity() {
            b
        } else if b == 0x8000 {
            // −0: the least positive value.
            0x0001
        } else if b & 0x8000 == 0 {
            b + 1
        } else {
            b - 1
        })
    }

    /// The next value of the type toward `−∞` (from `−∞`, itself).
    fn next_down(self) -> Self {
        -(-self).next_up()
    }
}

/// `v` rounded to `bf16`, nearest, ties to even, for every `v` but NaN (which a
/// fill never makes): `bf16` is the top half of an `f32`'s bits, and adding
/// `0x7fff` plus the kept half's lowest bit to the bits carries into the kept
/// half exactly when the dropped half is above its midpoint, or at it with that
/// lowest bit odd. A carry out of the largest finite magnitude gives infinity,
/// as rounding does.
#[inline(always)]
fn round_bf16(v: f32) -> bf16 {
    let b = v.to_bits();
    let rounded = b.wrapping_add(0x7fff + ((b >> 16) & 1)) >> 16;
    #[allow(clippy::cast_possible_truncation)] // the top 16 bits, shifted down
    bf16::from_bits(rounded as u16)
}

/// `v` rounded to `f16`, nearest, ties to even, for every `v` but NaN, without
/// branches (F. Giesen's method, as the compiler vectorises it): with `a = |v|`,
/// - from 65536 (`2^16`) up, infinity;
/// - below `2^-14`, where `f16` is subnormal, `a + ½` in `f32` arithmetic, which
///   rounds `a` to a multiple of `2^-24` (the least `f16` subnormal), nearest-even,
///   and leaves that multiple in the low bits (up to `0x400`, the least normal);
/// - otherwise the exponent rebiased and the low 13 bits rounded off by adding
///   `0xfff` plus the kept part's lowest bit to the bits, as for `bf16`; a carry
///   out of the largest finite value (from 65520) gives infinity.
#[inline(always)]
fn round_f16(v: f32) -> f16 {
    const MAGIC: u32 = 126 << 23; // ½
    let bits = v.to_bits();
    let sign = bits & 0x8000_0000;
    let a = bits ^ sign;
    let subnormal = (f32::from_bits(a) + f32::from_bits(MAGIC))
        .to_bits()
        .wrapping_sub(MAGIC);
    let normal =
        a.wrapping_add((15u32.wrapping_sub(127) << 23).wrapping_add(0xfff) + ((a >> 13) & 1)) >> 13;
    let magnitude = if a >= (127 + 16) << 23 {
        0x7c00
    } else if a < 113 << 23 {
        subnormal
    } else {
        normal
    };
    #[allow(clippy::cast_possible_truncation)] // at most 0x7c00, with the sign's bit
    f16::from_bits((magnitude | (sign >> 16)) as u16)
}

/// `dst[i] = H::nearest(caps.clamp(src[i]))`; the slices have the same length.
/// A function of its own, compiled for SSE2 and for AVX2 and chosen at run time,
/// so that its loop keeps its constants in registers (inlined into the fill
/// loop, it reloaded them on every step). A uniform map that clamps and rounds
/// each value as it makes it, in one loop, was slower still: 0.39 ns per
/// element in the cache against 0.35 for the map and this loop.
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn store<H: Half>(src: &[f32], dst: &mut [H], caps: Caps) {
    for (o, &v) in dst.iter_mut().zip(src) {
        *o = H::nearest(caps.clamp(v));
    }
}

macro_rules! half_element {
    ($($ty:ident $round:ident),*) => {$(
        impl Half for $ty {
            fn bits(self) -> u16 {
                self.to_bits()
            }
            fn with_bits(bits: u16) -> $ty {
                $ty::from_bits(bits)
            }
            fn wide(self) -> f32 {
                self.to_f32()
            }
            #[inline(always)]
            fn nearest(v: f32) -> $ty {
                $round(v)
            }
        }

        impl Element for $ty {
            const NAME: &'static str = stringify!($ty);
            type Bits = u32;
            type Native = f32;
            type Finish = Caps;

            fn finish(dist: &Dist<f32>, bounds: Bounds) -> Result<Caps, Reject> {
                caps::<$ty>(dist, bounds)
            }
            fn fill(dist: &Dist<f32>, caps: &Caps, out: &mut [$ty], key: u64, offset: usize) {
                dist.fill_through(out, key, offset, || Rounding::new(*caps));
            }
            fn sample(dist: &Dist<f32>, caps: &Caps, bits: u32) -> $ty {
                <$ty as Half>::nearest(caps.clamp(dist.sample(bits)))
            }
            #[allow(clippy::cast_possible_truncation)] // rounding to f32 is the first step
            fn from_f64(x: f64) -> $ty {
                <$ty as Half>::nearest(x as f32)
            }
        }
    )*};
}

half_element!(f16 round_f16, bf16 round_bf16);

/// Checks that type `H` holds the values of `dist`, whose support is `bounds`, as
/// its native `f32` check does for `f32` (the `f32` checks have passed), and
/// returns its caps.
///
/// # Errors
/// [`Reject::Overflow`] where a constant, a bound or the reach of a normal
/// (`|mean| + 9·std`) rounds to infinity in `H`; [`Reject::Empty`] where a
/// standard deviation rounds to zero, the bounds round to one value, or no value of
/// `H` lies inside the support.
fn caps<H: Half>(dist: &Dist<f32>, bounds: Bounds) -> Result<Caps, Reject> {
    let (mean, std) = match *dist {
        Dist::Constant(v) => {
            return if H::nearest(v).is_finite() {
                Ok(Caps::ANY)
            } else {
                Err(Reject::Overflow)
            };
        }
        Dist::Uniform { .. } => (0.0, 0.0),
        Dist::Normal { mean, std } | Dist::Truncated { mean, std, .. } => (mean, std),
        #[allow(clippy::cast_possible_truncation)] // as the f32 check rounds them
        Dist::NarrowTruncated(ref n) => (n.mean as f32, n.std as f32),
    };
    let reach = H::nearest(mean.abs() + std * <f32 as Element>::from_f64(Z_REACH));
    match bounds {
        Bounds::Any => {
            if !(H::nearest(std) > H::zero()) {
                return Err(Reject::Empty);
            }
            if !reach.is_finite() {
                return Err(Reject::Overflow);
            }
            Ok(Caps::ANY)
        }
        Bounds::HalfOpen { lo, hi } => {
            let (l, h) = (H::from_f64(lo), H::from_f64(hi));
            if !l.is_finite() || !h.is_finite() {
                return Err(Reject::Overflow);
            }
            if !(l < h) {
                return Err(Reject::Empty);
            }
            inside(at_least::<H>(lo), below::<H>(hi, true))
        }
        Bounds::Closed { lo, hi } => {
            let (l, h) = (H::from_f64(lo), H::from_f64(hi));
            if !(H::nearest(std) > H::zero()) || !(l < h) {
                return Err(Reject::Empty);
            }
            if !(reach.is_finite() || (l.is_finite() && h.is_finite())) {
                return Err(Reject::Overflow);
            }
            inside(at_least::<H>(lo), below::<H>(hi, false))
        }
    }
}

/// The caps of the support whose least and greatest values in `H` are `lo` and
/// `hi`, or [`Reject::Empty`] when it holds none.
fn inside<H: Half>(lo: H, hi: H) -> Result<Caps, Reject> {
    if !(lo <= hi) {
        return Err(Reject::Empty);
    }
    Ok(Caps {
        lo: cap_lo(lo),
        hi: cap_hi(hi),
    })
}

/// The least value of `H` at or above `x`.
fn at_least<H: Half>(x: f64) -> H {
    // `from_f64` gives one of the two values of `H` about `x`.
    let near = H::from_f64(x);
    if near.exact() < x {
        near.next_up()
    } else {
        near
    }
}

/// The greatest value of `H` below `x` (`strict`) or at or below it.
fn below<H: Half>(x: f64, strict: bool) -> H {
    let near = H::from_f64(x);
    let past = if strict {
        near.exact() >= x
    } else {
        near.exact() > x
    };
    if past { near.next_down() } else { near }
}

/// The greatest `f32` that rounds to `h` (`+∞` for `+∞`).
fn cap_hi<H: Half>(h: H) -> f32 {
    if h == H::infinity() {
        return f32::INFINITY;
    }
    let up = h.next_up();
    // The spacing above `h`; above the greatest finite value, the spacing below
    // it, which rounding uses there.
    let step = if up.is_finite() {
        up.wide() - h.wide()
    } else {
        h.wide() - h.next_down().wide()
    };
    // The midpoint is exact in `f32`: it has one bit more than `H`'s values.
    let mid = h.wide() + step / 2.0;
    if H::nearest(mid) == h {
        mid
    } else {
        mid.next_down()
    }
}

/// The least `f32` that rounds to `h` (`−∞` for `−∞`).
fn cap_lo<H: Half>(h: H) -> f32 {
    -cap_hi(-h)
}

/// The [`Sink`] of a half type's fill: the `f32` fill loop's values are mapped
/// into a buffer on the stack, a pair of chunks at a time, and stored from there,
/// clamped and rounded.
struct Rounding<H> {
    caps: Caps,
    values: [f32; 2 * CHUNK],
    half: PhantomData<H>,
}

impl<H> Rounding<H> {
    fn new(caps: Caps) -> Self {
        Rounding {
            caps,
            values: [0.0; 2 * CHUNK],
            half: PhantomData,
        }
    }
}

impl<H: Half> Sink<f32> for Rounding<H> {
    type Out = H;
    #[inline(always)]
    fn one(&self, v: f32) -> H {
        H::nearest(self.caps.clamp(v))
    }
    #[inline(always)]
    fn values<'a>(&'a mut self, dst: &'a mut [H]) -> &'a mut [f32] {
        &mut self.values[..dst.len()]
    }
    #[inline(always)]
    fn store(&mut self, dst: &mut [H]) {
        store(&self.values[..dst.len()], dst, self.caps);
    }
}

#[cfg(test)]
mod tests;
