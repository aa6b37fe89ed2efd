//! The keyed, counter-based generator that every random initializer draws from.
//!
//! Element `i` of a tensor filled under key `k` is a pure function of `(k, i)` and
//! the initializer, so any range of the tensor can be filled on its own
//! ([`Initializer::fill_at`](crate::Initializer::fill_at)) and comes out with the
//! same bits as the same range of a whole fill.
//!
//! The tensor is cut into chunks of [`CHUNK`] elements. Chunk `c` is drawn from
//! eight xoshiro128++ generators running side by side in lanes, lane `l` seeded by
//! SplitMix64 from `(k, c, l)`; element `j` of the chunk takes the next output of
//! lane `j mod 8` (two consecutive outputs, high word first, for `f64`). Eight
//! independent lanes are what lets the fill loop run in SIMD registers.
//!
//! This module is the bottom of the crate: it imports nothing from the rest of it.
//! [`Element`] is its half of the public `Real` trait (what every element type
//! gives a fill: the type it is computed in and how its values are finished),
//! [`Native`] how random bits become `f32` and `f64` values, and [`dist::Dist`] a
//! distribution checked in the element type,
//! which the initializers' plans are converted to.
//!
//! # How the fast paths keep the bits
//!
//! The fill loops change how the stream is computed, never its values:
//!
//! - **Words first, then values.** A chunk's 1024 words are generated into a buffer
//!   by [`steps`], which holds the eight lanes in vector registers, then mapped to
//!   values in plain loops. Two chunks' generators are stepped together, their
//!   dependency chains interleaved, and while they run the loops ask for the output
//!   lines the values will be stored to ([`prefetch`]: a hint that changes no value).
//! - **Exactly rounded operations only.** `+ − × ÷ √`, conversions and bit
//!   manipulation; nothing is fused (Rust never contracts `a·b + c` into an FMA) and
//!   no approximate reciprocal is used. Where a lane must choose (the normal
//!   quantile's near or far tail, the sign), both values are formed by the scalar
//!   code's operations in its order and one is selected.
//! - **Central pass, then tails.** The normal and truncated maps compute the cheap
//!   central region of Wichura's AS 241 for every element, on strips of 128 bytes
//!   issued one operation across the strip at a time, so that the strip's
//!   independent division chains overlap; the elements outside it are gathered by a
//!   table-driven compaction, computed together by the tail formula alone, and
//!   scattered back. The far tail's select is left out where no draw can reach it
//!   (the `f32` normal fill, whose least tail probability is 2⁻²⁵, and truncated
//!   fills whose probabilities stay above 10⁻¹⁰), and skipped per strip elsewhere.
//! - **Exact conversions by a subtraction.** A word's bit field `k` becomes a float
//!   by placing `k` in the mantissa of ½ or 1 and subtracting an exact constant:
//!   `unit_open` is `(1 + k·2⁻²³) − (1 − 2⁻²⁴)` in `f32`; the normal's tail
//!   probability `(k + ½)·2⁻²⁴` is `(½ + k·2⁻²⁴) − (½ − 2⁻²⁵)`, and its central
//!   `q = ½ − (k + ½)·2⁻²⁴` uses the complement of `k`'s bits the same way. Each
//!   result has at most 24 (`f64`: 53) significant bits, so the subtraction is exact;
//!   unit tests compare every `f32` input and two million `f64` words with the
//!   definitions by integer conversion.
//! - **Run-time choice of AVX2.** [`steps`] and [`fill_stream`] are compiled twice by
//!   `multiversion`, for the x86-64 baseline and for AVX2, and chosen on the first
//!   call. The AVX2 copy of `steps` runs the lane-by-lane loop in `ymm` registers;
//!   the baseline copy runs the step written for 128-bit vectors (`simd.rs`: `wide`'s
//!   `u32x4`, SSE2 on x86-64 and NEON on AArch64), since the compiler leaves the
//!   lane loop scalar there. Both do the same 32-bit operations on every lane.
//!
//! The referee is `init::referee`: an independent scalar xoshiro128++ and SplitMix64
//! compute each element's word from the definition above, and every fill (sizes 0
//! to 5000, offsets around chunk edges, every distribution and both quantile
//! regions, `f32` and `f64`, and a parallel fill on four threads) must equal
//! `Dist::sample` of that word bit for bit. The integration tests `value_stability`
//! (exact values) and `fill_snapshot` (hashes of whole fills) pin the stream;
//! `determinism` and `parallel` check shards and thread counts. CI runs those tests
//! and this module's unit tests a second time under `qemu-x86_64 -cpu qemu64` (SSE2,
//! no AVX, which QEMU traps), where `tests/simd_paths.rs` fails unless the baseline
//! copy was taken; on a machine without AVX2 it also runs them under `-cpu max`.
//!
//! # References
//! - D. Blackman, S. Vigna, "Scrambled Linear Pseudorandom Number Generators",
//!   ACM TOMS 47(4), 2021 (xoshiro128++).
//! - G. Steele, D. Lea, C. Flood, "Fast Splittable Pseudorandom Number Generators",
//!   OOPSLA 2014 (SplitMix64).

