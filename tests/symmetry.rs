//! The layer check: every verdict of `symmetry_check` and `SymmetryCheck`, in every
//! layout and both float types, and its cost bounds on huge shapes.

#![allow(clippy::float_cmp)] // exact equality is what is being checked

use nninit::{
    GlorotUniform, HeNormal, InitError, Initializer, LecunNormal, Real, Shape, SymmetricInitError,
    SymmetryCheck, TorchDefault, TruncatedNormal, symmetry_check, symmetry_check_with_bias,
};

fn t<T: Real>(x: f64) -> T {
    T::from(x).unwrap()
}

fn random<T: Real>(shape: &Shape, key: u64) -> Vec<T>
where
    GlorotUniform: Initializer<T>,
{
    let mut w = vec![T::zero(); shape.len()];
    GlorotUniform.fill_keyed(&mut w, shape, key).unwrap();
    w
}

/// The unit each element belongs to, computed from the dimensions alone.
fn unit_of(shape: &Shape) -> Vec<usize> {
    let dims = shape.dims();
    let rank = dims.len();
    let mut out = Vec::with_capacity(shape.len());
    for flat in 0..shape.len() {
        let mut idx = vec![0; rank];
        let mut rest = flat;
        for a in (0..rank).rev() {
            idx[a] = rest % dims[a];
            rest /= dims[a];
        }
        out.push(match shape.layout() {
            nninit::Layout::Keras => idx[rank - 1],
            nninit::Layout::Torch => idx[0],
            nninit::Layout::TorchTransposed { groups } => {
                let per_group_in = dims[0] / groups;
                idx[0] / per_group_in * dims[1] + idx[1]
            }
            _ => unreachable!("a layout this test does not know"),
        });
    }
    out
}

/// Copies unit `from` over unit `to`, in element order.
fn copy_unit<T: Real>(w: &mut [T], units: &[usize], from: usize, to: usize) {
    let src: Vec<T> = (0..w.len())
        .filter(|&k| units[k] == from)
        .map(|k| w[k])
        .collect();
    let dst: Vec<usize> = (0..w.len()).filter(|&k| units[k] == to).collect();
    assert_eq!(src.len(), dst.len());
    for (k, x) in dst.into_iter().zip(src) {
        w[k] = x;
    }
}

fn layouts() -> Vec<(Shape, usize)> {
    vec![
        (Shape::dense(16, 12), 12),
        (Shape::from_keras(&[16, 12]), 12),
        (Shape::from_torch(&[12, 16]), 12),
        (Shape::from_keras(&[3, 3, 4, 10]), 10),
        (Shape::from_keras(&[5, 4, 10]), 10),
        (Shape::from_torch(&[10, 4, 3, 3]), 10),
        (Shape::from_torch(&[10, 4, 5]), 10),
        (Shape::from_torch_transposed(&[4, 10, 3, 3], 1), 10),
        (Shape::from_torch_transposed(&[4, 5, 3], 2), 10),
        (Shape::from_keras(&[4, 3, 3, 2, 6]), 6),
    ]
}

fn every_layout_finds_a_copied_unit<T: Real>()
where
    GlorotUniform: Initializer<T>,
{
    for (shape, units) in layouts() {
        let map = unit_of(&shape);
        assert_eq!(map.iter().max().map(|m| m + 1), Some(units), "{shape}");
        let mut w = random::<T>(&shape, 11);
        assert_eq!(symmetry_check(&w, &shape), Ok(()), "{shape}");
        assert_eq!(
            SymmetryCheck::exact()
                .groups(&w, None, &shape)
                .unwrap()
                .len(),
            units
        );
        copy_unit(&mut w, &map, 2, 4);
        copy_unit(&mut w, &map, 2, 3);
        assert_eq!(
            symmetry_check(&w, &shape),
            Err(SymmetricInitError::DuplicateUnits {
                first: 2,
                second: 3,
                distinct: units - 2,
                units,
                tolerance: 0.0
            }),
            "{shape}"
        );
        let groups = SymmetryCheck::exact().groups(&w, None, &shape).unwrap();
        assert!(groups.contains(&vec![2, 3, 4]), "{shape}: {groups:?}");
        // Distinct biases separate the copies; an equal bias does not.
        let mut bias: Vec<T> = (0..units)
            .map(|u| t(f64::from(u32::try_from(u).unwrap())))
            .collect();
        assert_eq!(
            symmetry_check_with_bias(&w, &bias, &shape),
            Ok(()),
            "{shape}"
        );
        bias[4] = bias[2];
        assert!(matches!(
            symmetry_check_with_bias(&w, &bias, &shape),
            Err(SymmetricInitError::DuplicateUnits {
                first: 2,
                second: 4,
                ..
            })
        ));
        // Zero and constant kernels, with −0.0 among the zeros.
        let mut zeros = vec![T::zero(); shape.len()];
        zeros[1] = -T::zero();
        assert_eq!(
            symmetry_check(&zeros, &shape),
            Err(SymmetricInitError::ZeroKernel { units })
        );
        let threes = vec![t::<T>(0.375); shape.len()];
        assert_eq!(
            symmetry_check(&threes, &shape),
            Err(SymmetricInitError::ConstantKernel {
                value: 0.375,
                units
            })
        );
    }
}

