//! The mean and mean square of one element of an initialized tensor: what the
//! mean-field forecast (`crate::signal`) needs to know of an initializer.

use super::Init;
use super::orthogonal::flatten;
use super::plan::Plan;
use super::structured::{delta_layout, matrix_dims, sparse_axes};
use crate::rng::math::normal_cdf;
use crate::{InitError, Shape};

/// The first two moments of an element drawn from a tensor, over the initializer's
/// randomness and over the position of the element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Moments {
    /// `E[W]`.
    pub(crate) mean: f64,
    /// `E[W²]`.
    pub(crate) mean_square: f64,
}

impl Init {
    /// The moments of an element of a tensor of `shape`, picked uniformly at
    /// random, filled by this initializer.
    ///
    /// For an initializer that draws its elements independently they are those of
    /// its distribution (a truncated normal's exactly, from the truncation
    /// bounds). For one that fills by structure they are the average over the
    /// elements: `gain²·min(r, c)` spread over the `r × c` elements of an
    /// orthogonal matrix, the ones of an identity or Dirac kernel, the normal
    /// values of a sparse kernel's non-zero share.
    pub(crate) fn moments(&self, shape: &Shape) -> Result<Moments, InitError> {
        #[allow(clippy::cast_precision_loss)] // element counts above 2^53 do not occur
        let spread = |sum_of_squares: f64, sum: f64, count: usize| {
            let n = shape.try_len()? as f64;
            if n == 0.0 || count == 0 {
                return Ok(Moments {
                    mean: 0.0,
                    mean_square: 0.0,
                });
            }
            Ok(Moments {
                mean: sum / n,
                mean_square: sum_of_squares / n,
            })
        };
        match self {
            Init::Orthogonal(o) => {
                let (rows, cols) = flatten(shape, "orthogonal")?;
                let g2 = o.gain() * o.gain();
                #[allow(clippy::cast_precision_loss)]
                let k = rows.min(cols) as f64;
                spread(g2 * k, 0.0, rows.min(cols))
            }
            Init::DeltaOrthogonal(d) => {
                let (_, ins, _, _) = delta_layout(shape)?;
                let g2 = d.gain() * d.gain();
                #[allow(clippy::cast_precision_loss)]
                let k = ins as f64;
                spread(g2 * k, 0.0, ins)
            }
            Init::Identity(i) => {
                let [rows, cols] = matrix_dims(shape, "identity")?;
                #[allow(clippy::cast_precision_loss)]
                let k = rows.min(cols) as f64;
                spread(i.gain() * i.gain() * k, i.gain() * k, rows.min(cols))
            }
            Init::Dirac(d) => {
                let (outs, ins, _) = d.channels(shape)?;
                let ones = d.groups() * (outs / d.groups()).min(ins);
                #[allow(clippy::cast_precision_loss)]
                let k = ones as f64;
                spread(k, k, ones)
            }
            Init::Sparse(s) => {
                let (units, _) = sparse_axes(shape)?;
                if units == 0 {
                    return spread(0.0, 0.0, 0);
                }
                #[allow(clippy::cast_precision_loss)]
                let kept = (units - s.zeros_per_input(units)) as f64 / units as f64;
                Ok(Moments {
                    mean: 0.0,
                    mean_square: s.std() * s.std() * kept,
                })
            }
            _ => plan_moments(&self.plan(shape)?),
        }
    }
}

/// The moments of a [`Plan`]'s distribution.
///
/// # Errors
/// [`InitError::NoMass`] for a truncated normal whose interval holds no
/// probability mass in `f64`, as a fill in `f64` reports it.
pub(crate) fn plan_moments(plan: &Plan) -> Result<Moments, InitError> {
    let (mean, variance) = match *plan {
        Plan::Constant(c) => (c, 0.0),
        Plan::Uniform { lo, hi } => {
            let w = hi - lo;
            (f64::midpoint(lo, hi), w * w / 12.0)
        }
        Plan::Normal { mean, std } => (mean, std * std),
        Plan::Truncated {
            mean,
            std,
            za,
            zb,
            lo,
            hi,
        } => {
            let (m, v) = truncated_standard_moments(za, zb).ok_or(InitError::NoMass {
                a: lo,
                b: hi,
                mean,
                std,
                ty: "f64",
            })?;
            (mean + std * m, std * std * v)
        }
    };
    Ok(Moments {
        mean,
        mean_square: variance + mean * mean,
    })
}

/// `1/√(2π)`.
const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

/// `x·φ(x)` and `φ(x)` for the standard normal density, 0 at ±∞.
fn density_terms(x: f64) -> (f64, f64) {
    if x.is_infinite() {
        return (0.0, 0.0);
    }
    let p = FRAC_1_SQRT_2PI * (-0.5 * x * x).exp();
    (x * p, p)
}

/// The mean and variance of a standard normal restricted to `[a, b]`:
/// with `Z = Φ(b) − Φ(a)`, mean `m = (φ(a) − φ(b))/Z` and variance
/// `1 + (a·φ(a) − b·φ(b))/Z − m²`.
///
/// An interval that lies mostly above 0 is mirrored below it, where `Φ` is
/// resolved finely, and the mean negated. `None` when `Z` is 0 in `f64`.
#[allow(clippy::many_single_char_names)] // a, b, Z, m, v as in the formula
fn truncated_standard_moments(a: f64, b: f64) -> Option<(f64, f64)> {
    if a + b > 0.0 {
        let (m, v) = truncated_standard_moments(-b, -a)?;
        return Some((-m, v));
    }
    let z = normal_cdf(b) - normal_cdf(a);
    if !(z > 0.0) {
        return None;
    }
    let (ap, pa) = density_terms(a);
    let (bp, pb) = density_terms(b);
    let m = (pa - pb) / z;
    let v = 1.0 + (ap - bp) / z - m * m;
    Some((m, v.max(0.0)))
}

#[cfg(test)]
mod tests;
