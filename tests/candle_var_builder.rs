//! `nninit::candle::VarBuilderBackend`: every variable a candle-nn model asks for
//! is filled under `nninit::key(seed, path)` by the initializer its override or
//! its candle hint names, and the hint means what candle means by it.

#![allow(clippy::float_cmp)] // the promise is exact bits
#![allow(clippy::cast_precision_loss)] // sample sizes far below 2^53

use candle_core::{DType, Device, Module, Tensor, WithDType};
use candle_nn::init::{FanInOut, NonLinearity, NormalOrUniform};
use candle_nn::{Optimizer, VarBuilder, VarMap};
use nninit::candle::{VarBuilderBackend, from_hint, var_builder};
use nninit::{
    FanMode, Fans, HeNormal, Init, Initializer, KaimingNormal, KaimingUniform, Nonlinearity,
    Orthogonal, RandomUniform, Real, Shape,
};

const SEED: u64 = 42;

fn values<T: WithDType>(t: &Tensor) -> Vec<T> {
    t.flatten_all().unwrap().to_vec1::<T>().unwrap()
}

/// What nninit gives the variable at `path` of `dims` under `init`.
fn expected<T: Real>(init: &Init, dims: &[usize], path: &str) -> Vec<T> {
    init.fill_new(&Shape::from_torch(dims), nninit::key(SEED, path))
        .unwrap()
}

fn builder(vars: &VarMap) -> VarBuilder<'static> {
    var_builder(SEED, vars, DType::F32, &Device::Cpu)
}

/// `candle_nn::linear(784, 128, vb.pp("fc1"))`: the weight is candle's
/// `DEFAULT_KAIMING_NORMAL`, PyTorch's `kaiming_normal_(nonlinearity='relu')`,
/// under `key(seed, "fc1.weight")`; the bias is `U[-1/√784, 1/√784)` under
/// `key(seed, "fc1.bias")`; two builders with the same seed agree bit for bit.
#[test]
fn linear_layers_are_reproducible_from_the_seed() {
    let (a, b) = (VarMap::new(), VarMap::new());
    let fc_a = candle_nn::linear(784, 128, builder(&a).pp("fc1")).unwrap();
    let fc_b = candle_nn::linear(784, 128, builder(&b).pp("fc1")).unwrap();
    let (w, bias) = (
        values::<f32>(fc_a.weight()),
        values::<f32>(fc_a.bias().unwrap()),
    );
    assert_eq!(w, values::<f32>(fc_b.weight()));
    assert_eq!(bias, values::<f32>(fc_b.bias().unwrap()));

    let kaiming = KaimingNormal::new(0.0, FanMode::FanIn, Nonlinearity::Relu).unwrap();
    assert_eq!(
        w,
        expected::<f32>(&kaiming.into(), &[128, 784], "fc1.weight")
    );
    let bound = 1.0 / 784f64.sqrt();
    let uniform = RandomUniform::new(-bound, bound).unwrap();
    assert_eq!(bias, expected::<f32>(&uniform.into(), &[128], "fc1.bias"));
}

#[test]
fn seeds_and_paths_give_different_weights() {
    let vars = VarMap::new();
    let vb = builder(&vars);
    let fc1 = candle_nn::linear(64, 64, vb.pp("fc1")).unwrap();
    let fc2 = candle_nn::linear(64, 64, vb.pp("fc2")).unwrap();
    assert_ne!(values::<f32>(fc1.weight()), values::<f32>(fc2.weight()));
    assert_ne!(
        values::<f32>(fc1.bias().unwrap()),
        values::<f32>(fc2.bias().unwrap())
    );

    let other = var_builder(SEED + 1, &VarMap::new(), DType::F32, &Device::Cpu);
    let fc1_other = candle_nn::linear(64, 64, other.pp("fc1")).unwrap();
    assert_ne!(
        values::<f32>(fc1.weight()),
        values::<f32>(fc1_other.weight())
    );
}

