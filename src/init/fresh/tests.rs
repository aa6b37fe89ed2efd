use super::*;

#[test]
fn interior_is_the_whole_huge_pages_inside_the_range() {
    let p = HUGE_PAGE;
    // Aligned at both ends: the range itself.
    assert_eq!(huge_interior(4 * p, 3 * p), Some((0, 3 * p)));
    // Unaligned start and end: rounded inwards.
    assert_eq!(huge_interior(4 * p + 16, 3 * p), Some((p - 16, 2 * p)));
    assert_eq!(huge_interior(4 * p - 1, p + 1), Some((1, p)));
    // No whole huge page inside.
    assert_eq!(huge_interior(4 * p + 1, p), None);
    assert_eq!(huge_interior(4 * p + 1, 2 * p - 2), None);
    assert_eq!(huge_interior(4 * p, p - 1), None);
    assert_eq!(huge_interior(4 * p, 0), None);
    // Never past the end of the address space.
    assert_eq!(huge_interior(usize::MAX - p, p), None);
    assert_eq!(huge_interior(usize::MAX - 3 * p, 3 * p), Some((1, 2 * p)));
}

#[test]
fn every_buffer_from_huge_min_holds_a_huge_page() {
    // The threshold's promise, for every start address modulo the page.
    for misalign in (0..HUGE_PAGE).step_by(HUGE_PAGE / 64) {
        let (offset, len) = huge_interior(64 * HUGE_PAGE + misalign, HUGE_MIN).unwrap();
        assert!(len >= HUGE_PAGE && offset + len <= HUGE_MIN);
    }
}

fn zeroed_is_zero<T: Real>() {
    let each = size_of::<T>();
    for len in [
        0,
        1,
        HUGE_MIN / each - 1,
        HUGE_MIN / each,
        HUGE_MIN / each + 1,
        3 * HUGE_MIN / each + 7,
    ] {
        let buf = zeroed::<T>(len);
        assert_eq!(buf.len(), len);
        assert!(buf.iter().all(|x| *x == T::zero() && x.is_sign_positive()));
    }
}

#[test]
fn zeroed_buffers_are_zero_f32() {
    zeroed_is_zero::<f32>();
}

#[test]
fn zeroed_buffers_are_zero_f64() {
    zeroed_is_zero::<f64>();
}
