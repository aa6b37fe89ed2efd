use super::*;

impl Moments {
    /// `Var(W) = E[W²] − E[W]²`.
    fn variance(self) -> f64 {
        self.mean_square - self.mean * self.mean
    }
}
use crate::{
    Constant, Dirac, GlorotNormal, HeUniform, Identity, Initializer, LecunNormal, Orthogonal,
    RandomNormal, RandomUniform, Sparse, TRUNCATED_STD, TorchDefault, TruncatedNormal, Truncation,
    Zeros,
};

/// The truncated moments against Simpson's rule on the density, mirrored and not.
#[test]
#[allow(clippy::many_single_char_names)] // quadrature in textbook notation
fn truncated_moments_match_quadrature() {
    let simpson = |a: f64, b: f64, k: i32| {
        let n = 200_000;
        let h = (b - a) / f64::from(n);
        let g = |x: f64| x.powi(k) * (-0.5 * x * x).exp();
        let mut s = g(a) + g(b);
        for i in 1..n {
            s += if i % 2 == 1 { 4.0 } else { 2.0 } * g(a + f64::from(i) * h);
        }
        s * h / 3.0
    };
    for (a, b) in [
        (-2.0, 2.0),
        (-1.0, 3.0),
        (0.5, 2.5),
        (-3.0, -0.25),
        (-0.3, 0.1),
        (1.0, 9.0),
    ] {
        let z = simpson(a, b, 0);
        let m = simpson(a, b, 1) / z;
        let v = simpson(a, b, 2) / z - m * m;
        let (mc, vc) = truncated_standard_moments(a, b).unwrap();
        assert!((mc - m).abs() < 1e-12, "[{a}, {b}]: mean {mc} vs {m}");
        assert!(
            (vc - v).abs() < 1e-12 * v.max(1e-3),
            "[{a}, {b}]: {vc} vs {v}"
        );
    }
    // Half-normal: mean √(2/π), variance 1 − 2/π.
    let (m, v) = truncated_standard_moments(0.0, f64::INFINITY).unwrap();
    assert!((m - (2.0 / core::f64::consts::PI).sqrt()).abs() < 1e-15);
    assert!((v - (1.0 - 2.0 / core::f64::consts::PI)).abs() < 1e-15);
    // Untruncated.
    assert_eq!(
        truncated_standard_moments(f64::NEG_INFINITY, f64::INFINITY),
        Some((0.0, 1.0))
    );
    // No mass: an error, as in a fill.
    assert_eq!(truncated_standard_moments(45.0, 50.0), None);
    let far = TruncatedNormal::torch(0.0, 1.0, 45.0, 50.0).unwrap();
    assert!(matches!(
        Init::from(far).moments(&Shape::dense(2, 2)),
        Err(InitError::NoMass { .. })
    ));
}

/// Keras's constant is the standard deviation of N(0, 1) cut at ±2.
#[test]
fn keras_truncated_std_is_the_truncated_variance() {
    let (m, v) = truncated_standard_moments(-2.0, 2.0).unwrap();
    assert_eq!(m, 0.0);
    assert!((v.sqrt() - TRUNCATED_STD).abs() < 2e-16);
    // So a truncated variance-scaling kernel has variance scale/fan to rounding.
    let shape = Shape::dense(300, 100);
    let mom = Init::from(LecunNormal).moments(&shape).unwrap();
    assert_eq!(mom.mean, 0.0);
    assert!((mom.mean_square * 300.0 - 1.0).abs() < 1e-15);
}

