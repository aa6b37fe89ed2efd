//! `Identity`, `Dirac` and `Sparse`: initializers that fill a tensor as a whole,
//! by its structure rather than element by element.

use super::plan::Plan;
use super::torch::positive_normal;
use super::{Initializer, check_shard, gain_only, positive};
use crate::error::try_with_capacity;
use crate::rng::stream::bounded;
use crate::rng::{Lanes, mix64};
use crate::{InitError, Layout, Real, Shape};

/// Converts `gain` (positive) to `T`, or reports that it overflows `T` or
/// underflows to 0 there (which would fill zeros where the gain belongs).
pub(crate) fn gain_in<T: Real>(gain: f64) -> Result<T, InitError> {
    let g = T::from_f64(gain);
    if g.is_finite() && g != T::zero() {
        Ok(g)
    } else {
        Err(InitError::NotRepresentable {
            name: "gain",
            value: gain,
            ty: T::NAME,
        })
    }
}

/// The identity matrix times a gain: `W[i][j] = gain` if `i = j`, else 0, on a
/// rank-2 shape (a rectangle gets ones on its main diagonal).
///
/// Matches Keras `Identity(gain=1.0)` (`"identity"`) and PyTorch
/// `nn.init.eye_(tensor)` (which has no gain: use the default, 1). JAX has no
/// identity initializer.
///
/// A square identity kernel passes its input through unchanged, which is the point
/// of it (in residual and recurrent layers). Its units are distinct without any
/// randomness, because each one reads a different input.
///
/// # Example
/// ```
/// use nninit::{Identity, Initializer, Shape};
///
/// let shape = Shape::dense(2, 3);
/// let mut w = vec![9.0f32; shape.len()];
/// Identity::new(0.5)?.fill_keyed(&mut w, &shape, 0)?;
/// assert_eq!(w, [0.5, 0.0, 0.0, 0.0, 0.5, 0.0]);
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`Identity::new`] rejects a gain that is not a positive, finite, normal float; a
/// fill rejects a shape whose rank is not 2 ([`InitError::UnsupportedShape`]) and a
/// gain that is 0 or infinite in the element type ([`InitError::NotRepresentable`]).
///
/// # References
/// Keras: <https://keras.io/api/layers/initializers/#identity-class>;
/// PyTorch: <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.eye_>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "eye_")]
#[doc(alias = "eye")]
#[doc(alias = "identity")]
pub struct Identity {
    gain: f64,
}

gain_only!(
    Identity,
    positive_normal,
    "Gain 1, as in Keras and PyTorch.",
    /// The identity times `gain`.
    ///
    /// # Errors
    /// [`InitError::NonPositive`] when `!(gain > 0)`, [`InitError::NonFinite`]
    /// when it is infinite, [`InitError::OutOfRange`] when it is subnormal.
    ///
    /// ```
    /// assert!(nninit::Identity::new(f64::NAN).is_err());
    /// assert!(nninit::Identity::new(1e-320).is_err());
    /// ```
);

/// The `[rows, cols]` of a rank-2 weight, or the error that names what is needed.
pub(crate) fn matrix_dims(
    shape: &Shape,
    initializer: &'static str,
) -> Result<[usize; 2], InitError> {
    match *shape.dims() {
        [rows, cols] => Ok([rows, cols]),
        _ => Err(InitError::UnsupportedShape {
            initializer,
            shape: shape.to_string(),
            needed: "rank 2 (a dense kernel)",
        }),
    }
}

impl<T: Real> Initializer<T> for Identity {
    fn fill_at(
        &self,
        out: &mut [T],
        shape: &Shape,
        _key: u64,
        offset: usize,
    ) -> Result<(), InitError> {
        let total = check_shard(out.len(), shape, offset)?;
        let [rows, cols] = matrix_dims(shape, "identity")?;
        let g = gain_in::<T>(self.gain)?;
        out.fill(T::zero());
        if total == 0 || out.is_empty() {
            return Ok(());
        }
        // Only the diagonal entries `(r, r)` of the rows this shard touches are set;
        // `r·cols + r < rows·cols = total`, so the index cannot overflow.
        let end = offset + out.len();
        for r in offset / cols..rows.min(cols).min((end - 1) / cols + 1) {
            let at = r * cols + r;
            if (offset..end).contains(&at) {
                out[at - offset] = g;
            }
        }
        Ok(())
    }
}

