//! `nninit::torch` against the memory-write limit (`slice.fill`), in the same
//! criterion group so that the ratios can be read off one run, at 4096×4096 `f32`
//! on one thread (PyTorch's own `uniform_` there takes 3.6 ns per element on one
//! thread; `benches/peers/peers.py` measures it):
//!
//! ```text
//! cargo bench --bench parity -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! The generator runs on from one iteration to the next, as repeated PyTorch calls
//! would.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nninit::torch::{CpuKernel, Generator};
use nninit::{Shape, XavierUniform};

const SIDE: usize = 4096;

fn parity(c: &mut Criterion) {
    let n = SIDE * SIDE;
    let mut g = c.benchmark_group(format!("torch f32 {SIDE}x{SIDE}"));
    g.throughput(Throughput::Elements(n as u64));
    let mut buf = vec![0.0f32; n];
    g.bench_function("slice.fill", |b| {
        b.iter(|| black_box(&mut buf[..]).fill(black_box(0.5)));
    });
    for kernel in [CpuKernel::Avx2, CpuKernel::Default] {
        let mut torch = Generator::manual_seed(0).with_kernel(kernel);
        g.bench_function(format!("uniform_ {}", kernel.capability()), |b| {
            b.iter(|| {
                torch
                    .uniform_(black_box(&mut buf[..]), -0.05, 0.05)
                    .unwrap();
            });
        });
    }
    let mut torch = Generator::manual_seed(0);
    let shape = Shape::from_torch(&[SIDE, SIDE]);
    let xavier = XavierUniform::default().into();
    g.bench_function("fill xavier_uniform_ AVX2", |b| {
        b.iter(|| {
            torch
                .fill(&xavier, black_box(&mut buf[..]), &shape)
                .unwrap();
        });
    });
    for kernel in [CpuKernel::Avx2, CpuKernel::Default] {
        let mut torch = Generator::manual_seed(0).with_kernel(kernel);
        g.bench_function(format!("normal_ {}", kernel.capability()), |b| {
            b.iter(|| torch.normal_(black_box(&mut buf[..]), 0.0, 0.05).unwrap());
        });
    }
    g.finish();
}

criterion_group!(benches, parity);
criterion_main!(benches);
