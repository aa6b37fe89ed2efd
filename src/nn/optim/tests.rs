use super::*;

fn run(opt: Optimizer, w: &mut [f64], grads: &[&[f64]]) {
    let mut s: Vec<Vec<f64>> = (0..opt.slots()).map(|_| vec![0.0; w.len()]).collect();
    for (t, g) in grads.iter().enumerate() {
        let c = opt.coefficients::<f64>(t as u64 + 1);
        opt.update(&c, w, g, &mut s);
    }
}

#[test]
fn adam_first_step_is_minus_lr_sign_g() {
    let opt = Optimizer::from(Adam::default());
    let g = [0.5, -2.0, 1e-3, -30.0];
    let mut w = [1.0, 1.0, 1.0, 1.0];
    run(opt, &mut w, &[&g]);
    for (w, g) in w.iter().zip(g) {
        let step = w - 1.0;
        let expected = -0.001 * g.signum();
        // The exact first step is −lr·g/(|g| + ε/√(1 − β₂)).
        let exact = -0.001 * g / (g.abs() + 1e-7 / (1.0f64 - 0.999).sqrt());
        assert!((step - exact).abs() < 1e-15, "{step} vs {exact}");
        assert!((step - expected).abs() <= 0.001 * 1e-7 / 0.0316 / g.abs() * 1.01);
    }
}

#[test]
fn adam_second_step_follows_the_keras_recurrence() {
    let opt = Optimizer::from(Adam::default());
    let mut w = [0.0];
    run(opt, &mut w, &[&[1.0], &[-1.0]]);
    // The recurrence written out in the same operations, from m = v = 0.
    let (b1, b2, lr, eps) = (0.9f64, 0.999f64, 0.001f64, 1e-7f64);
    let m1 = (1.0 - 0.0) * (1.0 - b1);
    let v1 = (1.0 - 0.0) * (1.0 - b2);
    let a1 = lr * (1.0 - b2.powf(1.0)).sqrt() / (1.0 - b1.powf(1.0));
    let w1 = 0.0 - (m1 * a1) / (v1.sqrt() + eps);
    let m2 = m1 + (-1.0 - m1) * (1.0 - b1);
    let v2 = v1 + (1.0 - v1) * (1.0 - b2);
    let a2 = lr * (1.0 - b2.powf(2.0)).sqrt() / (1.0 - b1.powf(2.0));
    let w2 = w1 - (m2 * a2) / (v2.sqrt() + eps);
    assert_eq!(w[0], w2);
}

#[test]
fn sgd_rules() {
    let mut w = [1.0];
    run(
        Sgd::new(0.1, 0.0, false).unwrap().into(),
        &mut w,
        &[&[2.0], &[2.0]],
    );
    assert!((w[0] - 0.6).abs() < 1e-15);

    let mut w = [1.0];
    run(
        Sgd::new(0.1, 0.5, false).unwrap().into(),
        &mut w,
        &[&[2.0], &[2.0]],
    );
    // v1 = −0.2, w1 = 0.8; v2 = −0.1 − 0.2 = −0.3, w2 = 0.5
    assert!((w[0] - 0.5).abs() < 1e-15);

    let mut w = [1.0];
    run(
        Sgd::new(0.1, 0.5, true).unwrap().into(),
        &mut w,
        &[&[2.0], &[2.0]],
    );
    // v1 = −0.2, w1 = 1 − 0.1 − 0.2 = 0.7; v2 = −0.3, w2 = 0.7 − 0.15 − 0.2 = 0.35
    assert!((w[0] - 0.35).abs() < 1e-15);
}

#[test]
fn hyper_parameters_are_checked() {
    assert!(Sgd::new(0.0, 0.0, false).is_err());
    assert!(Sgd::new(f64::NAN, 0.0, false).is_err());
    assert!(Sgd::new(0.1, -0.1, false).is_err());
    assert!(Sgd::new(0.1, f64::NAN, false).is_err());
    assert!(Adam::new(0.1, 1.0, 0.999, 1e-7).is_err());
    assert!(Adam::new(0.1, 0.9, f64::NAN, 1e-7).is_err());
    assert!(Adam::new(f64::INFINITY, 0.9, 0.999, 1e-7).is_err());
    assert_eq!(
        Adam::new(-1.0, 0.9, 0.999, 1e-7),
        Err(NnError::InvalidHyperParameter {
            name: "learning_rate",
            value: -1.0,
            expected: "finite and > 0"
        })
    );
}
