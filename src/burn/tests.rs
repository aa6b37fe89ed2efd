use burn_tensor::{DType, Device};

use super::*;
use crate::{GlorotUniform, Ones, RandomNormal};

/// Every rank from 1 to `MAX_RANK`, with empty, 1-sized and odd dimensions: the
/// data has the shape's dimensions and `fill_new`'s values.
#[test]
fn data_has_the_dims_and_values_of_every_rank() {
    let dims = [3, 1, 2, 5, 1, 3, 2, 1];
    for rank in 1..=Shape::MAX_RANK {
        for shape in [
            Shape::from_keras(&dims[..rank]),
            Shape::from_keras(&[&[0][..], &dims[1..rank]].concat()),
        ] {
            let data = tensor_data::<f32, _>(&RandomNormal::default(), &shape, 9).unwrap();
            assert_eq!(data.shape().as_slice(), shape.dims(), "{shape}");
            assert_eq!(data.dtype(), DType::F32);
            let want: Vec<f32> = RandomNormal::default().fill_new(&shape, 9).unwrap();
            assert_eq!(data.as_slice::<f32>().unwrap(), &want[..], "{shape}");
        }
    }
}

/// A scalar is data of rank 0 with one value; burn has no rank-0 tensor, which is
/// a typed error.
#[test]
fn rank_zero_is_data_but_not_a_tensor() {
    let scalar = Shape::from_keras(&[]);
    let data = tensor_data::<f64, _>(&Ones, &scalar, 0).unwrap();
    assert_eq!(data.rank(), 0);
    assert_eq!(data.as_slice::<f64>().unwrap(), &[1.0]);
    let err = tensor::<f64, _, 0>(&Ones, &scalar, 0, &Device::flex());
    assert!(
        matches!(err, Err(InitError::UnsupportedShape { .. })),
        "{err:?}"
    );
}

/// The rank is checked before the shape's own errors and before anything is
/// filled; a shape of too many dimensions at its own rank is the shape's error.
#[test]
fn rank_is_checked_first() {
    let device = Device::flex();
    let nine = Shape::from_torch(&[1; 9]);
    assert_eq!(
        tensor::<f32, _, 2>(&GlorotUniform, &nine, 0, &device).err(),
        Some(InitError::RankMismatch {
            rank: 2,
            expected: 9,
            shape: nine.to_string(),
        })
    );
    assert!(matches!(
        tensor::<f32, _, 9>(&GlorotUniform, &nine, 0, &device),
        Err(InitError::RankTooHigh { rank: 9, .. })
    ));
    assert!(matches!(
        tensor_data::<f32, _>(&GlorotUniform, &nine, 0),
        Err(InitError::RankTooHigh { rank: 9, .. })
    ));
    // A Torch-layout vector has no fans: the initializer's error, as from `fill_new`.
    let vector = Shape::from_torch(&[5]);
    assert_eq!(
        tensor::<f32, _, 1>(&GlorotUniform, &vector, 0, &device).err(),
        Initializer::<f32>::fill_new(&GlorotUniform, &vector, 0).err()
    );
}

/// The new errors read as one sentence on what is wrong and one on what to do.
#[test]
fn errors_say_what_and_what_to_do() {
    let rank = InitError::RankMismatch {
        rank: 3,
        expected: 2,
        shape: Shape::dense(4, 5).to_string(),
    }
    .to_string();
    assert!(
        rank.starts_with("a tensor of rank 3 cannot hold the shape [4, 5]"),
        "{rank}"
    );
    assert!(
        rank.contains("; give the tensor the shape's rank"),
        "{rank}"
    );
    let element = InitError::UnsupportedElement {
        ty: "f64",
        device: "Device<Wgpu>".into(),
    }
    .to_string();
    assert!(
        element.contains("does not support f64 tensors; "),
        "{element}"
    );
    for msg in [rank, element] {
        assert!(!msg.ends_with('.') && msg.chars().next().is_some_and(char::is_lowercase));
    }
}
