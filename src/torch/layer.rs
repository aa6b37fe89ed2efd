//! `Layer` and `Generator::reset_parameters`: what PyTorch's `nn.Linear` and
//! `nn.Conv1d`/`Conv2d`/`Conv3d` draw when they are built.
//!
//! Both run `reset_parameters` (`torch/nn/modules/linear.py`,
//! `torch/nn/modules/conv.py`): the weight gets `kaiming_uniform_(weight,
//! a=math.sqrt(5))`, then the bias `uniform_(bias, −1/√fan_in, 1/√fan_in)`, with
//! `fan_in` read from the weight. The edge cases differ: when `fan_in` is 0, a
//! `Linear`'s bias is drawn with the bound 0 (every value 0, the draws still
//! made), while a convolution's bias is not drawn at all (PyTorch leaves its
//! memory as it was; here it is 0).

use super::generator::{Generator, Kind};
use crate::{InitError, Real, Shape};

/// A PyTorch layer whose parameters [`Generator::reset_parameters`] creates as
/// the layer's constructor does: `nn.Linear`, or `nn.Conv1d`, `nn.Conv2d`,
/// `nn.Conv3d`, with or without bias, with `groups`.
///
/// # Example
/// ```
/// use nninit::torch::Layer;
///
/// // nn.Conv2d(16, 32, (3, 3), groups=4, bias=False)
/// let conv = Layer::conv2d(16, 32, [3, 3]).with_groups(4)?.with_bias(false);
/// assert_eq!(conv.weight_shape().dims(), &[32, 4, 3, 3]);
/// assert_eq!(conv.bias_len(), None);
/// # Ok::<(), nninit::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Layer {
    in_features: usize,
    out_features: usize,
    /// The kernel's sides; `spatial` of them are used (0 for `Linear`).
    kernel: [usize; 3],
    spatial: usize,
    groups: usize,
    bias: bool,
}

impl Layer {
    /// `nn.Linear(in_features, out_features)`: weight `[out, in]`, bias `[out]`.
    ///
    /// ```
    /// let l = nninit::torch::Layer::linear(784, 128);
    /// assert_eq!(l.weight_shape().dims(), &[128, 784]);
    /// assert_eq!(l.bias_len(), Some(128));
    /// ```
    #[must_use]
    pub fn linear(in_features: usize, out_features: usize) -> Self {
        Layer {
            in_features,
            out_features,
            kernel: [1; 3],
            spatial: 0,
            groups: 1,
            bias: true,
        }
    }

    fn conv(in_channels: usize, out_channels: usize, kernel: &[usize]) -> Self {
        let mut k = [1; 3];
        k[..kernel.len()].copy_from_slice(kernel);
        Layer {
            in_features: in_channels,
            out_features: out_channels,
            kernel: k,
            spatial: kernel.len(),
            groups: 1,
            bias: true,
        }
    }

    /// `nn.Conv1d(in_channels, out_channels, kernel_size)`: weight `[out, in, k]`.
    ///
    /// ```
    /// let c = nninit::torch::Layer::conv1d(4, 8, 5);
    /// assert_eq!(c.weight_shape().dims(), &[8, 4, 5]);
    /// ```
    #[must_use]
    pub fn conv1d(in_channels: usize, out_channels: usize, kernel_size: usize) -> Self {
        Self::conv(in_channels, out_channels, &[kernel_size])
    }

    /// `nn.Conv2d(in_channels, out_channels, (kh, kw))`: weight `[out, in, kh, kw]`.
    ///
    /// ```
    /// let c = nninit::torch::Layer::conv2d(3, 16, [3, 3]);
    /// assert_eq!(c.weight_shape().dims(), &[16, 3, 3, 3]);
    /// ```
    #[must_use]
    pub fn conv2d(in_channels: usize, out_channels: usize, kernel_size: [usize; 2]) -> Self {
        Self::conv(in_channels, out_channels, &kernel_size)
    }

