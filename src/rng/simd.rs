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
//! Each form also comes joined (`_u64`: two steps' outputs to a word, for `f64`),
//! and the lane-by-lane forms paired ([`steps_lanes_pair`],
//! [`steps_lanes_u64_pair`]: two independent sets of lanes stepped alternately,
//! so that each one's dependency chain fills the other's waits). All are built
//! on one step, [`step_lanes`] or `step_128`.
//!
//! The vector code is `wide`'s `u32x4`, which is SSE2 on `x86_64` and NEON on
//! AArch64 (both in the architecture's baseline, so every CPU of the
//! architecture has them), with no `unsafe` in this module.
//!
//! Every loop takes a [`Prefetch`]: the output that its words will be mapped
//! to, whose lines it asks for as it goes (see [`super::prefetch`]).

use super::prefetch::Prefetch;
use super::{CHUNK, LANES};

/// Bytes of words that one step of the eight lanes produces: the share of the
/// output that a loop asks for per step ([`Prefetch::share`]), twice that for
/// the joined `f64` words or a pair of sets of lanes, four times for both.
const STEP_BYTES: usize = 4 * LANES;
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
use wide::u32x4;

/// One step of the eight lanes, written lane by lane: their outputs.
#[inline(always)]
pub(super) fn step_lanes(s: &mut [[u32; LANES]; 4]) -> [u32; LANES] {
    let [s0, s1, s2, s3] = s;
    let mut out = [0; LANES];
    for l in 0..LANES {
        out[l] = s0[l].wrapping_add(s3[l]).rotate_left(7).wrapping_add(s0[l]);
        let t = s1[l] << 9;
        s2[l] ^= s0[l];
        s3[l] ^= s1[l];
        s1[l] ^= s2[l];
        s0[l] ^= s3[l];
        s2[l] ^= t;
        s3[l] = s3[l].rotate_left(11);
    }
    out
}

/// `CHUNK / 8` steps of the eight lanes in `s`, written lane by lane.
#[inline(always)]
pub(super) fn steps_lanes(s: &mut [[u32; LANES]; 4], out: &mut [u32; CHUNK], ahead: Prefetch<'_>) {
    let mut state = *s;
    for (k, block) in out.as_chunks_mut::<LANES>().0.iter_mut().enumerate() {
        ahead.share::<STEP_BYTES>(k);
        *block = step_lanes(&mut state);
    }
    *s = state;
}

/// [`steps_lanes`] for two independent sets of lanes at once: their steps
/// interleave, so that one set\'s chain of dependent operations fills the other\'s
/// waits.
#[inline(always)]
pub(super) fn steps_lanes_pair(
    s: [&mut [[u32; LANES]; 4]; 2],
    out: [&mut [u32; CHUNK]; 2],
    ahead: Prefetch<'_>,
) {
    let [sa, sb] = s;
    let [oa, ob] = out;
    let (mut a, mut b) = (*sa, *sb);
    for (k, (x, y)) in oa
        .as_chunks_mut::<LANES>()
        .0
        .iter_mut()
        .zip(ob.as_chunks_mut::<LANES>().0)
        .enumerate()
    {
        ahead.share::<{ 2 * STEP_BYTES }>(k);
        *x = step_lanes(&mut a);
        *y = step_lanes(&mut b);
    }
    (*sa, *sb) = (a, b);
}

/// `CHUNK / 4` steps of the eight lanes in `s`, written lane by lane, two steps'
/// outputs joined into each word: `out[8·k + l]` is lane `l`'s output `2k` (high
/// half) and `2k + 1` (low half).
#[inline(always)]
pub(super) fn steps_lanes_u64(
    s: &mut [[u32; LANES]; 4],
    out: &mut [u64; CHUNK],
    ahead: Prefetch<'_>,
) {
    let mut state = *s;
    for (k, block) in out.as_chunks_mut::<LANES>().0.iter_mut().enumerate() {
        ahead.share::<{ 2 * STEP_BYTES }>(k);
        let (hi, lo) = (step_lanes(&mut state), step_lanes(&mut state));
        *block = words_u64(hi, lo);
    }
    *s = state;
}

/// Each lane's two outputs as one word, the first the high half.
///
/// Written as an interleave of the halves followed by the join of neighbours:
/// the compiler turns this form into two unpacks and two cross-lane permutes per
/// eight words (AVX2), where the direct `(hi << 32) | lo` took extracts,
/// zero-extensions, shifts and blends, and `f64` fills spent about a sixth of
/// their time on them.
#[inline(always)]
fn words_u64(hi: [u32; LANES], lo: [u32; LANES]) -> [u64; LANES] {
    let mut w = [0u32; 2 * LANES];
    for l in 0..LANES {
        w[2 * l] = lo[l];
        w[2 * l + 1] = hi[l];
    }
    let mut out = [0; LANES];
    for l in 0..LANES {
        out[l] = u64::from(w[2 * l]) | (u64::from(w[2 * l + 1]) << 32);
    }
    out
}

