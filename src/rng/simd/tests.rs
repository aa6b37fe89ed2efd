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
            steps_lanes(&mut a, &mut out_a, Prefetch::NONE);
            steps_128(&mut b, &mut out_b, Prefetch::of(&out_a[..]));
            assert_eq!(out_a, out_b, "outputs from {start:?}");
            assert_eq!(a, b, "state from {start:?}");
        }
    }
}

/// Two sets of lanes stepped by `pair` must give what `single` gives each.
fn check_pair<W: Copy + Default + PartialEq + core::fmt::Debug>(
    single: fn(&mut State, &mut [W; CHUNK], Prefetch<'_>),
    pair: fn([&mut State; 2], [&mut [W; CHUNK]; 2], Prefetch<'_>),
) {
    let all = states();
    // An output for the pair's prefetches (they change no value).
    let output = [0.0f64; 2 * CHUNK];
    let ahead = Prefetch::of(&output[..CHUNK * 2 * size_of::<W>() / 8]);
    for (&a0, &b0) in all.iter().zip(all.iter().rev()) {
        let (mut a, mut b, mut pa, mut pb) = (a0, b0, a0, b0);
        let (mut oa, mut ob) = ([W::default(); CHUNK], [W::default(); CHUNK]);
        let (mut qa, mut qb) = ([W::default(); CHUNK], [W::default(); CHUNK]);
        for _ in 0..2 {
            single(&mut a, &mut oa, Prefetch::NONE);
            single(&mut b, &mut ob, Prefetch::NONE);
            pair([&mut pa, &mut pb], [&mut qa, &mut qb], ahead);
            assert_eq!((oa, ob), (qa, qb), "outputs from {a0:?} and {b0:?}");
            assert_eq!((a, b), (pa, pb), "states from {a0:?} and {b0:?}");
        }
    }
}

#[test]
fn paired_lanes_step_as_each_alone() {
    check_pair::<u32>(steps_lanes, steps_lanes_pair);
}

#[test]
fn paired_joined_lanes_step_as_each_alone() {
    check_pair::<u64>(steps_lanes, steps_lanes_pair);
}

#[test]
fn the_joined_steps_are_pairs_of_steps() {
    for start in states() {
        let (mut a, mut b, mut c) = (start, start, start);
        let mut words = [[0u32; CHUNK]; 2];
        let (mut out_b, mut out_c) = ([0u64; CHUNK], [0u64; CHUNK]);
        steps_lanes(&mut a, &mut words[0], Prefetch::NONE);
        steps_lanes(&mut a, &mut words[1], Prefetch::NONE);
        steps_lanes(&mut b, &mut out_b, Prefetch::of(&words[..]));
        steps_128(&mut c, &mut out_c, Prefetch::of(&words[..]));
        let words = words.as_flattened();
        for (k, block) in out_b.as_chunks::<LANES>().0.iter().enumerate() {
            for l in 0..LANES {
                let (hi, lo) = (words[16 * k + l], words[16 * k + LANES + l]);
                assert_eq!(block[l], (u64::from(hi) << 32) | u64::from(lo), "{start:?}");
            }
        }
        assert_eq!(out_b, out_c, "outputs from {start:?}");
        assert_eq!((a, a), (b, c), "state from {start:?}");
    }
}