/// nninit's fans for `Shape::from_torch` are candle's `FanInOut::for_shape`
/// at every rank from 2 up, and its Kaiming scale is candle's to the last bit.
#[test]
fn fans_and_kaiming_scales_are_candles() {
    let shapes: [&[usize]; 7] = [
        &[1, 1],
        &[128, 784],
        &[3, 5],
        &[8, 4, 3],
        &[64, 32, 3, 3],
        &[16, 8, 3, 5, 7],
        &[7, 1, 1, 1],
    ];
    let nonlinearities = [
        (NonLinearity::ReLU, Nonlinearity::Relu),
        (NonLinearity::Linear, Nonlinearity::Linear),
        (NonLinearity::Sigmoid, Nonlinearity::Sigmoid),
        (NonLinearity::Tanh, Nonlinearity::Tanh),
        (NonLinearity::SELU, Nonlinearity::Selu),
    ];
    for dims in shapes {
        let candle_shape = candle_core::Shape::from_dims(dims);
        let shape = Shape::from_torch(dims);
        let fans = Fans {
            fan_in: FanInOut::FanIn.for_shape(&candle_shape),
            fan_out: FanInOut::FanOut.for_shape(&candle_shape),
        };
        assert_eq!(shape.fans().unwrap(), fans, "{dims:?}");
        for (candle, ours) in nonlinearities {
            for (fan, mode) in [
                (FanInOut::FanIn, FanMode::FanIn),
                (FanInOut::FanOut, FanMode::FanOut),
            ] {
                // candle_nn::Init::var's arithmetic.
                let std = candle.gain() / (fan.for_shape(&candle_shape) as f64).sqrt();
                let normal = KaimingNormal::new(0.0, mode, ours).unwrap();
                assert_eq!(
                    normal.std(&shape).unwrap(),
                    std,
                    "{dims:?} {candle:?} {fan:?}"
                );
                let uniform = KaimingUniform::new(0.0, mode, ours).unwrap();
                assert_eq!(uniform.bound(&shape).unwrap(), 3f64.sqrt() * std);
            }
        }
    }
}

/// The sample's mean and variance within five standard errors of `N(mean, std²)`.
fn assert_normal(v: &[f64], mean: f64, std: f64, what: &str) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    assert!(
        (m - mean).abs() < 5.0 * std / n.sqrt(),
        "{what}: mean {m} vs {mean}"
    );
    let se_var = std * std * (2.0 / (n - 1.0)).sqrt();
    assert!(
        (var - std * std).abs() < 5.0 * se_var,
        "{what}: var {var} vs {}",
        std * std
    );
}

/// Every value in `[lo, up)`, the extremes within `20/n` of the range's ends
/// (missed with probability `e^-20`), the mean within five standard errors.
fn assert_uniform(v: &[f64], lo: f64, up: f64, what: &str) {
    let n = v.len() as f64;
    assert!(
        v.iter().all(|&x| lo <= x && x < up),
        "{what}: outside [{lo}, {up})"
    );
    let slack = 20.0 / n * (up - lo);
    let (min, max) = v
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    assert!(
        min < lo + slack && max > up - slack,
        "{what}: extremes {min} {max}"
    );
    let se = (up - lo) / 12f64.sqrt() / n.sqrt();
    assert!(
        (v.iter().sum::<f64>() / n - f64::midpoint(lo, up)).abs() < 5.0 * se,
        "{what}: mean"
    );
}

