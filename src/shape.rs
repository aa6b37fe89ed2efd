//! `Shape`, `Layout` and `Fans`: where `fan_in` and `fan_out` come from.
//!
//! The frameworks store the same weight in different orders. PyTorch keeps a
//! `Linear` weight as `[out, in]` and a convolution as `[out, in/groups, k...]`;
//! Keras and JAX keep a dense kernel as `[in, out]` and a convolution as
//! `[k..., in, out]`. A [`Shape`] records the dimensions *and* the layout, so that the
//! fans, and the axis that indexes the layer's units, are always the right ones.

use core::fmt;

use crate::InitError;

/// The order in which a weight tensor's dimensions are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layout {
    /// Keras and JAX: a dense kernel is `[in, out]`, a convolution `[k..., in, out]`.
    /// The units (output features or channels) are the last axis.
    Keras,
    /// PyTorch: a `Linear` weight is `[out, in]`, a convolution
    /// `[out, in/groups, k...]`. The units are the first axis.
    Torch,
    /// PyTorch's transposed convolution, `[in, out/groups, k...]`. The units are the
    /// second axis.
    TorchTransposed {
        /// The convolution's `groups`.
        groups: usize,
    },
}

impl Layout {
    fn name(self) -> &'static str {
        match self {
            Layout::Keras => "Keras",
            Layout::Torch => "PyTorch",
            Layout::TorchTransposed { .. } => "PyTorch transposed-convolution",
        }
    }
}

/// Which fan a variance-scaling initializer divides by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FanMode {
    /// The number of inputs that feed one unit (PyTorch's and Keras's default).
    #[default]
    FanIn,
    /// The number of outputs that one input feeds.
    FanOut,
    /// `(fan_in + fan_out) / 2` (Glorot's compromise).
    FanAvg,
}

impl FanMode {
    /// The mode's name as PyTorch and Keras spell it (`"fan_in"`, `"fan_out"`,
    /// `"fan_avg"`).
    ///
    /// ```
    /// assert_eq!(nninit::FanMode::FanAvg.name(), "fan_avg");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            FanMode::FanIn => "fan_in",
            FanMode::FanOut => "fan_out",
            FanMode::FanAvg => "fan_avg",
        }
    }
}

/// The fans of a weight tensor.
///
/// ```
/// use nninit::{Fans, FanMode, Shape};
///
/// let fans = Shape::from_torch(&[8, 4, 3, 3]).fans()?;
/// assert_eq!(fans, Fans { fan_in: 36, fan_out: 72 });
/// assert_eq!(fans.get(FanMode::FanAvg), 54.0);
/// # Ok::<(), nninit::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fans {
    /// The number of inputs that feed one unit: input features × receptive field.
    pub fan_in: usize,
    /// The number of units one input feeds: output features × receptive field.
    pub fan_out: usize,
}

impl Fans {
    /// The fan that `mode` names, as the `f64` the frameworks compute with;
    /// `FanAvg` is `(fan_in + fan_out) / 2`.
    ///
    /// ```
    /// use nninit::{Fans, FanMode};
    /// assert_eq!(Fans { fan_in: 3, fan_out: 4 }.get(FanMode::FanAvg), 3.5);
    /// ```
    #[must_use]
    #[allow(clippy::cast_precision_loss)] // fans above 2^53 do not occur in practice
    pub fn get(self, mode: FanMode) -> f64 {
        match mode {
            FanMode::FanIn => self.fan_in as f64,
            FanMode::FanOut => self.fan_out as f64,
            FanMode::FanAvg => f64::midpoint(self.fan_in as f64, self.fan_out as f64),
        }
    }
}

/// A weight tensor's dimensions and layout.
///
/// Constructors are infallible and do not allocate; a shape that is unusable (more
/// than [`Shape::MAX_RANK`] dimensions, or more elements than fit in `usize`) is
/// reported as a typed [`InitError`] wherever it is used, never wrapped around.
///
/// ```
/// use nninit::{Fans, Shape};
///
/// // The same 3x3 convolution from 4 to 8 channels, as each framework stores it.
/// let torch = Shape::from_torch(&[8, 4, 3, 3]);
/// let keras = Shape::from_keras(&[3, 3, 4, 8]);
/// assert_eq!(torch.fans()?, keras.fans()?);
/// assert_eq!(keras.fans()?, Fans { fan_in: 36, fan_out: 72 });
/// assert_eq!((torch.units(), keras.units()), (8, 8));
/// # Ok::<(), nninit::InitError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape {
    dims: [usize; Shape::MAX_RANK],
    rank: usize,
    layout: Layout,
    blocks: usize,
}

