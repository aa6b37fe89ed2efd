//! The distributions every random fill draws from, in the element type, and the
//! loops that fill a buffer from them.

#[cfg(feature = "parallel")]
use super::CHUNK;
use super::element::{Element, Native};
use super::math::normal_quantile_f64;
use super::{Direct, Sink, Transform, fill_stream};

/// The fewest elements that a fill spreads over threads: below it, starting the
/// work on other threads costs more than it saves.
#[cfg(feature = "parallel")]
pub(crate) const PARALLEL_MIN: usize = 1 << 17;

/// Elements per piece of a parallel fill: 64 chunks.
#[cfg(feature = "parallel")]
const PIECE: usize = 64 * super::CHUNK;

/// The farthest a standard normal deviate from [`Native::std_normal`] reaches,
/// with room to spare (`Φ⁻¹(2^-54)` ≈ 8.3).
pub(crate) const Z_REACH: f64 = 9.0;

/// The support of a distribution, in the units of its values, as its parameters
/// state it in `f64`: what an element type narrower than the generator's keeps
/// its rounded values inside.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bounds {
    /// Any value (a constant, a normal).
    Any,
    /// `[lo, hi)`: a uniform.
    HalfOpen {
        /// The least value.
        lo: f64,
        /// The bound that no value reaches.
        hi: f64,
    },
    /// `[lo, hi]`: a truncated normal (either bound may be infinite).
    Closed {
        /// The least value.
        lo: f64,
        /// The greatest value.
        hi: f64,
    },
}

/// Why an element type cannot hold a distribution's values, once its native
/// distribution has been checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reject {
    /// A parameter or a reachable value overflows the type.
    Overflow,
    /// The support, or the spread, rounds to nothing in the type.
    Empty,
}

/// A distribution checked in element type `T`: the distribution of `T`'s native
/// type, and how `T` finishes its values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Checked<T: Element> {
    pub(crate) dist: Dist<T::Native>,
    pub(crate) finish: T::Finish,
}

impl<T: Element> Checked<T> {
    /// Writes elements `offset..offset + out.len()` of the tensor under `key`.
    #[inline]
    pub(crate) fn fill(&self, out: &mut [T], key: u64, offset: usize) {
        T::fill(&self.dist, &self.finish, out, key, offset);
    }

    /// The value for one element's random word.
    #[inline]
    pub(crate) fn sample(&self, bits: T::Bits) -> T {
        T::sample(&self.dist, &self.finish, bits)
    }
}

/// Runs `serial(piece, at)` over pieces of `out` that together cover it, `at`
/// being the piece's first element in the tensor (`out` starts at `offset`).
///
/// With the `parallel` feature, a fill of at least [`PARALLEL_MIN`] elements is
/// cut into pieces of [`PIECE`] elements, aligned to chunks, that rayon's pool
/// fills in parallel. Every element is a function of its index alone, so the
/// bits do not depend on the number of threads or on how the range is cut.
#[inline]
pub(crate) fn in_pieces<E: Send>(
    out: &mut [E],
    offset: usize,
    serial: impl Fn(&mut [E], usize) + Sync,
) {
    #[cfg(feature = "parallel")]
    if out.len() >= PARALLEL_MIN && rayon::current_num_threads() > 1 {
        use rayon::prelude::{IndexedParallelIterator, ParallelIterator, ParallelSliceMut};
        // The first piece runs to a chunk boundary, so that no chunk's words
        // are generated twice.
        let head = (CHUNK - offset % CHUNK) % CHUNK;
        let (first, rest) = out.split_at_mut(head.min(out.len()));
        let base = offset + first.len();
        rayon::join(
            || serial(first, offset),
            || {
                rest.par_chunks_mut(PIECE)
                    .enumerate()
                    .for_each(|(i, piece)| serial(piece, base + i * PIECE));
            },
        );
        return;
    }
    serial(out, offset);
}

/// What a fill does with a distribution's transform: [`Dist::run`] hands it the
/// fill loop's form of the distribution.
pub(crate) trait Run<T: Native> {
    /// Fill with the values of `x`.
    fn stream<X: Transform<T>>(self, x: &X);
    /// Fill with `v`.
    fn constant(self, v: T);
}

