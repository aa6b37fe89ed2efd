//! The [`Initializer`] trait and the built-in initializers, one file per family.

mod any;
mod constant;
mod fresh;
mod moments;
mod orthogonal;
mod parse;
mod plan;
mod qr;
mod random;
#[cfg(test)]
mod referee;
#[cfg(feature = "serde")]
mod serde_impl;
mod structured;
mod torch;
mod variance_scaling;

pub use any::Init;
pub use constant::{Constant, Ones, Zeros};
pub use orthogonal::{DeltaOrthogonal, Orthogonal, orthogonality_error};
pub use parse::ParseInitError;
pub use plan::Sampler;
pub use random::{RandomNormal, RandomUniform, TruncatedNormal, Truncation};
pub use structured::{Dirac, Identity, Sparse};
pub use torch::{KaimingNormal, KaimingUniform, TorchDefault, XavierNormal, XavierUniform};
pub use variance_scaling::{
    GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform,
    ScalingDistribution, TRUNCATED_STD, VarianceScaling,
};

use rand::Rng;

use crate::{InitError, Real, Shape};
use plan::Plan;

/// Something that fills a weight tensor with its initial values.
///
/// Only [`fill_at`](Initializer::fill_at) is required: element `i` of a tensor
/// filled under `key` must depend on nothing but the initializer, the shape, the key
/// and `i`. Every built-in keeps that promise bit for bit, on every platform, so
/// that a tensor can be filled in shards, on many threads or machines, and come out
/// the same.
///
/// The trait is object-safe: `Vec<Box<dyn Initializer<f32>>>` holds initializers
/// chosen at run time.
///
/// # Example
/// ```
/// use nninit::{GlorotUniform, HeNormal, Initializer, Shape, Zeros};
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(42);
/// let shape = Shape::dense(784, 128);
/// let mut w = vec![0.0f32; shape.len()];
/// GlorotUniform::default().fill(&mut w, &shape, &mut rng)?;
/// let limit = (6.0f32 / (784.0 + 128.0)).sqrt();
/// assert!(w.iter().all(|x| x.abs() < limit));
///
/// let layers: Vec<Box<dyn Initializer<f32>>> = vec![Box::new(HeNormal), Box::new(Zeros)];
/// for init in &layers {
///     init.fill(&mut w, &shape, &mut rng)?;
/// }
/// assert!(w.iter().all(|&x| x == 0.0));
/// # Ok::<(), nninit::InitError>(())
/// ```
pub trait Initializer<T: Real> {
    /// Writes elements `offset..offset + out.len()` of the tensor `shape` filled
    /// under `key`: one shard, bit-identical to the same range of
    /// [`fill_keyed`](Initializer::fill_keyed).
    ///
    /// # Errors
    /// [`InitError::ShardOutOfRange`] when the range runs past the tensor's end, the
    /// shape's own errors ([`Shape::fans`]), and the initializer's: nothing is
    /// written on error.
    ///
    /// # Example
    /// ```
    /// use nninit::{HeUniform, Initializer, Shape};
    ///
    /// let shape = Shape::from_keras(&[3, 3, 16, 32]);
    /// let mut whole = vec![0.0f64; shape.len()];
    /// HeUniform.fill_keyed(&mut whole, &shape, 7)?;
    /// let mut shard = vec![0.0f64; 1000];
    /// HeUniform.fill_at(&mut shard, &shape, 7, 2500)?;
    /// assert_eq!(shard, whole[2500..3500]);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    fn fill_at(
        &self,
        out: &mut [T],
        shape: &Shape,
        key: u64,
        offset: usize,
    ) -> Result<(), InitError>;

    /// Fills the whole tensor `shape` under `key`.
    ///
    /// # Errors
    /// [`InitError::LengthMismatch`] when `buf.len() != shape.len()`, and those of
    /// [`fill_at`](Initializer::fill_at).
    ///
    /// # Example
    /// ```
    /// use nninit::{Initializer, RandomNormal, Shape};
    ///
    /// let shape = Shape::dense(4, 4);
    /// let (mut a, mut b) = (vec![0.0f32; 16], vec![0.0f32; 16]);
    /// RandomNormal::default().fill_keyed(&mut a, &shape, 1)?;
    /// RandomNormal::default().fill_keyed(&mut b, &shape, 1)?;
    /// assert_eq!(a, b);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    fn fill_keyed(&self, buf: &mut [T], shape: &Shape, key: u64) -> Result<(), InitError> {
        let expected = shape.try_len()?;
        if buf.len() != expected {
            return Err(InitError::LengthMismatch {
                len: buf.len(),
                expected,
                shape: shape.to_string(),
            });
        }
        self.fill_at(buf, shape, key, 0)
    }

    /// Allocates a buffer for the tensor `shape` and fills it under `key`: the
    /// values of [`fill_keyed`](Initializer::fill_keyed) into fresh memory.
    ///
    /// The buffer is requested zeroed, which the allocator satisfies for large
    /// sizes with pages that nothing has touched yet; the first touch, where the
    /// operating system's page faults are paid, then happens in the fill itself,
    /// spread over threads with the `parallel` feature. On Linux, a buffer of
    /// 4 MiB or more is first advised to use transparent huge pages
    /// (`madvise(MADV_HUGEPAGE)`), which turns 512 page faults into one. The advice
    /// is a hint that changes only the speed: the values are those of
    /// [`fill_keyed`](Initializer::fill_keyed) whether or not the operating system takes it.
    ///
    /// # Errors
    /// [`InitError::ShapeOverflow`] when the tensor's size in bytes does not fit in
    /// `isize`, and those of [`fill_keyed`](Initializer::fill_keyed).
    ///
    /// # Example
    /// ```
    /// use nninit::{GlorotUniform, Initializer, Shape};
    ///
    /// let shape = Shape::dense(256, 64);
    /// let w: Vec<f32> = GlorotUniform.fill_new(&shape, 3)?;
    /// let mut same = vec![0.0f32; shape.len()];
    /// GlorotUniform.fill_keyed(&mut same, &shape, 3)?;
    /// assert_eq!(w, same);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    fn fill_new(&self, shape: &Shape, key: u64) -> Result<Vec<T>, InitError> {
        let len = buffer_len::<T>(shape)?;
        let mut buf = fresh::zeroed::<T>(len);
        self.fill_at(&mut buf, shape, key, 0)?;
        Ok(buf)
    }

    /// Fills the whole tensor under a key drawn from `rng` (one `next_u64`).
    ///
    /// # Errors
    /// As [`fill_keyed`](Initializer::fill_keyed). The key is drawn first, so `rng`
    /// advances even when the call fails.
    ///
    /// # Example
    /// ```
    /// use nninit::{Initializer, Shape, XavierUniform};
    /// use rand::SeedableRng;
    ///
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let shape = Shape::from_torch(&[128, 784]);
    /// let mut w = vec![0.0f32; shape.len()];
    /// XavierUniform::default().fill(&mut w, &shape, &mut rng)?;
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    fn fill(&self, buf: &mut [T], shape: &Shape, rng: &mut dyn Rng) -> Result<(), InitError> {
        let key = rng.next_u64();
        self.fill_keyed(buf, shape, key)
    }
}

