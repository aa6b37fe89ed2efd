//! `VarianceScaling` as Keras and JAX define it, and its Glorot, He and LeCun
//! presets.

use super::plan::Plan;
use super::planned;
use super::torch::positive_normal;
use crate::{FanMode, InitError, Shape};

/// The standard deviation of `N(0, 1)` cut at ±2: the divisor that gives a
/// truncated normal the variance asked for (Keras's and JAX's constant).
#[allow(clippy::excessive_precision)] // the literal as Keras and JAX write it
pub const TRUNCATED_STD: f64 = 0.879_625_661_034_239_78;

/// The distribution a [`VarianceScaling`] draws from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScalingDistribution {
    /// `N(0, σ²)` cut at ±2σ, with `σ = √(scale/n) / 0.87962566103423978` so that
    /// the values' variance is `scale/n`. Keras's `"truncated_normal"` (and its
    /// `"normal"`, which Keras rewrites to this) and JAX's `"truncated_normal"`.
    #[default]
    TruncatedNormal,
    /// `N(0, σ²)` with `σ = √(scale/n)`, uncut: Keras's `"untruncated_normal"`,
    /// JAX's `"normal"`.
    Normal,
    /// `U(−a, a)` with `a = √(3·scale/n)`: `"uniform"` in both.
    Uniform,
}

impl ScalingDistribution {
    /// The name Keras gives it (`"truncated_normal"`, `"untruncated_normal"`,
    /// `"uniform"`).
    ///
    /// ```
    /// assert_eq!(nninit::ScalingDistribution::Normal.keras_name(), "untruncated_normal");
    /// ```
    #[must_use]
    pub fn keras_name(self) -> &'static str {
        match self {
            ScalingDistribution::TruncatedNormal => "truncated_normal",
            ScalingDistribution::Normal => "untruncated_normal",
            ScalingDistribution::Uniform => "uniform",
        }
    }
}

/// Values whose variance is `scale / n`, with `n` a fan: Keras's and JAX's
/// `VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")`.
///
/// With `n = max(1, fan_in)`, `max(1, fan_out)` or `max(1, (fan_in + fan_out)/2)`
/// (Keras's guard against a zero fan) and `s = scale / n`:
/// - truncated normal: `σ = √s / 0.87962566103423978`, cut at ±2σ;
/// - normal: `σ = √s`;
/// - uniform: `W ~ U(−a, a)`, `a = √(3·s)`.
///
/// The arithmetic is Keras's, in `f64`, then rounded to the element type. (JAX rounds
/// `scale/n` to the element type first, which can move the last bit of an `f32`
/// bound.)
///
/// # Example
/// ```
/// use nninit::{FanMode, Initializer, ScalingDistribution, Shape, VarianceScaling};
///
/// let init = VarianceScaling::new(2.0, FanMode::FanOut, ScalingDistribution::Uniform)?;
/// let shape = Shape::dense(300, 100);
/// let mut w = vec![0.0f64; shape.len()];
/// init.fill_keyed(&mut w, &shape, 0)?;
/// assert!(w.iter().all(|x| x.abs() < (3.0f64 * 2.0 / 100.0).sqrt()));
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`VarianceScaling::new`] rejects a scale that is not a positive, finite, normal
/// float; a fill
/// rejects what the shape rejects ([`Shape::fans`]).
///
/// # References
/// Keras: <https://keras.io/api/layers/initializers/#variancescaling-class>;
/// JAX: <https://docs.jax.dev/en/latest/_autosummary/jax.nn.initializers.variance_scaling.html>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "variance_scaling")]
pub struct VarianceScaling {
    scale: f64,
    mode: FanMode,
    distribution: ScalingDistribution,
}

impl Default for VarianceScaling {
    /// Keras's: scale 1, `fan_in`, truncated normal.
    fn default() -> Self {
        VarianceScaling {
            scale: 1.0,
            mode: FanMode::FanIn,
            distribution: ScalingDistribution::TruncatedNormal,
        }
    }
}

