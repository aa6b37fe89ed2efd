//! The generator's step over the eight lanes, in 128-bit vector registers.
//!
//! [`steps_lanes`] is the step written lane by lane: with AVX2 the compiler keeps
//! the eight lanes of each state word in one 256-bit register, but without AVX2
//! it leaves the loop scalar. [`steps_128`] is the same step written with the
//! 128-bit vector instructions of the architecture's baseline (SSE2 on `x86_64`,
//! NEON on AArch64), two registers per state word (lanes 0–3 and 4–7); on other
//! architectures there is only the lane-by-lane loop. Every lane runs the same
//! 32-bit integer operations in every version, so the outputs are identical.
//!
//! The vector code is `wide`'s `u32x4`, which is SSE2 on `x86_64` and NEON on
//! AArch64 (both in the architecture's baseline, so every CPU of the
//! architecture has them) and keeps the crate free of `unsafe`.

use super::{CHUNK, LANES};
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
use wide::u32x4;

/// `CHUNK / 8` steps of the eight lanes in `s`, written lane by lane.
#[inline(always)]
pub(super) fn steps_lanes(s: &mut [[u32; LANES]; 4], out: &mut [u32; CHUNK]) {
    let [mut s0, mut s1, mut s2, mut s3] = *s;
    for block in out.chunks_exact_mut(LANES) {
        for l in 0..LANES {
            block[l] = s0[l].wrapping_add(s3[l]).rotate_left(7).wrapping_add(s0[l]);
            let t = s1[l] << 9;
            s2[l] ^= s0[l];
            s3[l] ^= s1[l];
            s1[l] ^= s2[l];
            s0[l] ^= s3[l];
            s2[l] ^= t;
            s3[l] = s3[l].rotate_left(11);
        }
    }
    *s = [s0, s1, s2, s3];
}

/// One step of four lanes: returns their outputs and advances `s`.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
fn step(s: &mut [u32x4; 4]) -> u32x4 {
    let [s0, s1, s2, s3] = s;
    let sum = *s0 + *s3;
    let out = ((sum << 7) | (sum >> 25)) + *s0;
    let t = *s1 << 9;
    *s2 ^= *s0;
    *s3 ^= *s1;
    *s1 ^= *s2;
    *s0 ^= *s3;
    *s2 ^= t;
    *s3 = (*s3 << 11) | (*s3 >> 21);
    out
}

/// `CHUNK / 8` steps of the eight lanes in `s`, in 128-bit vector registers:
/// the same outputs and final state as [`steps_lanes`].
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
pub(super) fn steps_128(s: &mut [[u32; LANES]; 4], out: &mut [u32; CHUNK]) {
    let half = |w: &[u32; LANES], h: usize| {
        u32x4::new([w[4 * h], w[4 * h + 1], w[4 * h + 2], w[4 * h + 3]])
    };
    let mut low = [
        half(&s[0], 0),
        half(&s[1], 0),
        half(&s[2], 0),
        half(&s[3], 0),
    ];
    let mut high = [
        half(&s[0], 1),
        half(&s[1], 1),
        half(&s[2], 1),
        half(&s[3], 1),
    ];
    for block in out.as_chunks_mut::<LANES>().0 {
        let (a, b) = block.split_at_mut(4);
        a.copy_from_slice(&step(&mut low).to_array());
        b.copy_from_slice(&step(&mut high).to_array());
    }
    for ((w, l), h) in s.iter_mut().zip(low).zip(high) {
        let (a, b) = w.split_at_mut(4);
        a.copy_from_slice(&l.to_array());
        b.copy_from_slice(&h.to_array());
    }
}

/// `CHUNK / 8` steps of the eight lanes in `s`: on this architecture, the
/// lane-by-lane loop.
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
#[inline(always)]
pub(super) fn steps_128(s: &mut [[u32; LANES]; 4], out: &mut [u32; CHUNK]) {
    steps_lanes(s, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream::Stream;

    /// States drawn from SplitMix64, plus states with all bits set and with one
    /// bit set per word, so that every rotation and shift carries set bits
    /// across a lane's edge.
    fn states() -> Vec<[[u32; LANES]; 4]> {
        let mut seq = Stream::new(0x5EED);
        let mut all = Vec::new();
        for _ in 0..64 {
            let mut s = [[0u32; LANES]; 4];
            for word in s.as_flattened_mut() {
                #[allow(clippy::cast_possible_truncation)] // the low half of a word
                {
                    *word = seq.next_u64() as u32;
                }
            }
            all.push(s);
        }
        all.push([[u32::MAX; LANES]; 4]);
        for bit in [0, 7, 20, 21, 24, 25, 31] {
            all.push([[1 << bit; LANES]; 4]);
        }
        all
    }

    #[test]
    fn the_vector_step_matches_the_lane_loop() {
        for start in states() {
            let (mut a, mut b) = (start, start);
            let (mut out_a, mut out_b) = ([0u32; CHUNK], [0u32; CHUNK]);
            for _ in 0..3 {
                steps_lanes(&mut a, &mut out_a);
                steps_128(&mut b, &mut out_b);
                assert_eq!(out_a, out_b, "outputs from {start:?}");
                assert_eq!(a, b, "state from {start:?}");
            }
        }
    }
}
