//! `nninit::burn`: burn data and tensors hold `fill_new`'s values bit for bit, of the
//! shape's dimensions and the element type's `DType`, and burn's layers take the
//! shapes the module docs give them.

#![allow(clippy::float_cmp)] // the promise is exact bits
#![allow(clippy::cast_precision_loss)] // sizes here are far below 2^52

mod common;
use common::inits;
use std::sync::atomic::{AtomicUsize, Ordering};

use burn_nn::LinearConfig;
use burn_nn::conv::Conv2dConfig;
use burn_tensor::{DType, Device, Element, Tensor, TensorData};
use nninit::{
    Dirac, Fans, GlorotUniform, HeNormal, Init, InitError, Initializer, Real, Shape, TorchDefault,
};

/// Rank-2 and rank-4 shapes, with 1x1, odd and empty sizes.
fn shapes2() -> Vec<Shape> {
    [(1, 1), (3, 5), (37, 64), (0, 4)]
        .map(|(a, b)| Shape::from_torch(&[a, b]))
        .to_vec()
}

fn shapes4() -> Vec<Shape> {
    [[1, 1, 1, 1], [8, 3, 3, 3], [5, 2, 1, 7]]
        .map(|d| Shape::from_torch(&d))
        .to_vec()
}

/// `tensor_data` and `tensor` on the flex device against `fill_new`, for one
/// element type.
fn check_type<T>(dtype: DType)
where
    T: Real + Element,
    Init: Initializer<T>,
{
    let device = Device::flex();
    assert!(device.supports_dtype(dtype), "{dtype:?}");
    for init in inits() {
        for shape in shapes2() {
            let key = nninit::key(3, &format!("{init}"));
            let want: Vec<T> = init.fill_new(&shape, key).unwrap();
            let data = nninit::burn::tensor_data::<T, _>(&init, &shape, key).unwrap();
            assert_eq!(data.shape().as_slice(), shape.dims());
            assert_eq!(data.dtype(), dtype);
            assert_eq!(data.as_slice::<T>().unwrap(), &want[..], "{init} {shape}");

            let t: Tensor<2> =
                nninit::burn::tensor::<T, _, 2>(&init, &shape, key, &device).unwrap();
            assert_eq!(t.dims().as_slice(), shape.dims());
            assert_eq!(t.dtype(), dtype);
            assert_eq!(
                t.into_data().try_to_vec::<T>().unwrap(),
                want,
                "{init} {shape}"
            );
        }
    }
    for shape in shapes4() {
        let want: Vec<T> = HeNormal.fill_new(&shape, 1).unwrap();
        let t = nninit::burn::tensor::<T, _, 4>(&HeNormal, &shape, 1, &device).unwrap();
        assert_eq!(t.dims().as_slice(), shape.dims());
        assert_eq!(t.into_data().try_to_vec::<T>().unwrap(), want, "{shape}");
    }
}

#[test]
fn f32_values_are_fill_new_bit_for_bit() {
    check_type::<f32>(DType::F32);
}

#[test]
fn f64_values_are_fill_new_bit_for_bit() {
    check_type::<f64>(DType::F64);
}

/// burn's `f16` and `bf16` are the `half` crate's own types.
#[cfg(feature = "half")]
#[test]
fn half_values_are_fill_new_bit_for_bit() {
    let _: burn_tensor::f16 = half::f16::ONE;
    let _: burn_tensor::bf16 = half::bf16::ONE;
    check_type::<half::f16>(DType::F16);
    check_type::<half::bf16>(DType::BF16);
}

/// burn's own `Tensor::from_data(data, &device)` rounds `f64` data to the device's
/// default float type; `nninit::burn::tensor` keeps the element type.
#[test]
fn the_element_type_is_kept() {
    let device = Device::flex();
    let shape = Shape::dense(16, 16);
    let data = nninit::burn::tensor_data::<f64, _>(&HeNormal, &shape, 5).unwrap();
    let plain: Tensor<2> = Tensor::from_data(data.clone(), &device);
    assert_eq!(plain.dtype(), DType::F32);
    let kept = nninit::burn::tensor::<f64, _, 2>(&HeNormal, &shape, 5, &device).unwrap();
    assert_eq!(kept.dtype(), DType::F64);
    assert_eq!(kept.into_data(), data);
}

/// An initializer that counts its fills, to show that an error comes before any.
struct Counting<'a>(&'a AtomicUsize);

impl Initializer<f32> for Counting<'_> {
    fn fill_at(
        &self,
        out: &mut [f32],
        shape: &Shape,
        key: u64,
        offset: usize,
    ) -> Result<(), InitError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        GlorotUniform.fill_at(out, shape, key, offset)
    }
}

#[test]
fn a_rank_mismatch_is_an_error_before_anything_is_filled() {
    let device = Device::flex();
    let fills = AtomicUsize::new(0);
    let init = Counting(&fills);
    let shape = Shape::from_torch(&[16, 3, 3, 3]);
    let err = nninit::burn::tensor::<f32, _, 2>(&init, &shape, 0, &device).unwrap_err();
    assert_eq!(
        err,
        InitError::RankMismatch {
            rank: 2,
            expected: 4,
            shape: shape.to_string(),
        }
    );
    let err = nninit::burn::tensor::<f32, _, 1>(&init, &Shape::from_keras(&[]), 0, &device);
    assert!(matches!(
        err,
        Err(InitError::RankMismatch {
            rank: 1,
            expected: 0,
            ..
        })
    ));
    assert_eq!(fills.load(Ordering::SeqCst), 0);
    nninit::burn::tensor::<f32, _, 4>(&init, &shape, 0, &device).unwrap();
    assert_eq!(fills.load(Ordering::SeqCst), 1);
}