/// A distribution in a native type, with its parameters checked by the caller:
/// what a fill draws every element from. Public only because the sealed
/// `Element` trait names it; its module is private.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dist<T> {
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
    /// A truncated normal whose interval is too narrow for [`Dist::Truncated`]'s
    /// probabilities in `T` to resolve: see [`NarrowTruncated`].
    NarrowTruncated(NarrowTruncated<T>),
}

/// A truncated normal on an interval `[za, zb]` (standardised, mirrored into the
/// lower half as [`Dist::Truncated`] is) whose probability mass is small beside the
/// spacing of `T` at its probabilities: there `p = p_lo + p_span·u`, formed in
/// `T`, would take only a few distinct values, and the fill would collapse onto
/// them.
///
/// Here every step runs in `f64`, and the probability is kept where it has the
/// interval's own resolution. Inside the quantile's central region
/// (`|z| ≤ NARROW_CENTRAL`), it is `q = Φ(z) − ½`, with `q_lo = Φ(za) − ½` from
/// Marsaglia's series, so that an interval of width `10⁻⁹` about 0 still has
/// `q` to about 16 significant digits; the central region of AS 241 takes `q`
/// itself. Elsewhere it is `p = Φ(z)` in `f64`, in the lower tail, where `p` is
/// small and resolved relative to itself. The value `mean + std·z` is formed in
/// `f64`, rounded once to `T` and clamped to `[lo, hi]` there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NarrowTruncated<T> {
    pub(crate) mean: f64,
    pub(crate) std: f64,
    /// Whether `base`, `span` are in `q = p − ½` (the central region) or in `p`.
    pub(crate) centred: bool,
    /// `q` or `p` at `za`.
    pub(crate) base: f64,
    /// The mass of the interval: `q` or `p` at `zb`, less `base`.
    pub(crate) span: f64,
    pub(crate) za: f64,
    pub(crate) zb: f64,
    /// −1 for a mirrored interval, else 1.
    pub(crate) sign: f64,
    pub(crate) lo: T,
    pub(crate) hi: T,
}

/// The bound of the normal quantile's central region in `z`: `|q| ≤ 0.425` there
/// (`Φ(1.4395) − ½ ≈ 0.4251`, so the bound lies just inside it).
pub(crate) const NARROW_CENTRAL: f64 = 1.4395;

impl<T: Native> Transform<T> for NarrowTruncated<T> {
    #[inline(always)]
    fn full(&self, bits: T::Bits) -> T {
        let at = self.base + self.span * T::unit_open(bits).widen();
        // `(p − ½, min(p, 1 − p))`, from `q` or from `p`.
        let (centre, tail) = if self.centred {
            (at, 0.5 - at.abs())
        } else {
            (at - 0.5, if at < 0.5 { at } else { 1.0 - at })
        };
        let z = normal_quantile_f64(centre, tail).clamp(self.za, self.zb);
        let value = T::from_f64(self.mean + self.std * (self.sign * z));
        let value = if value < self.lo { self.lo } else { value };
        if value > self.hi { self.hi } else { value }
    }
}

impl<T: Native> Dist<T> {
    /// The value for one element's random word, by the transforms' scalar forms
    /// ([`Transform::value`]).
    #[inline(always)]
    pub(crate) fn sample(&self, bits: T::Bits) -> T {
        let mut value = T::zero();
        self.run(Sample {
            bits,
            out: &mut value,
        });
        value
    }

    /// Writes elements `offset..offset + out.len()` of the tensor under `key`: the
    /// values of [`sample`](Dist::sample), computed by branch-free forms of the
    /// same transforms, spread over threads by [`in_pieces`].
    pub(crate) fn fill(&self, out: &mut [T], key: u64, offset: usize) {
        self.fill_through(out, key, offset, || Direct);
    }

    /// [`fill`](Dist::fill) through a sink that `sink` makes for each piece.
    pub(crate) fn fill_through<S: Sink<T>>(
        &self,
        out: &mut [S::Out],
        key: u64,
        offset: usize,
        sink: impl Fn() -> S + Sync,
    ) {
        in_pieces(out, offset, |piece, at| {
            self.run(Fill {
                out: piece,
                key,
                offset: at,
                sink: sink(),
            });
        });
    }

