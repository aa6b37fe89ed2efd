use super::*;
use crate::rng::mix64;

/// Whether `h` is a nearest value of `H` to `v` with ties to even, by the
/// definition: no value of `H` is nearer, and at a tie the chosen value's
/// last bit is 0. Past the greatest finite value, rounding gives infinity
/// from the point halfway to the next power of the spacing.
fn is_nearest_even<H: Half>(v: f32, h: H) -> bool {
    let x = f64::from(v);
    if !h.is_finite() {
        let max = H::max_value();
        let limit = max.exact() + (max.exact() - max.next_down().exact()) / 2.0;
        return (x >= limit && h > H::zero()) || (x <= -limit && h < H::zero());
    }
    let d = (x - h.exact()).abs();
    let neighbours = [h.next_up(), h.next_down()];
    neighbours.iter().all(|&n| {
        let dn = if n.is_finite() {
            (x - n.exact()).abs()
        } else {
            f64::INFINITY
        };
        d < dn || (d == dn && h.bits() & 1 == 0)
    })
}

/// Every upper half of the `f32` bits with the lower halves that decide the
/// rounding (at, just below and just above the midpoint, and the ends), plus
/// words from SplitMix64: rounding by the type's `round` and by its slice
/// store is nearest, ties to even.
fn rounds_to_nearest_even<H: Half>() {
    let lows = [
        0u32, 1, 0x7fff, 0x8000, 0x8001, 0xffff, 0x1000, 0x1001, 0x0fff,
    ];
    let mut state = 7u64;
    let mut words: Vec<u32> = (0..1u32 << 16)
        .flat_map(|hi| lows.iter().map(move |&lo| (hi << 16) | lo))
        .collect();
    words.extend((0..200_000).map(|_| {
        state = mix64(state.wrapping_add(1));
        #[allow(clippy::cast_possible_truncation)]
        let w = state as u32;
        w
    }));
    words.retain(|&w| !f32::from_bits(w).is_nan());
    let values: Vec<f32> = words.iter().map(|&w| f32::from_bits(w)).collect();
    let scalar: Vec<H> = values.iter().map(|&v| H::nearest(v)).collect();
    let mut stored = vec![H::zero(); values.len()];
    store(&values, &mut stored, Caps::ANY);
    for ((&w, &s), &t) in words.iter().zip(&scalar).zip(&stored) {
        let v = f32::from_bits(w);
        assert!(is_nearest_even(v, s), "{} {v:e} {w:#x} -> {s:?}", H::NAME);
        assert_eq!(s.bits(), t.bits(), "{} {w:#x}", H::NAME);
    }
}

#[test]
fn bf16_rounds_to_nearest_even() {
    rounds_to_nearest_even::<bf16>();
    // The bits agree with the `half` crate's own conversion.
    for hi in 0..1u32 << 16 {
        for lo in [0u32, 0x7fff, 0x8000, 0x8001, 0xffff] {
            let v = f32::from_bits((hi << 16) | lo);
            if !v.is_nan() {
                assert_eq!(round_bf16(v).to_bits(), bf16::from_f32(v).to_bits());
            }
        }
    }
}

#[test]
fn f16_rounds_to_nearest_even() {
    rounds_to_nearest_even::<f16>();
    // The bits agree with the `half` crate's own conversions, scalar and
    // slice (F16C where the processor has it).
    let values: Vec<f32> = (0..1u32 << 16)
        .flat_map(|hi| [0u32, 0xfff, 0x1000, 0x1001, 0x1fff, 0xffff].map(|lo| (hi << 16) | lo))
        .map(f32::from_bits)
        .filter(|v| !v.is_nan())
        .collect();
    let mut slice = vec![f16::ZERO; values.len()];
    half::slice::HalfFloatSliceExt::convert_from_f32_slice(&mut slice[..], &values);
    for (&v, &s) in values.iter().zip(&slice) {
        assert_eq!(round_f16(v).to_bits(), f16::from_f32(v).to_bits(), "{v:e}");
        assert_eq!(round_f16(v).to_bits(), s.to_bits(), "{v:e}");
    }
}

/// The caps are the ends of the `f32` values that round to the value: the
/// cap rounds to it, the next `f32` past it does not.
fn caps_are_exact<H: Half>() {
    let mut values: Vec<H> = [0u16, 1, 2, 0x3c00, 0x3f80, 0x4000, 0x1234, 0x7bff, 0x7f7f]
        .iter()
        .flat_map(|&b| [H::with_bits(b), -H::with_bits(b)])
        .filter(|h| h.is_finite())
        .collect();
    values.push(H::max_value());
    values.push(H::min_value());
    for h in values {
        let (lo, hi) = (cap_lo(h), cap_hi(h));
        assert_eq!(H::nearest(lo), h, "{h:?}");
        assert_eq!(H::nearest(hi), h, "{h:?}");
        assert_ne!(H::nearest(lo.next_down()), h, "{h:?}");
        assert_ne!(H::nearest(hi.next_up()), h, "{h:?}");
    }
    assert_eq!(cap_hi(H::infinity()), f32::INFINITY);
    assert_eq!(cap_lo(H::neg_infinity()), f32::NEG_INFINITY);
}

#[test]
fn caps_are_the_ends_of_the_values_that_round_to_a_value() {
    caps_are_exact::<bf16>();
    caps_are_exact::<f16>();
}

#[test]
fn neighbours_step_through_zero_and_the_ends() {
    let z = bf16::from_bits(0);
    assert_eq!(z.next_up().to_bits(), 1);
    assert_eq!(z.next_down().to_bits(), 0x8001);
    assert_eq!((-z).next_up().to_bits(), 1);
    assert_eq!(f16::MAX.next_up(), f16::INFINITY);
    assert_eq!(f16::NEG_INFINITY.next_up(), f16::MIN);
    assert_eq!(f16::INFINITY.next_up(), f16::INFINITY);
    assert_eq!(bf16::MIN.next_down(), bf16::NEG_INFINITY);
}

#[test]
fn support_ends_are_inside_the_bounds() {
    // 0.1 lies between two bf16 values: 0.099609375 and 0.10009765625.
    assert_eq!(at_least::<bf16>(0.1).exact(), 0.100_097_656_25);
    assert_eq!(below::<bf16>(0.1, false).exact(), 0.099_609_375);
    // 1 is a bf16 value: the open bound excludes it, the closed one keeps it.
    assert_eq!(below::<bf16>(1.0, true).wide(), 0.996_093_75);
    assert_eq!(below::<bf16>(1.0, false).wide(), 1.0);
    assert_eq!(at_least::<bf16>(1.0).wide(), 1.0);
    // Past f16's range.
    assert_eq!(below::<f16>(1e6, false), f16::MAX);
    assert_eq!(at_least::<f16>(-1e6), f16::MIN);
    assert_eq!(below::<f16>(f64::INFINITY, false), f16::INFINITY);
}
