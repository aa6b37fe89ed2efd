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
mod tests {
    use super::*;

    /// The known-answer vectors of Threefry-2x32-20 from Random123 (`kat_vectors`),
    /// which JAX's own tests check too.
    #[test]
    fn block_matches_the_random123_known_answers() {
        assert_eq!(block([0, 0], [0, 0]), [0x6b20_0159, 0x99ba_4efe]);
        assert_eq!(
            block([u32::MAX, u32::MAX], [u32::MAX, u32::MAX]),
            [0x1cb9_96fc, 0xbb00_2be7]
        );
        assert_eq!(
            block([0x1319_8a2e, 0x0370_7344], [0x243f_6a88, 0x85a3_08d3]),
            [0xc492_3a9c, 0x483d_f7a0]
        );
    }

    fn collect(runs: impl Fn(&mut dyn FnMut(usize, &[u32])), len: usize) -> Vec<u32> {
        let mut out = vec![None; len];
        runs(&mut |at, words: &[u32]| {
            for (j, &w) in words.iter().enumerate() {
                assert!(out[at + j].is_none(), "element {} written twice", at + j);
                out[at + j] = Some(w);
            }
        });
        out.into_iter()
            .enumerate()
            .map(|(i, w)| w.unwrap_or_else(|| panic!("element {i} not written")))
            .collect()
    }

    /// The partitionable words, element by element, against their definition,
    /// across run boundaries.
    #[test]
    fn partitionable_words_are_the_xor_of_the_hashed_index() {
        let key = [7, 0xdead_beef];
        for len in [0, 1, 2, RUN - 1, RUN, RUN + 1, 3 * RUN + 5] {
            let got = collect(|v| partitionable_runs(key, len, v), len);
            for (i, &w) in got.iter().enumerate() {
                let [a, b] = block(key, [0, i as u32]);
                assert_eq!(w, a ^ b, "element {i} of {len}");
            }
        }
    }

    /// The legacy words against a direct transcription of `threefry_2x32` on
    /// `iota(len)`: pad to even, hash the halves against each other, concatenate.
    #[test]
    fn legacy_words_pair_the_two_halves_of_the_counters() {
        let key = [0, 42];
        for len in [
            0,
            1,
            2,
            3,
            4,
            5,
            2 * RUN - 1,
            2 * RUN,
            2 * RUN + 1,
            5 * RUN + 3,
        ] {
            let mut counts: Vec<u32> = (0..len as u32).collect();
            if len % 2 == 1 {
                counts.push(0);
            }
            let h = counts.len() / 2;
            let mut expected = vec![0; 2 * h];
            for j in 0..h {
                let [a, b] = block(key, [counts[j], counts[h + j]]);
                expected[j] = a;
                expected[h + j] = b;
            }
            expected.truncate(len);
            assert_eq!(
                collect(|v| legacy_runs(key, len, v), len),
                expected,
                "{len}"
            );
        }
    }

    /// Tensors of a block or more are cut into blocks, each under a key of a
    /// legacy split (the real block is 2³² − 1 elements; here it is 5).
    #[test]
    fn legacy_blocks_take_one_split_key_each() {
        let key = [1, 2];
        let segment =
            |k: [u32; 2], len: usize| collect(|v| legacy_segment(k, len, 0, &mut &mut *v), len);
        for len in [4usize, 5, 10, 13] {
            let mut expected = Vec::new();
            if len < 5 {
                expected = segment(key, len);
            } else {
                let keys = legacy_split(key, len as u64 / 5 + 1);
                for (b, &k) in keys.iter().enumerate() {
                    expected.extend(segment(k, (len - 5 * b).min(5)));
                }
            }
            assert_eq!(
                collect(|v| legacy_blocks(key, len, 5, v), len),
                expected,
                "{len}"
            );
        }
    }

    #[test]
    fn splits_and_fold_in_follow_their_definitions() {
        let key = [0, 0];
        // `split` in the legacy layout is `threefry_2x32(key, iota(2n))` in pairs.
        let words = collect(|v| legacy_segment(key, 6, 0, &mut &mut *v), 6);
        assert_eq!(
            legacy_split(key, 3),
            vec![
                [words[0], words[1]],
                [words[2], words[3]],
                [words[4], words[5]]
            ]
        );
        assert_eq!(partitionable_split(key, 2)[1], block(key, [0, 1]));
        assert!(partitionable_split(key, 0).is_empty());
        assert_eq!(fold_in(key, 0), [0x6b20_0159, 0x99ba_4efe]);
    }
}
