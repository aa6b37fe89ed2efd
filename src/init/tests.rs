use super::*;

/// `fill_new` against `fill_keyed` into a buffer that was written before, bit
/// for bit, below, at and above the size from which huge pages are advised.
fn fill_new_is_fill_keyed<T: Real>() {
    let each = core::mem::size_of::<T>();
    let at = fresh::HUGE_MIN / each;
    let inits: [Box<dyn Initializer<T>>; 3] = [
        Box::new(RandomUniform::default()),
        Box::new(GlorotNormal),
        Box::new(Constant::new(0.25).unwrap()),
    ];
    for len in [1, 1000, at - 1, at, at + 1, 2 * at + 1023] {
        let shape = Shape::from_torch(&[len, 1]);
        for (i, init) in inits.iter().enumerate() {
            let key = 11 + i as u64;
            let fresh = init.fill_new(&shape, key).unwrap();
            let mut warm = vec![T::nan(); len];
            init.fill_keyed(&mut warm, &shape, key).unwrap();
            assert_eq!(fresh.len(), len);
            assert!(
                fresh
                    .iter()
                    .zip(&warm)
                    .all(|(a, b)| a.to_f64().map(f64::to_bits) == b.to_f64().map(f64::to_bits)),
                "initializer {i}, {len} elements"
            );
        }
    }
}

#[test]
fn fill_new_is_fill_keyed_around_the_huge_page_threshold_f32() {
    fill_new_is_fill_keyed::<f32>();
}

#[test]
fn fill_new_is_fill_keyed_around_the_huge_page_threshold_f64() {
    fill_new_is_fill_keyed::<f64>();
}

#[test]
fn fill_new_rejects_shapes_too_large_to_allocate() {
    for dims in [
        [usize::MAX, 2],
        // The element count fits in usize, its size in bytes does not fit in isize.
        [1 << 31, 1 << 31],
        [usize::MAX / 4, 1],
    ] {
        let shape = Shape::from_torch(&dims);
        assert!(matches!(
            Initializer::<f32>::fill_new(&GlorotUniform, &shape, 0),
            Err(InitError::ShapeOverflow { .. })
        ));
        assert!(matches!(
            Initializer::<f64>::fill_new(&GlorotUniform, &shape, 0),
            Err(InitError::ShapeOverflow { .. })
        ));
    }
    // Empty tensors allocate nothing and fill nothing.
    let empty = Shape::from_torch(&[0, 5]);
    assert_eq!(
        Initializer::<f32>::fill_new(&GlorotUniform, &empty, 0),
        Ok(vec![])
    );
}