/// The row-major index of the centre of `spatial`, each side's centre given by
/// `centre(side)`.
///
/// Wrapping arithmetic: the index is only used when the tensor is non-empty, and
/// then it lies inside it; for an empty tensor whose other sides are huge it must
/// not overflow.
fn centre_index(spatial: &[usize], centre: impl Fn(usize) -> usize) -> usize {
    spatial.iter().fold(0usize, |acc, &k| {
        acc.wrapping_mul(k).wrapping_add(centre(k))
    })
}

/// Output channels, input channels and the kernel's sides of a convolution weight
/// of rank 3 to 5 in PyTorch (`[out, in, k...]`) or Keras (`[k..., in, out]`)
/// layout.
fn conv_dims<'a>(
    shape: &'a Shape,
    initializer: &'static str,
) -> Result<(usize, usize, &'a [usize]), InitError> {
    let dims = shape.dims();
    let unsupported = |needed| InitError::UnsupportedShape {
        initializer,
        shape: shape.to_string(),
        needed,
    };
    if !(3..=5).contains(&shape.rank()) {
        return Err(unsupported(
            "rank 3, 4 or 5 (a convolution weight with 1, 2 or 3 spatial dimensions)",
        ));
    }
    match shape.layout() {
        Layout::Torch => Ok((dims[0], dims[1], &dims[2..])),
        Layout::Keras => {
            let r = dims.len();
            Ok((dims[r - 1], dims[r - 2], &dims[..r - 2]))
        }
        _ => Err(unsupported(
            "a convolution weight in PyTorch layout [out, in, k...] or Keras layout \
             [k..., in, out]; a transposed-convolution weight is not supported",
        )),
    }
}

/// The flat index of tap `centre` of the channel pair `(o, i)` in a convolution
/// weight with `outs` output and `ins` input channels and `taps` taps per pair.
fn conv_index(
    layout: Layout,
    outs: usize,
    ins: usize,
    taps: usize,
    o: usize,
    i: usize,
    centre: usize,
) -> usize {
    match layout {
        Layout::Keras => (centre * ins + i) * outs + o,
        _ => (o * ins + i) * taps + centre,
    }
}

/// The Dirac delta for convolutions: a kernel that passes each of the first
/// `min(out/groups, in/groups)` input channels of a group through to one output
/// channel, with a 1 at the kernel's centre tap and 0 everywhere else (`in/groups`
/// is the weight's second PyTorch axis).
///
/// Matches PyTorch `nn.init.dirac_(tensor, groups=1)`: for group `g` and
/// `d < min(out/groups, in/groups)`, `W[g·out/groups + d, d, k₁/2, …] = 1`, the
/// centre of a side `k` being `k / 2` (rounded down: `k = 4` gives 2, unlike JAX's
/// [`DeltaOrthogonal`](crate::DeltaOrthogonal), which uses `(k − 1)/2`). A weight in
/// Keras layout `[k..., in, out]` gets the same kernel, transposed into that layout.
///
/// Output channels `g·out/groups + d` with `d ≥ in/groups` (when a group has more
/// outputs than inputs) are left all zero: such a layer starts with dead units.
///
/// # Example
/// ```
/// use nninit::{Dirac, Initializer, Shape};
///
/// let shape = Shape::from_torch(&[2, 2, 3]);
/// let mut w = vec![5.0f64; shape.len()];
/// Dirac::default().fill_keyed(&mut w, &shape, 0)?;
/// assert_eq!(w, [0.0, 1.0, 0.0,  0.0, 0.0, 0.0,    0.0, 0.0, 0.0,  0.0, 1.0, 0.0]);
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`Dirac::new`] rejects `groups == 0`; a fill rejects a rank other than 3 to 5 or
/// a transposed layout ([`InitError::UnsupportedShape`]) and output channels that
/// are not a multiple of `groups` ([`InitError::GroupsMismatch`]).
///
/// # References
/// PyTorch: <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.dirac_>.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[doc(alias = "dirac_")]
#[doc(alias = "dirac")]
pub struct Dirac {
    groups: usize,
}