/// Each kind of candle hint, asked for through a `VarBuilder`, gives the values
/// of the initializer `from_hint` names under the path's key, and those follow
/// the distribution candle's `Init::var` defines, its parameters computed here
/// from candle's own fans and gains.
#[test]
fn every_hint_means_what_candle_means() {
    let dims = [256, 96, 3];
    let n = 256 * 96 * 3;
    let candle_shape = candle_core::Shape::from_dims(&dims);
    let mut hints = vec![
        candle_nn::Init::Const(0.0),
        candle_nn::Init::Const(1.0),
        candle_nn::Init::Const(-2.5),
        candle_nn::Init::Randn {
            mean: 0.5,
            stdev: 2.0,
        },
        candle_nn::Init::Uniform { lo: -0.3, up: 0.7 },
    ];
    for dist in [NormalOrUniform::Normal, NormalOrUniform::Uniform] {
        for fan in [FanInOut::FanIn, FanInOut::FanOut] {
            for non_linearity in [
                NonLinearity::ReLU,
                NonLinearity::Linear,
                NonLinearity::Sigmoid,
                NonLinearity::Tanh,
                NonLinearity::SELU,
                NonLinearity::ExplicitGain(0.8),
            ] {
                hints.push(candle_nn::Init::Kaiming {
                    dist,
                    fan,
                    non_linearity,
                });
            }
        }
    }
    let vars = VarMap::new();
    let vb = var_builder(SEED, &vars, DType::F64, &Device::Cpu);
    for (i, hint) in hints.into_iter().enumerate() {
        let path = format!("v{i}");
        let what = format!("{hint:?}");
        let got = values::<f64>(&vb.get_with_hints(&dims[..], &path, hint).unwrap());
        assert_eq!(got.len(), n);
        let init = from_hint(hint, &dims).unwrap();
        assert_eq!(got, expected::<f64>(&init, &dims, &path), "{what}");
        match hint {
            candle_nn::Init::Const(c) => assert!(got.iter().all(|&x| x == c), "{what}"),
            candle_nn::Init::Randn { mean, stdev } => assert_normal(&got, mean, stdev, &what),
            candle_nn::Init::Uniform { lo, up } => assert_uniform(&got, lo, up, &what),
            candle_nn::Init::Kaiming {
                dist,
                fan,
                non_linearity,
            } => {
                let std = non_linearity.gain() / (fan.for_shape(&candle_shape) as f64).sqrt();
                match dist {
                    NormalOrUniform::Normal => assert_normal(&got, 0.0, std, &what),
                    NormalOrUniform::Uniform => {
                        let b = 3f64.sqrt() * std;
                        assert_uniform(&got, -b, b, &what);
                    }
                }
            }
        }
    }
}

/// candle-nn's own layers: a convolution's weight, an embedding, a layer norm.
#[test]
fn candle_nn_layers_get_their_hints() {
    let vars = VarMap::new();
    let vb = builder(&vars);
    let conv =
        candle_nn::conv2d(3, 8, 3, candle_nn::Conv2dConfig::default(), vb.pp("conv")).unwrap();
    let relu = KaimingNormal::new(0.0, FanMode::FanIn, Nonlinearity::Relu).unwrap();
    assert_eq!(
        values::<f32>(conv.weight()),
        expected::<f32>(&relu.into(), &[8, 3, 3, 3], "conv.weight")
    );

    let emb = candle_nn::embedding(100, 16, vb.pp("emb")).unwrap();
    let normal = nninit::RandomNormal::new(0.0, 1.0).unwrap();
    assert_eq!(
        values::<f32>(emb.embeddings()),
        expected::<f32>(&normal.into(), &[100, 16], "emb.weight")
    );

    let norm = candle_nn::layer_norm(16, 1e-5, vb.pp("norm")).unwrap();
    let y = norm
        .forward(&Tensor::ones((2, 16), DType::F32, &Device::Cpu).unwrap())
        .unwrap();
    assert!(values::<f32>(&y).iter().all(|&x| x == 0.0)); // weight 1, bias 0
    assert_eq!(vars.all_vars().len(), 2 + 1 + 2);
}