    /// `nn.Conv3d(in_channels, out_channels, (kd, kh, kw))`: weight
    /// `[out, in, kd, kh, kw]`.
    ///
    /// ```
    /// let c = nninit::torch::Layer::conv3d(2, 4, [3, 3, 3]);
    /// assert_eq!(c.weight_shape().dims(), &[4, 2, 3, 3, 3]);
    /// ```
    #[must_use]
    pub fn conv3d(in_channels: usize, out_channels: usize, kernel_size: [usize; 3]) -> Self {
        Self::conv(in_channels, out_channels, &kernel_size)
    }

    /// The same layer with or without its bias (`bias=False`).
    ///
    /// ```
    /// assert_eq!(nninit::torch::Layer::linear(3, 2).with_bias(false).bias_len(), None);
    /// ```
    #[must_use]
    pub fn with_bias(mut self, bias: bool) -> Self {
        self.bias = bias;
        self
    }

    /// The same convolution with `groups` groups: weight `[out, in/groups, k...]`.
    ///
    /// # Errors
    /// What PyTorch's constructor rejects: [`InitError::OutOfRange`] for
    /// `groups == 0`, [`InitError::GroupsMismatch`] when the input or output
    /// channels are not a multiple of `groups`, and
    /// [`InitError::UnsupportedShape`] for a `Linear`, which has no groups.
    ///
    /// ```
    /// use nninit::torch::Layer;
    /// assert_eq!(Layer::conv1d(6, 9, 3).with_groups(3)?.weight_shape().dims(), &[9, 2, 3]);
    /// assert!(Layer::conv1d(6, 8, 3).with_groups(3).is_err());
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn with_groups(mut self, groups: usize) -> Result<Self, InitError> {
        if self.spatial == 0 {
            return Err(InitError::UnsupportedShape {
                initializer: "groups",
                shape: self.weight_shape().to_string(),
                needed: "a convolution (nn.Linear has no groups)",
            });
        }
        if groups == 0 {
            return Err(InitError::OutOfRange {
                name: "groups",
                value: 0.0,
                allowed: "1, 2, 3, ... (a divisor of the input and output channels)",
            });
        }
        for channels in [self.in_features, self.out_features] {
            if !channels.is_multiple_of(groups) {
                return Err(InitError::GroupsMismatch {
                    initializer: "nn.Conv",
                    shape: self.weight_shape().to_string(),
                    groups,
                    channels,
                });
            }
        }
        self.groups = groups;
        Ok(self)
    }

    /// The weight's shape in PyTorch layout: `[out, in]` or `[out, in/groups, k...]`.
    ///
    /// ```
    /// let s = nninit::torch::Layer::conv2d(3, 16, [5, 3]).weight_shape();
    /// assert_eq!(s.fans()?.fan_in, 45);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn weight_shape(&self) -> Shape {
        let mut dims = [self.out_features, self.in_features / self.groups, 0, 0, 0];
        dims[2..2 + self.spatial].copy_from_slice(&self.kernel[..self.spatial]);
        Shape::from_torch(&dims[..2 + self.spatial])
    }

    /// The bias's length, `out`, or `None` without a bias.
    ///
    /// ```
    /// assert_eq!(nninit::torch::Layer::conv1d(2, 7, 3).bias_len(), Some(7));
    /// ```
    #[must_use]
    pub fn bias_len(&self) -> Option<usize> {
        self.bias.then_some(self.out_features)
    }

    /// `fan_in` as PyTorch reads it from the weight, saturating (a layer that
    /// large cannot be allocated, and is reported before this is used).
    fn fan_in(&self) -> usize {
        self.kernel[..self.spatial]
            .iter()
            .fold(self.in_features / self.groups, |acc, &k| {
                acc.saturating_mul(k)
            })
    }
}