pub(crate) mod dist;
mod element;
#[cfg(feature = "half")]
mod halves;
pub(crate) mod math;
pub(crate) mod prefetch;
mod simd;
pub(crate) mod stream;

pub use element::{Element, Native};
use prefetch::Prefetch;
use simd::{State, Word};
use stream::Stream;

/// Lanes of xoshiro128++ that run side by side.
pub(crate) const LANES: usize = 8;

/// Elements per chunk: the unit that is seeded from `(key, chunk)`.
pub(crate) const CHUNK: usize = 1024;

/// SplitMix64's output function: a bijective mix of 64 bits.
///
/// Inline, like [`Stream`]'s steps, so that [`Lanes::for_chunk`] runs in the
/// fill loop's vector registers wherever the fill is instantiated.
#[inline]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `CHUNK / 8` blocks of words of the eight lanes in `s` ([`simd::Word`]: one
/// step's outputs, or two steps' joined), asking for the lines of `ahead` (the
/// output the words will be mapped to) as it goes.
///
/// A function of its own, compiled for SSE2 and AVX2 and chosen at run time.
/// The AVX2 copy runs the lane-by-lane loop, which the compiler keeps in 256-bit
/// registers (one per state word); the baseline copy runs the step written for
/// 128-bit vectors (SSE2 on `x86_64`, NEON on AArch64), since the compiler
/// leaves the lane-by-lane loop scalar there. Both give the same outputs.
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn steps<W: Word>(s: &mut State, out: &mut [W; CHUNK], ahead: Prefetch<'_>) {
    if multiversion::target::target_cfg_f!(target_feature = "avx2") {
        simd::steps_lanes(s, out, ahead);
    } else {
        simd::steps_128(s, out, ahead);
    }
}

/// [`steps`] for two sets of lanes at once, interleaved (AVX2), or one after the
/// other (the baseline copy).
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn steps_pair<W: Word>(s: [&mut State; 2], out: [&mut [W; CHUNK]; 2], ahead: Prefetch<'_>) {
    if multiversion::target::target_cfg_f!(target_feature = "avx2") {
        simd::steps_lanes_pair(s, out, ahead);
    } else {
        let ([sa, sb], [oa, ob], [pa, pb]) = (s, out, ahead.halves());
        simd::steps_128(sa, oa, pa);
        simd::steps_128(sb, ob, pb);
    }
}

/// Eight xoshiro128++ generators, stored lane-major so that one step of all eight
/// is a handful of vector instructions.
#[derive(Clone, Debug)]
pub struct Lanes {
    s: State,
}

