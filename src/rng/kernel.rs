//! The distributions the built-in initializers reduce to, and the loops that fill
//! a buffer from them.

use rand::Rng;
use rand::distr::Distribution;

#[cfg(feature = "parallel")]
use super::CHUNK;
use super::math::normal_cdf;
use super::{Transform, fill_stream};
use crate::{InitError, Real};

/// The fewest elements that a fill spreads over threads: below it, starting the
/// work on other threads costs more than it saves.
#[cfg(feature = "parallel")]
pub(crate) const PARALLEL_MIN: usize = 1 << 17;

/// Elements per piece of a parallel fill: 64 chunks.
#[cfg(feature = "parallel")]
const PIECE: usize = 64 * super::CHUNK;

/// The farthest a standard normal deviate from [`Real::std_normal`] reaches, with
/// room to spare (`Φ⁻¹(2^-54)` ≈ 8.3).
const Z_REACH: f64 = 9.0;

/// An initializer's distribution once its fans are known, with parameters in `f64`
/// and already checked in `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Plan {
    /// Every element is the value.
    Constant(f64),
    /// `U[lo, hi)`.
    Uniform { lo: f64, hi: f64 },
    /// `N(mean, std²)`.
    Normal { mean: f64, std: f64 },
    /// `N(mean, std²)` restricted to standardised bounds `[za, zb]`; values are
    /// clamped to `[lo, hi]`, the same bounds in the value's units.
    Truncated {
        mean: f64,
        std: f64,
        za: f64,
        zb: f64,
        lo: f64,
        hi: f64,
    },
}

/// A [`Plan`] converted to, and checked in, the element type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kernel<T> {
    Constant(T),
    Uniform {
        lo: T,
        span: T,
        /// The largest value below `hi`: the result of a rounding up to `hi`.
        top: T,
    },
    Normal {
        mean: T,
        std: T,
    },
    Truncated {
        mean: T,
        std: T,
        /// `Φ` of the lower standardised bound (after the flip).
        p_lo: T,
        /// `Φ(zb) − Φ(za)` (after the flip).
        p_span: T,
        za: T,
        zb: T,
        /// Whether the interval was mirrored into the lower half, where `Φ` is
        /// resolved finely.
        flip: bool,
        lo: T,
        hi: T,
    },
}

impl Plan {
    /// The kernel for element type `T`.
    pub(crate) fn kernel<T: Real>(self) -> Result<Kernel<T>, InitError> {
        let ty = T::NAME;
        match self {
            Plan::Constant(v) => {
                let t = T::from_f64(v);
                if !t.is_finite() {
                    return Err(InitError::NotRepresentable {
                        name: "value",
                        value: v,
                        ty,
                    });
                }
                Ok(Kernel::Constant(t))
            }
            Plan::Uniform { lo, hi } => {
                let (l, h) = (T::from_f64(lo), T::from_f64(hi));
                let span = h - l;
                if !l.is_finite() || !h.is_finite() || !span.is_finite() {
                    return Err(InitError::InfiniteRange {
                        min: lo,
                        max: hi,
                        ty,
                    });
                }
                if !(l < h) {
                    return Err(InitError::EmptyRange {
                        min: lo,
                        max: hi,
                        ty,
                    });
                }
                Ok(Kernel::Uniform {
                    lo: l,
                    span,
                    top: h.prev(),
                })
            }
            Plan::Normal { mean, std } => {
                let (m, s) = (T::from_f64(mean), T::from_f64(std));
                if !(s > T::zero()) {
                    return Err(InitError::NonPositive {
                        name: "stddev",
                        value: std,
                        hint: "it rounds to zero in the element type; use a larger stddev",
                    });
                }
                if !(m.abs() + s * T::from_f64(Z_REACH)).is_finite() {
                    return Err(InitError::SampleOverflow { mean, std, ty });
                }
                Ok(Kernel::Normal { mean: m, std: s })
            }
            Plan::Truncated {
                mean,
                std,
                za,
                zb,
                lo,
                hi,
            } => {
                let no_mass = || InitError::NoMass {
                    a: lo,
                    b: hi,
                    mean,
                    std,
                    ty,
                };
                let flip = za + zb > 0.0;
                let (za, zb) = if flip { (-zb, -za) } else { (za, zb) };
                let (p_lo, p_hi) = (normal_cdf(za), normal_cdf(zb));
                let p_span = T::from_f64(p_hi - p_lo);
                if !(p_span > T::zero()) {
                    return Err(no_mass());
                }
                let (m, s) = (T::from_f64(mean), T::from_f64(std));
                let (l, h) = (T::from_f64(lo), T::from_f64(hi));
                if !(s > T::zero()) || !(l < h) {
                    return Err(no_mass());
                }
                // Every value is clamped to [l, h]; with an infinite bound, the
                // reach of the sampler bounds it instead.
                let reach = m.abs() + s * T::from_f64(Z_REACH);
                if !(reach.is_finite() || (l.is_finite() && h.is_finite())) {
                    return Err(InitError::SampleOverflow { mean, std, ty });
                }
                Ok(Kernel::Truncated {
                    mean: m,
                    std: s,
                    p_lo: T::from_f64(p_lo),
                    p_span,
                    za: T::from_f64(za),
                    zb: T::from_f64(zb),
                    flip,
                    lo: l,
                    hi: h,
                })
            }
        }
    }
}

