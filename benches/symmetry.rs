//! `symmetry_check` on a 4096×4096 random kernel, beside the time to fill it.
//!
//! The check must take less time than the fill: it reads the kernel once and
//! sorts 4096 unit hashes, while the fill draws 16.7 M random numbers and writes
//! them.

use criterion::{Criterion, criterion_group, criterion_main};
use nninit::{GlorotUniform, Initializer, Shape, SymmetryCheck, symmetry_check};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("symmetry 4096x4096 f32");
    group.sample_size(10);
    let keras = Shape::dense(4096, 4096);
    let torch = Shape::from_torch(&[4096, 4096]);
    let mut kernel = vec![0.0f32; keras.len()];
    group.bench_function("fill GlorotUniform (fill_keyed)", |b| {
        b.iter(|| {
            GlorotUniform
                .fill_keyed(black_box(&mut kernel), &keras, 7)
                .unwrap();
        });
    });
    GlorotUniform.fill_keyed(&mut kernel, &keras, 7).unwrap();
    group.bench_function("symmetry_check Keras [in][out]", |b| {
        b.iter(|| symmetry_check(black_box(&kernel), &keras).unwrap());
    });
    group.bench_function("symmetry_check PyTorch [out][in]", |b| {
        b.iter(|| symmetry_check(black_box(&kernel), &torch).unwrap());
    });
    let tolerant = SymmetryCheck::with_tolerance(1e-6).unwrap();
    group.bench_function("SymmetryCheck tolerance 1e-6 Keras", |b| {
        b.iter(|| tolerant.check(black_box(&kernel), &keras).unwrap());
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
