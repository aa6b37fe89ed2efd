use super::*;
use crate::nn::sequential::tests::model;
use crate::nn::{Activation, Adam, Dense, Sgd};
use crate::{Constant, Zeros};

#[test]
fn a_seed_fixes_the_weights_and_the_run() {
    let x: Vec<f64> = (0..30).map(|i| f64::from(i % 7) / 7.0).collect();
    let y: Vec<usize> = (0..10).map(|i| i % 2).collect();
    let (mut a, mut b, mut c) = (model(5), model(5), model(6));
    assert_eq!(a, b);
    assert_ne!(a.layers(), c.layers());
    let ha = a
        .fit(&x, &y, &FitOptions::new(3).with_batch_size(4))
        .unwrap();
    let hb = b
        .fit(&x, &y, &FitOptions::new(3).with_batch_size(4))
        .unwrap();
    let hc = c
        .fit(&x, &y, &FitOptions::new(3).with_batch_size(4))
        .unwrap();
    assert_eq!(ha, hb);
    assert_eq!(a, b);
    assert_ne!(ha, hc);
}

#[test]
fn a_huge_epoch_count_reaches_the_first_step() {
    // Reserving the history for usize::MAX epochs must neither overflow nor
    // abort; the NaN targets then stop the run at its first step.
    let x = vec![0.5; 33];
    let y = vec![f64::NAN; 22];
    let mut m = model(7);
    let options = FitOptions::new(usize::MAX)
        .with_batch_size(4)
        .with_record_steps(true);
    assert!(matches!(
        m.fit(&x, &y, &options.with_check_symmetry(false)),
        Err(NnError::NonFiniteLoss { step: 0, .. })
    ));
}

#[test]
fn history_records_epochs_and_steps_consistently() {
    let x: Vec<f64> = (0..33).map(|i| f64::from(i % 5) / 5.0).collect();
    let y: Vec<usize> = (0..11).map(|i| i % 2).collect();
    let mut m = model(7);
    let h = m
        .fit(
            &x,
            &y,
            &FitOptions::new(3)
                .with_batch_size(4)
                .with_record_steps(true),
        )
        .unwrap();
    // 11 samples in batches of 4: steps of 4, 4 and 3 samples per epoch.
    assert_eq!(
        (h.loss.len(), h.step_loss.len(), h.step_accuracy.len()),
        (3, 9, 9)
    );
    assert_eq!(m.steps(), 9);
    for e in 0..3 {
        let s = &h.step_loss[3 * e..3 * e + 3];
        let weighted = (4.0 * s[0] + 4.0 * s[1] + 3.0 * s[2]) / 11.0;
        assert!((h.loss[e] - weighted).abs() < 1e-12);
        let a = &h.step_accuracy[3 * e..3 * e + 3];
        let right = (4.0 * a[0] + 4.0 * a[1] + 3.0 * a[2]).round();
        assert_eq!(h.accuracy[e], right / 11.0);
    }
    // Without shuffling the batches are the samples in order.
    let mut a = model(7);
    let mut b = model(7);
    let ha = a
        .fit(
            &x,
            &y,
            &FitOptions::new(1).with_batch_size(4).with_shuffle(false),
        )
        .unwrap();
    let hb = b
        .fit(&x, &y, &FitOptions::new(1).with_batch_size(4))
        .unwrap();
    assert_ne!(a, b);
    let mut c = model(7);
    for start in [0, 4, 8] {
        let end = (start + 4).min(11);
        c.train_on_batch(&x[3 * start..3 * end], &y[start..end])
            .unwrap();
    }
    assert_eq!(a.layers(), c.layers());
    assert_ne!(ha, hb);
    assert!(m.fit(&x, &y, &FitOptions::new(0)).unwrap().loss.is_empty());
}

