//! `Sequential`: a stack of dense layers, with `fit`, `evaluate` and `predict`.

use crate::rng::mix64;
use crate::{Initializer, LayerView, Real, Shape, check_network};

use super::dense::Layer;
use super::gemm::{Op, gemm};
use super::num::{count, wide};
use super::{Activation, Dense, Loss, NnError, Optimizer, Targets};
use crate::rng::stream::Stream;

/// Separates the shuffling stream from the initialization keys.
const SHUFFLE_STREAM: u64 = 0x5348_5546_464c_4531;
/// The most rows `evaluate` and `predict` run at once.
const EVAL_ROWS: usize = 256;

/// How [`Sequential::fit`] runs.
///
/// ```
/// use nninit::nn::FitOptions;
/// let o = FitOptions::new(10);
/// assert_eq!((o.epochs(), o.get_batch_size()), (10, 32));
/// assert!(o.get_check_symmetry());
/// let o = o.batch_size(128).shuffle(false).record_steps(true).check_symmetry(false);
/// assert_eq!(o.get_batch_size(), 128);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FitOptions {
    epochs: usize,
    batch_size: usize,
    shuffle: bool,
    record_steps: bool,
    check_symmetry: bool,
}

impl FitOptions {
    /// `epochs` epochs with Keras's defaults: batches of 32, shuffled every
    /// epoch, the symmetry check on, and no per-step history.
    ///
    /// ```
    /// assert_eq!(nninit::nn::FitOptions::new(3).epochs(), 3);
    /// ```
    #[must_use]
    pub fn new(epochs: usize) -> Self {
        FitOptions {
            epochs,
            batch_size: 32,
            shuffle: true,
            record_steps: false,
            check_symmetry: true,
        }
    }

    /// Samples per step (the last batch of an epoch may be smaller).
    ///
    /// ```
    /// assert_eq!(nninit::nn::FitOptions::new(1).batch_size(8).get_batch_size(), 8);
    /// ```
    #[must_use]
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Whether to shuffle the samples before each epoch (from the model's seed).
    ///
    /// ```
    /// assert!(!nninit::nn::FitOptions::new(1).shuffle(false).get_shuffle());
    /// ```
    #[must_use]
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// Whether the history also records each step's loss and accuracy.
    ///
    /// ```
    /// assert!(nninit::nn::FitOptions::new(1).record_steps(true).get_record_steps());
    /// ```
    #[must_use]
    pub fn record_steps(mut self, record: bool) -> Self {
        self.record_steps = record;
        self
    }

    /// Whether `fit` first runs the network check
    /// ([`Sequential::check_symmetry`], which calls
    /// [`check_network`](crate::check_network)); on by default. Turn it off only
    /// to show what training a frozen or symmetric network does.
    ///
    /// ```
    /// assert!(!nninit::nn::FitOptions::new(1).check_symmetry(false).get_check_symmetry());
    /// ```
    #[must_use]
    pub fn check_symmetry(mut self, check: bool) -> Self {
        self.check_symmetry = check;
        self
    }

    /// The number of epochs.
    ///
    /// ```
    /// assert_eq!(nninit::nn::FitOptions::new(4).epochs(), 4);
    /// ```
    #[must_use]
    pub fn epochs(&self) -> usize {
        self.epochs
    }

    /// The batch size.
    ///
    /// ```
    /// assert_eq!(nninit::nn::FitOptions::new(4).get_batch_size(), 32);
    /// ```
    #[must_use]
    pub fn get_batch_size(&self) -> usize {
        self.batch_size
    }

    /// Whether samples are shuffled.
    ///
    /// ```
    /// assert!(nninit::nn::FitOptions::new(4).get_shuffle());
    /// ```
    #[must_use]
    pub fn get_shuffle(&self) -> bool {
        self.shuffle
    }

    /// Whether steps are recorded.
    ///
    /// ```
    /// assert!(!nninit::nn::FitOptions::new(4).get_record_steps());
    /// ```
    #[must_use]
    pub fn get_record_steps(&self) -> bool {
        self.record_steps
    }

    /// Whether the symmetry check runs.
    ///
    /// ```
    /// assert!(nninit::nn::FitOptions::new(4).get_check_symmetry());
    /// ```
    #[must_use]
    pub fn get_check_symmetry(&self) -> bool {
        self.check_symmetry
    }
}

/// What [`Sequential::fit`] returns: the mean loss and the accuracy of each
/// epoch, over the batches as they were trained (Keras's `History`), and of each
/// step when [`FitOptions::record_steps`] asks for it.
///
/// ```
/// use nninit::nn::History;
/// let h = History::default();
/// assert!(h.loss.is_empty() && h.step_loss.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Each epoch's loss: the mean over its samples.
    pub loss: Vec<f64>,
    /// Each epoch's accuracy.
    pub accuracy: Vec<f64>,
    /// Each step's loss (empty unless recorded).
    pub step_loss: Vec<f64>,
    /// Each step's accuracy (empty unless recorded).
    pub step_accuracy: Vec<f64>,
}

