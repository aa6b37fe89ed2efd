use super::*;

/// The rule integrates polynomials up to degree 2n − 1 exactly.
#[test]
fn legendre_rule_is_exact_for_degree_39() {
    let rule = rule();
    for k in 0..40 {
        let got: f64 = rule.iter().map(|&(x, w)| w * x.powi(k)).sum();
        let want = if k % 2 == 1 {
            0.0
        } else {
            2.0 / f64::from(k + 1)
        };
        assert!((got - want).abs() < 1e-15, "x^{k}: {got} vs {want}");
    }
    assert!(rule.iter().all(|&(x, w)| x.abs() < 1.0 && w > 0.0));
}

/// Gaussian moments and closed forms, at widths from 10⁻⁶ to 10⁶.
#[test]
fn gaussian_expectations_match_closed_forms() {
    assert!((expect(0.0, f64::INFINITY, |_| 1.0) - 1.0).abs() < 1e-15);
    assert!((expect(0.0, f64::INFINITY, |z| z * z) - 1.0).abs() < 1e-15);
    assert!((expect(0.0, f64::INFINITY, |z| z.powi(4)) - 3.0).abs() < 1e-14);
    for q in [1e-12, 1e-4, 0.3, 1.0, 7.0, 1e4, 1e12] {
        let r = f64::sqrt(q);
        // E[relu(√q z)²] = q/2, E[|√q z|] = √(2q/π), E[1{z > 0}] = 1/2.
        let relu2 = expect(0.0, 1.0 / r, |z| (r * z).max(0.0).powi(2));
        assert!((relu2 / q - 0.5).abs() < 1e-14, "q = {q}: {relu2}");
        let abs = expect(0.0, 1.0 / r, |z| (r * z).abs());
        let want = (2.0 * q / core::f64::consts::PI).sqrt();
        assert!((abs / want - 1.0).abs() < 1e-14, "q = {q}");
        let step = expect(0.0, 1.0 / r, |z| if z > 0.0 { 1.0 } else { 0.0 });
        assert!((step - 0.5).abs() < 1e-15);
        // E[e^{t z}] = e^{t²/2} for t = min(√q, 1) (a larger t moves the mass
        // towards the cut at z = 10).
        let t = r.min(1.0);
        let mgf = expect(0.0, 1.0 / r, |z| (t * z).exp());
        assert!((mgf / (0.5 * t * t).exp() - 1.0).abs() < 1e-14, "q = {q}");
    }
}

/// The arc-cosine kernel of ReLU (Cho & Saul 2009) and the identity's covariance.
#[test]
fn pair_expectations_match_closed_forms() {
    let pi = core::f64::consts::PI;
    for q in [0.01, 1.0, 50.0] {
        for c in [-1.0, -0.9, -0.3, 0.0, 0.4, 0.99, 0.999_999, 1.0] {
            let relu = |x: f64| x.max(0.0);
            let got = expect_pair(q, c, relu, relu);
            let c2: f64 = 1.0 - c * c;
            let want = q / (2.0 * pi) * (c2.max(0.0).sqrt() + (pi - f64::acos(c)) * c);
            assert!(
                (got - want).abs() < 1e-13 * q,
                "q = {q}, c = {c}: {got} vs {want}"
            );
            let lin = expect_pair(q, c, |x| x, |x| x);
            assert!((lin - q * c).abs() < 1e-13 * q, "q = {q}, c = {c}");
        }
    }
}
