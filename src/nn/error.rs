//! `NnError`: what was wrong with a model, its data or a training run.

use thiserror::Error;

use crate::{InitError, SymmetricInitError};

#[cfg(doc)]
use super::Sequential;
use super::{LsuvError, TrainabilityError};

/// What was wrong with a call into [`nn`](crate::nn): a model that cannot be built,
/// data that does not fit it, a hyper-parameter out of range, or a training step
/// that produced a non-finite loss or gradient.
///
/// Input is checked before anything changes: when a call returns one of these, the
/// model's weights and optimizer state are as they were before the call (for
/// [`NnError::NonFiniteLoss`] and [`NnError::NonFiniteGradient`], as they were
/// before the step that failed).
///
/// Each message says what was wrong and what to do; where the reason takes more
/// than a sentence, the variant's documentation gives it, and the message names it.
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
         output layer; use labels from 0 to {}, or give the output layer more units",
        .classes.saturating_sub(1)
    )]
    LabelOutOfRange {
        /// The sample's index.
        sample: usize,
        /// The label seen.
        label: usize,
        /// The number of output units.
        classes: usize,
    },

    /// The loss of a batch was NaN or infinite; the step was not applied. The
    /// inputs are finite (they are checked first, see
    /// [`NnError::NonFiniteInput`]), so either the weights have diverged, which a
    /// lower learning rate prevents, or a dense target is NaN or infinite.
    #[error(
        "the loss was {value} at step {step}, and the update was not applied; \
         lower the learning rate, or check the targets for NaN and infinity"
    )]
    NonFiniteLoss {
        /// The optimizer step (counted from 0 over the model's life).
        step: u64,
        /// The loss seen.
        value: f64,
    },

    /// A gradient element was NaN or infinite; the step was not applied. The
    /// inputs and the loss are finite, so a product overflowed: weights or inputs
    /// too large, as after a learning rate that made the weights diverge.
    #[error(
        "the gradient of layer {layer}'s {param} was {value} at element {index} in \
         step {step}, and the update was not applied; lower the learning rate or \
         scale the inputs down"
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
    #[error("{name} = {value} is invalid; it must be {expected}")]
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
        "layer {layer} is a softmax layer but is not the last; use softmax only on \
         the output layer, with categorical cross-entropy"
    )]
    SoftmaxNotLast {
        /// The softmax layer's index.
        layer: usize,
    },

    /// The network check ([`check_network`](crate::check_network), run by
    /// [`Sequential::check_symmetry`] and first thing by [`Sequential::fit`]) found
    /// that the model cannot learn as initialized. `source` says what it found:
    ///
    /// - [`SymmetricInitError::FrozenLayer`]: every unit of a layer is *dead*. Its
    ///   incoming weights are all zero, so its pre-activation is its bias for every
    ///   input; with ReLU and a bias at or below 0 (Keras's zero biases) it outputs
    ///   0 and its derivative there is 0, and with another activation that outputs
    ///   0 at the bias (tanh, linear) into all-zero outgoing weights the gradient
    ///   it receives is 0 as well. No gradient ever reaches the layer or any layer
    ///   before it, so the network's output cannot depend on its input: training
    ///   moves only the later biases, and at best the model learns the class
    ///   frequencies and predicts the majority class for every input. A zero
    ///   kernel with ReLU is the common case.
    /// - [`SymmetricInitError::TiedUnits`]: two hidden units have equal incoming
    ///   weights, biases and outgoing weights (as with any constant kernel). They
    ///   compute the same value and receive the same gradient, so every
    ///   element-wise optimizer (SGD, momentum, Adam) takes the same step for both,
    ///   and they stay equal for ever: a layer of `units` units trains as a layer
    ///   of `distinct` (see [`Sequential::distinct_units`]).
    /// - [`SymmetricInitError::DeadUnits`]: some units of a layer are dead, as
    ///   above; they never learn, and the layer trains as a narrower one.
    /// - [`SymmetricInitError::NonFiniteParameter`]: a weight or bias is NaN or
    ///   infinite, which poisons every output and gradient that passes through it.
    ///
    /// What to do: initialize the kernels with a random initializer, such as
    /// [`HeUniform`](crate::HeUniform) for ReLU layers or
    /// [`GlorotUniform`](crate::GlorotUniform) (Keras's default), which makes
    /// every unit distinct and none dead; set finite weights by hand if you set
    /// any. To train such a network anyway, for instance to show what happens,
    /// turn the check off with
    /// [`FitOptions::with_check_symmetry(false)`](crate::nn::FitOptions::with_check_symmetry).
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, NnError, Sequential};
    /// use nninit::{SymmetricInitError, Zeros};
    /// let mut m = Sequential::<f32>::new(4, 0);
    /// m.push(Dense::new(8, Activation::Relu).kernel_initializer(Zeros))?;
    /// m.push(Dense::new(3, Activation::Softmax))?;
    /// let err = m.check_symmetry().unwrap_err();
    /// assert!(matches!(
    ///     err,
    ///     NnError::SymmetricInit { source: SymmetricInitError::FrozenLayer { layer: 0, .. } }
    /// ));
    /// assert!(err.to_string().starts_with("the network check found layer 0 frozen"));
    /// # Ok::<(), NnError>(())
    /// ```
    #[error("{}", symmetric_message(.source))]
    SymmetricInit {
        /// What the network check found.
        source: SymmetricInitError,
    },

    /// [`Sequential::diagnose`] judged, on the first batch, that the model will not
    /// train as initialized (run by [`Sequential::fit`] when
    /// [`FitOptions::with_check_trainability`](crate::nn::FitOptions::with_check_trainability)
    /// is on). `source` says which check failed and what to do; the judgement is
    /// calibrated ([`TrainabilityLimits`](crate::nn::TrainabilityLimits)), not exact.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, FitOptions, Loss, NnError, Sequential, Sgd};
    /// let mut m = Sequential::<f64>::new(2, 0);
    /// m.push(Dense::new(3, Activation::Relu).kernel_initializer(nninit::Zeros))?;
    /// m.push(Dense::new(2, Activation::Softmax))?;
    /// m.compile(Loss::CategoricalCrossentropy, Sgd::default())?;
    /// let options = FitOptions::new(1).with_check_symmetry(false).with_check_trainability(true);
    /// let err = m.fit(&[1.0, 2.0], &[0usize][..], &options).unwrap_err();
    /// assert!(matches!(err, NnError::Untrainable { .. }));
    /// # Ok::<(), NnError>(())
    /// ```
    #[error("the model will not train as initialized: {source}")]
    Untrainable {
        /// The check that failed.
        source: TrainabilityError,
    },

    /// [`lsuv`](crate::nn::lsuv) could not bring a layer's variance to 1; `source`
    /// says why.
    ///
    /// ```
    /// use nninit::nn::{lsuv, Activation, Dense, LsuvError, LsuvOptions, NnError, Sequential};
    /// let mut m = Sequential::<f64>::new(2, 0);
    /// m.push(Dense::new(2, Activation::Linear))?;
    /// let err = lsuv(&mut m, &[1.0, 2.0], &LsuvOptions::default()).unwrap_err();
    /// assert_eq!(err, NnError::Lsuv { source: LsuvError::BatchTooSmall { samples: 1, needed: 2 } });
    /// # Ok::<(), NnError>(())
    /// ```
    #[error("{source}")]
    Lsuv {
        /// Why.
        source: LsuvError,
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

    /// The data set shipped inside the crate did not decode: the installed copy
    /// of the crate is damaged.
    #[error(
        "the data set shipped inside nninit is corrupt at row {row} ({problem}); \
         reinstall the crate"
    )]
    CorruptData {
        /// The 1-based row (image) where it was found, or 0 for the file as a whole.
        row: usize,
        /// What was wrong.
        problem: &'static str,
    },

    /// An input is NaN or infinite: `!x[sample · input_dim + feature].is_finite()`.
    /// No layer maps it to a meaningful output (ReLU even turns NaN into 0, so a
    /// prediction would look valid), so every call that takes inputs checks them
    /// all, in one pass, before any work.
    #[error(
        "feature {feature} of sample {sample} is {value}; replace NaN and infinite \
         inputs (impute, clip or drop the sample) before calling `{what}`"
    )]
    NonFiniteInput {
        /// The call that got the input.
        what: &'static str,
        /// The sample's index (the row of `x`).
        sample: usize,
        /// The feature's index (the column of `x`).
        feature: usize,
        /// The value seen.
        value: f64,
    },

    /// A buffer that the model's or the data's sizes ask for cannot be allocated:
    /// it takes more than `isize::MAX` bytes, or the allocator refused it. The size
    /// is checked, and the memory requested fallibly, before anything is written,
    /// so this is an error and not an abort.
    #[error(
        "{what} needs {bytes} bytes, which cannot be allocated; use fewer units, \
         features, classes or samples"
    )]
    OutOfMemory {
        /// The buffer.
        what: &'static str,
        /// Its size in bytes.
        bytes: u128,
    },
}

