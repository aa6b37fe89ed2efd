//! `Init` to and from JSON, and from Keras's own serialized configs
//! (`tests/data/keras_serialized_defaults.json` is Keras 3.15.1's output of
//! `keras.saving.serialize_keras_object` for each initializer's defaults, copied
//! from the shared reference file).
#![cfg(feature = "serde")]

use nninit::{
    Constant, Dirac, FanMode, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity, Init,
    KaimingNormal, LecunNormal, LecunUniform, Nonlinearity, Ones, Orthogonal, RandomNormal,
    RandomUniform, Sparse, TruncatedNormal, VarianceScaling, XavierUniform, Zeros,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const KERAS_DEFAULTS: &str = include_str!("data/keras_serialized_defaults.json");

fn from_json(v: &Value) -> Result<Init, String> {
    serde_json::from_value(v.clone()).map_err(|e| e.to_string())
}

#[test]
fn keras_serialized_defaults_round_trip() {
    let all: serde_json::Map<String, Value> = serde_json::from_str(KERAS_DEFAULTS).unwrap();
    assert_eq!(all.len(), 15);
    for (class, config) in &all {
        let init = from_json(config).unwrap_or_else(|e| panic!("{class}: {e}"));
        let want: Init = match class.as_str() {
            "GlorotUniform" => GlorotUniform.into(),
            "GlorotNormal" => GlorotNormal.into(),
            "HeNormal" => HeNormal.into(),
            "HeUniform" => HeUniform.into(),
            "LecunNormal" => LecunNormal.into(),
            "LecunUniform" => LecunUniform.into(),
            "RandomUniform" => RandomUniform::default().into(),
            "RandomNormal" => RandomNormal::default().into(),
            "TruncatedNormal" => TruncatedNormal::default().into(),
            "Zeros" => Zeros.into(),
            "Ones" => Ones.into(),
            "Constant" => Constant::default().into(),
            "Orthogonal" => Orthogonal::default().into(),
            "Identity" => Identity::default().into(),
            "VarianceScaling" => VarianceScaling::default().into(),
            other => panic!("unexpected class {other}"),
        };
        assert_eq!(init, want, "{class}");
        // Written back, it is Keras's own config, key for key.
        let written = serde_json::to_value(init).unwrap();
        assert_eq!(&written, config, "{class}");
    }
}

#[test]
fn the_older_keras_form_and_names_are_read() {
    let old = json!({"class_name": "GlorotUniform", "config": {"seed": null}});
    assert_eq!(from_json(&old), Ok(GlorotUniform.into()));
    let no_config = json!({"class_name": "he_normal"});
    assert_eq!(from_json(&no_config), Ok(HeNormal.into()));
    assert_eq!(from_json(&json!("he_normal")), Ok(HeNormal.into()));
    let vs = json!({
        "class_name": "VarianceScaling",
        "config": {"scale": 2, "mode": "fan_out", "distribution": "normal", "seed": null}
    });
    // Keras reads "normal" as the truncated normal.
    assert_eq!(
        from_json(&vs).unwrap().to_string(),
        "variance_scaling(scale=2, mode=fan_out, distribution=truncated_normal)"
    );
}

#[test]
fn what_nninit_cannot_honour_is_refused_clearly() {
    let axes = json!({
        "module": "keras.initializers",
        "class_name": "GlorotUniform",
        "config": {"seed": null, "input_axes": [0], "output_axes": null},
        "registered_name": null
    });
    let e = from_json(&axes).unwrap_err();
    assert!(e.contains("input_axes") && e.contains("Shape"), "{e}");
    let seeded = json!({"class_name": "RandomNormal", "config": {"seed": 42}});
    let e = from_json(&seeded).unwrap_err();
    assert!(e.contains("seed") && e.contains("42"), "{e}");
    let foreign = json!({"module": "my_package", "class_name": "MyInit", "config": {}});
    let e = from_json(&foreign).unwrap_err();
    assert!(e.contains("my_package"), "{e}");
    let unknown = json!({"class_name": "GlorotUnifrom", "config": {}});
    let e = from_json(&unknown).unwrap_err();
    assert!(e.contains("GlorotUniform"), "{e}");
    assert!(from_json(&json!({"config": {}})).is_err());
    assert!(from_json(&json!(0)).is_err());
}

#[test]
fn every_initializer_round_trips_through_json() {
    for text in [
        "constant(value=-0.3)",
        "random_uniform(minval=-1e-7, maxval=3.5)",
        "trunc_normal_(mean=0, std=0.02, a=-0.04, b=0.04)",
        "truncated_normal(mean=0.5, stddev=2, lower=0, upper=inf)",
        "variance_scaling(scale=0.1, mode=fan_out, distribution=untruncated_normal)",
        "xavier_uniform_(gain=1.6666666666666667)",
        "kaiming_normal_(a=0.2, mode=fan_out, nonlinearity=gelu)",
        "torch_default",
        "orthogonal(gain=1.1)",
        "identity(gain=0.5)",
        "dirac_(groups=3)",
        "delta_orthogonal(scale=2)",
        "sparse_(sparsity=0.9, std=0.001)",
    ] {
        let init: Init = text.parse().unwrap();
        let json = serde_json::to_string(&init).unwrap();
        let back: Init = serde_json::from_str(&json).unwrap();
        assert_eq!(back, init, "{json}");
    }
    let torch: Init = "xavier_uniform_".parse().unwrap();
    let v = serde_json::to_value(torch).unwrap();
    assert_eq!(v["module"], "nninit");
    assert_eq!(v["class_name"], "xavier_uniform_");
    assert_eq!(v["config"], json!({"gain": 1.0}));
}

fn json_round_trip(init: Init) -> Init {
    let json = serde_json::to_string(&init).unwrap();
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// With `serde_json`'s `float_roundtrip` feature (on for these tests), every float
/// reads back to its own bits; its default parser reads `1e-45` as
/// `1.0000000000000001e-45`.
#[test]
fn floats_and_counts_round_trip_exactly_through_json() {
    let tiny = Init::from(Sparse::new(1e-45, 0.01).unwrap());
    assert_eq!(json_round_trip(tiny), tiny);
    for groups in [1, 3, 1 << 53, (1 << 53) + 1, usize::MAX - 1, usize::MAX] {
        let dirac = Init::from(Dirac::new(groups).unwrap());
        assert_eq!(json_round_trip(dirac), dirac, "{groups}");
        let v = serde_json::to_value(dirac).unwrap();
        assert_eq!(v["config"]["groups"], json!(groups), "{groups}");
    }
}

fn any_finite() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |x| x.is_finite())
}

