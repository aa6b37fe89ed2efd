use super::*;

/// `f64` normal tail strips, with a far-tail word (`k = 0`: `r = 2^-54`) in
/// no lane or in one of them, beside ordinary tail words: each lane must equal
/// the scalar value, whichever coefficients its strip takes.
#[test]
fn normal_tail_strips_with_and_without_a_far_draw() {
    let map = NormalMap {
        mean: 0.5f64,
        std: 2.0,
    };
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for far_lane in [None, Some(0), Some(7), Some(15)] {
        for _ in 0..200 {
            let mut bits = [0u64; 16];
            for (l, b) in bits.iter_mut().enumerate() {
                state = crate::rng::mix64(state.wrapping_add(1));
                // The top bit is the sign; the next four are cleared, so that
                // `k < 2^48` and `r < 2^-5`: in the tail.
                *b = (state & (1 << 63)) | (state & ((1 << 59) - 1));
                if far_lane == Some(l) {
                    *b &= (1 << 63) | 0x7ff;
                }
            }
            let mut got = [0.0; 16];
            map.outside_strip(&bits, &mut got);
            for (l, (&b, &v)) in bits.iter().zip(&got).enumerate() {
                assert_eq!(v.to_bits(), map.full(b).to_bits(), "lane {l} {b:#x}");
            }
        }
    }
}
