//! `RandomUniform`, `RandomNormal` and `TruncatedNormal`: fixed-scale distributions.

use super::plan::Plan;
use super::{finite, planned, positive};
use crate::{InitError, Shape};

/// Uniform values in a fixed range: `W ~ U[minval, maxval)`.
///
/// Matches Keras `RandomUniform(minval=-0.05, maxval=0.05)`, whose defaults it takes.
/// PyTorch's `nn.init.uniform_(t, a=0, b=1)` is `RandomUniform::new(0.0, 1.0)`; JAX's
/// `uniform(scale=0.01)` is `RandomUniform::new(0.0, 0.01)` (JAX's range is
/// `[0, scale)`, not symmetric).
///
/// Values are `min + (max − min)·u` with `u` from 24 (`f32`) or 53 (`f64`) random
/// bits, computed in the element type and never equal to `max`.
///
/// # Example
/// ```
/// use nninit::{Initializer, RandomUniform, Shape};
///
/// let shape = Shape::dense(64, 32);
/// let mut w = vec![0.0f32; shape.len()];
/// RandomUniform::new(-0.1, 0.1)?.fill_keyed(&mut w, &shape, 9)?;
/// assert!(w.iter().all(|&x| (-0.1..0.1).contains(&x)));
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`RandomUniform::new`] rejects non-finite bounds, `!(min < max)` and a range
/// wider than `f64::MAX`; a fill rejects a range that is empty or infinite in the
/// element type.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "uniform_")]
#[doc(alias = "random_uniform")]
pub struct RandomUniform {
    min: f64,
    max: f64,
}

impl Default for RandomUniform {
    /// Keras's `U[−0.05, 0.05)`.
    fn default() -> Self {
        RandomUniform {
            min: -0.05,
            max: 0.05,
        }
    }
}

impl RandomUniform {
    /// `U[min, max)`.
    ///
    /// # Errors
    /// [`InitError::NonFinite`] for a NaN or infinite bound,
    /// [`InitError::EmptyRange`] when `!(min < max)`, [`InitError::InfiniteRange`]
    /// when `max − min` overflows.
    ///
    /// ```
    /// use nninit::{InitError, RandomUniform};
    /// assert!(matches!(RandomUniform::new(1.0, 1.0), Err(InitError::EmptyRange { .. })));
    /// ```
    pub fn new(min: f64, max: f64) -> Result<Self, InitError> {
        finite("minval", min)?;
        finite("maxval", max)?;
        if !(min < max) {
            return Err(InitError::EmptyRange {
                min,
                max,
                ty: "f64",
            });
        }
        if !(max - min).is_finite() {
            return Err(InitError::InfiniteRange {
                min,
                max,
                ty: "f64",
            });
        }
        Ok(RandomUniform { min, max })
    }

    /// The lower bound, `minval`.
    ///
    /// ```
    /// assert_eq!(nninit::RandomUniform::default().min(), -0.05);
    /// ```
    #[must_use]
    pub fn min(&self) -> f64 {
        self.min
    }

    /// The upper bound, `maxval` (excluded).
    ///
    /// ```
    /// assert_eq!(nninit::RandomUniform::default().max(), 0.05);
    /// ```
    #[must_use]
    pub fn max(&self) -> f64 {
        self.max
    }

    #[allow(clippy::unnecessary_wraps)] // the common plan signature
    pub(crate) fn plan(&self, _: &Shape) -> Result<Plan, InitError> {
        Ok(Plan::Uniform {
            lo: self.min,
            hi: self.max,
        })
    }
}

/// Normal values with a fixed mean and standard deviation: `W ~ N(mean, stddev²)`.
///
/// Matches Keras `RandomNormal(mean=0.0, stddev=0.05)`, whose defaults it takes.
/// PyTorch's `nn.init.normal_(t, mean=0, std=1)` is `RandomNormal::new(0.0, 1.0)`;
/// JAX's `normal(stddev=0.01)` is `RandomNormal::new(0.0, 0.01)`.
///
/// Sampled by inverse CDF (Wichura's AS 241) in plain arithmetic, so the bits are the
/// same on every platform; `f32` deviates reach about ±5.4σ, `f64` about ±8.3σ.
///
/// # Example
/// ```
/// use nninit::{Initializer, RandomNormal, Shape};
///
/// let shape = Shape::dense(256, 256);
/// let mut w = vec![0.0f64; shape.len()];
/// RandomNormal::new(0.0, 0.02)?.fill_keyed(&mut w, &shape, 5)?;
/// let mean = w.iter().sum::<f64>() / w.len() as f64;
/// assert!(mean.abs() < 5.0 * 0.02 / 256.0); // within 5 standard errors
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`RandomNormal::new`] rejects a non-finite mean and a `stddev` that is not a
/// positive finite number.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "normal_")]
#[doc(alias = "random_normal")]
pub struct RandomNormal {
    mean: f64,
    stddev: f64,
}

