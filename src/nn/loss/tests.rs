use super::*;

fn softmax(z: &[f64]) -> Vec<f64> {
    let e: Vec<f64> = z.iter().map(|v| v.exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}

#[test]
fn cross_entropy_gradient_is_softmax_minus_onehot_over_batch() {
    let z = [0.3f64, -1.2, 2.0, 0.5, 0.5, -0.7];
    let y = [0.0, 0.0, 1.0, 1.0, 0.0, 0.0];
    let mut a = [0.0; 6];
    Activation::Softmax.forward(&z, &mut a, 3);
    let mut g = [0.0; 6];
    let total =
        Loss::CategoricalCrossentropy.evaluate(Activation::Softmax, &z, &a, &y, 3, 2, Some(&mut g));
    let (p0, p1) = (softmax(&z[..3]), softmax(&z[3..]));
    let expected = -(p0[2].ln() + p1[0].ln());
    assert!((total - expected).abs() < 1e-14);
    let p: Vec<f64> = p0.into_iter().chain(p1).collect();
    for j in 0..6 {
        assert!((g[j] - (p[j] - y[j]) / 2.0).abs() < 1e-16);
    }
}

#[test]
fn huge_logits_give_a_finite_loss() {
    let z = [1000.0f32, 0.0, -1000.0];
    let mut a = [0.0; 3];
    Activation::Softmax.forward(&z, &mut a, 3);
    for (label, expected) in [(0, 0.0f32), (1, 1000.0), (2, 2000.0)] {
        let mut y = [0.0f32; 3];
        y[label] = 1.0;
        let l = Loss::CategoricalCrossentropy.evaluate(Activation::Softmax, &z, &a, &y, 3, 1, None);
        assert!(l.is_finite());
        assert_eq!(l, expected);
    }
    let l = Loss::BinaryCrossentropy.evaluate(
        Activation::Sigmoid,
        &[1000.0f32, -1000.0],
        &[1.0, 0.0],
        &[0.0, 1.0],
        2,
        1,
        None,
    );
    assert_eq!(l, 1000.0);
}

#[test]
fn binary_cross_entropy_matches_its_definition() {
    let z = [0.4f64, -1.5];
    let y = [1.0, 0.0];
    let p: Vec<f64> = z.iter().map(|&v| sigmoid(v)).collect();
    let l = Loss::BinaryCrossentropy.evaluate(Activation::Sigmoid, &z, &p, &y, 2, 1, None);
    let expected = -(p[0].ln() + (1.0 - p[1]).ln()) / 2.0;
    assert!((l - expected).abs() < 1e-15);
}

#[test]
fn mse_is_the_mean_over_outputs() {
    let a = [1.0f64, 2.0, 3.0, 5.0];
    let y = [0.0, 0.0, 3.0, 3.0];
    let mut g = [0.0; 4];
    let l = Loss::MeanSquaredError.evaluate(Activation::Linear, &a, &a, &y, 2, 2, Some(&mut g));
    // Sample 0: (1 + 4) / 2; sample 1: (0 + 4) / 2.
    assert_eq!(l, 2.5 + 2.0);
    assert_eq!(g, [0.5, 1.0, 0.0, 1.0]);
}

#[test]
fn accuracies() {
    let a = [0.1f32, 0.9, 0.8, 0.2, 0.6, 0.4];
    let y = [0.0f32, 1.0, 0.0, 1.0, 1.0, 0.0];
    assert_eq!(Loss::CategoricalCrossentropy.correct(&a, &y, 2), (2, 3));
    assert_eq!(Loss::BinaryCrossentropy.correct(&a, &y, 2), (4, 6));
}

#[test]
fn targets_validate() {
    let labels = [0usize, 2, 3];
    let t = Targets::<f32>::Classes(&labels);
    assert_eq!(
        t.validate(3, 3),
        Err(NnError::LabelOutOfRange {
            sample: 2,
            label: 3,
            classes: 3
        })
    );
    assert!(t.validate(3, 4).is_ok());
    assert!(matches!(
        t.validate(2, 4),
        Err(NnError::DimensionMismatch { .. })
    ));
    let mut row = [9.0f32; 4];
    t.row_into(1, &mut row);
    assert_eq!(row, [0.0, 0.0, 1.0, 0.0]);
    let dense = [1.0f32, 2.0, 3.0, 4.0];
    let d = Targets::Dense(&dense[..]);
    assert!(d.validate(2, 2).is_ok());
    assert!(d.validate(2, 3).is_err());
    let mut row = [0.0f32; 2];
    d.row_into(1, &mut row);
    assert_eq!(row, [3.0, 4.0]);
}