/// The message of [`NnError::SymmetricInit`]: what the check found in a sentence
/// (the source's own message gives the whole argument), and what to do.
fn symmetric_message(source: &SymmetricInitError) -> String {
    const DOCS: &str = "(see the docs of `nninit::nn::NnError::SymmetricInit`)";
    match *source {
        SymmetricInitError::FrozenLayer { layer, units, .. } => format!(
            "the network check found layer {layer} frozen: all {units} of its units \
             are dead, so no gradient reaches it or the layers before it; initialize its \
             kernel with a random initializer such as HeUniform {DOCS}"
        ),
        SymmetricInitError::TiedUnits {
            layer,
            first,
            second,
            distinct,
            units,
            ..
        } => format!(
            "the network check found hidden units {first} and {second} of layer \
             {layer} tied, so its {units} units train as {distinct}; initialize its \
             kernel with a random initializer such as GlorotUniform {DOCS}"
        ),
        SymmetricInitError::DeadUnits {
            layer, dead, units, ..
        } => format!(
            "the network check found {dead} of the {units} units of layer {layer} \
             dead, so they never learn; initialize its kernel with a random \
             initializer such as HeUniform {DOCS}"
        ),
        SymmetricInitError::NonFiniteParameter {
            layer,
            tensor,
            index,
            ..
        } => format!(
            "the network check found element {index} of layer {layer}'s {tensor} NaN \
             or infinite; set finite weights before training {DOCS}"
        ),
        ref other => format!("the network check failed: {other}"),
    }
}

#[cfg(test)]
mod tests;
