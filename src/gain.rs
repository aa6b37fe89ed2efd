//! `Nonlinearity` and `gain`: PyTorch's `calculate_gain`, and GELU and SiLU.

use crate::InitError;

/// The identity nonlinearities (gain 1), as one pattern.
macro_rules! identity_nonlinearities {
    () => {
        $crate::Nonlinearity::Linear
            | $crate::Nonlinearity::Conv1d
            | $crate::Nonlinearity::Conv2d
            | $crate::Nonlinearity::Conv3d
            | $crate::Nonlinearity::ConvTranspose1d
            | $crate::Nonlinearity::ConvTranspose2d
            | $crate::Nonlinearity::ConvTranspose3d
    };
}
pub(crate) use identity_nonlinearities;

/// An activation function, for the gain that keeps activations' variance steady.
///
/// The names and values are those of PyTorch's
/// [`torch.nn.init.calculate_gain`](https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.calculate_gain);
/// [`Nonlinearity::Gelu`] and [`Nonlinearity::Silu`] are additions (see [`gain`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Nonlinearity {
    /// The identity (PyTorch `"linear"`): gain 1.
    Linear,
    /// `"conv1d"`: gain 1.
    Conv1d,
    /// `"conv2d"`: gain 1.
    Conv2d,
    /// `"conv3d"`: gain 1.
    Conv3d,
    /// `"conv_transpose1d"`: gain 1.
    ConvTranspose1d,
    /// `"conv_transpose2d"`: gain 1.
    ConvTranspose2d,
    /// `"conv_transpose3d"`: gain 1.
    ConvTranspose3d,
    /// `"sigmoid"`: gain 1.
    Sigmoid,
    /// `"tanh"`: gain 5/3.
    Tanh,
    /// `"relu"`: gain √2.
    Relu,
    /// `"leaky_relu"` with negative slope `s`: gain `√(2 / (1 + s²))`, with
    /// `s = 0.01` unless a slope is given (PyTorch's default; note that
    /// `kaiming_uniform_` passes its `a`, which defaults to 0, as the slope).
    #[default]
    LeakyRelu,
    /// `"selu"`: gain 3/4 (PyTorch's choice for self-normalising networks).
    Selu,
    /// GELU, `x·Φ(x)`: gain `1/√(1/3 + 1/(2π√3))` ≈ 1.5335 (not in PyTorch).
    Gelu,
    /// SiLU (swish), `x·σ(x)`: gain `1/√E[silu(z)²]` ≈ 1.6765 (not in PyTorch).
    Silu,
}

impl Nonlinearity {
    /// The name PyTorch uses (`"leaky_relu"`, `"conv_transpose2d"`, …);
    /// `"gelu"` and `"silu"` for the two additions.
    ///
    /// ```
    /// assert_eq!(nninit::Nonlinearity::ConvTranspose2d.name(), "conv_transpose2d");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Nonlinearity::Linear => "linear",
            Nonlinearity::Conv1d => "conv1d",
            Nonlinearity::Conv2d => "conv2d",
            Nonlinearity::Conv3d => "conv3d",
            Nonlinearity::ConvTranspose1d => "conv_transpose1d",
            Nonlinearity::ConvTranspose2d => "conv_transpose2d",
            Nonlinearity::ConvTranspose3d => "conv_transpose3d",
            Nonlinearity::Sigmoid => "sigmoid",
            Nonlinearity::Tanh => "tanh",
            Nonlinearity::Relu => "relu",
            Nonlinearity::LeakyRelu => "leaky_relu",
            Nonlinearity::Selu => "selu",
            Nonlinearity::Gelu => "gelu",
            Nonlinearity::Silu => "silu",
        }
    }

    /// Every nonlinearity, in the order above.
    pub const ALL: [Nonlinearity; 14] = [
        Nonlinearity::Linear,
        Nonlinearity::Conv1d,
        Nonlinearity::Conv2d,
        Nonlinearity::Conv3d,
        Nonlinearity::ConvTranspose1d,
        Nonlinearity::ConvTranspose2d,
        Nonlinearity::ConvTranspose3d,
        Nonlinearity::Sigmoid,
        Nonlinearity::Tanh,
        Nonlinearity::Relu,
        Nonlinearity::LeakyRelu,
        Nonlinearity::Selu,
        Nonlinearity::Gelu,
        Nonlinearity::Silu,
    ];

    /// The gain with PyTorch's default parameter: `gain(self, None)`.
    ///
    /// ```
    /// use nninit::Nonlinearity;
    /// assert_eq!(Nonlinearity::Tanh.gain(), 5.0 / 3.0);
    /// assert_eq!(Nonlinearity::LeakyRelu.gain(), 1.4141428569978354);
    /// ```
    #[must_use]
    pub fn gain(self) -> f64 {
        // The only parameter is LeakyRelu's slope, and its default is valid.
        gain(self, None).unwrap_or(f64::NAN)
    }
}

