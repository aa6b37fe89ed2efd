//! [`key`]: one key per tensor of a model, from the model's seed and the tensor's
//! name.

use crate::rng::mix64;

/// The key for the tensor named `path` in a model seeded by `seed`: every tensor of
/// a model gets its own stream from one seed, and a tensor's key depends on its
/// name alone, not on the order in which the model is built.
///
/// The definition, which value-stability tests pin: `h` is the 64-bit FNV-1a hash
/// of `path`'s UTF-8 bytes (offset basis `0xcbf29ce484222325`, prime
/// `0x100000001b3`), and the key is `mix64(mix64(seed) ^ h)`, where `mix64` is
/// SplitMix64's output function. For one seed, two names share a key only if
/// their hashes collide; a change to the definition would be value-breaking and
/// would be changelogged as such.
///
/// Any other scheme works as well: every `u64` is a valid key, and distinct keys
/// give independent streams, so `seed + layer_index` serves a model whose layers
/// are numbered.
///
/// # Example
/// ```
/// use nninit::{GlorotUniform, Initializer, Shape, Zeros};
///
/// let seed = 42;
/// let shape = Shape::from_torch(&[128, 784]);
/// let w: Vec<f32> = GlorotUniform.fill_new(&shape, nninit::key(seed, "encoder.0.weight"))?;
/// let b: Vec<f32> = Zeros.fill_new(&Shape::from_torch(&[128]), nninit::key(seed, "encoder.0.bias"))?;
/// assert_ne!(nninit::key(seed, "encoder.0.weight"), nninit::key(seed, "encoder.1.weight"));
/// assert_eq!(nninit::key(42, "encoder.0.weight"), 0x4c0c_f3c7_6443_b8f5);
/// # Ok::<(), nninit::InitError>(())
/// ```
#[must_use]
pub fn key(seed: u64, path: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in path.as_bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix64(mix64(seed) ^ h)
}

#[cfg(test)]
mod tests;
