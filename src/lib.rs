#![doc = include_str!("../README.md")]
#![deny(unsafe_code)]
// On docs.rs, items behind a cargo feature are marked with the feature they need.
#![cfg_attr(docsrs, feature(doc_cfg))]
// Tests compare floats exactly on purpose: the crate promises exact bits.
#![cfg_attr(test, allow(clippy::float_cmp))]

#[cfg(feature = "burn")]
pub mod burn;
#[cfg(feature = "candle")]
pub mod candle;
mod error;
mod gain;
mod init;
#[cfg(feature = "jax")]
pub mod jax;
mod key;
#[cfg(feature = "ndarray")]
pub mod ndarray;
#[cfg(feature = "nn")]
pub mod nn;
#[cfg(feature = "numpy")]
pub mod numpy;
mod real;
mod rng;
mod shape;
pub mod signal;
mod symmetry;
#[cfg(feature = "torch")]
pub mod torch;

pub use error::InitError;
pub use gain::{Nonlinearity, gain};
pub use init::{
    Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Init, Initializer, KaimingNormal,
    KaimingUniform, LecunNormal, LecunUniform, Ones, RandomNormal, RandomUniform,
    ScalingDistribution, TRUNCATED_STD, TorchDefault, TruncatedNormal, Truncation, VarianceScaling,
    XavierNormal, XavierUniform, Zeros,
};
pub use init::{
    DeltaOrthogonal, Dirac, Identity, Orthogonal, ParseInitError, Sampler, Sparse,
    orthogonality_error,
};
pub use key::key;
pub use real::Real;
pub use shape::{FanMode, Fans, Layout, Shape};
pub use symmetry::{
    LayerView, SymmetricInitError, SymmetryCheck, check_network, dead_units, symmetry_check,
    symmetry_check_with_bias, tied_groups,
};
