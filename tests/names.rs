//! Initializers by name: every PyTorch, Keras and JAX name with its own framework's
//! meaning, arguments, errors that say what to write, the canonical `Display`
//! that parses back, and a parser that never panics.

use nninit::{
    Constant, DeltaOrthogonal, Dirac, FanMode, GlorotNormal, GlorotUniform, HeNormal, HeUniform,
    Identity, Init, InitError, KaimingNormal, KaimingUniform, LecunNormal, LecunUniform,
    Nonlinearity, Ones, Orthogonal, ParseInitError, RandomNormal, RandomUniform,
    ScalingDistribution, Sparse, TorchDefault, TruncatedNormal, Truncation, VarianceScaling,
    XavierNormal, XavierUniform, Zeros,
};
use proptest::prelude::*;

fn p(s: &str) -> Init {
    s.parse()
        .unwrap_or_else(|e| panic!("`{s}` should parse: {e}"))
}

fn err(s: &str) -> ParseInitError {
    match s.parse::<Init>() {
        Ok(init) => panic!("`{s}` should not parse, but gave {init:?}"),
        Err(e) => e,
    }
}

fn vs(scale: f64, mode: FanMode, d: ScalingDistribution) -> Init {
    VarianceScaling::new(scale, mode, d).unwrap().into()
}

#[test]
fn keras_names_and_aliases() {
    for (names, want) in [
        (
            &["GlorotUniform", "glorot_uniform"][..],
            Init::from(GlorotUniform),
        ),
        (&["GlorotNormal", "glorot_normal"], GlorotNormal.into()),
        (&["HeUniform", "he_uniform"], HeUniform.into()),
        (&["HeNormal", "he_normal"], HeNormal.into()),
        (&["LecunUniform", "lecun_uniform"], LecunUniform.into()),
        (&["LecunNormal", "lecun_normal"], LecunNormal.into()),
        (&["Zeros", "zeros", "zero"], Zeros.into()),
        (&["Ones", "ones", "one"], Ones.into()),
        (&["Constant", "constant"], Constant::default().into()),
        (
            &["RandomUniform", "random_uniform", "uniform"],
            RandomUniform::default().into(),
        ),
        (
            &["RandomNormal", "random_normal", "normal"],
            RandomNormal::default().into(),
        ),
        (
            &["TruncatedNormal", "truncated_normal"],
            TruncatedNormal::default().into(),
        ),
        (
            &["VarianceScaling", "variance_scaling"],
            VarianceScaling::default().into(),
        ),
        (
            &[
                "Orthogonal",
                "orthogonal",
                "OrthogonalInitializer",
                "orthogonal_initializer",
            ],
            Orthogonal::default().into(),
        ),
        (
            &[
                "Identity",
                "identity",
                "IdentityInitializer",
                "identity_initializer",
            ],
            Identity::default().into(),
        ),
    ] {
        for name in names {
            assert_eq!(p(name), want, "{name}");
            assert_eq!(p(&format!("keras.initializers.{name}")), want, "{name}");
            assert_eq!(p(&format!("{name}()")), want, "{name}()");
        }
    }
}

