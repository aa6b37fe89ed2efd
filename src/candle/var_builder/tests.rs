use candle_core::{DType, Device};
use candle_nn::VarMap;

use super::*;
use crate::Nonlinearity;

fn kaiming_hint(dist: NormalOrUniform, fan: FanInOut, nl: NonLinearity) -> candle_nn::Init {
    candle_nn::Init::Kaiming {
        dist,
        fan,
        non_linearity: nl,
    }
}

/// Below rank 2, PyTorch's layout has no fans; candle's are `fan_in = 1` and
/// `fan_out = dims[0]` (1 for a scalar), and the mapping uses them.
#[test]
fn kaiming_below_rank_two_uses_candles_fans() -> Result<(), InitError> {
    let relu = NonLinearity::ReLU;
    let cases: [(&[usize], FanInOut, f64); 4] = [
        (&[], FanInOut::FanIn, 1.0),
        (&[], FanInOut::FanOut, 1.0),
        (&[7], FanInOut::FanIn, 1.0),
        (&[7], FanInOut::FanOut, 7.0),
    ];
    for (dims, fan, fan_value) in cases {
        let std = 2f64.sqrt() / f64::sqrt(fan_value);
        let normal = from_hint(kaiming_hint(NormalOrUniform::Normal, fan, relu), dims)?;
        assert_eq!(
            normal,
            Init::from(RandomNormal::new(0.0, std)?),
            "{dims:?} {fan:?}"
        );
        let uniform = from_hint(kaiming_hint(NormalOrUniform::Uniform, fan, relu), dims)?;
        let b = 3f64.sqrt() * std;
        assert_eq!(
            uniform,
            Init::from(RandomUniform::new(-b, b)?),
            "{dims:?} {fan:?}"
        );
    }
    Ok(())
}

#[test]
fn named_nonlinearities_map_to_nninits() -> Result<(), InitError> {
    let pairs = [
        (NonLinearity::ReLU, Nonlinearity::Relu),
        (NonLinearity::Linear, Nonlinearity::Linear),
        (NonLinearity::Sigmoid, Nonlinearity::Sigmoid),
        (NonLinearity::Tanh, Nonlinearity::Tanh),
        (NonLinearity::SELU, Nonlinearity::Selu),
    ];
    for (candle, ours) in pairs {
        assert_eq!(candle.gain(), ours.gain(), "{candle:?}");
        let hint = kaiming_hint(NormalOrUniform::Normal, FanInOut::FanOut, candle);
        let expected = KaimingNormal::new(0.0, FanMode::FanOut, ours)?;
        assert_eq!(from_hint(hint, &[4, 3, 2])?, Init::from(expected));
    }
    Ok(())
}

#[test]
fn constants_map_to_their_initializers() -> Result<(), InitError> {
    assert_eq!(
        from_hint(candle_nn::Init::Const(0.0), &[2])?,
        Init::from(Zeros)
    );
    assert_eq!(
        from_hint(candle_nn::Init::Const(-0.0), &[2])?,
        Init::from(Zeros)
    );
    assert_eq!(
        from_hint(candle_nn::Init::Const(1.0), &[2])?,
        Init::from(Ones)
    );
    let c = crate::Constant::new(-2.5)?;
    assert_eq!(
        from_hint(candle_nn::Init::Const(-2.5), &[2])?,
        Init::from(c)
    );
    Ok(())
}

#[test]
fn degenerate_hints_are_errors() {
    let nan = from_hint(candle_nn::Init::Const(f64::NAN), &[2]);
    assert!(matches!(nan, Err(InitError::NonFinite { .. })));
    let zero_std = from_hint(
        candle_nn::Init::Randn {
            mean: 0.0,
            stdev: 0.0,
        },
        &[2],
    );
    assert!(matches!(zero_std, Err(InitError::NonPositive { .. })));
    let empty = from_hint(candle_nn::Init::Uniform { lo: 1.0, up: 1.0 }, &[2]);
    assert!(matches!(empty, Err(InitError::EmptyRange { .. })));
    let negative_gain = kaiming_hint(
        NormalOrUniform::Normal,
        FanInOut::FanIn,
        NonLinearity::ExplicitGain(-1.0),
    );
    assert!(matches!(
        from_hint(negative_gain, &[2, 2]),
        Err(InitError::NonPositive { .. })
    ));
}

