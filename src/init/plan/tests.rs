use super::*;
use crate::rng::dist::reaches_far_tail;

/// A standard normal truncated to `[za, zb]`.
fn standard_truncated(za: f64, zb: f64) -> Plan {
    Plan::Truncated {
        mean: 0.0,
        std: 1.0,
        za,
        zb,
        lo: za,
        hi: zb,
    }
}

/// `reaches_far_tail` for the distribution of a standard normal truncated to
/// `[za, zb]`.
fn far<T: Real>(za: f64, zb: f64) -> bool {
    match standard_truncated(za, zb).dist::<T>().unwrap().dist {
        Dist::Truncated { p_lo, p_span, .. } => reaches_far_tail(p_lo, p_span),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_far_tail_is_reached_only_by_intervals_that_reach_it() {
    for (za, zb) in [(-2.0, 2.0), (-5.0, 5.0), (-0.3, 3.0), (0.0, 0.7)] {
        assert!(!far::<f32>(za, zb), "[{za}, {zb}] f32");
        assert!(!far::<f64>(za, zb), "[{za}, {zb}] f64");
    }
    for (za, zb) in [
        (-7.0, 7.0),
        (-12.0, -11.0),
        (1.0, f64::INFINITY),
        (-3.0, 8.0),
    ] {
        assert!(far::<f32>(za, zb), "[{za}, {zb}] f32");
        assert!(far::<f64>(za, zb), "[{za}, {zb}] f64");
    }
    // In f32, `p_lo + p_span` rounds to 1 when the upper bound lies past
    // Φ⁻¹(1 − 2^-25) ≈ 5.4, so `1 − p` may be 0.
    for (za, zb) in [(-6.0, 5.8), (-6.3, 6.3)] {
        assert!(far::<f32>(za, zb), "[{za}, {zb}] f32");
        assert!(!far::<f64>(za, zb), "[{za}, {zb}] f64");
    }
}

/// Intervals whose mass the direct form resolves as finely as `u` keep
/// [`Dist::Truncated`] (and its bits); narrower ones are drawn in `f64`.
#[test]
fn only_intervals_too_narrow_for_the_direct_form_are_drawn_in_f64() {
    fn is_narrow<T: Real>(za: f64, zb: f64) -> bool {
        let dist = standard_truncated(za, zb).dist::<T>().unwrap().dist;
        matches!(dist, Dist::NarrowTruncated(_))
    }
    for (za, zb) in [
        (-2.0, 2.0),
        (0.0, 0.7),
        (-1.0, 0.0),
        (0.4, 4.0),
        (-12.0, -11.0),
    ] {
        assert!(!is_narrow::<f32>(za, zb), "[{za}, {zb}] f32");
        assert!(!is_narrow::<f64>(za, zb), "[{za}, {zb}] f64");
    }
    for (za, zb) in [(-0.1, 0.1), (0.0, 0.5), (3.0, 3.1), (-1e-12, 1e-12)] {
        assert!(is_narrow::<f32>(za, zb), "[{za}, {zb}] f32");
        assert!(is_narrow::<f64>(za, zb), "[{za}, {zb}] f64");
    }
}
