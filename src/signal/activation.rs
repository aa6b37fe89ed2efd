//! The nonlinearities as the mean field sees them: `φ`, `φ′`, their limits, and
//! the Gaussian moments the variance and correlation maps are made of.

use super::quadrature::{expect, expect_pair, pdf};
use crate::gain::identity_nonlinearities;
use crate::rng::math::normal_cdf;
use crate::{InitError, Nonlinearity, gain};

/// SELU's `λ`, as PyTorch's `torch.nn.SELU` defines it.
pub(crate) const SELU_SCALE: f64 = 1.050_700_987_355_480_5;
/// SELU's `α`, as PyTorch's `torch.nn.SELU` defines it.
pub(crate) const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;

/// A nonlinearity `φ`, with the parameter it needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Activation {
    /// `φ(x) = pos·x` for `x > 0`, `neg·x` otherwise: the identity (1, 1), ReLU
    /// (1, 0) and leaky ReLU (1, s). Positively homogeneous, so every moment is a
    /// closed form.
    Linear2 {
        /// The slope for `x > 0`.
        pos: f64,
        /// The slope for `x < 0`.
        neg: f64,
    },
    /// `tanh`.
    Tanh,
    /// `1/(1 + e⁻ˣ)`.
    Sigmoid,
    /// `λx` for `x > 0`, `λα(eˣ − 1)` otherwise.
    Selu,
    /// `x·Φ(x)`, PyTorch's exact GELU.
    Gelu,
    /// `x/(1 + e⁻ˣ)`.
    Silu,
}