#[test]
fn overrides_replace_the_hint_for_their_path_only() {
    let (plain, overridden) = (VarMap::new(), VarMap::new());
    let vb_plain = builder(&plain);
    let vb = VarBuilderBackend::new(SEED, &overridden)
        .with("fc1.weight", Orthogonal::default())
        .with("fc1.bias", nninit::Constant::new(0.25).unwrap())
        .into_var_builder(DType::F32, &Device::Cpu);
    let fc = candle_nn::linear(32, 64, vb.pp("fc1")).unwrap();
    let fc2 = candle_nn::linear(64, 64, vb.pp("fc2")).unwrap();
    let fc2_plain = candle_nn::linear(64, 64, vb_plain.pp("fc2")).unwrap();

    let orthogonal = Init::from(Orthogonal::default());
    assert_eq!(
        values::<f32>(fc.weight()),
        expected::<f32>(&orthogonal, &[64, 32], "fc1.weight")
    );
    assert!(values::<f32>(fc.bias().unwrap()).iter().all(|&x| x == 0.25));
    assert_eq!(
        values::<f32>(fc2.weight()),
        values::<f32>(fc2_plain.weight())
    );

    // An override the variable's shape cannot take is a candle error naming the path.
    let bad = VarBuilderBackend::new(SEED, &VarMap::new())
        .with("fc1.bias", HeNormal)
        .into_var_builder(DType::F32, &Device::Cpu);
    let message = candle_nn::linear(4, 4, bad.pp("fc1"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.contains("fc1.bias") && message.contains("fan in and fan out"),
        "{message}"
    );
}

/// The variable's dtype is the one candle asks for, and its values are nninit's
/// fill in that type.
#[test]
fn variables_take_the_dtype_asked_for() {
    let vars = VarMap::new();
    let vb = var_builder(SEED, &vars, DType::F64, &Device::Cpu);
    let fc = candle_nn::linear(8, 4, vb.pp("fc")).unwrap();
    assert_eq!(fc.weight().dtype(), DType::F64);
    let relu = Init::from(KaimingNormal::new(0.0, FanMode::FanIn, Nonlinearity::Relu).unwrap());
    assert_eq!(
        values::<f64>(fc.weight()),
        expected::<f64>(&relu, &[4, 8], "fc.weight")
    );

    #[cfg(feature = "half")]
    for dtype in [DType::F16, DType::BF16] {
        let vars = VarMap::new();
        let vb = var_builder(SEED, &vars, dtype, &Device::Cpu);
        let w = candle_nn::linear(8, 4, vb.pp("fc"))
            .unwrap()
            .weight()
            .clone();
        assert_eq!(w.dtype(), dtype);
        if dtype == DType::F16 {
            assert_eq!(
                values::<half::f16>(&w),
                expected::<half::f16>(&relu, &[4, 8], "fc.weight")
            );
        } else {
            assert_eq!(
                values::<half::bf16>(&w),
                expected::<half::bf16>(&relu, &[4, 8], "fc.weight")
            );
        }
    }
    #[cfg(not(feature = "half"))]
    {
        let vb = var_builder(SEED, &VarMap::new(), DType::F16, &Device::Cpu);
        let message = candle_nn::linear(8, 4, vb.pp("fc"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("`half` feature"), "{message}");
    }
}

/// Layers built in parallel rayon tasks, every third on one shared `VarMap` and
/// the others each on its own, every weight large enough (2^20 elements) that
/// its fill runs on the same pool: while one worker fills a shared variable,
/// workers free of the shared `VarMap` take pieces of that fill, and the worker,
/// waiting on them, takes up another task, which may create a variable in the
/// shared `VarMap`. The lock is not held during a fill, so no thread waits on a
/// lock it holds; a watchdog turns a deadlock into a failure.
#[test]
fn layers_built_in_rayon_tasks_share_one_var_map() {
    use rayon::prelude::{IntoParallelIterator, ParallelIterator};
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let vars = VarMap::new();
        let vb = builder(&vars);
        let hint = candle_nn::init::DEFAULT_KAIMING_NORMAL;
        let built: candle_core::Result<Vec<usize>> = pool.install(|| {
            (0..48)
                .into_par_iter()
                .map(|i| {
                    let own = VarMap::new();
                    let vb = if i % 3 == 0 {
                        vb.clone()
                    } else {
                        builder(&own)
                    };
                    vb.pp(format!("l{i}"))
                        .get_with_hints((1024, 1024), "weight", hint)
                        .map(|w| w.elem_count())
                })
                .collect()
        });
        let _ = done.send((built, vars));
    });
    let (built, vars) = finished
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("building in rayon tasks deadlocked");
    assert_eq!(built.unwrap(), [1 << 20; 48]);
    assert_eq!(vars.all_vars().len(), 16);
    let relu = Init::from(KaimingNormal::new(0.0, FanMode::FanIn, Nonlinearity::Relu).unwrap());
    for path in ["l0.weight", "l45.weight"] {
        let w = vars
            .get(
                (1024, 1024),
                path,
                candle_nn::Init::Const(0.0),
                DType::F32,
                &Device::Cpu,
            )
            .unwrap();
        assert_eq!(
            values::<f32>(&w),
            expected::<f32>(&relu, &[1024, 1024], path),
            "{path}"
        );
    }
}