/// A loss and an accuracy, from [`Sequential::evaluate`] or one training step.
///
/// ```
/// let e = nninit::nn::Evaluation { loss: 0.5, accuracy: 0.9 };
/// assert!(e.accuracy > e.loss);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// The mean loss over the samples.
    pub loss: f64,
    /// The fraction of right predictions (see [`Loss`] for which accuracy).
    pub accuracy: f64,
}

/// The loss and the gradient of every parameter for one batch, from
/// [`Sequential::gradients`].
///
/// ```
/// let g = nninit::nn::Gradients::<f32> { loss: 1.0, kernels: vec![], biases: vec![] };
/// assert_eq!(g.kernels.len(), g.biases.len());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gradients<T> {
    /// The mean loss over the batch.
    pub loss: f64,
    /// `∂loss/∂W` for each layer, laid out as the kernel.
    pub kernels: Vec<Vec<T>>,
    /// `∂loss/∂b` for each layer.
    pub biases: Vec<Vec<T>>,
}

/// Buffers for one batch, allocated once and reused by every step.
#[derive(Clone, Debug, Default)]
struct Workspace<T> {
    rows: usize,
    widths: Vec<usize>,
    x: Vec<T>,
    y: Vec<T>,
    z: Vec<Vec<T>>,
    a: Vec<Vec<T>>,
    d: Vec<Vec<T>>,
    gw: Vec<Vec<T>>,
    gb: Vec<Vec<T>>,
}

impl<T: Real> Workspace<T> {
    /// Makes room for `rows` rows of the model's layers.
    fn ensure(&mut self, input: usize, layers: &[Layer<T>], rows: usize) {
        let same = self.widths.len() == layers.len()
            && self.widths.iter().zip(layers).all(|(&w, l)| w == l.units);
        if same && self.rows >= rows && self.x.len() >= rows * input {
            return;
        }
        let widths: Vec<usize> = layers.iter().map(|l| l.units).collect();
        let rows = rows.max(self.rows);
        let out = widths.last().copied().unwrap_or(0);
        let zeros = |n: usize| vec![T::zero(); n];
        self.x = zeros(rows * input);
        self.y = zeros(rows * out);
        self.z = widths.iter().map(|&w| zeros(rows * w)).collect();
        self.a = widths.iter().map(|&w| zeros(rows * w)).collect();
        self.d = widths.iter().map(|&w| zeros(rows * w)).collect();
        self.gw = layers.iter().map(|l| zeros(l.kernel.len())).collect();
        self.gb = layers.iter().map(|l| zeros(l.bias.len())).collect();
        self.rows = rows;
        self.widths = widths;
    }
}