#[test]
fn pytorch_names_with_and_without_underscore() {
    let torch_uniform = Init::from(RandomUniform::new(0.0, 1.0).unwrap());
    let torch_normal = Init::from(RandomNormal::new(0.0, 1.0).unwrap());
    for (name, want) in [
        ("uniform_", torch_uniform),
        ("normal_", torch_normal),
        (
            "trunc_normal_",
            TruncatedNormal::torch(0.0, 1.0, -2.0, 2.0).unwrap().into(),
        ),
        ("zeros_", Zeros.into()),
        ("ones_", Ones.into()),
        ("eye_", Identity::default().into()),
        ("dirac_", Dirac::default().into()),
        ("xavier_uniform_", XavierUniform::default().into()),
        ("xavier_normal_", XavierNormal::default().into()),
        ("kaiming_uniform_", KaimingUniform::default().into()),
        ("kaiming_normal_", KaimingNormal::default().into()),
        ("orthogonal_", Orthogonal::default().into()),
    ] {
        assert_eq!(p(name), want, "{name}");
        assert_eq!(p(&format!("torch.nn.init.{name}")), want, "{name}");
        assert_eq!(p(&format!("nn.init.{name}")), want, "{name}");
        let bare = name.trim_end_matches('_');
        assert_eq!(p(&format!("torch.nn.init.{bare}")), want, "{bare}");
    }
    // Without a prefix, names PyTorch shares with Keras mean Keras's; the others
    // mean PyTorch's.
    assert_eq!(p("uniform"), RandomUniform::default().into());
    assert_eq!(p("normal"), RandomNormal::default().into());
    for name in [
        "trunc_normal",
        "eye",
        "dirac",
        "xavier_uniform",
        "xavier_normal",
        "kaiming_uniform",
        "kaiming_normal",
    ] {
        assert_eq!(p(name), p(&format!("{name}_")), "{name}");
    }
    assert_eq!(p("constant_(0.5)"), Constant::new(0.5).unwrap().into());
    assert_eq!(p("constant_(val=0.5)"), Constant::new(0.5).unwrap().into());
    assert_eq!(p("sparse_(0.1)"), Sparse::new(0.1, 0.01).unwrap().into());
    assert_eq!(
        p("sparse_(sparsity=0.2, std=0.5)"),
        Sparse::new(0.2, 0.5).unwrap().into()
    );
    assert_eq!(
        p("uniform_(a=-1, b=3)"),
        RandomUniform::new(-1.0, 3.0).unwrap().into()
    );
    assert_eq!(
        p("trunc_normal_(std=0.02)"),
        TruncatedNormal::torch(0.0, 0.02, -2.0, 2.0).unwrap().into()
    );
    assert_eq!(p("torch_default"), TorchDefault.into());
}

#[test]
fn jax_names_mean_jax() {
    assert_eq!(
        p("jax.uniform"),
        RandomUniform::new(0.0, 0.01).unwrap().into()
    );
    assert_eq!(
        p("jax.uniform(scale=2)"),
        RandomUniform::new(0.0, 2.0).unwrap().into()
    );
    assert_eq!(
        p("jax.normal"),
        RandomNormal::new(0.0, 0.01).unwrap().into()
    );
    assert_eq!(
        p("jax.nn.initializers.truncated_normal(stddev=1, lower=-1, upper=3)"),
        TruncatedNormal::with_truncation(
            0.0,
            1.0,
            Truncation::Stddevs {
                lower: -1.0,
                upper: 3.0
            }
        )
        .unwrap()
        .into()
    );
    // JAX's xavier/kaiming are the Keras-style (truncated) glorot/he.
    assert_eq!(p("jax.xavier_normal"), GlorotNormal.into());
    assert_eq!(p("jax.kaiming_normal"), HeNormal.into());
    assert_eq!(p("jax.kaiming_uniform"), HeUniform.into());
    assert_eq!(p("xavier_normal"), XavierNormal::default().into());
    // JAX's "normal" distribution is untruncated; Keras's is truncated.
    assert_eq!(
        p("jax.variance_scaling(1, fan_in, normal)"),
        vs(1.0, FanMode::FanIn, ScalingDistribution::Normal)
    );
    assert_eq!(
        p("variance_scaling(distribution=normal)"),
        vs(1.0, FanMode::FanIn, ScalingDistribution::TruncatedNormal)
    );
    assert!(matches!(
        err("jax.variance_scaling(2.0, fan_in)"),
        ParseInitError::MissingArgument {
            argument: "distribution",
            ..
        }
    ));
    assert_eq!(
        p("jax.orthogonal(scale=2)"),
        Orthogonal::new(2.0).unwrap().into()
    );
    assert_eq!(p("jax.delta_orthogonal"), DeltaOrthogonal::default().into());
    assert_eq!(p("jax.constant(0.25)"), Constant::new(0.25).unwrap().into());
}

