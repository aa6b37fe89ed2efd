//! Backpropagation is right: gradients against central finite differences, golden
//! values for a fixed input, the closed forms, and symmetry preserved bit for bit.
#![allow(clippy::float_cmp)] // exact values and bits are the point
// The textbook names: x, y, z = x·W + b, a, g, h.
#![allow(clippy::many_single_char_names)]

use nninit::nn::{Activation, Adam, Dense, FitOptions, Loss, Optimizer, Sequential, Sgd};
use nninit::{Constant, GlorotUniform, HeUniform};
use rand::{RngExt, SeedableRng};

const HIDDEN: [Activation; 5] = [
    Activation::Linear,
    Activation::Relu,
    Activation::LeakyRelu {
        negative_slope: 0.2,
    },
    Activation::Sigmoid,
    Activation::Tanh,
];

/// A 5 → 7 → 3 network with random weights and biases.
fn network(hidden: Activation, output: Activation, loss: Loss, seed: u64) -> Sequential<f64> {
    let mut m = Sequential::new(5, seed);
    m.push(Dense::new(7, hidden).kernel_initializer(HeUniform))
        .unwrap();
    m.push(Dense::new(3, output).kernel_initializer(GlorotUniform))
        .unwrap();
    m.compile(loss, Sgd::default()).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    for layer in m.layers_mut() {
        for b in layer.bias_mut() {
            *b = rng.random_range(-0.5..0.5);
        }
    }
    m
}

/// Inputs and targets for 4 samples; targets fit the loss.
fn batch(loss: Loss, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed ^ 0xDA7A);
    let x: Vec<f64> = (0..20).map(|_| rng.random_range(-1.5..1.5)).collect();
    let y: Vec<f64> = match loss {
        Loss::CategoricalCrossentropy => (0..4)
            .flat_map(|i| (0..3).map(move |j| f64::from(u8::from((i + j) % 3 == 0))))
            .collect(),
        Loss::BinaryCrossentropy => (0..12).map(|i| f64::from(i % 2)).collect(),
        _ => (0..12).map(|_| rng.random_range(-1.0..1.0)).collect(),
    };
    (x, y)
}

/// |a − n| ≤ 1e-5 + 1e-3·|n| for every parameter, with n the central difference
/// at h = 1e-6.
fn check_gradient(mut m: Sequential<f64>, x: &[f64], y: &[f64], what: &str) {
    let h = 1e-6;
    let g = m.gradients(x, y).unwrap();
    assert!((g.loss - m.evaluate(x, y).unwrap().loss).abs() < 1e-12);
    for l in 0..m.layers().len() {
        for (param, analytic) in [("kernel", &g.kernels[l]), ("bias", &g.biases[l])] {
            for (i, &a) in analytic.iter().enumerate() {
                let mut probe = |delta: f64| {
                    let p = if param == "kernel" {
                        &mut m.layers_mut()[l].kernel_mut()[i]
                    } else {
                        &mut m.layers_mut()[l].bias_mut()[i]
                    };
                    let old = *p;
                    *p = old + delta;
                    let loss = m.evaluate(x, y).unwrap().loss;
                    let p = if param == "kernel" {
                        &mut m.layers_mut()[l].kernel_mut()[i]
                    } else {
                        &mut m.layers_mut()[l].bias_mut()[i]
                    };
                    *p = old;
                    loss
                };
                let n = (probe(h) - probe(-h)) / (2.0 * h);
                assert!(
                    (a - n).abs() <= 1e-5 + 1e-3 * n.abs(),
                    "{what}: layer {l} {param}[{i}]: analytic {a}, numeric {n}"
                );
            }
        }
    }
}

#[test]
fn gradients_match_central_differences_for_every_activation_and_loss() {
    let mut cases = 0;
    for (s, hidden) in HIDDEN.into_iter().enumerate() {
        let seed = s as u64;
        let outputs = [
            (Loss::CategoricalCrossentropy, Activation::Softmax),
            (Loss::BinaryCrossentropy, Activation::Sigmoid),
            (Loss::MeanSquaredError, Activation::Linear),
            (Loss::MeanSquaredError, Activation::Tanh),
            (Loss::MeanSquaredError, Activation::Sigmoid),
            (Loss::MeanSquaredError, hidden),
        ];
        for (loss, output) in outputs {
            let (x, y) = batch(loss, seed);
            let m = network(hidden, output, loss, seed);
            check_gradient(m, &x, &y, &format!("{hidden:?} → {output:?} / {loss:?}"));
            cases += 1;
        }
    }
    assert_eq!(cases, 30);
}

