//! `Real`: the element types an initializer fills, `f32` and `f64`, and with the
//! `half` feature `half::f16` and `half::bf16`.

use core::fmt::{Debug, Display};

/// A floating-point element type that nninit fills: `f32` or `f64`, and with the
/// `half` feature `half::f16` and `half::bf16`.
///
/// The trait is sealed: its sampling half belongs to nninit's generator, so that
/// every element type maps random bits to values by the one documented rule.
///
/// # Half precision
/// Element `i` of an `f16` or `bf16` fill is element `i` of the `f32` fill under
/// the same key and shape, rounded once to the nearest value, ties to even: the
/// same key gives the same stream in every precision. The one exception keeps
/// values inside the initializer's support, as its parameters state it: a value
/// that would round onto or past a uniform's open upper bound, below its lower
/// bound, or past a truncated normal's cut, is the nearest value of the type
/// inside the support instead. Constants, gains and bounds are rounded to `f32`
/// first and then to the half type, never from `f64` directly (which can round
/// differently), and one that overflows the type is an error, as for `f32`.
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

/// IEEE 754 binary16: 11 significant bits, largest finite value 65504.
///
/// ```
/// use half::f16;
/// use nninit::{Initializer, Shape, XavierUniform};
///
/// let shape = Shape::from_torch(&[64, 32]);
/// let w: Vec<f16> = XavierUniform::default().fill_new(&shape, 7)?;
/// let wide: Vec<f32> = XavierUniform::default().fill_new(&shape, 7)?;
/// let bound = (6.0f64 / 96.0).sqrt();
/// for (h, x) in w.iter().zip(&wide) {
///     assert!(f64::from(h.to_f32()).abs() < bound);
///     assert!((h.to_f32() - x).abs() <= x.abs() / 1024.0);
/// }
/// # Ok::<(), nninit::InitError>(())
/// ```
#[cfg(feature = "half")]
#[cfg_attr(docsrs, doc(cfg(feature = "half")))]
impl Real for half::f16 {}

/// bfloat16: the top half of an `f32`, 8 significant bits and `f32`'s range.
///
/// ```
/// use half::bf16;
/// use nninit::{Initializer, KaimingNormal, Shape};
///
/// // A normal has no support to keep to: every value is the f32 value rounded.
/// let shape = Shape::from_torch(&[256, 128]);
/// let mut w = vec![bf16::ZERO; shape.len()];
/// KaimingNormal::default().fill_keyed(&mut w, &shape, 3)?;
/// let mut wide = vec![0.0f32; shape.len()];
/// KaimingNormal::default().fill_keyed(&mut wide, &shape, 3)?;
/// assert!(w.iter().zip(&wide).all(|(h, &x)| *h == bf16::from_f32(x)));
/// # Ok::<(), nninit::InitError>(())
/// ```
#[cfg(feature = "half")]
#[cfg_attr(docsrs, doc(cfg(feature = "half")))]
impl Real for half::bf16 {}
