//! `Loss` and `Targets`: what the model is trained to fit, and its gradient.

use crate::Real;

use super::activation::sigmoid;
use super::num::{argmax, count};
use super::{Activation, NnError};

/// A loss function, with Keras's reductions: the mean over the batch of each
/// sample's loss.
///
/// | loss | one sample's loss | output activation |
/// |---|---|---|
/// | `CategoricalCrossentropy` | `−Σ_j y_j·ln p_j` | [`Activation::Softmax`] (fused) |
/// | `BinaryCrossentropy` | `mean_j −(y_j·ln p_j + (1 − y_j)·ln(1 − p_j))` | [`Activation::Sigmoid`] (fused) |
/// | `MeanSquaredError` | `mean_j (a_j − y_j)²` | any but softmax |
///
/// The two cross-entropies are computed from the logits `z` (log-softmax and
/// `max(z, 0) − z·y + ln(1 + e^−|z|)`), so they are finite wherever the logits
/// are, and their gradients with respect to the logits are the closed forms
/// `(softmax(z) − y) / batch` and `(σ(z) − y) / (batch·outputs)`. Keras computes
/// them from probabilities clipped to `[1e-7, 1 − 1e-7]`; the two agree wherever
/// the probabilities lie inside that range.
///
/// ```
/// use nninit::nn::{Activation, Loss};
/// assert_eq!(Loss::CategoricalCrossentropy.name(), "categorical_crossentropy");
/// assert!(Loss::CategoricalCrossentropy.check(Activation::Softmax).is_ok());
/// assert!(Loss::CategoricalCrossentropy.check(Activation::Relu).is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Loss {
    /// Categorical cross-entropy, for one-hot or integer class labels.
    #[default]
    CategoricalCrossentropy,
    /// Binary cross-entropy, for independent 0/1 targets.
    BinaryCrossentropy,
    /// Mean squared error.
    MeanSquaredError,
}

impl Loss {
    /// The name Keras uses.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Loss::MeanSquaredError.name(), "mean_squared_error");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Loss::CategoricalCrossentropy => "categorical_crossentropy",
            Loss::BinaryCrossentropy => "binary_crossentropy",
            Loss::MeanSquaredError => "mean_squared_error",
        }
    }

    /// Checks that this loss can follow an output layer with `output` activation.
    ///
    /// # Errors
    /// [`NnError::IncompatibleLoss`]: categorical cross-entropy needs a softmax
    /// output, binary cross-entropy a sigmoid output, and mean squared error any
    /// output but softmax.
    ///
    /// ```
    /// use nninit::nn::{Activation, Loss};
    /// assert!(Loss::MeanSquaredError.check(Activation::Tanh).is_ok());
    /// assert!(Loss::BinaryCrossentropy.check(Activation::Softmax).is_err());
    /// ```
    pub fn check(self, output: Activation) -> Result<(), NnError> {
        let hint = match (self, output) {
            (Loss::CategoricalCrossentropy, Activation::Softmax)
            | (Loss::BinaryCrossentropy, Activation::Sigmoid) => return Ok(()),
            (Loss::MeanSquaredError, a) if a != Activation::Softmax => return Ok(()),
            (Loss::CategoricalCrossentropy, _) => "give the output layer a softmax activation",
            (Loss::BinaryCrossentropy, _) => "give the output layer a sigmoid activation",
            (Loss::MeanSquaredError, _) => {
                "use categorical cross-entropy with a softmax output, or a linear output"
            }
        };
        Err(NnError::IncompatibleLoss {
            loss: self.name(),
            activation: output.name(),
            hint,
        })
    }

    /// The sum over the `rows` samples of each sample's loss, and (when `grad` is
    /// given) the gradient of the *mean* loss over `scale` samples with respect
    /// to the output layer's pre-activations `z`. `y` is dense, `rows × k`.
    #[allow(clippy::too_many_arguments)] // the batch's buffers, all borrowed
    pub(crate) fn evaluate<T: Real>(
        self,
        act: Activation,
        z: &[T],
        a: &[T],
        y: &[T],
        k: usize,
        scale: usize,
        grad: Option<&mut [T]>,
    ) -> T {
        let mut total = T::zero();
        match self {
            Loss::CategoricalCrossentropy => {
                for (z, y) in z.chunks_exact(k).zip(y.chunks_exact(k)) {
                    let max = z.iter().fold(T::neg_infinity(), |m, &v| m.max(v));
                    let lse = z.iter().fold(T::zero(), |s, &v| s + (v - max).exp()).ln();
                    for (&z, &y) in z.iter().zip(y) {
                        if y != T::zero() {
                            total = total - y * (z - max - lse);
                        }
                    }
                }
                if let Some(g) = grad {
                    let inv = T::one() / count::<T>(scale);
                    for ((g, &a), &y) in g.iter_mut().zip(a).zip(y) {
                        *g = (a - y) * inv;
                    }
                }
            }
            Loss::BinaryCrossentropy => {
                let per = T::one() / count::<T>(k);
                for (&z, &y) in z.iter().zip(y) {
                    let l = z.max(T::zero()) - z * y + (-z.abs()).exp().ln_1p();
                    total = total + l * per;
                }
                if let Some(g) = grad {
                    let inv = T::one() / (count::<T>(scale) * count::<T>(k));
                    for ((g, &z), &y) in g.iter_mut().zip(z).zip(y) {
                        *g = (sigmoid(z) - y) * inv;
                    }
                }
            }
            Loss::MeanSquaredError => {
                let per = T::one() / count::<T>(k);
                for (&a, &y) in a.iter().zip(y) {
                    let d = a - y;
                    total = total + d * d * per;
                }
                if let Some(g) = grad {
                    let two = T::one() + T::one();
                    let inv = two / (count::<T>(scale) * count::<T>(k));
                    for ((g, &a), &y) in g.iter_mut().zip(a).zip(y) {
                        *g = (a - y) * inv;
                    }
                    act.backward(z, a, g);
                }
            }
        }
        total
    }

    /// How many predictions in `a` are right, out of how many: Keras's
    /// `binary_accuracy` (threshold ½, per output) for binary cross-entropy, and
    /// `categorical_accuracy` (argmax) for the others.
    pub(crate) fn correct<T: Real>(self, a: &[T], y: &[T], k: usize) -> (usize, usize) {
        let half = T::one() / (T::one() + T::one());
        match self {
            Loss::BinaryCrossentropy => {
                let right = a
                    .iter()
                    .zip(y)
                    .filter(|&(&a, &y)| (a > half) == (y > half))
                    .count();
                (right, a.len())
            }
            Loss::CategoricalCrossentropy | Loss::MeanSquaredError => {
                let right = a
                    .chunks_exact(k)
                    .zip(y.chunks_exact(k))
                    .filter(|(a, y)| argmax(a) == argmax(y))
                    .count();
                (right, a.len() / k.max(1))
            }
        }
    }
}

