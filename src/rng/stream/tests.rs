use super::*;

#[test]
fn bounded_is_in_range_and_hits_every_value() {
    let mut x = 1u64;
    let mut next = || {
        x = mix64(x);
        x
    };
    let mut seen = [0usize; 7];
    for _ in 0..7000 {
        seen[usize::try_from(bounded(&mut next, 7)).unwrap()] += 1;
    }
    assert!(seen.iter().all(|&c| c > 800));
}

#[test]
fn below_is_in_range_and_covers_it() {
    let mut s = Stream::new(1);
    let mut seen = [0usize; 7];
    for _ in 0..7000 {
        seen[s.below(7)] += 1;
    }
    // Each count is Binomial(7000, 1/7): mean 1000, sd 29; 6 sd is alpha < 1e-8.
    assert!(seen.iter().all(|&c| c.abs_diff(1000) < 6 * 29), "{seen:?}");
    assert_eq!(s.below(1), 0);
}

#[test]
fn shuffle_is_a_seeded_permutation() {
    let mut a: Vec<usize> = (0..50).collect();
    let mut b = a.clone();
    Stream::new(9).shuffle(&mut a);
    Stream::new(9).shuffle(&mut b);
    assert_eq!(a, b);
    assert_ne!(a, (0..50).collect::<Vec<_>>());
    b.sort_unstable();
    assert_eq!(b, (0..50).collect::<Vec<_>>());
}

#[test]
fn splitmix64_reference_value() {
    // SplitMix64 from state 0: the first output of the reference sequence.
    assert_eq!(Stream::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
}
