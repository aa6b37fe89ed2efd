use super::*;

#[test]
fn tolerance_second_is_a_direct_partner() {
    // Unit 0's only direct partner is 2; 1 is linked to 0 through 2.
    let kernel = [0.0f64, 1.0, 0.5]; // Keras [1][3]
    let check = SymmetryCheck::with_tolerance(0.6).unwrap();
    assert_eq!(
        check.check(&kernel, &Shape::dense(1, 3)),
        Err(SymmetricInitError::DuplicateUnits {
            first: 0,
            second: 2,
            distinct: 1,
            units: 3,
            tolerance: 0.6
        })
    );
}

#[test]
fn an_empty_kernel_with_huge_other_dims_is_an_error_not_an_overflow() {
    let shapes = [
        Shape::from_torch(&[0, usize::MAX, 2]),
        Shape::from_keras(&[usize::MAX, 2, 0]),
        Shape::from_torch_transposed(&[2, usize::MAX, 0], 2),
    ];
    for shape in &shapes {
        assert!(
            matches!(
                symmetry_check::<f32>(&[], shape),
                Err(SymmetricInitError::InvalidShape {
                    source: InitError::ShapeOverflow { .. }
                })
            ),
            "{shape}"
        );
    }
}
