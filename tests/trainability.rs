//! The measured diagnosis against the truth: a reduced depth grid (depths 2 to 32,
//! six initializers, plain SGD on the digits) trained to the end, and the verdict
//! of `Sequential::diagnose` compared with the outcome; the full grid, and the
//! same under Adam, is `examples/depth_experiment.rs`. Also: `diagnose` changes no
//! weight, the checks' order, and LSUV's typed errors.

#[path = "../examples/support/depth_grid.rs"]
mod depth_grid;

use depth_grid::{DEPTHS, INITS, build, majority, run};
use nninit::nn::{
    Activation, Dense, FitOptions, Loss, LsuvError, LsuvOptions, NnError, Sequential, Sgd,
    TrainabilityError, digits, lsuv,
};
use nninit::{RandomUniform, Zeros};
use proptest::prelude::*;

/// The example's epochs: the grid takes about 35 s at opt-level 1.
const EPOCHS: usize = 20;
const SEEDS: u64 = 3;

#[test]
fn the_verdict_agrees_with_training_on_the_depth_grid() {
    let (train, test) = digits::<f32>().unwrap().split(0.2, 0).unwrap();
    let bar = majority(&test) + 0.20;
    let (mut agree, mut total) = (0, 0);
    let mut disagreements = Vec::new();
    for init in INITS {
        for depth in DEPTHS {
            for seed in 0..SEEDS {
                let cell = run(
                    init,
                    depth,
                    seed,
                    &train,
                    &test,
                    EPOCHS,
                    Sgd::default().into(),
                )
                .unwrap();
                let trains = cell.accuracy >= bar;
                let passes = cell.diagnosis.verdict.is_ok();
                total += 1;
                if trains == passes {
                    agree += 1;
                } else {
                    disagreements.push(format!(
                        "{} depth {} seed {}: accuracy {:.3}, {:?}",
                        cell.init, cell.depth, cell.seed, cell.accuracy, cell.diagnosis.verdict
                    ));
                }
            }
        }
    }
    assert!(
        10 * agree >= 9 * total,
        "{agree}/{total} agree; {disagreements:#?}"
    );
}

#[test]
fn the_seed_model_is_not_flagged() {
    let d = digits::<f32>().unwrap();
    let x = &d.x()[..256 * 64];
    for seed in 0..5 {
        let u = RandomUniform::new(-0.05, 0.05).unwrap();
        let mut m = Sequential::<f32>::new(64, seed);
        m.push(Dense::new(128, Activation::Relu).kernel_initializer(u))
            .unwrap();
        m.push(Dense::new(10, Activation::Softmax).kernel_initializer(u))
            .unwrap();
        let diag = m.diagnose(x).unwrap();
        assert_eq!(diag.verdict, Ok(()), "seed {seed}: {diag:#?}");
    }
}

#[test]
fn checks_run_in_order_symmetry_first() {
    let d = digits::<f64>().unwrap();
    let x = &d.x()[..64 * 64];
    // A zero kernel is dead and its signal vanishes, but the exact check speaks first.
    let mut m = Sequential::<f64>::new(64, 0);
    m.push(Dense::new(16, Activation::Relu).kernel_initializer(Zeros))
        .unwrap();
    m.push(Dense::new(10, Activation::Softmax)).unwrap();
    let v = m.diagnose(x).unwrap().verdict;
    assert!(
        matches!(v, Err(TrainabilityError::Symmetric { .. })),
        "{v:?}"
    );
    // Non-finite pre-activations: a weight too large for f32.
    let mut big = Sequential::<f32>::new(64, 0);
    big.push(Dense::new(16, Activation::Relu)).unwrap();
    big.push(Dense::new(10, Activation::Softmax)).unwrap();
    for row in big.layers_mut()[0].kernel_mut().chunks_exact_mut(16) {
        row[0] = 3e38;
    }
    let xf = &digits::<f32>().unwrap().x()[..64 * 64].to_vec();
    let v = big.diagnose(xf).unwrap().verdict;
    assert!(
        matches!(v, Err(TrainabilityError::NonFinite { layer: 0, .. })),
        "{v:?}"
    );
    // A layer whose every unit is dead on the batch, with non-zero weights:
    // negative biases larger than any input can overcome.
    let mut dead = Sequential::<f64>::new(64, 0);
    dead.push(Dense::new(16, Activation::Relu)).unwrap();
    dead.push(Dense::new(10, Activation::Softmax)).unwrap();
    dead.layers_mut()[0].bias_mut().fill(-100.0);
    let v = dead.diagnose(x).unwrap().verdict;
    assert!(
        matches!(v, Err(TrainabilityError::DeadLayer { layer: 0, .. })),
        "{v:?}"
    );
    let message = v.unwrap_err().to_string();
    assert!(
        message.contains("HeNormal") && message.contains("lsuv"),
        "{message}"
    );
}