#[test]
fn only_float_dtypes_are_filled() {
    let shape = Shape::from_torch(&[2, 2]);
    let init = Init::from(Ones);
    for dtype in [DType::U8, DType::U32, DType::I64] {
        assert!(!supported(dtype), "{dtype:?}");
        let err = new_var(&init, &shape, 0, dtype, &Device::Cpu)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        let (what, todo) = err.split_once("; ").unwrap_or_default();
        assert!(what.contains(&format!("not {dtype:?}")), "{err}");
        assert!(todo.starts_with("ask for F32, F64"), "{err}");
    }
    #[cfg(not(feature = "half"))]
    for dtype in [DType::F16, DType::BF16] {
        let err = new_var(&init, &shape, 0, dtype, &Device::Cpu)
            .err()
            .map(|e| e.to_string());
        assert!(!supported(dtype), "{dtype:?}");
        assert!(
            err.is_some_and(|e| e.contains("`half` feature")),
            "{dtype:?}"
        );
    }
    #[cfg(feature = "half")]
    for dtype in [DType::F16, DType::BF16] {
        assert!(supported(dtype), "{dtype:?}");
        let var = new_var(&init, &shape, 0, dtype, &Device::Cpu);
        assert!(var.is_ok_and(|v| v.dtype() == dtype), "{dtype:?}");
    }
}

#[test]
fn unchecked_gets_and_existing_paths() -> candle_core::Result<()> {
    let vars = VarMap::new();
    let backend = VarBuilderBackend::new(1, &vars);
    assert!(
        backend
            .get_unchecked("w", DType::F32, &Device::Cpu)
            .is_err()
    );
    assert!(!backend.contains_tensor("w"));
    let hint = candle_nn::Init::Const(2.0);
    let w = backend.get((2, 3).into(), "w", hint, DType::F32, &Device::Cpu)?;
    assert!(backend.contains_tensor("w"));
    // The same path again: the same variable, whatever the hint.
    let again = backend.get(
        (2, 3).into(),
        "w",
        candle_nn::Init::Const(5.0),
        DType::F32,
        &Device::Cpu,
    )?;
    assert_eq!(w.id(), again.id());
    let wrong = backend.get((3, 2).into(), "w", hint, DType::F32, &Device::Cpu);
    let message = wrong.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("shape mismatch for w"), "{message}");
    assert!(
        message.contains("the variable w exists with other dimensions; ask for"),
        "{message}"
    );
    assert!(!message.contains("could not create"), "{message}");
    Ok(())
}

/// Candle's `for_shape` multiplies the dimensions unchecked; with an explicit
/// gain, where the fan is computed here, an overflow is an error.
#[test]
fn kaiming_fans_that_overflow_are_errors() {
    for fan in [FanInOut::FanIn, FanInOut::FanOut] {
        for dims in [
            &[usize::MAX, 2, 2][..],
            &[2, usize::MAX, 3],
            &[3, 3, usize::MAX, 2],
        ] {
            let hint = kaiming_hint(
                NormalOrUniform::Normal,
                fan,
                NonLinearity::ExplicitGain(1.0),
            );
            let got = from_hint(hint, dims);
            assert!(
                matches!(got, Err(InitError::ShapeOverflow { .. })),
                "{dims:?} {fan:?}: {got:?}"
            );
        }
    }
    // Above nninit's rank 8, the explicit-gain row is an error too.
    let hint = kaiming_hint(
        NormalOrUniform::Uniform,
        FanInOut::FanIn,
        NonLinearity::ExplicitGain(1.0),
    );
    assert!(matches!(
        from_hint(hint, &[1; 9]),
        Err(InitError::RankTooHigh { rank: 9, .. })
    ));
}