#[test]
fn integer_labels_give_the_one_hot_gradient() {
    let (x, y) = batch(Loss::CategoricalCrossentropy, 9);
    let labels: Vec<usize> = y
        .chunks(3)
        .map(|r| r.iter().position(|&v| v == 1.0).unwrap())
        .collect();
    let mut m = network(
        Activation::Tanh,
        Activation::Softmax,
        Loss::CategoricalCrossentropy,
        9,
    );
    let dense = m.gradients(&x, &y).unwrap();
    let sparse = m.gradients(&x, &labels).unwrap();
    assert_eq!(dense, sparse);
}

/// The network below, worked by hand (every value is exact in binary):
///
/// x = [1, 2]; W1 = [[1, −1], [0.5, 2]], b1 = [0.5, −4], ReLU:
///   z1 = [1 + 1 + 0.5, −1 + 4 − 4] = [2.5, −1], a1 = [2.5, 0]
/// W2 = [[2], [3]], b2 = [1], linear: ŷ = 5 + 0 + 1 = 6; y = 4; MSE = 4.
/// ∂L/∂ŷ = 2·(6 − 4) = 4: ∂W2 = a1ᵀ·4 = [[10], [0]], ∂b2 = [4];
/// ∂a1 = 4·W2ᵀ = [8, 12], ∂z1 = [8, 0]: ∂W1 = xᵀ·∂z1 = [[8, 0], [16, 0]],
/// ∂b1 = [8, 0].
fn golden<T: nninit::Real>() -> Sequential<T> {
    let t = |v: f64| T::from(v).unwrap();
    let mut m = Sequential::<T>::new(2, 0);
    m.push(Dense::new(2, Activation::Relu)).unwrap();
    m.push(Dense::new(1, Activation::Linear)).unwrap();
    m.compile(Loss::MeanSquaredError, Sgd::new(0.125, 0.0, false).unwrap())
        .unwrap();
    let l = m.layers_mut();
    l[0].kernel_mut()
        .copy_from_slice(&[t(1.0), t(-1.0), t(0.5), t(2.0)]);
    l[0].bias_mut().copy_from_slice(&[t(0.5), t(-4.0)]);
    l[1].kernel_mut().copy_from_slice(&[t(2.0), t(3.0)]);
    l[1].bias_mut().copy_from_slice(&[t(1.0)]);
    m
}

#[test]
fn golden_forward_and_gradient_values() {
    let mut m = golden::<f64>();
    assert_eq!(m.predict(&[1.0, 2.0]).unwrap(), [6.0]);
    let g = m.gradients(&[1.0, 2.0], &[4.0]).unwrap();
    assert_eq!(g.loss, 4.0);
    assert_eq!(g.kernels, [vec![8.0, 0.0, 16.0, 0.0], vec![10.0, 0.0]]);
    assert_eq!(g.biases, [vec![8.0, 0.0], vec![4.0]]);

    let mut m = golden::<f32>();
    let g = m.gradients(&[1.0, 2.0], &[4.0]).unwrap();
    assert_eq!(g.kernels, [vec![8.0f32, 0.0, 16.0, 0.0], vec![10.0, 0.0]]);
    // One SGD step with lr = 1/8 subtracts an eighth of each gradient.
    m.train_on_batch(&[1.0, 2.0], &[4.0]).unwrap();
    assert_eq!(m.layers()[0].kernel(), [0.0, -1.0, -1.5, 2.0]);
    assert_eq!(m.layers()[0].bias(), [-0.5, -4.0]);
    assert_eq!(m.layers()[1].kernel(), [0.75, 3.0]);
    assert_eq!(m.layers()[1].bias(), [0.5]);
}

