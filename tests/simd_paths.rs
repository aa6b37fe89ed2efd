//! The fill loops are compiled once per SIMD path and one copy is chosen at run
//! time; every copy must give the same bits.
//!
//! On `x86_64` the loops in `src/rng/mod.rs` (`steps`, `fill_stream`) carry
//! `#[multiversion(targets("x86_64+avx2"))]`: an AVX2 copy, taken where the CPU
//! reports AVX2, and a baseline copy (SSE2, the `x86_64` baseline) taken
//! everywhere else. The bits themselves are pinned by `value_stability`,
//! `fill_snapshot` and the scalar referee in the library's unit tests; what this
//! file checks is *which* copy a test run takes, so that a run meant to exercise
//! one path cannot silently exercise the other.
//!
//! Set `NNINIT_TEST_SIMD_PATH` to the path a run must take (`sse2` or `avx2`).
//! `.ci/run` runs the bit-pinning tests under `qemu-x86_64 -cpu qemu64`, a CPU
//! model without AVX, with `NNINIT_TEST_SIMD_PATH=sse2`; see
//! `docs/performance.md`. Unset, the test checks only that the copy taken agrees
//! with the CPU's features.

use multiversion::multiversion;
use multiversion::target::target_cfg_f;

/// Which copy of a function with the fill loops' `multiversion` targets the
/// dispatcher takes on this CPU.
#[multiversion(targets("x86_64+avx2"))]
fn path_taken() -> &'static str {
    if target_cfg_f!(all(target_arch = "x86_64", target_feature = "avx2")) {
        "avx2"
    } else if cfg!(target_arch = "x86_64") {
        "sse2"
    } else {
        "portable"
    }
}

/// The path this CPU should get, from the standard library's feature detection.
fn path_detected() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            "avx2"
        } else {
            "sse2"
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        "portable"
    }
}

#[test]
fn the_copy_taken_is_the_one_the_cpu_supports() {
    assert_eq!(path_taken(), path_detected());
}

#[test]
fn the_run_takes_the_path_it_was_asked_to_test() {
    let Ok(want) = std::env::var("NNINIT_TEST_SIMD_PATH") else {
        return;
    };
    assert!(
        ["sse2", "avx2", "portable"].contains(&want.as_str()),
        "NNINIT_TEST_SIMD_PATH is {want:?}: set it to sse2, avx2 or portable"
    );
    assert_eq!(
        path_detected(),
        want,
        "this CPU does not select the {want} path (run it under a CPU model that does)"
    );
    assert_eq!(path_taken(), want);
}
