//! PyTorch's forms: `XavierUniform`, `XavierNormal`, `KaimingUniform`,
//! `KaimingNormal`, and `TorchDefault`, what `nn.Linear` and `nn.Conv*` do unasked.

use super::plan::Plan;
use super::{RandomUniform, finite, planned, positive};
use crate::{FanMode, InitError, Nonlinearity, Shape, gain};

/// Checks a gain or scale for [`positive`], and that it is a normal float: a
/// subnormal one makes the bound or standard deviation computed from it underflow
/// to 0 (then the fill would fail with an empty range `[-0, 0)`).
pub(crate) fn positive_normal(
    name: &'static str,
    value: f64,
    hint: &'static str,
) -> Result<f64, InitError> {
    let value = positive(name, value, hint)?;
    if value < f64::MIN_POSITIVE {
        return Err(InitError::OutOfRange {
            name,
            value,
            allowed: "[2.2250738585072014e-308, ∞), the normal floats (a subnormal one \
                      underflows the bound to 0)",
        });
    }
    Ok(value)
}

/// Checks a leaky ReLU slope `a`: finite, and small enough that the gain
/// `√(2 / (1 + a²))` is not 0 (`a²` overflows to ∞ from `|a| ≈ 1.34e154` on).
fn slope(a: f64) -> Result<f64, InitError> {
    let a = finite("a", a)?;
    if !(gain(Nonlinearity::LeakyRelu, Some(a))? > 0.0) {
        return Err(InitError::OutOfRange {
            name: "a",
            value: a,
            allowed: "(−1.34e154, 1.34e154), where the leaky ReLU gain √(2 / (1 + a²)) \
                      does not underflow to 0",
        });
    }
    Ok(a)
}

/// `√3`, as PyTorch's `math.sqrt(3.0)`.
fn sqrt3() -> f64 {
    3f64.sqrt()
}

/// `std = gain·√(2 / (fan_in + fan_out))`, in PyTorch's order of operations.
#[allow(clippy::cast_precision_loss)] // fans above 2^53 do not occur
fn xavier_std(gain: f64, shape: &Shape) -> Result<f64, InitError> {
    let fans = shape.fans()?;
    let sum = fans.fan_in.saturating_add(fans.fan_out);
    if sum == 0 {
        return Err(InitError::ZeroFan {
            shape: shape.to_string(),
            mode: "fan_in + fan_out",
            what: "2 / (fan_in + fan_out)",
        });
    }
    Ok(gain * (2.0 / sum as f64).sqrt())
}

/// Xavier (Glorot) uniform, as PyTorch defines it:
/// `W ~ U(−a, a)`, `a = gain·√(6 / (fan_in + fan_out))`.
///
/// Matches `torch.nn.init.xavier_uniform_(tensor, gain=1.0)` to the last bit of the
/// bound: `std = gain·√(2/(fan_in + fan_out))`, then `a = √3·std`. With gain 1 it is
/// Keras's [`GlorotUniform`](crate::GlorotUniform) (whose bound Keras computes as
/// `√(3·scale/fan_avg)`, which can differ in the last bit).
///
/// # Example
/// ```
/// use nninit::{Initializer, Nonlinearity, Shape, XavierUniform};
///
/// let init = XavierUniform::new(Nonlinearity::Tanh.gain())?;
/// let shape = Shape::from_torch(&[256, 784]);
/// let mut w = vec![0.0f32; shape.len()];
/// init.fill_keyed(&mut w, &shape, 11)?;
/// // PyTorch: std = gain * sqrt(2 / (fan_in + fan_out)); a = sqrt(3) * std
/// assert_eq!(init.bound(&shape)?, 3f64.sqrt() * (5.0 / 3.0 * (2.0f64 / 1040.0).sqrt()));
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`XavierUniform::new`] rejects a gain that is not a positive, finite, normal
/// float; a fill
/// rejects shapes without fans ([`Shape::fans`]).
///
/// # References
/// X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward
/// neural networks", AISTATS 2010;
/// <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.xavier_uniform_>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "xavier_uniform_")]
#[doc(alias = "xavier_uniform")]
pub struct XavierUniform {
    gain: f64,
}

