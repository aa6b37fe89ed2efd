//! The mean and mean square of one element of an initialized tensor: what the
//! mean-field forecast (`crate::signal`) needs to know of an initializer.

use super::Init;
use super::orthogonal::flatten;
use super::structured::delta_layout;
use super::plan::Plan;
use crate::rng::math::normal_cdf;
use crate::{InitError, Layout, Shape};

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
                let [rows, cols] = rank2(shape, "identity")?;
                #[allow(clippy::cast_precision_loss)]
                let k = rows.min(cols) as f64;
                spread(i.gain() * i.gain() * k, i.gain() * k, rows.min(cols))
            }
            Init::Dirac(d) => {
                let (outs, ins) = dirac_channels(shape)?;
                if !outs.is_multiple_of(d.groups()) {
                    return Err(InitError::GroupsMismatch {
                        initializer: "dirac",
                        shape: shape.to_string(),
                        groups: d.groups(),
                        channels: outs,
                    });
                }
                let ones = d.groups() * (outs / d.groups()).min(ins);
                #[allow(clippy::cast_precision_loss)]
                let k = ones as f64;
                spread(k, k, ones)
            }
            Init::Sparse(s) => {
                let [rows, cols] = rank2(shape, "sparse")?;
                let units = match shape.layout() {
                    Layout::Keras => cols,
                    Layout::Torch => rows,
                    _ => {
                        return Err(InitError::UnsupportedShape {
                            initializer: "sparse",
                            shape: shape.to_string(),
                            needed: "PyTorch layout [out, in] or Keras layout [in, out]",
                        });
                    }
                };
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

/// The `[rows, cols]` of a rank-2 shape, or the error a fill gives.
fn rank2(shape: &Shape, initializer: &'static str) -> Result<[usize; 2], InitError> {
    match *shape.dims() {
        [rows, cols] => Ok([rows, cols]),
        _ => Err(InitError::UnsupportedShape {
            initializer,
            shape: shape.to_string(),
            needed: "rank 2 (a dense kernel)",
        }),
    }
}

/// Output and input channels of a convolution weight, as a Dirac fill reads them.
fn dirac_channels(shape: &Shape) -> Result<(usize, usize), InitError> {
    let dims = shape.dims();
    let unsupported = |needed| InitError::UnsupportedShape {
        initializer: "dirac",
        shape: shape.to_string(),
        needed,
    };
    if !(3..=5).contains(&shape.rank()) {
        return Err(unsupported(
            "rank 3, 4 or 5 (a convolution weight with 1, 2 or 3 spatial dimensions)",
        ));
    }
    match shape.layout() {
        Layout::Torch => Ok((dims[0], dims[1])),
        Layout::Keras => Ok((dims[dims.len() - 1], dims[dims.len() - 2])),
        _ => Err(unsupported(
            "a convolution weight in PyTorch layout [out, in, k...] or Keras layout \
             [k..., in, out]; a transposed-convolution weight is not supported",
        )),
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
mod tests {
    use super::*;

    impl Moments {
        /// `Var(W) = E[W²] − E[W]²`.
        fn variance(self) -> f64 {
            self.mean_square - self.mean * self.mean
        }
    }
    use crate::{
        Constant, Dirac, GlorotNormal, HeUniform, Identity, Initializer, LecunNormal, Orthogonal,
        RandomNormal, RandomUniform, Sparse, TRUNCATED_STD, TorchDefault, TruncatedNormal,
        Truncation, Zeros,
    };

    /// The truncated moments against Simpson's rule on the density, mirrored and not.
    #[test]
    #[allow(clippy::many_single_char_names)] // quadrature in textbook notation
    fn truncated_moments_match_quadrature() {
        let simpson = |a: f64, b: f64, k: i32| {
            let n = 200_000;
            let h = (b - a) / f64::from(n);
            let g = |x: f64| x.powi(k) * (-0.5 * x * x).exp();
            let mut s = g(a) + g(b);
            for i in 1..n {
                s += if i % 2 == 1 { 4.0 } else { 2.0 } * g(a + f64::from(i) * h);
            }
            s * h / 3.0
        };
        for (a, b) in [
            (-2.0, 2.0),
            (-1.0, 3.0),
            (0.5, 2.5),
            (-3.0, -0.25),
            (-0.3, 0.1),
            (1.0, 9.0),
        ] {
            let z = simpson(a, b, 0);
            let m = simpson(a, b, 1) / z;
            let v = simpson(a, b, 2) / z - m * m;
            let (mc, vc) = truncated_standard_moments(a, b).unwrap();
            assert!((mc - m).abs() < 1e-12, "[{a}, {b}]: mean {mc} vs {m}");
            assert!(
                (vc - v).abs() < 1e-12 * v.max(1e-3),
                "[{a}, {b}]: {vc} vs {v}"
            );
        }
        // Half-normal: mean √(2/π), variance 1 − 2/π.
        let (m, v) = truncated_standard_moments(0.0, f64::INFINITY).unwrap();
        assert!((m - (2.0 / core::f64::consts::PI).sqrt()).abs() < 1e-15);
        assert!((v - (1.0 - 2.0 / core::f64::consts::PI)).abs() < 1e-15);
        // Untruncated.
        assert_eq!(
            truncated_standard_moments(f64::NEG_INFINITY, f64::INFINITY),
            Some((0.0, 1.0))
        );
        // No mass: an error, as in a fill.
        assert_eq!(truncated_standard_moments(45.0, 50.0), None);
        let far = TruncatedNormal::torch(0.0, 1.0, 45.0, 50.0).unwrap();
        assert!(matches!(
            Init::from(far).moments(&Shape::dense(2, 2)),
            Err(InitError::NoMass { .. })
        ));
    }

    /// Keras's constant is the standard deviation of N(0, 1) cut at ±2.
    #[test]
    fn keras_truncated_std_is_the_truncated_variance() {
        let (m, v) = truncated_standard_moments(-2.0, 2.0).unwrap();
        assert_eq!(m, 0.0);
        assert!((v.sqrt() - TRUNCATED_STD).abs() < 2e-16);
        // So a truncated variance-scaling kernel has variance scale/fan to rounding.
        let shape = Shape::dense(300, 100);
        let mom = Init::from(LecunNormal).moments(&shape).unwrap();
        assert_eq!(mom.mean, 0.0);
        assert!((mom.mean_square * 300.0 - 1.0).abs() < 1e-15);
    }

    #[test]
    #[allow(clippy::many_single_char_names)] // one letter per initializer
    fn closed_forms_of_the_plans() {
        let shape = Shape::from_torch(&[10, 64]);
        let m = Init::from(TorchDefault).moments(&shape).unwrap();
        // PyTorch's default: U(−b, b), b = 1/√64 (less one ulp), so E[W²] = b²/3.
        assert!((m.mean_square * 64.0 - 1.0 / 3.0).abs() < 1e-15);
        let u = Init::from(RandomUniform::new(1.0, 3.0).unwrap())
            .moments(&shape)
            .unwrap();
        assert_eq!((u.mean, u.mean_square), (2.0, 4.0 + 4.0 / 12.0));
        let c = Init::from(Constant::new(-0.5).unwrap())
            .moments(&shape)
            .unwrap();
        assert_eq!((c.mean, c.mean_square, c.variance()), (-0.5, 0.25, 0.0));
        let n = Init::from(RandomNormal::new(0.1, 0.2).unwrap())
            .moments(&shape)
            .unwrap();
        assert!((n.variance() - 0.04).abs() < 1e-17);
        let half = TruncatedNormal::with_truncation(
            1.0,
            2.0,
            Truncation::Stddevs {
                lower: 0.0,
                upper: f64::INFINITY,
            },
        )
        .unwrap();
        let h = Init::from(half).moments(&shape).unwrap();
        let pi = core::f64::consts::PI;
        assert!((h.mean - (1.0 + 2.0 * (2.0 / pi).sqrt())).abs() < 1e-14);
        assert!((h.variance() - 4.0 * (1.0 - 2.0 / pi)).abs() < 1e-14);
    }

    /// The moments of a large fill, against the stated ones, within 6 standard
    /// errors computed from the fill's size and the sample's fourth moment
    /// (alpha ≈ 2e-9 per check, normal approximation).
    #[test]
    fn fills_have_the_stated_moments() {
        let shape = Shape::dense(512, 256);
        let inits: Vec<Init> = vec![
            HeUniform.into(),
            GlorotNormal.into(),
            LecunNormal.into(),
            TorchDefault.into(),
            RandomUniform::new(-0.3, 0.7).unwrap().into(),
            TruncatedNormal::torch(0.5, 1.0, -1.0, 2.5).unwrap().into(),
            Sparse::new(0.3, 0.5).unwrap().into(),
            Orthogonal::new(1.5).unwrap().into(),
        ];
        for init in inits {
            let w: Vec<f64> = init.fill_new(&shape, 17).unwrap();
            #[allow(clippy::cast_precision_loss)]
            let n = w.len() as f64;
            let m = init.moments(&shape).unwrap();
            let mean = w.iter().sum::<f64>() / n;
            let sq: Vec<f64> = w.iter().map(|x| x * x).collect();
            let ms = sq.iter().sum::<f64>() / n;
            let var_sq = sq.iter().map(|s| (s - ms).powi(2)).sum::<f64>() / (n - 1.0);
            let var = w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
            assert!(
                (mean - m.mean).abs() <= 6.0 * (var / n).sqrt() + 1e-15,
                "{init}: mean {mean} vs {}",
                m.mean
            );
            assert!(
                (ms - m.mean_square).abs() <= 6.0 * (var_sq / n).sqrt() + 1e-15,
                "{init}: mean square {ms} vs {}",
                m.mean_square
            );
        }
    }

    #[test]
    fn structured_moments_are_exact() {
        let shape = Shape::from_torch(&[30, 20, 3]);
        let init = Init::from(Orthogonal::new(2.0).unwrap());
        let w: Vec<f64> = init.fill_new(&shape, 3).unwrap();
        #[allow(clippy::cast_precision_loss)]
        let ms = w.iter().map(|x| x * x).sum::<f64>() / w.len() as f64;
        let m = init.moments(&shape).unwrap();
        assert!((ms - m.mean_square).abs() < 1e-13);
        assert_eq!(m.mean_square, 4.0 / 60.0);
        for (init, shape) in [
            (Init::from(Identity::new(3.0).unwrap()), Shape::dense(4, 6)),
            (
                Init::from(Dirac::new(2).unwrap()),
                Shape::from_torch(&[8, 3, 3]),
            ),
            (Init::from(Zeros), Shape::dense(4, 6)),
        ] {
            let w: Vec<f64> = init.fill_new(&shape, 0).unwrap();
            #[allow(clippy::cast_precision_loss)]
            let n = w.len() as f64;
            let m = init.moments(&shape).unwrap();
            assert_eq!(m.mean, w.iter().sum::<f64>() / n, "{init}");
            assert_eq!(m.mean_square, w.iter().map(|x| x * x).sum::<f64>() / n);
        }
        assert!(matches!(
            Init::from(Dirac::new(3).unwrap()).moments(&Shape::from_torch(&[8, 3, 3])),
            Err(InitError::GroupsMismatch { .. })
        ));
        assert!(matches!(
            Init::from(Sparse::default()).moments(&Shape::from_torch(&[8, 3, 3])),
            Err(InitError::UnsupportedShape { .. })
        ));
    }
}
