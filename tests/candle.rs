//! `nninit::candle::tensor`: a candle tensor of the shape's dimensions whose
//! dtype is the element type's and whose values are `fill_new`'s, bit for bit.

#![allow(clippy::float_cmp)] // the promise is exact bits

mod common;
use candle_core::{DType, Device, Tensor, WithDType};
use common::inits;
use nninit::{HeNormal, InitError, Initializer, Real, Shape};

fn values<T: WithDType>(t: &Tensor) -> Vec<T> {
    t.flatten_all().unwrap().to_vec1::<T>().unwrap()
}

/// For every initializer and a sweep of shapes, `tensor::<T, _>` has the shape's
/// dimensions, `T`'s dtype and the values of `fill_new` under the same key; where
/// `fill_new` fails, which happens only for the cases listed, the same error
/// comes back.
fn holds_fill_new<T: Real + WithDType>(dtype: DType) {
    let shapes: [&[usize]; 5] = [&[1, 1], &[3, 5], &[37, 64], &[8, 4, 3, 3], &[0, 7]];
    let mut failed = Vec::new();
    let mut filled = 0;
    for dims in shapes {
        let shape = Shape::from_torch(dims);
        for init in inits() {
            let t = nninit::candle::tensor::<T, _>(&init, &shape, 11, &Device::Cpu);
            let want: Vec<T> = match init.fill_new(&shape, 11) {
                Ok(want) => want,
                Err(err) => {
                    assert_eq!(t.err(), Some(err), "{init} {dims:?}");
                    failed.push(format!("{init} {dims:?}"));
                    continue;
                }
            };
            filled += 1;
            let t = t.unwrap();
            assert_eq!(t.dims(), dims, "{init} {dims:?}");
            assert_eq!(t.dtype(), dtype, "{init} {dims:?}");
            let got = values::<T>(&t);
            // Bits, not values: a signed zero would hide behind `==`.
            let bits = |v: &[T]| v.iter().map(|x| x.integer_decode()).collect::<Vec<_>>();
            assert_eq!(got.len(), want.len());
            assert_eq!(bits(&got), bits(&want), "{init} {dims:?}");
        }
    }
    // Sparse fills rank 2 only; every other case is filled.
    let sparse = nninit::Init::from(nninit::Sparse::default());
    assert_eq!(failed, [format!("{sparse} [8, 4, 3, 3]")]);
    assert_eq!(filled, shapes.len() * inits().len() - 1);
}

#[test]
fn f32_tensors_hold_fill_new() {
    holds_fill_new::<f32>(DType::F32);
}

#[test]
fn f64_tensors_hold_fill_new() {
    holds_fill_new::<f64>(DType::F64);
}

#[cfg(feature = "half")]
#[test]
fn f16_tensors_hold_fill_new() {
    holds_fill_new::<half::f16>(DType::F16);
}

#[cfg(feature = "half")]
#[test]
fn bf16_tensors_hold_fill_new() {
    holds_fill_new::<half::bf16>(DType::BF16);
}

/// Through a trait object, and with keys from one seed: different names give
/// different tensors, the same name the same.
#[test]
fn trait_objects_and_keys_from_names() {
    let shape = Shape::from_torch(&[16, 8]);
    let init: &dyn Initializer<f32> = &HeNormal;
    let seed = 3;
    let make = |path| {
        values::<f32>(
            &nninit::candle::tensor(init, &shape, nninit::key(seed, path), &Device::Cpu).unwrap(),
        )
    };
    assert_eq!(make("fc1.weight"), make("fc1.weight"));
    assert_ne!(make("fc1.weight"), make("fc2.weight"));
}

#[test]
fn initializer_errors_come_back_unchanged() {
    let bias = Shape::from_torch(&[8]);
    let err = nninit::candle::tensor::<f32, _>(&HeNormal, &bias, 0, &Device::Cpu).unwrap_err();
    assert_eq!(Err::<Vec<f32>, _>(err), HeNormal.fill_new(&bias, 0));
    let identity = Shape::from_torch(&[2, 2, 2]);
    let err =
        nninit::candle::tensor::<f64, _>(&nninit::Identity::default(), &identity, 0, &Device::Cpu);
    assert!(matches!(err, Err(InitError::UnsupportedShape { .. })));
}
