use super::*;
use crate::HeUniform;
use crate::nn::Adam;

/// A 3 → 5 → 2 tanh-softmax model, compiled with Adam.
pub(crate) fn model(seed: u64) -> Sequential<f64> {
    let mut m = Sequential::new(3, seed);
    m.push(Dense::new(5, Activation::Tanh).kernel_initializer(HeUniform))
        .unwrap();
    m.push(Dense::new(2, Activation::Softmax)).unwrap();
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .unwrap();
    m
}

/// The `Relu → Softmax` model of the issue: ReLU maps NaN to 0, so without the
/// input check `predict(&[NaN])` was `[0.5, 0.5]` and `evaluate` scored 1.0.
fn relu_softmax() -> Sequential<f32> {
    let mut m = Sequential::new(1, 0);
    m.push(Dense::new(2, Activation::Relu)).unwrap();
    m.push(Dense::new(2, Activation::Softmax).kernel_initializer(crate::Zeros))
        .unwrap();
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .unwrap();
    m
}

#[test]
fn non_finite_inputs_are_errors_that_name_the_sample_and_the_feature() {
    let mut m = relu_softmax();
    let before = m.clone();
    let nan = |what| NnError::NonFiniteInput {
        what,
        sample: 0,
        feature: 0,
        value: f64::NAN,
    };
    // NaN != NaN, so compare the messages.
    let same = |a: Result<(), NnError>, b: NnError| {
        assert_eq!(a.map_err(|e| e.to_string()), Err(b.to_string()));
    };
    same(m.predict(&[f32::NAN]).map(drop), nan("predict"));
    same(
        m.evaluate(&[f32::NAN], &[0usize][..]).map(drop),
        nan("evaluate"),
    );
    same(
        m.fit(&[f32::NAN], &[0usize][..], &crate::nn::FitOptions::new(1))
            .map(drop),
        nan("fit"),
    );
    same(
        m.train_on_batch(&[f32::NAN], &[0usize][..]).map(drop),
        nan("train_on_batch"),
    );
    same(
        m.gradients(&[f32::NAN], &[0usize][..]).map(drop),
        nan("gradients"),
    );
    assert_eq!(m, before);
    assert_eq!(m.steps(), 0);

    // Infinities too, in the last sample of a wider input.
    let mut wide = Sequential::<f64>::new(3, 0);
    wide.push(Dense::new(2, Activation::Linear)).unwrap();
    let mut x = vec![0.5; 3 * 300];
    x[3 * 299 + 2] = f64::NEG_INFINITY;
    assert_eq!(
        wide.predict(&x),
        Err(NnError::NonFiniteInput {
            what: "predict",
            sample: 299,
            feature: 2,
            value: f64::NEG_INFINITY
        })
    );
    x[3 * 299 + 2] = f64::MAX;
    assert_eq!(wide.predict(&x).unwrap().len(), 2 * 300);
}

proptest::proptest! {
    /// The first non-finite input in row-major order is the one reported.
    #[test]
    fn the_first_non_finite_input_is_reported(
        d in 1usize..6,
        n in 1usize..40,
        picks in proptest::collection::vec((0usize..240, 0usize..3), 1..4),
    ) {
        let mut m = Sequential::<f64>::new(d, 1);
        m.push(Dense::new(2, Activation::Softmax)).unwrap();
        m.compile(Loss::CategoricalCrossentropy, Adam::default()).unwrap();
        let mut x: Vec<f64> = (0..n * d)
            .map(|i| u8::try_from(i % 7).map_or(0.0, f64::from) - 3.0)
            .collect();
        let bad = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
        for &(at, which) in &picks {
            x[at % (n * d)] = bad[which];
        }
        let first = x.iter().position(|v| !v.is_finite()).unwrap();
        let labels = vec![1usize; n];
        for err in [m.predict(&x).map(drop), m.evaluate(&x, &labels).map(drop)] {
            match err {
                Err(NnError::NonFiniteInput { sample, feature, value, .. }) => {
                    proptest::prop_assert_eq!((sample, feature), (first / d, first % d));
                    proptest::prop_assert_eq!(value.to_bits(), x[first].to_bits());
                }
                other => proptest::prop_assert!(false, "{:?}", other),
            }
        }
    }
}

#[test]
fn boxed_and_borrowed_initializers_fill_as_the_one_they_hold() {
    let boxed: Box<dyn Initializer<f64>> = Box::new(HeUniform);
    let mut a = Sequential::<f64>::new(6, 3);
    a.push(Dense::new(5, Activation::Relu).kernel_initializer(boxed))
        .unwrap();
    let mut b = Sequential::<f64>::new(6, 3);
    b.push(Dense::new(5, Activation::Relu).kernel_initializer(&HeUniform))
        .unwrap();
    let mut c = Sequential::<f64>::new(6, 3);
    c.push(Dense::new(5, Activation::Relu).kernel_initializer(HeUniform))
        .unwrap();
    assert_eq!(a, c);
    assert_eq!(b, c);
}

