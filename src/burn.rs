//! burn's `TensorData` and `Tensor`s, filled by an initializer (feature `burn`).
//!
//! [`tensor_data`] gives a [`TensorData`] of a [`Shape`]'s dimensions holding the
//! values of [`fill_new`](Initializer::fill_new) in row-major order, with the
//! element type's `DType`; [`tensor`] puts them into a `Tensor<D>` on a device, in
//! that `DType`. The values are nninit's to the bit, whatever the backend: they
//! are computed on the host and copied once.
//!
//! # Which `Shape` describes a burn weight
//! The fans come from the [`Shape`], so it must say what the dimensions mean. In
//! burn 0.22 (`burn-nn`):
//!
//! | burn layer | weight | `Shape` | fans |
//! |---|---|---|---|
//! | `Linear` | `[d_input, d_output]` | [`Shape::dense`]`(d_input, d_output)`, the same as [`Shape::from_keras`] | `fan_in = d_input`, `fan_out = d_output`, as burn's default `LinearLayout::Row` gives its initializers (`Col` swaps them) |
//! | `Conv1d`, `Conv2d`, `Conv3d` | `[out, in/groups, k…]` | [`Shape::from_torch`] | `fan_in = in/groups·∏k`, as burn's; `fan_out = out·∏k` (PyTorch's rule), where burn uses `out/groups·∏k`: the same for `groups = 1` |
//! | `ConvTranspose1d/2d/3d` | `[in, out/groups, k…]` | [`Shape::from_torch`], or [`Shape::from_torch_transposed`]`(dims, groups)` | `from_torch`: burn's (and PyTorch's) `fan_in = out/groups·∏k`; `from_torch_transposed`: the true `fan_in = in/groups·∏k` |
//!
//! A `Linear` weight is the transpose of PyTorch's `[out, in]`: describing it
//! with [`Shape::from_torch`] would swap its fans. burn's `LinearLayout::Col`
//! stores the weight transposed in memory, but the tensor its `Linear` computes
//! with is `[d_input, d_output]` in both layouts, so the shape is the same.
//!
//! burn's own default for these layers is `Initializer::KaimingUniform { gain:
//! 1/√3, fan_out_only: false }`: `W ~ U(−a, a)` with `a = √3·gain/√fan_in =
//! 1/√fan_in`, and the bias from the same bound. That is PyTorch's default for
//! `nn.Linear` and `nn.Conv*`, which nninit gives as [`TorchDefault`]
//! (weight) and [`TorchDefault::bias`] (bias), on `Shape::dense` for a `Linear`
//! (in the `Row` layout) and on `Shape::from_torch` for the convolutions.
//!
//! # Keys
//! Every function takes a key, not a generator: element `i` depends on nothing
//! but the initializer, the shape, the key and `i`, and no `rand` version has to
//! match burn's. One seed gives a model's tensors their keys through
//! [`key`](crate::key) (`nninit::key(seed, "fc1.weight")`), from the names of
//! the tensors, so that adding a layer changes no other layer's weights; any
//! scheme that gives distinct tensors distinct keys serves as well.
//!
//! The functions are generic over the element type first, then the initializer
//! (`I: Initializer<T> + ?Sized`), so that `&dyn Initializer<f32>` works as a
//! concrete initializer does, and `::<f32, _>` names the element type where
//! nothing else does. The element types are `f32` and `f64` (`DType::F32`,
//! `DType::F64`), and with the `half` feature `half::f16` and `half::bf16`
//! (`DType::F16`, `DType::BF16`): burn's `f16` and `bf16` are the `half` crate's
//! (2.7, as nninit's), so they are the same types.
//!
//! # Dependencies
//! The feature depends on `burn-tensor` 0.22 alone, without its default `std`
//! feature and without a backend: the application's own burn dependency
//! (`burn = { version = "0.22", features = [...] }`) chooses the backend, and
//! cargo builds one `burn-tensor` for both. `burn::tensor::TensorData` and
//! `burn::tensor::Tensor` are the types used here. burn's `Param` lives in
//! `burn-core`, which nninit does not depend on: a layer's parameter takes a
//! tensor by `param.map(|_| t)` (see the example below).
//!
//! The feature needs Rust 1.95, burn 0.22's minimum (declared by `burn` and by
//! `cubecl-zspace`, which `burn-tensor` depends on); the rest of nninit builds
//! with Rust 1.88.
//!
//! # Example
//! The weights of a burn `Linear(784, 128)` and of a 3×3 `Conv2d` from 3 to 16
//! channels, Glorot-uniform, keyed by their names:
//! ```
//! use burn_tensor::{DType, Device, Tensor, TensorData};
//! use nninit::{Fans, Initializer, Shape, XavierUniform};
//!
//! let seed = 7;
//! let fc1 = Shape::dense(784, 128); // burn's Linear weight is [d_input, d_output]
//! assert_eq!(fc1.fans()?, Fans { fan_in: 784, fan_out: 128 });
//! let data: TensorData =
//!     nninit::burn::tensor_data::<f32, _>(&XavierUniform::default(), &fc1, nninit::key(seed, "fc1.weight"))?;
//! assert_eq!(data.shape().as_slice(), &[784, 128]);
//! assert_eq!(data.dtype(), DType::F32);
//!
//! let device = Device::flex();
//! let conv = Shape::from_torch(&[16, 3, 3, 3]); // Conv2d: [out, in/groups, kh, kw]
//! let w: Tensor<4> =
//!     nninit::burn::tensor::<f32, _, 4>(&XavierUniform::default(), &conv, nninit::key(seed, "conv1.weight"), &device)?;
//! let want: Vec<f32> = XavierUniform::default().fill_new(&conv, nninit::key(seed, "conv1.weight"))?;
//! assert_eq!(w.into_data().try_to_vec::<f32>().unwrap(), want);
//! // A module's parameter: `linear.weight = linear.weight.map(|_| w)` (burn-core).
//! # Ok::<(), nninit::InitError>(())
//! ```
//!
//! # References
//! burn's layers and their default initializer:
//! [`burn-nn/src/modules/linear.rs`](https://github.com/tracel-ai/burn/blob/v0.22.1/crates/burn-nn/src/modules/linear.rs),
//! [`burn-nn/src/modules/conv/conv2d.rs`](https://github.com/tracel-ai/burn/blob/v0.22.1/crates/burn-nn/src/modules/conv/conv2d.rs),
//! [`burn-nn/src/initializer.rs`](https://github.com/tracel-ai/burn/blob/v0.22.1/crates/burn-nn/src/initializer.rs).
//!
//! [`TorchDefault`]: crate::TorchDefault
//! [`TorchDefault::bias`]: crate::TorchDefault::bias

