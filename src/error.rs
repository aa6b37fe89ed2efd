//! The error for "you called me wrong": bad parameters, shapes and buffers.

use thiserror::Error;

/// What was wrong with a call to an initializer, a [`Shape`](crate::Shape) or a sampler.
///
/// Every variant carries the values that were seen, so that a program can match on
/// it and a person can read it. No initializer writes to the buffer when it returns
/// an error.
#[derive(Clone, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum InitError {
    /// `buf.len() != shape.len()` in a whole-tensor fill.
    #[error(
        "the buffer holds {len} elements but the shape {shape} has {expected}; \
         allocate `shape.len()` elements, or use `fill_at` to fill one shard"
    )]
    LengthMismatch {
        /// The buffer's length.
        len: usize,
        /// The number of elements the shape has.
        expected: usize,
        /// The shape, as written by its `Display`.
        shape: String,
    },

    /// An array's dimensions are not the shape's: `array.shape() != shape.dims()`
    /// (the `ndarray` adapters).
    #[error(
        "the array's dimensions {array:?} are not those of the shape {shape}; \
         create the array with `shape.dims()`, or describe it by a shape of its \
         own dimensions"
    )]
    DimsMismatch {
        /// The array's dimensions.
        array: Vec<usize>,
        /// The shape's dimensions.
        dims: Vec<usize>,
        /// The shape, as written by its `Display`.
        shape: String,
    },

    /// A tensor type's rank is not the shape's: `D != shape.rank()` for a burn
    /// `Tensor<D>` (the `burn` adapter).
    #[error(
        "a tensor of rank {rank} cannot hold the shape {shape}, which has {expected} \
         dimensions; give the tensor the shape's rank"
    )]
    RankMismatch {
        /// The tensor type's rank.
        rank: usize,
        /// The shape's rank.
        expected: usize,
        /// The shape, as written by its `Display`.
        shape: String,
    },

    /// The device cannot hold tensors of the element type: `!device.supports_dtype(..)`
    /// (the `burn` adapter).
    #[error(
        "the device {device} does not support {ty} tensors; fill a type it supports, \
         such as f32, or create the tensor on another device"
    )]
    UnsupportedElement {
        /// The element type, such as `"f64"`.
        ty: &'static str,
        /// The device, as written by its `Debug`.
        device: String,
    },

    /// `offset + out.len() > shape.len()` in `fill_at`.
    #[error(
        "the shard {offset}..{offset}+{len} runs past the end of the shape {shape}, \
         which has {total} elements; a shard must lie inside 0..{total}"
    )]
    ShardOutOfRange {
        /// The first element the shard would write.
        offset: usize,
        /// The shard's length.
        len: usize,
        /// The number of elements the shape has.
        total: usize,
        /// The shape, as written by its `Display`.
        shape: String,
    },

    /// The product of the shape's dimensions does not fit in `usize`.
    #[error(
        "the shape {shape} has more elements than fit in usize; \
         check the dimensions for a mistake"
    )]
    ShapeOverflow {
        /// The shape, as written by its `Display`.
        shape: String,
    },

    /// Memory that a call needs, sized by the shape, cannot be allocated: its size
    /// in bytes does not fit in `isize`, or the allocator refuses it. Nothing is
    /// allocated before this is known, so the call fails here instead of aborting.
    #[error(
        "{what} for the shape {shape} needs room for {elements} values, which cannot \
         be allocated; check the dimensions for a mistake"
    )]
    AllocationFailed {
        /// What the memory is for.
        what: &'static str,
        /// The shape, as written by its `Display`.
        shape: String,
        /// The number of values asked for.
        elements: usize,
    },

    /// The shape has more dimensions than [`Shape::MAX_RANK`](crate::Shape::MAX_RANK).
    #[error(
        "the shape has {rank} dimensions, more than the {max} nninit supports; merge \
         the kernel dimensions into one, which keeps the fans"
    )]
    RankTooHigh {
        /// The number of dimensions given.
        rank: usize,
        /// The most that a [`Shape`](crate::Shape) holds.
        max: usize,
    },

    /// Fans were asked of a shape whose layout cannot define them at this rank
    /// (`rank < 2` in PyTorch layout).
    #[error(
        "fan in and fan out cannot be computed for the shape {shape} with fewer than \
         {min} dimensions in {layout} layout; give a weight of rank {min} or more, \
         or use `Shape::from_keras`, which defines fans for rank 0 and 1"
    )]
    RankTooLow {
        /// The shape, as written by its `Display`.
        shape: String,
        /// The layout's name.
        layout: &'static str,
        /// The least rank the layout accepts.
        min: usize,
    },

    /// A fused shape whose unit axis does not split into equal blocks.
    #[error(
        "the shape {shape} has {units} units, which do not split into {blocks} equal \
         fused blocks; the unit axis must be a multiple of the block count"
    )]
    UnevenBlocks {
        /// The shape, as written by its `Display`.
        shape: String,
        /// The length of the unit axis.
        units: usize,
        /// The number of fused blocks asked for.
        blocks: usize,
    },

    /// The fan an initializer scales by is zero (`fan == 0`) in a non-empty tensor.
    #[error(
        "the {mode} of the shape {shape} is zero, so the scale {what} is undefined; \
         check the shape's layout and dimensions"
    )]
    ZeroFan {
        /// The shape, as written by its `Display`.
        shape: String,
        /// Which fan: `fan_in`, `fan_out` or `fan_avg`.
        mode: &'static str,
        /// What the fan divides.
        what: &'static str,
    },

    /// A parameter that must be a finite number is NaN or infinite
    /// (`!value.is_finite()`).
    #[error("{name} must be a finite number, but it is {value}; pass a finite value")]
    NonFinite {
        /// The parameter's name, as the constructor spells it.
        name: &'static str,
        /// The value seen.
        value: f64,
    },

    /// A parameter that must be positive is zero, negative or NaN
    /// (`!(value > 0.0)`).
    #[error("{name} must be positive, but it is {value}; {hint}")]
    NonPositive {
        /// The parameter's name, as the constructor spells it.
        name: &'static str,
        /// The value seen.
        value: f64,
        /// What to do instead.
        hint: &'static str,
    },

    /// A parameter lies outside the interval it must lie in.
    #[error("{name} must lie in {allowed}, but it is {value}")]
    OutOfRange {
        /// The parameter's name, as the constructor spells it.
        name: &'static str,
        /// The value seen.
        value: f64,
        /// The interval allowed, in words or notation.
        allowed: &'static str,
    },

    /// `!(min < max)` for a uniform distribution, in the element type used.
    #[error(
        "the uniform range [{min}, {max}) is empty in {ty}; min must be less than max \
         (for a single value use `Constant`)"
    )]
    EmptyRange {
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
        /// The element type (`f32` or `f64`) in which the range was checked.
        ty: &'static str,
    },

    /// `max - min` overflows to infinity in the element type used.
    #[error(
        "the uniform range [{min}, {max}) is wider than the largest finite {ty}; \
         narrow it"
    )]
    InfiniteRange {
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
        /// The element type (`f32` or `f64`).
        ty: &'static str,
    },

    /// Truncation bounds with `!(a < b)`.
    #[error(
        "the truncation interval [{a}, {b}] is empty; the lower bound must be less than \
         the upper"
    )]
    EmptyTruncation {
        /// The lower truncation bound, in the same units as the mean.
        a: f64,
        /// The upper truncation bound.
        b: f64,
    },

    /// Truncation bounds so far in a tail that the normal distribution holds no mass
    /// there that the element type can represent.
    #[error(
        "the truncation interval [{a}, {b}] lies so far in the tail of N({mean}, {std}²) \
         that it holds no probability mass representable in {ty}; move the mean \
         closer to the interval or use a uniform distribution over it"
    )]
    NoMass {
        /// The lower truncation bound.
        a: f64,
        /// The upper truncation bound.
        b: f64,
        /// The normal's mean.
        mean: f64,
        /// The normal's standard deviation.
        std: f64,
        /// The element type (`f32` or `f64`).
        ty: &'static str,
    },

    /// A value that is finite as `f64` but not in the element type: it rounds to
    /// infinity there, such as a constant of `1e300` for `f32`, or a gain rounds
    /// to 0 there, such as an identity gain of `1e-300` for `f32` (which would
    /// fill zeros where the gain belongs).
    #[error(
        "{name} = {value} is not representable in {ty}, where it rounds to infinity \
         or to 0; choose a value within the type's range"
    )]
    NotRepresentable {
        /// The parameter's name.
        name: &'static str,
        /// The value seen.
        value: f64,
        /// The element type (`f32` or `f64`).
        ty: &'static str,
    },

    /// A normal distribution whose samples would overflow the element type: within
    /// the sampler's reach of `mean ± 9·std`, a value is not finite.
    #[error(
        "samples of N({mean}, {std}²) would overflow {ty}; \
         reduce the mean or the standard deviation"
    )]
    SampleOverflow {
        /// The normal's mean.
        mean: f64,
        /// The normal's standard deviation.
        std: f64,
        /// The element type (`f32` or `f64`).
        ty: &'static str,
    },

    /// The initializer cannot fill a shape of this rank or layout (for example
    /// [`Identity`](crate::Identity) on a shape whose rank is not 2).
    #[error("{initializer} cannot fill the shape {shape}: it needs {needed}")]
    UnsupportedShape {
        /// The initializer's name.
        initializer: &'static str,
        /// The shape, as written by its `Display`.
        shape: String,
        /// What the initializer needs, in words.
        needed: &'static str,
    },

    /// `channels % groups != 0` for a grouped initializer such as
    /// [`Dirac`](crate::Dirac).
    #[error(
        "{initializer} with groups = {groups} cannot fill the shape {shape}: its \
         {channels} output channels do not split into {groups} equal groups; \
         make the output channels a multiple of groups"
    )]
    GroupsMismatch {
        /// The initializer's name.
        initializer: &'static str,
        /// The shape, as written by its `Display`.
        shape: String,
        /// The number of groups asked for.
        groups: usize,
        /// The number of output channels.
        channels: usize,
    },

    /// `in_channels > out_channels` for [`DeltaOrthogonal`](crate::DeltaOrthogonal),
    /// whose centre tap must be an `in × out` matrix with orthonormal rows.
    #[error(
        "delta_orthogonal cannot fill the shape {shape}: it has {in_channels} input \
         channels and {out_channels} output channels, and needs in <= out; use \
         `Orthogonal` for a layer that narrows"
    )]
    MoreInputsThanOutputs {
        /// The shape, as written by its `Display`.
        shape: String,
        /// The number of input channels.
        in_channels: usize,
        /// The number of output channels.
        out_channels: usize,
    },

    /// A per-element distribution was asked of an initializer that fills a tensor
    /// as a whole (orthogonal, identity, Dirac, sparse).
    #[error(
        "{initializer} does not draw its elements independently, so it has no \
         per-element sampler; fill a whole tensor with it instead"
    )]
    NotElementwise {
        /// The initializer's name.
        initializer: &'static str,
    },

    /// A mean-field forecast ([`nninit::signal`](crate::signal)) was asked of a kernel
    /// whose weights do not have mean zero (`E[W] != 0`: a constant, `U(0, 1)`).
    #[error(
        "the kernel initializer {initializer} draws weights with mean {mean}, but the \
         mean-field forecast assumes zero-mean weights (a common mean adds the same \
         multiple of the layer's summed input to every unit); center the distribution"
    )]
    NonZeroMeanKernel {
        /// The initializer, as its `Display` writes it.
        initializer: String,
        /// The weights' mean, `E[W]`.
        mean: f64,
    },

    /// A mean-field forecast was asked of a kernel that gives each unit a single
    /// input ([`Identity`](crate::Identity), [`Dirac`](crate::Dirac)), whose
    /// pre-activations are not sums of many independent terms.
    #[error(
        "the kernel initializer {initializer} passes each unit a single input, so its \
         pre-activations are not Gaussian and the mean-field forecast does not apply; \
         forecast a random kernel of the same scale, or measure the network"
    )]
    NoMeanField {
        /// The initializer, as its `Display` writes it.
        initializer: String,
    },

    /// A tensor library refused a tensor whose values nninit had filled: candle's
    /// `Tensor::from_vec` failed on the device (feature `candle`), for example when
    /// a GPU is out of memory or its driver reports an error.
    #[error(
        "{library} could not create the tensor for the shape {shape} on its device \
         ({message}); free device memory, or create the tensor on another device"
    )]
    TensorLibrary {
        /// The library, such as `"candle"`.
        library: &'static str,
        /// The shape, as written by its `Display`.
        shape: String,
        /// The library's own error message.
        message: String,
    },

    /// A framework's result that nninit cannot reproduce bit for bit: the framework
    /// has no such initializer (a Keras form given to PyTorch's generator), or its
    /// result depends on something nninit does not reproduce (LAPACK's rounding in
    /// PyTorch's `orthogonal_`), or the element type has no reproduced stream.
    #[error("{init} cannot be reproduced bit for bit as {framework} computes it: {reason}; {hint}")]
    NotReproducible {
        /// The framework, such as `"PyTorch"`.
        framework: &'static str,
        /// The initializer or call, as its `Display` writes it.
        init: String,
        /// Why it cannot be reproduced.
        reason: &'static str,
        /// What to do instead.
        hint: &'static str,
    },
}

/// An empty `Vec` with room for `elements` values, reserved before anything is
/// written, or [`InitError::AllocationFailed`] when that much cannot be allocated.
pub(crate) fn try_with_capacity<T>(
    elements: usize,
    what: &'static str,
    shape: &crate::Shape,
) -> Result<Vec<T>, InitError> {
    let mut v = Vec::new();
    v.try_reserve_exact(elements)
        .map_err(|_| InitError::AllocationFailed {
            what,
            shape: shape.to_string(),
            elements,
        })?;
    Ok(v)
}
