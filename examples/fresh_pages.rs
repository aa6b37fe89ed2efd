//! How `fill_new` meets fresh memory: for a few sizes, the share of the buffer the
//! kernel backed with transparent huge pages (Linux, from `/proc/self/smaps`) and the
//! time per element, allocation and release included, against a zeroed `Vec` filled
//! by `slice.fill`.
//!
//! ```text
//! cargo run --release --example fresh_pages
//! ```

// Sizes and times become f64 only to be printed to a few digits.
#![allow(clippy::cast_precision_loss)]

use std::hint::black_box;
use std::time::Instant;

use nninit::{Initializer, RandomUniform, Shape};

/// Kibibytes of `AnonHugePages` in the mappings that overlap `start..end`, or
/// `None` where `/proc/self/smaps` cannot be read.
fn huge_kib(start: usize, end: usize) -> Option<usize> {
    let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
    let (mut inside, mut kib) = (false, 0);
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or("");
        if let Some((lo, hi)) = first.split_once('-')
            && let (Ok(lo), Ok(hi)) = (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
        {
            inside = lo < end && start < hi;
        } else if inside && first == "AnonHugePages:" {
            kib += words.next()?.parse::<usize>().ok()?;
        }
    }
    Some(kib)
}

/// The median of `runs` timings of `f`, in ns per element of `n`.
fn median_ns(n: usize, runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e9 / n as f64
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[runs / 2]
}

fn main() -> Result<(), nninit::InitError> {
    println!(
        "{:>10} {:>12} {:>14} {:>16} {:>10}",
        "MiB", "huge pages", "fill_new ns/el", "vec+fill ns/el", "ratio"
    );
    for mib in [1, 2, 3, 4, 8, 16, 64] {
        let n = mib * (1 << 20) / 4;
        let shape = Shape::from_torch(&[n, 1]);
        let w: Vec<f32> = RandomUniform::default().fill_new(&shape, 1)?;
        let range = w.as_ptr_range();
        let huge = huge_kib(range.start as usize, range.end as usize);
        drop(w);
        let runs = (256 / mib).clamp(9, 101);
        let ours = median_ns(n, runs, || {
            let w: Option<Vec<f32>> = RandomUniform::default().fill_new(&shape, 1).ok();
            black_box(w);
        });
        let base = median_ns(n, runs, || {
            let mut v = vec![0.0f32; n];
            v.fill(black_box(0.5));
            black_box(v);
        });
        let huge = huge.map_or_else(
            || "n/a".to_owned(),
            |k| format!("{:.0} %", k as f64 / (mib * 1024) as f64 * 100.0),
        );
        println!(
            "{mib:>10} {huge:>12} {ours:>14.3} {base:>16.3} {:>10.2}",
            base / ours
        );
    }
    Ok(())
}
