//! A truncated normal keeps the resolution of its own interval, however narrow the
//! interval is beside the standard deviation, in `f32` and in `f64`.
//!
//! Each case is a Kolmogorov–Smirnov test at n = 10 000 and alpha = 0.001 (critical
//! value 1.9495/√n) against the exact truncated CDF, computed here from `erf` or
//! `erfc` relative to the interval so that it does not cancel, plus exact bounds.
//! Intervals run from 10⁻⁹σ to 10σ wide, about the mean, about 2σ and about 3σ
//! below it.
//! The keys are fixed in advance and never edited to pass.

use std::collections::HashSet;

use nninit::{Initializer, Real, Shape, TruncatedNormal, symmetry_check};

const KS_C_1E3: f64 = 1.9495;

/// `Φ(z) − Φ(a)` over `Φ(b) − Φ(a)`, by the form that keeps its digits: `erf`
/// about the centre, `erfc` in either tail.
fn truncated_cdf(z: f64, a: f64, b: f64) -> f64 {
    let s = std::f64::consts::SQRT_2;
    let z = z.clamp(a, b);
    if b < -1.0 {
        let (fa, fb, fz) = (libm::erfc(-a / s), libm::erfc(-b / s), libm::erfc(-z / s));
        (fz - fa) / (fb - fa)
    } else if a > 1.0 {
        let (fa, fb, fz) = (libm::erfc(a / s), libm::erfc(b / s), libm::erfc(z / s));
        (fa - fz) / (fa - fb)
    } else {
        let (fa, fb, fz) = (libm::erf(a / s), libm::erf(b / s), libm::erf(z / s));
        (fz - fa) / (fb - fa)
    }
}

/// KS and bounds for `TruncatedNormal::torch(mean, std, lo, hi)` in `T`.
fn ks<T: Real + Into<f64>>(mean: f64, std: f64, lo: f64, hi: f64, key: u64) {
    let shape = Shape::dense(100, 100);
    let init = TruncatedNormal::torch(mean, std, lo, hi).unwrap();
    let mut weights = vec![T::zero(); shape.len()];
    init.fill_keyed(&mut weights, &shape, key).unwrap();
    let tag = format!(
        "torch({mean}, {std}, {lo}, {hi}) {}",
        std::any::type_name::<T>()
    );
    let (a, b) = ((lo - mean) / std, (hi - mean) / std);
    let (tlo, thi): (f64, f64) = (T::from(lo).unwrap().into(), T::from(hi).unwrap().into());
    let mut z: Vec<f64> = weights
        .into_iter()
        .map(|v| {
            let v: f64 = v.into();
            assert!(v >= tlo && v <= thi, "{tag}: {v} outside [{tlo}, {thi}]");
            (v - mean) / std
        })
        .collect();
    z.sort_by(f64::total_cmp);
    #[allow(clippy::cast_precision_loss)]
    let n = z.len() as f64;
    let mut ks_d: f64 = 0.0;
    #[allow(clippy::cast_precision_loss)]
    for (i, &v) in z.iter().enumerate() {
        let cdf = truncated_cdf(v, a, b);
        ks_d = ks_d.max(cdf - i as f64 / n).max((i + 1) as f64 / n - cdf);
    }
    let crit = KS_C_1E3 / n.sqrt();
    assert!(ks_d < crit, "{tag}: KS D = {ks_d} ≥ {crit}");
}

fn sweep<T: Real + Into<f64>>(base_key: u64) {
    let mut key = base_key;
    // The standardised interval is `[centre − width/2, centre + width/2]`; the mean
    // `−centre` puts its values about 0, where `f32` resolves even the narrowest.
    for centre in [0.0, 2.0, -3.0] {
        for width in [1e-9, 1e-6, 1e-3, 0.1, 1.0, 10.0] {
            ks::<T>(-centre, 1.0, -width / 2.0, width / 2.0, key);
            key += 1;
        }
    }
    // Narrow beside a large σ, with a mean away from 0.
    ks::<T>(5.0, 1e3, 4.99, 5.01, key);
    ks::<T>(0.0, 1e6, -1.0, 1.0, key + 1);
}

#[test]
fn narrow_to_wide_intervals_follow_the_truncated_normal_f32() {
    sweep::<f32>(7_000);
}

#[test]
fn narrow_to_wide_intervals_follow_the_truncated_normal_f64() {
    sweep::<f64>(8_000);
}

/// The number of distinct values in a 100 × 100 fill.
fn distinct<T: Real>(init: &TruncatedNormal, key: u64) -> usize {
    let shape = Shape::dense(100, 100);
    let mut w = vec![T::zero(); shape.len()];
    init.fill_keyed(&mut w, &shape, key).unwrap();
    assert!(symmetry_check(&w, &shape).is_ok());
    w.iter()
        .map(|v| v.to_f64().unwrap().to_bits())
        .collect::<HashSet<_>>()
        .len()
}

/// The narrow intervals that once collapsed onto a handful of values (every
/// element 0.0 at σ = 10¹², a zero kernel): 10 000 draws must give nearly 10 000
/// distinct values wherever the element type has that many in the interval.
#[test]
fn narrow_intervals_do_not_collapse() {
    let t = |m, s, a, b| TruncatedNormal::torch(m, s, a, b).unwrap();
    for (init, f32_min, f64_min) in [
        (t(0.0, 1e12, -1.0, 1.0), 9_990, 9_990),
        (t(0.0, 1.0, -1e-9, 1e-9), 9_990, 9_990),
        (t(0.0, 1e6, -1.0, 1.0), 9_990, 9_990),
        // f32 has about 42 000 values in [4.99, 5.01]: some draws coincide.
        (t(5.0, 1e3, 4.99, 5.01), 8_000, 9_990),
        // 10⁻⁹σ wide, 3σ above the mean: the standardised value is resolved to
        // f64's spacing at 3 (4.4·10⁻¹⁶), about 2.3 million levels across the
        // interval, so about 22 of 10 000 draws coincide.
        (t(-3.0, 1.0, -5e-10, 5e-10), 9_900, 9_900),
    ] {
        let (a, b) = (distinct::<f32>(&init, 3), distinct::<f64>(&init, 3));
        assert!(a >= f32_min, "{init:?} f32: {a} distinct");
        assert!(b >= f64_min, "{init:?} f64: {b} distinct");
    }
}