/// `kaiming_uniform_(weight, a=math.sqrt(5))`'s bound for `fan_in`, in
/// `torch/nn/init.py`'s order of operations: `gain = √(2/(1 + √5²))`,
/// `std = gain/√fan_in`, `bound = √3·std`. Equal to
/// [`TorchDefault`](crate::TorchDefault)'s bound.
#[allow(clippy::cast_precision_loss)] // fans above 2^53 do not occur
fn weight_bound(fan_in: usize) -> f64 {
    let slope = 5f64.sqrt();
    let gain = (2.0 / (1.0 + slope * slope)).sqrt();
    3f64.sqrt() * (gain / (fan_in as f64).sqrt())
}

impl Generator {
    /// Creates `layer`'s parameters as its PyTorch constructor does, drawing what
    /// it draws: the weight, then the bias (see the [`Layer`] constructors for the
    /// shapes). Returns the weight, row-major in PyTorch's layout, and the bias.
    ///
    /// The weight is `U(−b, b)` with `kaiming_uniform_(a=√5)`'s bound
    /// `b = √3·√(2/(1 + √5²))/√fan_in` (about `1/√fan_in`), and the bias
    /// `U(−1/√fan_in, 1/√fan_in)`. A layer with no weight elements draws nothing for
    /// its weight (`kaiming_uniform_` returns at once); with `fan_in == 0`, a
    /// `Linear`'s bias is all 0 after its draws, and a convolution's bias is left 0
    /// without draws (PyTorch leaves it uninitialized).
    ///
    /// # Example
    /// ```
    /// use nninit::torch::{Generator, Layer};
    ///
    /// // torch.manual_seed(0); nn.Conv2d(3, 16, (3, 3), dtype=torch.float64)
    /// let mut g = Generator::manual_seed(0);
    /// let (w, b) = g.reset_parameters::<f64>(&Layer::conv2d(3, 16, [3, 3]))?;
    /// assert_eq!((w.len(), b.map(|b| b.len())), (16 * 27, Some(16)));
    /// assert!(w.iter().all(|x| x.abs() < 1.0 / 27f64.sqrt()));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// [`InitError::ShapeOverflow`] when the weight has more elements than fit in
    /// `usize` (or in memory, by `isize`), and [`InitError::NotReproducible`] for
    /// an element type other than `f32` and `f64`.
    ///
    /// # References
    /// `reset_parameters` in `torch/nn/modules/linear.py` and
    /// `torch/nn/modules/conv.py`:
    /// <https://github.com/pytorch/pytorch/blob/main/torch/nn/modules/linear.py>.
    #[allow(clippy::type_complexity)] // (weight, bias), as PyTorch's module holds them
    pub fn reset_parameters<T: Real>(
        &mut self,
        layer: &Layer,
    ) -> Result<(Vec<T>, Option<Vec<T>>), InitError> {
        let kind = Kind::of::<T>()?;
        let shape = layer.weight_shape();
        let len = crate::init::buffer_len::<T>(&shape)?;
        Ok(self.default_parameters(kind, layer, len))
    }

    /// The body of [`reset_parameters`](Self::reset_parameters), for a weight of
    /// `len` elements.
    fn default_parameters<T: Real>(
        &mut self,
        kind: Kind,
        layer: &Layer,
        len: usize,
    ) -> (Vec<T>, Option<Vec<T>>) {
        let fan_in = layer.fan_in();
        let mut weight = vec![T::zero(); len];
        if len > 0 {
            let b = weight_bound(fan_in);
            self.uniform_unchecked(kind, &mut weight, -b, b);
        }
        let bias = layer.bias_len().map(|n| {
            let mut bias = vec![T::zero(); n];
            if fan_in > 0 {
                #[allow(clippy::cast_precision_loss)] // fans above 2^53 do not occur
                let b = 1.0 / (fan_in as f64).sqrt();
                self.uniform_unchecked(kind, &mut bias, -b, b);
            } else if layer.spatial == 0 {
                self.uniform_unchecked(kind, &mut bias, 0.0, 0.0);
            }
            bias
        });
        (weight, bias)
    }

