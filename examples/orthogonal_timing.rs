//! Times `Orthogonal` on square matrices, one thread, in `f32` and `f64`, and
//! prints the orthogonality error: `cargo run --release --example orthogonal_timing
//! [n...]` (default 1024 2048).

use std::time::Instant;

use nninit::{Initializer, Orthogonal, Real, Shape};

#[path = "support/thread_cpu.rs"]
mod thread_cpu;
use thread_cpu::thread_cpu_seconds;

/// Best wall and CPU time of a few fills of an `n × n` matrix in `T`, and the
/// orthogonality error of the last.
fn time<T: Real>(n: usize, name: &str) -> Result<(), nninit::InitError> {
    let shape = Shape::from_torch(&[n, n]);
    let mut w = vec![T::zero(); shape.len()];
    let runs = if n <= 1024 { 7 } else { 3 };
    let (mut best, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    for key in 0..runs {
        let (start, cpu) = (Instant::now(), thread_cpu_seconds());
        Orthogonal::default().fill_keyed(&mut w, &shape, key)?;
        best = best.min(start.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(thread_cpu_seconds() - cpu);
    }
    let err = nninit::orthogonality_error(&w, &shape, 1.0)?;
    println!(
        "orthogonal {n}x{n} {name}, one thread, best of {runs}: {:.1} ms wall, {:.1} ms CPU; \
         max|WtW - I| = {err:.2e}",
        best * 1e3,
        best_cpu * 1e3
    );
    Ok(())
}

fn main() -> Result<(), nninit::InitError> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1024, 2048]
    } else {
        sizes
    };
    for n in sizes {
        time::<f32>(n, "f32")?;
        time::<f64>(n, "f64")?;
    }
    Ok(())
}