impl<T: Real> Kernel<T> {
    /// The value for one element's random word.
    #[inline(always)]
    pub(crate) fn sample(&self, bits: T::Bits) -> T {
        match *self {
            Kernel::Constant(v) => v,
            Kernel::Uniform { lo, span, top } => uniform(lo, span, top, bits),
            Kernel::Normal { mean, std } => mean + std * T::std_normal(bits),
            Kernel::Truncated {
                mean,
                std,
                p_lo,
                p_span,
                za,
                zb,
                flip,
                lo,
                hi,
            } => truncated(mean, std, p_lo, p_span, za, zb, flip, lo, hi, bits),
        }
    }

    /// Writes elements `offset..offset + out.len()` of the tensor under `key`: the
    /// values of [`sample`](Kernel::sample), computed by branch-free forms of the
    /// same transforms.
    ///
    /// With the `parallel` feature, a fill of at least [`PARALLEL_MIN`] elements is
    /// cut into pieces of [`PIECE`] elements, aligned to chunks, that rayon's pool
    /// fills in parallel. Every element is a function of its index alone, so the
    /// bits do not depend on the number of threads or on how the range is cut.
    pub(crate) fn fill(&self, out: &mut [T], key: u64, offset: usize) {
        #[cfg(feature = "parallel")]
        if out.len() >= PARALLEL_MIN && rayon::current_num_threads() > 1 {
            use rayon::prelude::{IndexedParallelIterator, ParallelIterator, ParallelSliceMut};
            // The first piece runs to a chunk boundary, so that no chunk's words
            // are generated twice.
            let head = (CHUNK - offset % CHUNK) % CHUNK;
            let (first, rest) = out.split_at_mut(head.min(out.len()));
            let base = offset + first.len();
            rayon::join(
                || self.fill_serial(first, key, offset),
                || {
                    rest.par_chunks_mut(PIECE)
                        .enumerate()
                        .for_each(|(i, piece)| self.fill_serial(piece, key, base + i * PIECE));
                },
            );
            return;
        }
        self.fill_serial(out, key, offset);
    }

    /// [`fill`](Kernel::fill) on the calling thread.
    fn fill_serial(&self, out: &mut [T], key: u64, offset: usize) {
        match *self {
            Kernel::Constant(v) => out.fill(v),
            Kernel::Uniform { lo, span, top } => {
                fill_stream(out, key, offset, &UniformMap { lo, span, top });
            }
            Kernel::Normal { mean, std } => {
                fill_stream(out, key, offset, &NormalMap { mean, std });
            }
            Kernel::Truncated {
                mean,
                std,
                p_lo,
                p_span,
                za,
                zb,
                flip,
                lo,
                hi,
            } => {
                let sign = if flip { -T::one() } else { T::one() };
                let map = TruncatedMap {
                    mean,
                    std,
                    p_lo,
                    p_span,
                    za,
                    zb,
                    sign,
                    lo,
                    hi,
                    far: reaches_far_tail(p_lo, p_span),
                };
                fill_stream(out, key, offset, &map);
            }
        }
    }
}

