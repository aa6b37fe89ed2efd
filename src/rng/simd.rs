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
//! Both are generic over the [`Word`] a fill consumes: one step's output
//! (`u32`), or two steps' outputs joined (`u64`, for `f64`). The lane-by-lane
//! form also comes paired ([`steps_lanes_pair`]: two independent sets of lanes
//! stepped alternately, so that each one's dependency chain fills the other's
//! waits). All are built on one step, [`step_lanes`] or `step_128`.
//!
//! The vector code is `wide`'s `u32x4`, which is SSE2 on `x86_64` and NEON on
//! AArch64 (both in the architecture's baseline, so every CPU of the
//! architecture has them), with no `unsafe` in this module.
//!
//! Every loop takes a [`Prefetch`]: the output that its words will be mapped
//! to, whose lines it asks for as it goes (see [`super::prefetch`]).

use super::prefetch::Prefetch;
use super::{CHUNK, LANES};

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

/// The eight lanes' state words.
pub type State = [[u32; LANES]; 4];

/// A random word of the stream: one step's output (`u32`, for `f32`) or two
/// steps' outputs joined (`u64`, for `f64`; the first the high half). Public
/// only because the sealed `Native` trait names it; its module is private.
pub trait Word: Copy + Default {
    /// The next word of each lane, stepped lane by lane.
    fn lanes(s: &mut State) -> [Self; LANES];
    /// [`lanes`](Word::lanes) of two independent sets of lanes, their steps
    /// interleaved so that one set's chain of dependent operations fills the
    /// other's waits.
    fn lanes_pair(a: &mut State, b: &mut State) -> [[Self; LANES]; 2];
    /// [`lanes`](Word::lanes) in 128-bit vector registers.
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    fn vectors(s: &mut [[u32x4; 4]; 2]) -> [Self; LANES];
}

impl Word for u32 {
    #[inline(always)]
    fn lanes(s: &mut State) -> [u32; LANES] {
        step_lanes(s)
    }
    #[inline(always)]
    fn lanes_pair(a: &mut State, b: &mut State) -> [[u32; LANES]; 2] {
        [step_lanes(a), step_lanes(b)]
    }
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    #[inline(always)]
    fn vectors(s: &mut [[u32x4; 4]; 2]) -> [u32; LANES] {
        step_128(s)
    }
}

impl Word for u64 {
    #[inline(always)]
    fn lanes(s: &mut State) -> [u64; LANES] {
        let (hi, lo) = (step_lanes(s), step_lanes(s));
        words_u64(hi, lo)
    }
    #[inline(always)]
    fn lanes_pair(a: &mut State, b: &mut State) -> [[u64; LANES]; 2] {
        let hi_a = step_lanes(a);
        let hi_b = step_lanes(b);
        let lo_a = step_lanes(a);
        let lo_b = step_lanes(b);
        [words_u64(hi_a, lo_a), words_u64(hi_b, lo_b)]
    }
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    #[inline(always)]
    fn vectors(s: &mut [[u32x4; 4]; 2]) -> [u64; LANES] {
        let (hi, lo) = (step_128(s), step_128(s));
        words_u64(hi, lo)
    }
}

/// Bytes of one block of eight words: the share of the output that a loop asks
/// for per block ([`Prefetch::share`]).
const fn block_bytes<W>() -> usize {
    LANES * size_of::<W>()
}

/// `CHUNK / 8` blocks of words of the eight lanes in `s`, written lane by lane:
/// `out[8·k + l]` is lane `l`'s `k`th word.
#[inline(always)]
pub(super) fn steps_lanes<W: Word>(s: &mut State, out: &mut [W; CHUNK], ahead: Prefetch<'_>) {
    let mut state = *s;
    for (k, block) in out.as_chunks_mut::<LANES>().0.iter_mut().enumerate() {
        ahead.share(k, block_bytes::<W>());
        *block = W::lanes(&mut state);
    }
    *s = state;
}

/// [`steps_lanes`] for two independent sets of lanes at once, their steps
/// interleaved ([`Word::lanes_pair`]).
#[inline(always)]
pub(super) fn steps_lanes_pair<W: Word>(
    s: [&mut State; 2],
    out: [&mut [W; CHUNK]; 2],
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
        ahead.share(k, 2 * block_bytes::<W>());
        [*x, *y] = W::lanes_pair(&mut a, &mut b);
    }
    (*sa, *sb) = (a, b);
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

/// [`steps_lanes`] in 128-bit vector registers: the same words and final state.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
pub(super) fn steps_128<W: Word>(s: &mut State, out: &mut [W; CHUNK], ahead: Prefetch<'_>) {
    let mut state = halves(s);
    for (k, block) in out.as_chunks_mut::<LANES>().0.iter_mut().enumerate() {
        ahead.share(k, block_bytes::<W>());
        *block = W::vectors(&mut state);
    }
    join(s, state);
}

/// [`steps_lanes`]: on this architecture, the lane-by-lane loop.
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
#[inline(always)]
pub(super) fn steps_128<W: Word>(s: &mut State, out: &mut [W; CHUNK], ahead: Prefetch<'_>) {
    steps_lanes(s, out, ahead);
}

#[cfg(test)]
mod tests;
