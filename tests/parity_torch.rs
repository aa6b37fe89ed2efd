//! `nninit::torch` gives, bit for bit, what PyTorch 2.15 itself produced (CPU, AVX2
//! kernel) for every `torch` case of `tests/data/frameworks.json`.
//!
//! The test reads every case, so a case added to the file is tested without a
//! change here; a case whose `fn` this file does not know fails the test.

mod golden;

use golden::{Bits, Case};
use nninit::torch::Generator;
use nninit::{
    FanMode, Init, KaimingNormal, KaimingUniform, Nonlinearity, Real, Shape, TruncatedNormal,
    XavierNormal, XavierUniform,
};
use serde_json::Value;

fn usize_of(v: &Value) -> usize {
    usize::try_from(v.as_u64().expect("an unsigned integer")).expect("fits in usize")
}

fn dims(case: &Case) -> Vec<usize> {
    case.op["dims"]
        .as_array()
        .expect("op.dims")
        .iter()
        .map(usize_of)
        .collect()
}

/// The number of elements of the call: `op.len`, or the product of `op.dims`.
fn len(case: &Case) -> usize {
    if case.op["len"].is_null() {
        dims(case).iter().product()
    } else {
        usize_of(&case.op["len"])
    }
}

fn kwarg_f64(case: &Case, key: &str, default: f64) -> f64 {
    case.op["kwargs"][key].as_f64().unwrap_or(default)
}

fn mode(case: &Case) -> FanMode {
    match case.op["kwargs"]["mode"].as_str().unwrap_or("fan_in") {
        "fan_in" => FanMode::FanIn,
        "fan_out" => FanMode::FanOut,
        other => panic!("{}: mode {other}", case.call),
    }
}

fn nonlinearity(case: &Case) -> Nonlinearity {
    let name = case.op["kwargs"]["nonlinearity"]
        .as_str()
        .unwrap_or("leaky_relu");
    Nonlinearity::ALL
        .into_iter()
        .find(|n| n.name() == name)
        .unwrap_or_else(|| panic!("{}: nonlinearity {name}", case.call))
}

/// The `torch.nn.init` function of a case as an nninit initializer.
fn init_of(case: &Case, f: &str) -> Init {
    let a = kwarg_f64(case, "a", 0.0);
    match f {
        "xavier_uniform_" => XavierUniform::new(kwarg_f64(case, "gain", 1.0))
            .unwrap()
            .into(),
        "xavier_normal_" => XavierNormal::new(kwarg_f64(case, "gain", 1.0))
            .unwrap()
            .into(),
        "kaiming_uniform_" => KaimingUniform::new(a, mode(case), nonlinearity(case))
            .unwrap()
            .into(),
        "kaiming_normal_" => KaimingNormal::new(a, mode(case), nonlinearity(case))
            .unwrap()
            .into(),
        "trunc_normal_" => {
            TruncatedNormal::torch(case.arg(0), case.arg(1), case.arg(2), case.arg(3))
                .unwrap()
                .into()
        }
        other => panic!("{}: no initializer for {other}", case.call),
    }
}

/// Runs a one-tensor case in the element type `T`.
fn one_tensor<T: Real + Bits>(case: &Case, f: &str) {
    let mut g = Generator::manual_seed(case.seed());
    let mut out = vec![T::zero(); len(case)];
    match f {
        "uniform_" => g.uniform_(&mut out, case.arg(0), case.arg(1)).unwrap(),
        "normal_" => g.normal_(&mut out, case.arg(0), case.arg(1)).unwrap(),
        "normal_twice" => {
            g.normal_(&mut out, case.arg(0), case.arg(1)).unwrap();
            case.output("first").assert_bits(&out, &case.call);
            g.normal_(&mut out, case.arg(0), case.arg(1)).unwrap();
            case.output("second").assert_bits(&out, &case.call);
            return;
        }
        _ => {
            let shape = Shape::from_torch(&dims(case));
            g.fill(&init_of(case, f), &mut out, &shape).unwrap();
            if f == "trunc_normal_" {
                // The direct call draws the same.
                let mut direct = vec![T::zero(); out.len()];
                Generator::manual_seed(case.seed())
                    .trunc_normal_(
                        &mut direct,
                        case.arg(0),
                        case.arg(1),
                        case.arg(2),
                        case.arg(3),
                    )
                    .unwrap();
                assert!(
                    direct == out,
                    "{}: trunc_normal_ and fill differ",
                    case.call
                );
            }
        }
    }
    case.output("out").assert_bits(&out, &case.call);
}

