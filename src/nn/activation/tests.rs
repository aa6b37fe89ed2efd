use super::*;

const ALL: [Activation; 6] = [
    Activation::Linear,
    Activation::Relu,
    Activation::LeakyRelu {
        negative_slope: 0.2,
    },
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Softmax,
];

#[test]
fn forward_values() {
    let z = [-2.0f64, 0.0, 3.0];
    let mut a = [0.0; 3];
    Activation::Relu.forward(&z, &mut a, 3);
    assert_eq!(a, [0.0, 0.0, 3.0]);
    Activation::LeakyRelu {
        negative_slope: 0.5,
    }
    .forward(&z, &mut a, 3);
    assert_eq!(a, [-1.0, 0.0, 3.0]);
    Activation::Sigmoid.forward(&z, &mut a, 3);
    assert_eq!(a[1], 0.5);
    assert!((a[0] - 1.0 / (1.0 + 2f64.exp())).abs() < 1e-16);
    Activation::Softmax.forward(&z, &mut a, 3);
    let e: Vec<f64> = z.iter().map(|v| v.exp()).collect();
    let s: f64 = e.iter().sum();
    for j in 0..3 {
        assert!((a[j] - e[j] / s).abs() < 1e-15);
    }
}

#[test]
fn softmax_rows_are_independent_and_stable() {
    let z = [1000.0f32, 0.0, -1000.0, 1.0, 1.0, 1.0];
    let mut a = [0.0; 6];
    Activation::Softmax.forward(&z, &mut a, 3);
    assert_eq!(&a[..3], &[1.0, 0.0, 0.0]);
    for &v in &a[3..] {
        assert!((v - 1.0 / 3.0).abs() < 1e-7);
    }
}

#[test]
fn sigmoid_does_not_overflow() {
    assert_eq!(sigmoid(-1000.0f64), 0.0);
    assert_eq!(sigmoid(1000.0f64), 1.0);
    assert_eq!(
        sigmoid(-100.0f32),
        (-100.0f32).exp() / (1.0 + (-100.0f32).exp())
    );
}

#[test]
fn derivatives_match_finite_differences() {
    let h = 1e-6;
    for act in ALL {
        if act == Activation::Softmax {
            continue;
        }
        for &z in &[-1.3f64, -0.2, 0.4, 2.1] {
            let (mut lo, mut hi, mut a) = ([0.0], [0.0], [0.0]);
            act.forward(&[z - h], &mut lo, 1);
            act.forward(&[z + h], &mut hi, 1);
            act.forward(&[z], &mut a, 1);
            let numeric = (hi[0] - lo[0]) / (2.0 * h);
            let mut g = [1.0];
            act.backward(&[z], &a, &mut g);
            assert!(
                (g[0] - numeric).abs() <= 1e-5 + 1e-3 * numeric.abs(),
                "{act:?} at {z}: {} vs {numeric}",
                g[0]
            );
        }
    }
}

#[test]
fn relu_derivative_at_zero_is_zero() {
    let mut g = [1.0f32];
    Activation::Relu.backward(&[0.0], &[0.0], &mut g);
    assert_eq!(g, [0.0]);
}

#[test]
fn names_and_nonlinearities_are_distinct_where_they_should_be() {
    let names: Vec<_> = ALL.iter().map(|a| a.name()).collect();
    for (i, n) in names.iter().enumerate() {
        assert!(!names[i + 1..].contains(n));
    }
    assert_eq!(
        Activation::leaky_relu(0.1).map(Activation::nonlinearity),
        Ok(Nonlinearity::LeakyRelu)
    );
    assert_eq!(
        Activation::leaky_relu(0.0).map(Activation::nonlinearity),
        Ok(Nonlinearity::Relu)
    );
    assert!(Activation::leaky_relu(f64::INFINITY).is_err());
}
