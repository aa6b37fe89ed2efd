use super::*;

#[test]
fn seed_zero_gives_numpys_first_draws() {
    // np.random.PCG64(0).random_raw(4)
    let mut bg = Pcg64::new(0);
    let got: Vec<u64> = (0..4).map(|_| bg.next_u64()).collect();
    assert_eq!(
        got,
        [
            0xa30f_ebcf_d9c2_825f,
            0x4510_bdf8_82d9_d721,
            0x0a7d_3da9_4ecd_e8b8,
            0x043b_27b6_1342_f01d
        ]
    );
}

#[test]
fn thirty_two_bit_halves_wait_across_wide_draws() {
    let mut a = Pcg64::new(9);
    let (w0, w1) = (a.next_u64(), a.next_u64());
    let mut b = Pcg64::new(9);
    assert_eq!(u64::from(b.next_u32()), w0 & 0xffff_ffff);
    // A 64-bit draw in between takes the next word and leaves the half waiting.
    assert_eq!(b.next_u64(), w1);
    assert_eq!(u64::from(b.next_u32()), w0 >> 32);
    assert!(!b.state().has_uint32);
}

#[test]
fn advance_by_minus_one_steps_back() {
    let mut bg = Pcg64::new(1);
    let before = bg.state();
    bg.next_u64();
    bg.advance(u128::MAX);
    assert_eq!(bg.state(), before);
}

#[test]
fn advance_drops_the_waiting_half() {
    let mut bg = Pcg64::new(2);
    bg.next_u32();
    bg.advance(0);
    assert_eq!((bg.state().has_uint32, bg.state().uinteger), (false, 0));
}
