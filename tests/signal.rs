//! The mean-field forecast (`nninit::signal`): its critical points, its fixed
//! points, the numbers the guide quotes, and a forecast against the measured
//! variance and gradient of wide random networks built with nninit's own fills.
// Exact critical points (ReLU at 2, tanh at 1) are asserted exactly on purpose;
// the formulas keep the papers' one-letter names.
#![allow(clippy::float_cmp, clippy::many_single_char_names)]

use nninit::signal::{CRITICAL_TOLERANCE, LayerSpec, MeanField, Phase, forecast};
use nninit::{
    Constant, Dirac, FanMode, GlorotUniform, HeNormal, HeUniform, Identity, Init, InitError,
    Initializer, KaimingUniform, LecunNormal, Nonlinearity, Ones, Orthogonal, RandomNormal,
    RandomUniform, ScalingDistribution, Shape, Sparse, TorchDefault, TruncatedNormal,
    VarianceScaling, Zeros, gain,
};
use proptest::prelude::*;

/// The `σ_w²` at which `χ₁ = 1`, by bisection on `[lo, hi]` (`χ₁` increases with `σ_w²`).
fn critical_sigma_w2(nl: Nonlinearity, sigma_b2: f64, lo: f64, hi: f64) -> f64 {
    let (mut lo, mut hi) = (lo, hi);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if MeanField::new(nl, mid, sigma_b2).unwrap().chi_1() < 1.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[test]
fn relu_at_he_is_exactly_critical() {
    let he = MeanField::new(Nonlinearity::Relu, 2.0, 0.0).unwrap();
    assert_eq!(he.chi_1(), 1.0);
    assert_eq!(he.phase(), Phase::Critical);
    assert_eq!(he.variance_gain(), Some(1.0));
    // Every q is a fixed point; q_star is where the iteration starts.
    assert_eq!(he.q_star(), 1.0);
    assert_eq!(he.variance_map(7.0), 7.0);
    // Either side of 2, the phase turns and the fixed point leaves.
    let below = MeanField::new(Nonlinearity::Relu, 1.9, 0.0).unwrap();
    assert!(matches!(below.phase(), Phase::Ordered { .. }));
    assert_eq!(below.q_star(), 0.0);
    let above = MeanField::new(Nonlinearity::Relu, 2.1, 0.0).unwrap();
    assert!(matches!(above.phase(), Phase::Chaotic { .. }));
    assert_eq!(above.q_star(), f64::INFINITY);
    // A bias at He: still critical, but the variance grows by σ_b² a layer.
    let biased = MeanField::new(Nonlinearity::Relu, 2.0, 0.1).unwrap();
    assert_eq!((biased.chi_1(), biased.q_star()), (1.0, f64::INFINITY));
    // He's kernels, read from the initializers themselves.
    let shape = Shape::dense(1024, 1024);
    for init in [
        Init::from(HeNormal),
        HeUniform.into(),
        KaimingUniform::default().into(),
    ] {
        let mf = MeanField::of(&init, &shape, Nonlinearity::Relu, &Zeros).unwrap();
        assert_eq!(mf.phase(), Phase::Critical, "{init}");
    }
}

#[test]
fn leaky_relu_is_critical_at_its_gain_squared() {
    for slope in [
        None,
        Some(0.0),
        Some(0.1),
        Some(0.2),
        Some(0.5),
        Some(1.0),
        Some(3.0),
    ] {
        let g = gain(Nonlinearity::LeakyRelu, slope).unwrap();
        let mf = MeanField::with_param(Nonlinearity::LeakyRelu, slope, g * g, 0.0).unwrap();
        assert!(
            (mf.chi_1() - 1.0).abs() <= 4.0 * f64::EPSILON,
            "{slope:?}: {}",
            mf.chi_1()
        );
        assert_eq!(mf.phase(), Phase::Critical, "{slope:?}");
        // And the bisection on χ₁ finds it.
        let s = slope.unwrap_or(0.01);
        assert!((2.0 / (1.0 + s * s) - g * g).abs() < 1e-15);
        let off = MeanField::with_param(Nonlinearity::LeakyRelu, slope, 1.01 * g * g, 0.0).unwrap();
        assert!(matches!(off.phase(), Phase::Chaotic { .. }));
    }
    assert!(matches!(
        MeanField::with_param(Nonlinearity::LeakyRelu, Some(f64::NAN), 2.0, 0.0),
        Err(InitError::NonFinite { .. })
    ));
}

#[test]
fn tanh_without_bias_is_critical_at_unit_weight_variance() {
    let tanh = MeanField::new(Nonlinearity::Tanh, 1.0, 0.0).unwrap();
    assert_eq!(tanh.chi_1(), 1.0);
    assert_eq!(tanh.q_star(), 0.0);
    assert_eq!(tanh.phase(), Phase::Critical);
    let ordered = MeanField::new(Nonlinearity::Tanh, 0.99, 0.0).unwrap();
    assert_eq!(ordered.phase(), Phase::from_chi(0.99).unwrap());
    let chaotic = MeanField::new(Nonlinearity::Tanh, 1.01, 0.0).unwrap();
    assert!(chaotic.q_star() > 0.0);
    assert!(matches!(chaotic.phase(), Phase::Chaotic { .. }));
    // Above σ_w² = 1 the fixed point leaves 0 with σ_w² − 1 and takes back the
    // first-order gain: χ₁ = 1 + O((σ_w² − 1)²), so χ₁'s crossing of 1 is found
    // only to about √ε.
    let w = critical_sigma_w2(Nonlinearity::Tanh, 0.0, 0.5, 2.0);
    assert!((w - 1.0).abs() < 1e-7, "{w}");
    // PyTorch's gain, 5/3, squared: chaotic.
    let gain2 = MeanField::new(Nonlinearity::Tanh, 25.0 / 9.0, 0.0).unwrap();
    assert!((gain2.chi_1() - 1.2098).abs() < 5e-5, "{}", gain2.chi_1());
    assert!((gain2.phase().depth_scale() - 5.25).abs() < 5e-3);
}

/// The tanh critical line in docs/trainability.md, to the digits printed there.
/// At `σ_b² = 0.05` it is Schoenholz et al.'s and Pennington et al.'s `σ_w² ≈ 1.76`.
#[test]
fn tanh_critical_line_is_the_guides() {
    for (sigma_b2, sigma_w2, q_star) in [
        (0.01, 1.4242, 0.2733),
        (0.05, 1.7610, 0.5700),
        (0.1, 1.9861, 0.8058),
        (0.5, 2.8432, 1.9710),
        (1.0, 3.4432, 3.0364),
    ] {
        let w = critical_sigma_w2(Nonlinearity::Tanh, sigma_b2, 0.5, 6.0);
        assert!((w - sigma_w2).abs() < 5e-5, "σ_b² = {sigma_b2}: σ_w² = {w}");
        let q = MeanField::new(Nonlinearity::Tanh, w, sigma_b2)
            .unwrap()
            .q_star();
        assert!((q - q_star).abs() < 5e-5, "σ_b² = {sigma_b2}: q* = {q}");
    }
}

/// The frameworks' defaults as the guide places them on the phase diagram.
#[test]
fn the_guides_numbers() {
    // PyTorch's nn.Linear default: fan_in·Var(W) = 1/3, so ReLU shrinks 6×.
    let shape = Shape::from_torch(&[512, 512]);
    let torch = MeanField::of(&TorchDefault, &shape, Nonlinearity::Relu, &Zeros).unwrap();
    assert!((torch.sigma_w2() - 1.0 / 3.0).abs() < 1e-15);
    assert!((torch.variance_gain().unwrap() - 1.0 / 6.0).abs() < 1e-15);
    assert!((torch.phase().depth_scale() - 0.558).abs() < 5e-4);
    // With its bias U(±1/√fan_in): σ_b² = 1/(3·fan_in), q* = σ_b²/(1 − 1/6).
    let bias = Init::from(TorchDefault::bias(&shape).unwrap());
    let torch = MeanField::of(&TorchDefault, &shape, Nonlinearity::Relu, &bias).unwrap();
    assert!((torch.q_star() - 2.0 / (5.0 * 512.0)).abs() < 1e-15);
    // Keras's RandomUniform(±0.05): σ_w² = fan_in/1200, critical for ReLU only at
    // fan_in = 2400.
    for (fan_in, sigma_w2) in [(128, 0.1067), (1024, 0.8533), (2400, 2.0), (4096, 3.4133)] {
        let mf = MeanField::of(
            &RandomUniform::default(),
            &Shape::dense(fan_in, 64),
            Nonlinearity::Relu,
            &Zeros,
        )
        .unwrap();
        assert!(
            (mf.sigma_w2() - sigma_w2).abs() < 5e-5,
            "{fan_in}: {}",
            mf.sigma_w2()
        );
    }
    // tanh near Schoenholz et al.'s point, and at He's and at the gain's σ_w².
    let near = MeanField::new(Nonlinearity::Tanh, 1.76, 0.05).unwrap();
    assert!((near.q_star() - 0.5695).abs() < 5e-5 && (near.chi_1() - 0.9998).abs() < 5e-5);
    assert!((near.phase().depth_scale() / 4.9e3 - 1.0).abs() < 0.01);
    let he = MeanField::new(Nonlinearity::Tanh, 2.0, 0.0).unwrap();
    assert!((he.chi_1() - 1.106).abs() < 5e-4 && (he.phase().depth_scale() - 10.0).abs() < 0.05);
    let torch_tanh = MeanField::new(Nonlinearity::Tanh, 1.0 / 3.0, 0.0).unwrap();
    assert!((torch_tanh.phase().depth_scale() - 0.91).abs() < 5e-3);
    // The gain table's rule for tanh, σ_w² = 1/E[tanh(z)²] = 1.5925² ≈ 2.54, is
    // chaotic too; the critical σ_w² reaches 25/9 at σ_b² ≈ 0.46.
    let rule = MeanField::new(Nonlinearity::Tanh, 1.0, 0.0)
        .unwrap()
        .variance_map(1.0);
    assert!((1.0 / rule - 2.536).abs() < 5e-4, "{}", 1.0 / rule);
    assert!(matches!(
        MeanField::new(Nonlinearity::Tanh, 1.0 / rule, 0.0)
            .unwrap()
            .phase(),
        Phase::Chaotic { .. }
    ));
    let w = critical_sigma_w2(Nonlinearity::Tanh, 0.46, 0.5, 6.0);
    assert!((w - 25.0 / 9.0).abs() < 0.01, "{w}");
    // SELU with LeCun's σ_w² = 1: q* = 1, slightly chaotic.
    let selu = MeanField::new(Nonlinearity::Selu, 1.0, 0.0).unwrap();
    assert!((selu.q_star() - 1.0).abs() < 1e-6);
    assert!((selu.chi_1() - 1.0716).abs() < 5e-5, "{}", selu.chi_1());
    // GELU and SiLU at He's σ_w² = 2: the variance decays to 0 (V(q) < q).
    for (nl, v1) in [(Nonlinearity::Gelu, 0.8504), (Nonlinearity::Silu, 0.7116)] {
        let mf = MeanField::new(nl, 2.0, 0.0).unwrap();
        assert_eq!((mf.q_star(), mf.chi_1()), (0.0, 0.5));
        assert!((mf.variance_map(1.0) - v1).abs() < 5e-5, "{nl:?}");
        // At their gain², q = 1 is a fixed point, and an unstable one.
        let g = gain(nl, None).unwrap();
        let mf = MeanField::new(nl, g * g, 0.0).unwrap();
        assert_eq!(mf.q_star(), 1.0);
        assert!(
            mf.variance_map(1.1) > 1.1 && mf.variance_map(0.9) < 0.9,
            "{nl:?}"
        );
        assert!((mf.chi_1() - 1.07).abs() < 5e-3, "{nl:?}: {}", mf.chi_1());
        let sigma_w2 = if nl == Nonlinearity::Gelu { 2.35 } else { 2.81 };
        assert!((g * g - sigma_w2).abs() < 5e-3);
    }
    // Twenty tanh layers at σ_w² = 1 from unit inputs: the gradient's squared norm
    // falls to 3.6 % (a power law), against 3.8·10⁻⁷ at σ_w² = 1/2.
    let layer = LayerSpec::new(
        GlorotUniform,
        Zeros,
        Shape::dense(256, 256),
        Nonlinearity::Tanh,
    );
    let f = forecast(&[layer; 20], 1.0).unwrap();
    assert!(
        (f.gradient_gain - 0.0360).abs() < 5e-4,
        "{}",
        f.gradient_gain
    );
    let half = LayerSpec {
        init: RandomNormal::new(0.0, (0.5f64 / 256.0).sqrt())
            .unwrap()
            .into(),
        ..layer
    };
    let f = forecast(&[half; 20], 1.0).unwrap();
    assert!(
        (f.gradient_gain / 3.787e-7 - 1.0).abs() < 1e-3,
        "{}",
        f.gradient_gain
    );
}

#[test]
fn fixed_points_satisfy_the_variance_map() {
    for nl in Nonlinearity::ALL {
        for sigma_w2 in [0.3, 0.9, 1.0, 1.3, 2.0, 3.5] {
            for sigma_b2 in [0.0, 1e-3, 0.05, 1.0] {
                let mf = MeanField::new(nl, sigma_w2, sigma_b2).unwrap();
                let q = mf.q_star();
                let v = mf.variance_map(q);
                if q.is_finite() && q > 0.0 && mf.variance_gain() != Some(1.0) {
                    assert!(
                        (v - q).abs() <= 1e-12 * q,
                        "{nl:?} {sigma_w2} {sigma_b2}: V({q}) = {v}"
                    );
                } else if q == 0.0 {
                    assert_eq!(v, 0.0, "{nl:?} {sigma_w2} {sigma_b2}");
                } else if q.is_infinite() {
                    // The map grows without bound: V(q) > q far out.
                    assert!(mf.variance_map(1e6) > 1e6, "{nl:?} {sigma_w2} {sigma_b2}");
                }
                // χ₁ is the gradient factor at the fixed point.
                assert_eq!(mf.chi(q), mf.chi_1());
                assert_eq!(mf.phase(), Phase::from_chi(mf.chi_1()).unwrap());
            }
        }
    }
}

/// The quadrature behind tanh, SELU, GELU and SiLU against closed forms, through
/// the public maps: SELU's moments from `E[e^{tz}·1{z<0}] = e^{t²/2}·Φ(−t)`, and
/// GELU's second moment `E[u²Φ(u)²] = q/4 + q/(2π)·(arcsin(q/(1+q)) +
/// 2q/((1+q)√(1+2q)))` for `u ~ N(0, q)`.
#[test]
fn quadrature_agrees_with_closed_forms() {
    let phi = |x: f64| 0.5 * libm::erfc(-x / 2f64.sqrt());
    let m = |t: f64| (0.5 * t * t).exp() * phi(-t);
    let (l, a) = (1.050_700_987_355_480_5, 1.673_263_242_354_377_3);
    let selu = MeanField::new(Nonlinearity::Selu, 1.0, 0.0).unwrap();
    let pi = core::f64::consts::PI;
    let gelu = MeanField::new(Nonlinearity::Gelu, 1.0, 0.0).unwrap();
    for q in [0.1, 0.7, 1.0, 2.5, 6.0] {
        let r: f64 = f64::sqrt(q);
        let second = l * l * q / 2.0 + l * l * a * a * (m(2.0 * r) - 2.0 * m(r) + 0.5);
        assert!(
            (selu.variance_map(q) - second).abs() < 1e-12 * second,
            "SELU q = {q}"
        );
        let slope = l * l / 2.0 + l * l * a * a * m(2.0 * r);
        assert!((selu.chi(q) - slope).abs() < 1e-12 * slope, "SELU′ q = {q}");
    }
    for q in [1e-6, 0.01, 1.0, 3.0, 100.0, 1e4, 1e8] {
        let want = q / 4.0
            + q / (2.0 * pi)
                * ((q / (1.0 + q)).asin() + 2.0 * q / ((1.0 + q) * (1.0 + 2.0 * q).sqrt()));
        assert!(
            (gelu.variance_map(q) - want).abs() < 1e-12 * want,
            "GELU q = {q}"
        );
    }
    // ReLU's arc-cosine kernel and its slope at 1, χ₁.
    let relu = MeanField::new(Nonlinearity::Relu, 2.0, 0.0).unwrap();
    for c in [-1.0f64, -0.5, 0.0, 0.5, 0.9] {
        let want = ((1.0 - c * c).sqrt() + (pi - f64::acos(c)) * c) / pi;
        assert!((relu.correlation_map(c) - want).abs() < 1e-15, "c = {c}");
    }
    // Tanh's correlation map is odd without bias and tends to the identity near 1
    // with slope χ₁.
    let tanh = MeanField::new(Nonlinearity::Tanh, 1.76, 0.05).unwrap();
    let h = 1e-4;
    let slope = (tanh.correlation_map(1.0) - tanh.correlation_map(1.0 - h)) / h;
    assert!(
        (slope - tanh.chi_1()).abs() < 1e-3,
        "{slope} vs {}",
        tanh.chi_1()
    );
}

#[test]
fn mean_field_of_reads_the_initializers() {
    // Orthogonal: σ_w² = gain²·fan_in/max(rows, cols).
    let o = Orthogonal::new(1.5).unwrap();
    let square = MeanField::of(&o, &Shape::dense(256, 256), Nonlinearity::Tanh, &Zeros).unwrap();
    assert!((square.sigma_w2() - 2.25).abs() < 1e-15);
    let wide = MeanField::of(
        &o,
        &Shape::from_torch(&[512, 128]),
        Nonlinearity::Tanh,
        &Zeros,
    )
    .unwrap();
    assert!((wide.sigma_w2() - 2.25 * 128.0 / 512.0).abs() < 1e-15);
    // Sparse: the kept share of std².
    let sparse = Sparse::new(0.25, 0.1).unwrap();
    let mf = MeanField::of(
        &sparse,
        &Shape::from_torch(&[100, 400]),
        Nonlinearity::Relu,
        &Zeros,
    )
    .unwrap();
    assert!((mf.sigma_w2() - 400.0 * 0.01 * 0.75).abs() < 1e-13);
    // A variance-scaling kernel in any distribution: σ_w² = scale for fan_in.
    for dist in [
        ScalingDistribution::Normal,
        ScalingDistribution::TruncatedNormal,
        ScalingDistribution::Uniform,
    ] {
        let v = VarianceScaling::new(1.76, FanMode::FanIn, dist).unwrap();
        let bias = RandomNormal::new(0.0, 0.05f64.sqrt()).unwrap();
        let mf = MeanField::of(
            &v,
            &Shape::from_keras(&[3, 3, 64, 32]),
            Nonlinearity::Tanh,
            &bias,
        )
        .unwrap();
        assert!((mf.sigma_w2() - 1.76).abs() < 1e-14, "{dist:?}");
        assert!((mf.sigma_b2() - 0.05).abs() < 1e-16);
        // Near the critical σ_w² = 1.76096 for σ_b² = 0.05.
        assert!(
            (mf.chi_1() - 1.0).abs() < 1e-3,
            "{dist:?}: χ₁ = {}",
            mf.chi_1()
        );
    }
    // A constant bias counts by its square.
    let mf = MeanField::of(&HeNormal, &Shape::dense(8, 8), Nonlinearity::Relu, &Ones).unwrap();
    assert_eq!(mf.sigma_b2(), 1.0);
}

#[test]
fn bad_parameters_are_typed_errors() {
    for (w, b) in [
        (0.0, 0.0),
        (-1.0, 0.0),
        (f64::NAN, 0.0),
        (f64::INFINITY, 0.0),
        (1.0, -0.1),
        (1.0, f64::NAN),
        (1.0, f64::INFINITY),
    ] {
        let err = MeanField::new(Nonlinearity::Tanh, w, b).unwrap_err();
        assert!(
            matches!(
                err,
                InitError::NonPositive { .. }
                    | InitError::NonFinite { .. }
                    | InitError::OutOfRange { .. }
            ),
            "({w}, {b}): {err}"
        );
        assert!(!err.to_string().is_empty());
    }
    let shape = Shape::dense(16, 16);
    let relu = Nonlinearity::Relu;
    assert!(matches!(
        MeanField::of(&Zeros, &shape, relu, &Zeros),
        Err(InitError::NonPositive { .. })
    ));
    for init in [
        Init::from(Ones),
        Constant::new(0.1).unwrap().into(),
        RandomUniform::new(0.0, 1.0).unwrap().into(),
    ] {
        let err = MeanField::of(&init, &shape, relu, &Zeros).unwrap_err();
        assert!(
            matches!(err, InitError::NonZeroMeanKernel { .. }),
            "{init}: {err}"
        );
    }
    let err = MeanField::of(&Identity::default(), &shape, relu, &Zeros).unwrap_err();
    assert!(matches!(err, InitError::NoMeanField { .. }), "{err}");
    let conv = Shape::from_torch(&[16, 16, 3, 3]);
    let err = MeanField::of(&Dirac::default(), &conv, relu, &Zeros).unwrap_err();
    assert!(matches!(err, InitError::NoMeanField { .. }), "{err}");
    // The shape's own errors.
    assert!(matches!(
        MeanField::of(&HeNormal, &Shape::from_torch(&[16]), relu, &Zeros),
        Err(InitError::RankTooLow { .. })
    ));
    let layer = LayerSpec::new(HeNormal, Zeros, shape, relu);
    for q0 in [-1.0, f64::NAN, f64::INFINITY] {
        assert!(forecast(&[layer], q0).is_err(), "{q0}");
    }
    // Out-of-domain arguments of the maps are NaN, not panics.
    let mf = layer.mean_field().unwrap();
    assert!(mf.variance_map(-1.0).is_nan() && mf.chi(f64::NAN).is_nan());
    assert!(mf.correlation_map(1.5).is_nan());
    let half = CRITICAL_TOLERANCE / 2.0;
    assert_eq!(Phase::from_chi(1.0 - half), Some(Phase::Critical));
    assert_ne!(Phase::from_chi(1.0 - 4.0 * half), Some(Phase::Critical));
}

/// The forecast iterates each layer's own map from the input's variance.
#[test]
fn forecast_iterates_the_layers_maps() {
    let shape = Shape::dense(128, 128);
    let bias = RandomNormal::new(0.0, 0.1).unwrap();
    let layers = [
        LayerSpec::new(GlorotUniform, bias, shape, Nonlinearity::Tanh),
        LayerSpec::new(HeNormal, Zeros, shape, Nonlinearity::Relu),
        LayerSpec::new(LecunNormal, bias, shape, Nonlinearity::Selu),
        LayerSpec::new(HeUniform, Zeros, shape, Nonlinearity::LeakyRelu).with_param(0.3),
        LayerSpec::new(GlorotUniform, Zeros, shape, Nonlinearity::Linear),
    ];
    let q0 = 2.5;
    let f = forecast(&layers, q0).unwrap();
    assert_eq!(f.layers.len(), layers.len());
    let mut incoming = q0;
    let mut gain = 1.0;
    for (spec, got) in layers.iter().zip(&f.layers) {
        let mf = spec.mean_field().unwrap();
        assert_eq!(got.weight_variance, mf.sigma_w2());
        assert_eq!(got.bias_variance, mf.sigma_b2());
        let q = mf.sigma_w2() * incoming + mf.sigma_b2();
        assert!((got.variance - q).abs() <= 1e-15 * q);
        // The next layer reads E[φ(h)²] = (V(q) − σ_b²)/σ_w².
        let m = (mf.variance_map(q) - mf.sigma_b2()) / mf.sigma_w2();
        assert!(
            (got.second_moment - m).abs() <= 1e-14 * m,
            "{:?}",
            spec.nonlinearity
        );
        assert!((got.chi - mf.chi(q)).abs() <= 1e-15 * got.chi);
        incoming = got.second_moment;
        gain *= got.chi;
    }
    assert_eq!(f.gradient_gain, gain);
    assert_eq!(forecast(&[], 1.0).unwrap().gradient_gain, 1.0);
}

/// A zero output layer (and Fixup's and `ReZero`'s zero last layer of a branch):
/// its output is the bias, no gradient passes through it, and the layers below
/// are forecast as before.
#[test]
fn a_zero_layer_stops_the_gradient_and_passes_its_bias() {
    let shape = Shape::dense(64, 64);
    let hidden = LayerSpec::new(HeNormal, Zeros, shape, Nonlinearity::Relu);
    let out = LayerSpec::new(
        Zeros,
        Constant::new(0.5).unwrap(),
        Shape::dense(64, 10),
        Nonlinearity::Linear,
    );
    let f = forecast(&[hidden, hidden, out], 1.0).unwrap();
    assert_eq!(f.layers[2].weight_variance, 0.0);
    assert_eq!(f.layers[2].variance, 0.25);
    assert_eq!(f.layers[2].chi, 0.0);
    assert_eq!(f.gradient_gain, 0.0);
    let hidden_only = forecast(&[hidden, hidden], 1.0).unwrap();
    assert_eq!(f.layers[..2], hidden_only.layers[..]);
}

/// Any `f64`, with the awkward ones often.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => 0.0f64..5.0,
        1 => -5.0f64..5.0,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(0.0),
        1 => Just(f64::MIN_POSITIVE),
        1 => Just(1e-300),
        1 => Just(1e300),
        1 => Just(f64::MAX),
    ]
}