#[test]
fn softmax_cross_entropy_gradient_is_softmax_minus_onehot_over_batch() {
    let mut m = Sequential::<f64>::new(4, 3);
    m.push(Dense::new(3, Activation::Softmax)).unwrap();
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .unwrap();
    let x = [
        0.2, -1.0, 0.5, 0.3, 1.0, 0.0, -0.4, 0.7, -0.3, 0.8, 0.1, 0.9,
    ];
    let labels = [2usize, 0, 1];
    let p = m.predict(&x).unwrap();
    let g = m.gradients(&x, &labels[..]).unwrap();
    for j in 0..3 {
        let mut db = 0.0;
        for (i, &label) in labels.iter().enumerate() {
            let onehot = if label == j { 1.0 } else { 0.0 };
            let delta = (p[3 * i + j] - onehot) / 3.0;
            db += delta;
        }
        assert!((g.biases[0][j] - db).abs() < 1e-16, "{j}");
        for f in 0..4 {
            let dw: f64 = (0..3)
                .map(|i| {
                    let onehot = if labels[i] == j { 1.0 } else { 0.0 };
                    x[4 * i + f] * (p[3 * i + j] - onehot) / 3.0
                })
                .sum();
            assert!((g.kernels[0][f * 3 + j] - dw).abs() < 1e-15);
        }
    }
}

