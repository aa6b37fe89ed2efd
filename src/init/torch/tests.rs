use super::*;

#[test]
fn torch_default_bound_is_pytorchs() {
    // PyTorch: nn.Linear(64, 10).weight bound = sqrt(3) * (sqrt(2/(1+sqrt(5)**2)) / sqrt(64))
    let b = TorchDefault
        .as_kaiming()
        .bound(&Shape::from_torch(&[10, 64]))
        .unwrap();
    assert_eq!(b, 0.124_999_999_999_999_99);
    assert!(b < 0.125);
}

#[test]
fn zero_fan_in_for_bias_is_an_error() {
    assert!(matches!(
        TorchDefault::bias(&Shape::from_torch(&[10, 0])),
        Err(InitError::ZeroFan { .. })
    ));
}
