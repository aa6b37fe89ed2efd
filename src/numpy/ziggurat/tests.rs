use super::*;

/// NumPy's golden-file checksum: the sum of `word[i]·(i + 1)`, wrapping.
fn checksum(words: impl Iterator<Item = u64>) -> u64 {
    words
        .zip(1u64..)
        .fold(0, |s, (w, i)| s.wrapping_add(w.wrapping_mul(i)))
}

// The checksums of the six arrays of NumPy's `ziggurat_constants.h`, each entry
// as its integer or its IEEE-754 word (numpy 2.4.6).

#[test]
fn embedded_tables_are_numpys() {
    assert_eq!(
        checksum(WI_D.iter().map(|x| x.to_bits())),
        0x1bee_cc18_9c80_a17a
    );
    assert_eq!(
        checksum(FI_D.iter().map(|x| x.to_bits())),
        0x1f4f_ebb8_a6a0_7e84
    );
}

#[test]
fn derived_tables_are_numpys() {
    assert_eq!(checksum(KI_DOUBLE.iter().copied()), 0xf8c1_2ba5_c4fd_67ba);
    assert_eq!(
        checksum(KI_FLOAT.iter().map(|&k| u64::from(k))),
        0x3f_c609_5c45
    );
    assert_eq!(
        checksum(WI_FLOAT.iter().map(|x| u64::from(x.to_bits()))),
        0x1a50_1f76_64d9
    );
    assert_eq!(
        checksum(FI_FLOAT.iter().map(|x| u64::from(x.to_bits()))),
        0x1f18_fa7f_5b43
    );
    // A few entries by value, from the header.
    assert_eq!(
        (KI_DOUBLE[0], KI_DOUBLE[1], KI_DOUBLE[2], KI_DOUBLE[255]),
        (
            0x000e_f33d_8025_ef6a,
            0,
            0x000c_08be_98fb_c6a8,
            0x000f_1a5a_4b33_1c4a
        )
    );
    assert_eq!(
        (KI_FLOAT[0], KI_FLOAT[2], KI_FLOAT[255]),
        (0x0077_99ec, 0x0060_45f5, 0x0078_d2d2)
    );
    assert_eq!(WI_FLOAT[0].to_bits(), 0x34fa_49dc);
    assert_eq!(WI_FLOAT[255].to_bits(), 0x34e9_dda4);
    assert_eq!(FI_FLOAT[255].to_bits(), 0x3aa5_302e);
}

#[test]
fn constants_agree_with_each_other() {
    // The outermost edge is r, and its density f(r).
    assert_eq!(WI_D[255] * 4_503_599_627_370_496.0, R);
    // NumPy's table holds f(r) as glibc's exp computes it.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    assert_eq!(FI_D[255], (-0.5 * R * R).exp());
    assert_eq!(INV_R, 1.0 / R);
    #[allow(clippy::cast_possible_truncation)]
    {
        assert_eq!(R_F, R as f32);
        assert_eq!(INV_R_F, INV_R as f32);
    }
}

#[test]
fn rounding_is_half_to_even() {
    assert_eq!(round_half_even(2.5), 2);
    assert_eq!(round_half_even(3.5), 4);
    assert_eq!(round_half_even(3.499_999), 3);
    assert_eq!(round_half_even(0.0), 0);
}
