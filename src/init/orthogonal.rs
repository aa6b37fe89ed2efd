//! `Orthogonal` and `DeltaOrthogonal`: Haar-distributed orthogonal matrices.

use super::structured::{delta_index, delta_layout, gain_in};
use core::any::TypeId;

use super::plan::Plan;
use super::{Initializer, check_shard, gain_only, positive, qr};
use crate::{InitError, Layout, Real, Shape};

/// Rows and columns of the matrix a shape is flattened to: PyTorch keeps `dims[0]`
/// as the rows, Keras and JAX keep the last dimension as the columns.
pub(super) fn flatten(
    shape: &Shape,
    initializer: &'static str,
) -> Result<(usize, usize), InitError> {
    let dims = shape.dims();
    if shape.rank() < 2 {
        return Err(InitError::UnsupportedShape {
            initializer,
            shape: shape.to_string(),
            needed: "rank 2 or more",
        });
    }
    let total = shape.try_len()?;
    Ok(if shape.layout() == Layout::Keras {
        let cols = dims[dims.len() - 1];
        (total.checked_div(cols).unwrap_or(0), cols)
    } else {
        let rows = dims[0];
        (rows, total.checked_div(rows).unwrap_or(0))
    })
}

/// A `rows × cols` matrix with orthonormal rows or columns, in the precision it
/// was computed in.
pub(crate) enum Haar {
    /// From the `f32` path.
    F32(Vec<f32>),
    /// From the `f64` path.
    F64(Vec<f64>),
}

impl Haar {
    /// Element `i`, row-major.
    pub(crate) fn get(&self, i: usize) -> f64 {
        match self {
            Haar::F32(v) => v.get(i).map_or(f64::NAN, |&x| f64::from(x)),
            Haar::F64(v) => v.get(i).copied().unwrap_or(f64::NAN),
        }
    }
}

/// A `rows × cols` matrix, row-major, with orthonormal rows or columns (whichever
/// are fewer), drawn under `key` for element type `T`: the Q factor of a
/// standard-normal matrix with R's diagonal made positive.
///
/// The normal matrix is `max × min` (`max = max(rows, cols)`), filled row by row
/// from the keyed normal stream in `T` (element `(i, j)` is the stream's element
/// `i·min + j`); the result is its Q, or Q's transpose when `rows < cols`, from
/// the blocked Householder QR in `T`.
#[allow(clippy::many_single_char_names)] // m, n, z, q as in the text
pub(crate) fn haar<T: Real>(rows: usize, cols: usize, key: u64) -> Result<Haar, InitError> {
    let (m, n) = (rows.max(cols), rows.min(cols));
    let len = m.checked_mul(n).ok_or_else(|| InitError::ShapeOverflow {
        shape: format!("[{rows}, {cols}]"),
    })?;
    let normal = Plan::Normal {
        mean: 0.0,
        std: 1.0,
    };
    let transpose = rows < cols;
    if TypeId::of::<T::Native>() == TypeId::of::<f32>() {
        let mut z = vec![0.0f32; len];
        normal.dist::<f32>()?.fill(&mut z, key, 0);
        return Ok(Haar::F32(qr::orthonormal_q(z, m, n, transpose)));
    }
    let mut z = vec![0.0f64; len];
    normal.dist::<f64>()?.fill(&mut z, key, 0);
    Ok(Haar::F64(qr::orthonormal_q(z, m, n, transpose)))
}

