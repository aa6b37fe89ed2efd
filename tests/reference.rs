//! Fans, gains and constants against the numbers PyTorch 2.15, Keras 3.15 and JAX 0.10
//! computed themselves (`tests/data/reference.json`).

use nninit::{Fans, InitError, Nonlinearity, Shape, gain};
use serde_json::Value;

fn reference() -> Value {
    serde_json::from_str(include_str!("data/reference.json")).unwrap()
}

fn dims(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| usize::try_from(d.as_u64().unwrap()).unwrap())
        .collect()
}

fn fans_of(v: &Value) -> Fans {
    let get = |k: &str| usize::try_from(v[k].as_u64().unwrap()).unwrap();
    Fans {
        fan_in: get("fan_in"),
        fan_out: get("fan_out"),
    }
}

#[test]
fn torch_fans_match_pytorch() {
    let r = reference();
    let cases = r["torch_fans"].as_array().unwrap();
    assert!(cases.len() >= 7);
    for case in cases {
        let d = dims(&case["dims"]);
        assert_eq!(
            Shape::from_torch(&d).fans(),
            Ok(fans_of(case)),
            "torch {d:?}"
        );
    }
}

#[test]
fn keras_fans_match_keras() {
    let r = reference();
    let cases = r["keras_fans"].as_array().unwrap();
    assert!(cases.len() >= 8);
    for case in cases {
        let d = dims(&case["dims"]);
        assert_eq!(
            Shape::from_keras(&d).fans(),
            Ok(fans_of(case)),
            "keras {d:?}"
        );
    }
}

#[test]
fn the_same_kernel_in_both_layouts_has_the_same_fans() {
    let r = reference();
    for (t, k) in r["torch_fans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["dims"].as_array().unwrap().len() > 2)
        .zip(r["keras_fans"].as_array().unwrap().iter().skip(3))
    {
        let (td, kd) = (dims(&t["dims"]), dims(&k["dims"]));
        assert_eq!(
            Shape::from_torch(&td).fans().unwrap(),
            Shape::from_keras(&kd).fans().unwrap(),
            "{td:?} vs {kd:?}"
        );
    }
}

#[test]
fn rank_one_in_torch_layout_is_pytorchs_error() {
    let r = reference();
    let torch_msg = r["torch_fans_rank1_error"].as_str().unwrap();
    let err = Shape::from_torch(&[7]).fans().unwrap_err();
    assert!(matches!(err, InitError::RankTooLow { min: 2, .. }));
    // The same condition, said in our words and with what to do.
    assert!(torch_msg.contains("fewer than 2 dimensions"));
    let ours = err.to_string();
    assert!(ours.contains("fewer than 2 dimensions"), "{ours}");
    assert!(ours.contains("Shape::from_keras"), "{ours}");
}

#[test]
#[allow(clippy::float_cmp)] // the gains must be PyTorch's to the last bit
fn gains_match_calculate_gain() {
    let r = reference();
    let table = r["torch_gains"].as_object().unwrap();
    for nl in Nonlinearity::ALL {
        if let Some(want) = table.get(nl.name()) {
            assert_eq!(nl.gain(), want.as_f64().unwrap(), "{}", nl.name());
        }
    }
    for (slope, key) in [
        (0.2, "leaky_relu(0.2)"),
        (0.3, "leaky_relu(0.3)"),
        (1.0, "leaky_relu(1.0)"),
    ] {
        assert_eq!(
            gain(Nonlinearity::LeakyRelu, Some(slope)).unwrap(),
            table[key].as_f64().unwrap(),
            "{key}"
        );
    }
    // Every PyTorch entry is covered by a Nonlinearity.
    for name in table.keys().filter(|k| !k.contains('(')) {
        assert!(Nonlinearity::ALL.iter().any(|n| n.name() == name), "{name}");
    }
}

#[test]
fn truncation_constant_is_keras_and_jax() {
    let r = reference();
    let want = r["trunc2_std"].as_f64().unwrap();
    assert!((nninit::TRUNCATED_STD - want).abs() < 1e-16);
}

/// Large samples drawn by the frameworks themselves, against samples of the same
/// initializer and shape from nninit: two-sample z-tests of the mean and variance at
/// |z| < 3.89 (alpha = 1e-4), and the frameworks' extremes inside nninit's support.
#[test]
#[allow(clippy::cast_precision_loss)]
fn samples_agree_with_the_frameworks_samples() {
    use nninit::{
        FanMode, GlorotNormal, HeNormal, Init, Initializer, KaimingNormal, KaimingUniform,
        LecunUniform, Nonlinearity, XavierNormal, XavierUniform,
    };
    let r = reference();
    let moments = r["sample_moments"].as_object().unwrap();
    let cases: Vec<(&str, Init, bool, f64)> = vec![
        // (name, initializer, bounded, kurtosis of the distribution)
        (
            "xavier_uniform_",
            XavierUniform::default().into(),
            true,
            1.8,
        ),
        ("xavier_normal_", XavierNormal::default().into(), false, 3.0),
        (
            "kaiming_uniform_(a=sqrt5)",
            KaimingUniform::new(5f64.sqrt(), FanMode::FanIn, Nonlinearity::LeakyRelu)
                .unwrap()
                .into(),
            true,
            1.8,
        ),
        (
            "kaiming_normal_(fan_out)",
            KaimingNormal::default().with_mode(FanMode::FanOut).into(),
            false,
            3.0,
        ),
        // The normal cut at ±2 has kurtosis 2.3655.
        ("GlorotNormal", GlorotNormal.into(), true, 2.3655),
        ("HeNormal", HeNormal.into(), true, 2.3655),
        ("LecunUniform", LecunUniform.into(), true, 1.8),
    ];
    assert_eq!(cases.len(), moments.len());
    for (key, (name, init, bounded, kurtosis)) in cases.iter().enumerate() {
        let m = &moments[*name];
        let shape = match m.get("torch_dims") {
            Some(d) => Shape::from_torch(&dims(d)),
            None => Shape::from_keras(&dims(&m["keras_dims"])),
        };
        let n = usize::try_from(m["n"].as_u64().unwrap()).unwrap();
        assert_eq!(shape.len(), n);
        let mut w = vec![0.0f32; n];
        init.fill_keyed(&mut w, &shape, 77 + key as u64).unwrap();
        let nf = n as f64;
        let mean = w.iter().map(|&x| f64::from(x)).sum::<f64>() / nf;
        let var = w
            .iter()
            .map(|&x| (f64::from(x) - mean).powi(2))
            .sum::<f64>()
            / (nf - 1.0);
        let (their_mean, their_var) = (m["mean"].as_f64().unwrap(), m["var"].as_f64().unwrap());
        let z_mean = (mean - their_mean) / (2.0 * their_var / nf).sqrt();
        let z_var = (var - their_var) / (2.0 * (kurtosis - 1.0) * their_var.powi(2) / nf).sqrt();
        assert!(
            z_mean.abs() < 3.89,
            "{name}: mean {mean} vs {their_mean}, z = {z_mean}"
        );
        assert!(
            z_var.abs() < 3.89,
            "{name}: var {var} vs {their_var}, z = {z_var}"
        );
        if *bounded {
            let ours = w.iter().fold(0.0f32, |a, x| a.max(x.abs()));
            let theirs = m["max"].as_f64().unwrap().max(-m["min"].as_f64().unwrap());
            // Both samples reach within 0.1 % of one common bound.
            assert!(
                (f64::from(ours) - theirs).abs() < 1e-3 * theirs,
                "{name}: {ours} vs {theirs}"
            );
        }
    }
}
