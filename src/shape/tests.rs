use super::*;

#[test]
fn keras_ranks_zero_and_one() {
    assert_eq!(
        Shape::from_keras(&[]).fans(),
        Ok(Fans {
            fan_in: 1,
            fan_out: 1
        })
    );
    assert_eq!(Shape::from_keras(&[]).units(), 1);
    assert_eq!(Shape::from_keras(&[]).len(), 1);
}

#[test]
fn torch_rank_one_is_an_error() {
    let err = Shape::from_torch(&[5]).fans().unwrap_err();
    assert!(matches!(err, InitError::RankTooLow { min: 2, .. }));
    assert!(
        err.to_string()
            .starts_with("fan in and fan out cannot be computed")
    );
}

#[test]
fn overflow_is_reported_not_wrapped() {
    let s = Shape::from_torch(&[usize::MAX / 2, 3]);
    assert_eq!(s.checked_len(), None);
    assert_eq!(s.len(), usize::MAX);
    assert!(matches!(s.fans(), Err(InitError::ShapeOverflow { .. })));
}

#[test]
fn too_many_dims_is_reported() {
    let s = Shape::from_keras(&[1; 9]);
    assert_eq!(s.rank(), 9);
    assert_eq!(s.checked_len(), None);
    assert!(matches!(
        s.try_len(),
        Err(InitError::RankTooHigh { rank: 9, .. })
    ));
    assert!(s.to_string().contains("+1 more"));
}

#[test]
fn uneven_blocks_are_an_error() {
    let s = Shape::from_torch(&[10, 4]).fused(3);
    assert!(matches!(
        s.fans(),
        Err(InitError::UnevenBlocks {
            units: 10,
            blocks: 3,
            ..
        })
    ));
    assert!(Shape::from_torch(&[10, 4]).fused(0).fans().is_err());
}

#[test]
fn transposed_groups_divide_fan_in() {
    let s = Shape::from_torch_transposed(&[16, 4, 3], 4);
    assert_eq!(
        s.fans(),
        Ok(Fans {
            fan_in: 12,
            fan_out: 12
        })
    );
    assert!(Shape::from_torch_transposed(&[16, 4, 3], 0).fans().is_err());
    assert!(Shape::from_torch_transposed(&[16, 4, 3], 3).fans().is_err());
}

#[test]
fn display_names_dims_and_layout() {
    assert_eq!(Shape::dense(3, 4).to_string(), "[3, 4] in Keras layout");
    assert_eq!(
        Shape::from_torch(&[6, 2]).fused(3).to_string(),
        "[6, 2] in PyTorch layout, 3 fused blocks"
    );
}
