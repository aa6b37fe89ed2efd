//! `Real`: the element types an initializer fills, `f32` and `f64`.

use core::fmt::{Debug, Display};

/// A floating-point element type that nninit fills: `f32` or `f64`.
///
/// The trait is sealed: its sampling half belongs to nninit's generator, so that
/// every element type maps random bits to values by the one documented rule.
///
/// ```
/// fn zeros<T: nninit::Real>(n: usize) -> Vec<T> { vec![T::zero(); n] }
/// assert_eq!(zeros::<f32>(2), [0.0, 0.0]);
/// ```
pub trait Real:
    num_traits::Float + Default + Debug + Display + Send + Sync + 'static + crate::rng::Element
{
}

impl Real for f32 {}
impl Real for f64 {}
