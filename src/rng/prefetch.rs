//! Asking for a fill's output lines while its random words are generated.
//!
//! A fill works a pair of chunks at a time: it first generates the pair's words
//! into a buffer in L1, writing nothing to the output, then maps them to values
//! and stores them. A buffer larger than the caches makes each of those stores
//! wait for its cache line to come from memory, so without help the memory system
//! idles while the words are generated and the core stalls while they are stored.
//! [`Prefetch`] lets the generator loops ask for the output lines that the map will
//! write, one line per 64 bytes of words generated, so that the lines arrive while
//! the words are computed and the stores find them in cache.
//!
//! A prefetch is a hint: it never faults, reads nothing into the program and
//! writes nothing, so the values are the same with or without it. `x86_64` has it
//! in its baseline (SSE's `prefetcht0`), and Miri runs it. On other architectures
//! the loops ask for nothing.

use core::marker::PhantomData;

/// Bytes per cache line on the cores that nninit's SIMD paths target.
const LINE: usize = 64;

/// The output bytes that the map of the words being generated will write.
///
/// It borrows them and holds their address, and never reads or writes through it.
/// Public, as [`Lanes`](super::Lanes) is, because the sealed `Real` trait's
/// signatures name it; its module is private.
#[derive(Clone, Copy, Debug)]
pub struct Prefetch<'a> {
    start: *const u8,
    len: usize,
    output: PhantomData<&'a [u8]>,
}

impl<'a> Prefetch<'a> {
    /// No output to ask for.
    pub(crate) const NONE: Prefetch<'static> = Prefetch {
        start: core::ptr::null(),
        len: 0,
        output: PhantomData,
    };

    /// The bytes of `out`.
    #[inline(always)]
    pub(crate) fn of<T>(out: &'a [T]) -> Prefetch<'a> {
        Prefetch {
            start: out.as_ptr().cast(),
            len: size_of_val(out),
            output: PhantomData,
        }
    }

    /// The first and second halves of the bytes: a chunk pair's two chunks.
    #[inline(always)]
    pub(crate) fn halves(self) -> [Prefetch<'a>; 2] {
        let half = self.len / 2;
        [
            Prefetch { len: half, ..self },
            Prefetch {
                start: self.start.wrapping_add(half),
                len: self.len - half,
                output: PhantomData,
            },
        ]
    }

    /// Asks for the lines of share `k` of the output, in shares of `bytes`
    /// bytes. A generator loop that produces `bytes` bytes of words per step
    /// calls it with the step's index, so that it asks for as many bytes of
    /// output as it generates words, in the order the map stores them (each
    /// element's value has the size of its word). See
    /// [`share_lines`](Prefetch::share_lines) for which lines.
    #[inline(always)]
    pub(crate) fn share(self, k: usize, bytes: usize) {
        self.share_lines(k, bytes, |offset| fetch(self.start.wrapping_add(offset)));
    }

    /// Calls `ask` with the offsets that share `k` asks for: the multiples of 64
    /// among the share's bytes `k·bytes .. (k + 1)·bytes` that lie inside the
    /// output. A prefetch fetches the line that holds its byte, so over all the
    /// shares each line that holds a byte of the output is asked for once,
    /// except, where the output does not start on a line boundary, perhaps its
    /// last line (for a chunk pair, the line that the next pair asks for first).
    #[inline(always)]
    fn share_lines(self, k: usize, bytes: usize, mut ask: impl FnMut(usize)) {
        let from = k * bytes;
        let mut offset = from.next_multiple_of(LINE);
        while offset < from + bytes && offset < self.len {
            ask(offset);
            offset += LINE;
        }
    }
}

/// `prefetcht0` of the line at `at`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(unsafe_code)]
fn fetch(at: *const u8) {
    use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    // SAFETY: `_mm_prefetch` needs SSE, which every `x86_64` CPU has. A prefetch
    // is a hint that neither reads nor writes memory as far as the program is
    // concerned and never faults, whatever the address. (`at` lies in the output
    // that the `Prefetch` borrows in any case.)
    unsafe { _mm_prefetch::<_MM_HINT_T0>(at.cast()) };
}

/// Elsewhere, no prefetch.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn fetch(_at: *const u8) {}

#[cfg(test)]
mod tests;
