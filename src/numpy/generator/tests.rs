use super::*;

#[test]
fn uniform_rejects_what_numpy_rejects_without_drawing() {
    let mut rng = Generator::default_rng(0);
    let before = rng.clone();
    let mut x = [7.0f64; 4];
    for (low, high) in [
        (1.0, 0.0),
        (0.0, -0.0),
        (f64::NEG_INFINITY, 0.0),
        (0.0, f64::NAN),
        (-f64::MAX, f64::MAX),
    ] {
        assert!(rng.uniform(&mut x, low, high).is_err(), "{low} {high}");
    }
    assert_eq!(rng, before);
    assert_eq!(x, [7.0; 4]);
    // NumPy's messages name the quantity it checks.
    assert!(matches!(
        rng.uniform(&mut x, 1.0, 0.0),
        Err(InitError::OutOfRange { name: "high - low", value, .. }) if value == -1.0
    ));
}

#[test]
fn uniform_of_an_empty_range_is_low_and_still_draws() {
    let mut rng = Generator::default_rng(0);
    let mut x = [0.0f64; 3];
    rng.uniform(&mut x, 2.5, 2.5).unwrap();
    assert_eq!(x, [2.5; 3]);
    let mut reference = Generator::default_rng(0);
    reference.random(&mut [0.0f64; 3]);
    assert_eq!(rng, reference);
}

#[test]
fn normal_rejects_negative_scale_and_passes_nan() {
    let mut rng = Generator::default_rng(0);
    let mut x = [0.0f64; 2];
    for scale in [-1.0, -0.0, f64::NEG_INFINITY] {
        assert!(matches!(
            rng.normal(&mut x, 0.0, scale),
            Err(InitError::OutOfRange { name: "scale", .. })
        ));
    }
    assert_eq!(rng, Generator::default_rng(0));
    rng.normal(&mut x, 0.0, f64::NAN).unwrap();
    assert!(x.iter().all(|v| v.is_nan()));
    rng.normal(&mut x, 1.5, 0.0).unwrap();
    assert_eq!(x, [1.5; 2]);
}

#[test]
fn f32_uniform_and_normal_are_the_f64_values_rounded() {
    let (mut a, mut b) = (Generator::default_rng(4), Generator::default_rng(4));
    let (mut wide, mut narrow) = ([0.0f64; 50], [0.0f32; 50]);
    a.uniform(&mut wide, -0.3, 0.7).unwrap();
    b.uniform(&mut narrow, -0.3, 0.7).unwrap();
    a.normal(&mut wide, 0.5, 2.0).unwrap();
    b.normal(&mut narrow, 0.5, 2.0).unwrap();
    #[allow(clippy::cast_possible_truncation)]
    let rounded: Vec<f32> = wide.iter().map(|&v| v as f32).collect();
    assert_eq!(narrow.to_vec(), rounded);
    assert_eq!(a, b);
}

#[test]
fn an_odd_f32_count_leaves_a_half_for_the_next_f32_call() {
    let mut rng = Generator::default_rng(11);
    let mut one = [0.0f32; 1];
    rng.random(&mut one);
    let mut wide = [0.0f64; 1];
    rng.random(&mut wide);
    let mut next = [0.0f32; 1];
    rng.random(&mut next);
    let mut bg = Pcg64::new(11);
    let w0 = bg.next_u64();
    let w1 = bg.next_u64();
    #[allow(clippy::cast_precision_loss)]
    {
        assert_eq!(one[0], ((w0 & 0xffff_ffff) >> 8) as f32 / 16_777_216.0);
        assert_eq!(next[0], ((w0 >> 32) >> 8) as f32 / 16_777_216.0);
        assert_eq!(wide[0], (w1 >> 11) as f64 / 9_007_199_254_740_992.0);
    }
}
