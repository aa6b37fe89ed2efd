//! The maps from one random word to one `f32` that `jax.random.uniform`, `normal`
//! and `truncated_normal` apply, and the loop that fills a buffer with them.
//!
//! Each sampler is set up once from its parameters, as JAX's jitted function
//! computes its scalars, and then maps each element's word on its own. The maps
//! are written twice over one generic [`Flush`]: with plain IEEE arithmetic, used
//! whenever the parameters make every intermediate result either zero or at least
//! `f32::MIN_POSITIVE` (always, for parameters of ordinary size), and with XLA
//! CPU's flush-to-zero emulated step by step, for the rest. [`Sampler::floor`]
//! is the bound that decides.

use super::CounterLayout;
use core::marker::PhantomData;

use super::threefry;
use super::xla_math::{
    Flush, Ftz, Ieee, SQRT_2, daz, erf, erf_inv, maximum, minimum, next_toward, sub_ftz,
};

/// No intermediate result of a sampler whose nonzero values are at least this
/// large can fall below `f32::MIN_POSITIVE`: a margin of 4 over it.
const SAFE: f64 = 4.0 * f32::MIN_POSITIVE as f64;

/// `x ↦ max(lo, x·span + lo)` of `x ∈ [0, 1)` from a word, as `_uniform` computes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Uniform {
    lo: f32,
    span: f32,
}

impl Uniform {
    /// `jax.random.uniform(…, minval, maxval)` with the bounds already in `f32`.
    pub(crate) fn new(minval: f32, maxval: f32) -> Self {
        Uniform {
            lo: daz(minval),
            span: sub_ftz(maxval, minval),
        }
    }

    /// Every nonzero value of `x·span + lo` for `x` a multiple of `2⁻²³` is a
    /// multiple of this, so at least this large (`ulp(lo)` and `2⁻²³·ulp(span)`).
    fn grid(self) -> f64 {
        [ulp(self.lo), ulp(self.span).map(|u| u / 8_388_608.0)]
            .into_iter()
            .flatten()
            .fold(f64::INFINITY, f64::min)
    }

    #[inline(always)]
    fn map<F: Flush>(self, bits: u32) -> f32 {
        // The mantissa trick: 23 random bits under the exponent of 1.0.
        let x = f32::from_bits((bits >> 9) | 0x3f80_0000) - 1.0;
        maximum(self.lo, F::fma(x, self.span, self.lo))
    }
}

/// The unit in the last place of a finite nonzero normal `x`; `None` for zero and
/// for what is not finite.
fn ulp(x: f32) -> Option<f64> {
    let exponent = (x.to_bits() >> 23) & 0xff;
    (x != 0.0 && exponent != 0xff).then(|| 2f64.powi(i32::try_from(exponent).unwrap_or(0) - 150))
}

/// A sampler of `jax.random`, with an optional factor applied afterwards as its
/// own operation (an initializer's `* stddev`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Sampler {
    /// `jax.random.uniform`.
    Uniform(Uniform),
    /// `jax.random.normal`: `√2·erf_inv(u)`, `u` uniform on
    /// `[nextafter(−1, 0), 1)`.
    Normal(Uniform),
    /// `jax.random.truncated_normal`: `√2·erf_inv(u)`, `u` uniform on
    /// `[erf(lower/√2), erf(upper/√2))`, clipped to the open interval.
    Truncated {
        /// The uniform between the two `erf`s.
        u: Uniform,
        /// `nextafter(lower, +∞)`.
        lo: f32,
        /// `nextafter(upper, −∞)`.
        hi: f32,
    },
}

impl Sampler {
    /// `jax.random.normal`, whose uniform is on `[nextafter(−1, 0), 1)`.
    pub(crate) fn normal() -> Self {
        Sampler::Normal(Uniform::new(next_toward(-1.0, true), 1.0))
    }

    /// `jax.random.truncated_normal(key, lower, upper)` with the bounds in `f32`.
    pub(crate) fn truncated(lower: f32, upper: f32) -> Self {
        let (lower, upper) = (daz(lower), daz(upper));
        // XLA turns `x / √2` into `x · (1 / √2)`, the constant rounded to f32.
        let inv_sqrt2 = 1.0 / SQRT_2;
        let a = erf(Ftz::mul(lower, inv_sqrt2));
        let b = erf(Ftz::mul(upper, inv_sqrt2));
        Sampler::Truncated {
            u: Uniform::new(a, b),
            lo: daz(next_toward(lower, true)),
            hi: daz(next_toward(upper, false)),
        }
    }

    /// The least magnitude of a nonzero value before the factor, as a lower
    /// bound, or zero where it cannot be bounded away from zero.
    fn floor(self) -> f64 {
        let erf_inv_floor = |u: Uniform| 0.88 * u.grid();
        match self {
            Sampler::Uniform(u) => u.grid(),
            Sampler::Normal(u) => erf_inv_floor(u),
            Sampler::Truncated { u, lo, hi } => {
                let clip = [lo, hi]
                    .into_iter()
                    .filter(|&x| x != 0.0)
                    .map(|x| f64::from(x.abs()));
                clip.fold(erf_inv_floor(u), f64::min)
            }
        }
    }

    /// Fills `out` with the samples of `key`, each multiplied by `factor` (as a
    /// separate `f32` product) when there is one.
    pub(crate) fn fill(
        self,
        key: [u32; 2],
        layout: CounterLayout,
        out: &mut [f32],
        factor: Option<f32>,
    ) {
        let factor = factor.map(daz);
        let scaled_floor = self.floor() * factor.map_or(1.0, |s| f64::from(s.abs()));
        if self.floor() >= SAFE && scaled_floor >= SAFE {
            self.fill_with::<Ieee>(key, layout, out, factor);
        } else {
            self.fill_with::<Ftz>(key, layout, out, factor);
        }
    }

