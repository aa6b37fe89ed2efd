use super::*;

/// The first values of `manual_seed(0); empty(4).uniform_()` (the float32 draws
/// 2357136044, 2546248239, … keep their low 24 bits).
#[test]
fn seed_zero_unit_interval() {
    let mut mt = Mt19937::new(0);
    let mut out = [0.0f32; 4];
    uniform_f32(&mut mt, &mut out, 0.0, 1.0, true);
    let mut raw = Mt19937::new(0);
    for x in out {
        assert_eq!(x, unit24(raw.next_u32()));
    }
}

/// The fused and the separately rounded forms differ somewhere, and by no
/// more than the product's rounding error, half an ulp of the range.
#[test]
fn fused_and_plain_differ_in_the_last_bit() {
    let n = 100_000;
    let (mut a, mut b) = (vec![0.0f32; n], vec![0.0f32; n]);
    uniform_f32(&mut Mt19937::new(1), &mut a, -0.1, 0.1, true);
    uniform_f32(&mut Mt19937::new(1), &mut b, -0.1, 0.1, false);
    let differ = a.iter().zip(&b).filter(|(x, y)| x != y).count();
    assert!(differ > 0);
    assert!(
        a.iter()
            .zip(&b)
            .all(|(x, y)| (x - y).abs() <= 0.1 * f32::EPSILON)
    );
}

/// Values stay in `[from, to)`.
#[test]
fn half_open() {
    let mut out = vec![0.0f64; 10_000];
    uniform_f64(&mut Mt19937::new(2), &mut out, -1.0, 1.0, true);
    assert!(out.iter().all(|x| (-1.0..1.0).contains(x)));
}