/// Xavier (Glorot) normal, as PyTorch defines it, *untruncated*:
/// `W ~ N(0, σ²)`, `σ = gain·√(2 / (fan_in + fan_out))`.
///
/// Matches `torch.nn.init.xavier_normal_(tensor, gain=1.0)`. Keras's and JAX's
/// `glorot_normal` is truncated: that is [`GlorotNormal`](crate::GlorotNormal).
///
/// # Example
/// ```
/// use nninit::{Initializer, Shape, XavierNormal};
/// let shape = Shape::from_torch(&[64, 64]);
/// let mut w = vec![0.0f64; shape.len()];
/// XavierNormal::default().fill_keyed(&mut w, &shape, 0)?;
/// assert_eq!(XavierNormal::default().std(&shape)?, (2.0f64 / 128.0).sqrt());
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// As [`XavierUniform`].
///
/// # References
/// X. Glorot, Y. Bengio, AISTATS 2010;
/// <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.xavier_normal_>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "xavier_normal_")]
#[doc(alias = "xavier_normal")]
pub struct XavierNormal {
    gain: f64,
}

macro_rules! xavier_common {
    ($ty:ident) => {
        impl Default for $ty {
            /// PyTorch's default, gain 1.
            fn default() -> Self {
                $ty { gain: 1.0 }
            }
        }

        impl $ty {
            /// With a gain, such as [`Nonlinearity::gain`](crate::Nonlinearity::gain).
            ///
            /// # Errors
            /// [`InitError::NonPositive`] when `!(gain > 0)`, [`InitError::NonFinite`]
            /// when it is infinite, [`InitError::OutOfRange`] when it is subnormal
            /// (below `f64::MIN_POSITIVE`), since the bound would underflow to 0.
            ///
            /// ```
            #[doc = concat!("assert!(nninit::", stringify!($ty), "::new(0.0).is_err());")]
            #[doc = concat!("assert!(nninit::", stringify!($ty), "::new(1e-320).is_err());")]
            /// ```
            pub fn new(gain: f64) -> Result<Self, InitError> {
                Ok($ty {
                    gain: positive_normal(
                        "gain",
                        gain,
                        "use a gain such as Nonlinearity::Relu.gain()",
                    )?,
                })
            }

            /// The gain.
            ///
            /// ```
            #[doc = concat!("assert_eq!(nninit::", stringify!($ty), "::default().gain(), 1.0);")]
            /// ```
            #[must_use]
            pub fn gain(&self) -> f64 {
                self.gain
            }

            /// `σ = gain·√(2 / (fan_in + fan_out))` for `shape`.
            ///
            /// # Errors
            /// Those of [`Shape::fans`], and [`InitError::ZeroFan`] when both fans
            /// are zero.
            ///
            /// ```
            #[doc = concat!("let s = nninit::", stringify!($ty), "::default().std(&nninit::Shape::dense(3, 5))?;")]
            /// assert_eq!(s, 0.5);
            /// # Ok::<(), nninit::InitError>(())
            /// ```
            pub fn std(&self, shape: &Shape) -> Result<f64, InitError> {
                xavier_std(self.gain, shape)
            }
        }
    };
}

xavier_common!(XavierUniform);
xavier_common!(XavierNormal);

impl XavierUniform {
    /// The bound `a = √3·σ` for `shape`.
    ///
    /// # Errors
    /// As [`XavierUniform::std`].
    ///
    /// ```
    /// let a = nninit::XavierUniform::default().bound(&nninit::Shape::dense(3, 5))?;
    /// assert_eq!(a, 3f64.sqrt() * 0.5);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn bound(&self, shape: &Shape) -> Result<f64, InitError> {
        Ok(sqrt3() * self.std(shape)?)
    }

    pub(crate) fn plan(&self, shape: &Shape) -> Result<Plan, InitError> {
        let a = self.bound(shape)?;
        Ok(Plan::Uniform { lo: -a, hi: a })
    }
}

impl XavierNormal {
    pub(crate) fn plan(&self, shape: &Shape) -> Result<Plan, InitError> {
        Ok(Plan::Normal {
            mean: 0.0,
            std: self.std(shape)?,
        })
    }
}

