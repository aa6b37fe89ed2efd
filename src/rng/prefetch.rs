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

    /// Asks for the lines of share `k` of the output, in shares of `BYTES`
    /// bytes. A generator loop that produces `BYTES` bytes of words per step
    /// calls it with the step's index, so that it asks for as many bytes of
    /// output as it generates words, in the order the map stores them (each
    /// element's value has the size of its word). See
    /// [`share_lines`](Prefetch::share_lines) for which lines.
    #[inline(always)]
    pub(crate) fn share<const BYTES: usize>(self, k: usize) {
        self.share_lines::<BYTES>(k, |offset| fetch(self.start.wrapping_add(offset)));
    }

    /// Calls `ask` with the offsets that share `k` asks for: the multiples of 64
    /// among the share's bytes `k·BYTES .. (k + 1)·BYTES` that lie inside the
    /// output. A prefetch fetches the line that holds its byte, so over all the
    /// shares each line that holds a byte of the output is asked for once,
    /// except, where the output does not start on a line boundary, perhaps its
    /// last line (for a chunk pair, the line that the next pair asks for first).
    #[inline(always)]
    fn share_lines<const BYTES: usize>(self, k: usize, mut ask: impl FnMut(usize)) {
        let from = k * BYTES;
        let mut offset = from.next_multiple_of(LINE);
        while offset < from + BYTES && offset < self.len {
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
mod tests {
    use super::*;

    /// The lines (address / 64) that the first `steps` shares of `BYTES` ask
    /// for, in order.
    fn asked<const BYTES: usize>(p: Prefetch<'_>, steps: usize) -> Vec<usize> {
        let mut lines = Vec::new();
        for k in 0..steps {
            p.share_lines::<BYTES>(k, |offset| {
                assert!(offset < p.len, "{offset} past {}", p.len);
                lines.push((p.start.addr() + offset) / LINE);
            });
        }
        lines
    }

    /// The lines that hold a byte of `p`'s output, in order, less the last where
    /// no multiple of 64 from the start falls in it.
    fn lines(p: Prefetch<'_>) -> Vec<usize> {
        let first = p.start.addr() / LINE;
        let last = (p.start.addr() + p.len - 1) / LINE;
        let asked = first..first + p.len.div_ceil(LINE);
        assert!(
            asked.end == last + 1 || asked.end == last,
            "all but the last"
        );
        asked.collect()
    }

    #[test]
    fn every_line_of_the_output_is_asked_for_once() {
        // A chunk's words take 128 steps: 32 bytes per step (f32, one set of
        // lanes), 64 (f32 pair, f64), 128 (f64 pair); the outputs start at every
        // alignment a buffer of f32 can have, and one is cut short.
        let buf = vec![0.0f32; 4096 + 16];
        for skip in 0..16 {
            let bytes = &buf[skip..];
            for (len, per_step) in [(4096, 32), (1000, 32), (8192, 64), (16384, 128)] {
                let p = Prefetch::of(&bytes[..len / 4]);
                let got = match per_step {
                    32 => asked::<32>(p, 128),
                    64 => asked::<64>(p, 128),
                    _ => asked::<128>(p, 128),
                };
                assert_eq!(
                    got,
                    lines(p),
                    "start {skip}, {len} bytes, {per_step} per step"
                );
            }
            // The baseline copy's pair: each half by itself.
            let pair = Prefetch::of(&bytes[..2048]);
            for half in pair.halves() {
                assert_eq!(asked::<32>(half, 128), lines(half), "{skip}");
            }
            assert_eq!(pair.halves()[1].start, bytes[1024..].as_ptr().cast());
        }
        assert!(asked::<64>(Prefetch::NONE, 128).is_empty());
    }
}
