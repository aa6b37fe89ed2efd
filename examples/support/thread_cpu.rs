//! The calling thread's CPU time, shared by the timing examples.

/// The CPU time this thread has run, in seconds, from Linux's
/// `/proc/thread-self/schedstat` (0 elsewhere): on a shared machine it tells the
/// work done apart from the time spent waiting for a core.
#[allow(clippy::cast_precision_loss)] // nanoseconds to seconds
pub fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0.0, |ns| ns as f64 * 1e-9)
}