impl Lanes {
    /// The lanes for chunk `chunk` of a fill under the key whose [`mix64`] is
    /// `key_hash`.
    ///
    /// Inlined, so that the fill's AVX2 copy derives the eight lanes' states in
    /// 256-bit vectors: compiled on its own for SSE2, one call took about 120
    /// cycles, about 15 % of the time of an in-cache uniform chunk.
    #[inline(always)]
    pub(crate) fn for_chunk(key_hash: u64, chunk: u64) -> Self {
        let mut s = [[0u32; LANES]; 4];
        for lane in 0..LANES {
            let stream = (chunk << 3) | lane as u64;
            let mut seq = Stream::new(key_hash ^ mix64(stream.wrapping_add(0x6A09_E667_F3BC_C909)));
            let a = seq.next_u64();
            let b = seq.next_u64();
            #[allow(clippy::cast_possible_truncation)] // taking the halves of a word
            let words = [a as u32, (a >> 32) as u32, b as u32, (b >> 32) as u32];
            for (row, word) in s.iter_mut().zip(words) {
                row[lane] = word;
            }
            if words == [0; 4] {
                // xoshiro's one forbidden state; SplitMix64 never yields it twice.
                s[0][lane] = 1;
            }
        }
        Lanes { s }
    }

    /// The lanes started from explicit xoshiro128++ states, one per lane.
    #[cfg(test)]
    pub(crate) fn from_states(states: [[u32; 4]; LANES]) -> Self {
        let mut s = [[0u32; LANES]; 4];
        for (lane, state) in states.iter().enumerate() {
            for (row, &word) in s.iter_mut().zip(state) {
                row[lane] = word;
            }
        }
        Lanes { s }
    }

    /// Fills `out` with the next `CHUNK / 8` words of every lane, block by
    /// block (`out[8·k + l]` is lane `l`'s `k`th word: its `k`th output, or for
    /// `u64` its outputs `2k` as the high half and `2k + 1`), asking for the
    /// lines of `ahead` as it goes (see [`prefetch`]).
    #[inline(always)]
    pub(crate) fn fill<W: Word>(&mut self, out: &mut [W; CHUNK], ahead: Prefetch<'_>) {
        steps(&mut self.s, out, ahead);
    }

    /// [`fill`](Lanes::fill) for two sets of lanes at once.
    #[inline(always)]
    pub(crate) fn fill_pair<W: Word>(
        a: &mut Lanes,
        b: &mut Lanes,
        out: [&mut [W; CHUNK]; 2],
        ahead: Prefetch<'_>,
    ) {
        steps_pair([&mut a.s, &mut b.s], out, ahead);
    }

    /// The next word of every lane.
    #[inline(always)]
    pub(crate) fn next<W: Word>(&mut self) -> [W; LANES] {
        W::lanes(&mut self.s)
    }

    /// One xoshiro128++ output from every lane.
    #[inline(always)]
    pub fn next_block(&mut self) -> [u32; LANES] {
        simd::step_lanes(&mut self.s)
    }
}

/// How a fill loop turns an element's random word into its value.
///
/// A transform whose cost lies mostly in a rarely taken region (the normal
/// quantile's tails) sets `SPLIT`: the fill loop then computes the cheap
/// [`central_strip`](Transform::central_strip) values for every element, gathers
/// the few elements outside the central region, and computes
/// [`outside_strip`](Transform::outside_strip) for those alone, all in
/// SIMD-friendly loops. Both work on strips of elements, one operation across the
/// strip at a time; a strip of one is the scalar form.
pub(crate) trait Transform<T: Native> {
    /// Whether the fill loop should call [`central_strip`](Transform::central_strip)
    /// first.
    const SPLIT: bool = false;
    /// The element's value, without branches.
    fn full(&self, bits: T::Bits) -> T;
    /// The element's value, by the scalar form (branches allowed): the bits of
    /// `full`.
    #[inline(always)]
    fn value(&self, bits: T::Bits) -> T {
        self.full(bits)
    }
    /// Each element's value if it lies in the central region, and `outside[l] = 1`
    /// where it does not (then the value is discarded and
    /// [`outside_strip`](Transform::outside_strip) used). Inside the region the
    /// values must have the bits of `full`.
    #[inline(always)]
    fn central_strip<const S: usize>(
        &self,
        bits: &[T::Bits; S],
        out: &mut [T; S],
        outside: &mut [u8; S],
    ) {
        for l in 0..S {
            out[l] = self.full(bits[l]);
            outside[l] = 0;
        }
    }
    /// The values of elements that [`central_strip`](Transform::central_strip)
    /// flagged as outside the central region: the bits of `full` there.
    #[inline(always)]
    fn outside_strip<const S: usize>(&self, bits: &[T::Bits; S], out: &mut [T; S]) {
        for l in 0..S {
            out[l] = self.full(bits[l]);
        }
    }
}