/// Implements [`Initializer`] for a pointer type by forwarding every method to the
/// initializer it points to.
macro_rules! forward_initializer {
    ($(#[$doc:meta] $ptr:ty),* $(,)?) => {$(
        #[$doc]
        impl<T: Real, I: Initializer<T> + ?Sized> Initializer<T> for $ptr {
            fn fill_at(
                &self,
                out: &mut [T],
                shape: &Shape,
                key: u64,
                offset: usize,
            ) -> Result<(), InitError> {
                (**self).fill_at(out, shape, key, offset)
            }
            fn fill_keyed(&self, buf: &mut [T], shape: &Shape, key: u64) -> Result<(), InitError> {
                (**self).fill_keyed(buf, shape, key)
            }
            fn fill(&self, buf: &mut [T], shape: &Shape, rng: &mut dyn Rng) -> Result<(), InitError> {
                (**self).fill(buf, shape, rng)
            }
        }
    )*};
}

forward_initializer!(
    /// A reference fills as the initializer it points to.
    &I,
    /// A box fills as the initializer it holds, so `Box<dyn Initializer<T>>` is one.
    Box<I>,
);

/// The length of a buffer of `T` for `shape`, whose bytes must fit in `isize`.
pub(crate) fn buffer_len<T>(shape: &Shape) -> Result<usize, InitError> {
    let len = shape.try_len()?;
    let fits = len
        .checked_mul(core::mem::size_of::<T>())
        .is_some_and(|bytes| isize::try_from(bytes).is_ok());
    if fits {
        Ok(len)
    } else {
        Err(InitError::ShapeOverflow {
            shape: shape.to_string(),
        })
    }
}

