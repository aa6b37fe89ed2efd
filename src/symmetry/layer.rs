//! The layer check: [`SymmetryCheck`], [`symmetry_check`] and
//! [`symmetry_check_with_bias`].

use super::SymmetricInitError;
use super::partition::{
    Seg, as_f64, groups_from_labels, partition_exact, partition_tol, scan, units_near,
};
use crate::error::try_with_capacity;
use crate::{InitError, Layout, Real, Shape};

/// Options for the layer check: exact by default, or with a tolerance for weights
/// that were quantised or loaded from `f16`.
///
/// With tolerance `tol`, two units are *near-duplicates* when every pair of
/// corresponding weights (and biases, if given) satisfies `|x − y| ≤ tol`, computed
/// in `f64` (the maximum absolute difference, or L∞ distance, is at most `tol`).
/// Near-duplication is not transitive, so units are grouped by its connected
/// components: a chain of units, each within `tol` of the next, forms one group.
/// [`SymmetricInitError::ZeroKernel`] and [`SymmetricInitError::ConstantKernel`]
/// still mean exactly zero and exactly constant; a kernel that is only nearly
/// constant is reported as [`SymmetricInitError::DuplicateUnits`].
///
/// # Cost
/// The exact check reads the kernel once and sorts the units by a hash of their
/// first few weights; only units that share it are read in full, so a random
/// 4096×4096 kernel checks in less time than it takes to fill it (the crate's
/// `symmetry` benchmark measures both). The tolerant check reads the kernel twice, sorts the
/// units by the weight position whose values spread most, and compares (with early
/// exit) only units within `tol` of each other there: fast when `tol` is small
/// beside that spread, `O(units²)` comparisons at worst.
///
/// # Layouts
/// A unit is what [`Shape::unit_axis`] indexes: a column of a Keras or JAX dense
/// kernel `[in][out]`, a row of a PyTorch `Linear` weight `[out][in]`, an output
/// channel of a convolution (last axis in Keras layout, first in PyTorch's). For a
/// PyTorch transposed convolution `[in, out/groups, k…]` with `groups = g`, output
/// channel `c = j + (out/g)·h` is column `j` of group `h`'s rows, so the layer has
/// `out` units and unit indices are output channels. Units of different fused
/// blocks ([`Shape::fused`]) or transposed-convolution groups are never compared:
/// they see different inputs or play different roles. A PyTorch-layout `Shape`
/// does not know a convolution's `groups`: check each group's slice of a grouped
/// convolution on its own, since channels of different groups see different inputs.
///
/// # Example
/// ```
/// use nninit::{Shape, SymmetricInitError, SymmetryCheck};
///
/// // Two units that differ only by f16 rounding noise.
/// let kernel = [0.5f32, 0.50001, -0.25, -0.25002]; // [2][2]: units are columns
/// let shape = Shape::dense(2, 2);
/// assert!(SymmetryCheck::exact().check(&kernel, &shape).is_ok());
/// let tolerant = SymmetryCheck::with_tolerance(1e-3)?;
/// assert!(matches!(
///     tolerant.check(&kernel, &shape),
///     Err(SymmetricInitError::DuplicateUnits { first: 0, second: 1, distinct: 1, .. })
/// ));
/// # Ok::<(), nninit::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SymmetryCheck {
    tolerance: f64,
}

/// A kernel seen as independent sub-layers of `n` units each.
struct LayerPlan {
    outer: usize,
    total: usize,
    inner: usize,
    blocks: usize,
    groups: usize,
    per_block: usize,
    units: usize,
}

impl LayerPlan {
    fn new(
        kernel_len: usize,
        bias_len: Option<usize>,
        shape: &Shape,
    ) -> Result<Self, SymmetricInitError> {
        let expected = shape.try_len()?;
        if kernel_len != expected {
            return Err(SymmetricInitError::KernelLength {
                len: kernel_len,
                expected,
                shape: shape.to_string(),
            });
        }
        let groups = match shape.layout() {
            Layout::TorchTransposed { groups } => {
                // Validates the rank and that `groups` divides the input channels.
                shape.fans()?;
                groups
            }
            _ => 1,
        };
        let dims = shape.dims();
        // `try_len` above bounds the whole product, but a zero among the dims lets
        // the product of the others overflow, so these are checked too.
        let overflow = || InitError::ShapeOverflow {
            shape: shape.to_string(),
        };
        let product = |ds: &[usize]| {
            ds.iter()
                .try_fold(1usize, |acc, &d| acc.checked_mul(d))
                .ok_or_else(overflow)
        };
        let (outer, total, inner) = match shape.unit_axis() {
            None => (1, 1, 1),
            Some(a) => (product(&dims[..a])?, dims[a], product(&dims[a + 1..])?),
        };
        let blocks = shape.blocks();
        if blocks == 0 || !total.is_multiple_of(blocks) {
            return Err(InitError::UnevenBlocks {
                shape: shape.to_string(),
                units: total,
                blocks,
            }
            .into());
        }
        let units = total.checked_mul(groups).ok_or_else(overflow)?;
        if let Some(len) = bias_len
            && len != units
        {
            return Err(SymmetricInitError::BiasLength { len, units });
        }
        Ok(LayerPlan {
            outer,
            total,
            inner,
            blocks,
            groups,
            per_block: total / blocks,
            units,
        })
    }