#[test]
fn every_layout_f32() {
    every_layout_finds_a_copied_unit::<f32>();
}

#[test]
fn every_layout_f64() {
    every_layout_finds_a_copied_unit::<f64>();
}

#[test]
fn a_dense_unit_is_a_column_in_keras_layout_and_a_row_in_pytorch_layout() {
    // [[1, 1], [2, 2]]: the columns are equal, the rows are not.
    let w = [1.0f32, 1.0, 2.0, 2.0];
    assert!(matches!(
        symmetry_check(&w, &Shape::dense(2, 2)),
        Err(SymmetricInitError::DuplicateUnits {
            first: 0,
            second: 1,
            distinct: 1,
            units: 2,
            ..
        })
    ));
    assert_eq!(symmetry_check(&w, &Shape::from_torch(&[2, 2])), Ok(()));
}

fn non_finite_comes_first<T: Real>() {
    let shape = Shape::dense(4, 8);
    for bad in [T::nan(), T::infinity(), T::neg_infinity()] {
        let mut w = vec![T::zero(); 32];
        w[13] = bad;
        w[20] = bad;
        assert_eq!(
            symmetry_check(&w, &shape),
            Err(SymmetricInitError::NonFinite { index: 13 })
        );
        let mut b = vec![T::zero(); 8];
        b[6] = bad;
        assert_eq!(
            symmetry_check_with_bias(&[T::zero(); 32], &b, &shape),
            Err(SymmetricInitError::NonFiniteBias { index: 6 })
        );
        // Even a one-unit layer, which is never symmetric, is checked for NaN.
        assert_eq!(
            symmetry_check(&[t(1.0), bad], &Shape::dense(2, 1)),
            Err(SymmetricInitError::NonFinite { index: 1 })
        );
    }
}

#[test]
fn non_finite_comes_first_f32() {
    non_finite_comes_first::<f32>();
}

#[test]
fn non_finite_comes_first_f64() {
    non_finite_comes_first::<f64>();
}

#[test]
fn one_unit_is_never_symmetric() {
    assert_eq!(symmetry_check(&[0.0f32; 64], &Shape::dense(64, 1)), Ok(()));
    assert_eq!(
        symmetry_check(&[0.5f64; 64], &Shape::from_torch(&[1, 64])),
        Ok(())
    );
    assert_eq!(symmetry_check(&[0.0f64], &Shape::from_keras(&[])), Ok(()));
    // Three fused blocks of one unit each: units of different blocks are not compared.
    assert_eq!(
        symmetry_check(&[0.0f32; 12], &Shape::from_torch(&[3, 4]).fused(3)),
        Ok(())
    );
    // An empty kernel has nothing to check.
    assert_eq!(symmetry_check::<f32>(&[], &Shape::dense(0, 8)), Ok(()));
}

#[test]
fn fused_blocks_are_compared_only_within_themselves() {
    // A [2·3][2] PyTorch weight in two blocks; unit 0 (block 0) equals unit 3
    // (block 1), which is not a symmetry, and unit 4 equals unit 5.
    let w = [
        1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0, 1.0, 2.0, 7.0, 8.0, 7.0, 8.0,
    ];
    let shape = Shape::from_torch(&[6, 2]).fused(2);
    assert_eq!(
        symmetry_check(&w, &shape),
        Err(SymmetricInitError::DuplicateUnits {
            first: 4,
            second: 5,
            distinct: 5,
            units: 6,
            tolerance: 0.0
        })
    );
    assert_eq!(
        symmetry_check(&w[..8], &Shape::from_torch(&[4, 2]).fused(2)),
        Ok(())
    );
}

