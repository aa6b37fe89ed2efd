use super::*;

#[test]
fn integers_split_into_words_lowest_first() {
    assert_eq!(int_words(0), [0]);
    assert_eq!(int_words(u128::from(u32::MAX)), [u32::MAX]);
    assert_eq!(int_words(1 << 32), [0, 1]);
    assert_eq!(int_words(u128::MAX), [u32::MAX; 4]);
}

#[test]
fn entropy_zero_gives_numpys_words() {
    // np.random.SeedSequence(0).generate_state(8)
    let mut w = [0u32; 8];
    SeedSequence::new(0).generate_state(&mut w);
    assert_eq!(
        w,
        [
            0xb0f4_78be,
            0xdb2c_d7e7,
            0x2c71_ba49,
            0xabf4_641a,
            0x9d7b_8d41,
            0x20c6_ed6d,
            0x223c_39d4,
            0x2c40_99de
        ]
    );
}

#[test]
fn spawn_numbers_children_on() {
    let mut seq = SeedSequence::new(3);
    let a = seq.spawn(2);
    let b = seq.spawn(1);
    assert_eq!(a[0].spawn_key(), &[0]);
    assert_eq!(a[1].spawn_key(), &[1]);
    assert_eq!(b[0].spawn_key(), &[2]);
    assert_eq!(b[0].entropy(), &[3]);
    let grandchild = b[0].clone().spawn(1).remove(0);
    assert_eq!(grandchild.spawn_key(), &[2, 0]);
    assert_ne!(grandchild.pool(), b[0].pool());
}

#[test]
fn spawn_key_pads_short_entropy() {
    // With a key, [5] is padded to [5, 0, 0, 0] before the key is appended, so
    // it equals the words [5, 0, 0, 0, 9] without a key, not [5, 9].
    let keyed = SeedSequence::new(5).with_spawn_key(&[9]);
    assert_eq!(
        keyed.pool(),
        SeedSequence::from_words(&[5, 0, 0, 0, 9]).pool()
    );
    assert_ne!(keyed.pool(), SeedSequence::from_words(&[5, 9]).pool());
}