impl Default for Dirac {
    /// One group, as in PyTorch.
    fn default() -> Self {
        Dirac { groups: 1 }
    }
}

impl Dirac {
    /// A Dirac kernel for a convolution with `groups` groups.
    ///
    /// # Errors
    /// [`InitError::OutOfRange`] when `groups == 0`.
    ///
    /// ```
    /// assert!(nninit::Dirac::new(0).is_err());
    /// assert_eq!(nninit::Dirac::new(2)?.groups(), 2);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn new(groups: usize) -> Result<Self, InitError> {
        if groups == 0 {
            return Err(InitError::OutOfRange {
                name: "groups",
                value: 0.0,
                allowed: "1, 2, 3, ... (the convolution's groups)",
            });
        }
        Ok(Dirac { groups })
    }

    /// The number of groups.
    ///
    /// ```
    /// assert_eq!(nninit::Dirac::default().groups(), 1);
    /// ```
    #[must_use]
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// Output channels, input channels and kernel sides of a convolution weight
    /// whose output channels split into the groups, or the error a fill gives.
    pub(crate) fn channels<'a>(
        &self,
        shape: &'a Shape,
    ) -> Result<(usize, usize, &'a [usize]), InitError> {
        let (outs, ins, spatial) = conv_dims(shape, "dirac")?;
        if !outs.is_multiple_of(self.groups) {
            return Err(InitError::GroupsMismatch {
                initializer: "dirac",
                shape: shape.to_string(),
                groups: self.groups,
                channels: outs,
            });
        }
        Ok((outs, ins, spatial))
    }
}

impl<T: Real> Initializer<T> for Dirac {
    fn fill_at(
        &self,
        out: &mut [T],
        shape: &Shape,
        _key: u64,
        offset: usize,
    ) -> Result<(), InitError> {
        let total = check_shard(out.len(), shape, offset)?;
        let (outs, ins, spatial) = self.channels(shape)?;
        out.fill(T::zero());
        if total == 0 {
            return Ok(());
        }
        let taps = total / (outs * ins);
        let centre = centre_index(spatial, |k| k / 2);
        // Output channel `g·per_group + d` reads input `d`, for `d < pairs`. Only
        // the rows or channels the shard meets are visited, so a shard costs in
        // proportion to itself, not to the tensor.
        let per_group = outs / self.groups;
        let pairs = per_group.min(ins);
        let end = offset + out.len();
        if out.is_empty() {
            return Ok(());
        }
        if shape.layout() == Layout::Keras {
            // Row `r` of the `[taps·ins][outs]` matrix is tap `r / ins`, input
            // `r % ins`; the ones of the centre tap's row `d` are at `g·per_group + d`.
            let first_row = centre * ins;
            for r in offset / outs..=(end - 1) / outs {
                let Some(d) = r.checked_sub(first_row).filter(|&d| d < pairs) else {
                    continue;
                };
                let row = r * outs;
                let (lo, hi) = (offset.max(row) - row, (end - row).min(outs));
                for g in lo.saturating_sub(d).div_ceil(per_group)..self.groups {
                    let o = g * per_group + d;
                    if o >= hi {
                        break;
                    }
                    out[row + o - offset] = T::one();
                }
            }
        } else {
            // Output channel `o` holds `ins·taps` elements; its one is at input
            // `o % per_group`, tap `centre`.
            let block = ins * taps;
            for o in offset / block..=(end - 1) / block {
                let d = o % per_group;
                if d < pairs {
                    let at = conv_index(shape.layout(), outs, ins, taps, o, d, centre);
                    if (offset..end).contains(&at) {
                        out[at - offset] = T::one();
                    }
                }
            }
        }
        Ok(())
    }
}

/// The delta-orthogonal tap's flat index, for [`DeltaOrthogonal`](crate::DeltaOrthogonal).
pub(crate) fn delta_layout(shape: &Shape) -> Result<(usize, usize, usize, usize), InitError> {
    let (outs, ins, spatial) = conv_dims(shape, "delta_orthogonal")?;
    if ins > outs {
        return Err(InitError::MoreInputsThanOutputs {
            shape: shape.to_string(),
            in_channels: ins,
            out_channels: outs,
        });
    }
    // Wrapping, as in `centre_index`: only used for a non-empty tensor.
    let taps = spatial.iter().fold(1usize, |acc, &k| acc.wrapping_mul(k));
    Ok((
        outs,
        ins,
        taps,
        centre_index(spatial, |k| k.saturating_sub(1) / 2),
    ))
}