#[test]
fn bias_decides_zero_and_constant_kernels() {
    let shape = Shape::dense(3, 4);
    let w = [0.0f32; 12];
    assert_eq!(
        symmetry_check_with_bias(&w, &[0.1, 0.1, 0.1, 0.1], &shape),
        Err(SymmetricInitError::ZeroKernel { units: 4 })
    );
    assert_eq!(
        symmetry_check_with_bias(&w, &[0.1, 0.2, 0.3, 0.4], &shape),
        Ok(())
    );
    assert_eq!(
        symmetry_check_with_bias(&w, &[0.1, 0.2, 0.3, 0.2], &shape),
        Err(SymmetricInitError::DuplicateUnits {
            first: 1,
            second: 3,
            distinct: 3,
            units: 4,
            tolerance: 0.0
        })
    );
    let c = [-2.5f64; 12];
    assert_eq!(
        symmetry_check_with_bias(&c, &[0.0, -0.0, 0.0, 0.0], &shape),
        Err(SymmetricInitError::ConstantKernel {
            value: -2.5,
            units: 4
        })
    );
}

#[test]
fn transposed_groups_number_units_by_output_channel() {
    // [in = 4, out/groups = 2, k = 1] with 2 groups: 4 output channels; channel
    // h·2 + j reads rows 2h..2h+2 of column j.
    let shape = Shape::from_torch_transposed(&[4, 2, 1], 2);
    // Rows: [a b], [c d], [e f], [g h]: channel 0 = (a, c), 1 = (b, d), 2 = (e, g), 3 = (f, h).
    let w = [1.0f32, 5.0, 2.0, 6.0, 5.0, 1.0, 6.0, 2.0];
    // Channels 0 and 3 hold (1, 2) and channels 1 and 2 hold (5, 6), but each pair
    // spans two groups, which see different inputs.
    assert_eq!(symmetry_check(&w, &shape), Ok(()));
    let w = [1.0f32, 1.0, 2.0, 2.0, 5.0, 1.0, 6.0, 2.0];
    assert!(matches!(
        symmetry_check(&w, &shape),
        Err(SymmetricInitError::DuplicateUnits {
            first: 0,
            second: 1,
            distinct: 3,
            units: 4,
            ..
        })
    ));
    assert!(matches!(
        symmetry_check_with_bias(&w, &[0.0f32; 2], &shape),
        Err(SymmetricInitError::BiasLength { len: 2, units: 4 })
    ));
}

#[test]
fn invalid_calls_are_typed() {
    assert_eq!(
        symmetry_check(&[0.0f32; 5], &Shape::dense(2, 3)),
        Err(SymmetricInitError::KernelLength {
            len: 5,
            expected: 6,
            shape: "[2, 3] in Keras layout".to_owned()
        })
    );
    assert_eq!(
        symmetry_check_with_bias(&[0.0f32; 6], &[0.0; 2], &Shape::dense(2, 3)),
        Err(SymmetricInitError::BiasLength { len: 2, units: 3 })
    );
    assert!(matches!(
        symmetry_check(&[0.0f32; 12], &Shape::from_torch(&[6, 2]).fused(4)),
        Err(SymmetricInitError::InvalidShape {
            source: InitError::UnevenBlocks {
                units: 6,
                blocks: 4,
                ..
            }
        })
    ));
    assert!(matches!(
        symmetry_check(&[0.0f32; 1], &Shape::from_keras(&[1; 9])),
        Err(SymmetricInitError::InvalidShape {
            source: InitError::RankTooHigh { .. }
        })
    ));
    assert!(matches!(
        symmetry_check(&[0.0f32; 12], &Shape::from_torch_transposed(&[3, 4], 2)),
        Err(SymmetricInitError::InvalidShape {
            source: InitError::UnevenBlocks { .. }
        })
    ));
}