/// The recommended gain for `nonlinearity`, exactly as PyTorch's `calculate_gain`
/// computes it; `param` is the leaky ReLU's negative slope (default 0.01) and is
/// ignored by the others, as in PyTorch.
///
/// | nonlinearity | gain |
/// |---|---|
/// | `linear`, `conv*`, `conv_transpose*`, `sigmoid` | 1 |
/// | `tanh` | 5/3 |
/// | `relu` | √2 |
/// | `leaky_relu` | √(2 / (1 + s²)) |
/// | `selu` | 3/4 |
/// | `gelu` | 1/√(1/3 + 1/(2π√3)) ≈ 1.533530 |
/// | `silu` | 1/√E\[silu(z)²\] ≈ 1.676532 |
///
/// The GELU and SiLU gains are not in PyTorch: they follow He et al.'s derivation
/// (2015, §2.2), which asks that `Var[w]·fan_in·E[f(z)²] = 1` for `z ~ N(0, 1)`,
/// and so give `1/√E[f(z)²]`; for ReLU that is PyTorch's √2. For GELU,
/// `E[(z·Φ(z))²] = 1/3 + 1/(2π√3)` in closed form; for SiLU the moment
/// 0.355775519817328 is a numerical integral. (For tanh the same rule would give
/// 1.5925; PyTorch's 5/3 is a heuristic, and nninit keeps PyTorch's value.)
///
/// # Errors
/// [`InitError::NonFinite`] when a leaky ReLU slope is NaN or infinite.
///
/// # Example
/// ```
/// use nninit::{gain, Nonlinearity};
/// assert_eq!(gain(Nonlinearity::Relu, None)?, 2f64.sqrt());
/// assert_eq!(gain(Nonlinearity::LeakyRelu, Some(0.2))?, 1.3867504905630728);
/// assert_eq!(gain(Nonlinearity::LeakyRelu, Some(5f64.sqrt()))?, (1.0f64 / 3.0).sqrt());
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # References
/// - K. He, X. Zhang, S. Ren, J. Sun, "Delving Deep into Rectifiers", ICCV 2015.
/// - D. Hendrycks, K. Gimpel, "Gaussian Error Linear Units (GELUs)", 2016.
/// - S. Elfwing, E. Uchibe, K. Doya, "Sigmoid-Weighted Linear Units for Neural
///   Network Function Approximation in Reinforcement Learning", 2018.
// The lint would have the arm spell out identity_nonlinearities!().
#[allow(clippy::unnested_or_patterns)]
pub fn gain(nonlinearity: Nonlinearity, param: Option<f64>) -> Result<f64, InitError> {
    Ok(match nonlinearity {
        identity_nonlinearities!() | Nonlinearity::Sigmoid => 1.0,
        Nonlinearity::Tanh => 5.0 / 3.0,
        Nonlinearity::Relu => 2f64.sqrt(),
        Nonlinearity::LeakyRelu => {
            let slope = param.unwrap_or(0.01);
            if !slope.is_finite() {
                return Err(InitError::NonFinite {
                    name: "negative_slope",
                    value: slope,
                });
            }
            (2.0 / (1.0 + slope * slope)).sqrt()
        }
        Nonlinearity::Selu => 3.0 / 4.0,
        Nonlinearity::Gelu => {
            1.0 / (1.0 / 3.0 + 1.0 / (2.0 * core::f64::consts::PI * 3f64.sqrt())).sqrt()
        }
        Nonlinearity::Silu => 1.0 / SILU_SECOND_MOMENT.sqrt(),
    })
}

/// `E[(z·σ(z))²]` for `z ~ N(0, 1)`, by Simpson's rule on [−40, 40] with step 1e-4.
const SILU_SECOND_MOMENT: f64 = 0.355_775_519_817_327_75;

#[cfg(test)]
mod tests;
