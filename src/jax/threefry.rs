//! Threefry-2x32 (20 rounds) and the two ways JAX lays its counters out.
//!
//! JAX's `threefry2x32` primitive (`jax/_src/random/threefry2x32.py`,
//! `_threefry2x32_lowering`) is the Threefry-2x32 block function of Salmon et al.,
//! with the key schedule `[k₀, k₁, k₀ ⊕ k₁ ⊕ 0x1BD11BDA]`, rotations
//! `13, 15, 26, 6` and `17, 29, 16, 24` in alternate groups of four rounds, and a key
//! injection after every group. Everything else in JAX's stream is where the
//! counters come from:
//!
//! - **Partitionable** (`jax_threefry_partitionable = True`, the default):
//!   `_threefry_random_bits_partitionable` hashes the 64-bit row-major index `i` of
//!   each element, split into `(i >> 32, i & 0xFFFFFFFF)`, and an element's 32-bit
//!   word is the xor of the two output words. `_threefry_split_foldlike` hashes the
//!   index of each new key the same way and keeps both words as the key.
//! - **Legacy** (`jax_threefry_partitionable = False`):
//!   `_threefry_random_bits_original` calls `threefry_2x32` on the counters
//!   `0, 1, …, n − 1`, which pads them with one `0` to an even length, hashes the
//!   first half against the second (`(j, h + j)` for `h = ⌈n / 2⌉`), and
//!   concatenates the first output words with the second ones. Tensors of
//!   `2³² − 1` elements or more are cut into blocks of `2³² − 1`, each under its
//!   own key from a split. `_threefry_split_original` hashes `0, 1, …, 2n − 1` the
//!   same way and reads the words in pairs.
//!
//! # References
//! - J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel Random
//!   Numbers: As Easy as 1, 2, 3", SC 2011 (Threefry, and its known-answer
//!   vectors in Random123).
//! - [`jax/_src/random/threefry2x32.py`](https://github.com/jax-ml/jax/blob/jax-v0.10.2/jax/_src/random/threefry2x32.py)

/// The rotation constants, in JAX's two groups of four rounds.
const ROTATIONS: [[u32; 4]; 2] = [[13, 15, 26, 6], [17, 29, 16, 24]];

/// The key-schedule parity constant of Threefry.
const PARITY: u32 = 0x1BD1_1BDA;

/// Elements per run of words: the stack buffer of the fill loops.
pub(crate) const RUN: usize = 512;

/// The largest segment that JAX's legacy layout hashes under one key:
/// `jnp.iinfo(np.uint32).max`.
const LEGACY_BLOCK: u64 = u32::MAX as u64;

/// Threefry-2x32 with 20 rounds of the counter pair `x` under `key`.
#[inline(always)]
pub(crate) fn block(key: [u32; 2], x: [u32; 2]) -> [u32; 2] {
    let ks = [key[0], key[1], key[0] ^ key[1] ^ PARITY];
    let mut x0 = x[0].wrapping_add(ks[0]);
    let mut x1 = x[1].wrapping_add(ks[1]);
    for group in 0..5 {
        for r in ROTATIONS[group % 2] {
            x0 = x0.wrapping_add(x1);
            x1 = x1.rotate_left(r) ^ x0;
        }
        x0 = x0.wrapping_add(ks[(group + 1) % 3]);
        // `group + 1` is at most 5.
        #[allow(clippy::cast_possible_truncation)]
        let injection = group as u32 + 1;
        x1 = x1.wrapping_add(ks[(group + 2) % 3]).wrapping_add(injection);
    }
    [x0, x1]
}

/// Calls `visit(at, words)` with the random words of elements `at..at + words.len()`
/// of a stream of `len` words under `key`, in JAX's partitionable layout, in runs
/// of at most [`RUN`] words that together cover `0..len` once.
#[inline(always)]
pub(crate) fn partitionable_runs(key: [u32; 2], len: usize, mut visit: impl FnMut(usize, &[u32])) {
    let mut words = [0u32; RUN];
    let mut at = 0usize;
    while at < len {
        let n = RUN.min(len - at);
        // Runs start at multiples of RUN, a divisor of 2³², so the high word of
        // the index is the same for the whole run.
        let index = at as u64;
        #[allow(clippy::cast_possible_truncation)]
        let (hi, lo) = ((index >> 32) as u32, index as u32);
        for (j, w) in words[..n].iter_mut().enumerate() {
            #[allow(clippy::cast_possible_truncation)]
            let [a, b] = block(key, [hi, lo.wrapping_add(j as u32)]);
            *w = a ^ b;
        }
        visit(at, &words[..n]);
        at += n;
    }
}