#[test]
fn errors_leave_the_model_unchanged() {
    let mut m = model(1);
    let before = m.clone();
    let x = [0.0; 6];
    assert!(matches!(
        m.fit(&x[..5], &[0usize, 1][..], &FitOptions::new(1)),
        Err(NnError::DimensionMismatch { .. })
    ));
    assert_eq!(
        m.fit(&[], &[0usize; 0][..], &FitOptions::new(1)),
        Err(NnError::EmptyBatch { what: "fit" })
    );
    assert!(matches!(
        m.fit(&x, &[0usize][..], &FitOptions::new(1)),
        Err(NnError::DimensionMismatch {
            what: "the labels",
            ..
        })
    ));
    assert!(matches!(
        m.fit(&x, &[0usize, 2][..], &FitOptions::new(1)),
        Err(NnError::LabelOutOfRange { .. })
    ));
    assert!(matches!(
        m.fit(&x, &[0usize, 1][..], &FitOptions::new(1).with_batch_size(0)),
        Err(NnError::InvalidHyperParameter {
            name: "batch_size",
            ..
        })
    ));
    assert!(matches!(
        m.fit(&x, &[0.0; 5][..], &FitOptions::new(1)),
        Err(NnError::DimensionMismatch {
            what: "the targets",
            ..
        })
    ));
    assert_eq!(m, before);
    assert!(matches!(
        m.push(Dense::new(2, Activation::Relu)),
        Err(NnError::SoftmaxNotLast { .. })
    ));
    let mut fresh = Sequential::<f64>::new(2, 0);
    assert!(matches!(
        fresh.push(Dense::new(
            2,
            Activation::LeakyRelu {
                negative_slope: f64::NAN
            }
        )),
        Err(NnError::InvalidHyperParameter { .. })
    ));
    assert!(matches!(
        fresh.fit(&[1.0, 2.0], &[0usize][..], &FitOptions::new(1)),
        Err(NnError::NotReady { .. })
    ));
    assert!(fresh.layers().is_empty());
}

#[test]
fn non_finite_loss_and_gradient_stop_before_the_update() {
    let mut m = model(2);
    let before = m.clone();
    let x = [0.0, 1.0, 2.0];
    assert!(matches!(
        m.train_on_batch(&x, &[f64::NAN, 1.0][..]),
        Err(NnError::NonFiniteLoss { step: 0, .. })
    ));
    assert_eq!(m, before);

    // A finite loss whose backpropagated gradient overflows: the hidden
    // layer's output is 0, but 1e200 flows back through the second kernel
    // and meets an input of 1e200.
    let mut m = Sequential::<f64>::new(1, 0);
    m.push(Dense::new(1, Activation::Linear)).unwrap();
    m.push(Dense::new(2, Activation::Softmax)).unwrap();
    m.compile(Loss::CategoricalCrossentropy, Sgd::default())
        .unwrap();
    m.layers_mut()[0].kernel_mut()[0] = 0.0;
    m.layers_mut()[1]
        .kernel_mut()
        .copy_from_slice(&[1e200, -1e200]);
    let before = m.clone();
    let err = m.train_on_batch(&[1e200], &[0.0, 1.0][..]);
    assert!(
        matches!(
            err,
            Err(NnError::NonFiniteGradient {
                layer: 0,
                param: "kernel",
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(m, before);
}

#[test]
fn symmetry_check_and_opt_out() {
    let c = Constant::new(0.1).unwrap();
    let mut m = Sequential::<f32>::new(4, 0);
    m.push(Dense::new(6, Activation::Relu).kernel_initializer(c))
        .unwrap();
    m.push(Dense::new(3, Activation::Softmax).kernel_initializer(Zeros))
        .unwrap();
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .unwrap();
    let x = [0.5f32; 8];
    let y = [0usize, 2];
    assert_eq!(
        m.fit(&x, &y[..], &FitOptions::new(1)),
        Err(NnError::SymmetricInit {
            source: crate::SymmetricInitError::TiedUnits {
                layer: 0,
                first: 0,
                second: 1,
                distinct: 1,
                units: 6
            }
        })
    );
    assert_eq!(m.steps(), 0);
    let h = m
        .fit(&x, &y[..], &FitOptions::new(2).with_check_symmetry(false))
        .unwrap();
    assert_eq!(h.loss.len(), 2);
    assert_eq!(m.distinct_units(0), Ok(1));
    // The output layer is not checked, even when its units are equal.
    let mut out = Sequential::<f32>::new(4, 0);
    out.push(Dense::new(3, Activation::Softmax).kernel_initializer(Zeros))
        .unwrap();
    // Nor are its units ever tied: each sees its own target.
    assert_eq!(out.distinct_units(0), Ok(3));
    assert!(out.check_symmetry().is_ok());
}
