//! The seed experiment's outcomes on the digits set: Keras's
//! `Dense(128, relu) → Dense(10, softmax)`, Adam, categorical cross-entropy,
//! 10 epochs in batches of 32, the kernel initializer used by both layers.
#![allow(clippy::float_cmp)] // exact values and bits are the point
#![allow(clippy::cast_precision_loss)] // counts of at most 1797 samples

use nninit::nn::{Activation, Adam, Dataset, Dense, FitOptions, Loss, NnError, Sequential, digits};
use nninit::{
    Constant, GlorotUniform, Init, Nonlinearity, RandomUniform, SymmetricInitError, Zeros,
};

fn model(kernel: Init, seed: u64) -> Sequential<f32> {
    let mut m = Sequential::<f32>::new(64, seed);
    m.push(
        Dense::new(128, Activation::Relu)
            .kernel_initializer(kernel)
            .bias_initializer(Zeros),
    )
    .unwrap();
    m.push(Dense::new(10, Activation::Softmax).kernel_initializer(kernel))
        .unwrap();
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .unwrap();
    m
}

fn options() -> FitOptions {
    FitOptions::new(10).with_batch_size(32)
}

fn split(seed: u64) -> (Dataset<f32>, Dataset<f32>) {
    digits::<f32>().unwrap().split(0.2, seed).unwrap()
}

fn class_counts(labels: &[usize]) -> [usize; 10] {
    let mut c = [0; 10];
    for &l in labels {
        c[l] += 1;
    }
    c
}

#[test]
fn zero_init_ends_at_the_majority_class_rate() {
    let (train, test) = split(0);
    let mut m = model(Constant::new(0.0).unwrap().into(), 42);
    // The network check refuses it first, and nothing is trained.
    assert!(matches!(
        m.fit(train.x(), train.labels(), &options()),
        Err(NnError::SymmetricInit {
            source: SymmetricInitError::FrozenLayer {
                layer: 0,
                units: 128,
                activation: Nonlinearity::Relu
            }
        })
    ));
    assert_eq!(m.steps(), 0);
    let h = m
        .fit(
            train.x(),
            train.labels(),
            &options().with_check_symmetry(false),
        )
        .unwrap();
    // Only the output bias learns: every sample gets the same prediction, the
    // class that is most frequent in the training set.
    let counts = class_counts(train.labels());
    let majority = (0..10)
        .max_by_key(|&c| (counts[c], usize::MAX - c))
        .unwrap();
    let p = m.predict(test.x()).unwrap();
    for row in p.chunks(10) {
        let best = (0..10)
            .max_by(|&a, &b| row[a].total_cmp(&row[b]).then(b.cmp(&a)))
            .unwrap();
        assert_eq!(best, majority);
        assert_eq!(row, &p[..10]);
    }
    let share = |n: usize, of: usize| n as f64 / of as f64;
    let test_share = share(class_counts(test.labels())[majority], test.len());
    assert_eq!(
        m.evaluate(test.x(), test.labels()).unwrap().accuracy,
        test_share
    );
    // On the training data it scores the majority share, about 10 %.
    let train_share = share(counts[majority], train.len());
    assert_eq!(*h.accuracy.last().unwrap(), train_share);
    assert!(train_share < 0.12 && test_share < 0.12);
    // The hidden layer never moved: ReLU'(0) = 0 and the outgoing weights are 0.
    assert!(m.layers()[0].kernel().iter().all(|&w| w == 0.0));
    assert!(m.layers()[1].kernel().iter().all(|&w| w == 0.0));
}

#[test]
fn constant_one_tenth_keeps_all_128_hidden_units_identical_to_the_last_bit() {
    let (train, test) = split(0);
    let mut m = model(Constant::new(0.1).unwrap().into(), 42);
    assert!(matches!(
        m.fit(train.x(), train.labels(), &options()),
        Err(NnError::SymmetricInit {
            source: SymmetricInitError::TiedUnits {
                layer: 0,
                distinct: 1,
                units: 128,
                ..
            }
        })
    ));
    m.fit(
        train.x(),
        train.labels(),
        &options().with_check_symmetry(false),
    )
    .unwrap();
    let hidden = &m.layers()[0];
    assert!(
        hidden.kernel().iter().any(|&w| w != 0.1),
        "training moved it"
    );
    for row in hidden.kernel().chunks(128) {
        assert!(row.iter().all(|w| w.to_bits() == row[0].to_bits()));
    }
    let b = hidden.bias();
    assert!(b.iter().all(|v| v.to_bits() == b[0].to_bits()));
    let out = m.layers()[1].kernel();
    for j in 0..10 {
        assert!((0..128).all(|i| out[i * 10 + j].to_bits() == out[j].to_bits()));
    }
    assert_eq!(m.distinct_units(0), Ok(1));
    // One feature is not enough for ten classes.
    assert!(m.evaluate(test.x(), test.labels()).unwrap().accuracy < 0.5);
}

/// The mean test accuracy over split seeds 0..4 and model seeds 0..5.
fn mean_accuracy(kernel: Init) -> f64 {
    let mut sum = 0.0;
    for s in 0..4 {
        let (train, test) = split(s);
        for seed in 0..5 {
            let mut m = model(kernel, seed);
            m.fit(train.x(), train.labels(), &options()).unwrap();
            assert_eq!(m.distinct_units(0), Ok(128));
            sum += m.evaluate(test.x(), test.labels()).unwrap().accuracy;
        }
    }
    sum / 20.0
}

#[test]
fn random_uniform_and_glorot_uniform_reach_95_percent() {
    for kernel in [
        Init::from(RandomUniform::default()),
        Init::from(GlorotUniform),
    ] {
        let acc = mean_accuracy(kernel);
        assert!(acc >= 0.95, "{kernel:?}: mean test accuracy {acc}");
    }
}
