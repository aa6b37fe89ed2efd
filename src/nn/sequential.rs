//! `Sequential`: a stack of dense layers, with `push`, `compile`, `evaluate` and
//! `predict`; the training methods are in the sibling module `fit`.

use crate::rng::mix64;
use crate::rng::stream::Stream;
use crate::{Initializer, LayerView, Real, Shape, SymmetricInitError, check_network, tied_groups};

#[cfg(doc)]
use super::FitOptions;
use super::dense::Layer;
use super::fit::optimizer_state;
use super::gemm::{Op, gemm};
use super::num::{count, first_non_finite, ratio, wide};
use super::workspace::{Workspace, product, reserve, zeros};
use super::{Activation, Dense, Evaluation, Loss, NnError, Optimizer, Targets};

/// Separates the shuffling stream from the initialization keys.
const SHUFFLE_STREAM: u64 = 0x5348_5546_464c_4531;
/// The most rows `evaluate` and `predict` run at once.
pub(crate) const EVAL_ROWS: usize = 256;

/// The loss and optimizer a model trains with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Compiled {
    pub(super) loss: Loss,
    pub(super) optimizer: Optimizer,
}

/// A stack of [`Dense`] layers, trained by backpropagation: Keras's `Sequential`
/// for dense networks, in `f32` or `f64`.
///
/// A model is deterministic for its seed: the seed gives each layer's
/// initializers their keys (two per layer, drawn in order as layers are pushed)
/// and, through a separate stream, the order in which `fit` shuffles samples.
/// Initial weights are the same bits on every machine; trained weights are the
/// same bits from run to run on one machine (matrixmultiply chooses its kernel,
/// FMA or not, from the CPU).
///
/// # Example: the seed experiment's model
/// ```
/// use nninit::nn::{Activation, Adam, Dense, FitOptions, Loss, Sequential};
/// use nninit::HeUniform;
///
/// // XOR-like data: 4 samples, 2 features, 2 classes.
/// let x = [0.0f32, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0];
/// let y = [0usize, 1, 1, 0];
/// let mut model = Sequential::<f32>::new(2, 7);
/// model.push(Dense::new(16, Activation::Relu).kernel_initializer(HeUniform))?;
/// model.push(Dense::new(2, Activation::Softmax))?;
/// model.compile(Loss::CategoricalCrossentropy, Adam::with_learning_rate(0.05)?)?;
/// let history = model.fit(&x, &y[..], &FitOptions::new(200).with_batch_size(4))?;
/// assert!(history.loss[199] < history.loss[0]);
/// assert_eq!(model.evaluate(&x, &y[..])?.accuracy, 1.0);
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Sequential<T> {
    pub(super) input_dim: usize,
    seed: u64,
    keys: Stream,
    pub(super) shuffle: Stream,
    pub(super) layers: Vec<Layer<T>>,
    compiled: Option<Compiled>,
    /// Optimizer slots: `[2·layer]` for a kernel, `[2·layer + 1]` for a bias.
    pub(super) state: Vec<Vec<Vec<T>>>,
    pub(super) step: u64,
    pub(super) ws: Workspace<T>,
}

impl<T: Real> PartialEq for Sequential<T> {
    /// Equal configuration, weights, optimizer state and random streams (the
    /// scratch buffers are not compared).
    fn eq(&self, other: &Self) -> bool {
        self.input_dim == other.input_dim
            && self.seed == other.seed
            && self.keys == other.keys
            && self.shuffle == other.shuffle
            && self.layers == other.layers
            && self.compiled == other.compiled
            && self.state == other.state
            && self.step == other.step
    }
}

impl<T: Real> Sequential<T> {
    /// An empty model for samples of `input_dim` features, seeded by `seed`.
    ///
    /// ```
    /// let m = nninit::nn::Sequential::<f32>::new(64, 42);
    /// assert_eq!((m.input_dim(), m.seed(), m.layers().len()), (64, 42, 0));
    /// ```
    #[must_use]
    pub fn new(input_dim: usize, seed: u64) -> Self {
        Sequential {
            input_dim,
            seed,
            keys: Stream::new(seed),
            shuffle: Stream::new(mix64(seed ^ SHUFFLE_STREAM)),
            layers: Vec::new(),
            compiled: None,
            state: Vec::new(),
            step: 0,
            ws: Workspace::default(),
        }
    }

    /// The number of input features.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Sequential::<f64>::new(5, 0).input_dim(), 5);
    /// ```
    #[must_use]
    pub fn input_dim(&self) -> usize {
        self.input_dim
    }