/// [`partitionable_runs`] in JAX's legacy layout.
#[inline(always)]
pub(crate) fn legacy_runs(key: [u32; 2], len: usize, visit: impl FnMut(usize, &[u32])) {
    legacy_blocks(key, len, LEGACY_BLOCK, visit);
}

/// [`legacy_runs`] with the block size as a parameter, so that tests can make it
/// small.
#[inline(always)]
fn legacy_blocks(key: [u32; 2], len: usize, block: u64, mut visit: impl FnMut(usize, &[u32])) {
    let len64 = len as u64;
    if len64 < block {
        legacy_segment(key, len, 0, &mut visit);
        return;
    }
    // `_threefry_random_bits_original`: blocks of 2³² − 1 counters, each under one
    // of `nblocks + 1` keys split from `key` (in the legacy layout), the last
    // block holding the remainder.
    let blocks = len64 / block;
    let keys = legacy_split(key, blocks + 1);
    for (b, &k) in keys.iter().enumerate() {
        let start = b as u64 * block;
        let seg = (len64 - start).min(block);
        // Both fit in usize: they are at most `len`.
        #[allow(clippy::cast_possible_truncation)]
        legacy_segment(k, seg as usize, start as usize, &mut visit);
    }
}

/// The words of `threefry_2x32(key, iota(len))`, reported as elements
/// `offset..offset + len`.
#[inline(always)]
fn legacy_segment(key: [u32; 2], len: usize, offset: usize, visit: &mut impl FnMut(usize, &[u32])) {
    let half = len.div_ceil(2);
    let mut first = [0u32; RUN];
    let mut second = [0u32; RUN];
    let mut j0 = 0usize;
    while j0 < half {
        let n = RUN.min(half - j0);
        for j in 0..n {
            let c = j0 + j;
            // An odd count is padded with one zero counter at its end.
            let c1 = if half + c == len { 0 } else { half + c };
            // Counters are `uint32` in JAX: they wrap as its iota does.
            #[allow(clippy::cast_possible_truncation)]
            let [a, b] = block(key, [c as u32, c1 as u32]);
            first[j] = a;
            second[j] = b;
        }
        visit(offset + j0, &first[..n]);
        // The padding's output word is dropped.
        let m = n.min(len - half - j0);
        if m > 0 {
            visit(offset + half + j0, &second[..m]);
        }
        j0 += n;
    }
}

/// The key data of `split(key, num)` in the partitionable layout
/// (`_threefry_split_foldlike`).
pub(crate) fn partitionable_split(key: [u32; 2], num: u64) -> Vec<[u32; 2]> {
    (0..num)
        .map(|i| {
            #[allow(clippy::cast_possible_truncation)]
            block(key, [(i >> 32) as u32, i as u32])
        })
        .collect()
}

/// The key data of `split(key, num)` in the legacy layout
/// (`_threefry_split_original`): the words of `threefry_2x32(key, iota(2·num))`
/// read in pairs.
pub(crate) fn legacy_split(key: [u32; 2], num: u64) -> Vec<[u32; 2]> {
    // `iota(2·num)` hashed as `(j, num + j)`; its words are the first outputs of
    // every pair, then the second outputs.
    let word = |m: u64| {
        let (j, second) = if m < num { (m, false) } else { (m - num, true) };
        #[allow(clippy::cast_possible_truncation)]
        let out = block(key, [j as u32, (num + j) as u32]);
        if second { out[1] } else { out[0] }
    };
    (0..num).map(|i| [word(2 * i), word(2 * i + 1)]).collect()
}

/// The key data of `fold_in(key, data)` (`threefry_fold_in`): the hash of the
/// counter pair `(0, data)`, the same in both layouts.
pub(crate) fn fold_in(key: [u32; 2], data: u32) -> [u32; 2] {
    block(key, [0, data])
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)]
mod tests;
