use super::*;
use crate::nn::{Activation, Dense, Sequential};

#[test]
fn sizes_past_isize_are_errors_before_any_allocation() {
    for len in [usize::MAX, usize::MAX / 2, usize::MAX / 4 + 1] {
        assert_eq!(
            zeros::<f32>(len, "w"),
            Err(NnError::OutOfMemory {
                what: "w",
                bytes: len as u128 * 4
            })
        );
    }
    assert!(matches!(
        zeros::<f64>(usize::MAX / 8 + 1, "w"),
        Err(NnError::OutOfMemory { .. })
    ));
    // Within isize but beyond any machine: the allocator's refusal.
    assert_eq!(
        zeros::<f32>(usize::MAX / 8, "w"),
        Err(NnError::OutOfMemory {
            what: "w",
            bytes: (usize::MAX / 8) as u128 * 4
        })
    );
    assert_eq!(zeros::<f64>(3, "w"), Ok(vec![0.0; 3]));
    assert!(zeros::<f64>(0, "w").unwrap().is_empty());
    assert_eq!(reserve::<f32>(5, "w").unwrap().capacity(), 5);
    assert_eq!(
        product::<f64>(usize::MAX, 3, "w"),
        Err(NnError::OutOfMemory {
            what: "w",
            bytes: usize::MAX as u128 * 24
        })
    );
}

#[test]
fn a_kernel_too_large_to_count_is_an_error() {
    let mut m = Sequential::<f32>::new(usize::MAX, 0);
    let err = m.push(Dense::new(2, Activation::Linear)).unwrap_err();
    assert!(matches!(
        err,
        NnError::Init {
            layer: 0,
            param: "kernel",
            source: crate::InitError::ShapeOverflow { .. }
        }
    ));
    assert!(m.layers().is_empty());
}

/// What pushing a `units`-unit layer onto `input_dim` inputs must return,
/// without allocating, when the kernel cannot exist: `Init(ShapeOverflow)`
/// when `input_dim · units` overflows `usize`, `OutOfMemory` with the exact
/// bytes otherwise.
fn expect_too_large(input_dim: usize, units: usize) {
    let mut m = Sequential::<f32>::new(input_dim, 9);
    let err = m.push(Dense::new(units, Activation::Relu)).unwrap_err();
    match input_dim.checked_mul(units) {
        None => assert!(
            matches!(
                err,
                NnError::Init {
                    layer: 0,
                    param: "kernel",
                    source: crate::InitError::ShapeOverflow { .. }
                }
            ),
            "{input_dim} × {units}: {err:?}"
        ),
        Some(len) => assert_eq!(
            err,
            NnError::OutOfMemory {
                what: "the layer's kernel",
                bytes: len as u128 * 4
            },
            "{input_dim} × {units}"
        ),
    }
    // Unchanged, the key stream too: the next layer gets the first keys.
    assert!(m.layers().is_empty());
    assert_eq!(m, Sequential::new(input_dim, 9));
}

#[test]
fn a_kernel_too_large_to_allocate_is_an_error_not_a_panic_or_an_abort() {
    // usize::MAX / 2 elements of f32 overflow isize in bytes (a panic in
    // `vec!`); usize::MAX / 8 fit, and the allocator refuses (an abort).
    for input_dim in [usize::MAX / 2, usize::MAX / 4 + 1, usize::MAX / 8, 1 << 50] {
        expect_too_large(input_dim, 1);
    }
    expect_too_large(usize::MAX / 16, 2);
    expect_too_large(usize::MAX / 16, 17);
    // A huge bias behind an empty kernel.
    let mut m = Sequential::<f64>::new(0, 0);
    for units in [usize::MAX, usize::MAX / 8, usize::MAX / 16] {
        assert_eq!(
            m.push(Dense::new(units, Activation::Relu)).unwrap_err(),
            NnError::OutOfMemory {
                what: "the layer's bias",
                bytes: units as u128 * 8
            }
        );
    }
    assert!(m.layers().is_empty());
}

proptest::proptest! {
    /// Sizes near `usize::MAX`: each push is a typed error (the smallest
    /// kernel tried takes 2⁵⁰ bytes, beyond any allocator).
    #[test]
    fn pushes_of_sizes_near_usize_max_are_typed_errors(
        shift in 0u32..12,
        less in 0usize..1024,
        units in 1usize..=4096,
    ) {
        let input_dim = (usize::MAX >> shift).saturating_sub(less).max(1 << 48);
        expect_too_large(input_dim, units);
    }
}