#[test]
fn tolerance_finds_quantisation_noise_and_nothing_else() {
    let shape = Shape::dense(64, 32);
    let mut w = random::<f32>(&shape, 3);
    let map = unit_of(&shape);
    copy_unit(&mut w, &map, 4, 30);
    assert!(matches!(
        symmetry_check(&w, &shape),
        Err(SymmetricInitError::DuplicateUnits {
            first: 4,
            second: 30,
            ..
        })
    ));
    // Perturb the copy by at most 2⁻¹² per weight: exact check passes, tolerant does not.
    for (k, x) in w.iter_mut().enumerate() {
        if map[k] == 30 {
            *x += if k % 3 == 0 {
                2f32.powi(-12)
            } else {
                -(2f32.powi(-13))
            };
        }
    }
    assert_eq!(symmetry_check(&w, &shape), Ok(()));
    let tol = SymmetryCheck::with_tolerance(2f64.powi(-12)).unwrap();
    assert_eq!(
        tol.check(&w, &shape),
        Err(SymmetricInitError::DuplicateUnits {
            first: 4,
            second: 30,
            distinct: 31,
            units: 32,
            tolerance: 2f64.powi(-12)
        })
    );
    let tighter = SymmetryCheck::with_tolerance(2f64.powi(-14)).unwrap();
    assert_eq!(tighter.check(&w, &shape), Ok(()));
    // A tolerance of 0 is the exact check.
    let zero = SymmetryCheck::with_tolerance(0.0).unwrap();
    assert_eq!(zero, SymmetryCheck::exact());
    assert!(matches!(
        SymmetryCheck::with_tolerance(-1e-3),
        Err(InitError::OutOfRange { .. })
    ));
    assert!(matches!(
        SymmetryCheck::with_tolerance(f64::INFINITY),
        Err(InitError::NonFinite { .. })
    ));
}

#[test]
fn near_constant_kernel_is_a_duplicate_not_a_constant() {
    let w = [0.5f64, 0.5, 0.5001, 0.5]; // dense [2][2]
    let tol = SymmetryCheck::with_tolerance(1e-3).unwrap();
    assert!(matches!(
        tol.check(&w, &Shape::dense(2, 2)),
        Err(SymmetricInitError::DuplicateUnits { distinct: 1, .. })
    ));
    assert_eq!(symmetry_check(&w, &Shape::dense(2, 2)), Ok(()));
}

/// Random kernels of realistic sizes never raise (`fan_in ≥ 4`: with f32 and
/// `fan_in = 1`, real collisions happen).
fn random_kernels_pass<T: Real>()
where
    GlorotUniform: Initializer<T>,
    HeNormal: Initializer<T>,
    LecunNormal: Initializer<T>,
    TruncatedNormal: Initializer<T>,
    TorchDefault: Initializer<T>,
{
    let shapes = [
        Shape::dense(4, 4096),
        Shape::dense(784, 128),
        Shape::dense(128, 10),
        Shape::from_torch(&[512, 256]),
        Shape::from_keras(&[3, 3, 64, 128]),
        Shape::from_torch(&[64, 3, 7, 7]),
        Shape::from_torch_transposed(&[64, 32, 4, 4], 1),
        Shape::from_torch(&[3 * 256, 256]).fused(3),
    ];
    let inits: [&dyn Initializer<T>; 5] = [
        &GlorotUniform,
        &HeNormal,
        &LecunNormal,
        &TruncatedNormal::default(),
        &TorchDefault,
    ];
    for shape in &shapes {
        for (key, init) in inits.iter().enumerate() {
            let mut w = vec![T::zero(); shape.len()];
            init.fill_keyed(&mut w, shape, key as u64).unwrap();
            assert_eq!(symmetry_check(&w, shape), Ok(()), "{shape}");
        }
    }
}

#[test]
fn random_kernels_pass_f32() {
    random_kernels_pass::<f32>();
}

#[test]
fn random_kernels_pass_f64() {
    random_kernels_pass::<f64>();
}

