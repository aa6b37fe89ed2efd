//! How `fit` runs, and what training reports: `FitOptions`, `History`,
//! `Evaluation`, `Gradients`.

#[cfg(doc)]
use super::{Loss, Sequential};

/// How [`Sequential::fit`] runs: Keras's `fit(epochs=…, batch_size=…,
/// shuffle=…)`, plus the network check.
///
/// Each option has a `with_` setter, which returns the changed options, and a
/// getter of the option's own name, as the initializers' parameters have
/// (`VarianceScaling::with_mode` and `VarianceScaling::mode`).
///
/// ```
/// use nninit::nn::FitOptions;
/// let o = FitOptions::new(10);
/// assert_eq!((o.epochs(), o.batch_size()), (10, 32));
/// assert!(o.shuffle() && o.check_symmetry() && !o.record_steps());
/// let o = o
///     .with_batch_size(128)
///     .with_shuffle(false)
///     .with_record_steps(true)
///     .with_check_symmetry(false);
/// assert_eq!(o.batch_size(), 128);
/// assert!(!o.shuffle() && !o.check_symmetry() && o.record_steps());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools)] // independent switches, each with a builder
pub struct FitOptions {
    epochs: usize,
    batch_size: usize,
    shuffle: bool,
    record_steps: bool,
    check_symmetry: bool,
    check_trainability: bool,
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
            check_trainability: false,
        }
    }

    /// The same options with `batch_size` samples per step (the last batch of an
    /// epoch may be smaller); `fit` rejects 0.
    ///
    /// ```
    /// assert_eq!(nninit::nn::FitOptions::new(1).with_batch_size(8).batch_size(), 8);
    /// ```
    #[must_use]
    pub fn with_batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// The same options, shuffling the samples before each epoch (from the
    /// model's seed) or not.
    ///
    /// ```
    /// assert!(!nninit::nn::FitOptions::new(1).with_shuffle(false).shuffle());
    /// ```
    #[must_use]
    pub fn with_shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// The same options, with the history also recording each step's loss and
    /// accuracy or not.
    ///
    /// ```
    /// assert!(nninit::nn::FitOptions::new(1).with_record_steps(true).record_steps());
    /// ```
    #[must_use]
    pub fn with_record_steps(mut self, record: bool) -> Self {
        self.record_steps = record;
        self
    }

    /// The same options, with `fit` first running the network check
    /// ([`Sequential::check_symmetry`], which calls
    /// [`check_network`](crate::check_network)) or not; it is on by default. Turn
    /// it off only to show what training a frozen or symmetric network does.
    ///
    /// ```
    /// assert!(!nninit::nn::FitOptions::new(1).with_check_symmetry(false).check_symmetry());
    /// ```
    #[must_use]
    pub fn with_check_symmetry(mut self, check: bool) -> Self {
        self.check_symmetry = check;
        self
    }

    /// The same options, with `fit` first running
    /// [`Sequential::diagnose`](super::Sequential::diagnose) on the first batch (the
    /// first `batch_size` samples, before any shuffle) and returning its verdict
    /// as [`NnError::Untrainable`](super::NnError::Untrainable), or not; it is off
    /// by default. Unlike the symmetry check, which is exact, this verdict is a
    /// calibrated judgement ([`TrainabilityLimits`](super::TrainabilityLimits)),
    /// not a proof.
    ///
    /// ```
    /// assert!(nninit::nn::FitOptions::new(1).with_check_trainability(true).check_trainability());
    /// ```
    #[must_use]
    pub fn with_check_trainability(mut self, check: bool) -> Self {
        self.check_trainability = check;
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

    /// Samples per step.
    ///
    /// ```
    /// assert_eq!(nninit::nn::FitOptions::new(4).batch_size(), 32);
    /// ```
    #[must_use]
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Whether samples are shuffled before each epoch.
    ///
    /// ```
    /// assert!(nninit::nn::FitOptions::new(4).shuffle());
    /// ```
    #[must_use]
    pub fn shuffle(&self) -> bool {
        self.shuffle
    }

    /// Whether the history records each step.
    ///
    /// ```
    /// assert!(!nninit::nn::FitOptions::new(4).record_steps());
    /// ```
    #[must_use]
    pub fn record_steps(&self) -> bool {
        self.record_steps
    }

    /// Whether `fit` runs the network check first.
    ///
    /// ```
    /// assert!(nninit::nn::FitOptions::new(4).check_symmetry());
    /// ```
    #[must_use]
    pub fn check_symmetry(&self) -> bool {
        self.check_symmetry
    }

    /// Whether `fit` diagnoses the first batch first.
    ///
    /// ```
    /// assert!(!nninit::nn::FitOptions::new(4).check_trainability());
    /// ```
    #[must_use]
    pub fn check_trainability(&self) -> bool {
        self.check_trainability
    }
}

/// What [`Sequential::fit`] returns: the mean loss and the accuracy of each
/// epoch, over the batches as they were trained (Keras's `History`), and of each
/// step when [`FitOptions::with_record_steps`] asks for it.
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
