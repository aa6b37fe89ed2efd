//! The referee for every fast fill path: the values written by `fill_at` must equal,
//! bit for bit, `dist.sample(bits)` where `bits` is element `i`'s random word
//! computed directly, one element at a time, from the stream's definition in the
//! module docs (chunk `i / 1024`, lane `(i % 1024) % 8`, step `(i % 1024) / 8`;
//! one xoshiro128++ output per step for `f32`, two for `f64`, high word first).

use std::collections::HashMap;

use super::fill_planned;
use super::plan::Plan;
use crate::rng::{CHUNK, LANES, mix64};
use crate::{Real, Shape};

/// A single xoshiro128++ generator, written out from Blackman and Vigna's reference.
struct Xoshiro128pp([u32; 4]);

impl Xoshiro128pp {
    fn next(&mut self) -> u32 {
        let s = &mut self.0;
        let out = s[0].wrapping_add(s[3]).rotate_left(7).wrapping_add(s[0]);
        let t = s[1] << 9;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(11);
        out
    }
}

/// The generator of `lane` in `chunk` under `key`: SplitMix64 started at
/// `mix64(key) ^ mix64(((chunk << 3) | lane) + 0x6A09E667F3BCC909)`, two outputs
/// split into four little-endian words.
fn stream(key: u64, chunk: u64, lane: u64) -> Xoshiro128pp {
    let mut state = mix64(key) ^ mix64(((chunk << 3) | lane).wrapping_add(0x6A09_E667_F3BC_C909));
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(state)
    };
    let (a, b) = (next(), next());
    #[allow(clippy::cast_possible_truncation)]
    let mut s = [a as u32, (a >> 32) as u32, b as u32, (b >> 32) as u32];
    if s == [0; 4] {
        s[0] = 1;
    }
    Xoshiro128pp(s)
}

/// Element words by definition, with each lane's outputs remembered.
struct Oracle {
    key: u64,
    words: HashMap<(u64, u64), Vec<u32>>,
}

impl Oracle {
    fn new(key: u64) -> Self {
        Oracle {
            key,
            words: HashMap::new(),
        }
    }

    /// The `n`th output (from 0) of the lane's generator.
    fn word(&mut self, chunk: u64, lane: u64, n: usize) -> u32 {
        let key = self.key;
        let out = self.words.entry((chunk, lane)).or_insert_with(|| {
            let mut g = stream(key, chunk, lane);
            (0..2 * CHUNK / LANES).map(|_| g.next()).collect()
        });
        out[n]
    }

    fn f32_bits(&mut self, i: usize) -> u32 {
        let (chunk, j) = ((i / CHUNK) as u64, i % CHUNK);
        self.word(chunk, (j % LANES) as u64, j / LANES)
    }

    fn f64_bits(&mut self, i: usize) -> u64 {
        let (chunk, j) = ((i / CHUNK) as u64, i % CHUNK);
        let (lane, step) = ((j % LANES) as u64, j / LANES);
        (u64::from(self.word(chunk, lane, 2 * step)) << 32)
            | u64::from(self.word(chunk, lane, 2 * step + 1))
    }
}

/// Plans covering every distribution and every branch of the transforms: both quantile
/// regions, the far tail (`t > 5`) and intervals that stop short of it, a
/// flipped interval, a bound that clamps, and tail probabilities that are
/// subnormal in `f32`.
fn plans() -> Vec<Plan> {
    let trunc = |mean: f64, std: f64, za: f64, zb: f64| Plan::Truncated {
        mean,
        std,
        za,
        zb,
        lo: mean + std * za,
        hi: mean + std * zb,
    };
    vec![
        Plan::Uniform {
            lo: -0.05,
            hi: 0.05,
        },
        Plan::Uniform { lo: 0.0, hi: 1.0 },
        Plan::Uniform {
            lo: 1e-3,
            hi: 1e-3 + 1e-9,
        },
        Plan::Normal {
            mean: 0.0,
            std: 0.05,
        },
        Plan::Normal {
            mean: 3.0,
            std: 1.5,
        },
        trunc(0.0, 0.05 / 0.879_625_661_034_239_8, -2.0, 2.0),
        trunc(0.0, 1.0, -2.0, 2.0),
        // Probabilities from `Φ(−6.3) ≈ 1.5·10⁻¹⁰`: in `f64` just short of the
        // far tail; in `f32` the upper bound's probability rounds to 1, so the
        // far tail is reachable.
        trunc(0.0, 1.0, -6.3, 6.3),
        // Draws between `Φ(−6.3)` and `Φ(−6)` ≈ 10⁻⁹: short of the far tail in
        // both types, with the tail strips' far-tail test left out.
        trunc(0.0, 1.0, -6.3, -6.0),
        // Draws between `Φ(−9)` ≈ 10⁻¹⁹ and `Φ(−6)` ≈ 10⁻⁹, all in the tail:
        // about one in ten lies below the far-tail strip test's 10⁻¹⁰ and one in
        // seventy in the far tail, so tail strips with and without such a draw mix.
        trunc(0.0, 1.0, -9.0, -6.0),
        trunc(0.5, 2.0, -0.3, 3.0),
        trunc(0.0, 1.0, 1.0, f64::INFINITY),
        trunc(0.0, 1.0, -12.0, -11.0),
        trunc(0.0, 1.0, 11.0, 14.0),
        trunc(0.0, 1.0, -13.6, -13.0),
        trunc(0.0, 1.0, -40.0, -37.0),
    ]
}

