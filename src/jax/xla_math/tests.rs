use super::*;

#[test]
fn log_is_close_to_the_true_logarithm() {
    for &x in &[
        1e-30f32, 1e-7, 0.01, 0.3, 0.5, 0.70710677, 0.9, 1.0, 1.5, 3.0,
    ] {
        let got = f64::from(log(x));
        let want = f64::from(x).ln();
        assert!((got - want).abs() <= 2e-7 * want.abs().max(1.0), "log({x})");
    }
}

#[test]
fn log1p_and_erf_inv_are_close_to_the_truth() {
    for &x in &[-0.9f32, -0.5, -0.41, -1e-3, -1e-9, 0.0, 1e-6, 0.3, 0.41] {
        let got = f64::from(log1p(x));
        let want = f64::from(x).ln_1p();
        assert!(
            (got - want).abs() <= 4e-7 * want.abs().max(1e-30),
            "log1p({x})"
        );
    }
    // erf(erf_inv(u)) ≈ u, checked with the f64 erf of libm.
    for &u in &[-0.999_999f32, -0.9, -0.5, -1e-5, 1e-5, 0.25, 0.75, 0.999] {
        let z = f64::from(erf_inv::<Ieee>(u));
        assert!((libm::erf(z) - f64::from(u)).abs() < 2e-7, "erf_inv({u})");
    }
    assert_eq!(erf_inv::<Ieee>(1.0), f32::INFINITY);
    assert_eq!(erf_inv::<Ieee>(-1.0), f32::NEG_INFINITY);
    assert_eq!(erf_inv::<Ieee>(0.0).to_bits(), 0);
}

#[test]
fn erf_is_close_to_the_truth_and_one_past_its_cut_off() {
    for &x in &[-3.7f32, -2.0, -1.0, -0.1, 1e-3, 0.5, 1.41, 3.0] {
        let got = f64::from(erf(x));
        assert!((got - libm::erf(f64::from(x))).abs() < 3e-7, "erf({x})");
    }
    assert_eq!(erf(3.75), 1.0);
    assert_eq!(erf(-4.0), -1.0);
    // A subnormal argument is a zero, and so is its erf.
    assert_eq!(erf(1e-40).to_bits(), 0);
}

/// The constants as jaxlib 0.10.2's XLA CPU compiles the scalar `erf`.
#[test]
fn erf_constants_have_xla_s_bits() {
    let bits = |c: &[f32]| c.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        bits(&ERF_ALPHA),
        [
            0x3970_2d51,
            0x3b5f_5da2,
            0x3d50_b6eb,
            0x3e3d_a740,
            0x3f90_6eba
        ]
    );
    assert_eq!(
        bits(&ERF_BETA),
        [
            0xb3fd_3906,
            0x37c5_88df,
            0x3a85_6d28,
            0x3c66_87d4,
            0x3de3_4c21,
            0x3efe_b44a,
            0x3f80_0000
        ]
    );
    assert_eq!(ERF_ONE.to_bits(), 0x406f_9c68);
    assert_eq!((1.0 / SQRT_2).to_bits(), 0x3f35_04f3);
}

#[test]
fn next_toward_steps_one_unit_and_reads_subnormals_as_zero() {
    assert_eq!(next_toward(1.0, false), 1.0 - f32::EPSILON / 2.0);
    assert_eq!(next_toward(-2.0, true), -2.0 + f32::EPSILON);
    assert_eq!(next_toward(0.0, true).to_bits(), 1);
    assert_eq!(next_toward(-0.0, false).to_bits(), 0x8000_0001);
    assert_eq!(next_toward(1e-40, true).to_bits(), 1);
    assert_eq!(next_toward(f32::INFINITY, true), f32::INFINITY);
}

#[test]
fn maximum_and_minimum_order_signed_zeros_and_keep_nans() {
    assert_eq!(maximum(0.0, -0.0).to_bits(), 0);
    assert_eq!(maximum(-0.0, 0.0).to_bits(), 0);
    assert_eq!(minimum(0.0, -0.0).to_bits(), 0x8000_0000);
    assert_eq!(maximum(-1.0, 2.0), 2.0);
    assert_eq!(minimum(-1.0, 2.0), -1.0);
    assert!(maximum(f32::NAN, 1.0).is_nan() && minimum(1.0, f32::NAN).is_nan());
}

/// Flush-to-zero decides on the result rounded to 24 bits with an unbounded
/// exponent: `MIN·(1 + 2⁻²²)·(1 − 2⁻²²)` rounds up to `MIN` and stays, as XLA
/// CPU computes it, while `MIN·(1 − 2⁻²⁴)` is flushed.
#[test]
fn ftz_flushes_what_rounds_below_the_smallest_normal() {
    let a = f32::from_bits(0x0080_0002);
    let b = f32::from_bits(0x3f7f_fffc);
    assert_eq!(Ftz::mul(a, b), MIN);
    assert_eq!(Ftz::mul(MIN, 1.0 - f32::EPSILON / 2.0), 0.0);
    assert_eq!(Ftz::mul(-MIN, 0.5).to_bits(), 0x8000_0000);
    assert_eq!(Ftz::fma(MIN, 0.5, MIN / 4.0), 0.0);
    assert_eq!(Ftz::fma(MIN, 1.0, 0.0), MIN);
    assert_eq!(Ftz::mul(3.0, 0.5), 1.5);
    assert_eq!(sub_ftz(2.0 * MIN, 1.5 * MIN), 0.0);
    assert_eq!(div_ftz(MIN, 2.0), 0.0);
    assert_eq!(daz(-1e-40).to_bits(), 0x8000_0000);
}