    /// The groups of a layer whose units hold no weights and no bias: each
    /// sub-layer's units, `per_block` consecutive ones, form one group.
    fn unweighted_groups(&self, shape: &Shape) -> Result<Vec<Vec<usize>>, InitError> {
        // `units = groups·blocks·per_block > 0`, so the product does not overflow.
        let subs = self.groups * self.blocks;
        let what = "the groups of the layer's units";
        let mut out = try_with_capacity(subs, what, shape)?;
        for s in 0..subs {
            let mut group = try_with_capacity(self.per_block, what, shape)?;
            group.extend(s * self.per_block..(s + 1) * self.per_block);
            out.push(group);
        }
        Ok(out)
    }

    /// The sub-layers: the unit offset of each, and its segments.
    fn subs<'a, T>(&self, kernel: &'a [T], bias: Option<&'a [T]>) -> Vec<(usize, Vec<Seg<'a, T>>)> {
        let group_outer = self.outer / self.groups;
        // The kernel holds outer·total·inner elements (checked in `new`) and the
        // groups split `outer`; dividing the length cannot overflow where the
        // product of the factors could (when one of them is zero).
        let group_len = kernel.len() / self.groups;
        let mut out = Vec::with_capacity(self.groups * self.blocks);
        for g in 0..self.groups {
            for b in 0..self.blocks {
                let off = b * self.per_block;
                let mut segs = vec![Seg {
                    data: &kernel[g * group_len..(g + 1) * group_len],
                    outer: group_outer,
                    total: self.total,
                    inner: self.inner,
                    off,
                }];
                if let Some(bias) = bias {
                    segs.push(Seg {
                        data: bias,
                        outer: 1,
                        total: self.units,
                        inner: 1,
                        off: g * self.total + off,
                    });
                }
                out.push((g * self.total + off, segs));
            }
        }
        out
    }
}

impl SymmetryCheck {
    /// The exact check (the default): units are duplicates when every weight is
    /// equal (`x == y`, so `−0.0 == 0.0`).
    ///
    /// ```
    /// assert_eq!(nninit::SymmetryCheck::exact().tolerance(), 0.0);
    /// ```
    #[must_use]
    pub const fn exact() -> Self {
        SymmetryCheck { tolerance: 0.0 }
    }

    /// A check that also reports near-duplicates: units whose weights differ by at
    /// most `tolerance` everywhere (see [`SymmetryCheck`]). A tolerance of 0 is the
    /// exact check.
    ///
    /// # Errors
    /// [`InitError::NonFinite`] for a NaN or infinite tolerance,
    /// [`InitError::OutOfRange`] for a negative one.
    ///
    /// ```
    /// use nninit::SymmetryCheck;
    /// assert_eq!(SymmetryCheck::with_tolerance(1e-3)?.tolerance(), 1e-3);
    /// assert!(SymmetryCheck::with_tolerance(-1.0).is_err());
    /// assert!(SymmetryCheck::with_tolerance(f64::NAN).is_err());
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn with_tolerance(tolerance: f64) -> Result<Self, InitError> {
        if !tolerance.is_finite() {
            return Err(InitError::NonFinite {
                name: "tolerance",
                value: tolerance,
            });
        }
        if tolerance < 0.0 {
            return Err(InitError::OutOfRange {
                name: "tolerance",
                value: tolerance,
                allowed: "[0, ∞)",
            });
        }
        Ok(SymmetryCheck {
            tolerance: tolerance.abs(),
        })
    }

