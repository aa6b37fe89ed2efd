//! A candle-nn model whose initial weights nninit creates: the same seed gives the
//! same weights, bit for bit, in every run and on every device.
//!
//! `cargo run --features candle-nn --example candle_layers [seed]` (default 0)
//! builds `linear(784, 128) → relu → linear(128, 10)` twice from the seed, checks
//! that the two builds agree bit for bit, and prints each variable's path, shape,
//! first values and a checksum of its bits (the sum of `bits[i]·(i + 1)` over its
//! `float32` words, wrapping at 2⁶⁴).
//!
//! Each variable is filled under `nninit::key(seed, path)`, by the initializer
//! candle-nn's hint maps to (`fc1.weight`: Kaiming normal with ReLU's gain;
//! `fc1.bias`: `U[-1/√784, 1/√784)`), except `fc2.weight`, which the builder
//! overrides with an orthogonal initializer.

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Linear, VarMap};
use nninit::Orthogonal;
use nninit::candle::VarBuilderBackend;

/// The model, and the `VarMap` that holds its variables for an optimizer.
fn model(seed: u64, device: &Device) -> candle_core::Result<(Linear, Linear, VarMap)> {
    let vars = VarMap::new();
    let vb = VarBuilderBackend::new(seed, &vars)
        .with("fc2.weight", Orthogonal::default())
        .into_var_builder(DType::F32, device);
    let fc1 = candle_nn::linear(784, 128, vb.pp("fc1"))?;
    let fc2 = candle_nn::linear(128, 10, vb.pp("fc2"))?;
    Ok((fc1, fc2, vars))
}

/// A variable's path, shape and values.
type Variable = (String, Vec<usize>, Vec<f32>);

/// Each variable in `vars`, sorted by path.
fn variables(vars: &VarMap) -> candle_core::Result<Vec<Variable>> {
    let data = vars.data().lock().map_err(|_| {
        candle_core::Error::msg(
            "the VarMap's lock is poisoned, as a thread panicked while holding it; \
                 build the model again on a new VarMap",
        )
    })?;
    let mut out = data
        .iter()
        .map(|(path, var)| {
            let values = var.as_tensor().flatten_all()?.to_vec1::<f32>()?;
            Ok((path.clone(), var.dims().to_vec(), values))
        })
        .collect::<candle_core::Result<Vec<_>>>()?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The sum of `bits[i]·(i + 1)`, wrapping at 2⁶⁴.
fn checksum(values: &[f32]) -> u64 {
    values.iter().zip(1u64..).fold(0u64, |sum, (x, i)| {
        sum.wrapping_add(u64::from(x.to_bits()).wrapping_mul(i))
    })
}

fn main() -> candle_core::Result<()> {
    let seed = match std::env::args().nth(1).map(|s| s.parse::<u64>()) {
        None => 0,
        Some(Ok(seed)) => seed,
        Some(Err(e)) => {
            eprintln!("the seed must be an unsigned integer: {e}");
            std::process::exit(2);
        }
    };
    let device = Device::Cpu;
    let (fc1, fc2, vars) = model(seed, &device)?;
    let (_, _, again) = model(seed, &device)?;
    let (first, second) = (variables(&vars)?, variables(&again)?);
    if first != second {
        candle_core::bail!("two builds from seed {seed} differ");
    }
    println!("seed {seed}: linear(784, 128) -> relu -> linear(128, 10), built twice, bit-equal");
    for (path, shape, values) in &first {
        println!(
            "{path} {shape:?} {:?} checksum {:016x}",
            &values[..4],
            checksum(values)
        );
    }
    let x = Tensor::ones((1, 784), DType::F32, &device)?;
    let logits = fc2.forward(&fc1.forward(&x)?.relu()?)?;
    println!("logits for an input of ones: {logits}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nninit::{FanMode, Init, Initializer, KaimingNormal, Nonlinearity, Shape};

    #[test]
    fn builds_are_reproducible_and_overridable() -> candle_core::Result<()> {
        let device = Device::Cpu;
        let (_, _, a) = model(0, &device)?;
        let (_, _, b) = model(0, &device)?;
        let (_, _, other) = model(1, &device)?;
        let (a, b, other) = (variables(&a)?, variables(&b)?, variables(&other)?);
        assert_eq!(a, b);
        let paths: Vec<&str> = a.iter().map(|v| v.0.as_str()).collect();
        assert_eq!(paths, ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]);
        for (x, y) in a.iter().zip(&other) {
            assert_ne!(x.2, y.2, "{}", x.0);
        }

        // The bits of seed 0, pinned: a change is value-breaking.
        let sums: Vec<u64> = a.iter().map(|v| checksum(&v.2)).collect();
        assert_eq!(
            sums,
            [
                0x0000_0f4a_8a01_9af1,
                0x9210_71df_e294_d469,
                0x0000_0021_99a1_83c6,
                0x0006_1001_6889_c7b5,
            ]
        );

        // fc1.weight: candle-nn's Kaiming-normal hint, under key(0, "fc1.weight").
        let relu = Init::from(KaimingNormal::new(0.0, FanMode::FanIn, Nonlinearity::Relu)?);
        let want: Vec<f32> = relu.fill_new(
            &Shape::from_torch(&[128, 784]),
            nninit::key(0, "fc1.weight"),
        )?;
        assert_eq!(a[1].2, want);
        // fc2.weight: the override, with orthonormal rows.
        let w = &a[3].2;
        for i in 0..10 {
            for j in 0..10 {
                let dot: f32 = (0..128).map(|k| w[i * 128 + k] * w[j * 128 + k]).sum();
                let target = if i == j { 1.0 } else { 0.0 };
                assert!((dot - target).abs() < 1e-4, "row {i}·row {j} = {dot}");
            }
        }
        Ok(())
    }
}
