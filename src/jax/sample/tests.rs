use super::*;

#[test]
fn uniform_maps_the_extreme_words_to_its_ends() {
    let u = Uniform::new(-0.3, 0.7);
    assert_eq!(u.map::<Ieee>(0), -0.3);
    assert!(u.map::<Ieee>(u32::MAX) < 0.7);
    // The normal's uniform never reaches −1, so erf_inv stays finite.
    let Sampler::Normal(n) = Sampler::normal() else {
        unreachable!()
    };
    assert!(n.map::<Ieee>(0) > -1.0);
    assert!(Sampler::normal().map::<Ieee>(0).is_finite());
    assert!(Sampler::normal().map::<Ieee>(u32::MAX).is_finite());
}

#[test]
fn truncated_samples_stay_inside_the_open_interval() {
    let s = Sampler::truncated(-2.0, 2.0);
    for w in [0, 1, 1 << 9, u32::MAX / 2, u32::MAX - 511, u32::MAX] {
        let z = s.map::<Ieee>(w);
        assert!(-2.0 < z && z < 2.0, "{w:#x} gives {z}");
    }
    // Bounds far in the tail: erf is ±1 there, and the samples are clipped.
    let far = Sampler::truncated(6.0, 7.0);
    for w in [0, u32::MAX] {
        let z = far.map::<Ftz>(w);
        assert!((6.0..7.0).contains(&z), "{z}");
    }
}

/// Ordinary parameters take the plain path, tiny ones the flushing one, and the
/// two agree wherever nothing is small enough to flush.
#[test]
fn the_plain_path_is_taken_only_where_it_is_exact() {
    let s = Sampler::Uniform(Uniform::new(-1.0, 1.0));
    assert!(s.floor() >= SAFE);
    assert!(Sampler::normal().floor() * 1e-20 >= SAFE);
    assert!(Sampler::Uniform(Uniform::new(0.0, 1e-35)).floor() < SAFE);
    for w in (0..1000u32).map(|i| i.wrapping_mul(0x9e37_79b9)) {
        for s in [s, Sampler::normal(), Sampler::truncated(-1.5, 2.5)] {
            assert_eq!(s.map::<Ieee>(w).to_bits(), s.map::<Ftz>(w).to_bits());
        }
    }
    // A factor that makes products subnormal is flushed to zeros of their sign.
    let mut out = [1.0f32; 64];
    Sampler::normal().fill([0, 0], CounterLayout::Partitionable, &mut out, Some(1e-39));
    assert!(out.iter().all(|x| *x == 0.0));
    assert!(out.iter().any(|x| x.is_sign_negative()));
}

#[test]
fn ulp_is_that_of_normal_numbers() {
    assert_eq!(ulp(1.0), Some(f64::from(f32::EPSILON)));
    assert_eq!(ulp(-3.0), Some(2.0 * f64::from(f32::EPSILON)));
    assert_eq!(ulp(0.0), None);
    assert_eq!(ulp(f32::INFINITY), None);
}