impl VarianceScaling {
    /// A variance-scaling initializer.
    ///
    /// # Errors
    /// [`InitError::NonPositive`] when `!(scale > 0)`, [`InitError::NonFinite`] when
    /// it is infinite, [`InitError::OutOfRange`] when it is subnormal (below
    /// `f64::MIN_POSITIVE`), since the variance would underflow to 0.
    ///
    /// ```
    /// use nninit::{FanMode, ScalingDistribution, VarianceScaling};
    /// assert!(VarianceScaling::new(-1.0, FanMode::FanIn, ScalingDistribution::Uniform).is_err());
    /// ```
    pub fn new(
        scale: f64,
        mode: FanMode,
        distribution: ScalingDistribution,
    ) -> Result<Self, InitError> {
        Ok(VarianceScaling {
            scale: positive_normal(
                "scale",
                scale,
                "the scale is a variance multiplier, such as 2.0 for He",
            )?,
            mode,
            distribution,
        })
    }

    /// The same initializer with another fan mode.
    ///
    /// ```
    /// use nninit::{FanMode, VarianceScaling};
    /// assert_eq!(VarianceScaling::default().with_mode(FanMode::FanAvg).mode(), FanMode::FanAvg);
    /// ```
    #[must_use]
    pub fn with_mode(mut self, mode: FanMode) -> Self {
        self.mode = mode;
        self
    }

    /// The same initializer with another distribution.
    ///
    /// ```
    /// use nninit::{ScalingDistribution, VarianceScaling};
    /// let v = VarianceScaling::default().with_distribution(ScalingDistribution::Uniform);
    /// assert_eq!(v.distribution(), ScalingDistribution::Uniform);
    /// ```
    #[must_use]
    pub fn with_distribution(mut self, distribution: ScalingDistribution) -> Self {
        self.distribution = distribution;
        self
    }

    /// The variance multiplier.
    ///
    /// ```
    /// assert_eq!(nninit::VarianceScaling::default().scale(), 1.0);
    /// ```
    #[must_use]
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Which fan the variance is divided by.
    ///
    /// ```
    /// assert_eq!(nninit::VarianceScaling::default().mode(), nninit::FanMode::FanIn);
    /// ```
    #[must_use]
    pub fn mode(&self) -> FanMode {
        self.mode
    }

    /// The distribution.
    ///
    /// ```
    /// use nninit::{ScalingDistribution, VarianceScaling};
    /// assert_eq!(VarianceScaling::default().distribution(), ScalingDistribution::TruncatedNormal);
    /// ```
    #[must_use]
    pub fn distribution(&self) -> ScalingDistribution {
        self.distribution
    }

    pub(crate) fn plan(&self, shape: &Shape) -> Result<Plan, InitError> {
        let n = shape.fans()?.get(self.mode).max(1.0);
        let s = self.scale / n;
        Ok(match self.distribution {
            ScalingDistribution::TruncatedNormal => {
                let std = s.sqrt() / TRUNCATED_STD;
                Plan::Truncated {
                    mean: 0.0,
                    std,
                    za: -2.0,
                    zb: 2.0,
                    lo: -2.0 * std,
                    hi: 2.0 * std,
                }
            }
            ScalingDistribution::Normal => Plan::Normal {
                mean: 0.0,
                std: s.sqrt(),
            },
            ScalingDistribution::Uniform => {
                let limit = (3.0 * s).sqrt();
                Plan::Uniform {
                    lo: -limit,
                    hi: limit,
                }
            }
        })
    }
}

planned!(VarianceScaling);