/// [`steps_lanes_u64`] for two independent sets of lanes at once, their steps
/// interleaved as in [`steps_lanes_pair`]. The loop is written out again rather
/// than shared with [`steps_lanes_pair`] through a closure: in that form the
/// compiler turned the join into blends and inserts, and an `f64` uniform fill
/// took 1.21 ns per element instead of 0.92.
#[inline(always)]
pub(super) fn steps_lanes_u64_pair(
    s: [&mut [[u32; LANES]; 4]; 2],
    out: [&mut [u64; CHUNK]; 2],
    ahead: Prefetch<'_>,
) {
    let [sa, sb] = s;
    let [oa, ob] = out;
    let (mut a, mut b) = (*sa, *sb);
    for (k, (x, y)) in oa
        .as_chunks_mut::<LANES>()
        .0
        .iter_mut()
        .zip(ob.as_chunks_mut::<LANES>().0)
        .enumerate()
    {
        ahead.share::<{ 4 * STEP_BYTES }>(k);
        let hi_a = step_lanes(&mut a);
        let hi_b = step_lanes(&mut b);
        let lo_a = step_lanes(&mut a);
        let lo_b = step_lanes(&mut b);
        *x = words_u64(hi_a, lo_a);
        *y = words_u64(hi_b, lo_b);
    }
    (*sa, *sb) = (a, b);
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

/// The lanes' state as two halves of four lanes (lanes 0–3, 4–7).
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
fn halves(s: &[[u32; LANES]; 4]) -> [[u32x4; 4]; 2] {
    let half = |w: &[u32; LANES], h: usize| {
        u32x4::new([w[4 * h], w[4 * h + 1], w[4 * h + 2], w[4 * h + 3]])
    };
    [0, 1].map(|h| {
        [
            half(&s[0], h),
            half(&s[1], h),
            half(&s[2], h),
            half(&s[3], h),
        ]
    })
}

/// The state back from [`halves`].
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
fn join(s: &mut [[u32; LANES]; 4], [low, high]: [[u32x4; 4]; 2]) {
    for ((w, l), h) in s.iter_mut().zip(low).zip(high) {
        let (a, b) = w.split_at_mut(4);
        a.copy_from_slice(&l.to_array());
        b.copy_from_slice(&h.to_array());
    }
}

/// One step of the eight lanes in 128-bit registers: their outputs.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
fn step_128(s: &mut [[u32x4; 4]; 2]) -> [u32; LANES] {
    let (a, b) = (step(&mut s[0]).to_array(), step(&mut s[1]).to_array());
    [a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]]
}

/// `CHUNK / 8` steps of the eight lanes in `s`, in 128-bit vector registers:
/// the same outputs and final state as [`steps_lanes`].
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
pub(super) fn steps_128(s: &mut [[u32; LANES]; 4], out: &mut [u32; CHUNK], ahead: Prefetch<'_>) {
    let mut state = halves(s);
    for (k, block) in out.as_chunks_mut::<LANES>().0.iter_mut().enumerate() {
        ahead.share::<STEP_BYTES>(k);
        *block = step_128(&mut state);
    }
    join(s, state);
}

/// [`steps_lanes_u64`] in 128-bit vector registers.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
pub(super) fn steps_128_u64(
    s: &mut [[u32; LANES]; 4],
    out: &mut [u64; CHUNK],
    ahead: Prefetch<'_>,
) {
    let mut state = halves(s);
    for (k, block) in out.as_chunks_mut::<LANES>().0.iter_mut().enumerate() {
        ahead.share::<{ 2 * STEP_BYTES }>(k);
        let (hi, lo) = (step_128(&mut state), step_128(&mut state));
        *block = words_u64(hi, lo);
    }
    join(s, state);
}

/// `CHUNK / 8` steps of the eight lanes in `s`: on this architecture, the
/// lane-by-lane loop.
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
#[inline(always)]
pub(super) fn steps_128(s: &mut [[u32; LANES]; 4], out: &mut [u32; CHUNK], ahead: Prefetch<'_>) {
    steps_lanes(s, out, ahead);
}

/// [`steps_lanes_u64`]: on this architecture, the lane-by-lane loop.
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
#[inline(always)]
pub(super) fn steps_128_u64(
    s: &mut [[u32; LANES]; 4],
    out: &mut [u64; CHUNK],
    ahead: Prefetch<'_>,
) {
    steps_lanes_u64(s, out, ahead);
}

#[cfg(test)]
mod tests;
