//! `Constant`, `Zeros` and `Ones`.

use super::plan::Plan;
use super::{finite, planned};
use crate::{InitError, Shape};

/// Fills every element with one value: `W = c`.
///
/// Matches Keras `Constant(value=0.0)`, PyTorch `nn.init.constant_(t, val)` and JAX
/// `constant(value)`. The default is Keras's, 0.
///
/// A constant *kernel* makes every unit of a hidden layer identical, and they stay
/// identical under gradient descent: [`symmetry_check`](crate::symmetry_check) rejects it. Constants
/// are for biases, and for output layers, whose units see different targets.
///
/// # Example
/// ```
/// use nninit::{Constant, Initializer, Shape};
///
/// let shape = Shape::from_keras(&[10]);
/// let mut bias = vec![0.0f32; 10];
/// Constant::new(0.1)?.fill_keyed(&mut bias, &shape, 0)?;
/// assert!(bias.iter().all(|&b| b == 0.1));
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`Constant::new`] rejects a NaN or infinite value; a fill rejects a value that
/// overflows the element type ([`InitError::NotRepresentable`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Constant {
    value: f64,
}

impl Constant {
    /// A constant initializer.
    ///
    /// # Errors
    /// [`InitError::NonFinite`] when `value` is NaN or infinite.
    ///
    /// ```
    /// assert!(nninit::Constant::new(f64::NAN).is_err());
    /// ```
    pub fn new(value: f64) -> Result<Self, InitError> {
        Ok(Constant {
            value: finite("value", value)?,
        })
    }

    /// The value.
    ///
    /// ```
    /// assert_eq!(nninit::Constant::new(0.5)?.value(), 0.5);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn value(&self) -> f64 {
        self.value
    }

    #[allow(clippy::unnecessary_wraps)] // every initializer's plan has this signature
    pub(crate) fn plan(&self, _: &Shape) -> Result<Plan, InitError> {
        Ok(Plan::Constant(self.value))
    }
}

/// Fills every element with 0: Keras `Zeros` (`"zeros"`, `"zero"`), PyTorch
/// `nn.init.zeros_`, JAX `zeros`.
///
/// The usual bias initializer. As a hidden layer's kernel it leaves every unit
/// identical forever, and with ReLU it passes no gradient at all: this is the
/// failure behind "why does a weight initializer of 0 cause an error?".
///
/// # Example
/// ```
/// use nninit::{Initializer, Shape, Zeros};
/// let mut b = vec![1.0f64; 3];
/// Zeros.fill_keyed(&mut b, &Shape::from_keras(&[3]), 0)?;
/// assert_eq!(b, [0.0; 3]);
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// Only those of the shape and buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Zeros;

impl Zeros {
    #[allow(clippy::unnecessary_wraps, clippy::unused_self)] // the common plan signature
    pub(crate) fn plan(&self, _: &Shape) -> Result<Plan, InitError> {
        Ok(Plan::Constant(0.0))
    }
}

/// Fills every element with 1: Keras `Ones` (`"ones"`, `"one"`), PyTorch
/// `nn.init.ones_`, JAX `ones`.
///
/// # Example
/// ```
/// use nninit::{Initializer, Ones, Shape};
/// let mut gamma = vec![0.0f32; 4];
/// Ones.fill_keyed(&mut gamma, &Shape::from_keras(&[4]), 0)?;
/// assert_eq!(gamma, [1.0; 4]);
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// Only those of the shape and buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ones;

impl Ones {
    #[allow(clippy::unnecessary_wraps, clippy::unused_self)] // the common plan signature
    pub(crate) fn plan(&self, _: &Shape) -> Result<Plan, InitError> {
        Ok(Plan::Constant(1.0))
    }
}

planned!(Constant, Zeros, Ones);
