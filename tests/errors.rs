//! Bad input gets a typed error and leaves the buffer untouched; good input gets
//! finite values inside the distribution's support; nothing panics.

// Exact comparisons are the point of these tests.
#![allow(clippy::float_cmp)]

use nninit::{
    Constant, FanMode, GlorotUniform, HeNormal, Init, InitError, Initializer, KaimingNormal,
    KaimingUniform, Nonlinearity, RandomNormal, RandomUniform, Real, ScalingDistribution, Shape,
    TorchDefault, TruncatedNormal, Truncation, VarianceScaling, XavierNormal, XavierUniform, Zeros,
};
use proptest::prelude::*;

/// Any `f64`, with the awkward ones (NaN, ±∞, ±0, subnormals, extremes) often.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => -10.0f64..10.0,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(0.0),
        1 => Just(-0.0),
        1 => Just(f64::MIN_POSITIVE / 4.0),
        1 => Just(f64::MAX),
        1 => Just(-f64::MAX),
        1 => Just(1e-300),
        1 => Just(1e300),
        2 => any::<f64>(),
    ]
}

fn any_mode() -> impl Strategy<Value = FanMode> {
    prop_oneof![
        Just(FanMode::FanIn),
        Just(FanMode::FanOut),
        Just(FanMode::FanAvg)
    ]
}

fn any_distribution() -> impl Strategy<Value = ScalingDistribution> {
    prop_oneof![
        Just(ScalingDistribution::Uniform),
        Just(ScalingDistribution::Normal),
        Just(ScalingDistribution::TruncatedNormal)
    ]
}

/// An initializer built from arbitrary parameters, or the constructor's error.
fn any_init() -> impl Strategy<Value = Result<Init, InitError>> {
    prop_oneof![
        any_f64().prop_map(|v| Constant::new(v).map(Init::from)),
        (any_f64(), any_f64()).prop_map(|(a, b)| RandomUniform::new(a, b).map(Init::from)),
        (any_f64(), any_f64()).prop_map(|(m, s)| RandomNormal::new(m, s).map(Init::from)),
        (any_f64(), any_f64(), any_f64(), any_f64())
            .prop_map(|(m, s, a, b)| { TruncatedNormal::torch(m, s, a, b).map(Init::from) }),
        (any_f64(), any_f64(), any_f64(), any_f64()).prop_map(|(m, s, a, b)| {
            TruncatedNormal::with_truncation(m, s, Truncation::Stddevs { lower: a, upper: b })
                .map(Init::from)
        }),
        (any_f64(), any_mode(), any_distribution())
            .prop_map(|(s, m, d)| VarianceScaling::new(s, m, d).map(Init::from)),
        any_f64().prop_map(|g| XavierUniform::new(g).map(Init::from)),
        any_f64().prop_map(|g| XavierNormal::new(g).map(Init::from)),
        (any_f64(), any_mode()).prop_map(|(a, m)| {
            KaimingUniform::new(a, m, Nonlinearity::LeakyRelu).map(Init::from)
        }),
        (any_f64(), any_mode()).prop_map(|(a, m)| {
            KaimingNormal::new(a, m, Nonlinearity::LeakyRelu).map(Init::from)
        }),
        Just(Ok(Init::from(GlorotUniform))),
        Just(Ok(Init::from(HeNormal))),
        Just(Ok(Init::from(TorchDefault))),
        Just(Ok(Init::from(Zeros))),
    ]
}

/// A shape of rank 0 to 5 with sides 0 to 8, in either layout.
fn any_shape() -> impl Strategy<Value = Shape> {
    (prop::collection::vec(0usize..=8, 0..=5), any::<bool>()).prop_map(|(dims, torch)| {
        if torch {
            Shape::from_torch(&dims)
        } else {
            Shape::from_keras(&dims)
        }
    })
}

/// The closed interval every value must lie in, as the initializer documents it.
fn support(init: &Init, shape: &Shape) -> (f64, f64) {
    let unbounded = (f64::NEG_INFINITY, f64::INFINITY);
    match init {
        Init::Constant(c) => (c.value(), c.value()),
        Init::Zeros(_) => (0.0, 0.0),
        Init::RandomUniform(u) => (u.min(), u.max()),
        Init::TruncatedNormal(t) => t.bounds(),
        Init::XavierUniform(x) => x.bound(shape).map_or(unbounded, |a| (-a, a)),
        Init::KaimingUniform(k) => k.bound(shape).map_or(unbounded, |a| (-a, a)),
        _ => unbounded,
    }
}

