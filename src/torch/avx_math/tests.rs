use super::*;

/// Close to the true values (these are a few ulps from correctly rounded), and
/// exact where the polynomials are: `log 1 = 0`, `sin 0 = 0`, `cos 0 = 1`.
#[test]
fn close_to_the_true_functions() {
    assert_eq!(log_ps(1.0), 0.0);
    assert!(log_ps(0.0).is_nan());
    assert_eq!(sincos_ps(0.0), (0.0, 1.0));
    for i in 1..=4096u16 {
        let x = f32::from(i) / 4096.0;
        let want = f64::from(x).ln();
        assert!((f64::from(log_ps(x)) - want).abs() <= 4e-7 * want.abs().max(1e-3));
        let t = x * core::f32::consts::TAU;
        let (s, c) = sincos_ps(t);
        assert!((f64::from(s) - f64::from(t).sin()).abs() < 3e-7, "sin {t}");
        assert!((f64::from(c) - f64::from(t).cos()).abs() < 3e-7, "cos {t}");
    }
}

/// Values of the AVX2 kernel's routines (`avx_mathfun.h` as PyTorch's AVX2
/// binary computes them), pinned to the bit.
#[test]
fn pinned_bits() {
    let logs = [
        (0.5, 0xbf31_7218),
        (1e-7, 0xc180_f1dc),
        (0.3, 0xbf9a_1bc8),
        (0.999, 0xba83_22ca),
    ];
    for (x, bits) in logs {
        assert_eq!(log_ps(x).to_bits(), bits, "log {x}");
    }
    let sincos = [
        (2.0, 0x3f68_c7b7, 0xbed5_1132),
        (5.5, 0xbf34_9e4a, 0x3f35_6b62),
        (0.1, 0x3dcc_7577, 0x3f7e_b898),
        (4.0, 0xbf41_bdcf, 0xbf27_5530),
    ];
    for (x, s, c) in sincos {
        let (gs, gc) = sincos_ps(x);
        assert_eq!((gs.to_bits(), gc.to_bits()), (s, c), "sincos {x}");
    }
}
