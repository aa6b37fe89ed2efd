//! Training throughput of the seed's model at MNIST's shape (784 → 128 → 10,
//! ReLU then softmax, Adam, categorical cross-entropy) on synthetic data, beside
//! the single-thread `f32` GEMM peak of `matrixmultiply` (through ndarray's
//! `general_mat_mul`, the path the training core uses) on a large square product.
//!
//! One step at batch `B` does `2·B·(2·784·128 + 3·128·10)` = `409 088·B`
//! floating-point operations in its matrix products (forward and weight
//! gradient for both layers, input gradient for the second), so
//! `samples/s × 409 088 / (GEMM flop/s)` is the fraction of the GEMM peak.
//!
//! ```text
//! cargo bench --bench train -- --warm-up-time 1 --measurement-time 3
//! ```

// Sizes and small integers, exact in every type they are cast to.
#![allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ndarray::Array2;
use ndarray::linalg::general_mat_mul;
use nninit::nn::{Activation, Adam, Dense, Loss, Sequential};
use nninit::{GlorotUniform, Initializer, Shape};

/// Synthetic inputs in `[0, 1)` and labels, fixed by a key.
fn data(batch: usize) -> (Vec<f32>, Vec<usize>) {
    let mut x = vec![0.0f32; batch * 784];
    nninit::RandomUniform::new(0.0, 1.0)
        .and_then(|u| u.fill_keyed(&mut x, &Shape::from_keras(&[batch * 784]), 1))
        .expect("uniform inputs");
    let y = (0..batch).map(|i| (i * 7) % 10).collect();
    (x, y)
}

fn model() -> Sequential<f32> {
    let mut m = Sequential::<f32>::new(784, 0);
    m.push(Dense::new(128, Activation::Relu).kernel_initializer(GlorotUniform))
        .expect("hidden layer");
    m.push(Dense::new(10, Activation::Softmax))
        .expect("output layer");
    m.compile(Loss::CategoricalCrossentropy, Adam::default())
        .expect("compile");
    m
}

fn train_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("train_step_784_128_10_f32");
    for batch in [32usize, 128] {
        let (x, y) = data(batch);
        let mut m = model();
        group.throughput(Throughput::Elements(batch as u64));
        group.bench_with_input(BenchmarkId::new("adam", batch), &batch, |b, _| {
            b.iter(|| {
                m.train_on_batch(black_box(&x), &y[..])
                    .expect("finite step")
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("sgemm_peak");
    let n = 1024;
    let a = Array2::from_shape_fn((n, n), |(i, j)| ((i * 31 + j * 17) % 13) as f32 / 13.0);
    let b = Array2::from_shape_fn((n, n), |(i, j)| ((i * 7 + j * 3) % 11) as f32 / 11.0);
    let mut out = Array2::<f32>::zeros((n, n));
    // Throughput in floating-point operations: "elem/s" reads as flop/s.
    group.throughput(Throughput::Elements(2 * (n as u64).pow(3)));
    group.bench_function(BenchmarkId::new("square", n), |bench| {
        bench.iter(|| general_mat_mul(1.0, black_box(&a), black_box(&b), 0.0, &mut out));
    });
    group.finish();
}

criterion_group!(benches, train_step);
criterion_main!(benches);
