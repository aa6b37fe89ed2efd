use super::*;

#[test]
fn fixed_points_satisfy_the_map() {
    for nl in Nonlinearity::ALL {
        for (w, b) in [
            (0.5, 0.0),
            (1.0, 0.0),
            (1.5, 0.0),
            (0.8, 0.1),
            (2.5, 0.3),
            (1.2, 2.0),
        ] {
            let mf = MeanField::new(nl, w, b).unwrap();
            let q = mf.q_star();
            if q.is_finite() && q > 0.0 {
                assert!(
                    (mf.variance_map(q) - q).abs() <= 1e-13 * q,
                    "{nl:?} σ_w² = {w} σ_b² = {b}: V({q}) = {}",
                    mf.variance_map(q)
                );
            } else if q == 0.0 {
                assert_eq!(mf.variance_map(0.0), 0.0, "{nl:?} {w} {b}");
            } else {
                assert!(mf.variance_map(1e50) > 1e50, "{nl:?} {w} {b}");
            }
        }
    }
}

/// Iterating the map from 1 lands where `q_star` says.
#[test]
fn iteration_converges_to_q_star() {
    for (nl, w, b) in [
        (Nonlinearity::Tanh, 2.0, 0.1),
        (Nonlinearity::Tanh, 0.7, 0.3),
        (Nonlinearity::Sigmoid, 4.0, 0.0),
        (Nonlinearity::Selu, 1.0, 0.0),
        (Nonlinearity::Gelu, 1.5, 0.2),
        (Nonlinearity::Silu, 1.5, 0.5),
    ] {
        let mf = MeanField::new(nl, w, b).unwrap();
        let mut q = 1.0;
        for _ in 0..2000 {
            q = mf.variance_map(q);
        }
        assert!(
            (q - mf.q_star()).abs() < 1e-10 * q,
            "{nl:?}: {q} vs {}",
            mf.q_star()
        );
    }
}

/// SELU at `σ_w² = 1` keeps unit variance: its fixed point (Klambauer et al.
/// 2017) is q = 1 for zero-mean weights.
#[test]
fn selu_self_normalises() {
    let mf = MeanField::new(Nonlinearity::Selu, 1.0, 0.0).unwrap();
    assert!((mf.q_star() - 1.0).abs() < 1e-6, "{}", mf.q_star());
}

/// `C′(1) = χ₁`, by a one-sided difference, and `C(1) = 1`.
#[test]
fn correlation_map_slope_at_one_is_chi_1() {
    for (nl, w, b) in [
        (Nonlinearity::Tanh, 1.5, 0.05),
        (Nonlinearity::Tanh, 0.9, 0.2),
        (Nonlinearity::Gelu, 1.8, 0.1),
        (Nonlinearity::LeakyRelu, 1.7, 0.3),
    ] {
        let mf = MeanField::new(nl, w, b).unwrap();
        assert!((mf.correlation_map(1.0) - 1.0).abs() < 1e-13);
        let h = 1e-5;
        let slope = (1.0 - mf.correlation_map(1.0 - h)) / h;
        assert!(
            (slope - mf.chi_1()).abs() < 1e-3 * mf.chi_1(),
            "{nl:?}: {slope} vs {}",
            mf.chi_1()
        );
    }
}

#[test]
fn odd_nonlinearities_without_bias_keep_orthogonal_inputs_orthogonal() {
    let mf = MeanField::new(Nonlinearity::Tanh, 2.0, 0.0).unwrap();
    assert!(mf.correlation_map(0.0).abs() < 1e-15);
    assert!(mf.correlation_map(2.0).is_nan());
}
