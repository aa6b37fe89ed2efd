//! `nninit::ndarray`: the value at every index of a filled array is the value at
//! that row-major index of `fill_keyed`, whatever the array's memory layout.

#![allow(clippy::float_cmp)] // the promise is exact bits

mod common;
use common::inits;
use ndarray::{
    ArcArray, Array, Array1, Array2, Array4, ArrayD, ArrayView, Axis, Dimension, Ix2, IxDyn,
    ShapeBuilder, s,
};
use nninit::{Dirac, GlorotUniform, HeNormal, Init, InitError, Initializer, Real, Shape};

/// The row-major values of `init` for `shape`, as an array of its dimensions.
fn reference<T: Real>(init: &dyn Initializer<T>, shape: &Shape, key: u64) -> ArrayD<T> {
    let flat = init.fill_new(shape, key).unwrap();
    ArrayView::from_shape(IxDyn(shape.dims()), &flat)
        .unwrap()
        .to_owned()
}

/// Every layout of a `[rows, cols]` array: standard, Fortran order, the transpose
/// of a `[cols, rows]` array, every other row of a taller array, reversed rows,
/// and a corner of a larger array.
#[test]
fn every_layout_holds_the_row_major_values() {
    for (rows, cols) in [(1, 1), (3, 5), (37, 64), (128, 33)] {
        let shape = Shape::from_torch(&[rows, cols]);
        for init in inits() {
            let want = reference::<f32>(&init, &shape, 11)
                .into_dimensionality::<Ix2>()
                .unwrap();
            let fill = |a: &mut ndarray::ArrayViewMut2<'_, f32>| {
                nninit::ndarray::fill_array(&init, a, &shape, 11).unwrap();
            };

            let mut standard = Array2::<f32>::zeros((rows, cols));
            nninit::ndarray::fill_array(&init, &mut standard, &shape, 11).unwrap();
            assert_eq!(standard, want, "{init} standard {rows}x{cols}");

            let mut fortran = Array2::<f32>::zeros((rows, cols).f());
            nninit::ndarray::fill_array(&init, &mut fortran, &shape, 11).unwrap();
            assert!(fortran.t().is_standard_layout() || rows == 1 || cols == 1);
            assert_eq!(fortran, want, "{init} fortran");

            let mut backing = Array2::<f32>::zeros((cols, rows));
            fill(&mut backing.view_mut().reversed_axes());
            assert_eq!(backing.t(), want, "{init} transposed");

            let mut tall = Array2::<f32>::from_elem((2 * rows, cols), 9.0);
            fill(&mut tall.slice_mut(s![..;2, ..]));
            assert_eq!(tall.slice(s![..;2, ..]), want, "{init} strided");
            assert!(tall.slice(s![1..;2, ..]).iter().all(|&x| x == 9.0));

            let mut reversed = Array2::<f32>::zeros((rows, cols));
            fill(&mut reversed.slice_mut(s![..;-1, ..]));
            assert_eq!(reversed.slice(s![..;-1, ..]), want, "{init} reversed");

            let mut big = Array2::<f32>::from_elem((rows + 2, cols + 3), 9.0);
            fill(&mut big.slice_mut(s![1..=rows, 2..cols + 2]));
            assert_eq!(big.slice(s![1..=rows, 2..cols + 2]), want, "{init} corner");
            assert_eq!(
                big.iter().filter(|&&x| x == 9.0).count(),
                2 * (cols + 3) + 3 * rows
            );
        }
    }
}

/// Convolution kernels of rank 4 in both frameworks' layouts, with their axes
/// permuted in memory.
#[test]
fn rank_four_kernels_in_any_axis_order() {
    for shape in [
        Shape::from_torch(&[16, 8, 3, 3]),
        Shape::from_keras(&[3, 3, 8, 16]),
    ] {
        for init in [Init::from(HeNormal), Dirac::default().into()] {
            let want = reference::<f64>(&init, &shape, 4)
                .into_dimensionality::<ndarray::Ix4>()
                .unwrap();
            let d = shape.dims();
            let mut standard = Array4::<f64>::zeros((d[0], d[1], d[2], d[3]));
            nninit::ndarray::fill_array(&init, &mut standard, &shape, 4).unwrap();
            assert_eq!(standard, want);
            // Memory in the order [2, 0, 3, 1], viewed as the shape's order.
            let mut backing = Array4::<f64>::zeros((d[2], d[0], d[3], d[1]));
            let mut view = backing.view_mut().permuted_axes([1, 3, 0, 2]);
            assert_eq!(view.shape(), d);
            nninit::ndarray::fill_array(&init, &mut view, &shape, 4).unwrap();
            assert_eq!(view, want);
            // The same, dynamic-dimensional.
            let mut dynamic = ArrayD::<f64>::zeros(IxDyn(d).f());
            nninit::ndarray::fill_array(&init, &mut dynamic, &shape, 4).unwrap();
            assert_eq!(dynamic, want.into_dyn());
        }
    }
}

#[test]
fn created_arrays_are_standard_and_hold_the_fill() {
    let shape = Shape::from_keras(&[5, 7, 3]);
    for init in inits() {
        let Ok(flat) = Initializer::<f32>::fill_new(&init, &shape, 2) else {
            assert!(nninit::ndarray::array::<f32, _>(&init, &shape, 2).is_err());
            continue;
        };
        let a = nninit::ndarray::array::<f32, _>(&init, &shape, 2).unwrap();
        assert_eq!(a.shape(), &[5, 7, 3]);
        assert_eq!(a.as_slice(), Some(&flat[..]));
    }
}