/// Checks that `offset..offset + len` lies in the tensor and returns its length.
pub(crate) fn check_shard(len: usize, shape: &Shape, offset: usize) -> Result<usize, InitError> {
    let total = shape.try_len()?;
    if offset > total || len > total - offset {
        return Err(InitError::ShardOutOfRange {
            offset,
            len,
            total,
            shape: shape.to_string(),
        });
    }
    Ok(total)
}

/// `fill_at` for an initializer that reduces to a [`Plan`].
pub(crate) fn fill_planned<T: Real>(
    plan: impl FnOnce() -> Result<Plan, InitError>,
    out: &mut [T],
    shape: &Shape,
    key: u64,
    offset: usize,
) -> Result<(), InitError> {
    if check_shard(out.len(), shape, offset)? == 0 {
        // An empty tensor is a no-op, whatever its fans (as in PyTorch).
        return Ok(());
    }
    plan()?.dist::<T>()?.fill(out, key, offset);
    Ok(())
}

/// Implements [`Initializer`] and `sampler` for types with a
/// `fn plan(&self, &Shape) -> Result<Plan, InitError>`.
macro_rules! planned {
    ($($ty:ident),* $(,)?) => {$(
        impl<T: $crate::Real> $crate::Initializer<T> for $ty {
            fn fill_at(
                &self,
                out: &mut [T],
                shape: &$crate::Shape,
                key: u64,
                offset: usize,
            ) -> Result<(), $crate::InitError> {
                $crate::init::fill_planned(|| self.plan(shape), out, shape, key, offset)
            }
        }

        impl $ty {
            #[doc = concat!(
                "The element-by-element distribution of `", stringify!($ty),
                "` for a tensor of `shape`, for use with [`rand::distr::Distribution`].\n\n",
                "# Errors\nThose of a fill of `shape` (fans, parameters in `T`).\n\n",
                "# Example\n```\nuse rand::distr::Distribution;\nuse rand::SeedableRng;\n\n",
                "let s = nninit::", stringify!($ty),
                "::default().sampler::<f32>(&nninit::Shape::dense(16, 16))?;\n",
                "let mut rng = rand::rngs::StdRng::seed_from_u64(3);\n",
                "let x: f32 = s.sample(&mut rng);\nassert!(x.is_finite());\n",
                "# Ok::<(), nninit::InitError>(())\n```"
            )]
            pub fn sampler<T: $crate::Real>(
                &self,
                shape: &$crate::Shape,
            ) -> Result<$crate::Sampler<T>, $crate::InitError> {
                $crate::Sampler::new(self.plan(shape)?)
            }
        }
    )*};
}
pub(crate) use planned;

/// `Default` (gain 1), `new` (checked by `$check`, documented by the attributes)
/// and `gain()` for an initializer whose one parameter is a gain.
macro_rules! gain_only {
    ($ty:ident, $check:path, $default_doc:literal, $(#[$new_doc:meta])*) => {
        impl Default for $ty {
            #[doc = $default_doc]
            fn default() -> Self {
                $ty { gain: 1.0 }
            }
        }

        impl $ty {
            $(#[$new_doc])*
            pub fn new(gain: f64) -> Result<Self, $crate::InitError> {
                Ok($ty {
                    gain: $check("gain", gain, "pass a positive gain, such as 1.0")?,
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
        }
    };
}
pub(crate) use gain_only;

/// Checks `!(value > 0.0)` and finiteness, with the hint for a bad value.
pub(crate) fn positive(
    name: &'static str,
    value: f64,
    hint: &'static str,
) -> Result<f64, InitError> {
    if !value.is_finite() && !value.is_nan() {
        return Err(InitError::NonFinite { name, value });
    }
    if !(value > 0.0) {
        return Err(InitError::NonPositive { name, value, hint });
    }
    Ok(value)
}

/// Checks that `value` is finite.
pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64, InitError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(InitError::NonFinite { name, value })
    }
}

#[cfg(test)]
mod tests;
