//! A burn `Linear` and `Conv2d`, built from their configs on the CPU (`flex`)
//! backend, with their weights and biases replaced by nninit's, each keyed from one
//! seed by its name.
//!
//! `cargo run --features burn --example burn_layers [seed]` (default 0) prints each
//! parameter's name, dimensions, fans and first values, and runs one forward pass.
//! burn's `Linear` weight is `[d_input, d_output]`, Keras's layout
//! (`Shape::dense`); its `Conv2d` weight is `[out, in/groups, kh, kw]`, PyTorch's
//! (`Shape::from_torch`).

use burn_core::module::Param;
use burn_nn::conv::{Conv2d, Conv2dConfig};
use burn_nn::{Linear, LinearConfig};
use burn_tensor::{Device, Tensor};
use nninit::{Fans, InitError, Initializer, KaimingNormal, Shape, TorchDefault, XavierUniform};

/// A 3x3 convolution from 3 to 16 channels, and a linear layer from its 16·8·8
/// outputs (for 10x10 images) to 10 classes.
struct Model {
    conv1: Conv2d,
    fc1: Linear,
}

/// One parameter: its name, its shape and the initializer that fills it.
struct Spec {
    name: &'static str,
    shape: Shape,
    init: Box<dyn Initializer<f32>>,
}

/// The model's parameters, each with the `Shape` that describes burn's layout.
fn specs() -> Result<[Spec; 4], InitError> {
    // Conv2d: [out, in/groups, kh, kw], PyTorch's layout.
    let conv_w = Shape::from_torch(&[16, 3, 3, 3]);
    // Linear: [d_input, d_output], Keras's layout.
    let fc_w = Shape::dense(16 * 8 * 8, 10);
    Ok([
        Spec {
            name: "conv1.weight",
            shape: conv_w,
            init: Box::new(KaimingNormal::default()),
        },
        Spec {
            name: "conv1.bias",
            shape: Shape::from_keras(&[16]),
            init: Box::new(TorchDefault::bias(&conv_w)?),
        },
        Spec {
            name: "fc1.weight",
            shape: fc_w,
            init: Box::new(XavierUniform::default()),
        },
        Spec {
            name: "fc1.bias",
            shape: Shape::from_keras(&[10]),
            init: Box::new(TorchDefault::bias(&fc_w)?),
        },
    ])
}

/// The layer's parameter `existing`, now holding the fill of `spec` under the key
/// of its name. `map` keeps the parameter's id, its training state and any save
/// and load mappers (a `Linear` in `LinearLayout::Col` transposes its weight in
/// them); `Param::from_tensor` would make a new parameter without them.
fn param<const D: usize>(
    existing: Param<Tensor<D>>,
    spec: &Spec,
    seed: u64,
    device: &Device,
) -> Result<Param<Tensor<D>>, InitError> {
    let key = nninit::key(seed, spec.name);
    let t = nninit::burn::tensor::<f32, _, D>(spec.init.as_ref(), &spec.shape, key, device)?;
    Ok(existing.map(|_| t))
}

/// The layers from their configs, with nninit's parameters in place of burn's.
fn build(seed: u64, device: &Device) -> Result<Model, InitError> {
    let [conv_w, conv_b, fc_w, fc_b] = specs()?;
    let mut conv1 = Conv2dConfig::new([3, 16], [3, 3]).init(device);
    conv1.weight = param(conv1.weight, &conv_w, seed, device)?;
    conv1.bias = conv1
        .bias
        .map(|b| param(b, &conv_b, seed, device))
        .transpose()?;
    let mut fc1 = LinearConfig::new(16 * 8 * 8, 10).init(device);
    fc1.weight = param(fc1.weight, &fc_w, seed, device)?;
    fc1.bias = fc1
        .bias
        .map(|b| param(b, &fc_b, seed, device))
        .transpose()?;
    Ok(Model { conv1, fc1 })
}

fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().try_into_vec::<f32>().unwrap_or_default()
}

/// Builds the model, checks that every parameter holds `fill_new`'s values for its
/// key and has burn's dimensions and the right fans, and runs a forward pass.
fn run(seed: u64, print: bool) -> Result<(), InitError> {
    let device = Device::flex();
    let model = build(seed, &device)?;
    let [conv_w, conv_b, fc_w, fc_b] = specs()?;
    assert_eq!(
        conv_w.shape.fans()?,
        Fans {
            fan_in: 27,
            fan_out: 144
        }
    );
    assert_eq!(
        fc_w.shape.fans()?,
        Fans {
            fan_in: 1024,
            fan_out: 10
        }
    );

    let bias = |p: &Option<Param<Tensor<1>>>| p.as_ref().map(Param::val);
    let held = [
        (
            &conv_w,
            model.conv1.weight.dims().to_vec(),
            values(model.conv1.weight.val()),
        ),
        (
            &conv_b,
            vec![16],
            bias(&model.conv1.bias).map(values).unwrap_or_default(),
        ),
        (
            &fc_w,
            model.fc1.weight.dims().to_vec(),
            values(model.fc1.weight.val()),
        ),
        (
            &fc_b,
            vec![10],
            bias(&model.fc1.bias).map(values).unwrap_or_default(),
        ),
    ];
    for (spec, dims, got) in &held {
        assert_eq!(dims.as_slice(), spec.shape.dims(), "{}", spec.name);
        let want = spec
            .init
            .fill_new(&spec.shape, nninit::key(seed, spec.name))?;
        assert_eq!(got, &want, "{}", spec.name);
        if print {
            let fans = spec.shape.fans()?;
            println!(
                "{} {dims:?} fan_in {} fan_out {} {:?}",
                spec.name,
                fans.fan_in,
                fans.fan_out,
                &got[..4]
            );
        }
    }

    let x = Tensor::<4>::ones([2, 3, 10, 10], &device);
    let h = model.conv1.forward(x).flatten::<2>(1, 3);
    let logits = model.fc1.forward(h);
    assert_eq!(logits.dims(), [2, 10]);
    Ok(())
}

fn main() -> Result<(), InitError> {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    run(seed, true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn layers_hold_nninit_weights() {
        for seed in [0, 1, 42] {
            super::run(seed, false).unwrap();
        }
    }
}
