//! `Activation`: the element-wise nonlinearities and their derivatives.

use crate::{Nonlinearity, Real};

use super::NnError;
use super::num::cast;

/// A layer's activation function.
///
/// [`Activation::Softmax`] is supported only on the output layer, where it is fused
/// with [`Loss::CategoricalCrossentropy`](super::Loss::CategoricalCrossentropy):
/// the loss is computed from the logits, so it stays finite even for logits such
/// as `[1000, 0, −1000]`.
///
/// ```
/// use nninit::Nonlinearity;
/// use nninit::nn::Activation;
///
/// assert_eq!(Activation::Relu.nonlinearity(), Nonlinearity::Relu);
/// assert_eq!(Activation::leaky_relu(0.3)?.name(), "leaky_relu");
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum Activation {
    /// `f(z) = z`.
    #[default]
    Linear,
    /// `f(z) = max(z, 0)`; its derivative at 0 is taken as 0, as in TensorFlow.
    Relu,
    /// `f(z) = z` for `z > 0`, `negative_slope·z` otherwise.
    LeakyRelu {
        /// The slope for negative inputs (Keras's layer default is 0.3,
        /// PyTorch's 0.01).
        negative_slope: f64,
    },
    /// `f(z) = 1 / (1 + e^−z)`.
    Sigmoid,
    /// `f(z) = tanh z`.
    Tanh,
    /// `f(z)_j = e^{z_j} / Σ_k e^{z_k}` over a sample's outputs.
    Softmax,
}

impl Activation {
    /// A leaky ReLU with the given negative slope.
    ///
    /// # Errors
    /// [`NnError::InvalidHyperParameter`] when the slope is NaN or infinite.
    ///
    /// ```
    /// assert!(nninit::nn::Activation::leaky_relu(f64::NAN).is_err());
    /// ```
    pub fn leaky_relu(negative_slope: f64) -> Result<Self, NnError> {
        if !negative_slope.is_finite() {
            return Err(NnError::InvalidHyperParameter {
                name: "negative_slope",
                value: negative_slope,
                expected: "finite",
            });
        }
        Ok(Activation::LeakyRelu { negative_slope })
    }

    /// The name Keras uses (`"relu"`, `"leaky_relu"`, `"softmax"`, …).
    ///
    /// ```
    /// assert_eq!(nninit::nn::Activation::Softmax.name(), "softmax");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::LeakyRelu { .. } => "leaky_relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Softmax => "softmax",
        }
    }

    /// The [`Nonlinearity`] that stands for this activation in gains and in the
    /// symmetry check: softmax, which is only used on output layers, counts as
    /// linear, and a leaky ReLU with slope 0 is a ReLU.
    ///
    /// ```
    /// use nninit::Nonlinearity;
    /// use nninit::nn::Activation;
    /// assert_eq!(Activation::Softmax.nonlinearity(), Nonlinearity::Linear);
    /// assert_eq!(Activation::Tanh.nonlinearity(), Nonlinearity::Tanh);
    /// ```
    #[must_use]
    pub fn nonlinearity(self) -> Nonlinearity {
        match self {
            Activation::Linear | Activation::Softmax => Nonlinearity::Linear,
            Activation::Relu
            | Activation::LeakyRelu {
                negative_slope: 0.0,
            } => Nonlinearity::Relu,
            Activation::LeakyRelu { .. } => Nonlinearity::LeakyRelu,
            Activation::Sigmoid => Nonlinearity::Sigmoid,
            Activation::Tanh => Nonlinearity::Tanh,
        }
    }

    /// Writes `a = f(z)` for a batch laid out row-major with `width` values a row.
    pub(crate) fn forward<T: Real>(self, z: &[T], a: &mut [T], width: usize) {
        match self {
            Activation::Linear => a.copy_from_slice(z),
            Activation::Relu => {
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = if z > T::zero() { z } else { T::zero() };
                }
            }
            Activation::LeakyRelu { negative_slope } => {
                let s: T = cast(negative_slope);
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = if z > T::zero() { z } else { s * z };
                }
            }
            Activation::Sigmoid => {
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = sigmoid(z);
                }
            }
            Activation::Tanh => {
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = z.tanh();
                }
            }
            Activation::Softmax => {
                for (a, z) in a.chunks_exact_mut(width).zip(z.chunks_exact(width)) {
                    let max = z.iter().fold(T::neg_infinity(), |m, &v| m.max(v));
                    let mut sum = T::zero();
                    for (a, &z) in a.iter_mut().zip(z) {
                        *a = (z - max).exp();
                        sum = sum + *a;
                    }
                    for a in a.iter_mut() {
                        *a = *a / sum;
                    }
                }
            }
        }
    }

    /// Multiplies `grad` (dL/da on entry) by `f'(z)` in place, giving dL/dz.
    /// Softmax is never differentiated here: it is fused with its loss.
    pub(crate) fn backward<T: Real>(self, z: &[T], a: &[T], grad: &mut [T]) {
        match self {
            Activation::Linear | Activation::Softmax => {}
            Activation::Relu => {
                for (g, &z) in grad.iter_mut().zip(z) {
                    if !(z > T::zero()) {
                        *g = T::zero();
                    }
                }
            }
            Activation::LeakyRelu { negative_slope } => {
                let s: T = cast(negative_slope);
                for (g, &z) in grad.iter_mut().zip(z) {
                    if !(z > T::zero()) {
                        *g = *g * s;
                    }
                }
            }
            Activation::Sigmoid => {
                for (g, &a) in grad.iter_mut().zip(a) {
                    *g = *g * a * (T::one() - a);
                }
            }
            Activation::Tanh => {
                for (g, &a) in grad.iter_mut().zip(a) {
                    *g = *g * (T::one() - a * a);
                }
            }
        }
    }
}

/// The logistic function, computed without overflow for either sign of `z`.
pub(crate) fn sigmoid<T: Real>(z: T) -> T {
    if z >= T::zero() {
        T::one() / (T::one() + (-z).exp())
    } else {
        let e = z.exp();
        e / (T::one() + e)
    }
}

#[cfg(test)]
mod tests;