fn any_positive() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("positive and finite", |x| *x > 0.0 && x.is_finite())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Parameters with arbitrary bits read back from JSON to the same `Init`.
    #[test]
    fn arbitrary_parameters_round_trip_through_json(
        which in 0u8..8,
        a in any_finite(),
        b in any_finite(),
        p in any_positive(),
        q in any_positive(),
        fraction in any::<u64>(),
        groups in 1usize..=usize::MAX,
    ) {
        #[allow(clippy::cast_precision_loss)] // any fraction in [0, 1] will do
        let sparsity = fraction as f64 / u64::MAX as f64;
        let init = match which {
            0 => Constant::new(a).map(Init::from),
            1 => RandomUniform::new(a.min(b), a.max(b)).map(Init::from),
            2 => RandomNormal::new(a, p).map(Init::from),
            3 => Sparse::new(sparsity, p).map(Init::from),
            4 => Ok(Init::from(Dirac::new(groups).unwrap())),
            5 => XavierUniform::new(p).map(Init::from),
            6 => KaimingNormal::new(b / 1e160, FanMode::FanOut, Nonlinearity::LeakyRelu)
                .map(Init::from),
            _ => Orthogonal::new(q).map(Init::from),
        };
        if let Ok(init) = init {
            prop_assert_eq!(json_round_trip(init), init);
        }
    }
}