#[test]
fn a_trait_object_works_as_a_concrete_initializer() {
    let device = Device::flex();
    let shape = Shape::from_torch(&[8, 4, 3, 3]);
    let chosen: Vec<Box<dyn Initializer<f32>>> =
        vec![Box::new(Dirac::default()), Box::new(HeNormal)];
    for init in &chosen {
        let init: &dyn Initializer<f32> = init.as_ref();
        let want = init.fill_new(&shape, 2).unwrap();
        let data: TensorData = nninit::burn::tensor_data(init, &shape, 2).unwrap();
        assert_eq!(data.as_slice::<f32>().unwrap(), &want[..]);
        let t = nninit::burn::tensor::<f32, _, 4>(init, &shape, 2, &device).unwrap();
        assert_eq!(t.into_data().try_to_vec::<f32>().unwrap(), want);
    }
}

/// burn's `Linear(d_input, d_output)` has a `[d_input, d_output]` weight:
/// `Shape::dense(d_input, d_output)` has its dimensions and fans. burn's default
/// draws it from `U(−1/√d_input, 1/√d_input)`, the bound of nninit's
/// `TorchDefault` on that shape (with the wrong layout, `from_torch`, the bound
/// would be `1/√d_output`, which the draws would not come near).
#[test]
fn a_burn_linear_is_a_dense_shape() {
    let device = Device::flex();
    device.seed(0);
    for (d_input, d_output) in [(784, 128), (128, 784), (33, 1)] {
        let linear = LinearConfig::new(d_input, d_output).init(&device);
        let shape = Shape::dense(d_input, d_output);
        assert_eq!(linear.weight.dims().as_slice(), shape.dims());
        assert_eq!(
            shape.fans().unwrap(),
            Fans {
                fan_in: d_input,
                fan_out: d_output
            }
        );
        assert_eq!(Shape::from_keras(&[d_input, d_output]), shape);

        let bound = TorchDefault::bias(&shape).unwrap().max();
        assert_eq!(bound, 1.0 / (d_input as f64).sqrt());
        let burns = linear.weight.val().into_data().try_to_vec::<f32>().unwrap();
        let largest = burns.iter().fold(0.0f64, |m, &w| m.max(f64::from(w.abs())));
        assert!(largest <= bound * (1.0 + 1e-6), "{largest} > {bound}");
        // Of n uniform draws, the largest magnitude falls below (1 - 8/n)·bound with
        // probability (1 - 8/n)^n < e^-8.
        let n = burns.len() as f64;
        assert!(
            largest > bound * (1.0 - 8.0 / n),
            "{largest} far below {bound}"
        );
    }
}

/// burn's `Conv2d` weight is `[out, in/groups, kh, kw]`, `Shape::from_torch`'s
/// layout, and burn's `fan_in` is `in/groups·kh·kw`, as nninit's: burn's default
/// draws reach the bound of `TorchDefault` on that shape and never pass it.
#[test]
fn a_burn_conv2d_is_a_torch_shape() {
    let device = Device::flex();
    device.seed(0);
    for (ins, outs, groups, k) in [(3, 16, 1, [3, 3]), (8, 4, 2, [1, 5]), (6, 6, 6, [3, 3])] {
        let conv = Conv2dConfig::new([ins, outs], k)
            .with_groups(groups)
            .init(&device);
        let shape = Shape::from_torch(&[outs, ins / groups, k[0], k[1]]);
        assert_eq!(conv.weight.dims().as_slice(), shape.dims());
        let fans = shape.fans().unwrap();
        assert_eq!(fans.fan_in, ins / groups * k[0] * k[1]);
        assert_eq!(fans.fan_out, outs * k[0] * k[1]);
        let bound = TorchDefault::bias(&shape).unwrap().max();
        let burns = conv.weight.val().into_data().try_to_vec::<f32>().unwrap();
        let largest = burns.iter().fold(0.0f64, |m, &w| m.max(f64::from(w.abs())));
        assert!(largest <= bound * (1.0 + 1e-6), "{largest} > {bound}");
        // As for the linear layer: below (1 - 8/n)·bound with probability < e^-8.
        let n = burns.len() as f64;
        assert!(
            largest > bound * (1.0 - 8.0 / n),
            "{largest} far below {bound}"
        );
    }
}

/// The `Linear` example of `docs/ecosystem.md`, as written there with the `burn`
/// crate's paths spelled as the crates that hold them.
#[test]
fn the_guides_linear_example_runs() -> Result<(), InitError> {
    use burn_nn::Linear;
    use nninit::XavierUniform;

    let device = Device::flex();
    let mut fc1: Linear = LinearConfig::new(784, 128).init(&device);
    let shape = Shape::dense(784, 128); // burn's Linear weight is [d_input, d_output]
    let w = nninit::burn::tensor::<f32, _, 2>(
        &XavierUniform::default(),
        &shape,
        nninit::key(7, "fc1.weight"),
        &device,
    )?;
    let id = fc1.weight.id;
    fc1.weight = fc1.weight.map(|_| w);
    assert_eq!(fc1.weight.id, id, "map keeps the parameter");

    let want: Vec<f32> = XavierUniform::default().fill_new(&shape, nninit::key(7, "fc1.weight"))?;
    assert_eq!(
        fc1.weight.val().into_data().try_to_vec::<f32>().unwrap(),
        want
    );
    let y = fc1.forward(Tensor::<2>::ones([3, 784], &device));
    assert_eq!(y.dims(), [3, 128]);
    Ok(())
}