impl Shape {
    /// The most dimensions a shape holds.
    pub const MAX_RANK: usize = 8;

    fn new(dims: &[usize], layout: Layout) -> Self {
        let mut stored = [0; Self::MAX_RANK];
        let n = dims.len().min(Self::MAX_RANK);
        stored[..n].copy_from_slice(&dims[..n]);
        Shape {
            dims: stored,
            rank: dims.len(),
            layout,
            blocks: 1,
        }
    }

    /// A dense kernel with `fan_in` inputs and `units` outputs, stored row-major as
    /// `[fan_in][units]` so that `y = x·W` (Keras's and JAX's layout).
    ///
    /// ```
    /// use nninit::{Fans, Shape};
    /// let s = Shape::dense(784, 128);
    /// assert_eq!(s.len(), 784 * 128);
    /// assert_eq!(s.fans()?, Fans { fan_in: 784, fan_out: 128 });
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn dense(fan_in: usize, units: usize) -> Self {
        Self::new(&[fan_in, units], Layout::Keras)
    }

    /// A weight in PyTorch's layout: `[out, in]` for `Linear`,
    /// `[out, in/groups, k...]` for `Conv1d`/`Conv2d`/`Conv3d`.
    ///
    /// Fans follow `torch.nn.init._calculate_fan_in_and_fan_out`:
    /// `fan_in = dims[1]·∏dims[2..]`, `fan_out = dims[0]·∏dims[2..]`, and rank < 2
    /// is an error.
    ///
    /// ```
    /// use nninit::{Fans, Shape};
    /// assert_eq!(Shape::from_torch(&[3, 5]).fans()?, Fans { fan_in: 5, fan_out: 3 });
    /// assert!(Shape::from_torch(&[5]).fans().is_err());
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn from_torch(dims: &[usize]) -> Self {
        Self::new(dims, Layout::Torch)
    }

    /// A weight in Keras's and JAX's layout: `[in, out]` for a dense kernel,
    /// `[k..., in, out]` for a convolution.
    ///
    /// Fans follow Keras's `compute_fans`: a scalar has fans `(1, 1)`, a vector
    /// `[n]` has `(n, n)`, a matrix `[in, out]` has `(in, out)`, and a higher-rank
    /// kernel multiplies both by the receptive field `∏dims[..rank-2]`.
    ///
    /// ```
    /// use nninit::{Fans, Shape};
    /// assert_eq!(Shape::from_keras(&[3, 3, 4, 8]).fans()?, Fans { fan_in: 36, fan_out: 72 });
    /// assert_eq!(Shape::from_keras(&[7]).fans()?, Fans { fan_in: 7, fan_out: 7 });
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn from_keras(dims: &[usize]) -> Self {
        Self::new(dims, Layout::Keras)
    }