impl Default for RandomNormal {
    /// Keras's `N(0, 0.05²)`.
    fn default() -> Self {
        RandomNormal {
            mean: 0.0,
            stddev: 0.05,
        }
    }
}

impl RandomNormal {
    /// `N(mean, stddev²)`.
    ///
    /// # Errors
    /// [`InitError::NonFinite`] for a NaN or infinite mean or an infinite stddev;
    /// [`InitError::NonPositive`] when `!(stddev > 0)`.
    ///
    /// ```
    /// assert!(nninit::RandomNormal::new(0.0, 0.0).is_err());
    /// ```
    pub fn new(mean: f64, stddev: f64) -> Result<Self, InitError> {
        Ok(RandomNormal {
            mean: finite("mean", mean)?,
            stddev: positive("stddev", stddev, "pass a positive standard deviation")?,
        })
    }

    /// The mean.
    ///
    /// ```
    /// assert_eq!(nninit::RandomNormal::default().mean(), 0.0);
    /// ```
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The standard deviation.
    ///
    /// ```
    /// assert_eq!(nninit::RandomNormal::default().stddev(), 0.05);
    /// ```
    #[must_use]
    pub fn stddev(&self) -> f64 {
        self.stddev
    }

    #[allow(clippy::unnecessary_wraps)] // the common plan signature
    pub(crate) fn plan(&self, _: &Shape) -> Result<Plan, InitError> {
        Ok(Plan::Normal {
            mean: self.mean,
            std: self.stddev,
        })
    }
}

/// Where a [`TruncatedNormal`] is cut.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Truncation {
    /// At `mean + lower·stddev` and `mean + upper·stddev`: Keras's
    /// `TruncatedNormal` (always `−2, 2`) and JAX's `truncated_normal(lower, upper)`.
    Stddevs {
        /// The lower cut, in standard deviations from the mean.
        lower: f64,
        /// The upper cut, in standard deviations from the mean.
        upper: f64,
    },
    /// At the absolute values `a` and `b`, whatever the standard deviation: PyTorch's
    /// `trunc_normal_(mean, std, a=-2, b=2)`.
    Absolute {
        /// The lower cut.
        a: f64,
        /// The upper cut.
        b: f64,
    },
}

/// A normal distribution cut to an interval: `W ~ N(mean, stddev²)` restricted to
/// `[lo, hi]`, by inverse CDF.
///
/// Two conventions exist, and both are here (see [`Truncation`]):
/// - Keras `TruncatedNormal(mean=0.0, stddev=0.05)` cuts at `mean ± 2·stddev`. This
///   is the default. Note that `stddev` is the scale *before* truncation: the values'
///   standard deviation is `0.8796·stddev`.
/// - PyTorch `nn.init.trunc_normal_(t, mean=0, std=1, a=-2, b=2)` cuts at the
///   absolute values `a` and `b` ([`TruncatedNormal::torch`]), so that with
///   `std = 0.02` and the default bounds almost nothing is cut.
///
/// Values are `mean + stddev·Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α)))` with the standardised
/// bounds `α`, `β` (mirrored into the lower tail when the interval lies mostly above
/// the mean, where `Φ` is resolved finely), then clamped to `[lo, hi]`.
///
/// # Example
/// ```
/// use nninit::{Initializer, Shape, TruncatedNormal};
///
/// let shape = Shape::dense(128, 128);
/// let mut w = vec![0.0f32; shape.len()];
/// TruncatedNormal::default().fill_keyed(&mut w, &shape, 3)?;
/// assert!(w.iter().all(|x| x.abs() <= 0.1));
///
/// let bert = TruncatedNormal::torch(0.0, 0.02, -0.04, 0.04)?;
/// bert.fill_keyed(&mut w, &shape, 3)?;
/// assert!(w.iter().all(|x| x.abs() <= 0.04));
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// The constructors reject a non-finite mean, a stddev that is not positive and
/// finite, NaN bounds, and an empty interval; a fill rejects an interval that holds
/// no probability mass representable in the element type ([`InitError::NoMass`]).
///
/// # References
/// PyTorch `trunc_normal_`: <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.trunc_normal_>;
/// Keras `TruncatedNormal`: <https://keras.io/api/layers/initializers/#truncatednormal-class>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "trunc_normal_")]
#[doc(alias = "truncated_normal")]
pub struct TruncatedNormal {
    mean: f64,
    stddev: f64,
    truncation: Truncation,
}

impl Default for TruncatedNormal {
    /// Keras's: `N(0, 0.05²)` cut at ±2 standard deviations.
    fn default() -> Self {
        TruncatedNormal {
            mean: 0.0,
            stddev: 0.05,
            truncation: Truncation::Stddevs {
                lower: -2.0,
                upper: 2.0,
            },
        }
    }
}

