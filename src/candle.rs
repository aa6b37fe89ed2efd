//! Initializers that create candle tensors (feature `candle`), and a candle-nn
//! `VarBuilder` whose variables nninit creates (feature `candle-nn`).
//!
//! [`tensor`] fills a [`Shape`] under a key on the host, with nninit's keyed
//! generator, and moves the values to the device: the same key gives the same
//! tensor, bit for bit, on the CPU, on CUDA and on Metal, in every element type.
//! candle's own samplers give neither: its CPU generator cannot be seeded
//! (candle issue [#2651](https://github.com/huggingface/candle/issues/2651)),
//! and its CUDA sampler refuses `f16` and `bf16`
//! (candle issue [#1223](https://github.com/huggingface/candle/issues/1223)).
//!
//! The tensor's dtype follows the element type `T`: `f32` is `DType::F32`,
//! `f64` is `DType::F64`, and with the `half` feature `half::f16` and
//! `half::bf16` are `DType::F16` and `DType::BF16` (candle and nninit share the
//! `half` crate, so these are the same types). The values are those of
//! [`fill_new`](Initializer::fill_new), in row-major order, which is candle's.
//!
//! Every function takes a key, not a generator, since the Rust ecosystem is
//! split across rand 0.8, 0.9 and 0.10: element `i` depends on nothing but the
//! initializer, the shape, the key and `i`. One seed gives a model's tensors
//! their keys through [`key`](crate::key) (`nninit::key(seed, "fc1.weight")`),
//! from the tensors' names, so that adding a layer changes no other layer's
//! weights. [`VarBuilderBackend`] (feature `candle-nn`) does exactly that for
//! every variable a candle-nn model asks for.
//!
//! The functions are generic over the element type first, then the initializer
//! (`I: Initializer<T> + ?Sized`), so that `&dyn Initializer<f32>` works as a
//! concrete initializer does, and `::<f32, _>` names the element type where
//! nothing else does. The element type is also bounded by candle's
//! `WithDType`, which every [`Real`] type satisfies; the bound is spelled out
//! rather than hidden in a sealed trait so that the signature says what candle
//! needs.
//!
//! An [`InitError`] converts into a `candle_core::Error` (its message kept, by
//! `candle_core::Error::wrap`), so `?` works in functions that return
//! `candle_core::Result`.
//!
//! candle 0.11 declares no minimum Rust version, and pulls in `zip`, whose
//! releases after 9.5 need a newer Rust than 1.88: on Rust 1.88, nninit's own minimum,
//! let Cargo resolve dependencies for the toolchain (the default for a package
//! that declares `rust-version` with resolver 3, or
//! `incompatible-rust-versions = "fallback"`), which keeps `zip` at 9.5.
//!
//! # Example
//! ```
//! use candle_core::{DType, Device, Tensor};
//! use nninit::{GlorotUniform, HeNormal, Initializer, Shape};
//!
//! let seed = 7;
//! // nn.Linear(784, 128): a [128, 784] weight.
//! let shape = Shape::from_torch(&[128, 784]);
//! let key = nninit::key(seed, "fc1.weight");
//! let w: Tensor = nninit::candle::tensor::<f32, _>(&HeNormal, &shape, key, &Device::Cpu)?;
//! assert_eq!((w.dims(), w.dtype()), (&[128, 784][..], DType::F32));
//!
//! // The values are those of `fill_new` under the same key.
//! let flat: Vec<f32> = HeNormal.fill_new(&shape, key)?;
//! assert_eq!(w.flatten_all()?.to_vec1::<f32>()?, flat);
//!
//! // Through a trait object, in f64.
//! let init: &dyn Initializer<f64> = &GlorotUniform;
//! let w64 = nninit::candle::tensor(init, &shape, key, &Device::Cpu)?;
//! assert_eq!(w64.dtype(), DType::F64);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use candle_core::{Device, Tensor, WithDType};

use crate::{InitError, Initializer, Real, Shape};

#[cfg(feature = "candle-nn")]
mod var_builder;
#[cfg(feature = "candle-nn")]
#[cfg_attr(docsrs, doc(cfg(feature = "candle-nn")))]
pub use var_builder::{VarBuilderBackend, from_hint, var_builder};

/// A new candle tensor of `shape`'s dimensions on `device`, filled by `init`
/// under `key`: the values of [`fill_new`](Initializer::fill_new), with the dtype
/// of `T`.
///
/// The values are computed on the host and moved to the device, so the tensor
/// is the same, bit for bit, on every device.
///
/// # Errors
/// Those of [`fill_new`](Initializer::fill_new): the shape's own errors, and the
/// initializer's; [`InitError::TensorLibrary`] when candle cannot create the
/// tensor on the device.
///
/// # Example
/// ```
/// use candle_core::{DType, Device};
/// use nninit::{InitError, Initializer, Orthogonal, Shape, TorchDefault};
///
/// let shape = Shape::from_torch(&[64, 32]);
/// let w = nninit::candle::tensor::<f64, _>(&Orthogonal::default(), &shape, 3, &Device::Cpu)?;
/// let flat: Vec<f64> = Orthogonal::default().fill_new(&shape, 3)?;
/// assert_eq!((w.dims(), w.dtype()), (&[64, 32][..], DType::F64));
/// assert_eq!(w.flatten_all()?.to_vec1::<f64>()?, flat);
///
/// // A bias has no fans in PyTorch's layout: the initializer's error comes back.
/// let bias = Shape::from_torch(&[64]);
/// let err = nninit::candle::tensor::<f32, _>(&TorchDefault, &bias, 3, &Device::Cpu);
/// assert!(matches!(err, Err(InitError::RankTooLow { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tensor<T, I>(init: &I, shape: &Shape, key: u64, device: &Device) -> Result<Tensor, InitError>
where
    T: Real + WithDType,
    I: Initializer<T> + ?Sized,
{
    let values = init.fill_new(shape, key)?;
    Tensor::from_vec(values, shape.dims(), device).map_err(|err| library_error(&err, shape))
}

/// The [`InitError::TensorLibrary`] for a candle error in creating a tensor of
/// `shape`: its message, without the backtrace candle attaches when
/// `RUST_BACKTRACE` is set.
pub(crate) fn library_error(err: &candle_core::Error, shape: &Shape) -> InitError {
    let mut err = err;
    while let candle_core::Error::WithBacktrace { inner, .. } = err {
        err = inner;
    }
    InitError::TensorLibrary {
        library: "candle",
        shape: shape.to_string(),
        message: err.to_string(),
    }
}

/// An [`InitError`] as a candle error, its message kept, so that `?` works in
/// functions that return `candle_core::Result`.
///
/// ```
/// use candle_core::Device;
/// use nninit::{RandomNormal, Shape};
///
/// fn bias() -> candle_core::Result<candle_core::Tensor> {
///     let init = RandomNormal::new(0.0, -1.0)?; // an InitError, converted
///     Ok(nninit::candle::tensor::<f32, _>(&init, &Shape::from_torch(&[4]), 0, &Device::Cpu)?)
/// }
/// let err = bias().unwrap_err().to_string();
/// assert!(err.contains("stddev must be positive"), "{err}");
/// ```
impl From<InitError> for candle_core::Error {
    fn from(err: InitError) -> Self {
        candle_core::Error::wrap(err)
    }
}

#[cfg(test)]
mod tests;