#[test]
fn adams_first_step_is_minus_lr_sign_g() {
    let (x, y) = batch(Loss::CategoricalCrossentropy, 4);
    let mut m = network(
        Activation::Relu,
        Activation::Softmax,
        Loss::CategoricalCrossentropy,
        4,
    );
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .unwrap();
    let before = m.clone();
    let g = m.gradients(&x, &y).unwrap();
    m.train_on_batch(&x, &y).unwrap();
    let lr = 0.001;
    // The exact step is −lr·g/(|g| + ε/√(1 − β₂)); it is within lr·c/|g| of
    // −lr·sign(g), with c = ε/√(1 − β₂).
    let c = 1e-7 / (1.0f64 - 0.999).sqrt();
    let mut checked = 0;
    for l in 0..2 {
        let pairs = [
            (
                before.layers()[l].kernel(),
                m.layers()[l].kernel(),
                &g.kernels[l],
            ),
            (
                before.layers()[l].bias(),
                m.layers()[l].bias(),
                &g.biases[l],
            ),
        ];
        for (w0, w1, g) in pairs {
            for i in 0..g.len() {
                let step = w1[i] - w0[i];
                if g[i] == 0.0 {
                    assert_eq!(step, 0.0);
                    continue;
                }
                let bound = lr * c / g[i].abs() + 4.0 * f64::EPSILON * w0[i].abs().max(1.0);
                assert!(
                    (step + lr * g[i].signum()).abs() <= bound,
                    "step {step} for g {}",
                    g[i]
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40);
}

#[test]
fn logits_of_plus_minus_1000_give_a_finite_loss() {
    let mut m = Sequential::<f32>::new(3, 0);
    m.push(Dense::new(3, Activation::Softmax)).unwrap();
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .unwrap();
    m.layers_mut()[0]
        .kernel_mut()
        .copy_from_slice(&[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
    let x = [1000.0f32, 0.0, -1000.0];
    for (label, expected) in [(0usize, 0.0), (1, 1000.0), (2, 2000.0)] {
        let e = m.evaluate(&x, &[label][..]).unwrap();
        assert_eq!(e.loss, expected);
        let g = m.gradients(&x, &[label][..]).unwrap();
        assert!(g.kernels[0].iter().all(|v| v.is_finite()));
    }
    // And a training step on them is taken, not refused.
    m.train_on_batch(&x, &[2usize][..]).unwrap();
}

/// Makes units 2 and 5 of the hidden layer identical: incoming weights, bias and
/// outgoing weights.
fn tie_units(m: &mut Sequential<f64>) {
    let l = m.layers_mut();
    let units = l[0].units();
    for row in l[0].kernel_mut().chunks_mut(units) {
        row[5] = row[2];
    }
    let b = l[0].bias()[2];
    l[0].bias_mut()[5] = b;
    let out = l[1].units();
    let k = l[1].kernel_mut();
    let row2: Vec<f64> = k[2 * out..3 * out].to_vec();
    k[5 * out..6 * out].copy_from_slice(&row2);
}

fn assert_tied(m: &Sequential<f64>, step: usize) {
    let l = m.layers();
    let units = l[0].units();
    for row in l[0].kernel().chunks(units) {
        assert_eq!(row[2].to_bits(), row[5].to_bits(), "step {step}");
    }
    assert_eq!(l[0].bias()[2].to_bits(), l[0].bias()[5].to_bits());
    let out = l[1].units();
    let k = l[1].kernel();
    for j in 0..out {
        assert_eq!(k[2 * out + j].to_bits(), k[5 * out + j].to_bits());
    }
}

#[test]
fn identical_hidden_units_stay_bit_identical_through_100_steps() {
    let optimizers: [Optimizer; 4] = [
        Sgd::new(0.1, 0.0, false).unwrap().into(),
        Sgd::new(0.05, 0.9, false).unwrap().into(),
        Sgd::new(0.05, 0.9, true).unwrap().into(),
        Adam::default().into(),
    ];
    for opt in optimizers {
        for hidden in HIDDEN {
            let mut m = network(
                hidden,
                Activation::Softmax,
                Loss::CategoricalCrossentropy,
                8,
            );
            m.compile(Loss::CategoricalCrossentropy, opt).unwrap();
            tie_units(&mut m);
            let start = m.layers()[0].kernel().to_vec();
            let mut rng = rand::rngs::StdRng::seed_from_u64(77);
            for step in 0..100 {
                let x: Vec<f64> = (0..5 * 16).map(|_| rng.random_range(-1.0..1.0)).collect();
                let y: Vec<usize> = (0..16).map(|_| rng.random_range(0..3)).collect();
                m.train_on_batch(&x, &y).unwrap();
                assert_tied(&m, step);
            }
            // The weights did move: the test is not vacuous.
            assert_ne!(m.layers()[0].kernel(), &start[..], "{opt:?} {hidden:?}");
            assert_eq!(m.distinct_units(0), Ok(6));
        }
    }
}

#[test]
fn units_that_differ_only_in_outgoing_weights_come_apart() {
    let mut m = network(
        Activation::Tanh,
        Activation::Softmax,
        Loss::CategoricalCrossentropy,
        8,
    );
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .unwrap();
    tie_units(&mut m);
    let out = m.layers()[1].units();
    m.layers_mut()[1].kernel_mut()[5 * out] += 0.25;
    assert_eq!(m.distinct_units(0), Ok(7));
    let x: Vec<f64> = (0..40).map(|i| f64::from(i % 9) / 9.0 - 0.4).collect();
    let y: Vec<usize> = (0..8).map(|i| i % 3).collect();
    m.fit(&x, &y, &FitOptions::new(3).with_batch_size(4))
        .unwrap();
    let k = m.layers()[0].kernel();
    assert!(k.chunks(7).any(|row| row[2] != row[5]));
}

#[test]
fn a_constant_network_keeps_every_hidden_unit_identical() {
    // The same promise at the seed's shape: 64 → 32 → 10 with Constant(0.1).
    let c = Constant::new(0.1).unwrap();
    let mut m = Sequential::<f32>::new(64, 0);
    m.push(Dense::new(32, Activation::Relu).kernel_initializer(c))
        .unwrap();
    m.push(Dense::new(10, Activation::Softmax).kernel_initializer(c))
        .unwrap();
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .unwrap();
    let x: Vec<f32> = (0..64 * 40)
        .map(|i: u32| f32::from(u8::try_from((i * 37) % 17).unwrap()) / 16.0)
        .collect();
    let y: Vec<usize> = (0..40).map(|i| i % 10).collect();
    m.fit(
        &x,
        &y,
        &FitOptions::new(5)
            .with_batch_size(8)
            .with_check_symmetry(false),
    )
    .unwrap();
    assert_eq!(m.distinct_units(0), Ok(1));
    let first = m.layers()[0].kernel()[0];
    assert_ne!(first, 0.1, "the kernel moved");
    assert_eq!(
        m.layers()[1].bias().iter().filter(|&&b| b == 0.0).count(),
        0
    );
}
