//! Times `nninit::jax` fills on one thread, in the best wall time per element over
//! many rounds and the thread's mean CPU time per element, beside `slice.fill` on
//! the same buffer:
//! `cargo run --release --features jax --example jax_timing -- [side] [rounds]` (default
//! `4096 20`).
//!
//! Each fill is JAX's own stream (`jax.nn.initializers` and `jax.random` on a
//! `side × side` float32 matrix); the keys differ from round to round.

use std::time::Instant;

use nninit::jax::{CounterLayout, Key};
use nninit::{Init, InitError, Shape};

#[path = "support/thread_cpu.rs"]
mod thread_cpu;
use thread_cpu::thread_cpu_seconds;

/// The best wall time and the mean thread CPU time per element, in nanoseconds,
/// of `rounds` runs of `fill`.
#[allow(clippy::cast_precision_loss)] // element counts to f64
fn best(len: usize, rounds: u32, mut fill: impl FnMut(u32)) -> (f64, f64) {
    let mut wall = f64::INFINITY;
    let cpu = thread_cpu_seconds();
    for round in 0..rounds {
        let start = Instant::now();
        fill(round);
        wall = wall.min(start.elapsed().as_secs_f64());
    }
    let cpu = thread_cpu_seconds() - cpu;
    let per = 1e9 / len as f64;
    (wall * per, cpu * per / f64::from(rounds))
}

fn main() -> Result<(), InitError> {
    let mut args = std::env::args().skip(1);
    let side: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4096);
    let rounds: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let shape = Shape::from_keras(&[side, side]);
    let mut w = vec![0.0f32; shape.len()];
    println!("{side}×{side} f32, {rounds} rounds, one thread: ns/element (best wall, mean CPU)");
    let baseline = best(w.len(), rounds, |r| {
        #[allow(clippy::cast_precision_loss)]
        w.fill(r as f32);
        std::hint::black_box(&w);
    });
    println!("{:<34} {:8.3} {:8.3}", "slice.fill", baseline.0, baseline.1);
    for name in ["jax.glorot_uniform", "jax.glorot_normal", "jax.normal"] {
        let init: Init = name.parse().map_err(|_| InitError::NotElementwise {
            initializer: "unparsable name",
        })?;
        for layout in [CounterLayout::Partitionable, CounterLayout::Legacy] {
            let mut result = Ok(());
            let ns = best(w.len(), rounds, |r| {
                let key = Key::new(i64::from(r)).with_counter_layout(layout);
                result = result.clone().and(key.fill(&init, &mut w, &shape));
                std::hint::black_box(&w);
            });
            result?;
            println!(
                "{:<34} {:8.3} {:8.3}",
                format!("{name} ({layout:?})"),
                ns.0,
                ns.1
            );
        }
    }
    let mut words = vec![0u32; w.len()];
    let ns = best(words.len(), rounds, |r| {
        Key::new(i64::from(r)).bits(&mut words);
        std::hint::black_box(&words);
    });
    println!(
        "{:<34} {:8.3} {:8.3}",
        "jax.random.bits (Partitionable)", ns.0, ns.1
    );
    Ok(())
}
