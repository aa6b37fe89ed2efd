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

/// Bytes per cache line on the cores that nninit's SIMD paths target.
pub(crate) const LINE: usize = 64;

/// The output bytes that the map of the words being generated will write.
///
/// It holds an address and never reads or writes through it.
#[derive(Clone, Copy, Debug)]
pub struct Prefetch {
    start: *const u8,
    len: usize,
}

impl Prefetch {
    /// No output to ask for.
    pub(crate) const NONE: Prefetch = Prefetch {
        start: core::ptr::null(),
        len: 0,
    };

    /// The bytes of `out`.
    #[inline(always)]
    pub(crate) fn of<T>(out: &[T]) -> Prefetch {
        Prefetch {
            start: out.as_ptr().cast(),
            len: size_of_val(out),
        }
    }

    /// The first and second halves of the bytes: a chunk pair's two chunks.
    #[inline(always)]
    pub(crate) fn halves(self) -> [Prefetch; 2] {
        let half = self.len / 2;
        [
            Prefetch {
                start: self.start,
                len: half,
            },
            Prefetch {
                start: self.start.wrapping_add(half),
                len: self.len - half,
            },
        ]
    }

    /// Asks for the lines of share `k` of the output, in shares of `BYTES`: the
    /// bytes `k·BYTES .. (k + 1)·BYTES`, one line per 64 bytes, or the line that
    /// holds them where a share is smaller than a line. A generator loop that
    /// produces `BYTES` bytes of words per step calls it with its step's index,
    /// since each element's value has the size of its word.
    #[inline(always)]
    pub(crate) fn share<const BYTES: usize>(self, k: usize) {
        let start = k * BYTES;
        let mut offset = start;
        loop {
            self.line(offset);
            offset += LINE;
            if offset >= start + BYTES {
                break;
            }
        }
    }

    /// Asks for the cache line that holds byte `offset` of the output, if the
    /// output has that byte.
    #[inline(always)]
    fn line(self, offset: usize) {
        if offset < self.len {
            fetch(self.start.wrapping_add(offset));
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
    // concerned and never faults, whatever the address; `at` lies inside a slice
    // that the caller borrows in any case.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(at.cast()) };
}

/// Elsewhere, no prefetch.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn fetch(_at: *const u8) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_are_the_outputs_and_halves_split_them() {
        let (a, b) = ([0.0f32; 2048], [0.0f64; 2048]);
        let (pa, pb) = (Prefetch::of(&a[..]), Prefetch::of(&b[..]));
        assert_eq!((pa.len, pb.len), (8192, 16384));
        let [first, second] = pb.halves();
        assert_eq!((first.start, first.len), (pb.start, 8192));
        assert_eq!(second.start, b[1024..].as_ptr().cast());
        assert_eq!(second.len, 8192);
        // A prefetch changes no value; lines past the end are not asked for.
        for k in 0..1000 {
            pa.share::<64>(k);
            pb.share::<128>(k);
            second.share::<32>(k);
            Prefetch::NONE.share::<64>(k);
        }
        assert_eq!((a, b), ([0.0; 2048], [0.0; 2048]));
    }
}
