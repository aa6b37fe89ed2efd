use super::*;

fn rel(a: f64, b: f64) -> f64 {
    if a == b { 0.0 } else { ((a - b) / b).abs() }
}

#[test]
fn ln_matches_libm() {
    let mut worst: f64 = 0.0;
    let mut x = 1e-310;
    while x < 1e300 {
        worst = worst.max(rel(ln_f64(x), libm::log(x)));
        x *= 1.000_37;
    }
    assert!(worst < 4.0 * f64::EPSILON, "worst relative error {worst}");
    assert_eq!(ln_f64(1.0), 0.0);
}

#[test]
fn ln_f32_matches_libm() {
    let mut worst: f64 = 0.0;
    let mut x = 1e-44f32;
    while x < 1e38 {
        let want = libm::log(f64::from(x));
        if want.abs() > 1e-3 {
            worst = worst.max(rel(f64::from(ln_f32(x)), want));
        }
        // Among subnormals a relative step may round away: step at least one ulp.
        x = (x * 1.001).max(x.next_up());
    }
    assert!(
        worst < 3.0 * f64::from(f32::EPSILON),
        "worst relative error {worst}"
    );
}

#[test]
fn exp_matches_libm() {
    let mut worst: f64 = 0.0;
    let mut x = -744.0;
    while x < 709.0 {
        let want = libm::exp(x);
        if want > f64::MIN_POSITIVE {
            worst = worst.max(rel(exp_f64(x), want));
        }
        x += 0.0137;
    }
    assert!(worst < 4.0 * f64::EPSILON, "worst relative error {worst}");
}

#[test]
fn normal_cdf_matches_libm_erfc() {
    let mut worst: f64 = 0.0;
    let mut x = -37.0;
    while x < 8.0 {
        let want = 0.5 * libm::erfc(-x / core::f64::consts::SQRT_2);
        worst = worst.max(rel(normal_cdf(x), want));
        x += 0.001_3;
    }
    assert!(worst < 1e-12, "worst relative error {worst}");
}

fn quantile(p: f64) -> f64 {
    normal_quantile_f64(p - 0.5, p.min(1.0 - p))
}

#[test]
fn quantile_inverts_the_cdf() {
    // Φ(Φ⁻¹(p)) = p, judged through the derivative: |Δz| ≤ tol·max(1,|z|).
    let mut worst: f64 = 0.0;
    let mut p = 1e-300;
    while p < 0.999_999 {
        let z = quantile(p);
        let back = if z < 0.0 {
            0.5 * libm::erfc(-z / core::f64::consts::SQRT_2)
        } else {
            p
        };
        if z < 0.0 {
            let density = (-0.5 * z * z).exp() / (2.0 * core::f64::consts::PI).sqrt();
            let dz = (back - p) / density;
            worst = worst.max(dz.abs() / z.abs().max(1.0));
        }
        p = if p < 0.4 { p * 1.01 } else { p + 1e-4 };
    }
    assert!(worst < 1e-14, "worst quantile error {worst}");
    assert_eq!(quantile(0.5), 0.0);
    assert!((quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
    assert!((quantile(0.841_344_746_068_542_9) - 1.0).abs() < 1e-14);
}

#[test]
fn quantile_f32_is_within_single_precision() {
    let mut worst: f64 = 0.0;
    for k in 1..100_000u32 {
        let p = f64::from(k) / 100_000.0;
        #[allow(clippy::cast_possible_truncation)] // rounding to f32 is the point
        let pf = p as f32;
        let want = quantile(f64::from(pf));
        let got = f64::from(normal_quantile_f32(pf - 0.5, pf.min(1.0 - pf)));
        worst = worst.max((got - want).abs() / want.abs().max(1.0));
    }
    assert!(worst < 1e-6, "worst f32 quantile error {worst}");
}

#[test]
fn central_forms_match_inside_the_central_region() {
    let mut q = 0.0f64;
    while q <= 0.5 {
        for q in [q, -q] {
            let r = 0.5 - q.abs();
            let (c, out) = normal_quantile_f64_central(q);
            assert_eq!(out, q.abs() > 0.425);
            if !out {
                assert_eq!(c.to_bits(), normal_quantile_f64(q, r).to_bits());
            }
            #[allow(clippy::cast_possible_truncation)] // rounding to f32 is the point
            let (qf, rf) = (q as f32, 0.5 - (q as f32).abs());
            let (c, out) = normal_quantile_f32_central(qf);
            assert_eq!(out, qf.abs() > 0.425);
            if !out {
                assert_eq!(c.to_bits(), normal_quantile_f32(qf, rf).to_bits());
            }
        }
        q += 1.0 / 65_536.0 + 1e-9;
    }
}

/// The branch-free quantiles against the branching ones, over `p` from
/// subnormal to ½ on both sides: the same bits.
#[test]
fn select_forms_match_the_branching_forms() {
    let mut r = f64::from_bits(1);
    while r < 0.5 {
        for q in [r - 0.5, 0.5 - r] {
            let (a, b) = (normal_quantile_f64(q, r), normal_quantile_f64_select(q, r));
            assert_eq!(a.to_bits(), b.to_bits(), "f64 q {q} r {r}");
            #[allow(clippy::cast_possible_truncation)] // rounding to f32 is the point
            let (qf, rf) = (q as f32, r as f32);
            if rf > 0.0 {
                let (a, b) = (
                    normal_quantile_f32(qf, rf),
                    normal_quantile_f32_select(qf, rf),
                );
                assert_eq!(a.to_bits(), b.to_bits(), "f32 q {qf} r {rf}");
            }
        }
        r = (r * 1.003).max(r.next_up());
    }
}

#[test]
fn keras_truncation_constant() {
    // The standard deviation of N(0, 1) cut at ±2: √(1 − 2·2φ(2)/(Φ(2) − Φ(−2))).
    let mass = normal_cdf(2.0) - normal_cdf(-2.0);
    let var = 1.0 - 2.0 * 2.0 * normal_pdf(2.0) / mass;
    assert!((var.sqrt() - 0.879_625_661_034_239_8).abs() < 1e-15);
}