/// The variables live in the `VarMap`, so an optimizer trains them.
#[test]
fn variables_are_trainable() {
    let vars = VarMap::new();
    let fc = candle_nn::linear(4, 2, builder(&vars).pp("fc")).unwrap();
    let before = values::<f32>(fc.weight());
    let mut sgd = candle_nn::SGD::new(vars.all_vars(), 0.1).unwrap();
    let x = Tensor::ones((3, 4), DType::F32, &Device::Cpu).unwrap();
    let loss = fc.forward(&x).unwrap().sqr().unwrap().sum_all().unwrap();
    sgd.backward_step(&loss).unwrap();
    assert_ne!(values::<f32>(fc.weight()), before);
}

/// The model example of `docs/ecosystem.md`, as written there.
#[test]
fn the_guides_model_example_runs() -> candle_core::Result<()> {
    let seed = 2024;
    let vars = VarMap::new();
    let vb = VarBuilderBackend::new(seed, &vars)
        .with("fc2.weight", Orthogonal::default())
        .into_var_builder(DType::F32, &Device::Cpu);
    let fc1 = candle_nn::linear(784, 128, vb.pp("fc1"))?;
    let fc2 = candle_nn::linear(128, 10, vb.pp("fc2"))?;

    let x = Tensor::ones((32, 784), DType::F32, &Device::Cpu)?;
    let loss = fc2.forward(&fc1.forward(&x)?.relu()?)?.sqr()?.mean_all()?;
    let mut sgd = candle_nn::SGD::new(vars.all_vars(), 0.01)?;
    sgd.backward_step(&loss)?;

    // Built again from the same seed, fc1 has the same weights, bit for bit.
    let again = var_builder(seed, &VarMap::new(), DType::F32, &Device::Cpu);
    let fc1_again = candle_nn::linear(784, 128, again.pp("fc1"))?;
    let w = nninit::candle::tensor::<f32, _>(
        &from_hint(candle_nn::init::DEFAULT_KAIMING_NORMAL, &[128, 784])?,
        &Shape::from_torch(&[128, 784]),
        nninit::key(seed, "fc1.weight"),
        &Device::Cpu,
    )?;
    assert_eq!(
        fc1_again.weight().flatten_all()?.to_vec1::<f32>()?,
        w.flatten_all()?.to_vec1::<f32>()?
    );
    // The optimizer stepped the first model's weights away from them.
    assert_ne!(
        fc1.weight().flatten_all()?.to_vec1::<f32>()?,
        w.flatten_all()?.to_vec1::<f32>()?
    );
    Ok(())
}