    /// The tolerance (0 for the exact check).
    ///
    /// ```
    /// assert_eq!(nninit::SymmetryCheck::default().tolerance(), 0.0);
    /// ```
    #[must_use]
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// Checks one layer's kernel; see [`symmetry_check`].
    ///
    /// # Errors
    /// As [`symmetry_check`].
    ///
    /// ```
    /// use nninit::{Shape, SymmetryCheck};
    /// let kernel = [1.0f64, 2.0, 3.0, 4.0];
    /// assert!(SymmetryCheck::exact().check(&kernel, &Shape::dense(2, 2)).is_ok());
    /// ```
    pub fn check<T: Real>(&self, kernel: &[T], shape: &Shape) -> Result<(), SymmetricInitError> {
        self.run(kernel, None, shape)
    }

    /// Checks one layer's kernel and bias; see [`symmetry_check_with_bias`].
    ///
    /// # Errors
    /// As [`symmetry_check_with_bias`].
    ///
    /// ```
    /// use nninit::{Shape, SymmetryCheck};
    /// let kernel = [0.0f32; 6];
    /// assert!(SymmetryCheck::exact().check_with_bias(&kernel, &[0.1, 0.2, 0.3], &Shape::dense(2, 3)).is_ok());
    /// ```
    pub fn check_with_bias<T: Real>(
        &self,
        kernel: &[T],
        bias: &[T],
        shape: &Shape,
    ) -> Result<(), SymmetricInitError> {
        self.run(kernel, Some(bias), shape)
    }

    /// The partition of the layer's units into groups of duplicates (exact, or
    /// connected under the tolerance): every unit is in exactly one group, each
    /// group is sorted, and groups are ordered by their smallest unit. A layer
    /// without duplicates gives one group per unit.
    ///
    /// # Errors
    /// The validation errors of [`symmetry_check`] (lengths, shape, NaN or
    /// infinite elements); a zero or constant kernel is not an error here.
    ///
    /// ```
    /// use nninit::{Shape, SymmetryCheck};
    /// // A PyTorch Linear weight [out = 4][in = 2]: units are rows.
    /// let w = [1.0f32, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0];
    /// let groups = SymmetryCheck::exact().groups(&w, None, &Shape::from_torch(&[4, 2]))?;
    /// assert_eq!(groups, vec![vec![0, 2], vec![1, 3]]);
    /// # Ok::<(), nninit::SymmetricInitError>(())
    /// ```
    pub fn groups<T: Real>(
        &self,
        kernel: &[T],
        bias: Option<&[T]>,
        shape: &Shape,
    ) -> Result<Vec<Vec<usize>>, SymmetricInitError> {
        let plan = Self::validate(kernel, bias, shape)?.0;
        if plan.units == 0 {
            return Ok(Vec::new());
        }
        if kernel.is_empty() && bias.is_none() {
            // Units without weights are all equal: one group per sub-layer. The
            // units are then bounded by nothing the caller holds, so the answer
            // is built in memory reserved first, and nothing else is allocated.
            return Ok(plan.unweighted_groups(shape)?);
        }
        // Every unit owns at least one element of the kernel or the bias, so what
        // the partition allocates is in proportion to them.
        Ok(groups_from_labels(&self.labels(&plan, kernel, bias)))
    }

    fn validate<T: Real>(
        kernel: &[T],
        bias: Option<&[T]>,
        shape: &Shape,
    ) -> Result<(LayerPlan, bool), SymmetricInitError> {
        let plan = LayerPlan::new(kernel.len(), bias.map(<[T]>::len), shape)?;
        let (bad, same) = scan(kernel);
        if let Some(index) = bad {
            return Err(SymmetricInitError::NonFinite { index });
        }
        let bias_same = match bias {
            Some(b) => {
                let (bad, same) = scan(b);
                if let Some(index) = bad {
                    return Err(SymmetricInitError::NonFiniteBias { index });
                }
                same
            }
            None => true,
        };
        Ok((plan, same && bias_same))
    }

    fn labels<T: Real>(&self, plan: &LayerPlan, kernel: &[T], bias: Option<&[T]>) -> Vec<usize> {
        let mut label = vec![0; plan.units];
        for (offset, segs) in plan.subs(kernel, bias) {
            let local = if self.tolerance == 0.0 {
                partition_exact(&segs, plan.per_block)
            } else {
                partition_tol(&segs, plan.per_block, self.tolerance)
            };
            for (u, l) in local.into_iter().enumerate() {
                label[offset + u] = offset + l;
            }
        }
        label
    }