const SIZES: [usize; 9] = [0, 1, 7, 8, 9, 1023, 1024, 1025, 5000];
const OFFSETS: [usize; 7] = [0, 1, 7, 1000, 1023, 1024, 3001];
const KEYS: [u64; 2] = [0, 0x0123_4567_89AB_CDEF];

fn referee<T: Real>(bits: impl Fn(&mut Oracle, usize) -> T::Bits, same: impl Fn(T, T) -> bool) {
    for plan in plans() {
        let Ok(dist) = plan.dist::<T>() else {
            continue; // a plan with no mass in this element type
        };
        for key in KEYS {
            let mut oracle = Oracle::new(key);
            for size in SIZES {
                for offset in OFFSETS {
                    let shape = Shape::dense(1, offset + size + 3);
                    let mut out = vec![T::nan(); size];
                    fill_planned(|| Ok(plan), &mut out, &shape, key, offset).unwrap();
                    for (j, &got) in out.iter().enumerate() {
                        let want = dist.sample(bits(&mut oracle, offset + j));
                        assert!(
                            same(got, want),
                            "{plan:?} {} key {key:#x} size {size} offset {offset} element {}: \
                             fill wrote {got:?}, the oracle says {want:?}",
                            T::NAME,
                            offset + j,
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn f32_fills_match_the_scalar_oracle() {
    referee::<f32>(Oracle::f32_bits, |a, b| a.to_bits() == b.to_bits());
}

#[test]
fn f64_fills_match_the_scalar_oracle() {
    referee::<f64>(Oracle::f64_bits, |a, b| a.to_bits() == b.to_bits());
}

#[test]
fn the_oracle_agrees_with_the_lanes() {
    // The oracle is independent code: check it once against the generator itself.
    let mut oracle = Oracle::new(5);
    let mut lanes = crate::rng::Lanes::for_chunk(mix64(5), 3);
    for step in 0..4 {
        let block = lanes.next_block();
        for (lane, &w) in block.iter().enumerate() {
            assert_eq!(w, oracle.f32_bits(3 * CHUNK + step * LANES + lane));
        }
    }
}

/// `out`, elements `offset..` of an `f32` fill of `plan`, has the bits of the
/// oracle's draws.
fn assert_oracle_bits(plan: Plan, out: &[f32], oracle: &mut Oracle, offset: usize) {
    let dist = plan.dist::<f32>().unwrap();
    for (j, &got) in out.iter().enumerate() {
        let want = dist.sample(oracle.f32_bits(offset + j));
        assert_eq!(
            got.to_bits(),
            want.to_bits(),
            "{plan:?} element {}",
            offset + j
        );
    }
}

/// The parallel path against the oracle: a fill large enough to be cut into
/// pieces, at an offset inside a chunk, on four threads.
#[cfg(feature = "parallel")]
#[test]
fn parallel_fills_match_the_scalar_oracle() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let (size, offset, key) = (crate::rng::dist::PARALLEL_MIN + 70_001, 3001, 9);
    let shape = Shape::dense(1, offset + size);
    for plan in [plans()[0], plans()[3], plans()[7]] {
        let mut out = vec![f32::NAN; size];
        pool.install(|| fill_planned(|| Ok(plan), &mut out, &shape, key, offset).unwrap());
        assert_oracle_bits(plan, &out, &mut Oracle::new(key), offset);
    }
}

/// A few fills against the oracle, small enough for Miri (which runs the
/// portable build: it reports no AVX2, so the SSE2 copy of the loops is taken).
/// The last one takes the path of a chunk pair, with its prefetches.
#[test]
fn small_fills_match_the_scalar_oracle() {
    for plan in [plans()[0], plans()[3], plans()[7]] {
        let mut oracle = Oracle::new(3);
        for (size, offset) in [(9, 1020), (300, 0), (1030, 1), (2100, 0)] {
            let shape = Shape::dense(1, offset + size);
            let mut out = vec![f32::NAN; size];
            fill_planned(|| Ok(plan), &mut out, &shape, 3, offset).unwrap();
            assert_oracle_bits(plan, &out, &mut oracle, offset);
        }
    }
}