    /// The infallible `f32` form of [`reset_parameters`](Self::reset_parameters)
    /// for a layer with a bias.
    fn default_f32(&mut self, layer: &Layer) -> (Vec<f32>, Vec<f32>) {
        let len = layer.fan_in().saturating_mul(layer.out_features);
        let (weight, bias) = self.default_parameters(Kind::F32, layer, len);
        (weight, bias.unwrap_or_default())
    }

    /// `nn.Linear(in_features, out_features)`'s `float32` weight `[out][in]` and
    /// bias `[out]`, drawn as PyTorch draws them (see
    /// [`reset_parameters`](Self::reset_parameters)).
    ///
    /// # Example
    /// ```
    /// use nninit::torch::Generator;
    ///
    /// // torch.manual_seed(0); l1 = nn.Linear(784, 128); l2 = nn.Linear(128, 10)
    /// let mut g = Generator::manual_seed(0);
    /// let (w1, b1) = g.linear(784, 128);
    /// let (w2, b2) = g.linear(128, 10);
    /// assert_eq!((w1.len(), b1.len(), w2.len(), b2.len()), (100_352, 128, 1280, 10));
    /// assert!(b2.iter().all(|x| x.abs() < 1.0 / 128f32.sqrt()));
    /// ```
    ///
    /// # Panics
    /// When `out_features · in_features` elements cannot be allocated, as `vec!`
    /// panics; [`reset_parameters`](Self::reset_parameters) reports that as an
    /// error instead.
    pub fn linear(&mut self, in_features: usize, out_features: usize) -> (Vec<f32>, Vec<f32>) {
        self.default_f32(&Layer::linear(in_features, out_features))
    }

    /// `nn.Conv1d(in_channels, out_channels, kernel_size)`'s `float32` weight
    /// `[out][in][k]` and bias `[out]`, drawn as PyTorch draws them.
    ///
    /// ```
    /// let (w, b) = nninit::torch::Generator::manual_seed(0).conv1d(4, 8, 3);
    /// assert_eq!((w.len(), b.len()), (96, 8));
    /// ```
    ///
    /// # Panics
    /// As [`linear`](Self::linear).
    pub fn conv1d(
        &mut self,
        in_channels: usize,
        out_channels: usize,
        kernel_size: usize,
    ) -> (Vec<f32>, Vec<f32>) {
        self.default_f32(&Layer::conv1d(in_channels, out_channels, kernel_size))
    }

    /// `nn.Conv2d(in_channels, out_channels, (kh, kw))`'s `float32` weight
    /// `[out][in][kh][kw]` and bias `[out]`, drawn as PyTorch draws them.
    ///
    /// ```
    /// // torch.manual_seed(0); nn.Conv2d(3, 16, (3, 3))
    /// let (w, b) = nninit::torch::Generator::manual_seed(0).conv2d(3, 16, [3, 3]);
    /// assert_eq!((w.len(), b.len()), (432, 16));
    /// ```
    ///
    /// # Panics
    /// As [`linear`](Self::linear).
    pub fn conv2d(
        &mut self,
        in_channels: usize,
        out_channels: usize,
        kernel_size: [usize; 2],
    ) -> (Vec<f32>, Vec<f32>) {
        self.default_f32(&Layer::conv2d(in_channels, out_channels, kernel_size))
    }

    /// `nn.Conv3d(in_channels, out_channels, (kd, kh, kw))`'s `float32` weight and
    /// bias, drawn as PyTorch draws them.
    ///
    /// ```
    /// let (w, b) = nninit::torch::Generator::manual_seed(0).conv3d(2, 4, [3, 3, 3]);
    /// assert_eq!((w.len(), b.len()), (216, 4));
    /// ```
    ///
    /// # Panics
    /// As [`linear`](Self::linear).
    pub fn conv3d(
        &mut self,
        in_channels: usize,
        out_channels: usize,
        kernel_size: [usize; 3],
    ) -> (Vec<f32>, Vec<f32>) {
        self.default_f32(&Layer::conv3d(in_channels, out_channels, kernel_size))
    }
}

#[cfg(test)]
mod tests;
