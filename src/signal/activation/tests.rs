use super::*;

/// `e^{t²/2}·Φ(−t)`, the Gaussian's `E[e^{tz}·1{z < 0}]`, by Φ directly: the
/// closed forms below use it only for `t ≤ 6`.
fn mills(t: f64) -> f64 {
    (0.5 * t * t).exp() * normal_cdf(-t)
}

/// SELU's moments in closed form, from `E[e^{tz}·1{z<0}] = e^{t²/2}Φ(−t)`:
/// `E[φ²] = λ²q/2 + λ²α²(M(2√q) − 2M(√q) + ½)`, `E[φ′²] = λ²/2 + λ²α²M(2√q)`.
fn selu_closed(q: f64) -> (f64, f64) {
    let (l, a) = (SELU_SCALE, SELU_ALPHA);
    let r = q.sqrt();
    let neg = mills(2.0 * r) - 2.0 * mills(r) + 0.5;
    (
        l * l * q / 2.0 + l * l * a * a * neg,
        l * l / 2.0 + l * l * a * a * mills(2.0 * r),
    )
}

/// GELU's second moment in closed form: for `u ~ N(0, q)`,
/// `E[u²Φ(u)²] = q/4 + q/(2π)·(arcsin(q/(1+q)) + 2q/((1+q)√(1+2q)))`.
fn gelu_closed(q: f64) -> f64 {
    let pi = core::f64::consts::PI;
    q / 4.0
        + q / (2.0 * pi) * ((q / (1.0 + q)).asin() + 2.0 * q / ((1.0 + q) * (1.0 + 2.0 * q).sqrt()))
}

#[test]
fn quadrature_matches_the_closed_forms() {
    for q in [0.05, 0.5, 1.0, 2.0, 5.0, 9.0] {
        let (s2, d2) = selu_closed(q);
        let got = Activation::Selu.second_moment(q);
        assert!((got - s2).abs() < 1e-12 * s2, "selu q = {q}: {got} vs {s2}");
        let got = Activation::Selu.slope_moment(q);
        assert!(
            (got - d2).abs() < 1e-12 * d2,
            "selu' q = {q}: {got} vs {d2}"
        );
    }
    for q in [1e-6, 0.01, 1.0, 3.0, 100.0, 1e4, 1e8] {
        let want = gelu_closed(q);
        let got = Activation::Gelu.second_moment(q);
        assert!(
            (got - want).abs() < 1e-12 * want,
            "gelu q = {q}: {got} vs {want}"
        );
    }
    // The piecewise-linear closed forms against the same quadrature.
    for (pos, neg) in [(1.0, 0.0), (1.0, 0.2), (1.0, 1.0), (2.0, -0.5)] {
        let act = Activation::Linear2 { pos, neg };
        for q in [1e-3, 1.0, 1e3] {
            let r = f64::sqrt(q);
            let quad = expect(0.0, 1.0 / r, |z| act.value(r * z).powi(2));
            let closed = act.second_moment(q);
            assert!(
                (quad - closed).abs() < 1e-12 * closed,
                "({pos}, {neg}) q = {q}"
            );
            let quad = expect(0.0, 1.0 / r, |z| act.derivative(r * z).powi(2));
            assert!((quad - act.slope_moment(q)).abs() < 1e-12);
            for c in [-0.7, 0.0, 0.5, 0.95] {
                let quad = expect_pair(q, c, |x| act.value(x), |x| act.value(x));
                let closed = act.cross_moment(q, c);
                assert!(
                    (quad - closed).abs() < 1e-12 * q,
                    "({pos}, {neg}) q = {q} c = {c}"
                );
            }
        }
    }
    // GELU at q = 1 is the gain's moment, 1/3 + 1/(2π√3).
    let g = gain(Nonlinearity::Gelu, None).unwrap();
    assert!((Activation::Gelu.second_moment(1.0) * g * g - 1.0).abs() < 1e-14);
    // SiLU's gain comes from a Simpson's rule good to 1e-12.
    let s = gain(Nonlinearity::Silu, None).unwrap();
    assert!((Activation::Silu.second_moment(1.0) * s * s - 1.0).abs() < 1e-12);
}

/// Tanh and the sigmoid against an independent Simpson's rule, including a
/// steep `q`; and the sigmoid's symmetry `E[σ²] = ¼ + E[tanh(√q z/2)²]/4`.
#[test]
#[allow(clippy::many_single_char_names)] // quadrature in textbook notation
fn smooth_moments_match_simpson() {
    let simpson = |f: &dyn Fn(f64) -> f64| {
        let (a, b, n) = (-12.0f64, 12.0f64, 2_400_000);
        let h = (b - a) / f64::from(n);
        let g = |z: f64| f(z) * pdf(z);
        let mut s = g(a) + g(b);
        for i in 1..n {
            s += if i % 2 == 1 { 4.0 } else { 2.0 } * g(a + f64::from(i) * h);
        }
        s * h / 3.0
    };
    for q in [0.2, 1.0, 30.0] {
        let r = f64::sqrt(q);
        let want = simpson(&|z| (r * z).tanh().powi(2));
        assert!(
            (Activation::Tanh.second_moment(q) - want).abs() < 1e-12,
            "q = {q}"
        );
        let want = simpson(&|z| Activation::Tanh.derivative(r * z).powi(2));
        assert!(
            (Activation::Tanh.slope_moment(q) - want).abs() < 1e-12,
            "q = {q}"
        );
        let half = Activation::Tanh.second_moment(q / 4.0);
        let sig = Activation::Sigmoid.second_moment(q);
        assert!((sig - (0.25 + half / 4.0)).abs() < 1e-14, "q = {q}");
    }
}

/// The activations that are not piecewise linear.
const SMOOTH: [Activation; 5] = [
    Activation::Tanh,
    Activation::Sigmoid,
    Activation::Selu,
    Activation::Gelu,
    Activation::Silu,
];

/// The derivative of the second moment against a central difference.
#[test]
fn second_moment_slope_is_the_derivative() {
    for act in SMOOTH {
        for q in [1e-3, 0.1, 1.0, 4.0, 50.0] {
            let h = 1e-4 * q;
            let fd = (act.second_moment(q + h) - act.second_moment(q - h)) / (2.0 * h);
            let got = act.second_moment_slope(q);
            assert!(
                (got - fd).abs() < 1e-7 * got.abs().max(1.0),
                "{act:?} q = {q}: {got} vs {fd}"
            );
        }
    }
}

/// The limits at 0 and ∞ are those the moments tend to.
#[test]
fn limits_are_the_moments_limits() {
    for act in SMOOTH {
        let (small, large) = (act.slope_moment(1e-10), act.slope_moment(1e10));
        assert!((small - act.slope_moment(0.0)).abs() < 1e-4, "{act:?} at 0");
        assert!(
            (large - act.slope_moment(f64::INFINITY)).abs() < 1e-4,
            "{act:?} at ∞"
        );
        let v0 = act.second_moment(0.0);
        assert!((act.second_moment(1e-12) - v0).abs() < 1e-10, "{act:?}");
    }
    assert_eq!(Activation::Tanh.second_moment(f64::INFINITY), 1.0);
    assert!((Activation::Tanh.second_moment(1e12) - 1.0).abs() < 1e-5);
    assert_eq!(Activation::Sigmoid.second_moment(f64::INFINITY), 0.5);
    assert_eq!(Activation::Gelu.second_moment(f64::INFINITY), f64::INFINITY);
}