/// A zero fan is an error only where the scale is computed here; a named
/// nonlinearity from rank 2 up leaves it to the initializer's fill.
#[test]
fn zero_fans_are_errors_only_where_the_scale_is_computed() {
    let named = candle_nn::init::DEFAULT_KAIMING_NORMAL;
    assert!(from_hint(named, &[5, 0]).is_ok());
    let gain = kaiming_hint(
        NormalOrUniform::Normal,
        FanInOut::FanIn,
        NonLinearity::ExplicitGain(1.0),
    );
    assert!(from_hint(gain, &[5, 0]).is_err());
    let below_two = kaiming_hint(
        NormalOrUniform::Normal,
        FanInOut::FanOut,
        NonLinearity::ReLU,
    );
    assert!(from_hint(below_two, &[0]).is_err());
}

/// The dtype is checked before the empty short-cut: an empty variable of a
/// dtype nninit does not fill is the same error as a non-empty one.
#[test]
fn empty_variables_check_their_dtype() -> candle_core::Result<()> {
    let backend = VarBuilderBackend::new(1, &VarMap::new());
    let hint = candle_nn::Init::Const(0.0);
    for dims in [(0, 3), (2, 3)] {
        let err = backend.get(dims.into(), "w", hint, DType::U8, &Device::Cpu);
        let message = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("nninit fills only float variables, not U8; ask for F32, F64"),
            "{dims:?}: {message}"
        );
    }
    assert!(!backend.contains_tensor("w"));
    let empty = backend.get((0, 3).into(), "w", hint, DType::F64, &Device::Cpu)?;
    assert_eq!((empty.dims(), empty.dtype()), (&[0, 3][..], DType::F64));
    Ok(())
}

/// Above nninit's rank 8 a variable is an error, empty or not.
#[test]
fn variables_above_rank_eight_are_errors() {
    let backend = VarBuilderBackend::new(1, &VarMap::new());
    let hint = candle_nn::Init::Const(1.0);
    for dims in [vec![1; 9], [vec![0], vec![1; 8]].concat()] {
        let err = backend.get(dims.clone().into(), "w", hint, DType::F32, &Device::Cpu);
        let message = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("could not create the variable w"),
            "{dims:?}: {message}"
        );
    }
    assert!(!backend.contains_tensor("w"));
}

/// Threads that create the same path at once get one variable, which holds the
/// path's keyed values.
#[test]
fn concurrent_creation_of_one_path_gives_one_variable() -> candle_core::Result<()> {
    let vars = VarMap::new();
    let backend = VarBuilderBackend::new(7, &vars);
    let hint = candle_nn::init::DEFAULT_KAIMING_UNIFORM;
    let tensors = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    backend.get((64, 48).into(), "fc.weight", hint, DType::F32, &Device::Cpu)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(candle_core::Error::msg("a thread panicked")))
            })
            .collect::<candle_core::Result<Vec<_>>>()
    })?;
    assert_eq!(vars.all_vars().len(), 1);
    let stored = vars.get(
        (64, 48),
        "fc.weight",
        candle_nn::Init::Const(0.0),
        DType::F32,
        &Device::Cpu,
    )?;
    let want: Vec<f32> = from_hint(hint, &[64, 48])?
        .fill_new(&Shape::from_torch(&[64, 48]), crate::key(7, "fc.weight"))?;
    for t in tensors.iter().chain([&stored]) {
        assert_eq!(t.flatten_all()?.to_vec1::<f32>()?, want);
    }
    Ok(())
}

#[test]
fn empty_variables_skip_their_initializer() -> candle_core::Result<()> {
    let vars = VarMap::new();
    // Identity cannot fill rank 3, but an empty variable has nothing to fill.
    let backend = VarBuilderBackend::new(1, &vars).with("w", crate::Identity::default());
    let w = backend.get(
        (0, 2, 3).into(),
        "w",
        candle_nn::Init::Const(0.0),
        DType::F32,
        &Device::Cpu,
    )?;
    assert_eq!(w.dims(), &[0, 2, 3]);
    let err = backend.get(
        (1, 2, 3).into(),
        "v",
        candle_nn::Init::Const(f64::NAN),
        DType::F32,
        &Device::Cpu,
    );
    let message = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("nninit could not create the variable v"),
        "{message}"
    );
    Ok(())
}