/// The flat index of `(o, i)` at tap `centre`, in the layout of `shape`.
pub(crate) fn delta_index(
    shape: &Shape,
    (outs, ins, taps, centre): (usize, usize, usize, usize),
    o: usize,
    i: usize,
) -> usize {
    conv_index(shape.layout(), outs, ins, taps, o, i, centre)
}

/// A sparse kernel: for every input, a fixed fraction of the units get weight 0,
/// the rest `N(0, std²)`.
///
/// Matches PyTorch `nn.init.sparse_(tensor, sparsity, std=0.01)` on a rank-2 weight
/// `[out, in]`: in every column, exactly `⌈sparsity·out⌉` of the `out` elements are
/// 0, at positions drawn without replacement from the keyed stream, and the others
/// are `N(0, std²)`. A dense kernel in Keras layout `[in, out]` gets the same
/// treatment along its unit axis: `⌈sparsity·out⌉` zeros in every row. (PyTorch
/// draws the positions from its global generator even when given one; here they
/// follow the key like every other value.)
///
/// The count is computed as PyTorch does, `⌈sparsity·out⌉` in `f64` (so
/// `0.1·3 = 0.30000000000000004` gives 1).
///
/// # Example
/// ```
/// use nninit::{Initializer, Shape, Sparse};
///
/// let shape = Shape::from_torch(&[10, 4]);
/// let mut w = vec![0.0f32; shape.len()];
/// Sparse::new(0.3, 0.01)?.fill_keyed(&mut w, &shape, 8)?;
/// for col in 0..4 {
///     let zeros = (0..10).filter(|&row| w[row * 4 + col] == 0.0).count();
///     assert_eq!(zeros, 3);
/// }
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// [`Sparse::new`] rejects a sparsity outside `[0, 1]` and a std that is not
/// positive and finite; a fill rejects a shape whose rank is not 2.
///
/// # References
/// J. Martens, "Deep learning via Hessian-free optimization", ICML 2010;
/// <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.sparse_>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[doc(alias = "sparse_")]
pub struct Sparse {
    sparsity: f64,
    std: f64,
}

impl Default for Sparse {
    /// Sparsity 0.1 (PyTorch's documented example; PyTorch has no default) and
    /// PyTorch's std 0.01.
    fn default() -> Self {
        Sparse {
            sparsity: 0.1,
            std: 0.01,
        }
    }
}

/// Mixed into the key for the positions of [`Sparse`]'s zeros, so that they do
/// not reuse the values' stream.
const SPARSE_SALT: u64 = 0x5350_4152_5345_5f5a;

impl Sparse {
    /// `⌈sparsity·units⌉` zeros per input, the rest `N(0, std²)`.
    ///
    /// # Errors
    /// [`InitError::OutOfRange`] when `sparsity` is not in `[0, 1]` (or is NaN);
    /// [`InitError::NonPositive`] or [`InitError::NonFinite`] for a bad `std`.
    ///
    /// ```
    /// assert!(nninit::Sparse::new(1.5, 0.01).is_err());
    /// assert!(nninit::Sparse::new(0.5, 0.0).is_err());
    /// ```
    pub fn new(sparsity: f64, std: f64) -> Result<Self, InitError> {
        if !(0.0..=1.0).contains(&sparsity) {
            return Err(InitError::OutOfRange {
                name: "sparsity",
                value: sparsity,
                allowed: "[0, 1]",
            });
        }
        Ok(Sparse {
            sparsity,
            std: positive(
                "std",
                std,
                "pass a positive standard deviation, such as 0.01",
            )?,
        })
    }

    /// The fraction of each input's weights that are zero.
    ///
    /// ```
    /// assert_eq!(nninit::Sparse::default().sparsity(), 0.1);
    /// ```
    #[must_use]
    pub fn sparsity(&self) -> f64 {
        self.sparsity
    }

