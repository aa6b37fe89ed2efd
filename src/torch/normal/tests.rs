use super::*;

/// The scalar path keeps the second value of each pair: two calls draw four
/// words, three calls eight.
#[test]
fn scalar_path_caches_the_second_value() {
    let mut mt = Mt19937::new(0);
    let mut cache = None;
    let a = normal_scalar(&mut mt, &mut cache, 0.0, 1.0, true);
    assert!(cache.is_some());
    let b = normal_scalar(&mut mt, &mut cache, 0.0, 1.0, true);
    assert!(cache.is_none());
    let mut fresh = Mt19937::new(0);
    for _ in 0..4 {
        fresh.next_u32();
    }
    assert_eq!(mt.next_u32(), fresh.next_u32());
    // The pair is (r·cos θ, r·sin θ): its squared norm is r².
    let u2 = unit53({
        let mut m = Mt19937::new(0);
        m.next_u64();
        m.next_u64()
    });
    let r2 = -2.0 * (-u2).ln_1p();
    assert!((a * a + b * b - r2).abs() < 1e-12 * r2.max(1.0));
}

/// The tail of a length that is not a multiple of 16 is recomputed from 16
/// fresh uniforms, after the partial block's uniforms are drawn: 17 elements
/// draw 17 + 16 words, and the first element is the first of a 16-element fill.
#[test]
fn partial_block_draws_and_recomputes() {
    let mut a = Mt19937::new(9);
    let mut out17 = [0.0f32; 17];
    normal_f32_avx2(&mut a, &mut out17, 0.0, 1.0);
    let mut b = Mt19937::new(9);
    let mut out16 = [0.0f32; 16];
    normal_f32_avx2(&mut b, &mut out16, 0.0, 1.0);
    assert_eq!(out17[0], out16[0]);
    for _ in 0..17 {
        b.next_u32();
    }
    assert_eq!(a, b);
}

/// The AVX2 path, the C library path and the f64 path agree to float
/// precision.
#[test]
fn paths_agree_closely() {
    let n = 4096;
    let (mut a, mut b) = (vec![0.0f32; n], vec![0.0f32; n]);
    normal_f32_avx2(&mut Mt19937::new(3), &mut a, 0.0, 1.0);
    normal_f32_libm(&mut Mt19937::new(3), &mut b, 0.0, 1.0, false);
    for (x, y) in a.iter().zip(&b) {
        assert!((x - y).abs() <= 4e-6 * x.abs().max(1.0), "{x} {y}");
    }
}