/// Kaiming (He) uniform, as PyTorch defines it:
/// `W ~ U(−b, b)`, `b = gain·√(3 / fan)`, `gain = calculate_gain(nonlinearity, a)`.
///
/// Matches `torch.nn.init.kaiming_uniform_(tensor, a=0, mode='fan_in',
/// nonlinearity='leaky_relu')`, defaults included, to the last bit of the bound:
/// `std = gain / √fan`, then `b = √3·std`. `a` is the leaky ReLU's negative slope
/// and is read only when `nonlinearity` is [`Nonlinearity::LeakyRelu`]; with the
/// defaults the gain is √2, so the bound is Keras's [`HeUniform`](crate::HeUniform).
/// [`FanMode::FanAvg`] is an addition (PyTorch accepts only `fan_in` and `fan_out`).
///
/// # Example
/// ```
/// use nninit::{FanMode, Initializer, KaimingUniform, Nonlinearity, Shape};
///
/// let init = KaimingUniform::new(0.0, FanMode::FanOut, Nonlinearity::Relu)?;
/// let shape = Shape::from_torch(&[64, 32, 3, 3]);
/// let mut w = vec![0.0f32; shape.len()];
/// init.fill_keyed(&mut w, &shape, 0)?;
/// assert_eq!(init.bound(&shape)?, 3f64.sqrt() * (2f64.sqrt() / 576f64.sqrt()));
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`KaimingUniform::new`] rejects a non-finite `a`, and one so large that the gain
/// underflows to 0; a fill rejects shapes without
/// fans ([`Shape::fans`]) and a zero fan in a non-empty tensor.
///
/// # References
/// K. He, X. Zhang, S. Ren, J. Sun, "Delving Deep into Rectifiers: Surpassing
/// Human-Level Performance on ImageNet Classification", ICCV 2015;
/// <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_uniform_>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "kaiming_uniform_")]
#[doc(alias = "kaiming_uniform")]
pub struct KaimingUniform {
    a: f64,
    mode: FanMode,
    nonlinearity: Nonlinearity,
}

/// Kaiming (He) normal, as PyTorch defines it, *untruncated*:
/// `W ~ N(0, σ²)`, `σ = gain / √fan`.
///
/// Matches `torch.nn.init.kaiming_normal_(tensor, a=0, mode='fan_in',
/// nonlinearity='leaky_relu')`. Keras's and JAX's `he_normal` is truncated: that is
/// [`HeNormal`](crate::HeNormal).
///
/// # Example
/// ```
/// use nninit::{FanMode, Initializer, KaimingNormal, Shape};
/// let init = KaimingNormal::default().with_mode(FanMode::FanOut);
/// let shape = Shape::from_torch(&[64, 32, 3, 3]);
/// let mut w = vec![0.0f32; shape.len()];
/// init.fill_keyed(&mut w, &shape, 0)?;
/// assert_eq!(init.std(&shape)?, 2f64.sqrt() / 576f64.sqrt());
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// As [`KaimingUniform`].
///
/// # References
/// K. He et al., ICCV 2015;
/// <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_normal_>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "kaiming_normal_")]
#[doc(alias = "kaiming_normal")]
pub struct KaimingNormal {
    a: f64,
    mode: FanMode,
    nonlinearity: Nonlinearity,
}