use burn_tensor::{Device, Element, Tensor, TensorData};

use crate::{InitError, Initializer, Real, Shape};

/// A [`TensorData`] of `shape`'s dimensions holding the values of `init` under
/// `key`: those of [`fill_new`](Initializer::fill_new), in row-major order, with
/// `T`'s `DType` (`F32`, `F64`, and with the `half` feature `F16`, `BF16`).
///
/// The values are moved into the data, not copied.
///
/// # Errors
/// Those of [`fill_new`](Initializer::fill_new): the shape's own errors, and the
/// initializer's.
///
/// # Example
/// ```
/// use burn_tensor::{DType, TensorData};
/// use nninit::{Initializer, Shape, XavierUniform};
///
/// let (inp, out) = (784, 128);
/// let key = nninit::key(7, "fc1.weight");
/// let shape = Shape::dense(inp, out); // burn's Linear weight is [d_input, d_output]
/// let data: TensorData = nninit::burn::tensor_data::<f32, _>(&XavierUniform::default(), &shape, key)?;
/// assert_eq!(data.shape().as_slice(), &[inp, out]);
/// let want: Vec<f32> = XavierUniform::default().fill_new(&shape, key)?;
/// assert_eq!(data.as_slice::<f32>().unwrap(), &want[..]);
///
/// // A trait object works as well; f64 data carries DType::F64.
/// let init: &dyn Initializer<f64> = &XavierUniform::default();
/// assert_eq!(nninit::burn::tensor_data(init, &shape, key)?.dtype(), DType::F64);
/// # Ok::<(), nninit::InitError>(())
/// ```
pub fn tensor_data<T, I>(init: &I, shape: &Shape, key: u64) -> Result<TensorData, InitError>
where
    T: Real + Element,
    I: Initializer<T> + ?Sized,
{
    let values = init.fill_new(shape, key)?;
    // `fill_new` returns `shape.len()` values, the product of the dimensions, which is
    // what `TensorData::new` asserts.
    Ok(TensorData::new(values, shape.dims()))
}

