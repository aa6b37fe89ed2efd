use super::*;

/// The known-answer vectors of Threefry-2x32-20 from Random123 (`kat_vectors`),
/// which JAX's own tests check too.
#[test]
fn block_matches_the_random123_known_answers() {
    assert_eq!(block([0, 0], [0, 0]), [0x6b20_0159, 0x99ba_4efe]);
    assert_eq!(
        block([u32::MAX, u32::MAX], [u32::MAX, u32::MAX]),
        [0x1cb9_96fc, 0xbb00_2be7]
    );
    assert_eq!(
        block([0x1319_8a2e, 0x0370_7344], [0x243f_6a88, 0x85a3_08d3]),
        [0xc492_3a9c, 0x483d_f7a0]
    );
}

fn collect(runs: impl Fn(&mut dyn FnMut(usize, &[u32])), len: usize) -> Vec<u32> {
    let mut out = vec![None; len];
    runs(&mut |at, words: &[u32]| {
        for (j, &w) in words.iter().enumerate() {
            assert!(out[at + j].is_none(), "element {} written twice", at + j);
            out[at + j] = Some(w);
        }
    });
    out.into_iter()
        .enumerate()
        .map(|(i, w)| w.unwrap_or_else(|| panic!("element {i} not written")))
        .collect()
}

/// The partitionable words, element by element, against their definition,
/// across run boundaries.
#[test]
fn partitionable_words_are_the_xor_of_the_hashed_index() {
    let key = [7, 0xdead_beef];
    for len in [0, 1, 2, RUN - 1, RUN, RUN + 1, 3 * RUN + 5] {
        let got = collect(|v| partitionable_runs(key, len, v), len);
        for (i, &w) in got.iter().enumerate() {
            let [a, b] = block(key, [0, i as u32]);
            assert_eq!(w, a ^ b, "element {i} of {len}");
        }
    }
}

/// The legacy words against a direct transcription of `threefry_2x32` on
/// `iota(len)`: pad to even, hash the halves against each other, concatenate.
#[test]
fn legacy_words_pair_the_two_halves_of_the_counters() {
    let key = [0, 42];
    for len in [
        0,
        1,
        2,
        3,
        4,
        5,
        2 * RUN - 1,
        2 * RUN,
        2 * RUN + 1,
        5 * RUN + 3,
    ] {
        let mut counts: Vec<u32> = (0..len as u32).collect();
        if len % 2 == 1 {
            counts.push(0);
        }
        let h = counts.len() / 2;
        let mut expected = vec![0; 2 * h];
        for j in 0..h {
            let [a, b] = block(key, [counts[j], counts[h + j]]);
            expected[j] = a;
            expected[h + j] = b;
        }
        expected.truncate(len);
        assert_eq!(
            collect(|v| legacy_runs(key, len, v), len),
            expected,
            "{len}"
        );
    }
}

/// Tensors of a block or more are cut into blocks, each under a key of a
/// legacy split (the real block is 2³² − 1 elements; here it is 5).
#[test]
fn legacy_blocks_take_one_split_key_each() {
    let key = [1, 2];
    let segment =
        |k: [u32; 2], len: usize| collect(|v| legacy_segment(k, len, 0, &mut &mut *v), len);
    for len in [4usize, 5, 10, 13] {
        let mut expected = Vec::new();
        if len < 5 {
            expected = segment(key, len);
        } else {
            let keys = legacy_split(key, len as u64 / 5 + 1);
            for (b, &k) in keys.iter().enumerate() {
                expected.extend(segment(k, (len - 5 * b).min(5)));
            }
        }
        assert_eq!(
            collect(|v| legacy_blocks(key, len, 5, v), len),
            expected,
            "{len}"
        );
    }
}

#[test]
fn splits_and_fold_in_follow_their_definitions() {
    let key = [0, 0];
    // `split` in the legacy layout is `threefry_2x32(key, iota(2n))` in pairs.
    let words = collect(|v| legacy_segment(key, 6, 0, &mut &mut *v), 6);
    assert_eq!(
        legacy_split(key, 3),
        vec![
            [words[0], words[1]],
            [words[2], words[3]],
            [words[4], words[5]]
        ]
    );
    assert_eq!(partitionable_split(key, 2)[1], block(key, [0, 1]));
    assert!(partitionable_split(key, 0).is_empty());
    assert_eq!(fold_in(key, 0), [0x6b20_0159, 0x99ba_4efe]);
}
