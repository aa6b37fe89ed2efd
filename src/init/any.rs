//! `Init`: every built-in initializer in one runtime value.

use super::plan::Plan;
use super::{
    Constant, DeltaOrthogonal, Dirac, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity,
    Initializer, KaimingNormal, KaimingUniform, LecunNormal, LecunUniform, Ones, Orthogonal,
    RandomNormal, RandomUniform, Sparse, TorchDefault, TruncatedNormal, VarianceScaling,
    XavierNormal, XavierUniform, Zeros, fill_planned,
};
use crate::{InitError, Real, Sampler, Shape};

/// Any built-in initializer, chosen at run time; itself an
/// [`Initializer`](crate::Initializer) for `f32` and `f64`.
///
/// Each variant fills exactly as the initializer it holds, with the same bits.
///
/// An `Init` can be read by its PyTorch, Keras or JAX name with arguments
/// (`"he_normal(mode=fan_out)".parse::<Init>()`, see [`ParseInitError`](crate::ParseInitError) and
/// `docs/names.md`), and [`Display`](core::fmt::Display) writes a canonical form that
/// reads back to an equal `Init`. With the `serde` feature it also reads and writes
/// Keras's serialized configs.
///
/// # Example
/// ```
/// use nninit::{GlorotUniform, Init, Initializer, Shape, Zeros};
///
/// let kernel: Init = GlorotUniform.into();
/// let bias = Init::from(Zeros);
/// let shape = Shape::dense(16, 8);
/// let mut w = vec![0.0f32; shape.len()];
/// kernel.fill_keyed(&mut w, &shape, 1)?;
/// let mut direct = vec![0.0f32; shape.len()];
/// GlorotUniform.fill_keyed(&mut direct, &shape, 1)?;
/// assert_eq!(w, direct);
/// assert!(matches!(bias, Init::Zeros(_)));
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # Errors
/// Those of the initializer it holds.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Init {
    /// [`Constant`].
    Constant(Constant),
    /// [`Zeros`].
    Zeros(Zeros),
    /// [`Ones`].
    Ones(Ones),
    /// [`RandomUniform`].
    RandomUniform(RandomUniform),
    /// [`RandomNormal`].
    RandomNormal(RandomNormal),
    /// [`TruncatedNormal`].
    TruncatedNormal(TruncatedNormal),
    /// [`VarianceScaling`].
    VarianceScaling(VarianceScaling),
    /// [`GlorotUniform`].
    GlorotUniform(GlorotUniform),
    /// [`GlorotNormal`].
    GlorotNormal(GlorotNormal),
    /// [`HeUniform`].
    HeUniform(HeUniform),
    /// [`HeNormal`].
    HeNormal(HeNormal),
    /// [`LecunUniform`].
    LecunUniform(LecunUniform),
    /// [`LecunNormal`].
    LecunNormal(LecunNormal),
    /// [`XavierUniform`].
    XavierUniform(XavierUniform),
    /// [`XavierNormal`].
    XavierNormal(XavierNormal),
    /// [`KaimingUniform`].
    KaimingUniform(KaimingUniform),
    /// [`KaimingNormal`].
    KaimingNormal(KaimingNormal),
    /// [`TorchDefault`].
    TorchDefault(TorchDefault),
    /// [`Orthogonal`].
    Orthogonal(Orthogonal),
    /// [`Identity`].
    Identity(Identity),
    /// [`Dirac`].
    Dirac(Dirac),
    /// [`DeltaOrthogonal`].
    DeltaOrthogonal(DeltaOrthogonal),
    /// [`Sparse`].
    Sparse(Sparse),
}

macro_rules! each_variant {
    ($self:expr, $init:ident => $body:expr) => {
        match $self {
            Init::Constant($init) => $body,
            Init::Zeros($init) => $body,
            Init::Ones($init) => $body,
            Init::RandomUniform($init) => $body,
            Init::RandomNormal($init) => $body,
            Init::TruncatedNormal($init) => $body,
            Init::VarianceScaling($init) => $body,
            Init::GlorotUniform($init) => $body,
            Init::GlorotNormal($init) => $body,
            Init::HeUniform($init) => $body,
            Init::HeNormal($init) => $body,
            Init::LecunUniform($init) => $body,
            Init::LecunNormal($init) => $body,
            Init::XavierUniform($init) => $body,
            Init::XavierNormal($init) => $body,
            Init::KaimingUniform($init) => $body,
            Init::KaimingNormal($init) => $body,
            Init::TorchDefault($init) => $body,
            Init::Orthogonal(_)
            | Init::Identity(_)
            | Init::Dirac(_)
            | Init::DeltaOrthogonal(_)
            | Init::Sparse(_) => {
                return Err(InitError::NotElementwise {
                    initializer: $self.structured_name(),
                })
            }
        }
    };
}