macro_rules! kaiming_common {
    ($ty:ident) => {
        impl Default for $ty {
            /// PyTorch's defaults: `a = 0`, `fan_in`, `leaky_relu` (gain √2).
            fn default() -> Self {
                $ty {
                    a: 0.0,
                    mode: FanMode::FanIn,
                    nonlinearity: Nonlinearity::LeakyRelu,
                }
            }
        }

        impl $ty {
            /// With PyTorch's three parameters.
            ///
            /// `a` is checked whatever the nonlinearity, so that
            /// [`with_nonlinearity`](Self::with_nonlinearity) cannot make it invalid.
            ///
            /// # Errors
            /// [`InitError::NonFinite`] when `a` is NaN or infinite;
            /// [`InitError::OutOfRange`] when `|a|` is so large (about 1.34e154 or
            /// more) that the leaky ReLU gain `√(2 / (1 + a²))` underflows to 0.
            ///
            /// ```
            /// use nninit::{FanMode, InitError, Nonlinearity};
            #[doc = concat!("assert!(nninit::", stringify!($ty), "::new(f64::NAN, FanMode::FanIn, Nonlinearity::Relu).is_err());")]
            #[doc = concat!("let huge = nninit::", stringify!($ty), "::new(1e200, FanMode::FanIn, Nonlinearity::LeakyRelu);")]
            /// assert!(matches!(huge, Err(InitError::OutOfRange { name: "a", .. })));
            /// ```
            pub fn new(a: f64, mode: FanMode, nonlinearity: Nonlinearity) -> Result<Self, InitError> {
                Ok($ty {
                    a: slope(a)?,
                    mode,
                    nonlinearity,
                })
            }

            /// The same initializer with another fan mode.
            ///
            /// ```
            /// use nninit::FanMode;
            #[doc = concat!("assert_eq!(nninit::", stringify!($ty), "::default().with_mode(FanMode::FanOut).mode(), FanMode::FanOut);")]
            /// ```
            #[must_use]
            pub fn with_mode(mut self, mode: FanMode) -> Self {
                self.mode = mode;
                self
            }

            /// The same initializer for another nonlinearity.
            ///
            /// ```
            /// use nninit::Nonlinearity;
            #[doc = concat!("let k = nninit::", stringify!($ty), "::default().with_nonlinearity(Nonlinearity::Relu);")]
            /// assert_eq!(k.nonlinearity(), Nonlinearity::Relu);
            /// ```
            #[must_use]
            pub fn with_nonlinearity(mut self, nonlinearity: Nonlinearity) -> Self {
                self.nonlinearity = nonlinearity;
                self
            }

            /// The leaky ReLU's negative slope.
            ///
            /// ```
            #[doc = concat!("assert_eq!(nninit::", stringify!($ty), "::default().a(), 0.0);")]
            /// ```
            #[must_use]
            pub fn a(&self) -> f64 {
                self.a
            }

            /// Which fan the variance is divided by.
            ///
            /// ```
            #[doc = concat!("assert_eq!(nninit::", stringify!($ty), "::default().mode(), nninit::FanMode::FanIn);")]
            /// ```
            #[must_use]
            pub fn mode(&self) -> FanMode {
                self.mode
            }

            /// The nonlinearity the gain is for.
            ///
            /// ```
            #[doc = concat!("assert_eq!(nninit::", stringify!($ty), "::default().nonlinearity(), nninit::Nonlinearity::LeakyRelu);")]
            /// ```
            #[must_use]
            pub fn nonlinearity(&self) -> Nonlinearity {
                self.nonlinearity
            }

            /// `σ = gain / √fan` for `shape`.
            ///
            /// # Errors
            /// Those of [`Shape::fans`], and [`InitError::ZeroFan`].
            ///
            /// ```
            #[doc = concat!("let s = nninit::", stringify!($ty), "::default().std(&nninit::Shape::dense(8, 3))?;")]
            /// assert_eq!(s, 0.5);
            /// # Ok::<(), nninit::InitError>(())
            /// ```
            pub fn std(&self, shape: &Shape) -> Result<f64, InitError> {
                kaiming_std(self.a, self.mode, self.nonlinearity, shape)
            }
        }
    };
}

kaiming_common!(KaimingUniform);
kaiming_common!(KaimingNormal);

fn kaiming_std(
    a: f64,
    mode: FanMode,
    nonlinearity: Nonlinearity,
    shape: &Shape,
) -> Result<f64, InitError> {
    let fan = shape.fans()?.get(mode);
    if fan == 0.0 {
        return Err(InitError::ZeroFan {
            shape: shape.to_string(),
            mode: mode.name(),
            what: "gain / √fan",
        });
    }
    Ok(gain(nonlinearity, Some(a))? / fan.sqrt())
}

impl KaimingUniform {
    /// The bound `b = √3·σ` for `shape`.
    ///
    /// # Errors
    /// As [`KaimingUniform::std`].
    ///
    /// ```
    /// let b = nninit::KaimingUniform::default().bound(&nninit::Shape::dense(6, 3))?;
    /// assert_eq!(b, 3f64.sqrt() * (2f64.sqrt() / 6f64.sqrt()));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn bound(&self, shape: &Shape) -> Result<f64, InitError> {
        Ok(sqrt3() * self.std(shape)?)
    }

    pub(crate) fn plan(&self, shape: &Shape) -> Result<Plan, InitError> {
        let b = self.bound(shape)?;
        Ok(Plan::Uniform { lo: -b, hi: b })
    }
}

