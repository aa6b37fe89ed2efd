use super::*;

use crate::init::qr::tests::data;

/// The definition, one output at a time, in scalar code.
fn at_b_oracle<T: Scalar>(
    a: &[T],
    lda: usize,
    b: &[T],
    ldb: usize,
    k: usize,
    i: usize,
    j: usize,
) -> T {
    let mut total = T::ZERO;
    for r0 in (0..k).step_by(KC) {
        let mut s = T::ZERO;
        for r in r0..(r0 + KC).min(k) {
            s = s + a[r * lda + i] * b[r * ldb + j];
        }
        total = if r0 == 0 { s } else { total + s };
    }
    total
}

fn check_at_b<T: Scalar + core::fmt::Debug>(to: impl Fn(f64) -> T) {
    for &(k, mo, no) in &[
        (1, 1, 1),
        (3, 5, 7),
        (300, 33, 50),
        (600, 4, 24),
        (513, 9, 13),
    ] {
        let (lda, ldb, ldo) = (mo + 3, no + 1, no + 2);
        let a: Vec<T> = data(k * lda, 1).into_iter().map(&to).collect();
        let b: Vec<T> = data(k * ldb, 2).into_iter().map(&to).collect();
        let mut out = vec![T::ONE; mo * ldo];
        at_b(&mut out, ldo, &a, lda, &b, ldb, k, mo, no);
        for i in 0..mo {
            for j in 0..no {
                let want = at_b_oracle(&a, lda, &b, ldb, k, i, j);
                assert!(out[i * ldo + j].wide().to_bits() == want.wide().to_bits());
            }
            // Outside the result: untouched.
            assert!(out[i * ldo + no] == T::ONE);
        }
    }
}

fn check_add_ab<T: Scalar + core::fmt::Debug>(to: impl Fn(f64) -> T) {
    for &(mo, no, k) in &[
        (1, 1, 1),
        (7, 5, 3),
        (50, 33, 64),
        (12, 16, 1),
        (13, 40, 17),
        (5, 9, 300),
        (7, 20, 513),
    ] {
        let (lda, ldb, ldc) = (k + 2, no + 3, no + 1);
        let a: Vec<T> = data(mo * lda, 3).into_iter().map(&to).collect();
        let b: Vec<T> = data(k * ldb, 4).into_iter().map(&to).collect();
        let c0: Vec<T> = data(mo * ldc, 5).into_iter().map(&to).collect();
        let mut c = c0.clone();
        add_ab(&mut c, ldc, &a, lda, &b, ldb, mo, no, k);
        for i in 0..mo {
            for j in 0..no {
                let mut want = c0[i * ldc + j];
                for p in 0..k {
                    want = want + a[i * lda + p] * b[p * ldb + j];
                }
                assert!(c[i * ldc + j].wide().to_bits() == want.wide().to_bits());
            }
            assert!(c[i * ldc + no].wide().to_bits() == c0[i * ldc + no].wide().to_bits());
        }
    }
}

#[test]
fn the_tiled_products_give_the_bits_of_the_definition() {
    check_at_b::<f64>(|x| x);
    check_at_b::<f32>(f32::narrow);
    check_add_ab::<f64>(|x| x);
    check_add_ab::<f32>(f32::narrow);
}