/// A `Tensor<D>` on `device` holding the values of `init` under `key` for
/// `shape`, whose rank must be `D`: the data of [`tensor_data`], created in `T`'s
/// `DType`.
///
/// burn's `Tensor::from_data(data, &device)` converts data to the device's
/// default float type (`f32` unless configured otherwise), which would round an
/// `f64` fill; this function creates the tensor in the element type's own
/// `DType`, so that it holds nninit's values bit for bit. Convert it afterwards
/// with `.cast(..)` if the model computes in another type.
///
/// burn 0.22's `Tensor` has no backend type parameter: the device, chosen at run
/// time, decides the backend, so the tensor is `Tensor<D>` and the backend is in
/// `device`. A module's parameter takes the tensor by `param.map(|_| t)`
/// (burn-core), which keeps the parameter's id, its training state and, for a
/// `Linear` in `LinearLayout::Col`, the mappers that transpose the weight when it
/// is saved and loaded; `Param::from_tensor(t)` makes a new parameter without them.
///
/// # Errors
/// [`InitError::RankMismatch`] when `shape.rank() != D`,
/// [`InitError::UnsupportedShape`] for a rank-0 shape (burn has no rank-0
/// tensors), [`InitError::UnsupportedElement`] when `device` does not support
/// `T`'s `DType`, and those of [`fill_new`](Initializer::fill_new). These are
/// checked before anything is filled or created on the device.
///
/// # Example
/// ```
/// use burn_tensor::{DType, Device, Tensor};
/// use nninit::{HeNormal, InitError, Initializer, Shape};
///
/// let device = Device::flex();
/// let shape = Shape::dense(64, 32); // a burn Linear(64, 32) weight
/// let w = nninit::burn::tensor::<f64, _, 2>(&HeNormal, &shape, 3, &device)?;
/// assert_eq!(w.dims(), [64, 32]);
/// assert_eq!(w.dtype(), DType::F64);
/// let want: Vec<f64> = HeNormal.fill_new(&shape, 3)?;
/// assert_eq!(w.into_data().try_to_vec::<f64>().unwrap(), want);
///
/// // A tensor type of another rank is an error, not a panic.
/// let err = nninit::burn::tensor::<f32, _, 3>(&HeNormal, &shape, 3, &device);
/// assert!(matches!(err, Err(InitError::RankMismatch { rank: 3, expected: 2, .. })));
/// # Ok::<(), nninit::InitError>(())
/// ```
pub fn tensor<T, I, const D: usize>(
    init: &I,
    shape: &Shape,
    key: u64,
    device: &Device,
) -> Result<Tensor<D>, InitError>
where
    T: Real + Element,
    I: Initializer<T> + ?Sized,
{
    if shape.rank() != D {
        return Err(InitError::RankMismatch {
            rank: D,
            expected: shape.rank(),
            shape: shape.to_string(),
        });
    }
    if D == 0 {
        return Err(InitError::UnsupportedShape {
            initializer: "nninit::burn::tensor",
            shape: shape.to_string(),
            needed: "at least one dimension, since burn has no rank-0 tensors \
                     (describe a scalar as the shape [1])",
        });
    }
    let dtype = <T as Element>::dtype();
    if !device.supports_dtype(dtype) {
        return Err(InitError::UnsupportedElement {
            ty: <T as crate::rng::Element>::NAME,
            device: format!("{device:?}"),
        });
    }
    let data = tensor_data(init, shape, key)?;
    Ok(Tensor::from_data(data, (device, dtype)))
}

#[cfg(test)]
mod tests;