impl TruncatedNormal {
    /// Keras's form: `N(mean, stddev²)` cut at `mean ± 2·stddev`.
    ///
    /// # Errors
    /// As [`TruncatedNormal::with_truncation`].
    ///
    /// ```
    /// let t = nninit::TruncatedNormal::new(0.0, 0.1)?;
    /// assert_eq!(t.bounds(), (-0.2, 0.2));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn new(mean: f64, stddev: f64) -> Result<Self, InitError> {
        Self::with_truncation(
            mean,
            stddev,
            Truncation::Stddevs {
                lower: -2.0,
                upper: 2.0,
            },
        )
    }

    /// PyTorch's form, `trunc_normal_(mean, std, a, b)`: cut at the absolute values
    /// `a` and `b`.
    ///
    /// # Errors
    /// As [`TruncatedNormal::with_truncation`].
    ///
    /// ```
    /// let t = nninit::TruncatedNormal::torch(0.0, 1.0, -2.0, 2.0)?;
    /// assert_eq!(t.bounds(), (-2.0, 2.0));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn torch(mean: f64, std: f64, a: f64, b: f64) -> Result<Self, InitError> {
        Self::with_truncation(mean, std, Truncation::Absolute { a, b })
    }

    /// `N(mean, stddev²)` cut as `truncation` says. Infinite bounds are allowed (a
    /// half-normal, for instance); NaN bounds are not.
    ///
    /// # Errors
    /// [`InitError::NonFinite`] for a NaN or infinite mean, NaN bounds or an
    /// infinite stddev; [`InitError::NonPositive`] when `!(stddev > 0)`;
    /// [`InitError::EmptyTruncation`] when the lower bound is not below the upper.
    ///
    /// ```
    /// use nninit::{InitError, TruncatedNormal, Truncation};
    /// let half = TruncatedNormal::with_truncation(0.0, 1.0, Truncation::Stddevs { lower: 0.0, upper: f64::INFINITY })?;
    /// assert_eq!(half.bounds(), (0.0, f64::INFINITY));
    /// let empty = TruncatedNormal::torch(0.0, 1.0, 1.0, -1.0);
    /// assert!(matches!(empty, Err(InitError::EmptyTruncation { .. })));
    /// # Ok::<(), InitError>(())
    /// ```
    pub fn with_truncation(
        mean: f64,
        stddev: f64,
        truncation: Truncation,
    ) -> Result<Self, InitError> {
        let t = TruncatedNormal {
            mean: finite("mean", mean)?,
            stddev: positive("stddev", stddev, "pass a positive standard deviation")?,
            truncation,
        };
        let (lower, upper) = match truncation {
            Truncation::Stddevs { lower, upper } => (lower, upper),
            Truncation::Absolute { a, b } => (a, b),
        };
        for (name, v) in [("lower bound", lower), ("upper bound", upper)] {
            if v.is_nan() {
                return Err(InitError::NonFinite { name, value: v });
            }
        }
        let (lo, hi) = t.bounds();
        if !(lower < upper) || !(lo < hi) {
            return Err(InitError::EmptyTruncation { a: lo, b: hi });
        }
        Ok(t)
    }

    /// The mean.
    ///
    /// ```
    /// assert_eq!(nninit::TruncatedNormal::default().mean(), 0.0);
    /// ```
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The standard deviation before truncation.
    ///
    /// ```
    /// assert_eq!(nninit::TruncatedNormal::default().stddev(), 0.05);
    /// ```
    #[must_use]
    pub fn stddev(&self) -> f64 {
        self.stddev
    }

    /// Where the distribution is cut.
    ///
    /// ```
    /// use nninit::{TruncatedNormal, Truncation};
    /// assert_eq!(TruncatedNormal::default().truncation(), Truncation::Stddevs { lower: -2.0, upper: 2.0 });
    /// ```
    #[must_use]
    pub fn truncation(&self) -> Truncation {
        self.truncation
    }

    /// The interval `[lo, hi]` that values lie in, in the values' units.
    ///
    /// ```
    /// assert_eq!(nninit::TruncatedNormal::default().bounds(), (-0.1, 0.1));
    /// ```
    #[must_use]
    pub fn bounds(&self) -> (f64, f64) {
        match self.truncation {
            Truncation::Stddevs { lower, upper } => (
                self.mean + lower * self.stddev,
                self.mean + upper * self.stddev,
            ),
            Truncation::Absolute { a, b } => (a, b),
        }
    }

    #[allow(clippy::unnecessary_wraps)] // the common plan signature
    pub(crate) fn plan(&self, _: &Shape) -> Result<Plan, InitError> {
        let (lo, hi) = self.bounds();
        let (za, zb) = match self.truncation {
            Truncation::Stddevs { lower, upper } => (lower, upper),
            // As PyTorch computes them.
            Truncation::Absolute { a, b } => {
                ((a - self.mean) / self.stddev, (b - self.mean) / self.stddev)
            }
        };
        Ok(Plan::Truncated {
            mean: self.mean,
            std: self.stddev,
            za,
            zb,
            lo,
            hi,
        })
    }
}

planned!(RandomUniform, RandomNormal, TruncatedNormal);