/// Bytes per strip of the central loop, whose operations are issued one at a time
/// across the strip (see [`Transform::central_strip`]): 32 `f32` or 16 `f64`, so
/// that the strip's working values stay in the sixteen vector registers.
const CENTRAL_STRIP_BYTES: usize = 128;

/// Bytes per strip of the loop over elements outside the central region: four
/// vectors, whose chains (a logarithm, a square root and divisions, each waiting
/// on the last) run side by side; with fewer, the loop waits on the chain.
const TAIL_STRIP_BYTES: usize = 128;

/// For each byte `m`, the positions of its set bits in increasing order.
static POSITIONS: [[u8; LANES]; 256] = positions();

#[allow(clippy::cast_possible_truncation)] // j < 8
const fn positions() -> [[u8; LANES]; 256] {
    let mut table = [[0u8; LANES]; 256];
    let mut m = 0;
    while m < 256 {
        let (mut j, mut k) = (0, 0);
        while j < LANES {
            if m >> j & 1 == 1 {
                table[m][k] = j as u8;
                k += 1;
            }
            j += 1;
        }
        m += 1;
    }
    table
}

/// Per-chunk working memory of a fill.
struct Scratch<T: Native> {
    bits: [T::Bits; CHUNK],
    /// The next chunk's words, where two chunks are generated together.
    next: [T::Bits; CHUNK],
    outside: [u8; CHUNK],
    index: [u16; CHUNK],
    gathered: [T::Bits; CHUNK],
}

/// Where a fill loop's values go: [`fill_stream`] maps each piece's values into
/// [`values`](Sink::values) and then calls [`store`](Sink::store).
///
/// No closures: the compiler leaves a closure in the fill loop as a function of
/// its own, and one written in a helper outside [`fill_stream`] is compiled
/// without the AVX2 target (a normal fill whose split map ran in one took 1.7
/// ns per element instead of 1.1).
pub(crate) trait Sink<T: Native> {
    /// The output's element type.
    type Out: Copy + Send;
    /// The output's value for the value `v`.
    fn one(&self, v: T) -> Self::Out;
    /// Where the values of `dst` (at most two chunks) are mapped to: `dst`
    /// itself, or a buffer.
    fn values<'a>(&'a mut self, dst: &'a mut [Self::Out]) -> &'a mut [T];
    /// Writes the values mapped into [`values`](Sink::values) to `dst`.
    fn store(&mut self, dst: &mut [Self::Out]);
}

/// The values themselves, mapped straight into the output.
pub(crate) struct Direct;

impl<T: Native> Sink<T> for Direct {
    type Out = T;
    #[inline(always)]
    fn one(&self, v: T) -> T {
        v
    }
    #[inline(always)]
    fn values<'a>(&'a mut self, dst: &'a mut [T]) -> &'a mut [T] {
        dst
    }
    #[inline(always)]
    fn store(&mut self, _: &mut [T]) {}
}

