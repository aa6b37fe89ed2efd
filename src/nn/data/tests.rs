use super::*;

#[test]
fn sizes_too_large_to_count_are_errors() {
    assert_eq!(
        Dataset::<f32>::new(vec![0.0; 2], vec![0, 1], usize::MAX),
        Err(NnError::DimensionMismatch {
            what: "the features",
            len: 2,
            expected: usize::MAX
        })
    );
    assert!(matches!(
        Dataset::<f32>::new(vec![0.0; 2], vec![0, usize::MAX / 2], 1),
        Err(NnError::InvalidHyperParameter { name: "labels", .. })
    ));
    // One label of usize::MAX / 2 fits in usize, but its one-hot row of f32
    // does not fit in isize::MAX bytes: rejected here, not by a panic in
    // one_hot.
    for label in [usize::MAX / 2, usize::MAX / 4, usize::MAX / 8] {
        assert!(matches!(
            Dataset::<f32>::new(vec![0.0], vec![label], 1),
            Err(NnError::InvalidHyperParameter { name: "labels", .. })
        ));
    }
    assert!(matches!(
        Dataset::<f64>::new(vec![0.0], vec![usize::MAX / 16], 1),
        Err(NnError::InvalidHyperParameter { name: "labels", .. })
    ));
    // Within isize::MAX bytes, beyond any machine: the allocator refuses.
    let d = Dataset::<f32>::new(vec![0.0], vec![usize::MAX / 8 - 1], 1).unwrap();
    assert_eq!(d.classes(), usize::MAX / 8);
    assert_eq!(
        d.one_hot(),
        Err(NnError::OutOfMemory {
            what: "the one-hot labels",
            bytes: (usize::MAX / 8) as u128 * 4
        })
    );
}

proptest::proptest! {
    /// Labels near `usize::MAX`: `new` rejects them, or `one_hot` reports the
    /// allocator's refusal (the smallest one-hot tried takes 2⁵⁰ bytes); no
    /// panic, no abort.
    #[test]
    fn labels_near_usize_max_are_typed_errors(
        shift in 0u32..12,
        less in 0usize..1024,
        samples in 1usize..64,
    ) {
        let label = (usize::MAX >> shift).saturating_sub(less).max(1 << 48);
        let mut labels = vec![0usize; samples];
        labels[samples / 2] = label;
        let bytes = (label as u128 + 1) * samples as u128 * 4;
        match Dataset::<f32>::new(vec![0.0; samples], labels, 1) {
            Err(NnError::InvalidHyperParameter { name: "labels", .. }) => {
                proptest::prop_assert!(bytes > isize::MAX as u128);
            }
            Ok(d) => {
                proptest::prop_assert!(bytes <= isize::MAX as u128);
                proptest::prop_assert_eq!(
                    d.one_hot(),
                    Err(NnError::OutOfMemory { what: "the one-hot labels", bytes })
                );
            }
            Err(other) => proptest::prop_assert!(false, "{:?}", other),
        }
    }
}

#[test]
fn digits_load_with_known_contents() {
    let d = digits::<f64>().unwrap();
    assert_eq!((d.len(), d.features(), d.classes()), (1797, 64, 10));
    // The first row of the CSV: a zero.
    assert_eq!(d.labels()[0], 0);
    assert_eq!(&d.x()[..4], &[0.0, 0.0, 5.0 / 16.0, 13.0 / 16.0]);
    let mut per_class = [0usize; 10];
    for &l in d.labels() {
        per_class[l] += 1;
    }
    assert_eq!(
        per_class,
        [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    );
    let f = digits::<f32>().unwrap();
    assert_eq!(f.labels(), d.labels());
}

#[test]
fn split_is_seeded_disjoint_and_complete() {
    let d = Dataset::<f64>::new((0..20).map(f64::from).collect(), (0..10).collect(), 2).unwrap();
    let (tr, te) = d.split(0.25, 3).unwrap();
    assert_eq!((tr.len(), te.len()), (7, 3));
    let mut all: Vec<usize> = tr.labels().iter().chain(te.labels()).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..10).collect::<Vec<_>>());
    for ds in [&tr, &te] {
        for (row, &l) in ds.x().chunks(2).zip(ds.labels()) {
            let l = f64::from(u32::try_from(l).unwrap());
            assert_eq!(row, &[2.0 * l, 2.0 * l + 1.0]);
        }
        assert_eq!(ds.classes(), 10);
    }
    assert_eq!(d.split(0.25, 3).unwrap(), (tr.clone(), te.clone()));
    assert_ne!(d.split(0.25, 4).unwrap().1, te);
    assert!(d.split(1.5, 0).is_err());
    assert!(d.split(f64::NAN, 0).is_err());
    assert_eq!(d.split(0.0, 0).unwrap().1.len(), 0);
}