/// A (semi-)orthogonal matrix times a gain, Haar-distributed: the Q factor of the QR
/// decomposition of a standard-normal matrix, with R's diagonal made positive.
///
/// Matches PyTorch `nn.init.orthogonal_(tensor, gain=1)`, Keras
/// `Orthogonal(gain=1.0)` and JAX `orthogonal(scale=1.0)`. A shape of rank > 2 is
/// flattened to a matrix as its framework does, which the shape's
/// [`Layout`] selects:
/// - PyTorch ([`Layout::Torch`]): `dims[0]` rows, the rest flattened into columns;
/// - Keras and JAX ([`Layout::Keras`]): the leading dimensions flattened into rows,
///   the last one the columns.
///
/// With `rows ≥ cols` the columns are orthonormal (`WᵀW = gain²·I`), otherwise the
/// rows are (`WWᵀ = gain²·I`).
///
/// # Method and reproducibility
/// The `max(rows, cols) × min(rows, cols)` normal matrix is drawn from the keyed
/// normal stream of the element type, row by row. Its Q factor, with R's diagonal
/// made positive (a zero diagonal entry, which has probability zero, counts as
/// positive), is computed in the element type by nninit's blocked Householder QR:
/// LAPACK's `geqrf` and `orgqr` method (panels factored recursively, compact WY
/// block reflectors, the trailing updates and the forming of Q in matrix
/// products). Q is a product of Householder reflectors, so it is orthonormal to
/// rounding for any input: about `1e-15` in `f64`, a few `1e-7` in `f32`, for
/// columns of any length. This is the method of PyTorch's `orthogonal_` (QR by
/// LAPACK, then the signs of R's diagonal), which Saxe et al. (2014) proposed.
///
/// The `f32` and `f64` fills of one key are different matrices, each
/// Haar-distributed.
///
/// The same key gives the same bits on every platform, SIMD path and number of
/// threads: the QR runs on the calling thread in plain IEEE arithmetic, every sum
/// in an order the algorithm fixes, with no fused multiply-add, and vectorises
/// only across independent output elements.
///
/// [`Orthogonal::fill_checked`] returns `max |WᵀW − gain²·I|`, and
/// [`orthogonality_error`] computes it for any buffer.
///
/// # Example
/// ```
/// use nninit::{Initializer, Orthogonal, Shape};
///
/// let shape = Shape::from_torch(&[64, 32, 3, 3]);
/// let mut w = vec![0.0f64; shape.len()];
/// let err = Orthogonal::new(2.0)?.fill_checked(&mut w, &shape, 7)?;
/// assert!(err < 1e-12);
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`Orthogonal::new`] rejects a gain that is not positive and finite; a fill
/// rejects a shape of rank below 2 ([`InitError::UnsupportedShape`]).
///
/// # References
/// A. Saxe, J. McClelland, S. Ganguli, "Exact solutions to the nonlinear dynamics of
/// learning in deep linear neural networks", ICLR 2014,
/// <https://arxiv.org/abs/1312.6120>; F. Mezzadri, "How to generate random
/// matrices from the classical compact groups", Notices of the AMS 54(5), 2007;
/// R. Schreiber, C. Van Loan, "A storage-efficient WY representation for products
/// of Householder transformations", SIAM J. Sci. Stat. Comput. 10(1), 1989.
/// PyTorch `torch.nn.init.orthogonal_` (`torch/nn/init.py`),
/// <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.orthogonal_>;
/// Keras `keras.initializers.Orthogonal`,
/// <https://keras.io/api/layers/initializers/#orthogonal-class>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "orthogonal_")]
#[doc(alias = "orthogonal")]
pub struct Orthogonal {
    gain: f64,
}

gain_only!(
    Orthogonal,
    positive,
    "Gain 1, as in PyTorch, Keras and JAX.",
    /// An orthogonal initializer with `gain` (JAX's `scale`).
    ///
    /// # Errors
    /// [`InitError::NonPositive`] when `!(gain > 0)`, [`InitError::NonFinite`]
    /// when it is infinite.
    ///
    /// ```
    /// assert!(nninit::Orthogonal::new(-1.0).is_err());
    /// ```
);

impl Orthogonal {
    /// Fills the whole tensor under `key`, as
    /// [`fill_keyed`](Initializer::fill_keyed), and returns its orthogonality error
    /// `max |WᵀW − gain²·I|` (over the smaller Gram matrix) as computed by
    /// [`orthogonality_error`].
    ///
    /// # Errors
    /// As [`fill_keyed`](Initializer::fill_keyed).
    ///
    /// ```
    /// use nninit::{Orthogonal, Shape};
    /// let shape = Shape::dense(100, 50);
    /// let mut w = vec![0.0f32; shape.len()];
    /// assert!(Orthogonal::default().fill_checked(&mut w, &shape, 1)? < 1e-5);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn fill_checked<T: Real>(
        &self,
        buf: &mut [T],
        shape: &Shape,
        key: u64,
    ) -> Result<f64, InitError> {
        self.fill_keyed(buf, shape, key)?;
        orthogonality_error(buf, shape, self.gain)
    }
}

impl<T: Real> Initializer<T> for Orthogonal {
    fn fill_at(
        &self,
        out: &mut [T],
        shape: &Shape,
        key: u64,
        offset: usize,
    ) -> Result<(), InitError> {
        let total = check_shard(out.len(), shape, offset)?;
        let (rows, cols) = flatten(shape, "orthogonal")?;
        gain_in::<T>(self.gain)?;
        if total == 0 || out.is_empty() {
            return Ok(());
        }
        let w = haar::<T>(rows, cols, key)?;
        for (k, o) in out.iter_mut().enumerate() {
            *o = T::from_f64(self.gain * w.get(offset + k));
        }
        Ok(())
    }
}