/// The fill loop's form of [`Kernel::Uniform`].
struct UniformMap<T> {
    lo: T,
    span: T,
    top: T,
}

impl<T: Real> Transform<T> for UniformMap<T> {
    #[inline(always)]
    fn full(&self, bits: T::Bits) -> T {
        uniform(self.lo, self.span, self.top, bits)
    }
}

/// The fill loop's form of [`Kernel::Normal`].
struct NormalMap<T> {
    mean: T,
    std: T,
}

impl<T: Real> Transform<T> for NormalMap<T> {
    const SPLIT: bool = true;

    #[inline(always)]
    fn full(&self, bits: T::Bits) -> T {
        self.mean + self.std * T::std_normal_select(bits)
    }

    #[inline(always)]
    fn central_strip<const S: usize>(
        &self,
        bits: &[T::Bits; S],
        out: &mut [T; S],
        outside: &mut [u8; S],
    ) {
        let (mut q, mut z) = ([T::zero(); S], [T::zero(); S]);
        for l in 0..S {
            q[l] = T::std_normal_q(bits[l]);
        }
        T::normal_quantile_central_strip(&q, &mut z, outside);
        for l in 0..S {
            out[l] = self.mean + self.std * z[l];
        }
    }

    #[inline(always)]
    fn outside_strip<const S: usize>(&self, bits: &[T::Bits; S], out: &mut [T; S]) {
        let (mut q, mut r) = ([T::zero(); S], [T::zero(); S]);
        for l in 0..S {
            (q[l], r[l]) = T::std_normal_args(bits[l]);
        }
        let mut z = [T::zero(); S];
        tail_strip(&q, &r, &mut z, T::STD_NORMAL_FAR);
        for l in 0..S {
            out[l] = self.mean + self.std * z[l];
        }
    }
}

/// The fill loop's form of [`Kernel::Truncated`], with `sign = −1` for a flipped
/// interval (negation is exact, so `sign · z` is `−z` or `z`).
struct TruncatedMap<T> {
    mean: T,
    std: T,
    p_lo: T,
    p_span: T,
    za: T,
    zb: T,
    sign: T,
    lo: T,
    hi: T,
    /// Whether any tail probability may lie in the quantile's far tail
    /// ([`reaches_far_tail`]).
    far: bool,
}

/// The least tail probability `min(p, 1 − p)` below which the quantile may take
/// its far-tail region (`√(−ln r) > 5` needs `r < e^-25 ≈ 1.4·10⁻¹¹`), with room
/// for the logarithm's rounding.
const FAR_TAIL_BELOW: f64 = 1e-10;

/// Whether a truncated fill with these parameters may reach the quantile's far
/// tail. Its probabilities `p = p_lo + p_span·u` (`0 < u < 1`) lie in
/// `[p_lo, p_lo + p_span]` as rounded, since rounding is monotone, and
/// `1 − p` is exact for `p ≥ ½`; so `min(p, 1 − p)` is at least the smaller of
/// `p_lo` and `1 − (p_lo + p_span)`.
fn reaches_far_tail<T: Real>(p_lo: T, p_span: T) -> bool {
    let p_max = p_lo + p_span;
    let least = if p_max < T::from_f64(0.5) {
        p_lo
    } else {
        p_lo.min(T::one() - p_max)
    };
    !(least >= T::from_f64(FAR_TAIL_BELOW))
}

/// Whether any of a tail strip's probabilities `r` lies below [`FAR_TAIL_BELOW`],
/// where the quantile may take its far-tail region. A fill whose draws may reach
/// the far tail tests each strip, and a strip without such an `r` (in a normal
/// fill, nearly all of them) takes the near tail's coefficients without the
/// per-lane select: the same values, since each of its lanes has `√(−ln r) < 4.8`.
#[inline(always)]
fn strip_reaches_far_tail<T: Real, const S: usize>(r: &[T; S]) -> bool {
    let below = T::from_f64(FAR_TAIL_BELOW);
    let mut any = false;
    for &x in r {
        any |= x < below;
    }
    any
}