impl Init {
    /// The element-by-element distribution, for the initializers that draw their
    /// elements independently.
    pub(crate) fn plan(&self, shape: &Shape) -> Result<Plan, InitError> {
        each_variant!(self, init => init.plan(shape))
    }

    fn structured_name(&self) -> &'static str {
        match self {
            Init::Orthogonal(_) => "orthogonal",
            Init::Identity(_) => "identity",
            Init::Dirac(_) => "dirac",
            Init::DeltaOrthogonal(_) => "delta_orthogonal",
            Init::Sparse(_) => "sparse",
            _ => "this initializer",
        }
    }

    /// Whether the initializer fills a tensor as a whole, by its structure
    /// ([`Orthogonal`], [`Identity`], [`Dirac`], [`DeltaOrthogonal`], [`Sparse`]),
    /// rather than drawing each element independently.
    ///
    /// ```
    /// use nninit::{Init, Orthogonal, HeUniform};
    /// assert!(Init::from(Orthogonal::default()).is_structured());
    /// assert!(!Init::from(HeUniform).is_structured());
    /// ```
    #[must_use]
    pub fn is_structured(&self) -> bool {
        matches!(
            self,
            Init::Orthogonal(_)
                | Init::Identity(_)
                | Init::Dirac(_)
                | Init::DeltaOrthogonal(_)
                | Init::Sparse(_)
        )
    }

    /// The element-by-element distribution for a tensor of `shape`, for use with
    /// [`rand::distr::Distribution`].
    ///
    /// # Errors
    /// Those of a fill of `shape`, and [`InitError::NotElementwise`] for an
    /// initializer that fills a tensor as a whole.
    ///
    /// ```
    /// use nninit::{Init, InitError, Orthogonal, Shape};
    /// let shape = Shape::dense(4, 4);
    /// assert!(Init::default().sampler::<f32>(&shape).is_ok());
    /// let err = Init::from(Orthogonal::default()).sampler::<f32>(&shape);
    /// assert!(matches!(err, Err(InitError::NotElementwise { .. })));
    /// ```
    pub fn sampler<T: Real>(&self, shape: &Shape) -> Result<Sampler<T>, InitError> {
        Sampler::new(self.plan(shape)?)
    }

    /// Whether every element gets the same value (a [`Constant`], [`Zeros`] or
    /// [`Ones`]): such a kernel leaves a hidden layer's units identical.
    ///
    /// ```
    /// use nninit::{Init, Zeros, HeUniform};
    /// assert!(Init::from(Zeros).is_constant());
    /// assert!(!Init::from(HeUniform).is_constant());
    /// ```
    #[must_use]
    pub fn is_constant(&self) -> bool {
        matches!(self, Init::Constant(_) | Init::Zeros(_) | Init::Ones(_))
    }
}

impl Default for Init {
    /// Keras's default kernel initializer, [`GlorotUniform`].
    fn default() -> Self {
        Init::GlorotUniform(GlorotUniform)
    }
}

macro_rules! from_variant {
    ($($ty:ident),*) => {$(
        impl From<$ty> for Init {
            fn from(init: $ty) -> Init {
                Init::$ty(init)
            }
        }
    )*};
}

from_variant!(
    Constant,
    Zeros,
    Ones,
    RandomUniform,
    RandomNormal,
    TruncatedNormal,
    VarianceScaling,
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
    LecunUniform,
    LecunNormal,
    XavierUniform,
    XavierNormal,
    KaimingUniform,
    KaimingNormal,
    TorchDefault,
    Orthogonal,
    Identity,
    Dirac,
    DeltaOrthogonal,
    Sparse
);

impl<T: Real> Initializer<T> for Init {
    fn fill_at(
        &self,
        out: &mut [T],
        shape: &Shape,
        key: u64,
        offset: usize,
    ) -> Result<(), InitError> {
        match self {
            Init::Orthogonal(init) => init.fill_at(out, shape, key, offset),
            Init::Identity(init) => init.fill_at(out, shape, key, offset),
            Init::Dirac(init) => init.fill_at(out, shape, key, offset),
            Init::DeltaOrthogonal(init) => init.fill_at(out, shape, key, offset),
            Init::Sparse(init) => init.fill_at(out, shape, key, offset),
            _ => fill_planned(|| self.plan(shape), out, shape, key, offset),
        }
    }
}
