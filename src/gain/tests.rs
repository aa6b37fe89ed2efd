use super::*;

#[test]
fn leaky_relu_slope_must_be_finite() {
    assert!(matches!(
        gain(Nonlinearity::LeakyRelu, Some(f64::NAN)),
        Err(InitError::NonFinite { .. })
    ));
}

#[test]
fn param_is_ignored_except_for_leaky_relu() {
    assert_eq!(gain(Nonlinearity::Relu, Some(f64::NAN)), Ok(2f64.sqrt()));
}

/// The GELU and SiLU moments, recomputed by an independent quadrature.
#[test]
#[allow(clippy::many_single_char_names)] // quadrature in textbook notation
fn gelu_and_silu_moments_match_quadrature() {
    let moment = |f: &dyn Fn(f64) -> f64| {
        let (a, b, n) = (-20.0f64, 20.0f64, 200_000);
        let h = (b - a) / f64::from(n);
        let pdf = |z: f64| (-z * z / 2.0).exp() / (2.0 * core::f64::consts::PI).sqrt();
        let g = |z: f64| f(z).powi(2) * pdf(z);
        let mut s = g(a) + g(b);
        for i in 1..n {
            s += if i % 2 == 1 { 4.0 } else { 2.0 } * g(a + f64::from(i) * h);
        }
        s * h / 3.0
    };
    let gelu = |z: f64| z * 0.5 * libm::erfc(-z / 2f64.sqrt());
    let silu = |z: f64| z / (1.0 + (-z).exp());
    let g = gain(Nonlinearity::Gelu, None).unwrap();
    assert!((1.0 / g.powi(2) - moment(&gelu)).abs() < 1e-12);
    assert!((SILU_SECOND_MOMENT - moment(&silu)).abs() < 1e-12);
    let relu = |z: f64| z.max(0.0);
    assert!((moment(&relu) - 0.5).abs() < 1e-12);
}