#[test]
fn arguments_from_the_issue() {
    assert_eq!(
        p("he_normal(mode=fan_out)"),
        vs(2.0, FanMode::FanOut, ScalingDistribution::TruncatedNormal)
    );
    assert_eq!(
        p("random_uniform(minval=-0.1, maxval=0.1)"),
        RandomUniform::new(-0.1, 0.1).unwrap().into()
    );
    assert_eq!(p("constant(0.5)"), Constant::new(0.5).unwrap().into());
    assert_eq!(
        p("variance_scaling(scale=2, mode=fan_avg, distribution=uniform)"),
        vs(2.0, FanMode::FanAvg, ScalingDistribution::Uniform)
    );
    assert_eq!(
        p("kaiming_uniform(a=2.236, nonlinearity=leaky_relu)"),
        KaimingUniform::new(2.236, FanMode::FanIn, Nonlinearity::LeakyRelu)
            .unwrap()
            .into()
    );
    assert_eq!(
        p("kaiming_normal_(mode='fan_out', nonlinearity=\"relu\")"),
        KaimingNormal::new(0.0, FanMode::FanOut, Nonlinearity::Relu)
            .unwrap()
            .into()
    );
    assert_eq!(
        p("glorot_uniform(seed=None)"),
        GlorotUniform.into(),
        "Keras's seed=None is accepted"
    );
    assert_eq!(p("  he_uniform (  )  "), HeUniform.into());
    assert_eq!(p("dirac_(groups=4)"), Dirac::new(4).unwrap().into());
    assert_eq!(p("Identity(gain=2)"), Identity::new(2.0).unwrap().into());
}

#[test]
fn a_bare_number_is_explained() {
    // Keras 3.15 says only this (reference.json, `keras_error_for_0`):
    let keras = "ValueError: Could not interpret initializer identifier: 0";
    for input in ["0", " 0 ", "0.0", "-1", "1e-3", ".5"] {
        let e = err(input);
        assert!(
            matches!(e, ParseInitError::BareNumber { .. }),
            "{input}: {e:?}"
        );
        let msg = e.to_string();
        assert!(msg.contains("bare number"), "{msg}");
        assert!(msg.contains("not an initializer name"), "{msg}");
        assert!(
            msg.contains(&format!("constant({})", input.trim())),
            "{msg}"
        );
        assert!(msg.contains("zeros"), "{msg}");
        assert!(msg.contains("symmetry_check"), "{msg}");
        assert!(!keras.contains("constant"));
    }
    assert!(matches!(err("   "), ParseInitError::Empty));
}

#[test]
fn long_inputs_cost_little_and_are_echoed_in_part() {
    // Edit distance against every name would take seconds for a 4 MB name, and
    // the message would repeat all of it.
    let start = std::time::Instant::now();
    let name = "x".repeat(4_000_000);
    let e = err(&name);
    let ParseInitError::UnknownName {
        name: echoed,
        suggestions,
    } = &e
    else {
        panic!("{e:?}");
    };
    assert!(suggestions.is_empty());
    assert_eq!(echoed.chars().count(), 65);
    assert!(echoed.ends_with('…'));
    assert!(
        e.to_string()
            .contains("see the table of names on `nninit::Init`"),
        "{e}"
    );
    assert!(e.to_string().len() < 200, "{e}");
    // Multi-byte characters are cut at a character boundary.
    let e = err(&"é".repeat(100_000)).to_string();
    assert!(e.len() < 300 && e.contains('…'), "{e}");
    // Long values, argument names, numbers and syntax errors are echoed in part.
    let long_word = "w".repeat(1_000_000);
    for input in [
        format!("he_normal(mode={long_word})"),
        format!("he_normal({long_word}=1)"),
        "9".repeat(1_000_000),
        format!("zeros({long_word}"),
        format!("{long_word} zeros"),
        format!("zeros(1, {long_word}"),
    ] {
        let e = err(&input).to_string();
        assert!(
            e.len() < 400,
            "{}: {}",
            &input[..20],
            &e[..400.min(e.len())]
        );
    }
    // Names just past the longest valid one still get suggestions.
    let ParseInitError::UnknownName { suggestions, .. } = err("orthogonal_initializerr") else {
        panic!()
    };
    assert_eq!(suggestions[0], "orthogonal_initializer");
    assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
}