macro_rules! preset {
    ($(#[$doc:meta])* $name:ident, $alias:literal, $scale:expr, $mode:ident, $dist:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #[doc(alias = $alias)]
        pub struct $name;

        impl $name {
            /// The [`VarianceScaling`] this preset is.
            ///
            /// ```
            #[doc = concat!("let v = nninit::", stringify!($name), ".as_variance_scaling();")]
            #[doc = concat!("assert_eq!(v.scale(), ", stringify!($scale), ");")]
            /// ```
            #[must_use]
            pub fn as_variance_scaling(&self) -> VarianceScaling {
                VarianceScaling {
                    scale: $scale,
                    mode: FanMode::$mode,
                    distribution: ScalingDistribution::$dist,
                }
            }

            pub(crate) fn plan(&self, shape: &Shape) -> Result<Plan, InitError> {
                self.as_variance_scaling().plan(shape)
            }
        }

        impl From<$name> for VarianceScaling {
            fn from(p: $name) -> VarianceScaling {
                p.as_variance_scaling()
            }
        }

        planned!($name);
    };
}

preset!(
    /// Glorot (Xavier) uniform, as Keras and JAX define it:
    /// `W ~ U(−a, a)`, `a = √(6 / (fan_in + fan_out))`.
    ///
    /// Keras `GlorotUniform` (`"glorot_uniform"`, the default kernel initializer of
    /// Keras layers) and JAX `glorot_uniform` / `xavier_uniform`:
    /// `VarianceScaling(1.0, "fan_avg", "uniform")`. PyTorch's `xavier_uniform_` is
    /// [`XavierUniform`](crate::XavierUniform), the same distribution with a `gain`.
    ///
    /// # Example
    /// ```
    /// use nninit::{GlorotUniform, Initializer, Shape};
    /// use rand::SeedableRng;
    ///
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    /// let shape = Shape::dense(784, 128);
    /// let mut w = vec![0.0f32; shape.len()];
    /// GlorotUniform::default().fill(&mut w, &shape, &mut rng)?;
    /// assert!(w.iter().all(|x| x.abs() < (6.0f32 / 912.0).sqrt()));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// Only those of the shape and buffer ([`Shape::fans`]).
    ///
    /// # References
    /// X. Glorot, Y. Bengio, "Understanding the difficulty of training deep
    /// feedforward neural networks", AISTATS 2010;
    /// <https://keras.io/api/layers/initializers/#glorotuniform-class>.
    GlorotUniform, "xavier_uniform", 1.0, FanAvg, Uniform
);

preset!(
    /// Glorot (Xavier) normal, as Keras and JAX define it: a *truncated* normal,
    /// `σ = √(2 / (fan_in + fan_out)) / 0.87962566103423978`, cut at ±2σ.
    ///
    /// Keras `GlorotNormal` (`"glorot_normal"`) and JAX `glorot_normal`:
    /// `VarianceScaling(1.0, "fan_avg", "truncated_normal")`. PyTorch's
    /// `xavier_normal_` is *not* truncated: see [`XavierNormal`](crate::XavierNormal).
    ///
    /// # Example
    /// ```
    /// use nninit::{GlorotNormal, Initializer, Shape};
    /// let shape = Shape::dense(100, 50);
    /// let mut w = vec![0.0f64; shape.len()];
    /// GlorotNormal.fill_keyed(&mut w, &shape, 1)?;
    /// let sigma = (2.0f64 / 150.0).sqrt() / 0.87962566103423978;
    /// assert!(w.iter().all(|x| x.abs() <= 2.0 * sigma));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// Only those of the shape and buffer ([`Shape::fans`]).
    ///
    /// # References
    /// X. Glorot, Y. Bengio, AISTATS 2010;
    /// <https://keras.io/api/layers/initializers/#glorotnormal-class>.
    GlorotNormal, "xavier_normal", 1.0, FanAvg, TruncatedNormal
);

preset!(
    /// He (Kaiming) uniform, as Keras and JAX define it:
    /// `W ~ U(−a, a)`, `a = √(6 / fan_in)`.
    ///
    /// Keras `HeUniform` (`"he_uniform"`) and JAX `he_uniform`:
    /// `VarianceScaling(2.0, "fan_in", "uniform")`. PyTorch's `kaiming_uniform_` with
    /// its defaults gives the same bound: see [`KaimingUniform`](crate::KaimingUniform).
    ///
    /// # Example
    /// ```
    /// use nninit::{HeUniform, Initializer, Shape};
    /// let shape = Shape::from_keras(&[3, 3, 16, 32]);
    /// let mut w = vec![0.0f32; shape.len()];
    /// HeUniform.fill_keyed(&mut w, &shape, 2)?;
    /// assert!(w.iter().all(|x| x.abs() < (6.0f32 / 144.0).sqrt()));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// Only those of the shape and buffer ([`Shape::fans`]).
    ///
    /// # References
    /// K. He, X. Zhang, S. Ren, J. Sun, "Delving Deep into Rectifiers", ICCV 2015;
    /// <https://keras.io/api/layers/initializers/#heuniform-class>.
    HeUniform, "kaiming_uniform", 2.0, FanIn, Uniform
);

preset!(
    /// He (Kaiming) normal, as Keras and JAX define it: a *truncated* normal,
    /// `σ = √(2 / fan_in) / 0.87962566103423978`, cut at ±2σ.
    ///
    /// Keras `HeNormal` (`"he_normal"`) and JAX `he_normal`:
    /// `VarianceScaling(2.0, "fan_in", "truncated_normal")`. PyTorch's
    /// `kaiming_normal_` is not truncated: see [`KaimingNormal`](crate::KaimingNormal).
    ///
    /// # Example
    /// ```
    /// use nninit::{HeNormal, Initializer, Shape};
    /// let shape = Shape::dense(512, 64);
    /// let mut w = vec![0.0f32; shape.len()];
    /// HeNormal.fill_keyed(&mut w, &shape, 4)?;
    /// let sigma = (2.0f32 / 512.0).sqrt() / 0.8796257;
    /// assert!(w.iter().all(|x| x.abs() <= 2.0 * sigma * 1.000001));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// Only those of the shape and buffer ([`Shape::fans`]).
    ///
    /// # References
    /// K. He et al., ICCV 2015;
    /// <https://keras.io/api/layers/initializers/#henormal-class>.
    HeNormal, "kaiming_normal", 2.0, FanIn, TruncatedNormal
);

preset!(
    /// LeCun uniform: `W ~ U(−a, a)`, `a = √(3 / fan_in)`.
    ///
    /// Keras `LecunUniform` (`"lecun_uniform"`) and JAX `lecun_uniform`:
    /// `VarianceScaling(1.0, "fan_in", "uniform")`.
    ///
    /// # Example
    /// ```
    /// use nninit::{Initializer, LecunUniform, Shape};
    /// let shape = Shape::dense(784, 256);
    /// let mut w = vec![0.0f32; shape.len()];
    /// LecunUniform.fill_keyed(&mut w, &shape, 0)?;
    /// assert!(w.iter().all(|x| x.abs() < (3.0f32 / 784.0).sqrt()));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// Only those of the shape and buffer ([`Shape::fans`]).
    ///
    /// # References
    /// Y. LeCun, L. Bottou, G. Orr, K.-R. Müller, "Efficient BackProp", 1998;
    /// <https://keras.io/api/layers/initializers/#lecununiform-class>.
    LecunUniform, "lecun_uniform", 1.0, FanIn, Uniform
);

preset!(
    /// LeCun normal: a *truncated* normal, `σ = √(1 / fan_in) / 0.87962566103423978`,
    /// cut at ±2σ. The initializer self-normalising (SELU) networks ask for.
    ///
    /// Keras `LecunNormal` (`"lecun_normal"`) and JAX `lecun_normal`:
    /// `VarianceScaling(1.0, "fan_in", "truncated_normal")`.
    ///
    /// # Example
    /// ```
    /// use nninit::{Initializer, LecunNormal, Shape};
    /// let shape = Shape::dense(400, 10);
    /// let mut w = vec![0.0f64; shape.len()];
    /// LecunNormal.fill_keyed(&mut w, &shape, 0)?;
    /// assert!(w.iter().all(|x| x.abs() <= 2.0 * 0.05 / 0.87962566103423978));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// Only those of the shape and buffer ([`Shape::fans`]).
    ///
    /// # References
    /// G. Klambauer et al., "Self-Normalizing Neural Networks", NeurIPS 2017;
    /// <https://keras.io/api/layers/initializers/#lecunnormal-class>.
    LecunNormal, "lecun_normal", 1.0, FanIn, TruncatedNormal
);
