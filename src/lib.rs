#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// Tests compare floats exactly on purpose: the crate promises exact bits.
#![cfg_attr(test, allow(clippy::float_cmp))]

mod error;
mod gain;
mod init;
mod real;
mod rng;
mod shape;

pub use error::InitError;
pub use gain::{Nonlinearity, gain};
pub use init::{
    Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Init, Initializer, KaimingNormal,
    KaimingUniform, LecunNormal, LecunUniform, Ones, RandomNormal, RandomUniform,
    ScalingDistribution, TorchDefault, TruncatedNormal, Truncation, VarianceScaling, XavierNormal,
    XavierUniform, Zeros,
};
pub use init::{
    DeltaOrthogonal, Dirac, Identity, Orthogonal, ParseInitError, Sparse, orthogonality_error,
};
pub use real::Real;
pub use rng::kernel::Sampler;
pub use shape::{FanMode, Fans, Layout, Shape};