#[test]
fn layer_messages_say_why_and_what_to_do() {
    assert_eq!(
        SymmetricInitError::ZeroKernel { units: 128 }.to_string(),
        "every weight of this layer is zero, so all 128 units start identical and \
         training can never tell them apart; initialise the kernel with a random \
         initializer such as GlorotUniform, or check an output layer with check_network"
    );
    assert_eq!(
        SymmetricInitError::ConstantKernel {
            value: 0.5,
            units: 4
        }
        .to_string(),
        "every weight of this layer is 0.5, so all 4 units start identical and training \
         can never tell them apart; initialise the kernel with a random initializer such \
         as GlorotUniform"
    );
    let dup = |tolerance| SymmetricInitError::DuplicateUnits {
        first: 3,
        second: 9,
        distinct: 127,
        units: 128,
        tolerance,
    };
    assert_eq!(
        dup(0.0).to_string(),
        "units 3 and 9 of this layer start identical, so training can never tell them \
         apart (127 distinct units among 128); initialise the kernel with a random \
         initializer such as GlorotUniform"
    );
    assert!(dup(0.001).to_string().starts_with(
        "units 3 and 9 of this layer start identical to within 0.001 in every weight,"
    ));
    assert_eq!(
        SymmetricInitError::NonFinite { index: 7 }.to_string(),
        "element 7 of the kernel is NaN or infinite, which poisons every gradient that \
         passes through it; fix the initializer or the loaded weights"
    );
    assert_eq!(
        SymmetricInitError::InvalidShape {
            source: InitError::RankTooHigh { rank: 9, max: 8 }
        }
        .to_string(),
        "the shape has 9 dimensions, more than the 8 nninit supports; merge the kernel \
         dimensions into one, which keeps the fans"
    );
}

#[test]
fn empty_kernels_allocate_nothing_sized_by_the_shape() {
    let exact = SymmetryCheck::exact();
    let failed = |r: Result<Vec<Vec<usize>>, SymmetricInitError>| {
        matches!(
            r,
            Err(SymmetricInitError::InvalidShape {
                source: InitError::AllocationFailed { .. }
            })
        )
    };
    // Units without weights are all equal: the groups of `usize::MAX` or 2⁶¹ of
    // them cannot be held, which is an error, not a panic or a huge workspace.
    for shape in [
        Shape::from_keras(&[0, usize::MAX]),
        Shape::from_keras(&[0, 1 << 61]),
        Shape::from_torch(&[usize::MAX, 0, 3]),
        Shape::from_keras(&[2, 0, usize::MAX / 2]),
    ] {
        assert!(failed(exact.groups::<f32>(&[], None, &shape)), "{shape}");
        // The check itself has nothing to compare, and allocates nothing.
        assert_eq!(symmetry_check::<f32>(&[], &shape), Ok(()), "{shape}");
    }
    // A modest empty layer: one group per fused block, as for any equal units.
    assert_eq!(
        exact.groups::<f64>(&[], None, &Shape::from_keras(&[0, 5])),
        Ok(vec![(0..5).collect()])
    );
    assert_eq!(
        exact.groups::<f64>(&[], None, &Shape::from_torch(&[6, 0]).fused(3)),
        Ok(vec![vec![0, 1], vec![2, 3], vec![4, 5]])
    );
    // With biases, the biases tell the units apart.
    assert_eq!(
        exact.groups(&[], Some(&[1.0f32, 2.0, 1.0]), &Shape::from_keras(&[0, 3])),
        Ok(vec![vec![0, 2], vec![1]])
    );
    // No units: no groups, however many fused blocks or transposed groups the
    // shape claims.
    for shape in [
        Shape::from_torch(&[0, 5]).fused(usize::MAX),
        Shape::from_torch_transposed(&[0, 0, 3], 1 << 62),
        Shape::from_keras(&[usize::MAX, 0]).fused(1 << 40),
    ] {
        assert_eq!(
            exact.groups::<f32>(&[], None, &shape),
            Ok(vec![]),
            "{shape}"
        );
        assert_eq!(
            exact.groups::<f32>(&[], Some(&[]), &shape),
            Ok(vec![]),
            "{shape}"
        );
        let tolerant = SymmetryCheck::with_tolerance(0.5).unwrap();
        assert_eq!(tolerant.groups::<f32>(&[], None, &shape), Ok(vec![]));
    }
}