#[test]
fn distinct_units_of_16000_units_take_milliseconds() {
    // Comparing every pair of units took seconds here; the hash partition of
    // `tied_groups` takes milliseconds, even at opt-level 1.
    let units = 16_000;
    let mut m = Sequential::<f32>::new(4, 0);
    m.push(Dense::new(units, Activation::Relu).kernel_initializer(HeUniform))
        .unwrap();
    m.push(Dense::new(2, Activation::Softmax)).unwrap();
    let start = std::time::Instant::now();
    assert_eq!(m.distinct_units(0), Ok(units));
    let distinct = start.elapsed();
    // Tie unit 2k + 1 to unit 2k: the same column, bias and outgoing row.
    for row in m.layers_mut()[0].kernel_mut().chunks_exact_mut(units) {
        for pair in row.chunks_exact_mut(2) {
            pair[1] = pair[0];
        }
    }
    for pair in m.layers_mut()[1].kernel_mut().chunks_exact_mut(4) {
        pair.copy_within(0..2, 2);
    }
    let start = std::time::Instant::now();
    assert_eq!(m.distinct_units(0), Ok(units / 2));
    let paired = start.elapsed();
    assert!(
        distinct + paired < std::time::Duration::from_millis(500),
        "{distinct:?} and {paired:?}"
    );
}

#[test]
fn distinct_units_take_negative_zero_as_zero_as_tied_groups_does() {
    let mut m = Sequential::<f64>::new(2, 0);
    m.push(Dense::new(3, Activation::Tanh)).unwrap();
    m.push(Dense::new(1, Activation::Linear)).unwrap();
    // Kernel [2][3]: units 0 and 1 differ only in the sign of a zero weight,
    // a zero bias and a zero outgoing weight; unit 2 differs in value.
    m.layers_mut()[0]
        .kernel_mut()
        .copy_from_slice(&[0.5, 0.5, 0.5, 0.0, -0.0, 0.25]);
    m.layers_mut()[0]
        .bias_mut()
        .copy_from_slice(&[-0.0, 0.0, 0.0]);
    m.layers_mut()[1]
        .kernel_mut()
        .copy_from_slice(&[0.0, -0.0, 1.0]);
    let groups = tied_groups(&m.layer_views(), 0).unwrap();
    assert_eq!(groups, vec![vec![0, 1], vec![2]]);
    assert_eq!(m.distinct_units(0), Ok(groups.len()));
    assert_eq!(m.distinct_units(1), Ok(1));
    m.layers_mut()[1].kernel_mut()[0] = f64::NAN;
    assert_eq!(
        m.distinct_units(0),
        Err(SymmetricInitError::NonFiniteParameter {
            layer: 1,
            tensor: "kernel",
            index: 0
        })
    );
}

#[test]
fn layer_views_borrow_the_weights() {
    let m = model(3);
    let v = m.layer_views();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].kernel, m.layers()[0].kernel());
    assert_eq!(v[0].bias, m.layers()[0].bias());
    assert_eq!((v[0].fan_in, v[0].units), (3, 5));
    assert_eq!(v[0].activation, crate::Nonlinearity::Tanh);
    assert_eq!(v[1].activation, crate::Nonlinearity::Linear);
    assert_eq!((v[1].fan_in, v[1].units), (5, 2));
    assert!(std::ptr::eq(v[1].kernel, m.layers()[1].kernel()));
}

#[test]
fn predict_and_evaluate_run_in_chunks() {
    let mut m = model(4);
    let n = 2 * EVAL_ROWS + 3;
    let x: Vec<f64> = (0..3 * n)
        .map(|i| f64::from(u32::try_from(i % 11).unwrap()))
        .collect();
    let y: Vec<usize> = (0..n).map(|i| i % 2).collect();
    let all = m.predict(&x).unwrap();
    assert_eq!(all.len(), 2 * n);
    let one = m.predict(&x[3 * (n - 1)..]).unwrap();
    assert_eq!(&all[2 * (n - 1)..], &one[..]);
    let e = m.evaluate(&x, &y).unwrap();
    let mut loss = 0.0;
    let mut right = 0;
    for i in 0..n {
        let p = &all[2 * i..2 * i + 2];
        loss -= p[y[i]].ln();
        right += usize::from((p[1] > p[0]) == (y[i] == 1));
    }
    assert!((e.loss - loss / count::<f64>(n)).abs() < 1e-12);
    assert_eq!(e.accuracy, ratio(right, n));
}
