//! `SymmetricInitError`: why a set of weights cannot train well, or could not be
//! checked.

use thiserror::Error;

use crate::{InitError, Nonlinearity};

/// Why a set of weights cannot train well: its units start identical, or no
/// gradient reaches them; or why the weights could not be checked.
///
/// The layer checks ([`symmetry_check`](crate::symmetry_check), [`symmetry_check_with_bias`](crate::symmetry_check_with_bias),
/// [`SymmetryCheck`](crate::SymmetryCheck)) return the variants up to [`SymmetricInitError::InvalidShape`];
/// the network checks ([`check_network`](crate::check_network), [`tied_groups`](crate::tied_groups), [`dead_units`](crate::dead_units)) return
/// those from [`SymmetricInitError::LayerLength`] on.
///
/// ```
/// use nninit::{symmetry_check, Shape, SymmetricInitError};
///
/// let kernel = vec![0.0f32; 64 * 128];
/// let err = symmetry_check(&kernel, &Shape::dense(64, 128)).unwrap_err();
/// assert_eq!(err, SymmetricInitError::ZeroKernel { units: 128 });
/// assert!(err.to_string().starts_with("every weight of this layer is zero"));
/// ```
#[derive(Clone, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum SymmetricInitError {
    /// `!kernel[index].is_finite()`: the first NaN or infinite element of the
    /// kernel. Checked before anything else, since NaN ≠ NaN would hide duplicates.
    #[error(
        "element {index} of the kernel is NaN or infinite, which poisons every gradient \
         that passes through it; fix the initializer or the loaded weights"
    )]
    NonFinite {
        /// The element's index in the kernel slice.
        index: usize,
    },

    /// `!bias[index].is_finite()`: the first NaN or infinite bias.
    #[error(
        "element {index} of the bias is NaN or infinite, which poisons every gradient \
         that passes through it; fix the initializer or the loaded biases"
    )]
    NonFiniteBias {
        /// The element's index in the bias slice.
        index: usize,
    },

    /// Every element of the kernel is `0.0` or `−0.0`, and the layer has at least two
    /// units (per fused block); with a bias, every bias is equal too.
    ///
    /// Identical units receive identical gradients under any element-wise
    /// optimizer, so they stay identical (see [`tied_groups`](crate::tied_groups)).
    /// A zero *output* layer is fine, since its units see different targets; a
    /// layer check cannot know which layer is the output, and
    /// [`check_network`](crate::check_network) can.
    #[error(
        "every weight of this layer is zero, so all {units} units start identical and \
         training can never tell them apart; initialise the kernel with a random \
         initializer such as GlorotUniform, or check an output layer with check_network"
    )]
    ZeroKernel {
        /// The number of units.
        units: usize,
    },

    /// Every element of the kernel equals `value != 0`, and the layer has at least
    /// two units (per fused block); with a bias, every bias is equal too.
    #[error(
        "every weight of this layer is {value}, so all {units} units start identical \
         and training can never tell them apart; initialise the kernel with a random \
         initializer such as GlorotUniform"
    )]
    ConstantKernel {
        /// The value every weight has.
        value: f64,
        /// The number of units.
        units: usize,
    },

    /// Units `first` and `second` are equal (or, with a tolerance, within it) in
    /// every weight, and in their biases when biases are given. `first` is the
    /// smallest unit that has such a partner and `second` its smallest partner.
    /// Such units receive identical gradients, so the layer's `units` units train
    /// as `distinct` ones.
    #[error(
        "units {first} and {second} of this layer start {}, so training can never tell \
         them apart ({distinct} distinct {} among {units}); initialise the kernel with \
         a random initializer such as GlorotUniform",
        same_phrase(*.tolerance),
        unit_word(*.distinct)
    )]
    DuplicateUnits {
        /// The smallest unit with a duplicate.
        first: usize,
        /// The smallest unit that duplicates `first`.
        second: usize,
        /// The number of groups the units fall into (see [`SymmetryCheck::groups`](crate::SymmetryCheck::groups)).
        distinct: usize,
        /// The number of units.
        units: usize,
        /// The tolerance of the check (0 for exact equality).
        tolerance: f64,
    },

    /// `kernel.len() != shape.len()`.
    #[error(
        "the kernel holds {len} elements but the shape {shape} has {expected}; \
         pass the whole kernel with the shape that describes it"
    )]
    KernelLength {
        /// The kernel's length.
        len: usize,
        /// The number of elements of the shape.
        expected: usize,
        /// The shape, as written by its `Display`.
        shape: String,
    },

    /// `bias.len()` is not the layer's number of units.
    #[error(
        "the bias holds {len} elements but the layer has {units} units; \
         pass one bias per unit"
    )]
    BiasLength {
        /// The bias's length.
        len: usize,
        /// The number of units.
        units: usize,
    },

    /// The shape itself is unusable (too many dimensions, overflow, fused blocks
    /// or transposed-convolution groups that do not divide their axis).
    #[error(transparent)]
    InvalidShape {
        /// What is wrong with the shape.
        #[from]
        source: InitError,
    },

    /// A network layer's kernel is not `fan_in × units` long, or its bias not
    /// `units` long.
    #[error(
        "the {tensor} of layer {layer} holds {len} elements but should hold {expected}; \
         a layer's kernel is [fan_in][units] row-major and its bias has one element \
         per unit"
    )]
    LayerLength {
        /// The layer's index.
        layer: usize,
        /// `"kernel"` or `"bias"`.
        tensor: &'static str,
        /// The length seen.
        len: usize,
        /// The length expected (`usize::MAX` if `fan_in × units` overflows).
        expected: usize,
    },

    /// Layer `layer`'s `fan_in` differs from the previous layer's `units`.
    #[error(
        "layer {layer} takes {fan_in} inputs but layer {} has {previous_units} units; \
         each layer's fan_in must equal the previous layer's units",
        .layer - 1
    )]
    LayerChain {
        /// The layer's index (at least 1).
        layer: usize,
        /// The layer's `fan_in`.
        fan_in: usize,
        /// The previous layer's `units`.
        previous_units: usize,
    },

    /// A NaN or infinite parameter in a network.
    #[error(
        "element {index} of the {tensor} of layer {layer} is NaN or infinite, which \
         poisons every gradient that passes through it; fix the initializer or the \
         loaded weights"
    )]
    NonFiniteParameter {
        /// The layer's index.
        layer: usize,
        /// `"kernel"` or `"bias"`.
        tensor: &'static str,
        /// The element's index in that tensor.
        index: usize,
    },

    /// Every unit of layer `layer` is dead (see [`dead_units`](crate::dead_units)): the whole layer
    /// outputs a constant that passes back no gradient, so nothing before it ever
    /// learns, and the network's output cannot depend on its input. The usual
    /// Keras example, `Dense(128, relu)` then `Dense(10)` with zero kernels and zero
    /// biases, is the common case; a zero tanh layer followed by a zero layer is
    /// another.
    ///
    /// A unit is dead when its incoming weights are zero and its bias leaves it
    /// outputting 0 with no gradient for every input: ReLU with a bias at or below
    /// 0, or an output of 0 into all-zero outgoing weights. A classifier with a
    /// frozen layer learns at best the class frequencies, and predicts the majority
    /// class for every input.
    #[error(
        "all {units} units of layer {layer} ({} activation) are dead, so no gradient \
         reaches this layer or any layer before it and the network's output cannot \
         depend on its input; initialise the kernel with a random initializer such as \
         HeUniform",
        .activation.name()
    )]
    FrozenLayer {
        /// The layer's index.
        layer: usize,
        /// The layer's number of units.
        units: usize,
        /// The layer's activation.
        activation: Nonlinearity,
    },

    /// Hidden units `first` and `second` of layer `layer` are tied: their incoming
    /// weights (columns of the layer's kernel), biases and outgoing weights (rows of
    /// the next layer's kernel) are all equal, so no element-wise optimizer can ever
    /// separate them (see [`tied_groups`](crate::tied_groups)).
    #[error(
        "hidden units {first} and {second} of layer {layer} have identical incoming \
         weights, biases and outgoing weights, so training can never separate them \
         ({distinct} distinct {} among {units}); initialise the kernel of layer {layer} \
         with a random initializer such as GlorotUniform",
        unit_word(*.distinct)
    )]
    TiedUnits {
        /// The hidden layer's index.
        layer: usize,
        /// The smallest tied unit.
        first: usize,
        /// The smallest unit tied to `first`.
        second: usize,
        /// The number of tied groups (distinct units) in the layer.
        distinct: usize,
        /// The layer's number of units.
        units: usize,
    },

    /// Some, but not all, units of layer `layer` are dead (see [`dead_units`](crate::dead_units)):
    /// their incoming weights are zero and their biases leave them outputting 0 with
    /// no gradient for every input (ReLU with a bias at or below 0, or an output of 0
    /// into all-zero outgoing weights).
    #[error(
        "{dead} of the {units} units of layer {layer} (the first is unit {first}) are \
         dead and will never learn; initialise the kernel with a random initializer \
         such as HeUniform"
    )]
    DeadUnits {
        /// The layer's index.
        layer: usize,
        /// The smallest dead unit.
        first: usize,
        /// The number of dead units.
        dead: usize,
        /// The layer's number of units.
        units: usize,
    },

    /// A layer index past the end of the network.
    #[error(
        "the network has {layers} layers, so there is no layer {layer}; layers are \
         numbered from 0"
    )]
    NoSuchLayer {
        /// The index asked for.
        layer: usize,
        /// The number of layers.
        layers: usize,
    },
}

fn unit_word(n: usize) -> &'static str {
    if n == 1 { "unit" } else { "units" }
}

fn same_phrase(tolerance: f64) -> String {
    if tolerance == 0.0 {
        "identical".to_owned()
    } else {
        format!("identical to within {tolerance} in every weight")
    }
}