#[test]
#[allow(clippy::many_single_char_names)] // one letter per initializer
fn closed_forms_of_the_plans() {
    let shape = Shape::from_torch(&[10, 64]);
    let m = Init::from(TorchDefault).moments(&shape).unwrap();
    // PyTorch's default: U(−b, b), b = 1/√64 (less one ulp), so E[W²] = b²/3.
    assert!((m.mean_square * 64.0 - 1.0 / 3.0).abs() < 1e-15);
    let u = Init::from(RandomUniform::new(1.0, 3.0).unwrap())
        .moments(&shape)
        .unwrap();
    assert_eq!((u.mean, u.mean_square), (2.0, 4.0 + 4.0 / 12.0));
    let c = Init::from(Constant::new(-0.5).unwrap())
        .moments(&shape)
        .unwrap();
    assert_eq!((c.mean, c.mean_square, c.variance()), (-0.5, 0.25, 0.0));
    let n = Init::from(RandomNormal::new(0.1, 0.2).unwrap())
        .moments(&shape)
        .unwrap();
    assert!((n.variance() - 0.04).abs() < 1e-17);
    let half = TruncatedNormal::with_truncation(
        1.0,
        2.0,
        Truncation::Stddevs {
            lower: 0.0,
            upper: f64::INFINITY,
        },
    )
    .unwrap();
    let h = Init::from(half).moments(&shape).unwrap();
    let pi = core::f64::consts::PI;
    assert!((h.mean - (1.0 + 2.0 * (2.0 / pi).sqrt())).abs() < 1e-14);
    assert!((h.variance() - 4.0 * (1.0 - 2.0 / pi)).abs() < 1e-14);
}

/// The moments of a large fill, against the stated ones, within 6 standard
/// errors computed from the fill's size and the sample's fourth moment
/// (alpha ≈ 2e-9 per check, normal approximation).
#[test]
fn fills_have_the_stated_moments() {
    let shape = Shape::dense(512, 256);
    let inits: Vec<Init> = vec![
        HeUniform.into(),
        GlorotNormal.into(),
        LecunNormal.into(),
        TorchDefault.into(),
        RandomUniform::new(-0.3, 0.7).unwrap().into(),
        TruncatedNormal::torch(0.5, 1.0, -1.0, 2.5).unwrap().into(),
        Sparse::new(0.3, 0.5).unwrap().into(),
        Orthogonal::new(1.5).unwrap().into(),
    ];
    for init in inits {
        let w: Vec<f64> = init.fill_new(&shape, 17).unwrap();
        #[allow(clippy::cast_precision_loss)]
        let n = w.len() as f64;
        let m = init.moments(&shape).unwrap();
        let mean = w.iter().sum::<f64>() / n;
        let sq: Vec<f64> = w.iter().map(|x| x * x).collect();
        let ms = sq.iter().sum::<f64>() / n;
        let var_sq = sq.iter().map(|s| (s - ms).powi(2)).sum::<f64>() / (n - 1.0);
        let var = w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        assert!(
            (mean - m.mean).abs() <= 6.0 * (var / n).sqrt() + 1e-15,
            "{init}: mean {mean} vs {}",
            m.mean
        );
        assert!(
            (ms - m.mean_square).abs() <= 6.0 * (var_sq / n).sqrt() + 1e-15,
            "{init}: mean square {ms} vs {}",
            m.mean_square
        );
    }
}

#[test]
fn structured_moments_are_exact() {
    let shape = Shape::from_torch(&[30, 20, 3]);
    let init = Init::from(Orthogonal::new(2.0).unwrap());
    let w: Vec<f64> = init.fill_new(&shape, 3).unwrap();
    #[allow(clippy::cast_precision_loss)]
    let ms = w.iter().map(|x| x * x).sum::<f64>() / w.len() as f64;
    let m = init.moments(&shape).unwrap();
    assert!((ms - m.mean_square).abs() < 1e-13);
    assert_eq!(m.mean_square, 4.0 / 60.0);
    for (init, shape) in [
        (Init::from(Identity::new(3.0).unwrap()), Shape::dense(4, 6)),
        (
            Init::from(Dirac::new(2).unwrap()),
            Shape::from_torch(&[8, 3, 3]),
        ),
        (Init::from(Zeros), Shape::dense(4, 6)),
    ] {
        let w: Vec<f64> = init.fill_new(&shape, 0).unwrap();
        #[allow(clippy::cast_precision_loss)]
        let n = w.len() as f64;
        let m = init.moments(&shape).unwrap();
        assert_eq!(m.mean, w.iter().sum::<f64>() / n, "{init}");
        assert_eq!(m.mean_square, w.iter().map(|x| x * x).sum::<f64>() / n);
    }
    assert!(matches!(
        Init::from(Dirac::new(3).unwrap()).moments(&Shape::from_torch(&[8, 3, 3])),
        Err(InitError::GroupsMismatch { .. })
    ));
    assert!(matches!(
        Init::from(Sparse::default()).moments(&Shape::from_torch(&[8, 3, 3])),
        Err(InitError::UnsupportedShape { .. })
    ));
}
