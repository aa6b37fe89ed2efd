//! A PyTorch model's initial weights, computed in Rust: the same bits as
//!
//! ```python
//! import torch
//! from torch import nn
//!
//! torch.manual_seed(0)
//! model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
//! for name, p in model.named_parameters():
//!     print(name, list(p.shape), p.detach().flatten()[:4].tolist())
//! ```
//!
//! `cargo run --features torch --example torch_parity [seed]` (default 0) prints each parameter's
//! name, shape and first values, and a checksum of all its bits: the sum of
//! `bits[i]·(i + 1)` over its `float32` words, wrapping at 2⁶⁴. For seed 0 the
//! first line is
//!
//! ```text
//! 0.weight [128, 784] [-0.00026738644, 0.0191587, -0.02939447, -0.026283538] checksum 9198dbd6fed89cc0
//! ```
//!
//! as PyTorch 2.15 gives it on a CPU with AVX2. `ReLU` has no parameters, so it
//! draws nothing: the layers draw, in order, `0.weight`, `0.bias`, `2.weight`,
//! `2.bias`.

use nninit::torch::Generator;

/// `(name, shape, values)` of each parameter, in PyTorch's order.
fn model(seed: u64) -> Vec<(&'static str, Vec<usize>, Vec<f32>)> {
    let mut g = Generator::manual_seed(seed);
    let (w0, b0) = g.linear(784, 128);
    let (w2, b2) = g.linear(128, 10);
    vec![
        ("0.weight", vec![128, 784], w0),
        ("0.bias", vec![128], b0),
        ("2.weight", vec![10, 128], w2),
        ("2.bias", vec![10], b2),
    ]
}

/// The sum of `bits[i]·(i + 1)`, wrapping at 2⁶⁴.
fn checksum(values: &[f32]) -> u64 {
    values.iter().zip(1u64..).fold(0u64, |sum, (x, i)| {
        sum.wrapping_add(u64::from(x.to_bits()).wrapping_mul(i))
    })
}

fn main() {
    let seed = match std::env::args().nth(1).map(|s| s.parse::<u64>()) {
        None => 0,
        Some(Ok(seed)) => seed,
        Some(Err(e)) => {
            eprintln!("the seed must be an unsigned integer: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "torch.manual_seed({seed}); nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))"
    );
    for (name, shape, values) in model(seed) {
        println!(
            "{name} {shape:?} {:?} checksum {:016x}",
            &values[..4],
            checksum(&values)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What PyTorch 2.15 itself produced for seed 0 (CPU, AVX2): the checksums of
    /// `tests/data/frameworks.json`'s `Linear(784, 128); Linear(128, 10)` case, and
    /// the first words of each parameter.
    #[test]
    fn matches_pytorch() {
        let want: [(&str, u64, [u32; 2]); 4] = [
            (
                "0.weight",
                0x9198_dbd6_fed8_9cc0,
                [0xb98c_3000, 0x3c9c_f2b5],
            ),
            ("0.bias", 0x0000_0ea6_ff9f_4f21, [0xbd03_49b3, 0xbbad_552e]),
            (
                "2.weight",
                0x0006_3206_d8d5_671d,
                [0xbda8_e164, 0xbd0b_0d48],
            ),
            ("2.bias", 0x0000_0021_1a6f_8735, [0xbd9f_2bf7, 0x3d0c_1d13]),
        ];
        for ((name, _, values), (want_name, sum, head)) in model(0).into_iter().zip(want) {
            assert_eq!(name, want_name);
            assert_eq!(checksum(&values), sum, "{name}");
            assert_eq!([values[0].to_bits(), values[1].to_bits()], head, "{name}");
        }
    }
}
