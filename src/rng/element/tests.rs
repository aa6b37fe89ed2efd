use super::*;

/// The words the `f64` conversion tests run over: edge cases, then words
/// from SplitMix64.
fn f64_test_words() -> impl Iterator<Item = u64> {
    let edges = [
        0,
        1,
        0x7ff,
        0x800,
        0xfff,
        0x1000,
        u64::MAX,
        u64::MAX >> 1,
        1 << 63,
        (1 << 63) | 0x7ff,
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    edges.into_iter().chain((0..2_000_000u64).map(move |i| {
        state = super::super::mix64(state.wrapping_add(i));
        state
    }))
}

/// The definitions of the conversions, by integer-to-float conversion (exact
/// here: at most 24 bits in `f32`, 53 in `f64`) and exact scaling; the fill
/// loops' forms build the same values from the bits.
#[allow(clippy::cast_precision_loss)] // exact, as said
mod definitions {
    pub fn unit_open_f32(bits: u32) -> f32 {
        ((bits >> 9) as f32 + 0.5) * (1.0 / 8_388_608.0)
    }
    pub fn tail_f32(bits: u32) -> f32 {
        (((bits >> 8) & 0x007f_ffff) as f32 + 0.5) * (1.0 / 16_777_216.0)
    }
    pub fn unit_f64(bits: u64) -> f64 {
        (bits >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }
    pub fn unit_open_f64(bits: u64) -> f64 {
        ((bits >> 12) as f64 + 0.5) * (1.0 / 4_503_599_627_370_496.0)
    }
    pub fn tail_f64(bits: u64) -> f64 {
        (((bits >> 11) & 0x000f_ffff_ffff_ffff) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0)
    }
}

/// `(q, r)` from the definition of the tail probability.
fn args_by_definition<T: Native>(tail: T, negative: bool) -> (T, T) {
    let q = T::from_f64(0.5) - tail;
    (if negative { -q } else { q }, tail)
}

#[test]
fn f32_conversions_match_their_definitions() {
    // Every value of the 24 bits that f32 uses, with the low byte varied.
    for top in 0..1u32 << 24 {
        let bits = (top << 8) | (top & 0xff);
        let (q, r) = <f32 as Native>::std_normal_args(bits);
        let want = args_by_definition(definitions::tail_f32(bits), bits >> 31 == 0);
        assert_eq!(
            (q.to_bits(), r.to_bits()),
            (want.0.to_bits(), want.1.to_bits()),
            "{bits:#x}"
        );
        assert_eq!(
            <f32 as Native>::std_normal_q(bits).to_bits(),
            q.to_bits(),
            "{bits:#x}"
        );
        assert_eq!(
            <f32 as Native>::unit_open(bits).to_bits(),
            definitions::unit_open_f32(bits).to_bits(),
            "{bits:#x}"
        );
    }
}

#[test]
fn f64_conversions_match_their_definitions() {
    for bits in f64_test_words() {
        let (q, r) = <f64 as Native>::std_normal_args(bits);
        let want = args_by_definition(definitions::tail_f64(bits), bits >> 63 == 0);
        assert_eq!(
            (q.to_bits(), r.to_bits()),
            (want.0.to_bits(), want.1.to_bits()),
            "{bits:#x}"
        );
        assert_eq!(
            <f64 as Native>::std_normal_q(bits).to_bits(),
            q.to_bits(),
            "{bits:#x}"
        );
        assert_eq!(
            <f64 as Native>::unit(bits).to_bits(),
            definitions::unit_f64(bits).to_bits(),
            "{bits:#x}"
        );
        assert_eq!(
            <f64 as Native>::unit_open(bits).to_bits(),
            definitions::unit_open_f64(bits).to_bits(),
            "{bits:#x}"
        );
    }
}

/// `STD_NORMAL_FAR = false` for `f32`: leaving out the far-tail test
/// changes no value, for every `(q, r)` that `std_normal` gives outside the
/// central region (both signs, all 2^23 tail probabilities).
#[test]
fn f32_std_normal_never_reaches_the_far_tail() {
    const S: usize = 64;
    const { assert!(!<f32 as Native>::STD_NORMAL_FAR) };
    let (mut q, mut r) = ([0.0f32; S], [0.0f32; S]);
    let (mut near, mut both) = ([0.0f32; S], [0.0f32; S]);
    for top in (0..1u32 << 24).step_by(S) {
        for (l, (q, r)) in q.iter_mut().zip(&mut r).enumerate() {
            #[allow(clippy::cast_possible_truncation)] // l < 64
            let bits = (top + l as u32) << 8;
            (*q, *r) = <f32 as Native>::std_normal_args(bits);
        }
        <f32 as Native>::normal_quantile_tail_strip(&q, &r, &mut near, false);
        <f32 as Native>::normal_quantile_tail_strip(&q, &r, &mut both, true);
        for l in 0..S {
            if q[l].abs() > 0.425 {
                assert_eq!(
                    near[l].to_bits(),
                    both[l].to_bits(),
                    "q {} r {}",
                    q[l],
                    r[l]
                );
            }
        }
    }
}

/// `STD_NORMAL_FAR = true` for `f64`: its least tail probability lies in the
/// far tail, where the near tail's coefficients would be wrong.
#[test]
fn f64_std_normal_reaches_the_far_tail() {
    const { assert!(<f64 as Native>::STD_NORMAL_FAR) };
    let (q, r) = <f64 as Native>::std_normal_args(0);
    let (mut near, mut both) = ([0.0], [0.0]);
    <f64 as Native>::normal_quantile_tail_strip(&[q], &[r], &mut near, false);
    <f64 as Native>::normal_quantile_tail_strip(&[q], &[r], &mut both, true);
    assert!((-r.ln()).sqrt() > 5.0);
    assert_ne!(near[0], both[0]);
    assert_eq!(both[0], <f64 as Native>::std_normal(0));
}
