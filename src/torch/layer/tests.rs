use super::*;
use crate::TorchDefault;

#[test]
fn weight_bound_is_torch_defaults() {
    for fan in [1, 3, 27, 64, 128, 784, 1000, 4096, 12_345] {
        let shape = Shape::from_torch(&[2, fan]);
        assert_eq!(
            weight_bound(fan),
            TorchDefault.as_kaiming().bound(&shape).unwrap(),
            "{fan}"
        );
    }
}

/// With `fan_in == 0`, `Linear` draws its bias with bound 0, a convolution
/// draws nothing.
#[test]
fn zero_fan_in() {
    let mut g = Generator::manual_seed(0);
    let fresh = g.clone();
    let (w, b) = g.linear(0, 3);
    assert!(w.is_empty());
    assert_eq!(b, [0.0; 3]);
    let mut after = fresh.clone();
    for _ in 0..3 {
        after.random();
    }
    assert_eq!(g, after);

    let mut g = fresh.clone();
    let (w, b) = g.conv2d(0, 3, [3, 3]);
    assert!(w.is_empty());
    assert_eq!(b, [0.0; 3]);
    assert_eq!(g, fresh);
}

#[test]
fn groups_and_no_bias() {
    let mut g = Generator::manual_seed(5);
    let layer = Layer::conv2d(4, 6, [3, 3])
        .with_groups(2)
        .unwrap()
        .with_bias(false);
    let (w, b) = g.reset_parameters::<f32>(&layer).unwrap();
    assert_eq!((w.len(), b), (6 * 2 * 9, None));
    let bound = weight_bound(18);
    assert!(w.iter().all(|&x| f64::from(x).abs() < bound));
    assert!(Layer::linear(4, 4).with_groups(2).is_err());
    assert!(Layer::conv1d(4, 4, 1).with_groups(0).is_err());
    let huge = Layer::linear(usize::MAX, 2);
    assert!(matches!(
        g.reset_parameters::<f32>(&huge),
        Err(InitError::ShapeOverflow { .. })
    ));
}