/// A side near the edge: small, zero, or so large that a workspace of that many
/// units cannot be allocated.
fn edge_side() -> impl proptest::strategy::Strategy<Value = usize> {
    use proptest::prelude::*;
    prop_oneof![
        4 => 0usize..4,
        1 => Just(usize::MAX),
        1 => Just(usize::MAX / 2),
        1 => Just(usize::MAX / 3),
        1 => Just(1usize << 61),
        1 => (1usize << 61)..=usize::MAX,
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

    /// Shapes with sides near `usize::MAX`, whose flattened dimensions overflow or
    /// whose units outnumber anything allocatable: every check returns, without a
    /// panic and without allocating for the units before knowing it can.
    #[test]
    fn checks_of_huge_shapes_never_panic(
        dims in proptest::collection::vec(edge_side(), 0..5),
        layout in 0u8..3,
        blocks in proptest::prop_oneof![3 => 1usize..4, 1 => proptest::prelude::Just(usize::MAX)],
        groups in proptest::prop_oneof![3 => 1usize..4, 1 => proptest::prelude::Just(1usize << 62)],
        with_bias in proptest::prelude::any::<bool>(),
    ) {
        let shape = match layout {
            0 => Shape::from_torch(&dims),
            1 => Shape::from_keras(&dims),
            _ => Shape::from_torch_transposed(&dims, groups),
        }
        .fused(blocks);
        let len = shape.checked_len().filter(|&n| n <= 64);
        let kernel: Vec<f32> = (0..len.unwrap_or(0)).map(|i| [0.0, 1.0, 2.0][i % 3]).collect();
        let bias = [0.5f32; 3];
        let bias = with_bias.then_some(&bias[..]);
        let exact = SymmetryCheck::exact();
        let tolerant = SymmetryCheck::with_tolerance(0.25).unwrap();
        for check in [exact, tolerant] {
            let _ = check.check(&kernel, &shape);
            let _ = check.check_with_bias(&kernel, &[0.5f32; 3], &shape);
            if let Ok(groups) = check.groups(&kernel, bias, &shape) {
                // A partition of the units: each unit once, in order of first member.
                let mut all: Vec<usize> = groups.concat();
                all.sort_unstable();
                proptest::prop_assert!(all.iter().enumerate().all(|(i, &u)| i == u));
                proptest::prop_assert!(all.len() <= 64 || kernel.is_empty());
            }
        }
    }
}

/// The naive oracle for `SymmetryCheck::groups`: gather each unit's elements by
/// `unit_of`, and group units with equal elements that share a fused block and a
/// transposed-convolution group.
fn naive_layer_groups(w: &[f64], shape: &Shape) -> Vec<Vec<usize>> {
    let map = unit_of(shape);
    let units = map.iter().max().map_or(0, |m| m + 1);
    let groups = match shape.layout() {
        nninit::Layout::TorchTransposed { groups } => groups,
        _ => 1,
    };
    let per_block = units / (shape.blocks() * groups);
    let elems: Vec<Vec<f64>> = (0..units)
        .map(|u| {
            (0..w.len())
                .filter(|&k| map[k] == u)
                .map(|k| w[k])
                .collect()
        })
        .collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for u in 0..units {
        match groups
            .iter_mut()
            .find(|g| g[0] / per_block == u / per_block && elems[g[0]] == elems[u])
        {
            Some(g) => g.push(u),
            None => groups.push(vec![u]),
        }
    }
    groups
}

proptest::proptest! {
    #[test]
    fn groups_match_the_naive_oracle(
        layout in 0usize..5,
        a in 1usize..4,
        b in 1usize..4,
        c in 1usize..4,
        seed in proptest::prelude::any::<u64>(),
    ) {
        let shape = match layout {
            0 => Shape::dense(a * b, 2 * c),
            1 => Shape::from_torch(&[2 * c, a, b]),
            2 => Shape::from_keras(&[a, b, 2 * c]),
            3 => Shape::from_torch_transposed(&[2 * a, c, b], 2),
            _ => Shape::from_torch(&[2 * c, a * b]).fused(2),
        };
        let mut state = seed | 1;
        let w: Vec<f64> = (0..shape.len())
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                [0.0, -0.0, 1.0, 2.0][usize::try_from(state % 4).unwrap()]
            })
            .collect();
        let got = SymmetryCheck::exact().groups(&w, None, &shape).unwrap();
        proptest::prop_assert_eq!(got, naive_layer_groups(&w, &shape));
    }
}