    /// Hands `run` the fill loop's form of the distribution.
    #[inline(always)]
    pub(crate) fn run<R: Run<T>>(&self, run: R) {
        match *self {
            Dist::Constant(v) => run.constant(v),
            Dist::Uniform { lo, span, top } => run.stream(&UniformMap { lo, span, top }),
            Dist::Normal { mean, std } => run.stream(&NormalMap { mean, std }),
            Dist::Truncated {
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
                run.stream(&TruncatedMap {
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
                });
            }
            Dist::NarrowTruncated(ref narrow) => run.stream(narrow),
        }
    }
}

/// A fill on the calling thread, through `sink`.
struct Fill<'a, O, S> {
    out: &'a mut [O],
    key: u64,
    offset: usize,
    sink: S,
}

impl<T: Native, S: Sink<T>> Run<T> for Fill<'_, S::Out, S> {
    #[inline(always)]
    fn stream<X: Transform<T>>(mut self, x: &X) {
        fill_stream(self.out, self.key, self.offset, x, &mut self.sink);
    }
    #[inline(always)]
    fn constant(self, v: T) {
        self.out.fill(self.sink.one(v));
    }
}

/// One element's value, by the transforms' scalar forms.
struct Sample<'a, T: Native> {
    bits: T::Bits,
    out: &'a mut T,
}

impl<T: Native> Run<T> for Sample<'_, T> {
    #[inline(always)]
    fn stream<X: Transform<T>>(self, x: &X) {
        *self.out = x.value(self.bits);
    }
    #[inline(always)]
    fn constant(self, v: T) {
        *self.out = v;
    }
}

/// The fill loop's form of [`Dist::Uniform`].
struct UniformMap<T> {
    lo: T,
    span: T,
    top: T,
}

impl<T: Native> Transform<T> for UniformMap<T> {
    #[inline(always)]
    fn full(&self, bits: T::Bits) -> T {
        let v = self.lo + self.span * T::unit(bits);
        if v > self.top { self.top } else { v }
    }
}

/// The fill loop's form of [`Dist::Normal`].
struct NormalMap<T> {
    mean: T,
    std: T,
}

impl<T: Native> Transform<T> for NormalMap<T> {
    const SPLIT: bool = true;

    #[inline(always)]
    fn full(&self, bits: T::Bits) -> T {
        self.mean + self.std * T::std_normal_select(bits)
    }

    #[inline(always)]
    fn value(&self, bits: T::Bits) -> T {
        self.mean + self.std * T::std_normal(bits)
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

/// The fill loop's form of [`Dist::Truncated`], with `sign = −1` for a flipped
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
pub(crate) fn reaches_far_tail<T: Native>(p_lo: T, p_span: T) -> bool {
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
fn strip_reaches_far_tail<T: Native, const S: usize>(r: &[T; S]) -> bool {
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
fn tail_strip<T: Native, const S: usize>(
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

impl<T: Native> TruncatedMap<T> {
    /// The value from the quantile `quantile(p − ½, min(p, 1 − p))`.
    #[inline(always)]
    fn value_by(&self, bits: T::Bits, quantile: impl Fn(T, T) -> T) -> T {
        let half = T::from_f64(0.5);
        let p = self.p_lo + self.p_span * T::unit_open(bits);
        let r = if p < half { p } else { T::one() - p };
        self.finish(quantile(p - half, r))
    }

    /// The steps after the quantile: `z` clamped to `[za, zb]`, flipped back,
    /// scaled, and the value clamped to `[lo, hi]`.
    #[inline(always)]
    fn finish(&self, z: T) -> T {
        let z = if z < self.za { self.za } else { z };
        let z = if z > self.zb { self.zb } else { z };
        let v = self.mean + self.std * (self.sign * z);
        let v = if v < self.lo { self.lo } else { v };
        if v > self.hi { self.hi } else { v }
    }
}

impl<T: Native> Transform<T> for TruncatedMap<T> {
    const SPLIT: bool = true;

    #[inline(always)]
    fn full(&self, bits: T::Bits) -> T {
        self.value_by(bits, T::normal_quantile_select)
    }

    #[inline(always)]
    fn value(&self, bits: T::Bits) -> T {
        self.value_by(bits, T::normal_quantile)
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

#[cfg(test)]
mod tests;
