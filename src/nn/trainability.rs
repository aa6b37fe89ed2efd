//! `TrainabilityError` and `TrainabilityLimits`: the verdict of
//! [`Sequential::diagnose`](super::Sequential::diagnose), and the calibrated limits
//! it applies.

use thiserror::Error;

use crate::SymmetricInitError;

/// The limits against which [`Sequential::diagnose`](super::Sequential::diagnose)
/// judges a network.
///
/// Mean-field theory says where a wide, infinitely deep network stops training
/// (`L ≲ 6ξ`, [`crate::signal`]); it publishes no thresholds for a finite network
/// on a finite batch. These limits are calibrated: the defaults are those that make
/// the verdict agree with the outcome of training on the depth grid of
/// the crate's trainability truth test (depths 2 to 32, six initializers, plain SGD
/// on the digits: the verdict agrees with the outcome on 86 of 90 networks). They are a
/// judgement, not a proof: a network inside them can still fail to train, and one
/// outside them can still train, with another optimizer (Adam rescales small
/// gradients) or another learning rate.
///
/// # Example
/// ```
/// let l = nninit::nn::TrainabilityLimits::default();
/// assert!(l.min_signal_gain < 1.0 && l.max_signal_gain > 1.0);
/// assert_eq!(l.max_dead_fraction, 1.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainabilityLimits {
    /// The largest fraction of a ReLU layer's units that may be dead on the batch.
    pub max_dead_fraction: f64,
    /// The smallest ratio of a layer's pre-activation mean square to the first
    /// layer's.
    pub min_signal_gain: f64,
    /// The largest ratio of a layer's pre-activation mean square to the first
    /// layer's.
    pub max_signal_gain: f64,
    /// The smallest ratio of a layer's back-propagated `E[(dL/dz)²]` to the
    /// output layer's.
    pub min_gradient_gain: f64,
    /// The largest ratio of a layer's back-propagated `E[(dL/dz)²]` to the output
    /// layer's.
    pub max_gradient_gain: f64,
    /// The largest mean correlation between samples at the last hidden layer.
    pub max_correlation: f64,
}

impl Default for TrainabilityLimits {
    fn default() -> Self {
        TrainabilityLimits {
            max_dead_fraction: 1.0,
            min_signal_gain: 1e-4,
            max_signal_gain: 3e4,
            min_gradient_gain: 1e-4,
            max_gradient_gain: 1e4,
            max_correlation: 0.999,
        }
    }
}

/// Why [`Sequential::diagnose`](super::Sequential::diagnose) judges that a
/// network will not train, in the order the checks run: the exact symmetry
/// checks first, then the calibrated ones ([`TrainabilityLimits`]).
///
/// # Example
/// ```
/// use nninit::nn::{Activation, Dense, Sequential, TrainabilityError};
/// let mut m = Sequential::<f64>::new(2, 0);
/// m.push(Dense::new(3, Activation::Relu).kernel_initializer(nninit::Zeros))?;
/// m.push(Dense::new(2, Activation::Softmax))?;
/// let v = m.diagnose(&[1.0, 2.0, 3.0, 4.0])?.verdict;
/// assert!(matches!(v, Err(TrainabilityError::Symmetric { .. })));
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum TrainabilityError {
    /// The exact network check ([`crate::check_network`]) failed.
    #[error("the initialization is symmetric: {source}; initialize with a random initializer")]
    Symmetric {
        /// What the check found.
        #[source]
        source: SymmetricInitError,
    },
    /// A pre-activation or a back-propagated gradient is NaN or infinite.
    #[error(
        "layer {layer}'s {what} are not finite ({value} at sample {sample}); \
         use a smaller initialization scale, such as HeNormal or GlorotUniform"
    )]
    NonFinite {
        /// The layer.
        layer: usize,
        /// `"pre-activations"` or `"gradients"`.
        what: &'static str,
        /// The first sample with a non-finite value.
        sample: usize,
        /// The value.
        value: f64,
    },
    /// At least `limit` of a ReLU layer's units are never active on the batch.
    #[error(
        "{:.0} % of layer {layer}'s ReLU units are dead on the batch (limit {:.0} %); \
         use HeNormal for ReLU layers, or run lsuv",
        100.0 * .dead_fraction,
        100.0 * .limit
    )]
    DeadLayer {
        /// The layer.
        layer: usize,
        /// The fraction of dead units.
        dead_fraction: f64,
        /// [`TrainabilityLimits::max_dead_fraction`].
        limit: f64,
    },
    /// A layer's signal is `ratio` times the first layer's, below `limit`.
    #[error(
        "the signal vanishes: layer {layer}'s pre-activations have {ratio:.3e} times \
         the first layer's mean square (limit {limit:.0e}); use HeNormal for ReLU \
         layers or GlorotNormal for tanh, or run lsuv"
    )]
    VanishingSignal {
        /// The layer.
        layer: usize,
        /// Its mean square over the first layer's.
        ratio: f64,
        /// [`TrainabilityLimits::min_signal_gain`].
        limit: f64,
    },
    /// A layer's signal is `ratio` times the first layer's, above `limit`.
    #[error(
        "the signal explodes: layer {layer}'s pre-activations have {ratio:.3e} times \
         the first layer's mean square (limit {limit:.0e}); use HeNormal for ReLU \
         layers or GlorotNormal for tanh, or run lsuv"
    )]
    ExplodingSignal {
        /// The layer.
        layer: usize,
        /// Its mean square over the first layer's.
        ratio: f64,
        /// [`TrainabilityLimits::max_signal_gain`].
        limit: f64,
    },
    /// The gradient reaching a layer is `ratio` times the output's, below `limit`.
    #[error(
        "the gradient vanishes: layer {layer} receives {ratio:.3e} times the output \
         layer's squared gradient (limit {limit:.0e}); use HeNormal for ReLU layers, \
         a shallower network, or run lsuv"
    )]
    VanishingGradient {
        /// The layer.
        layer: usize,
        /// Its `E[(dL/dz)²]` over the output layer's.
        ratio: f64,
        /// [`TrainabilityLimits::min_gradient_gain`].
        limit: f64,
    },
    /// The gradient reaching a layer is `ratio` times the output's, above `limit`.
    #[error(
        "the gradient explodes: layer {layer} receives {ratio:.3e} times the output \
         layer's squared gradient (limit {limit:.0e}); use a smaller initialization \
         scale such as HeNormal, or run lsuv"
    )]
    ExplodingGradient {
        /// The layer.
        layer: usize,
        /// Its `E[(dL/dz)²]` over the output layer's.
        ratio: f64,
        /// [`TrainabilityLimits::max_gradient_gain`].
        limit: f64,
    },
    /// The samples' representations at the last hidden layer are all alike.
    #[error(
        "the inputs collapse: at layer {layer} the samples' mean correlation is \
         {correlation:.4} (inputs {input_correlation:.4}, limit {limit}), so the \
         output cannot tell them apart; use an initialization nearer the edge of \
         chaos, such as HeNormal for ReLU, or a shallower network"
    )]
    CorrelationCollapse {
        /// The layer.
        layer: usize,
        /// Its mean pairwise correlation.
        correlation: f64,
        /// The inputs' mean pairwise correlation.
        input_correlation: f64,
        /// [`TrainabilityLimits::max_correlation`].
        limit: f64,
    },
}