impl KaimingNormal {
    pub(crate) fn plan(&self, shape: &Shape) -> Result<Plan, InitError> {
        Ok(Plan::Normal {
            mean: 0.0,
            std: self.std(shape)?,
        })
    }
}

/// What PyTorch's `nn.Linear` and `nn.Conv*` do when the user says nothing:
/// `W ~ U(−b, b)` with `b = 1/√fan_in` (up to the last bit), and the bias
/// `U(−1/√fan_in, 1/√fan_in)` from [`TorchDefault::bias`].
///
/// PyTorch writes it as `kaiming_uniform_(weight, a=math.sqrt(5))`, and this computes
/// it the same way: `gain = √(2/(1 + √5²))`, `std = gain/√fan_in`, `b = √3·std`, so
/// that the bound is PyTorch's to the last bit (often one ulp below `1/√fan_in`,
/// since `√5²` is `5.000000000000001` in `f64`). For a transposed convolution,
/// PyTorch reads `fan_in` from the weight's second axis (`out/groups·∏k`); describe
/// the weight with [`Shape::from_torch`] to reproduce that.
///
/// # Example
/// ```
/// use nninit::{Initializer, Shape, TorchDefault};
///
/// // nn.Linear(784, 128)
/// let shape = Shape::from_torch(&[128, 784]);
/// let mut w = vec![0.0f32; shape.len()];
/// let mut b = vec![0.0f32; 128];
/// TorchDefault.fill_keyed(&mut w, &shape, 1)?;
/// TorchDefault::bias(&shape)?.fill_keyed(&mut b, &Shape::from_keras(&[128]), 2)?;
/// assert!(w.iter().chain(&b).all(|x| x.abs() < 1.0 / 28.0));
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// Those of [`Shape::fans`] (PyTorch layout needs rank ≥ 2).
///
/// # References
/// `torch.nn.Linear.reset_parameters`:
/// <https://github.com/pytorch/pytorch/blob/main/torch/nn/modules/linear.py>.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[doc(alias = "reset_parameters")]
pub struct TorchDefault;

impl TorchDefault {
    /// The [`KaimingUniform`] that PyTorch's default is: `a = √5`, `fan_in`,
    /// `leaky_relu`.
    ///
    /// ```
    /// assert_eq!(nninit::TorchDefault.as_kaiming().a(), 5f64.sqrt());
    /// ```
    #[must_use]
    pub fn as_kaiming(&self) -> KaimingUniform {
        KaimingUniform {
            a: 5f64.sqrt(),
            mode: FanMode::FanIn,
            nonlinearity: Nonlinearity::LeakyRelu,
        }
    }

    /// The bias initializer PyTorch pairs with a weight of `weight_shape`:
    /// `U(−1/√fan_in, 1/√fan_in)`, with the bound computed as `1 / √fan_in`.
    ///
    /// # Errors
    /// Those of [`Shape::fans`]; [`InitError::ZeroFan`] when `fan_in` is zero
    /// (PyTorch's `reset_parameters` then uses the bound 0, so the bias is exactly
    /// zero; fill it with [`Zeros`](crate::Zeros) to match).
    ///
    /// ```
    /// use nninit::{Shape, TorchDefault};
    /// let b = TorchDefault::bias(&Shape::from_torch(&[10, 64]))?;
    /// assert_eq!((b.min(), b.max()), (-0.125, 0.125));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[allow(clippy::cast_precision_loss)] // fans above 2^53 do not occur
    pub fn bias(weight_shape: &Shape) -> Result<RandomUniform, InitError> {
        let fan_in = weight_shape.fans()?.fan_in;
        if fan_in == 0 {
            return Err(InitError::ZeroFan {
                shape: weight_shape.to_string(),
                mode: "fan_in",
                what: "1 / √fan_in",
            });
        }
        let bound = 1.0 / (fan_in as f64).sqrt();
        RandomUniform::new(-bound, bound)
    }

    pub(crate) fn plan(&self, shape: &Shape) -> Result<Plan, InitError> {
        self.as_kaiming().plan(shape)
    }
}

planned!(
    XavierUniform,
    XavierNormal,
    KaimingUniform,
    KaimingNormal,
    TorchDefault
);

#[cfg(test)]
mod tests;