/// Writes `x.full(bits of element i)`, through `sink`, to `out[i - offset]` for
/// every element `i` in `offset..offset + out.len()` of the stream under `key`.
///
/// Each chunk's random words are generated into a buffer first, then mapped in
/// plain loops, which run in SIMD registers since the transforms have no
/// branches. Two whole chunks' words are generated together: on AVX2, with the
/// two generators' steps interleaved ([`steps_pair`]). The
/// function is compiled for SSE2 and for AVX2, chosen at run time.
///
/// The caller has checked that the range lies inside the tensor.
#[multiversion::multiversion(targets("x86_64+avx2"))]
pub(crate) fn fill_stream<T: Native, X: Transform<T>, S: Sink<T>>(
    out: &mut [S::Out],
    key: u64,
    offset: usize,
    x: &X,
    sink: &mut S,
) {
    let key_hash = mix64(key);
    let mut scratch = Scratch::<T> {
        bits: [T::Bits::default(); CHUNK],
        next: [T::Bits::default(); CHUNK],
        outside: [0; CHUNK],
        index: [0; CHUNK],
        gathered: [T::Bits::default(); CHUNK],
    };
    let mut pos = offset;
    let mut rest = out;
    while !rest.is_empty() {
        let start = pos % CHUNK;
        let n = (CHUNK - start).min(rest.len());
        let chunk = (pos / CHUNK) as u64;
        if start == 0 && rest.len() >= 2 * CHUNK {
            // Two whole chunks, whose words are generated together.
            let (pair, tail) = rest.split_at_mut(2 * CHUNK);
            let mut a = Lanes::for_chunk(key_hash, chunk);
            let mut b = Lanes::for_chunk(key_hash, chunk + 1);
            let words = [&mut scratch.bits, &mut scratch.next];
            Lanes::fill_pair(&mut a, &mut b, words, Prefetch::of(pair));
            let (first, second) = sink.values(pair).split_at_mut(CHUNK);
            map_piece(first, &mut scratch, 0, false, x);
            map_piece(second, &mut scratch, 0, true, x);
            sink.store(pair);
            pos += 2 * CHUNK;
            rest = tail;
            continue;
        }
        let (dst, tail) = rest.split_at_mut(n);
        let values = sink.values(dst);
        if n == CHUNK {
            // The common case, with constant bounds.
            fill_piece(values, &mut scratch, key_hash, chunk, 0, x);
        } else {
            fill_piece(values, &mut scratch, key_hash, chunk, start, x);
        }
        sink.store(dst);
        pos += n;
        rest = tail;
    }
}

/// The central value of every element and its flag (outside the central region),
/// in strips of `S`.
#[inline(always)]
fn central_pass<T: Native, X: Transform<T>, const S: usize>(
    dst: &mut [T],
    src: &[T::Bits],
    flags: &mut [u8],
    x: &X,
) {
    let (dg, dr) = dst.as_chunks_mut::<S>();
    let (sg, sr) = src.as_chunks::<S>();
    let (fg, fr) = flags.as_chunks_mut::<S>();
    for ((o, f), b) in dg.iter_mut().zip(fg.iter_mut()).zip(sg) {
        x.central_strip(b, o, f);
    }
    for ((o, f), &b) in dr.iter_mut().zip(fr.iter_mut()).zip(sr) {
        let (mut v, mut outside) = ([T::zero()], [0]);
        x.central_strip(&[b], &mut v, &mut outside);
        *o = v[0];
        *f = outside[0];
    }
}

/// Writes elements `start..start + dst.len()` of chunk `chunk` (all inside it).
#[inline(always)]
fn fill_piece<T: Native, X: Transform<T>>(
    dst: &mut [T],
    scratch: &mut Scratch<T>,
    key_hash: u64,
    chunk: u64,
    start: usize,
    x: &X,
) {
    let end = start + dst.len();
    let mut lanes = Lanes::for_chunk(key_hash, chunk);
    if end > CHUNK / 4 {
        // A whole chunk's words: with a constant length the lanes stay in vector
        // registers. Word `j` maps to element `j − start`, so the output's lines
        // line up with the words only from the chunk's start.
        let ahead = if start == 0 {
            Prefetch::of(dst)
        } else {
            Prefetch::NONE
        };
        lanes.fill(&mut scratch.bits, ahead);
    } else {
        for block in scratch.bits[..end.div_ceil(LANES) * LANES].chunks_exact_mut(LANES) {
            block.copy_from_slice(&lanes.next());
        }
    }
    map_piece(dst, scratch, start, false, x);
}