#[test]
fn trait_objects_and_boxes_fill_as_the_initializer_does() {
    let shape = Shape::dense(6, 4);
    let boxed: Box<dyn Initializer<f32>> = Box::new(GlorotUniform);
    let direct = nninit::ndarray::array::<f32, _>(&GlorotUniform, &shape, 1).unwrap();
    assert_eq!(nninit::ndarray::array(&*boxed, &shape, 1).unwrap(), direct);
    assert_eq!(nninit::ndarray::array(&boxed, &shape, 1).unwrap(), direct);
    let object: &dyn Initializer<f32> = &GlorotUniform;
    let mut a = Array2::<f32>::zeros((6, 4).f());
    nninit::ndarray::fill_array(object, &mut a, &shape, 1).unwrap();
    assert_eq!(a.into_dyn(), direct);
}

#[test]
fn shared_arrays_are_unshared_before_they_are_written() {
    let shape = Shape::dense(3, 3);
    let original = ArcArray::<f32, _>::zeros((3, 3));
    let mut copy = original.clone();
    nninit::ndarray::fill_array(&HeNormal, &mut copy, &shape, 8).unwrap();
    assert!(original.iter().all(|&x| x == 0.0));
    assert_eq!(copy.into_dyn(), reference::<f32>(&HeNormal, &shape, 8));
}

#[test]
fn a_dimension_mismatch_names_both_and_writes_nothing() {
    let shape = Shape::from_torch(&[128, 784]);
    let mut a = Array2::<f32>::zeros((784, 128));
    let err = nninit::ndarray::fill_array(&GlorotUniform, &mut a, &shape, 0).unwrap_err();
    assert_eq!(
        err,
        InitError::DimsMismatch {
            array: vec![784, 128],
            dims: vec![128, 784],
            shape: shape.to_string(),
        }
    );
    let text = err.to_string();
    assert!(
        text.contains("[784, 128]") && text.contains("[128, 784]"),
        "{text}"
    );
    assert!(a.iter().all(|&x| x == 0.0));
    // Same length, other rank.
    let mut flat = Array1::<f32>::zeros(128 * 784);
    assert!(matches!(
        nninit::ndarray::fill_array(&GlorotUniform, &mut flat, &shape, 0),
        Err(InitError::DimsMismatch { .. })
    ));
    // The initializer's own errors, with nothing written either.
    let mut conv = Array::<f32, _>::zeros((4, 4));
    let err = nninit::ndarray::fill_array(
        &Dirac::default(),
        &mut conv.view_mut().reversed_axes(),
        &Shape::dense(4, 4),
        0,
    );
    assert!(
        matches!(err, Err(InitError::UnsupportedShape { .. })),
        "{err:?}"
    );
    assert!(conv.iter().all(|&x| x == 0.0));
}

#[test]
fn empty_arrays_fill_without_error() {
    let shape = Shape::from_torch(&[0, 5]);
    let mut a = Array2::<f32>::zeros((0, 5).f());
    nninit::ndarray::fill_array(&GlorotUniform, &mut a, &shape, 0).unwrap();
    let created = nninit::ndarray::array::<f32, _>(&GlorotUniform, &shape, 0).unwrap();
    assert_eq!(created.shape(), &[0, 5]);
    assert_eq!(created.len_of(Axis(0)), 0);
    assert_eq!(a.raw_dim().size(), 0);
}

/// The two-layer example of `docs/ecosystem.md`, as written there.
#[test]
fn the_guides_model_example_runs() -> Result<(), InitError> {
    use ndarray::Ix1;
    use nninit::TorchDefault;

    let seed = 2024;
    let mut layers = Vec::new();
    for (name, (outs, ins)) in [("fc1", (128, 784)), ("fc2", (10, 128))] {
        let weight = Shape::from_torch(&[outs, ins]);
        let w = nninit::ndarray::array::<f32, _>(
            &TorchDefault,
            &weight,
            nninit::key(seed, &format!("{name}.weight")),
        )?
        .into_dimensionality::<Ix2>()
        .expect("rank 2");
        let bias = TorchDefault::bias(&weight)?;
        let b = nninit::ndarray::array::<f32, _>(
            &bias,
            &Shape::from_torch(&[outs]),
            nninit::key(seed, &format!("{name}.bias")),
        )?
        .into_dimensionality::<Ix1>()
        .expect("rank 1");
        layers.push((w, b));
    }
    let x = Array1::<f32>::from_elem(784, 0.5);
    let h = (layers[0].0.dot(&x) + &layers[0].1).mapv(|v| v.max(0.0));
    let logits = layers[1].0.dot(&h) + &layers[1].1;
    assert_eq!(logits.len(), 10);
    // The weights are the keyed fills of their names.
    let fc2: Vec<f32> = TorchDefault.fill_new(
        &Shape::from_torch(&[10, 128]),
        nninit::key(seed, "fc2.weight"),
    )?;
    assert_eq!(layers[1].0.as_slice(), Some(&fc2[..]));
    Ok(())
}

#[cfg(feature = "half")]
#[test]
fn half_arrays_hold_the_rounded_fill() {
    use half::bf16;
    let shape = Shape::dense(33, 17);
    let mut a = Array2::<bf16>::from_elem((33, 17).f(), bf16::ZERO);
    let init = nninit::KaimingNormal::default();
    nninit::ndarray::fill_array(&init, &mut a, &shape, 6).unwrap();
    let wide = reference::<f32>(&init, &shape, 6);
    assert!(
        a.iter()
            .zip(wide.iter())
            .all(|(h, &x)| *h == bf16::from_f32(x))
    );
}
