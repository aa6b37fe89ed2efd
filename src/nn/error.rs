//! `NnError`: what was wrong with a model, its data or a training run.

use thiserror::Error;

use crate::{InitError, SymmetricInitError};

/// What was wrong with a call into [`nn`](crate::nn): a model that cannot be built,
/// data that does not fit it, a hyper-parameter out of range, or a training step
/// that produced a non-finite loss or gradient.
///
/// Input is checked before anything changes: when a call returns one of these, the
/// model's weights and optimizer state are as they were before the call (for
/// [`NnError::NonFiniteLoss`] and [`NnError::NonFiniteGradient`], as they were
/// before the step that failed).
///
/// ```
/// use nninit::nn::{Activation, Dense, NnError, Sequential};
///
/// let mut model = Sequential::<f32>::new(4, 0);
/// let err = model.push(Dense::new(0, Activation::Relu)).unwrap_err();
/// assert!(matches!(err, NnError::InvalidHyperParameter { name: "units", .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum NnError {
    /// A buffer's length is not what the model's shape asks for:
    /// `len != expected`.
    #[error(
        "{what} holds {len} values but {expected} were expected; \
         lay data out row-major, one sample per row"
    )]
    DimensionMismatch {
        /// The buffer that was wrong.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The length the model expected.
        expected: usize,
    },

    /// A call that needs at least one sample got none: `x.is_empty()`.
    #[error("{what} got an empty batch; pass at least one sample")]
    EmptyBatch {
        /// The call that got no samples.
        what: &'static str,
    },

    /// An integer label is not a class of the output layer: `label >= classes`.
    #[error(
        "label {label} of sample {sample} is not below the {classes} classes of the \
         output layer; labels run from 0 to {classes} - 1"
    )]
    LabelOutOfRange {
        /// The sample's index.
        sample: usize,
        /// The label seen.
        label: usize,
        /// The number of output units.
        classes: usize,
    },

    /// The loss of a batch was NaN or infinite; the step was not applied.
    #[error(
        "the loss was {value} at step {step} and the update was not applied; \
         lower the learning rate or check the data for NaN and infinity"
    )]
    NonFiniteLoss {
        /// The optimizer step (counted from 0 over the model's life).
        step: u64,
        /// The loss seen.
        value: f64,
    },

    /// A gradient element was NaN or infinite; the step was not applied.
    #[error(
        "the gradient of layer {layer}'s {param} was {value} at element {index} in \
         step {step} and the update was not applied; lower the learning rate or \
         check the data for NaN and infinity"
    )]
    NonFiniteGradient {
        /// The optimizer step (counted from 0 over the model's life).
        step: u64,
        /// The layer's index.
        layer: usize,
        /// `"kernel"` or `"bias"`.
        param: &'static str,
        /// The element's index in the parameter.
        index: usize,
        /// The value seen.
        value: f64,
    },

    /// A hyper-parameter is out of its range (the condition is in `expected`).
    #[error("{name} = {value} is invalid: it must be {expected}")]
    InvalidHyperParameter {
        /// The parameter's name, as Keras spells it.
        name: &'static str,
        /// The value given.
        value: f64,
        /// The range it must lie in.
        expected: &'static str,
    },

    /// The model has no layers, or has not been compiled with a loss and an
    /// optimizer.
    #[error("the model {what}; {hint}")]
    NotReady {
        /// What is missing.
        what: &'static str,
        /// What to do.
        hint: &'static str,
    },

    /// The loss does not go with the output layer's activation.
    #[error("the loss {loss} cannot follow a {activation} output layer; {hint}")]
    IncompatibleLoss {
        /// The loss's name.
        loss: &'static str,
        /// The output activation's name.
        activation: &'static str,
        /// What to use instead.
        hint: &'static str,
    },

    /// A softmax layer is followed by another layer.
    #[error(
        "layer {layer} is a softmax layer but is not the last; softmax is supported \
         only on the output layer, with categorical cross-entropy"
    )]
    SoftmaxNotLast {
        /// The softmax layer's index.
        layer: usize,
    },

    /// The network check ([`check_network`](crate::check_network)) found the
    /// model unable to learn as initialized: a frozen layer, tied hidden units,
    /// dead units, or a non-finite parameter.
    #[error(
        "{source}; to train it anyway (to see what happens), opt out with \
         `FitOptions::with_check_symmetry(false)`"
    )]
    SymmetricInit {
        /// What the network check found.
        source: SymmetricInitError,
    },

    /// A layer's initializer failed.
    #[error("initializing layer {layer}'s {param} failed: {source}")]
    Init {
        /// The layer's index.
        layer: usize,
        /// `"kernel"` or `"bias"`.
        param: &'static str,
        /// The initializer's error.
        source: InitError,
    },

    /// The shipped data set did not decode.
    #[error("the shipped data set is corrupt at line {line}: {problem}")]
    CorruptData {
        /// The 1-based line (0 for the compressed stream).
        line: usize,
        /// What was wrong.
        problem: &'static str,
    },
}