/// `max |WᵀW − gain²·I|` for a buffer `w` holding a tensor of `shape`, flattened as
/// [`Orthogonal`] flattens it, over the smaller of the Gram matrices `WᵀW` and
/// `WWᵀ`; computed in `f64`.
///
/// # Errors
/// [`InitError::LengthMismatch`] when `w.len() != shape.len()`, and
/// [`InitError::UnsupportedShape`] for a rank below 2.
///
/// # Example
/// ```
/// use nninit::{orthogonality_error, Shape};
/// let shape = Shape::dense(2, 2);
/// assert_eq!(orthogonality_error(&[0.0f64, 3.0, 3.0, 0.0], &shape, 3.0)?, 0.0);
/// assert_eq!(orthogonality_error(&[1.0f32, 1.0, 0.0, 1.0], &shape, 1.0)?, 1.0);
/// # Ok::<(), nninit::InitError>(())
/// ```
pub fn orthogonality_error<T: Real>(w: &[T], shape: &Shape, gain: f64) -> Result<f64, InitError> {
    let expected = shape.try_len()?;
    if w.len() != expected {
        return Err(InitError::LengthMismatch {
            len: w.len(),
            expected,
            shape: shape.to_string(),
        });
    }
    let (rows, cols) = flatten(shape, "orthogonality_error")?;
    let w: Vec<f64> = w.iter().map(|x| x.to_f64().unwrap_or(f64::NAN)).collect();
    Ok(qr::gram_error(&w, rows, cols, gain * gain))
}

/// The delta-orthogonal kernel of a convolution: an orthogonal `in × out` matrix
/// (orthonormal rows, times a gain) at the kernel's centre tap, zeros at every
/// other tap.
///
/// Matches JAX `jax.nn.initializers.delta_orthogonal(scale=1.0)` on a weight in
/// Keras and JAX layout `[k..., in, out]`: `W[c..., i, o] = gain·M[i, o]`, the
/// centre of a side `k` being `(k − 1)/2` rounded down (JAX's rule; PyTorch's
/// [`Dirac`](crate::Dirac) uses `k/2`, which differs for even `k`). A weight in
/// PyTorch layout `[out, in, k...]` gets the same kernel, transposed into that
/// layout. The matrix `M` is [`Orthogonal`]'s for the shape `[in, out]` and key:
/// the Q factor of a normal matrix from nninit's blocked Householder QR, R's
/// diagonal made positive, the same bits on every platform, SIMD path and number
/// of threads (see [`Orthogonal`] for the method).
///
/// A convolution initialised so preserves the norm of its input at the centre,
/// which lets very deep plain CNNs train (Xiao et al. 2018).
///
/// # Example
/// ```
/// use nninit::{DeltaOrthogonal, Initializer, Shape};
///
/// let shape = Shape::from_keras(&[3, 3, 4, 8]);
/// let mut w = vec![0.0f64; shape.len()];
/// DeltaOrthogonal::default().fill_keyed(&mut w, &shape, 2)?;
/// let centre = &w[4 * 32..5 * 32]; // tap (1, 1)
/// let sum_sq: f64 = centre.iter().map(|x| x * x).sum();
/// assert!((sum_sq - 4.0).abs() < 1e-12); // four orthonormal rows
/// assert_eq!(w.iter().filter(|&&x| x != 0.0).count(), 32);
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`DeltaOrthogonal::new`] rejects a gain that is not positive and finite; a fill
/// rejects a rank other than 3 to 5 ([`InitError::UnsupportedShape`]) and more
/// input than output channels ([`InitError::MoreInputsThanOutputs`]).
///
/// # References
/// L. Xiao, Y. Bahri, J. Sohl-Dickstein, S. Schoenholz, J. Pennington, "Dynamical
/// Isometry and a Mean Field Theory of CNNs", ICML 2018;
/// <https://docs.jax.dev/en/latest/_autosummary/jax.nn.initializers.delta_orthogonal.html>.
/// The orthogonal matrix: A. Saxe, J. McClelland, S. Ganguli, ICLR 2014,
/// <https://arxiv.org/abs/1312.6120>, as PyTorch `torch.nn.init.orthogonal_`
/// (`torch/nn/init.py`) and Keras `keras.initializers.Orthogonal` draw it.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "delta_orthogonal")]
pub struct DeltaOrthogonal {
    gain: f64,
}

gain_only!(
    DeltaOrthogonal,
    positive,
    "Scale 1, as in JAX.",
    /// A delta-orthogonal initializer with `gain` (JAX's `scale`).
    ///
    /// # Errors
    /// [`InitError::NonPositive`] when `!(gain > 0)`, [`InitError::NonFinite`]
    /// when it is infinite.
    ///
    /// ```
    /// assert!(nninit::DeltaOrthogonal::new(0.0).is_err());
    /// ```
);

impl<T: Real> Initializer<T> for DeltaOrthogonal {
    fn fill_at(
        &self,
        out: &mut [T],
        shape: &Shape,
        key: u64,
        offset: usize,
    ) -> Result<(), InitError> {
        let total = check_shard(out.len(), shape, offset)?;
        let layout = delta_layout(shape)?;
        gain_in::<T>(self.gain)?;
        out.fill(T::zero());
        if total == 0 || out.is_empty() {
            return Ok(());
        }
        let (outs, ins, _, _) = layout;
        let m = haar::<T>(ins, outs, key)?;
        let end = offset + out.len();
        for i in 0..ins {
            for o in 0..outs {
                let at = delta_index(shape, layout, o, i);
                if (offset..end).contains(&at) {
                    out[at - offset] = T::from_f64(self.gain * m.get(i * outs + o));
                }
            }
        }
        Ok(())
    }
}
