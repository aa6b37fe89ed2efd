//! `symmetry_check` and `check_network`: a typed error before symmetric weights
//! waste a training run.
//!
//! Two hidden units whose incoming weights, biases and outgoing weights are equal
//! compute the same function, receive the same gradient and, under any optimizer
//! that treats parameters element by element, stay equal forever. The layer check
//! ([`symmetry_check`], [`SymmetryCheck`]) finds units of one kernel that start
//! equal; the network check ([`check_network`], [`tied_groups`]) decides exactly
//! which hidden units can never be separated, and which layers pass no gradient at
//! all. The docs of [`tied_groups`] and [`dead_units`] give the argument.

mod error;
mod layer;
mod network;
mod partition;

pub use error::SymmetricInitError;
pub use layer::{SymmetryCheck, symmetry_check, symmetry_check_with_bias};
pub use network::{LayerView, check_network, dead_units, tied_groups};