/// The quantile's tail regions on a strip, for a fill whose draws may reach the
/// far tail where `may_reach_far` holds: the per-lane far-tail select is kept
/// only for strips that [`strip_reaches_far_tail`]. Each branch passes `far` as a
/// constant, so that the strip is compiled without the select where it is false.
#[inline(always)]
fn tail_strip<T: Real, const S: usize>(
    q: &[T; S],
    r: &[T; S],
    z: &mut [T; S],
    may_reach_far: bool,
) {
    if may_reach_far && strip_reaches_far_tail(r) {
        T::normal_quantile_tail_strip(q, r, z, true);
    } else {
        T::normal_quantile_tail_strip(q, r, z, false);
    }
}

impl<T: Real> TruncatedMap<T> {
    /// The steps after the quantile, as in [`truncated`].
    #[inline(always)]
    fn finish(&self, z: T) -> T {
        let z = if z < self.za { self.za } else { z };
        let z = if z > self.zb { self.zb } else { z };
        let v = self.mean + self.std * (self.sign * z);
        let v = if v < self.lo { self.lo } else { v };
        if v > self.hi { self.hi } else { v }
    }
}

impl<T: Real> Transform<T> for TruncatedMap<T> {
    const SPLIT: bool = true;

    #[inline(always)]
    fn full(&self, bits: T::Bits) -> T {
        let half = T::from_f64(0.5);
        let p = self.p_lo + self.p_span * T::unit_open(bits);
        let r = if p < half { p } else { T::one() - p };
        self.finish(T::normal_quantile_select(p - half, r))
    }

    #[inline(always)]
    fn central_strip<const S: usize>(
        &self,
        bits: &[T::Bits; S],
        out: &mut [T; S],
        outside: &mut [u8; S],
    ) {
        let half = T::from_f64(0.5);
        let (mut q, mut z) = ([T::zero(); S], [T::zero(); S]);
        for l in 0..S {
            q[l] = self.p_lo + self.p_span * T::unit_open(bits[l]) - half;
        }
        T::normal_quantile_central_strip(&q, &mut z, outside);
        for l in 0..S {
            out[l] = self.finish(z[l]);
        }
    }

    #[inline(always)]
    fn outside_strip<const S: usize>(&self, bits: &[T::Bits; S], out: &mut [T; S]) {
        let half = T::from_f64(0.5);
        let (mut q, mut r) = ([T::zero(); S], [T::zero(); S]);
        for l in 0..S {
            let p = self.p_lo + self.p_span * T::unit_open(bits[l]);
            r[l] = if p < half { p } else { T::one() - p };
            q[l] = p - half;
        }
        let mut z = [T::zero(); S];
        tail_strip(&q, &r, &mut z, self.far);
        for l in 0..S {
            out[l] = self.finish(z[l]);
        }
    }
}

#[inline(always)]
fn uniform<T: Real>(lo: T, span: T, top: T, bits: T::Bits) -> T {
    let v = lo + span * T::unit(bits);
    if v > top { top } else { v }
}

#[inline(always)]
#[allow(clippy::too_many_arguments)] // the kernel's fields, unpacked for the fill loop
fn truncated<T: Real>(
    mean: T,
    std: T,
    p_lo: T,
    p_span: T,
    za: T,
    zb: T,
    flip: bool,
    lo: T,
    hi: T,
    bits: T::Bits,
) -> T {
    let half = T::from_f64(0.5);
    let p = p_lo + p_span * T::unit_open(bits);
    let r = if p < half { p } else { T::one() - p };
    let z = T::normal_quantile(p - half, r);
    let z = if z < za {
        za
    } else if z > zb {
        zb
    } else {
        z
    };
    let z = if flip { -z } else { z };
    let v = mean + std * z;
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

/// An initializer's distribution, for sampling element by element with any
/// [`rand::Rng`]: it implements [`rand::distr::Distribution`].
///
/// The values follow the same distribution as the initializer's `fill`, by the same
/// transform, but not the same stream: `fill` is keyed by element index.
///
/// ```
/// use nninit::{GlorotUniform, Shape};
/// use rand::distr::Distribution;
/// use rand::SeedableRng;
///
/// let sampler = GlorotUniform.sampler::<f64>(&Shape::dense(3, 5))?;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
/// let w: f64 = sampler.sample(&mut rng);
/// assert!(w.abs() < (6.0f64 / 8.0).sqrt());
/// # Ok::<(), nninit::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampler<T> {
    kernel: Kernel<T>,
}

