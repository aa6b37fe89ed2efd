use candle_core::Device;

use super::*;
use crate::{HeNormal, RandomUniform};

#[test]
fn library_errors_name_candle_and_the_shape() {
    let shape = Shape::from_torch(&[3, 4]);
    let err = library_error(&candle_core::Error::msg("out of memory"), &shape);
    assert_eq!(
        err,
        InitError::TensorLibrary {
            library: "candle",
            shape: shape.to_string(),
            message: "out of memory".to_owned(),
        }
    );
    let message = err.to_string();
    let (what, todo) = message.split_once("; ").expect("two sentences");
    assert!(
        what.contains("out of memory") && what.contains("[3, 4]"),
        "{what}"
    );
    assert!(todo.contains("another device"), "{todo}");
}

#[test]
fn init_errors_keep_their_message_in_candle() {
    let Err(err) = RandomUniform::new(1.0, 1.0) else {
        panic!("an empty range is an error");
    };
    let message = err.to_string();
    let candle = candle_core::Error::from(err);
    assert!(candle.to_string().contains(&message), "{candle}");
}

/// Rank 9 is nninit's error, though candle creates tensors of that rank.
#[test]
fn shapes_above_rank_eight_are_nninits_errors() -> candle_core::Result<()> {
    let too_high = Shape::from_torch(&[1; 9]);
    let err = tensor::<f32, _>(&HeNormal, &too_high, 0, &Device::Cpu);
    assert!(matches!(err, Err(InitError::RankTooHigh { rank: 9, .. })));
    let candles = Tensor::zeros(&[1; 9][..], candle_core::DType::F32, &Device::Cpu)?;
    assert_eq!(candles.rank(), 9);
    Ok(())
}

#[test]
fn empty_and_scalar_tensors() -> Result<(), InitError> {
    let uniform = RandomUniform::new(-1.0, 1.0)?;
    let empty = tensor::<f32, _>(&uniform, &Shape::from_torch(&[0, 5]), 1, &Device::Cpu)?;
    assert_eq!(empty.dims(), &[0, 5]);
    let scalar = tensor::<f64, _>(&uniform, &Shape::from_torch(&[]), 1, &Device::Cpu)?;
    assert_eq!(scalar.rank(), 0);
    let value = scalar
        .to_scalar::<f64>()
        .map_err(|e| library_error(&e, &Shape::from_torch(&[])))?;
    let expected: Vec<f64> = uniform.fill_new(&Shape::from_torch(&[]), 1)?;
    assert_eq!(vec![value], expected);
    Ok(())
}
