//! Times `Orthogonal` on one thread, in `f32` and `f64`, and prints the
//! orthogonality error: `cargo run --release --example orthogonal_timing [size...]`,
//! a size being `n` (an `n × n` matrix) or `ROWSxCOLS` (default: 1024 2048).

use std::time::Instant;

use nninit::{Initializer, Orthogonal, Real, Shape};

#[path = "support/thread_cpu.rs"]
mod thread_cpu;
use thread_cpu::thread_cpu_seconds;

/// Best wall and CPU time of a few fills of a `rows × cols` matrix in `T`, and the
/// orthogonality error of the last.
fn time<T: Real>(rows: usize, cols: usize, name: &str) -> Result<(), nninit::InitError> {
    let shape = Shape::from_torch(&[rows, cols]);
    let mut w = vec![T::zero(); shape.len()];
    let runs = if rows * cols <= 1 << 20 { 7 } else { 3 };
    let (mut best, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    for key in 0..runs {
        let (start, cpu) = (Instant::now(), thread_cpu_seconds());
        Orthogonal::default().fill_keyed(&mut w, &shape, key)?;
        best = best.min(start.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(thread_cpu_seconds() - cpu);
    }
    let err = nninit::orthogonality_error(&w, &shape, 1.0)?;
    println!(
        "orthogonal {rows}x{cols} {name}, one thread, best of {runs}: {:.1} ms wall, \
         {:.1} ms CPU; max|WtW - I| = {err:.2e}",
        best * 1e3,
        best_cpu * 1e3
    );
    Ok(())
}

/// `n` as `(n, n)`, `ROWSxCOLS` as `(ROWS, COLS)`.
fn parse(arg: &str) -> Option<(usize, usize)> {
    match arg.split_once('x') {
        Some((r, c)) => Some((r.parse().ok()?, c.parse().ok()?)),
        None => arg.parse().ok().map(|n| (n, n)),
    }
}

fn main() -> Result<(), nninit::InitError> {
    let sizes: Vec<(usize, usize)> = std::env::args().skip(1).filter_map(|a| parse(&a)).collect();
    let sizes = if sizes.is_empty() {
        vec![(1024, 1024), (2048, 2048)]
    } else {
        sizes
    };
    for (rows, cols) in sizes {
        time::<f32>(rows, cols, "f32")?;
        time::<f64>(rows, cols, "f64")?;
    }
    Ok(())
}