/// The loss and optimizer a model trains with.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Compiled {
    loss: Loss,
    optimizer: Optimizer,
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
/// let history = model.fit(&x, &y[..], &FitOptions::new(200).batch_size(4))?;
/// assert!(history.loss[199] < history.loss[0]);
/// assert_eq!(model.evaluate(&x, &y[..])?.accuracy, 1.0);
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Sequential<T> {
    input_dim: usize,
    seed: u64,
    keys: Stream,
    shuffle: Stream,
    layers: Vec<Layer<T>>,
    compiled: Option<Compiled>,
    /// Optimizer slots: `[2·layer]` for a kernel, `[2·layer + 1]` for a bias.
    state: Vec<Vec<Vec<T>>>,
    step: u64,
    ws: Workspace<T>,
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
    /// `usize::MAX` elements. The model is unchanged on error
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
        // fan_in·units can overflow for a huge input_dim: a typed error, not a panic.
        let mut kernel = vec![T::zero(); shape.try_len().map_err(kernel_error)?];
        layer
            .kernel_initializer
            .fill_keyed(&mut kernel, &shape, kernel_key)
            .map_err(kernel_error)?;
        let mut bias = vec![T::zero(); layer.units];
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
    /// ([`Loss::check`]).
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
        self.compiled = Some(compiled);
        self.state.clear();
        self.prepare(compiled, 0);
        Ok(())
    }

    /// The loss and the optimizer, checked against the current layers.
    fn compiled(&self) -> Result<Compiled, NnError> {
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

    /// The number of samples in `x`, checked.
    fn samples(&self, x: &[T], what: &'static str) -> Result<usize, NnError> {
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
        Ok(x.len() / d)
    }

    /// Counts the distinct units of layer `layer`: units are the same when their
    /// incoming weights and bias are bit-identical and, for a hidden layer, so are
    /// their outgoing weights in the next layer. Such units compute the same
    /// value and receive the same gradient, so no optimizer can separate them.
    /// `None` when there is no such layer.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Sequential};
    /// use nninit::{Constant, GlorotUniform};
    /// let c = Constant::new(0.1)?;
    /// let mut m = Sequential::<f32>::new(4, 0);
    /// m.push(Dense::new(8, Activation::Relu).kernel_initializer(c))?;
    /// m.push(Dense::new(3, Activation::Softmax).kernel_initializer(c))?;
    /// assert_eq!(m.distinct_units(0), Some(1));
    /// m.layers_mut()[1].kernel_mut()[0] = 0.2; // unit 0's outgoing weights differ
    /// assert_eq!(m.distinct_units(0), Some(2));
    /// assert_eq!(m.distinct_units(2), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn distinct_units(&self, layer: usize) -> Option<usize> {
        let this = self.layers.get(layer)?;
        let next = self.layers.get(layer + 1);
        let mut reps: Vec<usize> = Vec::new();
        for j in 0..this.units {
            let tied = reps
                .iter()
                .any(|&r| this.same_incoming(r, j) && next.is_none_or(|n| n.same_outgoing(r, j)));
            if !tied {
                reps.push(j);
            }
        }
        Some(reps.len())
    }

    /// Runs the network check, [`check_network`], on the model's layers: it
    /// fails when a layer is frozen (every unit dead, as with zero kernels and
    /// ReLU), when hidden units are tied (equal incoming weights, bias and
    /// outgoing weights, as with any constant kernel), when some units are dead,
    /// or when a parameter is not finite. `fit` runs it first unless
    /// [`FitOptions::check_symmetry`] turns it off.
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

    /// Trains for `epochs` epochs in batches of `batch_size`, shuffling from the
    /// model's seed: `fit(x, y, &FitOptions::new(epochs).batch_size(batch_size))`.
    ///
    /// # Errors
    /// As [`Sequential::fit`].
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Loss, Sequential, Sgd};
    /// let mut m = Sequential::<f64>::new(1, 0);
    /// m.push(Dense::new(1, Activation::Linear))?;
    /// m.compile(Loss::MeanSquaredError, Sgd::new(0.1, 0.0, false)?)?;
    /// let x = [0.0, 1.0, 2.0, 3.0];
    /// let y = [1.0, 3.0, 5.0, 7.0];
    /// let h = m.fit_epochs(&x, &y[..], 300, 4)?;
    /// assert!(h.loss[299] < 1e-6);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn fit_epochs<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
        epochs: usize,
        batch_size: usize,
    ) -> Result<History, NnError> {
        self.fit(x, y, &FitOptions::new(epochs).batch_size(batch_size))
    }

    /// Trains on `x` (`samples × input_dim`, row-major) against `y`, as
    /// `options` says, and returns the history.
    ///
    /// Everything is checked before the first step: the model is compiled, `x` and
    /// `y` hold the same non-zero number of samples, labels are below the number
    /// of outputs, the batch size is positive, and (unless turned off) the network
    /// check passes ([`Sequential::check_symmetry`]). During training, a step whose loss or
    /// gradient is NaN or infinite stops the run before its update is applied.
    ///
    /// The workspace is allocated once per call; the steps allocate nothing
    /// (beyond what the GEMM kernel does inside each product).
    ///
    /// # Errors
    /// [`NnError::NotReady`], [`NnError::EmptyBatch`], [`NnError::DimensionMismatch`],
    /// [`NnError::LabelOutOfRange`], [`NnError::InvalidHyperParameter`],
    /// [`NnError::IncompatibleLoss`], [`NnError::SymmetricInit`], and during
    /// training [`NnError::NonFiniteLoss`] and [`NnError::NonFiniteGradient`].
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, FitOptions, Loss, NnError, Sequential, Adam};
    /// let mut m = Sequential::<f32>::new(2, 0);
    /// m.push(Dense::new(3, Activation::Softmax))?;
    /// m.compile(Loss::CategoricalCrossentropy, Adam::default())?;
    /// let x = [0.0f32, 1.0, 1.0, 0.0];
    /// let err = m.fit(&x, &[0usize, 3][..], &FitOptions::new(1)).unwrap_err();
    /// assert_eq!(err, NnError::LabelOutOfRange { sample: 1, label: 3, classes: 3 });
    /// let h = m.fit(&x, &[0usize, 2][..], &FitOptions::new(2).record_steps(true))?;
    /// assert_eq!((h.loss.len(), h.step_loss.len()), (2, 2));
    /// # Ok::<(), NnError>(())
    /// ```
    pub fn fit<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
        options: &FitOptions,
    ) -> Result<History, NnError> {
        let y = y.into();
        let compiled = self.compiled()?;
        let n = self.samples(x, "fit")?;
        y.validate(n, self.output_dim())?;
        if options.batch_size == 0 {
            return Err(NnError::InvalidHyperParameter {
                name: "batch_size",
                value: 0.0,
                expected: "at least 1",
            });
        }
        if options.check_symmetry {
            self.check_symmetry()?;
        }
        let batch = options.batch_size.min(n);
        self.prepare(compiled, batch);
        let steps_per_epoch = n.div_ceil(batch);
        // Reserving is only an optimization: a huge `epochs` must not overflow or
        // abort here, so the counts saturate and a failed reservation is ignored.
        let mut history = History::default();
        let _ = history.loss.try_reserve(options.epochs);
        let _ = history.accuracy.try_reserve(options.epochs);
        if options.record_steps {
            let steps = options.epochs.saturating_mul(steps_per_epoch);
            let _ = history.step_loss.try_reserve(steps);
            let _ = history.step_accuracy.try_reserve(steps);
        }
        let mut order: Vec<usize> = (0..n).collect();
        let (d, k) = (self.input_dim, self.output_dim());
        for _ in 0..options.epochs {
            if options.shuffle {
                self.shuffle.shuffle(&mut order);
            }
            let (mut loss, mut right, mut total) = (0.0, 0usize, 0usize);
            for idx in order.chunks(batch) {
                for (r, &i) in idx.iter().enumerate() {
                    self.ws.x[r * d..(r + 1) * d].copy_from_slice(&x[i * d..(i + 1) * d]);
                    y.row_into(i, &mut self.ws.y[r * k..(r + 1) * k]);
                }
                let (sum, ok, of) = self.step(compiled, idx.len())?;
                loss += sum;
                right += ok;
                total += of;
                if options.record_steps {
                    history.step_loss.push(sum / count::<f64>(idx.len()));
                    history.step_accuracy.push(ratio(ok, of));
                }
            }
            history.loss.push(loss / count::<f64>(n));
            history.accuracy.push(ratio(right, total));
        }
        Ok(history)
    }

    /// One optimizer step on the batch `x` against `y`, Keras's
    /// `train_on_batch`; returns the batch's loss and accuracy before the update.
    ///
    /// # Errors
    /// As [`Sequential::fit`], without the symmetry check.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Loss, Sequential, Sgd};
    /// let mut m = Sequential::<f64>::new(1, 0);
    /// m.push(Dense::new(1, Activation::Linear))?;
    /// m.compile(Loss::MeanSquaredError, Sgd::new(0.25, 0.0, false)?)?;
    /// m.layers_mut()[0].kernel_mut()[0] = 0.0;
    /// let e = m.train_on_batch(&[1.0], &[2.0][..])?;
    /// assert_eq!(e.loss, 4.0);
    /// // w ← 0 − 0.25·2·(0 − 2)·1 = 1, b ← 0 + 1
    /// assert_eq!((m.layers()[0].kernel()[0], m.layers()[0].bias()[0]), (1.0, 1.0));
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn train_on_batch<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
    ) -> Result<Evaluation, NnError> {
        let y = y.into();
        let compiled = self.compiled()?;
        let n = self.samples(x, "train_on_batch")?;
        y.validate(n, self.output_dim())?;
        self.prepare(compiled, n);
        self.load(x, &y, 0, n);
        let (loss, ok, of) = self.step(compiled, n)?;
        Ok(Evaluation {
            loss: loss / count::<f64>(n),
            accuracy: ratio(ok, of),
        })
    }

    /// The loss and the gradient of every parameter for the batch `x` against
    /// `y`, without changing the weights: what one training step would apply.
    ///
    /// # Errors
    /// As [`Sequential::train_on_batch`], except that non-finite values are
    /// returned, not reported.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Loss, Sequential, Sgd};
    /// let mut m = Sequential::<f64>::new(1, 0);
    /// m.push(Dense::new(1, Activation::Linear))?;
    /// m.compile(Loss::MeanSquaredError, Sgd::default())?;
    /// m.layers_mut()[0].kernel_mut()[0] = 3.0;
    /// let g = m.gradients(&[2.0], &[1.0][..])?;
    /// // loss (6 − 1)² = 25; ∂/∂w = 2·5·2 = 20; ∂/∂b = 10
    /// assert_eq!((g.loss, g.kernels[0][0], g.biases[0][0]), (25.0, 20.0, 10.0));
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn gradients<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
    ) -> Result<Gradients<T>, NnError> {
        let y = y.into();
        let compiled = self.compiled()?;
        let n = self.samples(x, "gradients")?;
        y.validate(n, self.output_dim())?;
        self.ws.ensure(self.input_dim, &self.layers, n);
        self.load(x, &y, 0, n);
        let (loss, _, _) = self.forward_backward(compiled.loss, n)?;
        Ok(Gradients {
            loss: wide(loss) / count::<f64>(n),
            kernels: self.ws.gw.clone(),
            biases: self.ws.gb.clone(),
        })
    }

    /// The mean loss and the accuracy on `x` against `y`.
    ///
    /// # Errors
    /// [`NnError::NotReady`] for a model without loss, and the data errors of
    /// [`Sequential::fit`].
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
        let compiled = self.compiled()?;
        let n = self.samples(x, "evaluate")?;
        y.validate(n, self.output_dim())?;
        let rows = n.min(EVAL_ROWS);
        self.ws.ensure(self.input_dim, &self.layers, rows);
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
    /// [`NnError::NotReady`] for a model without layers, [`NnError::EmptyBatch`]
    /// and [`NnError::DimensionMismatch`] for bad inputs.
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
        self.ws.ensure(self.input_dim, &self.layers, rows);
        let (d, k) = (self.input_dim, self.output_dim());
        let last = self.layers.len() - 1;
        let mut out = Vec::with_capacity(n * k);
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

    /// Allocates the workspace for `rows` and the optimizer state.
    fn prepare(&mut self, compiled: Compiled, rows: usize) {
        self.ws.ensure(self.input_dim, &self.layers, rows);
        let slots = compiled.optimizer.slots();
        if self.state.len() != 2 * self.layers.len()
            || self.state.first().is_some_and(|s| s.len() != slots)
        {
            self.state = self
                .layers
                .iter()
                .flat_map(|l| [l.kernel.len(), l.bias.len()])
                .map(|len| (0..slots).map(|_| vec![T::zero(); len]).collect())
                .collect();
        }
    }

    /// Copies samples `start..start + rows` into the workspace.
    fn load(&mut self, x: &[T], y: &Targets<'_, T>, start: usize, rows: usize) {
        let (d, k) = (self.input_dim, self.output_dim());
        self.ws.x[..rows * d].copy_from_slice(&x[start * d..(start + rows) * d]);
        for r in 0..rows {
            y.row_into(start + r, &mut self.ws.y[r * k..(r + 1) * k]);
        }
    }

    /// The forward pass over the first `rows` rows of the workspace.
    fn forward(&mut self, rows: usize) -> Result<(), NnError> {
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

    /// Forward and backward passes: the batch's summed loss, and the gradients of
    /// its mean loss in `ws.gw` and `ws.gb`; also the number right, out of how
    /// many.
    fn forward_backward(&mut self, loss: Loss, rows: usize) -> Result<(T, usize, usize), NnError> {
        self.forward(rows)?;
        let ws = &mut self.ws;
        let last = self.layers.len() - 1;
        let k = self.layers[last].units;
        let act = self.layers[last].activation;
        let (z, a, y) = (
            &ws.z[last][..rows * k],
            &ws.a[last][..rows * k],
            &ws.y[..rows * k],
        );
        let total = loss.evaluate(act, z, a, y, k, rows, Some(&mut ws.d[last][..rows * k]));
        let (ok, of) = loss.correct(a, y, k);
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let (n, m) = (layer.fan_in, layer.units);
            let (below, here) = ws.d.split_at_mut(l);
            let delta = &here[0][..rows * m];
            let input = if l == 0 {
                &ws.x[..rows * n]
            } else {
                &ws.a[l - 1][..rows * n]
            };
            gemm(
                n,
                rows,
                m,
                input,
                Op::T,
                delta,
                Op::N,
                T::zero(),
                &mut ws.gw[l],
            )?;
            let gb = &mut ws.gb[l];
            gb.fill(T::zero());
            for row in delta.chunks_exact(m) {
                for (g, &v) in gb.iter_mut().zip(row) {
                    *g = *g + v;
                }
            }
            if l > 0 {
                let back = &mut below[l - 1][..rows * n];
                gemm(
                    rows,
                    m,
                    n,
                    delta,
                    Op::N,
                    &layer.kernel,
                    Op::T,
                    T::zero(),
                    back,
                )?;
                let prev = &self.layers[l - 1];
                prev.activation
                    .backward(&ws.z[l - 1][..rows * n], &ws.a[l - 1][..rows * n], back);
            }
        }
        Ok((total, ok, of))
    }

    /// One training step on the first `rows` rows of the workspace: the summed
    /// loss (as `f64`), and the number right, out of how many.
    fn step(&mut self, compiled: Compiled, rows: usize) -> Result<(f64, usize, usize), NnError> {
        let (total, ok, of) = self.forward_backward(compiled.loss, rows)?;
        let loss = wide(total);
        if !loss.is_finite() {
            return Err(NnError::NonFiniteLoss {
                step: self.step,
                value: loss / count::<f64>(rows),
            });
        }
        for (layer, (gw, gb)) in self.ws.gw.iter().zip(&self.ws.gb).enumerate() {
            for (param, g) in [("kernel", gw), ("bias", gb)] {
                // A branch-free scan first (it vectorizes), the position only on failure.
                if !g.iter().fold(false, |bad, v| bad | !v.is_finite()) {
                    continue;
                }
                if let Some(index) = g.iter().position(|v| !v.is_finite()) {
                    return Err(NnError::NonFiniteGradient {
                        step: self.step,
                        layer,
                        param,
                        index,
                        value: wide(g[index]),
                    });
                }
            }
        }
        let opt = compiled.optimizer;
        let c = opt.coefficients::<T>(self.step + 1);
        for (l, layer) in self.layers.iter_mut().enumerate() {
            let (sk, sb) = self.state[2 * l..2 * l + 2].split_at_mut(1);
            opt.update(&c, &mut layer.kernel, &self.ws.gw[l], &mut sk[0]);
            opt.update(&c, &mut layer.bias, &self.ws.gb[l], &mut sb[0]);
        }
        self.step += 1;
        Ok((loss, ok, of))
    }
}