/// The logistic function, without overflow.
fn logistic(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

impl Activation {
    /// The activation of `nonlinearity`; `param` is the leaky ReLU's negative slope
    /// (default 0.01), ignored by the others, as in [`gain`].
    pub(crate) fn new(nonlinearity: Nonlinearity, param: Option<f64>) -> Result<Self, InitError> {
        Ok(match nonlinearity {
            identity_nonlinearities!() => Activation::Linear2 { pos: 1.0, neg: 1.0 },
            Nonlinearity::Relu => Activation::Linear2 { pos: 1.0, neg: 0.0 },
            Nonlinearity::LeakyRelu => {
                // The same check, and the same default, as the gain's.
                gain(nonlinearity, param)?;
                Activation::Linear2 {
                    pos: 1.0,
                    neg: param.unwrap_or(0.01),
                }
            }
            Nonlinearity::Tanh => Activation::Tanh,
            Nonlinearity::Sigmoid => Activation::Sigmoid,
            Nonlinearity::Selu => Activation::Selu,
            Nonlinearity::Gelu => Activation::Gelu,
            Nonlinearity::Silu => Activation::Silu,
        })
    }

    /// `φ(x)`.
    pub(crate) fn value(self, x: f64) -> f64 {
        match self {
            Activation::Linear2 { pos, neg } => {
                if x > 0.0 {
                    pos * x
                } else {
                    neg * x
                }
            }
            Activation::Tanh => x.tanh(),
            Activation::Sigmoid => logistic(x),
            Activation::Selu => {
                if x > 0.0 {
                    SELU_SCALE * x
                } else {
                    SELU_SCALE * SELU_ALPHA * x.exp_m1()
                }
            }
            Activation::Gelu => x * normal_cdf(x),
            Activation::Silu => x * logistic(x),
        }
    }

    /// `φ′(x)` (at a kink, the right derivative).
    pub(crate) fn derivative(self, x: f64) -> f64 {
        match self {
            Activation::Linear2 { pos, neg } => {
                if x >= 0.0 {
                    pos
                } else {
                    neg
                }
            }
            Activation::Tanh => {
                let c = x.cosh();
                1.0 / (c * c)
            }
            Activation::Sigmoid => {
                let e = (-x.abs()).exp();
                e / ((1.0 + e) * (1.0 + e))
            }
            Activation::Selu => {
                if x >= 0.0 {
                    SELU_SCALE
                } else {
                    SELU_SCALE * SELU_ALPHA * x.exp()
                }
            }
            Activation::Gelu => normal_cdf(x) + x * pdf(x),
            Activation::Silu => {
                let s = logistic(x);
                s * (1.0 + x * logistic(-x))
            }
        }
    }

    /// `φ″(x)` away from kinks (a kink at 0, where `φ(0) = 0`, adds nothing to
    /// `E[φ·φ″]`).
    fn second_derivative(self, x: f64) -> f64 {
        match self {
            Activation::Linear2 { .. } => 0.0,
            Activation::Tanh => {
                let c = x.cosh();
                -2.0 * x.tanh() / (c * c)
            }
            Activation::Sigmoid => self.derivative(x) * (1.0 - 2.0 * logistic(x)),
            Activation::Selu => {
                if x >= 0.0 {
                    0.0
                } else {
                    SELU_SCALE * SELU_ALPHA * x.exp()
                }
            }
            Activation::Gelu => (2.0 - x * x) * pdf(x),
            Activation::Silu => {
                let s = logistic(x);
                s * logistic(-x) * (2.0 + x * (1.0 - 2.0 * s))
            }
        }
    }

    /// `(φ′(0⁺), φ′(0⁻))`: the slopes on either side of 0.
    fn slopes_at_zero(self) -> (f64, f64) {
        match self {
            Activation::Linear2 { pos, neg } => (pos, neg),
            Activation::Selu => (SELU_SCALE, SELU_SCALE * SELU_ALPHA),
            _ => {
                let d = self.derivative(0.0);
                (d, d)
            }
        }
    }

    /// `(φ′(+∞), φ′(−∞))`.
    pub(crate) fn slopes_at_infinity(self) -> (f64, f64) {
        match self {
            Activation::Linear2 { pos, neg } => (pos, neg),
            Activation::Tanh | Activation::Sigmoid => (0.0, 0.0),
            Activation::Selu => (SELU_SCALE, 0.0),
            Activation::Gelu | Activation::Silu => (1.0, 0.0),
        }
    }

    /// `(φ(+∞), φ(−∞))` for a bounded `φ`.
    fn limits(self) -> Option<(f64, f64)> {
        match self {
            Activation::Tanh => Some((1.0, -1.0)),
            Activation::Sigmoid => Some((1.0, 0.0)),
            _ => None,
        }
    }

    /// `(pos² + neg²)/2` for a piecewise-linear `φ`: `E[φ′(z)²]`, and `E[φ(z)²]`.
    pub(crate) fn homogeneous_gain(self) -> Option<f64> {
        match self {
            Activation::Linear2 { pos, neg } => Some(0.5 * (pos * pos + neg * neg)),
            _ => None,
        }
    }

    /// `E[φ(√q·z)²]` for `z ~ N(0, 1)` and `q ∈ [0, ∞]`.
    pub(crate) fn second_moment(self, q: f64) -> f64 {
        if let Some(g) = self.homogeneous_gain() {
            return g * q;
        }
        if q == 0.0 {
            return self.value(0.0).powi(2);
        }
        if q.is_infinite() {
            return self
                .limits()
                .map_or(f64::INFINITY, |(p, n)| 0.5 * (p * p + n * n));
        }
        let r = q.sqrt();
        expect(0.0, 1.0 / r, |z| self.value(r * z).powi(2))
    }

    /// `E[φ′(√q·z)²]` for `q ∈ [0, ∞]` (at `q = 0` and `q = ∞`, the limits).
    pub(crate) fn slope_moment(self, q: f64) -> f64 {
        if let Some(g) = self.homogeneous_gain() {
            return g;
        }
        let mean_square = |(p, n): (f64, f64)| 0.5 * (p * p + n * n);
        if q == 0.0 {
            return mean_square(self.slopes_at_zero());
        }
        if q.is_infinite() {
            return mean_square(self.slopes_at_infinity());
        }
        let r = q.sqrt();
        expect(0.0, 1.0 / r, |z| self.derivative(r * z).powi(2))
    }

    /// `d/dq E[φ(√q·z)²]` for `q ∈ [0, ∞]`, by Gaussian integration by parts in one
    /// of two forms: `E[z·φ(u)·φ′(u)]/√q` with `u = √q·z` for `q ≥ 1`, and
    /// `E[φ′(u)² + φ(u)·φ″(u)]` below. Each loses itself in cancellation where the
    /// other does not: the first at small `q` when `φ(0) ≠ 0` (the sigmoid), the
    /// second at large `q` for a bounded `φ`, where `φ′² + φ·φ″ = (φ·φ′)′`
    /// integrates to nearly 0.
    pub(crate) fn second_moment_slope(self, q: f64) -> f64 {
        if let Some(g) = self.homogeneous_gain() {
            return g;
        }
        if q == 0.0 || q.is_infinite() {
            // At 0, φ(0)·φ″(0) = 0 for each of them (φ(0) = 0, or the sigmoid's
            // φ″(0) = 0); at ∞, E[φ²]/q tends to the mean square slope there.
            return self.slope_moment(q);
        }
        let r = q.sqrt();
        if q >= 1.0 {
            return expect(0.0, 1.0 / r, |z| {
                let u = r * z;
                z * self.value(u) * self.derivative(u)
            }) / r;
        }
        expect(0.0, 1.0 / r, |z| {
            let u = r * z;
            self.derivative(u).powi(2) + self.value(u) * self.second_derivative(u)
        })
    }

    /// `E[φ(u₁)·φ(u₂)]` for a centred Gaussian pair with variance `q ∈ (0, ∞)`
    /// and correlation `c`.
    pub(crate) fn cross_moment(self, q: f64, c: f64) -> f64 {
        if let Activation::Linear2 { pos, neg } = self {
            return q * piecewise_linear_kernel(pos, neg, c);
        }
        expect_pair(q, c, |x| self.value(x), |x| self.value(x))
    }
}

/// `E[φ(z₁)·φ(z₂)]` for standard normals with correlation `c` and
/// `φ(x) = pos·x⁺ − neg·x⁻`: writing `φ(x) = a·x + b·|x|` with `a = (pos + neg)/2`,
/// `b = (pos − neg)/2`, it is `a²·c + b²·(2/π)·(√(1 − c²) + c·arcsin c)` (the cross
/// terms vanish by symmetry; for ReLU this is Cho and Saul's arc-cosine kernel).
pub(crate) fn piecewise_linear_kernel(pos: f64, neg: f64, c: f64) -> f64 {
    let a = 0.5 * (pos + neg);
    let b = 0.5 * (pos - neg);
    let abs_kernel = core::f64::consts::FRAC_2_PI * ((1.0 - c * c).max(0.0).sqrt() + c * c.asin());
    a * a * c + b * b * abs_kernel
}

#[cfg(test)]
mod tests;