impl<T: Real> Sampler<T> {
    pub(crate) fn new(plan: Plan) -> Result<Self, InitError> {
        Ok(Sampler {
            kernel: plan.kernel()?,
        })
    }
}

impl<T: Real> Distribution<T> for Sampler<T> {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> T {
        self.kernel.sample(T::bits_from(rng))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `reaches_far_tail` for the kernel of a standard normal truncated to
    /// `[za, zb]`.
    fn far<T: Real>(za: f64, zb: f64) -> bool {
        let plan = Plan::Truncated {
            mean: 0.0,
            std: 1.0,
            za,
            zb,
            lo: za,
            hi: zb,
        };
        match plan.kernel::<T>().unwrap() {
            Kernel::Truncated { p_lo, p_span, .. } => reaches_far_tail(p_lo, p_span),
            other => panic!("{other:?}"),
        }
    }

    /// `f64` normal tail strips, with a far-tail word (`k = 0`: `r = 2^-54`) in
    /// no lane or in one of them, beside ordinary tail words: each lane must equal
    /// the scalar value, whichever coefficients its strip takes.
    #[test]
    fn normal_tail_strips_with_and_without_a_far_draw() {
        let map = NormalMap {
            mean: 0.5f64,
            std: 2.0,
        };
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for far_lane in [None, Some(0), Some(7), Some(15)] {
            for _ in 0..200 {
                let mut bits = [0u64; 16];
                for (l, b) in bits.iter_mut().enumerate() {
                    state = crate::rng::mix64(state.wrapping_add(1));
                    // The top bit is the sign; the next four are cleared, so that
                    // `k < 2^48` and `r < 2^-5`: in the tail.
                    *b = (state & (1 << 63)) | (state & ((1 << 59) - 1));
                    if far_lane == Some(l) {
                        *b &= (1 << 63) | 0x7ff;
                    }
                }
                let mut got = [0.0; 16];
                map.outside_strip(&bits, &mut got);
                for (l, (&b, &v)) in bits.iter().zip(&got).enumerate() {
                    assert_eq!(v.to_bits(), map.full(b).to_bits(), "lane {l} {b:#x}");
                }
            }
        }
    }

    #[test]
    fn the_far_tail_is_reached_only_by_intervals_that_reach_it() {
        for (za, zb) in [(-2.0, 2.0), (-5.0, 5.0), (-0.3, 3.0), (0.0, 1e-3)] {
            assert!(!far::<f32>(za, zb), "[{za}, {zb}] f32");
            assert!(!far::<f64>(za, zb), "[{za}, {zb}] f64");
        }
        for (za, zb) in [
            (-7.0, 7.0),
            (-12.0, -11.0),
            (1.0, f64::INFINITY),
            (-3.0, 8.0),
        ] {
            assert!(far::<f32>(za, zb), "[{za}, {zb}] f32");
            assert!(far::<f64>(za, zb), "[{za}, {zb}] f64");
        }
        // In f32, `p_lo + p_span` rounds to 1 when the upper bound lies past
        // Φ⁻¹(1 − 2^-25) ≈ 5.4, so `1 − p` may be 0.
        for (za, zb) in [(-6.0, 5.8), (-6.3, 6.3)] {
            assert!(far::<f32>(za, zb), "[{za}, {zb}] f32");
            assert!(!far::<f64>(za, zb), "[{za}, {zb}] f64");
        }
    }
}
