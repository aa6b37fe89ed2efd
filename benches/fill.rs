//! Fill throughput against the memory-write limit (`slice.fill`) and plain `rand`
//! sampling loops, all in the same criterion group so that their ratios can be read
//! off one run:
//!
//! ```text
//! cargo bench --bench fill -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Groups named `… 1 thread` run nninit inside a one-thread pool.

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use nninit::{
    GlorotNormal, GlorotUniform, HeNormal, HeUniform, Initializer, KaimingNormal, KaimingUniform,
    LecunNormal, LecunUniform, RandomNormal, RandomUniform, Real, Shape, TorchDefault,
    TruncatedNormal, XavierNormal, XavierUniform,
};
use rand::SeedableRng;
use rand::distr::{Distribution, Uniform};
use rand::rngs::SmallRng;
use rand_distr::{Normal, StandardNormal};

type Named<T> = (&'static str, Box<dyn Initializer<T>>);

/// One of each family: uniform, normal, truncated normal.
fn families<T: Real>() -> Vec<Named<T>> {
    vec![
        ("RandomUniform", Box::new(RandomUniform::default())),
        ("RandomNormal", Box::new(RandomNormal::default())),
        ("TruncatedNormal", Box::new(TruncatedNormal::default())),
    ]
}

/// Every random initializer.
fn every<T: Real>() -> Vec<Named<T>> {
    let mut all = families::<T>();
    all.extend::<Vec<Named<T>>>(vec![
        ("GlorotUniform", Box::new(GlorotUniform)),
        ("GlorotNormal", Box::new(GlorotNormal)),
        ("HeUniform", Box::new(HeUniform)),
        ("HeNormal", Box::new(HeNormal)),
        ("LecunUniform", Box::new(LecunUniform)),
        ("LecunNormal", Box::new(LecunNormal)),
        ("XavierUniform", Box::new(XavierUniform::default())),
        ("XavierNormal", Box::new(XavierNormal::default())),
        ("KaimingUniform", Box::new(KaimingUniform::default())),
        ("KaimingNormal", Box::new(KaimingNormal::default())),
        ("TorchDefault", Box::new(TorchDefault)),
    ]);
    all
}

fn baselines<T>(g: &mut BenchmarkGroup<'_, WallTime>, n: usize)
where
    T: Real,
    Uniform<T>: Distribution<T>,
    StandardNormal: Distribution<T>,
    T: rand::distr::uniform::SampleUniform,
{
    let mut buf = vec![T::zero(); n];
    let half = T::from(0.5).unwrap();
    g.bench_function("slice.fill", |b| {
        b.iter(|| black_box(&mut buf[..]).fill(black_box(half)));
    });
    let mut rng = SmallRng::seed_from_u64(1);
    let lim = T::from(0.05).unwrap();
    let uniform = Uniform::new(-lim, lim).unwrap();
    g.bench_function("rand Uniform SmallRng", |b| {
        b.iter(|| {
            for x in black_box(&mut buf[..]) {
                *x = uniform.sample(&mut rng);
            }
        });
    });
    let normal = Normal::new(T::zero(), lim).unwrap();
    g.bench_function("rand_distr Normal SmallRng", |b| {
        b.iter(|| {
            for x in black_box(&mut buf[..]) {
                *x = normal.sample(&mut rng);
            }
        });
    });
}

fn inits<T: Real>(g: &mut BenchmarkGroup<'_, WallTime>, side: usize, list: Vec<Named<T>>) {
    let shape = Shape::dense(side, side);
    let mut buf = vec![T::zero(); shape.len()];
    let mut key = 0u64;
    for (name, init) in list {
        g.bench_function(name, |b| {
            b.iter(|| {
                key += 1;
                init.fill_keyed(black_box(&mut buf[..]), &shape, key)
                    .unwrap();
            });
        });
    }
}

fn fill(c: &mut Criterion) {
    for (side, all) in [(256, false), (1024, true), (4096, false)] {
        let n = side * side;
        let mut g = c.benchmark_group(format!("f32 {side}x{side}"));
        g.throughput(Throughput::Elements(n as u64));
        baselines::<f32>(&mut g, n);
        inits::<f32>(&mut g, side, if all { every() } else { families() });
        g.finish();
    }
    let side = 1024;
    let mut g = c.benchmark_group(format!("f64 {side}x{side}"));
    g.throughput(Throughput::Elements((side * side) as u64));
    baselines::<f64>(&mut g, side * side);
    inits::<f64>(&mut g, side, families());
    g.finish();
}

criterion_group!(benches, fill);
criterion_main!(benches);