#[test]
fn unknown_names_get_the_closest_valid_names() {
    for (typo, want) in [
        ("glorot_unifrom", "glorot_uniform"),
        ("he_norml", "he_normal"),
        ("xavier_uniformm", "xavier_uniform"),
        ("GlorotUnifrom", "GlorotUniform"),
        ("orthogonl", "orthogonal"),
        ("kaiming_normal__", "kaiming_normal_"),
    ] {
        let e = err(typo);
        let ParseInitError::UnknownName { name, suggestions } = &e else {
            panic!("{typo}: {e:?}");
        };
        assert_eq!(name, typo);
        assert_eq!(suggestions.len(), 3);
        assert!(suggestions.contains(&want), "{typo}: {suggestions:?}");
        assert!(e.to_string().contains(&format!("`{want}`")), "{e}");
    }
    // A prefix limits the suggestions to that framework.
    let ParseInitError::UnknownName { suggestions, .. } = err("jax.he_norml") else {
        panic!()
    };
    assert_eq!(suggestions[0], "he_normal");
    assert!(matches!(err("stft"), ParseInitError::Unsupported { .. }));
}

#[test]
fn bad_arguments_name_the_argument_value_and_what_is_allowed() {
    let e = err("he_normal(mode=fan_sideways)");
    assert!(matches!(
        &e,
        ParseInitError::BadArgument { argument: "mode", value, .. } if value == "fan_sideways"
    ));
    assert!(e.to_string().contains("fan_in") && e.to_string().contains("fan_sideways"));

    let e = err("kaiming_uniform(nonlinearity=swish)");
    assert!(e.to_string().contains("swish") && e.to_string().contains("leaky_relu"));

    let e = err("random_uniform(foo=1)");
    assert!(matches!(&e, ParseInitError::UnknownArgument { argument, .. } if argument == "foo"));
    assert!(e.to_string().contains("minval, maxval"), "{e}");

    let e = err("random_uniform(minval=1, maxval=0)");
    assert!(matches!(
        &e,
        ParseInitError::Invalid {
            source: InitError::EmptyRange { .. },
            ..
        }
    ));

    let e = err("glorot_uniform(seed=42)");
    assert!(matches!(
        &e,
        ParseInitError::BadArgument {
            argument: "seed",
            ..
        }
    ));
    assert!(e.to_string().contains("key"), "{e}");

    let e = err("glorot_uniform(input_axes=0)");
    assert!(e.to_string().contains("Shape"), "{e}");

    assert!(matches!(
        err("dirac_(groups=1.5)"),
        ParseInitError::BadArgument {
            argument: "groups",
            ..
        }
    ));
    assert!(matches!(
        err("sparse_(sparsity=2)"),
        ParseInitError::Invalid {
            source: InitError::OutOfRange { .. },
            ..
        }
    ));
    assert!(matches!(
        err("sparse_"),
        ParseInitError::MissingArgument {
            argument: "sparsity",
            ..
        }
    ));
    assert!(matches!(
        err("constant_"),
        ParseInitError::MissingArgument {
            argument: "val",
            ..
        }
    ));
    assert!(matches!(
        err("eye_(2)"),
        ParseInitError::TooManyArguments {
            given: 1,
            max: 0,
            ..
        }
    ));
    assert!(matches!(
        err("constant(1, value=2)"),
        ParseInitError::DuplicateArgument {
            argument: "value",
            ..
        }
    ));
    assert!(matches!(
        err("orthogonal(gain=1, scale=2)"),
        ParseInitError::DuplicateArgument {
            argument: "gain",
            ..
        }
    ));
    assert!(matches!(
        err("random_normal(stddev=wide)"),
        ParseInitError::BadArgument {
            argument: "stddev",
            ..
        }
    ));
    assert!(matches!(
        err("random_normal(stddev=inf)"),
        ParseInitError::Invalid { .. } | ParseInitError::BadArgument { .. }
    ));
    assert!(matches!(err("zeros(("), ParseInitError::Syntax { .. }));
}