/// `num / den` as `f64` (0 when `den` is 0).
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        count::<f64>(num) / count::<f64>(den)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Adam, Sgd};
    use crate::{Constant, HeUniform, Zeros};

    fn model(seed: u64) -> Sequential<f64> {
        let mut m = Sequential::new(3, seed);
        m.push(Dense::new(5, Activation::Tanh).kernel_initializer(HeUniform))
            .unwrap();
        m.push(Dense::new(2, Activation::Softmax)).unwrap();
        m.compile(Loss::CategoricalCrossentropy, Adam::default())
            .unwrap();
        m
    }

    #[test]
    fn a_seed_fixes_the_weights_and_the_run() {
        let x: Vec<f64> = (0..30).map(|i| f64::from(i % 7) / 7.0).collect();
        let y: Vec<usize> = (0..10).map(|i| i % 2).collect();
        let (mut a, mut b, mut c) = (model(5), model(5), model(6));
        assert_eq!(a, b);
        assert_ne!(a.layers(), c.layers());
        let ha = a.fit(&x, &y, &FitOptions::new(3).batch_size(4)).unwrap();
        let hb = b.fit(&x, &y, &FitOptions::new(3).batch_size(4)).unwrap();
        let hc = c.fit(&x, &y, &FitOptions::new(3).batch_size(4)).unwrap();
        assert_eq!(ha, hb);
        assert_eq!(a, b);
        assert_ne!(ha, hc);
    }

    #[test]
    fn a_kernel_too_large_to_count_is_an_error() {
        let mut m = Sequential::<f32>::new(usize::MAX, 0);
        let err = m.push(Dense::new(2, Activation::Linear)).unwrap_err();
        assert!(matches!(
            err,
            NnError::Init {
                layer: 0,
                param: "kernel",
                source: crate::InitError::ShapeOverflow { .. }
            }
        ));
        assert!(m.layers().is_empty());
    }

    #[test]
    fn a_huge_epoch_count_reaches_the_first_step() {
        // Reserving the history for usize::MAX epochs must neither overflow nor
        // abort; the NaN input then stops the run at its first step.
        let x = vec![f64::NAN; 33];
        let y: Vec<usize> = (0..11).map(|i| i % 2).collect();
        let mut m = model(7);
        let options = FitOptions::new(usize::MAX).batch_size(4).record_steps(true);
        assert!(matches!(
            m.fit(&x, &y, &options.check_symmetry(false)),
            Err(NnError::NonFiniteLoss { step: 0, .. })
        ));
    }

    #[test]
    fn history_records_epochs_and_steps_consistently() {
        let x: Vec<f64> = (0..33).map(|i| f64::from(i % 5) / 5.0).collect();
        let y: Vec<usize> = (0..11).map(|i| i % 2).collect();
        let mut m = model(7);
        let h = m
            .fit(&x, &y, &FitOptions::new(3).batch_size(4).record_steps(true))
            .unwrap();
        // 11 samples in batches of 4: steps of 4, 4 and 3 samples per epoch.
        assert_eq!(
            (h.loss.len(), h.step_loss.len(), h.step_accuracy.len()),
            (3, 9, 9)
        );
        assert_eq!(m.steps(), 9);
        for e in 0..3 {
            let s = &h.step_loss[3 * e..3 * e + 3];
            let weighted = (4.0 * s[0] + 4.0 * s[1] + 3.0 * s[2]) / 11.0;
            assert!((h.loss[e] - weighted).abs() < 1e-12);
            let a = &h.step_accuracy[3 * e..3 * e + 3];
            let right = (4.0 * a[0] + 4.0 * a[1] + 3.0 * a[2]).round();
            assert_eq!(h.accuracy[e], right / 11.0);
        }
        // Without shuffling the batches are the samples in order.
        let mut a = model(7);
        let mut b = model(7);
        let ha = a
            .fit(&x, &y, &FitOptions::new(1).batch_size(4).shuffle(false))
            .unwrap();
        let hb = b.fit(&x, &y, &FitOptions::new(1).batch_size(4)).unwrap();
        assert_ne!(a, b);
        let mut c = model(7);
        for start in [0, 4, 8] {
            let end = (start + 4).min(11);
            c.train_on_batch(&x[3 * start..3 * end], &y[start..end])
                .unwrap();
        }
        assert_eq!(a.layers(), c.layers());
        assert_ne!(ha, hb);
        assert!(m.fit(&x, &y, &FitOptions::new(0)).unwrap().loss.is_empty());
    }

    #[test]
    fn boxed_and_borrowed_initializers_fill_as_the_one_they_hold() {
        let boxed: Box<dyn Initializer<f64>> = Box::new(HeUniform);
        let mut a = Sequential::<f64>::new(6, 3);
        a.push(Dense::new(5, Activation::Relu).kernel_initializer(boxed))
            .unwrap();
        let mut b = Sequential::<f64>::new(6, 3);
        b.push(Dense::new(5, Activation::Relu).kernel_initializer(&HeUniform))
            .unwrap();
        let mut c = Sequential::<f64>::new(6, 3);
        c.push(Dense::new(5, Activation::Relu).kernel_initializer(HeUniform))
            .unwrap();
        assert_eq!(a, c);
        assert_eq!(b, c);
    }

    #[test]
    fn errors_leave_the_model_unchanged() {
        let mut m = model(1);
        let before = m.clone();
        let x = [0.0; 6];
        assert!(matches!(
            m.fit(&x[..5], &[0usize, 1][..], &FitOptions::new(1)),
            Err(NnError::DimensionMismatch { .. })
        ));
        assert_eq!(
            m.fit(&[], &[0usize; 0][..], &FitOptions::new(1)),
            Err(NnError::EmptyBatch { what: "fit" })
        );
        assert!(matches!(
            m.fit(&x, &[0usize][..], &FitOptions::new(1)),
            Err(NnError::DimensionMismatch {
                what: "the labels",
                ..
            })
        ));
        assert!(matches!(
            m.fit(&x, &[0usize, 2][..], &FitOptions::new(1)),
            Err(NnError::LabelOutOfRange { .. })
        ));
        assert!(matches!(
            m.fit(&x, &[0usize, 1][..], &FitOptions::new(1).batch_size(0)),
            Err(NnError::InvalidHyperParameter {
                name: "batch_size",
                ..
            })
        ));
        assert!(matches!(
            m.fit(&x, &[0.0; 5][..], &FitOptions::new(1)),
            Err(NnError::DimensionMismatch {
                what: "the targets",
                ..
            })
        ));
        assert_eq!(m, before);
        assert!(matches!(
            m.push(Dense::new(2, Activation::Relu)),
            Err(NnError::SoftmaxNotLast { .. })
        ));
        let mut fresh = Sequential::<f64>::new(2, 0);
        assert!(matches!(
            fresh.push(Dense::new(
                2,
                Activation::LeakyRelu {
                    negative_slope: f64::NAN
                }
            )),
            Err(NnError::InvalidHyperParameter { .. })
        ));
        assert!(matches!(
            fresh.fit(&[1.0, 2.0], &[0usize][..], &FitOptions::new(1)),
            Err(NnError::NotReady { .. })
        ));
        assert!(fresh.layers().is_empty());
    }

    #[test]
    fn non_finite_loss_and_gradient_stop_before_the_update() {
        let mut m = model(2);
        let before = m.clone();
        let x = [0.0, 1.0, f64::NAN];
        assert!(matches!(
            m.train_on_batch(&x, &[0usize][..]),
            Err(NnError::NonFiniteLoss { step: 0, .. })
        ));
        assert_eq!(m, before);

        // A finite loss whose backpropagated gradient overflows: the hidden
        // layer's output is 0, but 1e200 flows back through the second kernel
        // and meets an input of 1e200.
        let mut m = Sequential::<f64>::new(1, 0);
        m.push(Dense::new(1, Activation::Linear)).unwrap();
        m.push(Dense::new(2, Activation::Softmax)).unwrap();
        m.compile(Loss::CategoricalCrossentropy, Sgd::default())
            .unwrap();
        m.layers_mut()[0].kernel_mut()[0] = 0.0;
        m.layers_mut()[1]
            .kernel_mut()
            .copy_from_slice(&[1e200, -1e200]);
        let before = m.clone();
        let err = m.train_on_batch(&[1e200], &[0.0, 1.0][..]);
        assert!(
            matches!(
                err,
                Err(NnError::NonFiniteGradient {
                    layer: 0,
                    param: "kernel",
                    ..
                })
            ),
            "{err:?}"
        );
        assert_eq!(m, before);
    }

    #[test]
    fn symmetry_check_and_opt_out() {
        let c = Constant::new(0.1).unwrap();
        let mut m = Sequential::<f32>::new(4, 0);
        m.push(Dense::new(6, Activation::Relu).kernel_initializer(c))
            .unwrap();
        m.push(Dense::new(3, Activation::Softmax).kernel_initializer(Zeros))
            .unwrap();
        m.compile(Loss::CategoricalCrossentropy, Adam::default())
            .unwrap();
        let x = [0.5f32; 8];
        let y = [0usize, 2];
        assert_eq!(
            m.fit(&x, &y[..], &FitOptions::new(1)),
            Err(NnError::SymmetricInit {
                source: crate::SymmetricInitError::TiedUnits {
                    layer: 0,
                    first: 0,
                    second: 1,
                    distinct: 1,
                    units: 6
                }
            })
        );
        assert_eq!(m.steps(), 0);
        let h = m
            .fit(&x, &y[..], &FitOptions::new(2).check_symmetry(false))
            .unwrap();
        assert_eq!(h.loss.len(), 2);
        assert_eq!(m.distinct_units(0), Some(1));
        // The output layer is not checked, even when its units are equal.
        let mut out = Sequential::<f32>::new(4, 0);
        out.push(Dense::new(3, Activation::Softmax).kernel_initializer(Zeros))
            .unwrap();
        assert_eq!(out.distinct_units(0), Some(1));
        assert!(out.check_symmetry().is_ok());
    }

    #[test]
    fn layer_views_borrow_the_weights() {
        let m = model(3);
        let v = m.layer_views();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].kernel, m.layers()[0].kernel());
        assert_eq!(v[0].bias, m.layers()[0].bias());
        assert_eq!((v[0].fan_in, v[0].units), (3, 5));
        assert_eq!(v[0].activation, crate::Nonlinearity::Tanh);
        assert_eq!(v[1].activation, crate::Nonlinearity::Linear);
        assert_eq!((v[1].fan_in, v[1].units), (5, 2));
        assert!(std::ptr::eq(v[1].kernel, m.layers()[1].kernel()));
    }

    #[test]
    fn predict_and_evaluate_run_in_chunks() {
        let mut m = model(4);
        let n = 2 * EVAL_ROWS + 3;
        let x: Vec<f64> = (0..3 * n)
            .map(|i| f64::from(u32::try_from(i % 11).unwrap()))
            .collect();
        let y: Vec<usize> = (0..n).map(|i| i % 2).collect();
        let all = m.predict(&x).unwrap();
        assert_eq!(all.len(), 2 * n);
        let one = m.predict(&x[3 * (n - 1)..]).unwrap();
        assert_eq!(&all[2 * (n - 1)..], &one[..]);
        let e = m.evaluate(&x, &y).unwrap();
        let mut loss = 0.0;
        let mut right = 0;
        for i in 0..n {
            let p = &all[2 * i..2 * i + 2];
            loss -= p[y[i]].ln();
            right += usize::from((p[1] > p[0]) == (y[i] == 1));
        }
        assert!((e.loss - loss / count::<f64>(n)).abs() < 1e-12);
        assert_eq!(e.accuracy, ratio(right, n));
    }
}
