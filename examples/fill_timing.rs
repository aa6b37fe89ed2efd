//! Times one initializer's fill on one thread, in the best wall time per element
//! over many rounds, and the thread's CPU time per element over all of them:
//! `cargo run --release --example fill_timing -- [uniform|normal|truncated|half]
//! [f32|f64] [side] [rounds]` (default `normal f32 1024 50`).
//!
//! `half` is the half-normal `TruncatedNormal` on `[0, ∞)`; `truncated` is Keras's
//! default, ±2 standard deviations. On a shared machine, compare two builds by
//! running this alternately, many times, and keeping each one's best.

use std::time::Instant;

use nninit::{
    InitError, Initializer, RandomNormal, RandomUniform, Real, Shape, TruncatedNormal, Truncation,
};

#[path = "support/thread_cpu.rs"]
mod thread_cpu;
use thread_cpu::thread_cpu_seconds;

/// The initializer named `kind`.
fn initializer<T: Real>(kind: &str) -> Result<Box<dyn Initializer<T> + Sync>, InitError> {
    Ok(match kind {
        "uniform" => Box::new(RandomUniform::default()),
        "normal" => Box::new(RandomNormal::default()),
        "truncated" => Box::new(TruncatedNormal::default()),
        "half" => Box::new(TruncatedNormal::with_truncation(
            0.0,
            1.0,
            Truncation::Stddevs {
                lower: 0.0,
                upper: f64::INFINITY,
            },
        )?),
        other => {
            eprintln!("unknown initializer {other:?}: uniform, normal, truncated or half");
            std::process::exit(2);
        }
    })
}

/// The best wall time per element of `rounds` fills of a `side × side` matrix in
/// `T`, on a one-thread pool, each under its own key, and the mean thread CPU time
/// per element over all of them (Linux counts it at scheduler events, so only a
/// total over many fills is exact).
#[allow(clippy::cast_precision_loss)] // element counts to f64
fn time<T: Real>(kind: &str, side: usize, rounds: u64) -> Result<(f64, f64), InitError> {
    let init = initializer::<T>(kind)?;
    let shape = Shape::from_torch(&[side, side]);
    let mut w = vec![T::zero(); shape.len()];
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    pool.install(|| {
        let mut wall = f64::INFINITY;
        let cpu = thread_cpu_seconds();
        for key in 0..rounds {
            let start = Instant::now();
            init.fill_keyed(&mut w, &shape, key)?;
            wall = wall.min(start.elapsed().as_secs_f64());
        }
        let cpu = (thread_cpu_seconds() - cpu) / rounds as f64;
        let per = 1e9 / shape.len() as f64;
        Ok((wall * per, cpu * per))
    })
}

fn main() -> Result<(), InitError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = args.first().map_or("normal", String::as_str);
    let ty = args.get(1).map_or("f32", String::as_str);
    let side = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1024);
    let rounds = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(50);
    let (wall, cpu) = match ty {
        "f32" => time::<f32>(kind, side, rounds)?,
        "f64" => time::<f64>(kind, side, rounds)?,
        other => {
            eprintln!("unknown type {other:?}: f32 or f64");
            std::process::exit(2);
        }
    };
    println!(
        "{kind} {ty} {side}x{side}, one thread, best of {rounds}: \
         {wall:.3} ns per element wall (best), {cpu:.3} ns CPU (mean)"
    );
    Ok(())
}
