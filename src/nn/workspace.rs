//! `Workspace`: the buffers of one batch, allocated once and reused by every step;
//! and `zeros` and `reserve`, through which every buffer sized by a user's number
//! is allocated: the size is checked first, and the memory requested fallibly, so
//! that too large a size is an [`NnError::OutOfMemory`], not a panic or an abort.

use crate::Real;

use super::NnError;
use super::dense::Layer;

/// An empty vector with room for `len` elements of `T`.
///
/// # Errors
/// [`NnError::OutOfMemory`] when `len · size_of::<T>()` exceeds `isize::MAX`
/// (checked before anything is allocated) or the allocator refuses the memory.
pub(crate) fn reserve<T>(len: usize, what: &'static str) -> Result<Vec<T>, NnError> {
    let each = size_of::<T>();
    let too_large = || NnError::OutOfMemory {
        what,
        bytes: len as u128 * each as u128,
    };
    let fits = len
        .checked_mul(each)
        .is_some_and(|bytes| isize::try_from(bytes).is_ok());
    if !fits {
        return Err(too_large());
    }
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| too_large())?;
    Ok(v)
}

/// A vector of `len` zeros.
///
/// # Errors
/// As [`reserve`].
pub(crate) fn zeros<T: Real>(len: usize, what: &'static str) -> Result<Vec<T>, NnError> {
    let mut v = reserve(len, what)?;
    v.resize(len, T::zero());
    Ok(v)
}

/// `rows · width` elements, or [`NnError::OutOfMemory`] with the bytes they would
/// take when the product overflows `usize`.
pub(crate) fn product<T>(rows: usize, width: usize, what: &'static str) -> Result<usize, NnError> {
    rows.checked_mul(width).ok_or(NnError::OutOfMemory {
        what,
        bytes: rows as u128 * width as u128 * size_of::<T>() as u128,
    })
}

/// Buffers for one batch, allocated once and reused by every step.
#[derive(Clone, Debug, Default)]
pub(crate) struct Workspace<T> {
    /// The rows every buffer has room for.
    pub(crate) rows: usize,
    /// The units of each layer the buffers were made for.
    pub(crate) widths: Vec<usize>,
    /// The batch's inputs, `rows × input`.
    pub(crate) x: Vec<T>,
    /// The batch's dense targets, `rows × outputs`.
    pub(crate) y: Vec<T>,
    /// Each layer's pre-activations `z = x·W + b`.
    pub(crate) z: Vec<Vec<T>>,
    /// Each layer's activations `a = f(z)`.
    pub(crate) a: Vec<Vec<T>>,
    /// Each layer's deltas `∂loss/∂z`.
    pub(crate) d: Vec<Vec<T>>,
    /// Each layer's kernel gradient.
    pub(crate) gw: Vec<Vec<T>>,
    /// Each layer's bias gradient.
    pub(crate) gb: Vec<Vec<T>>,
}

impl<T: Real> Workspace<T> {
    /// Makes room for `rows` rows of the model's layers. Nothing is allocated
    /// when there is room already, so a training step allocates nothing.
    ///
    /// # Errors
    /// [`NnError::OutOfMemory`], with the workspace left empty (the next call
    /// allocates it afresh).
    pub(crate) fn ensure(
        &mut self,
        input: usize,
        layers: &[Layer<T>],
        rows: usize,
    ) -> Result<(), NnError> {
        let same = self.widths.len() == layers.len()
            && self.widths.iter().zip(layers).all(|(&w, l)| w == l.units);
        if same && self.rows >= rows && self.x.len() >= rows.saturating_mul(input) {
            return Ok(());
        }
        let rows = rows.max(self.rows);
        // The old buffers go first, so that the old and the new never coexist.
        *self = Workspace::default();
        let widths: Vec<usize> = layers.iter().map(|l| l.units).collect();
        let out = widths.last().copied().unwrap_or(0);
        let batch = |width: usize, what| zeros(product::<T>(rows, width, what)?, what);
        let per_layer = |what| -> Result<Vec<Vec<T>>, NnError> {
            widths.iter().map(|&w| batch(w, what)).collect()
        };
        let x = batch(input, "the batch's inputs")?;
        let y = batch(out, "the batch's targets")?;
        let z = per_layer("the batch's pre-activations")?;
        let a = per_layer("the batch's activations")?;
        let d = per_layer("the batch's deltas")?;
        let gw = layers
            .iter()
            .map(|l| zeros(l.kernel.len(), "the kernel gradients"))
            .collect::<Result<_, _>>()?;
        let gb = layers
            .iter()
            .map(|l| zeros(l.bias.len(), "the bias gradients"))
            .collect::<Result<_, _>>()?;
        *self = Workspace {
            rows,
            widths,
            x,
            y,
            z,
            a,
            d,
            gw,
            gb,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests;