/// One of every variant, with parameters off their defaults.
fn examples() -> Vec<Init> {
    vec![
        Constant::new(-0.3).unwrap().into(),
        Zeros.into(),
        Ones.into(),
        RandomUniform::new(-1e-7, 3.5).unwrap().into(),
        RandomNormal::new(0.1, 0.02).unwrap().into(),
        TruncatedNormal::default().into(),
        TruncatedNormal::new(1.0, 0.3).unwrap().into(),
        TruncatedNormal::torch(0.0, 0.02, -0.04, 0.04)
            .unwrap()
            .into(),
        TruncatedNormal::with_truncation(
            0.5,
            2.0,
            Truncation::Stddevs {
                lower: 0.0,
                upper: f64::INFINITY,
            },
        )
        .unwrap()
        .into(),
        vs(0.1, FanMode::FanOut, ScalingDistribution::Normal),
        GlorotUniform.into(),
        GlorotNormal.into(),
        HeUniform.into(),
        HeNormal.into(),
        LecunUniform.into(),
        LecunNormal.into(),
        XavierUniform::new(5.0 / 3.0).unwrap().into(),
        XavierNormal::new(2f64.sqrt()).unwrap().into(),
        KaimingUniform::new(5f64.sqrt(), FanMode::FanAvg, Nonlinearity::Selu)
            .unwrap()
            .into(),
        KaimingNormal::new(0.2, FanMode::FanOut, Nonlinearity::Gelu)
            .unwrap()
            .into(),
        TorchDefault.into(),
        Orthogonal::new(1.1).unwrap().into(),
        Identity::new(0.5).unwrap().into(),
        Dirac::new(3).unwrap().into(),
        DeltaOrthogonal::new(2.0).unwrap().into(),
        Sparse::new(0.9, 1e-3).unwrap().into(),
    ]
}

#[test]
fn display_round_trips_every_variant() {
    // The examples cover every variant of the table, and so do the defaults.
    let mut covered: Vec<&str> = examples().iter().map(Init::type_name).collect();
    covered.sort_unstable();
    covered.dedup();
    let mut all: Vec<&str> = Init::defaults().map(|i| i.type_name()).collect();
    all.sort_unstable();
    assert_eq!(covered, all);
    for init in examples().into_iter().chain(Init::defaults()) {
        let text = init.to_string();
        assert_eq!(text.parse::<Init>(), Ok(init), "{text}");
    }
    assert_eq!(Init::from(HeNormal).to_string(), "he_normal");
    assert_eq!(
        Init::from(KaimingUniform::default()).to_string(),
        "kaiming_uniform_(a=0, mode=fan_in, nonlinearity=leaky_relu)"
    );
    assert_eq!(
        Init::from(TruncatedNormal::torch(0.0, 1.0, -2.0, 2.0).unwrap()).to_string(),
        "trunc_normal_(mean=0, std=1, a=-2, b=2)"
    );
}

#[test]
fn every_count_that_dirac_new_accepts_reads_back() {
    for groups in [1, 7, 1 << 53, (1 << 53) + 1, usize::MAX - 1, usize::MAX] {
        let init = Init::from(Dirac::new(groups).unwrap());
        let text = init.to_string();
        assert_eq!(text, format!("dirac_(groups={groups})"));
        assert_eq!(text.parse::<Init>(), Ok(init), "{text}");
    }
    // A whole number written as a float is a count too, below 2⁶⁴.
    assert_eq!(p("dirac_(groups=4.0)"), Dirac::new(4).unwrap().into());
    assert_eq!(p("dirac_(1e3)"), Dirac::new(1000).unwrap().into());
    for bad in [
        "dirac_(groups=0)",
        "dirac_(groups=18446744073709551616)",
        "dirac_(groups=1.5)",
        "dirac_(groups=-1)",
        "dirac_(groups=1.8446744073709552e19)",
    ] {
        assert!(
            matches!(
                err(bad),
                ParseInitError::BadArgument {
                    argument: "groups",
                    ..
                }
            ),
            "{bad}"
        );
    }
}

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e6..1e6f64,
        any::<f64>().prop_filter("finite", |x| x.is_finite()),
        Just(0.0),
        Just(-0.0),
        Just(f64::MIN_POSITIVE / 4.0),
    ]
}