fn run(case: &Case) {
    let call = case.op["fn"]
        .as_str()
        .unwrap_or_else(|| panic!("{}: the case has no op.fn", case.call));
    match call {
        "uniform_" | "normal_" | "normal_twice" | "trunc_normal_" | "xavier_uniform_"
        | "xavier_normal_" | "kaiming_uniform_" | "kaiming_normal_" => {
            match case.op["dtype"].as_str().unwrap_or("f32") {
                "f32" => one_tensor::<f32>(case, call),
                "f64" => one_tensor::<f64>(case, call),
                other => panic!("{}: dtype {other}", case.call),
            }
        }
        "linear_linear" => {
            let [inputs, hidden, outputs] = [0, 1, 2].map(|k| usize_of(&case.op["args"][k]));
            let mut torch = Generator::manual_seed(case.seed());
            let (w1, b1) = torch.linear(inputs, hidden);
            let (w2, b2) = torch.linear(hidden, outputs);
            for (name, got) in [
                ("weight1", &w1),
                ("bias1", &b1),
                ("weight2", &w2),
                ("bias2", &b2),
            ] {
                case.output(name)
                    .assert_bits(got, &format!("{}: {name}", case.call));
            }
        }
        "conv2d" => {
            let d = dims(case);
            let mut g = Generator::manual_seed(case.seed());
            let (w, b) = g.conv2d(d[1], d[0], [d[2], d[3]]);
            assert_eq!(case.output("weight").shape, d);
            case.output("weight")
                .assert_bits(&w, &format!("{}: weight", case.call));
            case.output("bias")
                .assert_bits(&b, &format!("{}: bias", case.call));
        }
        other => panic!(
            "{}: op.fn {other} is not known to tests/parity_torch.rs; teach it the call",
            case.call
        ),
    }
}

#[test]
fn every_torch_case_bit_for_bit() {
    let cases = golden::cases("torch");
    for case in &cases {
        run(case);
    }
    // Both seeds of every call in the file.
    assert!(cases.len() >= 38, "{} cases", cases.len());
}

/// The comparison is sharp enough to tell the kernels apart: the baseline kernel
/// (C library `log`, `cos`, `sin`, no fused steps) does not give the AVX2
/// kernel's `normal_` bits, though it draws the same numbers.
#[test]
fn the_default_kernel_is_told_apart() {
    let case = golden::cases("torch")
        .into_iter()
        .find(|c| c.op["fn"] == "normal_" && c.op["len"] == 1000 && c.op["dtype"] == "f32")
        .expect("a 1000-element float32 normal_ case");
    let want = case.output("out").words();
    let mut out = vec![0.0f32; 1000];
    Generator::manual_seed(case.seed())
        .with_kernel(nninit::torch::CpuKernel::Default)
        .normal_(&mut out, case.arg(0), case.arg(1))
        .unwrap();
    let differ = out
        .iter()
        .zip(want)
        .filter(|(x, w)| u64::from(x.to_bits()) != **w)
        .count();
    assert!(differ > 100, "{differ} of 1000 differ");
    // ... and differ only in rounding.
    for (x, &w) in out.iter().zip(want) {
        let w = f32::from_bits(u32::try_from(w).unwrap());
        assert!((x - w).abs() <= 1e-5 * w.abs().max(1.0), "{x} {w}");
    }
}