    fn run<T: Real>(
        &self,
        kernel: &[T],
        bias: Option<&[T]>,
        shape: &Shape,
    ) -> Result<(), SymmetricInitError> {
        let (plan, uniform) = Self::validate(kernel, bias, shape)?;
        if plan.per_block < 2 || kernel.is_empty() {
            return Ok(());
        }
        if uniform {
            let value = as_f64(kernel[0]);
            return Err(if value == 0.0 {
                SymmetricInitError::ZeroKernel { units: plan.units }
            } else {
                SymmetricInitError::ConstantKernel {
                    value,
                    units: plan.units,
                }
            });
        }
        let label = self.labels(&plan, kernel, bias);
        let groups = groups_from_labels(&label);
        let Some(group) = groups.iter().find(|g| g.len() > 1) else {
            return Ok(());
        };
        let first = group[0];
        let second = if self.tolerance == 0.0 {
            group[1]
        } else {
            // The smallest direct partner of `first` in its sub-layer.
            let subs = plan.subs(kernel, bias);
            subs.iter()
                .rev()
                .find(|(offset, _)| *offset <= first)
                .and_then(|(offset, segs)| {
                    (0..plan.per_block)
                        .find(|&j| {
                            offset + j != first
                                && units_near(segs, first - offset, j, self.tolerance)
                        })
                        .map(|j| offset + j)
                })
                .unwrap_or(group[1])
        };
        Err(SymmetricInitError::DuplicateUnits {
            first,
            second,
            distinct: groups.len(),
            units: plan.units,
            tolerance: self.tolerance,
        })
    }
}

/// Checks that no two units of a layer's kernel start identical.
///
/// A unit is what [`Shape::unit_axis`] indexes (see [`SymmetryCheck`] for every
/// layout). In order, the check reports: a kernel whose length is not
/// `shape.len()`, or an unusable shape; the first NaN or infinite element; then,
/// if the layer has at least two units (per fused block), a kernel that is all zero
/// ([`SymmetricInitError::ZeroKernel`], `−0.0` included), all one non-zero value
/// ([`SymmetricInitError::ConstantKernel`]), or two units with identical weights
/// ([`SymmetricInitError::DuplicateUnits`]). A layer with one unit, and an empty
/// kernel, are never symmetric.
///
/// A layer check cannot know whether its layer is hidden: a zero *output* layer
/// is legitimate (its units see different targets). Check a whole network with
/// [`check_network`](crate::check_network).
///
/// # Errors
/// The variants of [`SymmetricInitError`] named above.
///
/// # Example
/// ```
/// use nninit::{symmetry_check, GlorotUniform, Initializer, Shape, SymmetricInitError};
///
/// let shape = Shape::dense(64, 128);
/// let mut kernel = vec![0.0f32; shape.len()];
/// assert!(matches!(
///     symmetry_check(&kernel, &shape),
///     Err(SymmetricInitError::ZeroKernel { units: 128 })
/// ));
/// GlorotUniform.fill_keyed(&mut kernel, &shape, 42)?;
/// assert!(symmetry_check(&kernel, &shape).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn symmetry_check<T: Real>(kernel: &[T], shape: &Shape) -> Result<(), SymmetricInitError> {
    SymmetryCheck::exact().check(kernel, shape)
}

/// [`symmetry_check`] with the layer's bias: units are duplicates only if their
/// biases are equal too. A zero or constant kernel is reported only when every
/// bias is equal as well. `bias` has one element per unit (for a grouped PyTorch
/// transposed convolution, one per output channel).
///
/// # Errors
/// Those of [`symmetry_check`], [`SymmetricInitError::BiasLength`] and
/// [`SymmetricInitError::NonFiniteBias`].
///
/// # Example
/// ```
/// use nninit::{symmetry_check_with_bias, Shape, SymmetricInitError};
///
/// let shape = Shape::from_torch(&[3, 2]); // PyTorch Linear(2, 3): units are rows
/// let w = [0.5f64, 0.5, 0.5, 0.5, 0.5, 0.5];
/// assert!(symmetry_check_with_bias(&w, &[0.1, 0.2, 0.3], &shape).is_ok());
/// assert!(matches!(
///     symmetry_check_with_bias(&w, &[0.1, 0.2, 0.1], &shape),
///     Err(SymmetricInitError::DuplicateUnits { first: 0, second: 2, distinct: 2, units: 3, .. })
/// ));
/// ```
pub fn symmetry_check_with_bias<T: Real>(
    kernel: &[T],
    bias: &[T],
    shape: &Shape,
) -> Result<(), SymmetricInitError> {
    SymmetryCheck::exact().check_with_bias(kernel, bias, shape)
}

#[cfg(test)]
mod tests;