#[test]
fn fit_returns_the_verdict_when_asked() {
    let (train, _) = digits::<f32>().unwrap().split(0.2, 0).unwrap();
    let probe = &train.x()[..256 * 64];
    let mut m = build("Normal1", 16, 0, probe).unwrap();
    m.compile(Loss::CategoricalCrossentropy, Sgd::default())
        .unwrap();
    let before = m.clone();
    let on = FitOptions::new(1).with_check_trainability(true);
    let err = m.fit(train.x(), train.labels(), &on).unwrap_err();
    assert!(matches!(err, NnError::Untrainable { .. }), "{err}");
    assert_eq!(m, before);
    let mut he = build("He", 4, 0, probe).unwrap();
    he.compile(Loss::CategoricalCrossentropy, Sgd::default())
        .unwrap();
    he.fit(train.x(), train.labels(), &on).unwrap();
}

#[test]
fn lsuv_errors_are_typed() {
    let x = [0.5f64, 1.0, 0.25, -1.0, 2.0, 0.0];
    let mut m = Sequential::<f64>::new(2, 0);
    m.push(Dense::new(3, Activation::Relu)).unwrap();
    m.push(Dense::new(2, Activation::Softmax)).unwrap();
    assert_eq!(
        lsuv(&mut m, &x[..2], &LsuvOptions::default()),
        Err(NnError::Lsuv {
            source: LsuvError::BatchTooSmall {
                samples: 1,
                needed: 2
            }
        })
    );
    // Zero inputs: every pre-activation is the zero bias, and no scale helps.
    let same = [0.0f64; 6];
    let err = lsuv(&mut m, &same, &LsuvOptions::default());
    assert!(
        matches!(
            err,
            Err(NnError::Lsuv {
                source: LsuvError::Unreachable { layer: 0, .. }
            })
        ),
        "{err:?}"
    );
    // Without a bias the variance is quadratic in the scale and one rescaling
    // reaches 1; random biases add variance that no scale removes in one step.
    let tight = LsuvOptions {
        tolerance: 1e-9,
        max_iterations: 1,
    };
    let mut m = Sequential::<f64>::new(2, 0);
    let b = RandomUniform::new(-3.0, 3.0).unwrap();
    m.push(Dense::new(3, Activation::Tanh).bias_initializer(b))
        .unwrap();
    m.push(Dense::new(2, Activation::Softmax)).unwrap();
    let x: Vec<f64> = (0..40).map(|i| f64::from(i % 7) - 3.0).collect();
    assert!(matches!(
        lsuv(&mut m, &x, &tight),
        Err(NnError::Lsuv {
            source: LsuvError::NoConvergence { .. }
        })
    ));
    let bad = LsuvOptions {
        tolerance: f64::NAN,
        max_iterations: 10,
    };
    assert!(matches!(
        lsuv(&mut m, &x, &bad),
        Err(NnError::InvalidHyperParameter {
            name: "tolerance",
            ..
        })
    ));
    let report = lsuv(&mut m, &x, &LsuvOptions::default()).unwrap();
    assert_eq!(report.layers.len(), 2);
    for l in &report.layers {
        assert!((l.variance_after - 1.0).abs() < 0.1, "{l:?}");
        assert!(l.iterations <= 10 && l.scale > 0.0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// `diagnose` and `diagnose_with_targets` change no weight, no optimizer
    /// state and no random stream, and measure the same twice.
    #[test]
    fn diagnose_changes_no_weight(
        seed in 0u64..1000,
        depth in 1usize..5,
        width in 1usize..9,
        n in 1usize..20,
        tanh in proptest::bool::ANY,
    ) {
        let act = if tanh { Activation::Tanh } else { Activation::Relu };
        let mut m = Sequential::<f64>::new(3, seed);
        for _ in 0..depth {
            m.push(Dense::new(width, act)).unwrap();
        }
        m.push(Dense::new(2, Activation::Softmax)).unwrap();
        m.compile(Loss::CategoricalCrossentropy, Sgd::default()).unwrap();
        let x: Vec<f64> = (0..3 * n)
            .map(|i| f64::from(u32::try_from((i * 37 + n) % 11).unwrap_or(0)) / 5.0 - 1.0)
            .collect();
        let y: Vec<usize> = (0..n).map(|i| i % 2).collect();
        let before = m.clone();
        let a = m.diagnose(&x).unwrap();
        prop_assert_eq!(&m, &before);
        let b = m.diagnose_with_targets(&x, &y[..]).unwrap();
        prop_assert_eq!(&m, &before);
        // NaN gains (0/0 after a dead layer) compare by their text.
        prop_assert_eq!(format!("{:?}", a.layers), format!("{:?}", b.layers));
        prop_assert!(b.loss_gradients.is_some());
    }
}
