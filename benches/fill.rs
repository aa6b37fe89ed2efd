//! Fill throughput against the memory-write limit (`slice.fill`) and plain `rand`
//! sampling loops, all in the same criterion group so that their ratios can be read
//! off one run:
//!
//! ```text
//! cargo bench --bench fill -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! The groups `f32 …` and `f64 …` run nninit in a one-thread pool; `threads …`
//! compares one thread with all of them (at 4096², beside `slice.fill` on all of
//! them), and `fresh …` includes the allocation. With the `half` feature,
//! `bf16 …` and `f16 …` compare the half fills with `slice.fill` of the same half
//! buffer and with loops that make `f32` values and convert them one by one:
//!
//! ```text
//! cargo bench --bench fill --features half -- --warm-up-time 1 --measurement-time 3 'bf16|f16'
//! ```

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use nninit::{
    Constant, Init, Initializer, RandomNormal, RandomUniform, Real, Shape, TruncatedNormal,
};
use rand::SeedableRng;
use rand::distr::{Distribution, Uniform};
use rand::rngs::SmallRng;
use rand_distr::{Normal, StandardNormal};
use rayon::prelude::{ParallelIterator, ParallelSliceMut};
use rayon::{ThreadPool, ThreadPoolBuilder};

type Named<T> = (&'static str, Box<dyn Initializer<T> + Sync>);

/// One of each family: uniform, normal, truncated normal.
fn families<T: Real>() -> Vec<Named<T>> {
    vec![
        ("RandomUniform", Box::new(RandomUniform::default())),
        ("RandomNormal", Box::new(RandomNormal::default())),
        ("TruncatedNormal", Box::new(TruncatedNormal::default())),
    ]
}

/// Every random initializer that draws its elements independently, with its
/// defaults, from the table of initializers.
fn every<T: Real>() -> Vec<Named<T>> {
    Init::defaults()
        .filter(|init| !init.is_structured() && !init.is_constant())
        .map(|init| -> Named<T> { (init.type_name(), Box::new(init)) })
        .collect()
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

/// A pool of `threads` threads.
fn pool(threads: usize) -> ThreadPool {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// Each initializer in `list` filling a warm `side`×`side` buffer inside `pool`.
fn inits<T: Real>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    side: usize,
    list: Vec<Named<T>>,
    pool: &ThreadPool,
    suffix: &str,
) {
    let shape = Shape::dense(side, side);
    let mut buf = vec![T::zero(); shape.len()];
    let mut key = 0u64;
    for (name, init) in list {
        g.bench_function(format!("{name}{suffix}"), |b| {
            // The whole timing loop runs on the pool, so that handing work to it
            // is not timed.
            pool.install(|| {
                b.iter(|| {
                    key += 1;
                    init.fill_keyed(black_box(&mut buf[..]), &shape, key)
                        .unwrap();
                });
            });
        });
    }
}

fn all_threads() -> ThreadPool {
    pool(std::thread::available_parallelism().map_or(2, usize::from))
}

/// One thread against every thread of the machine, around the size where threads
/// start to pay, and at 4096×4096.
fn threads(c: &mut Criterion) {
    let (one, all) = (pool(1), all_threads());
    for side in [128, 256, 362, 512, 4096] {
        let mut g = c.benchmark_group(format!("threads f32 {side}x{side}"));
        g.throughput(Throughput::Elements((side * side) as u64));
        if side == 4096 {
            baselines::<f32>(&mut g, side * side);
            // The memory-write limit of all the threads: `slice.fill` split as
            // the fills are, in pieces of 64 chunks.
            let mut buf = vec![0.0f32; side * side];
            g.bench_function("slice.fill all threads", |b| {
                all.install(|| {
                    b.iter(|| {
                        black_box(&mut buf[..])
                            .par_chunks_mut(1 << 16)
                            .for_each(|piece| piece.fill(black_box(0.5)));
                    });
                });
            });
        }
        inits::<f32>(&mut g, side, families(), &one, " 1 thread");
        inits::<f32>(&mut g, side, families(), &all, " all threads");
        g.finish();
    }
}

/// Allocation included: `fill_new` against a fresh `vec![0.5; n]` and a fresh
/// zeroed `Vec` filled by `slice.fill`, beside the same fill into a warm buffer.
/// `Constant fill_new all threads` is the limit of fresh memory: the same
/// allocation, huge-page advice and pieces on all threads as `RandomUniform`'s
/// `fill_new`, with `slice.fill` in place of the random numbers, so that what
/// remains is the kernel's faulting and zeroing of the pages and one plain write
/// of the buffer.
fn fresh(c: &mut Criterion) {
    let side = 4096;
    let n = side * side;
    let shape = Shape::dense(side, side);
    let mut g = c.benchmark_group(format!("fresh f32 {side}x{side}"));
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("vec![0.5; n]", |b| {
        b.iter(|| black_box(vec![black_box(0.5f32); n]));
    });
    g.bench_function("vec![0.0; n] + slice.fill", |b| {
        b.iter(|| {
            let mut v = vec![0.0f32; n];
            v.fill(black_box(0.5));
            black_box(v)
        });
    });
    let (one, all) = (pool(1), all_threads());
    // The same fill into a warm buffer: what `fill_new` would cost without faults.
    let mut warm = vec![0.0f32; n];
    g.bench_function("RandomUniform fill_keyed warm all threads", |b| {
        all.install(|| {
            b.iter(|| {
                RandomUniform::default()
                    .fill_keyed(black_box(&mut warm[..]), &shape, 1)
                    .unwrap();
            });
        });
    });
    drop(warm);
    let limit = Constant::new(0.5).unwrap();
    g.bench_function("Constant fill_new all threads", |b| {
        all.install(|| {
            b.iter(|| {
                let v: Vec<f32> = limit.fill_new(&shape, 1).unwrap();
                black_box(v)
            });
        });
    });
    for (label, p) in [("1 thread", &one), ("all threads", &all)] {
        g.bench_function(format!("RandomUniform fill_new {label}"), |b| {
            p.install(|| {
                b.iter(|| {
                    let v: Vec<f32> = RandomUniform::default().fill_new(&shape, 1).unwrap();
                    black_box(v)
                });
            });
        });
    }
    g.finish();
}

fn fill(c: &mut Criterion) {
    let one = pool(1);
    for (side, all) in [(256, false), (1024, true), (4096, false)] {
        let n = side * side;
        let mut g = c.benchmark_group(format!("f32 {side}x{side}"));
        g.throughput(Throughput::Elements(n as u64));
        baselines::<f32>(&mut g, n);
        inits::<f32>(
            &mut g,
            side,
            if all { every() } else { families() },
            &one,
            "",
        );
        g.finish();
    }
    for side in [1024, 4096] {
        let mut g = c.benchmark_group(format!("f64 {side}x{side}"));
        g.throughput(Throughput::Elements((side * side) as u64));
        baselines::<f64>(&mut g, side * side);
        inits::<f64>(&mut g, side, families(), &one, "");
        g.finish();
    }
}

/// The generator and the map alone: the elements of `shape`'s tensor computed
/// 16 chunks at a time into a buffer that stays in the cache, so that nothing
/// waits on memory.
#[cfg(feature = "half")]
fn in_cache<E: Real>(g: &mut BenchmarkGroup<'_, WallTime>, name: &str, shape: &Shape) {
    let mut scratch = [E::zero(); 16 * 1024];
    let init = RandomUniform::default();
    g.bench_function(name, |b| {
        b.iter(|| {
            for at in (0..shape.len()).step_by(scratch.len()) {
                init.fill_at(black_box(&mut scratch[..]), shape, 1, at)
                    .unwrap();
            }
        });
    });
}

/// The half fills at 4096² on one thread, beside `slice.fill` of the same half
/// buffer and two loops that convert `f32` values one element at a time: nninit's
/// `f32` fill into a buffer, then `from_f32` of each; and `rand`'s `Uniform` over
/// `SmallRng`, each sample converted as it is drawn.
#[cfg(feature = "half")]
fn halves(c: &mut Criterion) {
    fn group<H: Real>(c: &mut Criterion, name: &str, from_f32: fn(f32) -> H) {
        let one = pool(1);
        let side = 4096;
        let shape = Shape::dense(side, side);
        let n = shape.len();
        let mut g = c.benchmark_group(format!("{name} {side}x{side}"));
        g.throughput(Throughput::Elements(n as u64));
        let mut buf = vec![H::zero(); n];
        let half = from_f32(0.5);
        g.bench_function("slice.fill", |b| {
            b.iter(|| black_box(&mut buf[..]).fill(black_box(half)));
        });
        let mut wide = vec![0.0f32; n];
        let mut key = 0u64;
        g.bench_function("RandomUniform f32 fill, then from_f32 each", |b| {
            one.install(|| {
                b.iter(|| {
                    key += 1;
                    RandomUniform::default()
                        .fill_keyed(black_box(&mut wide[..]), &shape, key)
                        .unwrap();
                    for (h, &x) in black_box(&mut buf[..]).iter_mut().zip(&wide) {
                        *h = from_f32(x);
                    }
                });
            });
        });
        let mut rng = SmallRng::seed_from_u64(1);
        let uniform = Uniform::new(-0.05f32, 0.05).unwrap();
        g.bench_function("rand Uniform SmallRng f32, from_f32 each", |b| {
            b.iter(|| {
                for h in black_box(&mut buf[..]) {
                    *h = from_f32(uniform.sample(&mut rng));
                }
            });
        });
        // The same fills on all threads, beside `slice.fill` split as they are.
        let all = all_threads();
        g.bench_function("slice.fill all threads", |b| {
            all.install(|| {
                b.iter(|| {
                    black_box(&mut buf[..])
                        .par_chunks_mut(1 << 16)
                        .for_each(|piece| piece.fill(black_box(half)));
                });
            });
        });
        let uniform: Vec<Named<H>> = vec![("RandomUniform", Box::new(RandomUniform::default()))];
        inits::<H>(&mut g, side, uniform, &all, " all threads");
        // In `f32`, and rounded to the half type.
        in_cache::<f32>(&mut g, "RandomUniform f32 in cache", &shape);
        in_cache::<H>(&mut g, "RandomUniform in cache", &shape);
        drop((buf, wide));
        inits::<H>(&mut g, side, families(), &one, "");
        g.finish();
    }
    group::<half::bf16>(c, "bf16", half::bf16::from_f32);
    group::<half::f16>(c, "f16", half::f16::from_f32);
}

#[cfg(feature = "half")]
criterion_group!(benches, fill, threads, fresh, halves);
#[cfg(not(feature = "half"))]
criterion_group!(benches, fill, threads, fresh);
criterion_main!(benches);
