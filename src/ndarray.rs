//! Initializers that create and fill `ndarray` arrays (feature
//! `ndarray`).
//!
//! The array's dimensions are the [`Shape`]'s dimensions, and the value at every
//! index is the value at that index, flattened row-major, of
//! [`fill_keyed`](Initializer::fill_keyed) under the same key: whatever the
//! array's memory layout (standard, Fortran order, a transposed view, a strided
//! or reversed slice), the same key gives the same weights at the same indices.
//! A standard-layout array is filled in place, with no copy; any other is filled
//! from a buffer of its values in row-major order.
//!
//! Every function takes a key, not a generator: element `i` depends on nothing
//! but the initializer, the shape, the key and `i`. One seed gives a model's
//! tensors their keys through [`key`](crate::key) (`nninit::key(seed,
//! "encoder.0.weight")`), from the tensors' names, so that adding a layer
//! changes no other layer's weights; any other scheme that gives distinct
//! tensors distinct keys serves as well.
//!
//! The functions are generic over the element type first, then the initializer
//! (`I: Initializer<T> + ?Sized`), so that `&dyn Initializer<f32>` works as a
//! concrete initializer does, and `::<f32, _>` names the element type where
//! nothing else does.
//!
//! # Example
//! ```
//! use ndarray::{ArrayD, Array2, Ix2, ShapeBuilder};
//! use nninit::{GlorotUniform, HeNormal, Initializer, Shape};
//!
//! let seed = 7;
//! // nn.Linear(784, 128): a [128, 784] weight, created and filled.
//! let shape = Shape::from_torch(&[128, 784]);
//! let w: ArrayD<f32> = nninit::ndarray::array(&GlorotUniform, &shape, nninit::key(seed, "fc1.weight"))?;
//! assert_eq!(w.shape(), &[128, 784]);
//!
//! // An existing array in Fortran order gets the same values at the same indices.
//! let mut f = Array2::<f32>::zeros((128, 784).f());
//! nninit::ndarray::fill_array(&GlorotUniform, &mut f, &shape, nninit::key(seed, "fc1.weight"))?;
//! assert_eq!(f, w.clone().into_dimensionality::<Ix2>().unwrap());
//!
//! // A view into part of a larger buffer, through a trait object.
//! let mut big = Array2::<f64>::zeros((10, 20));
//! let init: &dyn Initializer<f64> = &HeNormal;
//! let part = Shape::dense(5, 20);
//! nninit::ndarray::fill_array(init, &mut big.slice_mut(ndarray::s![..5, ..]), &part, 1)?;
//! assert!(big.row(9).iter().all(|&x| x == 0.0));
//! # Ok::<(), nninit::InitError>(())
//! ```

use ::ndarray::{ArrayBase, ArrayD, DataMut, Dimension, IxDyn};

use crate::{InitError, Initializer, Real, Shape};

/// A new array of `shape`'s dimensions, filled by `init` under `key`: the values
/// of [`fill_new`](Initializer::fill_new), in standard (row-major) layout.
///
/// The array is dynamic-dimensional; `into_dimensionality::<Ix2>()` (or `Ix4`)
/// turns it into a fixed-rank array without a copy.
///
/// # Errors
/// Those of [`fill_new`](Initializer::fill_new): the shape's own errors, and the
/// initializer's.
///
/// # Example
/// ```
/// use ndarray::ArrayD;
/// use nninit::{Initializer, Orthogonal, Shape};
///
/// let shape = Shape::from_torch(&[64, 32]);
/// let w: ArrayD<f32> = nninit::ndarray::array(&Orthogonal::default(), &shape, 3)?;
/// let flat: Vec<f32> = Orthogonal::default().fill_new(&shape, 3)?;
/// assert_eq!(w.as_slice(), Some(&flat[..]));
/// // `::<f32, _>` names the element type where nothing else does.
/// assert_eq!(nninit::ndarray::array::<f32, _>(&Orthogonal::default(), &shape, 3)?, w);
/// # Ok::<(), nninit::InitError>(())
/// ```
pub fn array<T, I>(init: &I, shape: &Shape, key: u64) -> Result<ArrayD<T>, InitError>
where
    T: Real,
    I: Initializer<T> + ?Sized,
{
    let values = init.fill_new(shape, key)?;
    let len = values.len();
    ArrayD::from_shape_vec(IxDyn(shape.dims()), values).map_err(|_| InitError::LengthMismatch {
        len,
        expected: shape.len(),
        shape: shape.to_string(),
    })
}

/// Fills `array`, whose dimensions must be `shape`'s, with the values of `init`
/// under `key`: at every index, the value at that row-major index of
/// [`fill_keyed`](Initializer::fill_keyed), whatever the array's memory layout.
///
/// A standard-layout array (`as_slice_mut` is `Some`) is filled in place; any
/// other (Fortran order, a transposed or strided view) is filled from a new
/// buffer of the values in row-major order, which costs one tensor of memory.
///
/// # Errors
/// [`InitError::DimsMismatch`] when `array.shape() != shape.dims()`, the shape's
/// own errors, and the initializer's. Nothing is written on error.
///
/// # Example
/// ```
/// use ndarray::{Array2, Axis};
/// use nninit::{HeUniform, Initializer, InitError, Shape};
///
/// let shape = Shape::dense(3, 4);
/// let mut whole = Array2::<f32>::zeros((3, 4));
/// nninit::ndarray::fill_array(&HeUniform, &mut whole, &shape, 5)?;
///
/// // The transpose of a [4, 3] array is a [3, 4] view in column-major order: it
/// // gets the same values at the same indices.
/// let mut backing = Array2::<f32>::zeros((4, 3));
/// nninit::ndarray::fill_array(&HeUniform, &mut backing.view_mut().reversed_axes(), &shape, 5)?;
/// assert_eq!(backing.t(), whole);
///
/// let mut wrong = Array2::<f32>::zeros((4, 3));
/// let err = nninit::ndarray::fill_array(&HeUniform, &mut wrong, &shape, 5);
/// assert!(matches!(err, Err(InitError::DimsMismatch { .. })));
/// assert!(wrong.iter().all(|&x| x == 0.0));
/// # Ok::<(), nninit::InitError>(())
/// ```
pub fn fill_array<T, I, S, D>(
    init: &I,
    array: &mut ArrayBase<S, D>,
    shape: &Shape,
    key: u64,
) -> Result<(), InitError>
where
    T: Real,
    I: Initializer<T> + ?Sized,
    S: DataMut<Elem = T>,
    D: Dimension,
{
    shape.try_len()?;
    if array.shape() != shape.dims() {
        return Err(InitError::DimsMismatch {
            array: array.shape().to_vec(),
            dims: shape.dims().to_vec(),
            shape: shape.to_string(),
        });
    }
    if let Some(slice) = array.as_slice_mut() {
        return init.fill_keyed(slice, shape, key);
    }
    let values = init.fill_new(shape, key)?;
    for (dst, src) in array.iter_mut().zip(values) {
        *dst = src;
    }
    Ok(())
}