/// The targets of a batch: a dense `samples × outputs` matrix (one-hot rows, 0/1
/// targets, regression values), or one integer class label per sample, which
/// stands for its one-hot row.
///
/// ```
/// use nninit::nn::Targets;
///
/// let labels = [3usize, 0, 9];
/// assert_eq!(Targets::<f32>::from(&labels[..]).samples(10), Some(3));
/// assert_eq!(Targets::<f32>::from(&labels), Targets::Classes(&labels[..]));
/// let onehot = [0.0f32, 1.0, 1.0, 0.0];
/// assert_eq!(Targets::from(&onehot[..]).samples(2), Some(2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Targets<'a, T> {
    /// Row-major `samples × outputs` values.
    Dense(&'a [T]),
    /// One class index per sample, below the number of outputs.
    Classes(&'a [usize]),
}

impl<'a, T: Real> From<&'a [T]> for Targets<'a, T> {
    fn from(y: &'a [T]) -> Self {
        Targets::Dense(y)
    }
}

impl<'a, T: Real> From<&'a Vec<T>> for Targets<'a, T> {
    fn from(y: &'a Vec<T>) -> Self {
        Targets::Dense(y)
    }
}

impl<'a, T: Real> From<&'a [usize]> for Targets<'a, T> {
    fn from(y: &'a [usize]) -> Self {
        Targets::Classes(y)
    }
}

impl<'a, T: Real> From<&'a Vec<usize>> for Targets<'a, T> {
    fn from(y: &'a Vec<usize>) -> Self {
        Targets::Classes(y)
    }
}

impl<'a, T: Real, const N: usize> From<&'a [T; N]> for Targets<'a, T> {
    fn from(y: &'a [T; N]) -> Self {
        Targets::Dense(y)
    }
}

impl<'a, T: Real, const N: usize> From<&'a [usize; N]> for Targets<'a, T> {
    fn from(y: &'a [usize; N]) -> Self {
        Targets::Classes(y)
    }
}

impl<T: Real> Targets<'_, T> {
    /// The number of samples these targets hold for a model with `outputs`
    /// outputs, or `None` when a dense buffer is not a whole number of rows.
    ///
    /// ```
    /// use nninit::nn::Targets;
    /// assert_eq!(Targets::Dense(&[0.0f64; 7][..]).samples(2), None);
    /// ```
    #[must_use]
    pub fn samples(&self, outputs: usize) -> Option<usize> {
        match self {
            Targets::Classes(c) => Some(c.len()),
            Targets::Dense(y) if outputs > 0 && y.len() % outputs == 0 => Some(y.len() / outputs),
            Targets::Dense(_) => None,
        }
    }

    /// Checks the targets against `samples` samples and `outputs` outputs.
    pub(crate) fn validate(&self, samples: usize, outputs: usize) -> Result<(), NnError> {
        match self {
            Targets::Dense(y) => {
                // A saturated product is never a slice's length: the mismatch it is.
                let expected = samples.saturating_mul(outputs);
                if y.len() != expected {
                    return Err(NnError::DimensionMismatch {
                        what: "the targets",
                        len: y.len(),
                        expected,
                    });
                }
            }
            Targets::Classes(c) => {
                if c.len() != samples {
                    return Err(NnError::DimensionMismatch {
                        what: "the labels",
                        len: c.len(),
                        expected: samples,
                    });
                }
                if let Some((sample, &label)) = c.iter().enumerate().find(|&(_, &l)| l >= outputs) {
                    return Err(NnError::LabelOutOfRange {
                        sample,
                        label,
                        classes: outputs,
                    });
                }
            }
        }
        Ok(())
    }

    /// Writes the dense row of sample `i` into `out` (`outputs` long).
    pub(crate) fn row_into(&self, i: usize, out: &mut [T]) {
        match self {
            Targets::Dense(y) => {
                let k = out.len();
                out.copy_from_slice(&y[i * k..(i + 1) * k]);
            }
            Targets::Classes(c) => {
                out.fill(T::zero());
                if let Some(v) = out.get_mut(c[i]) {
                    *v = T::one();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