fn check_fill<T: Real + Into<f64>>(
    init: &Init,
    shape: &Shape,
    len_delta: i8,
    key: u64,
) -> Result<(), TestCaseError> {
    let len = shape
        .len()
        .saturating_add_signed(isize::from(len_delta))
        .min(100_000);
    let sentinel = T::from(1234.5).unwrap();
    let mut buf = vec![sentinel; len];
    match init.fill_keyed(&mut buf, shape, key) {
        Ok(()) => {
            prop_assert_eq!(len, shape.len());
            let (lo, hi) = support(init, shape);
            // Bounds rounded to T, as the fill does.
            let (lo, hi): (f64, f64) = (T::from(lo).unwrap().into(), T::from(hi).unwrap().into());
            for &v in &buf {
                let v: f64 = v.into();
                prop_assert!(v.is_finite(), "{init:?} on {shape}: {v}");
                prop_assert!(
                    v >= lo && v <= hi,
                    "{init:?} on {shape}: {v} outside [{lo}, {hi}]"
                );
            }
        }
        Err(e) => {
            prop_assert!(
                buf.iter().all(|&v| v == sentinel),
                "{init:?} wrote before {e}"
            );
            let msg = e.to_string();
            prop_assert!(!msg.is_empty() && !msg.ends_with('.'), "{msg}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn no_panic_and_nothing_written_on_error(
        init in any_init(),
        shape in any_shape(),
        len_delta in -3i8..=3,
        key in any::<u64>(),
    ) {
        if let Ok(init) = init {
            check_fill::<f32>(&init, &shape, len_delta, key)?;
            check_fill::<f64>(&init, &shape, len_delta, key)?;
        }
    }

    #[test]
    fn shards_out_of_range_are_rejected(offset in 0usize..200, len in 0usize..200) {
        let shape = Shape::dense(10, 10);
        let mut out = vec![7.0f32; len];
        let r = GlorotUniform.fill_at(&mut out, &shape, 1, offset);
        if offset + len <= 100 {
            prop_assert!(r.is_ok());
        } else {
            let is_shard_error = matches!(r, Err(InitError::ShardOutOfRange { .. }));
            prop_assert!(is_shard_error);
            prop_assert!(out.iter().all(|&v| v == 7.0));
        }
    }
}

#[test]
fn empty_tensors_are_ok_and_write_nothing() {
    for shape in [
        Shape::dense(0, 5),
        Shape::from_torch(&[0]),
        Shape::from_torch(&[4, 0, 3]),
        Shape::from_keras(&[3, 3, 0, 8]),
    ] {
        let mut buf: Vec<f32> = vec![];
        assert_eq!(
            GlorotUniform.fill_keyed(&mut buf, &shape, 0),
            Ok(()),
            "{shape}"
        );
        assert_eq!(
            TorchDefault.fill_keyed(&mut buf, &shape, 0),
            Ok(()),
            "{shape}"
        );
    }
}

#[test]
fn length_mismatch_names_both_lengths() {
    let shape = Shape::dense(784, 128);
    let mut buf = vec![0.0f32; 100];
    let err = GlorotUniform.fill_keyed(&mut buf, &shape, 0).unwrap_err();
    assert_eq!(
        err,
        InitError::LengthMismatch {
            len: 100,
            expected: 100_352,
            shape: "[784, 128] in Keras layout".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "the buffer holds 100 elements but the shape [784, 128] in Keras layout has 100352; \
         allocate `shape.len()` elements, or use `fill_at` to fill one shard"
    );
}

#[test]
fn constructor_errors_say_what_and_what_to_do() {
    let e = RandomNormal::new(0.0, -1.0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "stddev must be positive, but it is -1; pass a positive standard deviation"
    );
    let e = RandomUniform::new(0.5, -0.5).unwrap_err();
    assert!(matches!(e, InitError::EmptyRange { min, max, .. } if min == 0.5 && max == -0.5));
    assert!(e.to_string().contains("min must be less than max"));
    let e = Constant::new(f64::INFINITY).unwrap_err();
    assert_eq!(
        e.to_string(),
        "value must be a finite number, but it is inf; pass a finite value"
    );
    let e = XavierUniform::new(f64::NAN).unwrap_err();
    assert!(matches!(e, InitError::NonPositive { name: "gain", .. }));
}

#[test]
fn element_type_errors_are_reported_in_that_type() {
    let shape = Shape::dense(2, 2);
    let mut w32 = vec![0.0f32; 4];
    let mut w64 = vec![0.0f64; 4];
    let huge = Constant::new(1e300).unwrap();
    assert!(matches!(
        huge.fill_keyed(&mut w32, &shape, 0),
        Err(InitError::NotRepresentable { ty: "f32", .. })
    ));
    assert_eq!(huge.fill_keyed(&mut w64, &shape, 0), Ok(()));
    let narrow = RandomUniform::new(1.0, 1.0 + 1e-12).unwrap();
    assert!(matches!(
        narrow.fill_keyed(&mut w32, &shape, 0),
        Err(InitError::EmptyRange { ty: "f32", .. })
    ));
    assert_eq!(narrow.fill_keyed(&mut w64, &shape, 0), Ok(()));
    // 20σ out, the interval's mass (about 3e-89) is below f32's range: the fill
    // works it out in f64, and rounds only the values.
    let far = TruncatedNormal::torch(0.0, 1.0, 20.0, 21.0).unwrap();
    far.fill_keyed(&mut w32, &shape, 0).unwrap();
    assert!(w32.iter().all(|&x| (20.0..=21.0).contains(&x)));
    far.fill_keyed(&mut w64, &shape, 0).unwrap();
    assert!(w64.iter().all(|&x| (20.0..=21.0).contains(&x)));
    // Past 40σ the normal has no mass in f64 either.
    let beyond = TruncatedNormal::torch(0.0, 1.0, 45.0, 46.0).unwrap();
    for result in [
        beyond.fill_keyed(&mut w32, &shape, 0),
        beyond.fill_keyed(&mut w64, &shape, 0),
    ] {
        assert!(matches!(result, Err(InitError::NoMass { .. })));
    }
}

#[test]
fn gains_that_underflow_to_zero_are_rejected_when_built() {
    // A leaky ReLU slope whose square overflows makes the gain √(2 / (1 + a²)) zero:
    // rejected when built, whatever the nonlinearity, with the reason.
    for a in [1e200, -1e200, 1.35e154, f64::MAX] {
        for nl in [Nonlinearity::LeakyRelu, Nonlinearity::Relu] {
            let e = KaimingUniform::new(a, FanMode::FanIn, nl).unwrap_err();
            assert!(matches!(e, InitError::OutOfRange { name: "a", .. }), "{e}");
            assert!(e.to_string().contains("underflow to 0"), "{e}");
            let e = KaimingNormal::new(a, FanMode::FanOut, nl).unwrap_err();
            assert!(matches!(e, InitError::OutOfRange { name: "a", .. }), "{e}");
        }
    }
    // Just below, the gain is tiny but positive, and an f64 fill works.
    let shape = Shape::from_torch(&[8, 8]);
    let mut w = vec![0.0f64; 64];
    for a in [1.34e154, -1.34e154] {
        let k = KaimingUniform::new(a, FanMode::FanIn, Nonlinearity::LeakyRelu).unwrap();
        k.fill_keyed(&mut w, &shape, 1).unwrap();
        assert!(w.iter().all(|&x| x != 0.0 && x.abs() < 1e-150));
    }
    // Subnormal gains and scales would underflow the bound to 0.
    for tiny in [1e-320, f64::MIN_POSITIVE / 2.0] {
        for e in [
            XavierUniform::new(tiny).unwrap_err(),
            XavierNormal::new(tiny).unwrap_err(),
            VarianceScaling::new(tiny, FanMode::FanIn, ScalingDistribution::Uniform).unwrap_err(),
            nninit::Identity::new(tiny).unwrap_err(),
        ] {
            assert!(matches!(e, InitError::OutOfRange { .. }), "{e}");
            assert!(e.to_string().contains("subnormal"), "{e}");
        }
    }
    XavierUniform::new(f64::MIN_POSITIVE)
        .unwrap()
        .fill_keyed(&mut w, &shape, 2)
        .unwrap();
    assert!(w.iter().all(|&x| x != 0.0));
    // An identity gain that rounds to 0 in the element type would fill zeros.
    let id = nninit::Identity::new(1e-300).unwrap();
    let mut w32 = vec![0.0f32; 64];
    assert!(matches!(
        id.fill_keyed(&mut w32, &shape, 0),
        Err(InitError::NotRepresentable { ty: "f32", .. })
    ));
    id.fill_keyed(&mut w, &shape, 0).unwrap();
    assert_eq!(w[0], 1e-300);
}

proptest! {
    /// What a gain-taking constructor accepts fills in `f64` on any shape with
    /// non-zero fans, unless its values would overflow: no bound or deviation
    /// underflows to an empty range.
    #[test]
    fn accepted_gains_fill_in_f64(
        x in any_f64(),
        mode in any_mode(),
        dist in any_distribution(),
        which in 0u8..5,
        rows in 1usize..40,
        cols in 1usize..40,
    ) {
        let init: Result<Init, InitError> = match which {
            0 => KaimingUniform::new(x, mode, Nonlinearity::LeakyRelu).map(Init::from),
            1 => KaimingNormal::new(x, mode, Nonlinearity::LeakyRelu).map(Init::from),
            2 => XavierUniform::new(x).map(Init::from),
            3 => XavierNormal::new(x).map(Init::from),
            _ => VarianceScaling::new(x, mode, dist).map(Init::from),
        };
        if let Ok(init) = init {
            let shape = Shape::from_torch(&[rows, cols]);
            let mut w = vec![0.0f64; rows * cols];
            match init.fill_keyed(&mut w, &shape, 3) {
                Ok(()) => prop_assert!(w.iter().all(|v| v.is_finite() && *v != 0.0)),
                Err(e) => prop_assert!(
                    matches!(e, InitError::SampleOverflow { .. } | InitError::InfiniteRange { .. }),
                    "{:?}: {}", init, e
                ),
            }
        }
    }
}

#[test]
fn overflowing_shapes_are_errors_not_wraparounds() {
    let shape = Shape::from_torch(&[usize::MAX, 2]);
    let mut buf = vec![0.0f32; 4];
    assert!(matches!(
        GlorotUniform.fill_keyed(&mut buf, &shape, 0),
        Err(InitError::ShapeOverflow { .. })
    ));
}