    /// The standard deviation of the non-zero weights.
    ///
    /// ```
    /// assert_eq!(nninit::Sparse::default().std(), 0.01);
    /// ```
    #[must_use]
    pub fn std(&self) -> f64 {
        self.std
    }

    /// The number of zeros among `units` weights: `⌈sparsity·units⌉`.
    ///
    /// ```
    /// assert_eq!(nninit::Sparse::new(0.1, 0.01)?.zeros_per_input(3), 1);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )] // sparsity ∈ [0, 1], so the ceiling lies in [0, units]
    pub fn zeros_per_input(&self, units: usize) -> usize {
        ((self.sparsity * units as f64).ceil() as usize).min(units)
    }
}

/// The unit indices that are zero for input `line` under `key`: the first `zeros`
/// of a partial Fisher–Yates shuffle of `0..units`, written into `idx` (reused
/// from line to line, so a fill allocates once, not once per input).
fn zero_positions(
    key: u64,
    line: usize,
    units: usize,
    zeros: usize,
    idx: &mut Vec<usize>,
) -> &[usize] {
    let mut lanes = Lanes::for_chunk(mix64(key ^ SPARSE_SALT), line as u64);
    let mut block = [0u32; 8];
    let mut used = 8;
    let mut word = move || {
        if used == 8 {
            block = lanes.next_block();
            used = 0;
        }
        used += 1;
        block[used - 1]
    };
    let mut next = move || (u64::from(word()) << 32) | u64::from(word());
    idx.clear();
    idx.extend(0..units);
    for j in 0..zeros {
        #[allow(clippy::cast_possible_truncation)] // below units, a usize
        let r = j + bounded(&mut next, (units - j) as u64) as usize;
        idx.swap(j, r);
    }
    &idx[..zeros]
}

/// The units and the inputs (lines) of a rank-2 weight in PyTorch (`[out, in]`) or
/// Keras (`[in, out]`) layout, as [`Sparse`] reads them.
pub(crate) fn sparse_axes(shape: &Shape) -> Result<(usize, usize), InitError> {
    let [rows, cols] = matrix_dims(shape, "sparse")?;
    match shape.layout() {
        Layout::Keras => Ok((cols, rows)),
        Layout::Torch => Ok((rows, cols)),
        _ => Err(InitError::UnsupportedShape {
            initializer: "sparse",
            shape: shape.to_string(),
            needed: "PyTorch layout [out, in] or Keras layout [in, out]",
        }),
    }
}

impl<T: Real> Initializer<T> for Sparse {
    fn fill_at(
        &self,
        out: &mut [T],
        shape: &Shape,
        key: u64,
        offset: usize,
    ) -> Result<(), InitError> {
        let total = check_shard(out.len(), shape, offset)?;
        let (units, lines) = sparse_axes(shape)?;
        let normal = Plan::Normal {
            mean: 0.0,
            std: self.std,
        }
        .dist::<T>()?;
        if total == 0 || out.is_empty() {
            return Ok(());
        }
        let zeros = self.zeros_per_input(units);
        // The shuffle of one input's units, reserved before anything is written.
        let mut idx = if zeros == 0 {
            Vec::new()
        } else {
            try_with_capacity(units, "sparse's shuffle of one input's units", shape)?
        };
        normal.fill(out, key, offset);
        if zeros == 0 {
            return Ok(());
        }
        let end = offset + out.len();
        // Only the inputs whose weights the shard holds are shuffled: in Keras
        // layout one row each, consecutive; in PyTorch layout one column each, so
        // a shard of `len` elements meets `min(len, lines)` of them.
        let keras = shape.layout() == Layout::Keras;
        let touched: &mut dyn Iterator<Item = usize> = if keras {
            &mut (offset / units..=(end - 1) / units)
        } else {
            &mut (0..out.len().min(lines)).map(|i| (offset + i) % lines)
        };
        for line in touched {
            for &unit in zero_positions(key, line, units, zeros, &mut idx) {
                // Inside the tensor, so below `total`: no overflow.
                let at = if keras {
                    line * units + unit
                } else {
                    unit * lines + line
                };
                if (offset..end).contains(&at) {
                    out[at - offset] = T::zero();
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
