//! [`Plan`]: an initializer's distribution once its fans are known, and its
//! checked form in the element type; [`Sampler`], the same distribution for any
//! [`rand::Rng`].

use rand::Rng;
use rand::distr::Distribution;

use crate::rng::Native;
use crate::rng::dist::{Bounds, Checked, Dist, NARROW_CENTRAL, NarrowTruncated, Reject, Z_REACH};
use crate::rng::math::{normal_cdf, normal_cdf_centred};
use crate::{InitError, Real};

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

impl Plan {
    /// The distribution in element type `T`, its parameters checked in `T`: in
    /// `T`'s native type (the type the generator computes in), then in `T`
    /// itself, whose values are the native ones rounded.
    pub(crate) fn dist<T: Real>(self) -> Result<Checked<T>, InitError> {
        let dist = self.native::<T::Native>(T::NAME)?;
        let finish = T::finish(&dist, self.bounds()).map_err(|r| self.rejected(r, T::NAME))?;
        Ok(Checked { dist, finish })
    }

    /// The support of the distribution, as its parameters state it.
    fn bounds(self) -> Bounds {
        match self {
            Plan::Constant(_) | Plan::Normal { .. } => Bounds::Any,
            Plan::Uniform { lo, hi } => Bounds::HalfOpen { lo, hi },
            Plan::Truncated { lo, hi, .. } => Bounds::Closed { lo, hi },
        }
    }

    /// The error for an element type `ty` that rejects the values of a
    /// distribution that its native type holds: the one the native type would
    /// give for the same trouble.
    fn rejected(self, reject: Reject, ty: &'static str) -> InitError {
        match (self, reject) {
            (Plan::Constant(value), _) => InitError::NotRepresentable {
                name: "value",
                value,
                ty,
            },
            (Plan::Uniform { lo, hi }, Reject::Overflow) => InitError::InfiniteRange {
                min: lo,
                max: hi,
                ty,
            },
            (Plan::Uniform { lo, hi }, Reject::Empty) => InitError::EmptyRange {
                min: lo,
                max: hi,
                ty,
            },
            (Plan::Normal { std, .. }, Reject::Empty) => InitError::NonPositive {
                name: "stddev",
                value: std,
                hint: "it rounds to zero in the element type; use a larger stddev",
            },
            (Plan::Normal { mean, std } | Plan::Truncated { mean, std, .. }, Reject::Overflow) => {
                InitError::SampleOverflow { mean, std, ty }
            }
            (
                Plan::Truncated {
                    mean, std, lo, hi, ..
                },
                Reject::Empty,
            ) => InitError::NoMass {
                a: lo,
                b: hi,
                mean,
                std,
                ty,
            },
        }
    }

    /// The distribution in the native type `T`, its parameters checked in `T`;
    /// `ty` names the element type in errors.
    fn native<T: Native>(self, ty: &'static str) -> Result<Dist<T>, InitError> {
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
                Ok(Dist::Constant(t))
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
                Ok(Dist::Uniform {
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
                Ok(Dist::Normal { mean: m, std: s })
            }
            Plan::Truncated {
                mean,
                std,
                za,
                zb,
                lo,
                hi,
            } => truncated(mean, std, za, zb, lo, hi, ty),
        }
    }
}

/// [`Plan::native`] for [`Plan::Truncated`].
fn truncated<T: Native>(
    mean: f64,
    std: f64,
    za: f64,
    zb: f64,
    lo: f64,
    hi: f64,
    ty: &'static str,
) -> Result<Dist<T>, InitError> {
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
    // The interval's mass; inside the quantile's central region from
    // `Φ − ½`, which keeps the resolution of a narrow interval about 0.
    let centred = za >= -NARROW_CENTRAL && zb <= NARROW_CENTRAL;
    let (base, mass) = if centred {
        let q_lo = normal_cdf_centred(za);
        (q_lo, normal_cdf_centred(zb) - q_lo)
    } else {
        (p_lo, p_hi - p_lo)
    };
    if !(mass > 0.0) {
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
    let p_span = T::from_f64(p_hi - p_lo);
    if narrow::<T>(p_span, p_hi) {
        return Ok(Dist::NarrowTruncated(NarrowTruncated {
            mean,
            std,
            centred,
            base,
            span: mass,
            za,
            zb,
            sign: if flip { -1.0 } else { 1.0 },
            lo: l,
            hi: h,
        }));
    }
    Ok(Dist::Truncated {
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

/// Whether a truncated normal whose probabilities `p = p_lo + p_span·u`, formed in
/// `T`, reach up to `p_hi` resolves `p` more coarsely than `u`: the spacing of `T`
/// just below `p_hi`, times the number of values `u` takes, exceeds the mass
/// `p_span`. Such an interval is drawn by [`NarrowTruncated`], in `f64`.
fn narrow<T: Native>(p_span: T, p_hi: f64) -> bool {
    let top = T::from_f64(p_hi);
    let step = (top - top.prev()).widen();
    !(p_span.widen() >= step * 2f64.powi(T::UNIT_OPEN_BITS))
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
pub struct Sampler<T: Real> {
    dist: Checked<T>,
}

impl<T: Real> Sampler<T> {
    pub(crate) fn new(plan: Plan) -> Result<Self, InitError> {
        Ok(Sampler { dist: plan.dist()? })
    }
}

impl<T: Real> Distribution<T> for Sampler<T> {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> T {
        self.dist.sample(T::Native::bits_from(rng))
    }
}

#[cfg(test)]
mod tests;