    /// A PyTorch transposed-convolution weight, `[in, out/groups, k...]`, with its
    /// true fans: a unit (output channel) is fed by `in/groups·∏k` inputs.
    ///
    /// PyTorch itself computes the fans of this weight as if it were `[out, in]`
    /// (so its `ConvTranspose` default scales by `out/groups·∏k`). To reproduce
    /// PyTorch's numbers, describe the weight with [`Shape::from_torch`] instead.
    ///
    /// ```
    /// use nninit::{Fans, Shape};
    /// let s = Shape::from_torch_transposed(&[16, 8, 3, 3], 1);
    /// assert_eq!(s.fans()?, Fans { fan_in: 144, fan_out: 72 });
    /// assert_eq!(s.units(), 8);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn from_torch_transposed(dims: &[usize], groups: usize) -> Self {
        Self::new(dims, Layout::TorchTransposed { groups })
    }

    /// The same tensor seen as `blocks` projections fused along the unit axis, such
    /// as a `[3E, E]` query-key-value weight, whose fans are those of one `[E, E]`
    /// block.
    ///
    /// ```
    /// use nninit::{Fans, Shape};
    /// let qkv = Shape::from_torch(&[3 * 64, 64]).fused(3);
    /// assert_eq!(qkv.fans()?, Fans { fan_in: 64, fan_out: 64 });
    /// assert_eq!(qkv.len(), 3 * 64 * 64);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn fused(mut self, blocks: usize) -> Self {
        self.blocks = blocks;
        self
    }

    /// The dimensions (at most [`Shape::MAX_RANK`] of them).
    ///
    /// ```
    /// assert_eq!(nninit::Shape::dense(3, 4).dims(), &[3, 4]);
    /// ```
    #[must_use]
    pub fn dims(&self) -> &[usize] {
        &self.dims[..self.rank.min(Self::MAX_RANK)]
    }

    /// The number of dimensions.
    ///
    /// ```
    /// assert_eq!(nninit::Shape::from_torch(&[8, 4, 3, 3]).rank(), 4);
    /// ```
    #[must_use]
    pub fn rank(&self) -> usize {
        self.rank
    }

    /// The layout.
    ///
    /// ```
    /// use nninit::{Layout, Shape};
    /// assert_eq!(Shape::dense(3, 4).layout(), Layout::Keras);
    /// ```
    #[must_use]
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The number of fused blocks along the unit axis (1 unless [`Shape::fused`]).
    ///
    /// ```
    /// assert_eq!(nninit::Shape::dense(3, 6).fused(2).blocks(), 2);
    /// ```
    #[must_use]
    pub fn blocks(&self) -> usize {
        self.blocks
    }

    /// The number of elements, or `None` if it overflows `usize` or the shape has
    /// more than [`Shape::MAX_RANK`] dimensions.
    ///
    /// ```
    /// use nninit::Shape;
    /// assert_eq!(Shape::dense(3, 4).checked_len(), Some(12));
    /// assert_eq!(Shape::dense(usize::MAX, 2).checked_len(), None);
    /// ```
    #[must_use]
    pub fn checked_len(&self) -> Option<usize> {
        if self.rank > Self::MAX_RANK {
            return None;
        }
        self.dims()
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
    }

    /// The number of elements; `usize::MAX` if that overflows (see
    /// [`Shape::checked_len`]; every fill reports the overflow as an error).
    ///
    /// ```
    /// assert_eq!(nninit::Shape::from_keras(&[3, 3, 4, 8]).len(), 288);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.checked_len().unwrap_or(usize::MAX)
    }

    /// Whether the shape has no elements (some dimension is zero).
    ///
    /// ```
    /// assert!(nninit::Shape::dense(0, 4).is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rank <= Self::MAX_RANK && self.dims().contains(&0)
    }

    /// The number of elements, or the error that makes the shape unusable.
    ///
    /// # Errors
    /// [`InitError::RankTooHigh`] or [`InitError::ShapeOverflow`].
    ///
    /// ```
    /// use nninit::{InitError, Shape};
    /// assert_eq!(Shape::dense(3, 4).try_len(), Ok(12));
    /// assert!(matches!(Shape::dense(usize::MAX, 3).try_len(), Err(InitError::ShapeOverflow { .. })));
    /// ```
    pub fn try_len(&self) -> Result<usize, InitError> {
        if self.rank > Self::MAX_RANK {
            return Err(InitError::RankTooHigh {
                rank: self.rank,
                max: Self::MAX_RANK,
            });
        }
        self.checked_len().ok_or_else(|| InitError::ShapeOverflow {
            shape: self.to_string(),
        })
    }

    /// The axis that indexes the layer's units (output features or channels), or
    /// `None` for a scalar: the last axis in Keras layout, the first in PyTorch
    /// layout, the second for a PyTorch transposed convolution.
    ///
    /// ```
    /// use nninit::Shape;
    /// assert_eq!(Shape::dense(784, 128).unit_axis(), Some(1));
    /// assert_eq!(Shape::from_torch(&[128, 784]).unit_axis(), Some(0));
    /// ```
    #[must_use]
    pub fn unit_axis(&self) -> Option<usize> {
        let rank = self.rank.min(Self::MAX_RANK);
        match self.layout {
            _ if rank == 0 => None,
            Layout::Keras => Some(rank - 1),
            Layout::Torch => Some(0),
            Layout::TorchTransposed { .. } => Some(1.min(rank - 1)),
        }
    }

    /// The number of units: the length of the unit axis (1 for a scalar).
    ///
    /// ```
    /// assert_eq!(nninit::Shape::dense(784, 128).units(), 128);
    /// ```
    #[must_use]
    pub fn units(&self) -> usize {
        self.unit_axis().map_or(1, |axis| self.dims[axis])
    }

    /// `fan_in` and `fan_out`, by the rule of the shape's layout (see the
    /// constructors), for one fused block.
    ///
    /// # Errors
    /// [`InitError::RankTooLow`] for rank < 2 in a PyTorch layout (PyTorch raises
    /// "Fan in and fan out can not be computed for tensor with fewer than 2
    /// dimensions"), [`InitError::UnevenBlocks`] or a zero `groups`,
    /// [`InitError::RankTooHigh`], and [`InitError::ShapeOverflow`] when a fan does
    /// not fit in `usize`.
    ///
    /// ```
    /// use nninit::{Fans, Shape};
    /// assert_eq!(Shape::from_torch(&[64, 1, 3, 3]).fans()?, Fans { fan_in: 9, fan_out: 576 });
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn fans(&self) -> Result<Fans, InitError> {
        self.try_len()?;
        let mut dims = self.dims;
        let rank = self.rank;
        if self.blocks != 1 {
            let axis = self.unit_axis().unwrap_or(0);
            let units = if rank == 0 { 1 } else { dims[axis] };
            if self.blocks == 0 || !units.is_multiple_of(self.blocks) {
                return Err(InitError::UnevenBlocks {
                    shape: self.to_string(),
                    units,
                    blocks: self.blocks,
                });
            }
            if rank > 0 {
                dims[axis] = units / self.blocks;
            }
        }
        let dims = &dims[..rank];
        let overflow = || InitError::ShapeOverflow {
            shape: self.to_string(),
        };
        let product = |ds: &[usize]| {
            ds.iter()
                .try_fold(1usize, |acc, &d| acc.checked_mul(d))
                .ok_or_else(overflow)
        };
        let (fan_in, fan_out) = match self.layout {
            Layout::Keras => match *dims {
                [] => (1, 1),
                [n] => (n, n),
                [.., i, o] => {
                    let rf = product(&dims[..rank - 2])?;
                    (
                        mul(i, rf).ok_or_else(overflow)?,
                        mul(o, rf).ok_or_else(overflow)?,
                    )
                }
            },
            Layout::Torch | Layout::TorchTransposed { .. } => {
                if rank < 2 {
                    return Err(InitError::RankTooLow {
                        shape: self.to_string(),
                        layout: self.layout.name(),
                        min: 2,
                    });
                }
                let rf = product(&dims[2..])?;
                let (inputs, outputs) = match self.layout {
                    Layout::TorchTransposed { groups } => {
                        if groups == 0 || !dims[0].is_multiple_of(groups) {
                            return Err(InitError::UnevenBlocks {
                                shape: self.to_string(),
                                units: dims[0],
                                blocks: groups,
                            });
                        }
                        (dims[0] / groups, dims[1])
                    }
                    _ => (dims[1], dims[0]),
                };
                (
                    mul(inputs, rf).ok_or_else(overflow)?,
                    mul(outputs, rf).ok_or_else(overflow)?,
                )
            }
        };
        Ok(Fans { fan_in, fan_out })
    }
}

fn mul(a: usize, b: usize) -> Option<usize> {
    a.checked_mul(b)
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.dims())?;
        if self.rank > Self::MAX_RANK {
            write!(f, " (+{} more dimensions)", self.rank - Self::MAX_RANK)?;
        }
        write!(f, " in {} layout", self.layout.name())?;
        if let Layout::TorchTransposed { groups } = self.layout
            && groups != 1
        {
            write!(f, " with {groups} groups")?;
        }
        if self.blocks != 1 {
            write!(f, ", {} fused blocks", self.blocks)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shape")
            .field("dims", &self.dims())
            .field("layout", &self.layout)
            .field("blocks", &self.blocks)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