/// A kernel or bias initializer from arbitrary parameters, or the constructor's error.
fn any_init() -> impl Strategy<Value = Result<Init, InitError>> {
    prop_oneof![
        (any_f64(), any_f64()).prop_map(|(m, s)| RandomNormal::new(m, s).map(Init::from)),
        (any_f64(), any_f64()).prop_map(|(a, b)| RandomUniform::new(a, b).map(Init::from)),
        (any_f64(), any_f64(), any_f64(), any_f64())
            .prop_map(|(m, s, a, b)| TruncatedNormal::torch(m, s, a, b).map(Init::from)),
        any_f64().prop_map(|s| {
            VarianceScaling::new(s, FanMode::FanAvg, ScalingDistribution::TruncatedNormal)
                .map(Init::from)
        }),
        any_f64().prop_map(|g| Orthogonal::new(g).map(Init::from)),
        (0.0f64..=1.0, any_f64()).prop_map(|(p, s)| Sparse::new(p, s).map(Init::from)),
        any_f64().prop_map(|c| Constant::new(c).map(Init::from)),
        Just(Ok(Init::from(Zeros))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any parameters give a typed error or a mean field whose numbers are
    /// non-negative and not NaN; nothing panics or hangs.
    #[test]
    fn any_parameters_give_a_mean_field_or_an_error(
        nl in proptest::sample::select(Nonlinearity::ALL.to_vec()),
        w in any_f64(),
        b in any_f64(),
    ) {
        if let Ok(mf) = MeanField::new(nl, w, b) {
            prop_assert!(mf.q_star() >= 0.0, "q* = {}", mf.q_star());
            prop_assert!(mf.chi_1() >= 0.0, "χ₁ = {}", mf.chi_1());
            prop_assert!(Phase::from_chi(mf.chi_1()).is_some());
            prop_assert!(!mf.variance_depth_scale().is_nan());
            prop_assert!(!mf.variance_map(mf.q_star()).is_nan());
        }
    }

    /// Any initializers on any small shape give a typed error or a forecast of
    /// non-negative variances and gains.
    #[test]
    fn any_initializers_give_a_forecast_or_an_error(
        init in any_init(),
        bias in any_init(),
        (fan_in, units) in (0usize..40, 0usize..40),
        nl in proptest::sample::select(Nonlinearity::ALL.to_vec()),
        q0 in any_f64(),
    ) {
        let (Ok(init), Ok(bias)) = (init, bias) else { return Ok(()) };
        let layer = LayerSpec::new(init, bias, Shape::dense(fan_in, units), nl);
        if let Ok(f) = forecast(&[layer, layer], q0) {
            for l in &f.layers {
                prop_assert!(l.variance >= 0.0 && l.second_moment >= 0.0 && l.chi >= 0.0, "{l:?}");
            }
            prop_assert!(f.gradient_gain >= 0.0);
        }
        if let Ok(mf) = layer.mean_field() {
            prop_assert!(mf.sigma_w2() > 0.0 && mf.q_star() >= 0.0 && mf.chi_1() >= 0.0);
        }
    }
}

// ---------------------------------------------------------------------------
// Against measured networks.
// ---------------------------------------------------------------------------

/// Width of the measured networks.
const WIDTH: usize = 1000;
/// Their depth.
const DEPTH: usize = 10;
/// Independent networks per case: the unit of replication.
const NETWORKS: usize = 16;
/// Inputs through each network.
const INPUTS: usize = 2;
/// The critical value of Student's t with `NETWORKS − 1 = 15` degrees of freedom
/// for a two-sided test at alpha = 0.001 over the family of 44 comparisons below
/// (4 cases × (10 layers + the gradient)), Bonferroni: per comparison 0.001/44,
/// `t₁₅(1 − 0.0005/44) = 6.038` (scipy.stats.t.ppf).
const T_CRITICAL: f64 = 6.038;

/// A nonlinearity or its derivative.
type Scalar = fn(f64) -> f64;

/// One network's measurement: the mean square of each layer's pre-activations,
/// over its units and inputs, and the ratio of the squared norms of a random
/// gradient back-propagated from the output to the input.
fn measure(layer: &LayerSpec, phi: Scalar, dphi: Scalar, network: u64) -> (Vec<f64>, f64) {
    let n = WIDTH;
    // Every stream of every network its own key: the input at `base`, layer l's
    // kernel and bias at `base + 2l + 1` and `base + 2l + 2`, the gradient at
    // `base + 999`.
    let base = 1000 * network;
    // Inputs of mean square exactly 1: the forecast's input_variance.
    let unit = RandomNormal::new(0.0, 1.0).unwrap();
    let mut x: Vec<f64> = unit
        .fill_new(&Shape::from_keras(&[INPUTS * n]), base)
        .unwrap();
    for row in x.chunks_mut(n) {
        #[allow(clippy::cast_precision_loss)]
        let scale = (n as f64 / row.iter().map(|v| v * v).sum::<f64>()).sqrt();
        for v in row.iter_mut() {
            *v *= scale;
        }
    }
    let mut a = x;
    let mut kernels = Vec::with_capacity(DEPTH);
    let mut pre = Vec::with_capacity(DEPTH);
    let mut variances = Vec::with_capacity(DEPTH);
    for l in 0..DEPTH {
        let k = base + 2 * l as u64 + 1;
        let w: Vec<f64> = layer.init.fill_new(&layer.shape, k).unwrap();
        let b: Vec<f64> = layer
            .bias
            .fill_new(&Shape::from_keras(&[n]), k + 1)
            .unwrap();
        // Keras layout [in, out]: h_i = Σ_j a_j·W[j, i] + b_i.
        let mut h = vec![0.0; INPUTS * n];
        for (hrow, arow) in h.chunks_mut(n).zip(a.chunks(n)) {
            hrow.copy_from_slice(&b);
            for (&aj, wrow) in arow.iter().zip(w.chunks(n)) {
                for (hi, wi) in hrow.iter_mut().zip(wrow) {
                    *hi += aj * wi;
                }
            }
        }
        #[allow(clippy::cast_precision_loss)]
        variances.push(h.iter().map(|v| v * v).sum::<f64>() / h.len() as f64);
        a = h.iter().map(|&v| phi(v)).collect();
        kernels.push(w);
        pre.push(h);
    }
    // Back-propagate g ~ N(0, I) from the output φ(h^L) to the input.
    let mut g: Vec<f64> = unit
        .fill_new(&Shape::from_keras(&[INPUTS * n]), base + 999)
        .unwrap();
    let out_norm: f64 = g.iter().map(|v| v * v).sum();
    for l in (0..DEPTH).rev() {
        let mut back = vec![0.0; INPUTS * n];
        for ((brow, grow), hrow) in back.chunks_mut(n).zip(g.chunks(n)).zip(pre[l].chunks(n)) {
            let delta: Vec<f64> = grow
                .iter()
                .zip(hrow)
                .map(|(gi, &hi)| gi * dphi(hi))
                .collect();
            for (bj, wrow) in brow.iter_mut().zip(kernels[l].chunks(n)) {
                *bj = wrow.iter().zip(&delta).map(|(w, d)| w * d).sum();
            }
        }
        g = back;
    }
    let in_norm: f64 = g.iter().map(|v| v * v).sum();
    (variances, in_norm / out_norm)
}

/// `|mean(xs) − want| ≤ T_CRITICAL · sd(xs)/√n`, with the sample standard
/// deviation of the `n` independent networks.
fn within_t(xs: &[f64], want: f64, what: &str) {
    #[allow(clippy::cast_precision_loss)]
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let t = (mean - want) / (sd / n.sqrt());
    assert!(
        t.abs() <= T_CRITICAL,
        "{what}: measured {mean:.6e} ± {:.2e} (se), forecast {want:.6e}, t = {t:.2}",
        sd / n.sqrt()
    );
}

/// The variance of every layer, and the gradient's gain, of 16 random networks
/// of width 1000 and depth 10 with `layer`'s initializers and nonlinearity (tanh
/// or ReLU), against the forecast from the same initializers. `case` keeps each
/// case's networks on keys of their own.
fn measured_matches_forecast(case: usize, name: &str, layer: &LayerSpec) {
    let (phi, dphi): (Scalar, Scalar) = if layer.nonlinearity == Nonlinearity::Tanh {
        (f64::tanh, |x| 1.0 / x.cosh().powi(2))
    } else {
        (|x| x.max(0.0), |x| if x > 0.0 { 1.0 } else { 0.0 })
    };
    let f = forecast(&[*layer; DEPTH], 1.0).unwrap();
    let runs: Vec<_> = (0..NETWORKS)
        .map(|r| measure(layer, phi, dphi, (case * NETWORKS + r) as u64))
        .collect();
    for l in 0..DEPTH {
        let xs: Vec<f64> = runs.iter().map(|(v, _)| v[l]).collect();
        within_t(
            &xs,
            f.layers[l].variance,
            &format!("{name}, layer {}", l + 1),
        );
    }
    let xs: Vec<f64> = runs.iter().map(|(_, g)| *g).collect();
    within_t(&xs, f.gradient_gain, &format!("{name}, gradient"));
}

// The four cases of the family that `T_CRITICAL` covers. The kernels are uniform
// where the case allows: at the test profile's optimisation a uniform fill is
// about three times faster than a normal one.

/// tanh, ordered: `σ_w² = 0.5`, no bias.
#[test]
fn measured_variance_matches_the_forecast_tanh_ordered() {
    let v = VarianceScaling::new(0.5, FanMode::FanIn, ScalingDistribution::Uniform).unwrap();
    let layer = LayerSpec::new(v, Zeros, Shape::dense(WIDTH, WIDTH), Nonlinearity::Tanh);
    measured_matches_forecast(0, "tanh ordered", &layer);
}

/// tanh, critical without bias: Keras's truncated `lecun_normal`, `σ_w² = 1`.
#[test]
fn measured_variance_matches_the_forecast_tanh_critical() {
    let layer = LayerSpec::new(
        LecunNormal,
        Zeros,
        Shape::dense(WIDTH, WIDTH),
        Nonlinearity::Tanh,
    );
    measured_matches_forecast(1, "tanh critical", &layer);
}

/// tanh, critical with bias: `σ_w² = 1.76`, `σ_b² = 0.05`.
#[test]
fn measured_variance_matches_the_forecast_tanh_critical_with_bias() {
    let v = VarianceScaling::new(1.76, FanMode::FanIn, ScalingDistribution::Uniform).unwrap();
    let bias = RandomNormal::new(0.0, 0.05f64.sqrt()).unwrap();
    let layer = LayerSpec::new(v, bias, Shape::dense(WIDTH, WIDTH), Nonlinearity::Tanh);
    measured_matches_forecast(2, "tanh critical with bias", &layer);
}

/// ReLU at He's `σ_w² = 2` (uniform).
#[test]
fn measured_variance_matches_the_forecast_relu() {
    let layer = LayerSpec::new(
        HeUniform,
        Zeros,
        Shape::dense(WIDTH, WIDTH),
        Nonlinearity::Relu,
    );
    measured_matches_forecast(3, "relu", &layer);
}