fn arb_init() -> impl Strategy<Value = Init> {
    let mode = prop_oneof![
        Just(FanMode::FanIn),
        Just(FanMode::FanOut),
        Just(FanMode::FanAvg)
    ];
    let dist = prop_oneof![
        Just(ScalingDistribution::TruncatedNormal),
        Just(ScalingDistribution::Normal),
        Just(ScalingDistribution::Uniform)
    ];
    let nl = (0..Nonlinearity::ALL.len()).prop_map(|i| Nonlinearity::ALL[i]);
    (
        0usize..16,
        finite(),
        finite(),
        finite(),
        finite(),
        mode,
        dist,
        nl,
        prop_oneof![3 => 1usize..100_000, 1 => 1usize..=usize::MAX],
    )
        .prop_filter_map("valid parameters", |(k, a, b, c, d, mode, dist, nl, g)| {
            let (lo, hi) = (a.min(b), a.max(b));
            Some(match k {
                0 => Constant::new(a).ok()?.into(),
                1 => RandomUniform::new(lo, hi).ok()?.into(),
                2 => RandomNormal::new(a, b.abs()).ok()?.into(),
                3 => TruncatedNormal::torch(a, b.abs(), c.min(d), c.max(d))
                    .ok()?
                    .into(),
                4 => TruncatedNormal::with_truncation(
                    a,
                    b.abs(),
                    Truncation::Stddevs {
                        lower: c.min(d),
                        upper: c.max(d),
                    },
                )
                .ok()?
                .into(),
                5 => VarianceScaling::new(a.abs(), mode, dist).ok()?.into(),
                6 => XavierUniform::new(a.abs()).ok()?.into(),
                7 => XavierNormal::new(a.abs()).ok()?.into(),
                8 => KaimingUniform::new(a, mode, nl).ok()?.into(),
                9 => KaimingNormal::new(a, mode, nl).ok()?.into(),
                10 => Orthogonal::new(a.abs()).ok()?.into(),
                11 => Identity::new(a.abs()).ok()?.into(),
                12 => Dirac::new(g).ok()?.into(),
                13 => Sparse::new((a.abs() / 1e6).min(1.0), b.abs()).ok()?.into(),
                14 => DeltaOrthogonal::new(a.abs()).ok()?.into(),
                _ => [
                    Init::from(Zeros),
                    Ones.into(),
                    GlorotUniform.into(),
                    GlorotNormal.into(),
                    HeUniform.into(),
                    HeNormal.into(),
                    LecunUniform.into(),
                    LecunNormal.into(),
                    TorchDefault.into(),
                ][g % 9],
            })
        })
}

/// A valid spec, to mutate.
fn arb_spec() -> impl Strategy<Value = String> {
    prop_oneof![
        arb_init().prop_map(|i| i.to_string()),
        Just("he_normal(mode=fan_out)".to_string()),
        Just("kaiming_uniform(a=2.236, nonlinearity=leaky_relu)".to_string()),
        Just("jax.nn.initializers.variance_scaling(2, 'fan_in', \"normal\")".to_string()),
        Just("torch.nn.init.sparse_(0.1, std=0.01)".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_inits_round_trip(init in arb_init()) {
        let text = init.to_string();
        prop_assert_eq!(text.parse::<Init>(), Ok(init), "{}", text);
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,40}") {
        let _ = s.parse::<Init>();
    }

    #[test]
    fn grammar_like_strings_never_panic(s in "[a-z_.A-Z]{0,12}(\\(([a-z_]{1,8}=)?[-+.0-9eE'\"a-z_]{0,8}(, ?[a-z_]{0,8}=?[-0-9.a-z]{0,6}){0,3}\\)?)?") {
        let _ = s.parse::<Init>();
    }

    #[test]
    fn mutated_specs_never_panic(
        spec in arb_spec(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..6),
    ) {
        let mut chars: Vec<char> = spec.chars().collect();
        for (at, op, c) in edits {
            let i = if chars.is_empty() { 0 } else { at.index(chars.len() + 1) };
            match op {
                0 => chars.insert(i.min(chars.len()), c),
                1 if i < chars.len() => { chars.remove(i); }
                _ if i < chars.len() => chars[i] = c,
                _ => chars.push(c),
            }
        }
        let s: String = chars.into_iter().collect();
        if let Ok(init) = s.parse::<Init>() {
            // Whatever parses has a canonical form that parses to the same.
            prop_assert_eq!(init.to_string().parse::<Init>(), Ok(init));
        }
    }
}