/// Maps the words `start..start + dst.len()` of `scratch.bits` (of
/// `scratch.next` if `next`) to `dst`.
#[inline(always)]
fn map_piece<T: Native, X: Transform<T>>(
    dst: &mut [T],
    scratch: &mut Scratch<T>,
    start: usize,
    next: bool,
    x: &X,
) {
    let end = start + dst.len();
    let words = if next { &scratch.next } else { &scratch.bits };
    let src = &words[start..end];
    if !X::SPLIT {
        for (o, &b) in dst.iter_mut().zip(src) {
            *o = x.full(b);
        }
        return;
    }
    let len = dst.len();
    let flags = &mut scratch.outside[..len];
    if core::mem::size_of::<T>() == 4 {
        central_pass::<T, X, { CENTRAL_STRIP_BYTES / 4 }>(dst, src, flags, x);
    } else {
        central_pass::<T, X, { CENTRAL_STRIP_BYTES / 8 }>(dst, src, flags, x);
    }
    // The positions outside the central region, eight flags at a time and without
    // a branch: the flags become a byte `m` whose bit `j` is flag `j`, and
    // `POSITIONS[m]` lists the set bits in order.
    let mut count = 0;
    let (groups, rest) = scratch.outside[..len].as_chunks::<LANES>();
    for (g, flags) in groups.iter().enumerate() {
        let word = u64::from_le_bytes(*flags);
        let m = (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) as usize;
        #[allow(clippy::cast_possible_truncation)] // g < CHUNK / 8
        let base = (g * LANES) as u16;
        // `count <= 8·g`, so the eight slots lie inside the chunk.
        for (slot, &j) in scratch.index[count..count + LANES]
            .iter_mut()
            .zip(&POSITIONS[m])
        {
            *slot = base + u16::from(j);
        }
        // The flags are 0 or 1, so the top byte of this product is their sum
        // (at most 8: no carry crosses a byte).
        count += (word.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    }
    let done = groups.len() * LANES;
    for (i, &f) in rest.iter().enumerate() {
        #[allow(clippy::cast_possible_truncation)] // i < CHUNK
        {
            scratch.index[count] = (done + i) as u16;
        }
        count += usize::from(f);
    }
    let index = &scratch.index[..count];
    for (g, &i) in scratch.gathered.iter_mut().zip(index) {
        *g = src[usize::from(i)];
    }
    if core::mem::size_of::<T>() == 4 {
        tail_pass::<T, X, { TAIL_STRIP_BYTES / 4 }>(dst, &scratch.gathered, index, x);
    } else {
        tail_pass::<T, X, { TAIL_STRIP_BYTES / 8 }>(dst, &scratch.gathered, index, x);
    }
}

/// The values of the elements at `index`, whose words are `gathered`, in
/// strips of `S`, each strip's values stored in place as soon as they are known.
/// The strips are whole, so that the loop has no remainder: the values past
/// `index.len()` are computed from stale words and never stored.
#[inline(always)]
fn tail_pass<T: Native, X: Transform<T>, const S: usize>(
    dst: &mut [T],
    gathered: &[T::Bits; CHUNK],
    index: &[u16],
    x: &X,
) {
    let (strips, _) = gathered.as_chunks::<S>();
    for (strip, positions) in strips.iter().zip(index.chunks(S)) {
        let mut values = [T::zero(); S];
        x.outside_strip(strip, &mut values);
        for (&i, &v) in positions.iter().zip(&values) {
            dst[usize::from(i)] = v;
        }
    }
}

#[cfg(test)]
mod tests;
