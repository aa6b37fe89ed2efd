use super::*;

#[test]
fn argmax_takes_the_first_largest() {
    assert_eq!(argmax(&[1.0f32, 3.0, 3.0, 2.0]), 1);
    assert_eq!(argmax(&[f64::NAN, 0.5, 0.2]), 1);
    assert_eq!(argmax(&[2.0f64]), 0);
}

#[test]
fn the_first_non_finite_element_is_found() {
    assert_eq!(first_non_finite::<f32>(&[]), None);
    assert_eq!(first_non_finite(&[0.0f32, -1e38, f32::MAX]), None);
    let x = [1.0f64, f64::NEG_INFINITY, f64::NAN, 2.0];
    assert_eq!(first_non_finite(&x), Some((1, f64::NEG_INFINITY)));
    let nan = first_non_finite(&x[2..]).unwrap();
    assert!(nan.0 == 0 && nan.1.is_nan());
    // Past any vector width, at the last element.
    let mut long = vec![0.5f32; 1027];
    long[1026] = f32::INFINITY;
    assert_eq!(first_non_finite(&long), Some((1026, f32::INFINITY)));
}

#[test]
fn conversions_are_exact() {
    assert_eq!(cast::<f32>(0.1), 0.1f32);
    assert_eq!(wide(0.1f32), f64::from(0.1f32));
    assert_eq!(count::<f32>(1437), 1437.0);
}