    /// The value for one word, as the fill loop computes it.
    #[cfg(test)]
    fn map<F: Flush>(self, bits: u32) -> f32 {
        match self {
            Sampler::Uniform(u) => UniformMap::<F> {
                u,
                flush: PhantomData,
            }
            .map(bits),
            Sampler::Normal(u) => NormalMap::<F> {
                u,
                flush: PhantomData,
            }
            .map(bits),
            Sampler::Truncated { u, lo, hi } => TruncatedMap::<F> {
                u,
                lo,
                hi,
                flush: PhantomData,
            }
            .map(bits),
        }
    }

    /// [`fill`](Sampler::fill) with the arithmetic `F`: one instance of the fill
    /// loop for each sampler, so that nothing is decided per element.
    fn fill_with<F: Flush>(
        self,
        key: [u32; 2],
        layout: CounterLayout,
        out: &mut [f32],
        factor: Option<f32>,
    ) {
        fn run<M: Map>(
            key: [u32; 2],
            layout: CounterLayout,
            out: &mut [f32],
            map: M,
            factor: Option<f32>,
        ) {
            match factor {
                None => fill_words(key, layout, out, map),
                Some(s) => fill_words(key, layout, out, Scaled::<M> { map, factor: s }),
            }
        }
        match self {
            Sampler::Uniform(u) => run(
                key,
                layout,
                out,
                UniformMap::<F> {
                    u,
                    flush: PhantomData,
                },
                factor,
            ),
            Sampler::Normal(u) => run(
                key,
                layout,
                out,
                NormalMap::<F> {
                    u,
                    flush: PhantomData,
                },
                factor,
            ),
            Sampler::Truncated { u, lo, hi } => run(
                key,
                layout,
                out,
                TruncatedMap::<F> {
                    u,
                    lo,
                    hi,
                    flush: PhantomData,
                },
                factor,
            ),
        }
    }
}

/// A map from one element's random word to its value, inlined into the fill loop.
pub(crate) trait Map: Copy {
    /// The value for the word `bits`.
    fn map(self, bits: u32) -> f32;
}

/// `jax.random.uniform`'s map.
#[derive(Clone, Copy, Debug)]
struct UniformMap<F> {
    u: Uniform,
    flush: PhantomData<F>,
}

impl<F: Flush> Map for UniformMap<F> {
    #[inline(always)]
    fn map(self, bits: u32) -> f32 {
        self.u.map::<F>(bits)
    }
}

/// `jax.random.normal`'s map: `√2·erf_inv(u)`.
#[derive(Clone, Copy, Debug)]
struct NormalMap<F> {
    u: Uniform,
    flush: PhantomData<F>,
}

impl<F: Flush> Map for NormalMap<F> {
    #[inline(always)]
    fn map(self, bits: u32) -> f32 {
        F::mul(SQRT_2, erf_inv::<F>(self.u.map::<F>(bits)))
    }
}

/// `jax.random.truncated_normal`'s map: `√2·erf_inv(u)` clipped.
#[derive(Clone, Copy, Debug)]
struct TruncatedMap<F> {
    u: Uniform,
    lo: f32,
    hi: f32,
    flush: PhantomData<F>,
}

impl<F: Flush> Map for TruncatedMap<F> {
    #[inline(always)]
    fn map(self, bits: u32) -> f32 {
        let z = F::mul(SQRT_2, erf_inv::<F>(self.u.map::<F>(bits)));
        // `jnp.clip`: `maximum(lo, ·)`, then `minimum(hi, ·)`.
        minimum(self.hi, maximum(self.lo, z))
    }
}

/// A map followed by `* factor`, flushed as XLA CPU flushes (the flush costs a
/// compare on the plain path, where it never fires).
#[derive(Clone, Copy, Debug)]
struct Scaled<M> {
    map: M,
    factor: f32,
}

impl<M: Map> Map for Scaled<M> {
    #[inline(always)]
    fn map(self, bits: u32) -> f32 {
        Ftz::mul(self.map.map(bits), self.factor)
    }
}

/// Writes `map(word of element i)` to `out[i]` for every element, the words drawn
/// under `key` in `layout`.
///
/// Compiled for the baseline target and for AVX2 with FMA, chosen at run time: the
/// threefry rounds and the maps run in 256-bit vectors there, and
/// [`f32::mul_add`] is one instruction rather than a call to the C library's
/// `fmaf`. Both give the same bits.
#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
fn fill_words<M: Map>(key: [u32; 2], layout: CounterLayout, out: &mut [f32], map: M) {
    let n = out.len();
    let mut write = |at: usize, words: &[u32]| {
        for (o, &w) in out[at..at + words.len()].iter_mut().zip(words) {
            *o = map.map(w);
        }
    };
    match layout {
        CounterLayout::Partitionable => threefry::partitionable_runs(key, n, &mut write),
        CounterLayout::Legacy => threefry::legacy_runs(key, n, &mut write),
    }
}

/// Writes the raw words of `key` in `layout` to `out` (`jax.random.bits`),
/// compiled as [`fill_words`] is.
#[multiversion::multiversion(targets("x86_64+avx2"))]
pub(crate) fn fill_bits(key: [u32; 2], layout: CounterLayout, out: &mut [u32]) {
    let n = out.len();
    let mut write = |at: usize, words: &[u32]| out[at..at + words.len()].copy_from_slice(words);
    match layout {
        CounterLayout::Partitionable => threefry::partitionable_runs(key, n, &mut write),
        CounterLayout::Legacy => threefry::legacy_runs(key, n, &mut write),
    }
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)]
mod tests;
