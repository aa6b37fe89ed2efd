//! The Mersenne Twister behind PyTorch's CPU generator: `at::mt19937` of
//! `aten/src/ATen/core/MT19937RNGEngine.h`, seeded by `torch.manual_seed`.
//!
//! The state is 624 words; a draw tempers the next word, and every 624 draws the
//! whole state is regenerated at once (the "twist"), as PyTorch's `next_state`
//! does. The twist is written as two branch-free passes over the state that the
//! compiler can run in vector registers; draws come out in blocks
//! ([`Mt19937::fill`]) so that the fill loops never test for the end of the
//! state per word.

/// The state's length, `MERSENNE_STATE_N`.
pub(crate) const N: usize = 624;
/// The twist's offset, `MERSENNE_STATE_M`.
const M: usize = 397;
/// `MATRIX_A`: the twist matrix's last row.
const MATRIX_A: u32 = 0x9908_b0df;
/// `UMASK`: the top bit.
const UPPER: u32 = 0x8000_0000;
/// `LMASK`: the 31 low bits.
const LOWER: u32 = 0x7fff_ffff;

/// PyTorch's `at::mt19937`: the 32-bit Mersenne Twister, seeded from the low 32
/// bits of a 64-bit seed.
#[derive(Clone)]
pub(crate) struct Mt19937 {
    state: [u32; N],
    /// The next word of `state` to temper; `N` when the state must be twisted
    /// first (PyTorch's `left_ == 1`).
    next: usize,
}

impl core::fmt::Debug for Mt19937 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The 624 words say nothing a reader can use.
        f.debug_struct("Mt19937")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Mt19937 {
    fn eq(&self, other: &Self) -> bool {
        self.next == other.next && self.state == other.state
    }
}

/// `twist(u, v)` of `MT19937RNGEngine.h`, without a branch: the top bit of `u`
/// and the low 31 of `v`, shifted, and `MATRIX_A` when `v` is odd.
#[inline(always)]
fn twist(u: u32, v: u32) -> u32 {
    (((u & UPPER) | (v & LOWER)) >> 1) ^ (0u32.wrapping_sub(v & 1) & MATRIX_A)
}

/// The tempering of an output word.
#[inline(always)]
pub(crate) fn temper(mut y: u32) -> u32 {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^ (y >> 18)
}

impl Mt19937 {
    /// The engine as `mt19937(seed)` leaves it: `init_with_uint32`, which keeps
    /// `seed & 0xffffffff`.
    pub(crate) fn new(seed: u64) -> Self {
        let mut state = [0u32; N];
        // Truncation is PyTorch's: `state_[0] = seed & 0xffffffff`.
        #[allow(clippy::cast_possible_truncation)]
        {
            state[0] = seed as u32;
        }
        for j in 1..N {
            let prev = state[j - 1];
            // `j < 624`, so the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            let j32 = j as u32;
            state[j] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(j32);
        }
        Mt19937 { state, next: N }
    }

    /// `next_state`: regenerates all 624 words.
    ///
    /// The first pass (words 0 to 226) reads only words not yet rewritten; the
    /// second (227 to 622) reads words 0 to 395 of this twist, rewritten at least
    /// 227 words earlier; the last word wraps around to the new word 0.
    ///
    #[inline(always)]
    fn twist(&mut self) {
        let s = &mut self.state;
        for j in 0..N - M {
            s[j] = s[j + M] ^ twist(s[j], s[j + 1]);
        }
        for j in N - M..N - 1 {
            s[j] = s[j + M - N] ^ twist(s[j], s[j + 1]);
        }
        s[N - 1] = s[M - 1] ^ twist(s[N - 1], s[0]);
        self.next = 0;
    }

    /// One draw: `CPUGeneratorImpl::random`.
    #[inline]
    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.next == N {
            self.twist();
        }
        let y = self.state[self.next];
        self.next += 1;
        temper(y)
    }

    /// Two draws joined, the first in the high half: `CPUGeneratorImpl::random64`.
    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
        let hi = self.next_u32();
        let lo = self.next_u32();
        (u64::from(hi) << 32) | u64::from(lo)
    }

    /// The state words behind the next draws, at most `max` of them and at least
    /// one (for `max > 0`), untempered: draw `i` is `temper(block[i])`. The block
    /// ends where the state must be twisted again.
    ///
    /// Inlined into the fill loops, which are compiled for AVX2 as well as the
    /// baseline, so that the twist and the tempering run in vector registers.
    #[inline(always)]
    pub(crate) fn next_block(&mut self, max: usize) -> &[u32] {
        if self.next == N {
            self.twist();
        }
        let start = self.next;
        self.next += (N - start).min(max);
        &self.state[start..self.next]
    }

    /// The next `out.len()` draws, in order, as repeated [`next_u32`](Self::next_u32)
    /// would give them, a block of state at a time.
    #[inline(always)]
    pub(crate) fn fill(&mut self, mut out: &mut [u32]) {
        while !out.is_empty() {
            let block = self.next_block(out.len());
            let (head, rest) = out.split_at_mut(block.len());
            for (o, &s) in head.iter_mut().zip(block) {
                *o = temper(s);
            }
            out = rest;
        }
    }
}

#[cfg(test)]
mod tests;