    /// The seed.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Sequential::<f64>::new(5, 9).seed(), 9);
    /// ```
    #[must_use]
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The number of optimizer steps taken so far (Keras's `iterations`).
    ///
    /// ```
    /// assert_eq!(nninit::nn::Sequential::<f64>::new(5, 9).steps(), 0);
    /// ```
    #[must_use]
    pub fn steps(&self) -> u64 {
        self.step
    }

    /// The number of outputs: the last layer's units (the input width when there
    /// are no layers).
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Sequential};
    /// let mut m = Sequential::<f32>::new(8, 0);
    /// m.push(Dense::new(3, Activation::Softmax))?;
    /// assert_eq!(m.output_dim(), 3);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn output_dim(&self) -> usize {
        self.layers.last().map_or(self.input_dim, |l| l.units)
    }

    /// The layers.
    ///
    /// ```
    /// assert!(nninit::nn::Sequential::<f32>::new(8, 0).layers().is_empty());
    /// ```
    #[must_use]
    pub fn layers(&self) -> &[Layer<T>] {
        &self.layers
    }

    /// The layers, to set weights by hand.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Sequential};
    /// let mut m = Sequential::<f32>::new(2, 0);
    /// m.push(Dense::new(1, Activation::Linear))?;
    /// m.layers_mut()[0].kernel_mut().copy_from_slice(&[1.0, -1.0]);
    /// assert_eq!(m.predict(&[3.0, 1.0])?, [2.0]);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn layers_mut(&mut self) -> &mut [Layer<T>] {
        &mut self.layers
    }

    /// Every layer's parameters as the network check, [`check_network`], reads
    /// them.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Sequential};
    /// let mut m = Sequential::<f32>::new(64, 0);
    /// m.push(Dense::new(128, Activation::Relu))?;
    /// m.push(Dense::new(10, Activation::Softmax))?;
    /// let v = m.layer_views();
    /// assert_eq!((v[0].fan_in, v[0].units, v[1].fan_in), (64, 128, 128));
    /// assert_eq!(v[0].activation, nninit::Nonlinearity::Relu);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn layer_views(&self) -> Vec<LayerView<'_, T>> {
        self.layers.iter().map(Layer::view).collect()
    }

    /// Adds a layer, filling its kernel and bias from its initializers under the
    /// next two keys of the model's seed.
    ///
    /// # Errors
    /// [`NnError::InvalidHyperParameter`] for zero units or a non-finite leaky
    /// slope, [`NnError::SoftmaxNotLast`] after a softmax layer, and
    /// [`NnError::Init`] when an initializer fails or the kernel has more than
    /// `usize::MAX` elements, and [`NnError::OutOfMemory`] when the kernel or the
    /// bias takes more than `isize::MAX` bytes or cannot be allocated (both sizes
    /// are checked before anything is allocated). The model is unchanged on error
    /// (the key stream too).
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, NnError, Sequential};
    /// let mut m = Sequential::<f32>::new(4, 0);
    /// m.push(Dense::new(3, Activation::Softmax))?;
    /// let err = m.push(Dense::new(2, Activation::Relu)).unwrap_err();
    /// assert_eq!(err, NnError::SoftmaxNotLast { layer: 0 });
    /// assert_eq!(m.layers().len(), 1);
    /// # Ok::<(), NnError>(())
    /// ```
    #[allow(clippy::needless_pass_by_value)] // `push(Dense::new(..))` reads as Keras's `add`
    pub fn push<K, B>(&mut self, layer: Dense<K, B>) -> Result<&mut Self, NnError>
    where
        K: Initializer<T>,
        B: Initializer<T>,
    {
        if layer.units == 0 {
            return Err(NnError::InvalidHyperParameter {
                name: "units",
                value: 0.0,
                expected: "at least 1",
            });
        }
        if let Activation::LeakyRelu { negative_slope } = layer.activation {
            Activation::leaky_relu(negative_slope)?;
        }
        if let Some(i) = self
            .layers
            .iter()
            .position(|l| l.activation == Activation::Softmax)
        {
            return Err(NnError::SoftmaxNotLast { layer: i });
        }
        let index = self.layers.len();
        let fan_in = self.output_dim();
        let mut keys = self.keys;
        let (kernel_key, bias_key) = (keys.next_u64(), keys.next_u64());
        let shape = Shape::dense(fan_in, layer.units);
        let kernel_error = |source| NnError::Init {
            layer: index,
            param: "kernel",
            source,
        };
        // fan_in·units can overflow for a huge input_dim, and its bytes overflow
        // isize sooner: typed errors, not a panic or an abort.
        let len = shape.try_len().map_err(kernel_error)?;
        let mut bias = zeros(layer.units, "the layer's bias")?;
        let mut kernel = zeros(len, "the layer's kernel")?;
        layer
            .kernel_initializer
            .fill_keyed(&mut kernel, &shape, kernel_key)
            .map_err(kernel_error)?;
        layer
            .bias_initializer
            .fill_keyed(&mut bias, &Shape::from_keras(&[layer.units]), bias_key)
            .map_err(|source| NnError::Init {
                layer: index,
                param: "bias",
                source,
            })?;
        self.keys = keys;
        self.layers.push(Layer {
            fan_in,
            units: layer.units,
            activation: layer.activation,
            kernel,
            bias,
        });
        self.state.clear();
        Ok(self)
    }

    /// Sets the loss and the optimizer (and resets the optimizer's state).
    ///
    /// # Errors
    /// [`NnError::NotReady`] when the model has no layers, and
    /// [`NnError::IncompatibleLoss`] when the loss cannot follow the output layer
    /// ([`Loss::check`]), and [`NnError::OutOfMemory`] when the optimizer's state
    /// cannot be allocated. The model is unchanged on error.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Loss, Sequential, Sgd};
    /// let mut m = Sequential::<f32>::new(4, 0);
    /// m.push(Dense::new(1, Activation::Sigmoid))?;
    /// assert!(m.compile(Loss::CategoricalCrossentropy, Sgd::default()).is_err());
    /// m.compile(Loss::BinaryCrossentropy, Sgd::default())?;
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn compile(&mut self, loss: Loss, optimizer: impl Into<Optimizer>) -> Result<(), NnError> {
        let last = self.layers.last().ok_or(NnError::NotReady {
            what: "has no layers",
            hint: "push at least one Dense layer before compiling",
        })?;
        loss.check(last.activation)?;
        let compiled = Compiled {
            loss,
            optimizer: optimizer.into(),
        };
        let state = optimizer_state(&self.layers, compiled.optimizer.slots())?;
        self.compiled = Some(compiled);
        self.state = state;
        Ok(())
    }

    /// The loss and the optimizer, checked against the current layers.
    pub(super) fn compiled(&self) -> Result<Compiled, NnError> {
        let c = self.compiled.ok_or(NnError::NotReady {
            what: "is not compiled",
            hint: "call `compile` with a loss and an optimizer first",
        })?;
        let last = self.layers.last().ok_or(NnError::NotReady {
            what: "has no layers",
            hint: "push at least one Dense layer",
        })?;
        c.loss.check(last.activation)?;
        Ok(c)
    }

    /// The loss and optimizer, and the checked sample count, of a batch.
    pub(super) fn batch(
        &self,
        x: &[T],
        y: &Targets<'_, T>,
        what: &'static str,
    ) -> Result<(Compiled, usize), NnError> {
        let compiled = self.compiled()?;
        let n = self.samples(x, what)?;
        y.validate(n, self.output_dim())?;
        Ok((compiled, n))
    }

    /// The number of samples in `x`, checked: the model has layers, and `x` is a
    /// non-empty whole number of rows of finite values (one pass over `x`).
    pub(super) fn samples(&self, x: &[T], what: &'static str) -> Result<usize, NnError> {
        if self.layers.is_empty() {
            return Err(NnError::NotReady {
                what: "has no layers",
                hint: "push at least one Dense layer",
            });
        }
        if x.is_empty() {
            return Err(NnError::EmptyBatch { what });
        }
        let d = self.input_dim;
        if d == 0 || !x.len().is_multiple_of(d) {
            return Err(NnError::DimensionMismatch {
                what: "the inputs",
                len: x.len(),
                expected: x.len().div_ceil(d.max(1)) * d,
            });
        }
        if let Some((i, value)) = first_non_finite(x) {
            return Err(NnError::NonFiniteInput {
                what,
                sample: i / d,
                feature: i % d,
                value: wide(value),
            });
        }
        Ok(x.len() / d)
    }

    /// Counts the distinct units of layer `layer`: the number of groups into
    /// which [`tied_groups`] partitions it, on the model's
    /// [`layer_views`](Sequential::layer_views).
    ///
    /// Hidden units are *tied* when their incoming weights, their biases and their
    /// outgoing weights (in the next layer) are equal value by value, `x == y`, so
    /// that `−0.0` and `0.0` count as equal. Tied units compute the same value and
    /// receive the same gradient, so no element-wise optimizer can ever separate
    /// them, and a layer of `n` units with `k` distinct ones trains as a layer of
    /// `k`. The output layer has no outgoing weights, and each of its units sees
    /// its own target: its units are all distinct, and the count is its `units`.
    ///
    /// It costs what the network check costs: a hash of each unit's weights and
    /// a sort, not a comparison of every pair of units.
    ///
    /// # Errors
    /// [`SymmetricInitError::NoSuchLayer`] when `layer >= layers().len()`, and
    /// [`SymmetricInitError::NonFiniteParameter`] when a weight or bias of the
    /// model is NaN or infinite (where equal values mean nothing).
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Sequential};
    /// use nninit::{Constant, SymmetricInitError};
    /// let c = Constant::new(0.1)?;
    /// let mut m = Sequential::<f32>::new(4, 0);
    /// m.push(Dense::new(8, Activation::Relu).kernel_initializer(c))?;
    /// m.push(Dense::new(3, Activation::Softmax).kernel_initializer(c))?;
    /// assert_eq!(m.distinct_units(0)?, 1);
    /// m.layers_mut()[1].kernel_mut()[0] = 0.2; // unit 0's outgoing weights differ
    /// assert_eq!(m.distinct_units(0)?, 2);
    /// m.layers_mut()[0].bias_mut()[5] = -0.0; // equal to the other biases, 0.0
    /// assert_eq!(m.distinct_units(0)?, 2);
    /// assert_eq!(m.distinct_units(1)?, 3); // output units are never tied
    /// assert_eq!(
    ///     m.distinct_units(2),
    ///     Err(SymmetricInitError::NoSuchLayer { layer: 2, layers: 2 })
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn distinct_units(&self, layer: usize) -> Result<usize, SymmetricInitError> {
        tied_groups(&self.layer_views(), layer).map(|groups| groups.len())
    }

    /// Runs the network check, [`check_network`], on the model's layers: it
    /// fails when a layer is frozen (every unit dead, as with zero kernels and
    /// ReLU), when hidden units are tied (equal incoming weights, bias and
    /// outgoing weights, as with any constant kernel), when some units are dead,
    /// or when a parameter is not finite. `fit` runs it first unless
    /// [`FitOptions::with_check_symmetry`] turns it off.
    ///
    /// # Errors
    /// [`NnError::SymmetricInit`] with what the check found.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, NnError, Sequential};
    /// use nninit::{Constant, SymmetricInitError, Zeros};
    /// let mut m = Sequential::<f32>::new(64, 0);
    /// m.push(Dense::new(128, Activation::Relu))?;
    /// m.push(Dense::new(10, Activation::Softmax))?;
    /// m.check_symmetry()?;
    ///
    /// let mut z = Sequential::<f32>::new(64, 0);
    /// z.push(Dense::new(128, Activation::Relu).kernel_initializer(Zeros))?;
    /// z.push(Dense::new(10, Activation::Softmax).kernel_initializer(Zeros))?;
    /// assert!(matches!(
    ///     z.check_symmetry(),
    ///     Err(NnError::SymmetricInit { source: SymmetricInitError::FrozenLayer { layer: 0, .. } })
    /// ));
    ///
    /// let c = Constant::new(0.1)?;
    /// let mut t = Sequential::<f32>::new(64, 0);
    /// t.push(Dense::new(128, Activation::Relu).kernel_initializer(c))?;
    /// t.push(Dense::new(10, Activation::Softmax).kernel_initializer(c))?;
    /// assert!(matches!(
    ///     t.check_symmetry(),
    ///     Err(NnError::SymmetricInit {
    ///         source: SymmetricInitError::TiedUnits { layer: 0, distinct: 1, units: 128, .. }
    ///     })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_symmetry(&self) -> Result<(), NnError> {
        check_network(&self.layer_views()).map_err(|source| NnError::SymmetricInit { source })
    }

    /// The mean loss and the accuracy on `x` against `y`.
    ///
    /// # Errors
    /// [`NnError::NotReady`] for a model without loss, the data errors of
    /// [`Sequential::fit`] ([`NnError::NonFiniteInput`] among them: every input is
    /// checked before any work), and [`NnError::OutOfMemory`] when the buffers of
    /// a chunk of samples cannot be allocated.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Loss, Sequential, Adam};
    /// let mut m = Sequential::<f32>::new(2, 0);
    /// m.push(Dense::new(2, Activation::Softmax).kernel_initializer(nninit::Zeros))?;
    /// m.compile(Loss::CategoricalCrossentropy, Adam::default())?;
    /// let e = m.evaluate(&[1.0, 2.0], &[1usize][..])?;
    /// assert_eq!(e.loss, std::f64::consts::LN_2 as f32 as f64);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn evaluate<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
    ) -> Result<Evaluation, NnError> {
        let y = y.into();
        let (compiled, n) = self.batch(x, &y, "evaluate")?;
        let rows = n.min(EVAL_ROWS);
        self.ws.ensure(self.input_dim, &self.layers, rows)?;
        let k = self.output_dim();
        let last = self.layers.len() - 1;
        let act = self.layers[last].activation;
        let (mut loss, mut right, mut total) = (0.0, 0, 0);
        let mut start = 0;
        while start < n {
            let r = rows.min(n - start);
            self.load(x, &y, start, r);
            self.forward(r)?;
            let ws = &self.ws;
            let (z, a, yb) = (&ws.z[last][..r * k], &ws.a[last][..r * k], &ws.y[..r * k]);
            loss += wide(compiled.loss.evaluate(act, z, a, yb, k, r, None));
            let (ok, of) = compiled.loss.correct(a, yb, k);
            right += ok;
            total += of;
            start += r;
        }
        Ok(Evaluation {
            loss: loss / count::<f64>(n),
            accuracy: ratio(right, total),
        })
    }

    /// The model's outputs for `x`: `samples × output_dim`, row-major.
    ///
    /// # Errors
    /// [`NnError::NotReady`] for a model without layers; [`NnError::EmptyBatch`],
    /// [`NnError::DimensionMismatch`] and [`NnError::NonFiniteInput`] for bad
    /// inputs (every input is checked before any work: ReLU would turn a NaN into
    /// a plausible output); and [`NnError::OutOfMemory`] when the outputs or the
    /// buffers of a chunk of samples cannot be allocated.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Sequential};
    /// let mut m = Sequential::<f64>::new(3, 0);
    /// m.push(Dense::new(4, Activation::Softmax))?;
    /// let p = m.predict(&[0.1, 0.2, 0.3, 1.0, 0.0, -1.0])?;
    /// assert_eq!(p.len(), 8);
    /// assert!((p[..4].iter().sum::<f64>() - 1.0).abs() < 1e-15);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn predict(&mut self, x: &[T]) -> Result<Vec<T>, NnError> {
        let n = self.samples(x, "predict")?;
        let rows = n.min(EVAL_ROWS);
        self.ws.ensure(self.input_dim, &self.layers, rows)?;
        let (d, k) = (self.input_dim, self.output_dim());
        let last = self.layers.len() - 1;
        let mut out = reserve(product::<T>(n, k, "the predictions")?, "the predictions")?;
        let mut start = 0;
        while start < n {
            let r = rows.min(n - start);
            self.ws.x[..r * d].copy_from_slice(&x[start * d..(start + r) * d]);
            self.forward(r)?;
            out.extend_from_slice(&self.ws.a[last][..r * k]);
            start += r;
        }
        Ok(out)
    }
    /// Copies samples `start..start + rows` into the workspace.
    pub(super) fn load(&mut self, x: &[T], y: &Targets<'_, T>, start: usize, rows: usize) {
        let (d, k) = (self.input_dim, self.output_dim());
        self.ws.x[..rows * d].copy_from_slice(&x[start * d..(start + rows) * d]);
        for r in 0..rows {
            y.row_into(start + r, &mut self.ws.y[r * k..(r + 1) * k]);
        }
    }

    /// The forward pass over the first `rows` rows of the workspace.
    pub(super) fn forward(&mut self, rows: usize) -> Result<(), NnError> {
        let ws = &mut self.ws;
        for (l, layer) in self.layers.iter().enumerate() {
            let (n, m) = (layer.fan_in, layer.units);
            let (prev, rest) = ws.a.split_at_mut(l);
            let input = if l == 0 {
                &ws.x[..rows * n]
            } else {
                &prev[l - 1][..rows * n]
            };
            let z = &mut ws.z[l][..rows * m];
            for row in z.chunks_exact_mut(m) {
                row.copy_from_slice(&layer.bias);
            }
            gemm(rows, n, m, input, Op::N, &layer.kernel, Op::N, T::one(), z)?;
            layer.activation.forward(z, &mut rest[0][..rows * m], m);
        }
        Ok(())
    }
}

#[cfg(test)]
#[cfg(test)]
#[cfg(test)]
pub(super) mod tests;
