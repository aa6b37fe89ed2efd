//! The structured initializers: orthogonality, the Haar distribution, exact
//! values, exact zero counts, shards and the errors for shapes they cannot take.

// Exact values are the promise; matrix code uses the textbook's short names.
#![allow(clippy::float_cmp, clippy::many_single_char_names)]

use nninit::{
    DeltaOrthogonal, Dirac, Identity, Init, InitError, Initializer, Orthogonal, RandomNormal,
    Shape, Sparse, orthogonality_error,
};

/// `max |G − gain²·I|` over the smaller Gram matrix of a `rows × cols` row-major
/// matrix, by a plain triple loop (an oracle independent of the crate's GEMM).
fn naive_error(w: &[f64], rows: usize, cols: usize, gain: f64) -> f64 {
    type At<'a> = Box<dyn Fn(usize, usize) -> f64 + 'a>;
    let (n, len, at): (usize, usize, At<'_>) = if rows >= cols {
        (cols, rows, Box::new(|k, i| w[k * cols + i]))
    } else {
        (rows, cols, Box::new(|k, i| w[i * cols + k]))
    };
    let mut err = 0.0f64;
    for i in 0..n {
        for j in 0..n {
            let g: f64 = (0..len).map(|k| at(k, i) * at(k, j)).sum();
            let target = if i == j { gain * gain } else { 0.0 };
            err = err.max((g - target).abs());
        }
    }
    err
}

fn torch_rows_cols(dims: &[usize]) -> (usize, usize) {
    (dims[0], dims.iter().product::<usize>() / dims[0])
}

fn keras_rows_cols(dims: &[usize]) -> (usize, usize) {
    let cols = dims[dims.len() - 1];
    (dims.iter().product::<usize>() / cols, cols)
}

const SHAPES: [&[usize]; 4] = [&[3, 4], &[4, 3], &[20, 2, 3, 4], &[2, 3, 4, 5]];

#[test]
fn orthogonal_on_pytorch_test_shapes_f64() {
    for dims in SHAPES {
        for gain in [1.0, 2.0, 0.5] {
            let init = Orthogonal::new(gain).unwrap();
            for (shape, (r, c)) in [
                (Shape::from_torch(dims), torch_rows_cols(dims)),
                (Shape::from_keras(dims), keras_rows_cols(dims)),
            ] {
                let mut w = vec![0.0f64; shape.len()];
                let err = init.fill_checked(&mut w, &shape, 11).unwrap();
                let naive = naive_error(&w, r, c, gain);
                assert!(naive <= 1e-12, "{shape} gain {gain}: {naive}");
                assert!((err - naive).abs() <= 1e-14, "{err} vs {naive}");
            }
        }
    }
}

#[test]
fn orthogonal_on_pytorch_test_shapes_f32() {
    for dims in SHAPES {
        for shape in [Shape::from_torch(dims), Shape::from_keras(dims)] {
            let mut w = vec![0.0f32; shape.len()];
            let err = Orthogonal::default()
                .fill_checked(&mut w, &shape, 3)
                .unwrap();
            assert!(err <= 1e-5, "{shape}: {err}");
        }
    }
}

#[test]
fn orthogonal_1024_square() {
    let shape = Shape::from_torch(&[1024, 1024]);
    let mut w64 = vec![0.0f64; shape.len()];
    let err64 = Orthogonal::default()
        .fill_checked(&mut w64, &shape, 1)
        .unwrap();
    assert!(err64 <= 1e-12, "{err64}");
    let mut w32 = vec![0.0f32; shape.len()];
    let err32 = Orthogonal::default()
        .fill_checked(&mut w32, &shape, 1)
        .unwrap();
    assert!(err32 <= 1e-5, "{err32}");
    // A naive oracle, on the first 64 rows (orthonormal too), agrees.
    let w: Vec<f64> = w32.iter().map(|&x| f64::from(x)).collect();
    assert!(naive_error(&w[..64 * 1024], 64, 1024, 1.0) <= 1e-5);
}

/// Long dimensions in `f32`: every key gives its own dense matrix. A QR that takes a
/// column for linearly dependent when its residual falls below `c·m·ε` of its norm
/// gives the identity's columns (`[1, 0, 0, …]` for every key) once `c·m·ε ≥ 1`,
/// which in `f32` is from about 2^19 rows on; a Haar column of `m` entries has none
/// exactly zero and its largest entry near `√(2·ln m / m)`, about 0.01 here.
#[test]
fn orthogonal_f32_stays_random_for_long_dimensions() {
    let mut failures = Vec::new();
    for shape in [
        Shape::dense(524_288, 1),
        Shape::dense(600_000, 16),
        Shape::from_torch(&[8, 64, 128, 80]),
    ] {
        let mut a = vec![0.0f32; shape.len()];
        let mut b = vec![0.0f32; shape.len()];
        Orthogonal::default().fill_keyed(&mut a, &shape, 1).unwrap();
        Orthogonal::default().fill_keyed(&mut b, &shape, 2).unwrap();
        if a == b {
            failures.push(format!("{shape}: keys 1 and 2 give the same matrix"));
        }
        for (key, w) in [(1, &a), (2, &b)] {
            let zeros = w.iter().filter(|&&x| x == 0.0).count();
            if zeros * 1000 >= w.len() {
                failures.push(format!("{shape}, key {key}: {zeros} exact zeros"));
            }
            let largest = w.iter().fold(0.0f32, |m, &x| m.max(x.abs()));
            if !(largest < 0.05) {
                failures.push(format!("{shape}, key {key}: an entry of {largest}"));
            }
        }
        // Orthonormal columns (rows for the PyTorch shape, which is wide).
        let err = orthogonality_error(&a, &shape, 1.0).unwrap();
        if !(err < 1e-5) {
            failures.push(format!("{shape}: orthogonality error {err}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Haar distribution: over 10 000 draws of a 4×4 orthogonal matrix, every entry
/// `Q_ij` has mean 0 and mean square 1/4 (the entries of a uniformly random unit
/// vector in R⁴). Each of the 32 z-tests uses the sample's own standard error and
/// |z| < 3.89 (alpha = 1e-4 per test, so at most 3.2e-3 for the family). A QR
/// without the sign correction fails the mean test for `Q_00`, whose sign would
/// then follow R's convention instead of being symmetric.
#[test]
fn orthogonal_is_haar_distributed() {
    haar_z_tests::<f64>();
    // The same QR runs in each element type, from its own normal stream.
    haar_z_tests::<f32>();
}

fn haar_z_tests<T: nninit::Real>() {
    let draws = 10_000u64;
    let shape = Shape::from_torch(&[4, 4]);
    let mut sum = [0.0f64; 16];
    let mut sum_sq = [0.0f64; 16];
    let mut sum_4 = [0.0f64; 16];
    let mut w = vec![T::zero(); 16];
    for key in 0..draws {
        Orthogonal::default()
            .fill_keyed(&mut w, &shape, key)
            .unwrap();
        for (k, x) in w.iter().enumerate() {
            let x = x.to_f64().unwrap();
            sum[k] += x;
            sum_sq[k] += x * x;
            sum_4[k] += x.powi(4);
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let n = draws as f64;
    for k in 0..16 {
        let mean = sum[k] / n;
        let mean_sq = sum_sq[k] / n;
        let se_mean = ((mean_sq - mean * mean) / (n - 1.0)).sqrt();
        let z_mean = mean / se_mean;
        let var_sq = sum_4[k] / n - mean_sq * mean_sq;
        let z_sq = (mean_sq - 0.25) / (var_sq / (n - 1.0)).sqrt();
        assert!(z_mean.abs() < 3.89, "entry {k}: mean {mean}, z = {z_mean}");
        assert!(
            z_sq.abs() < 3.89,
            "entry {k}: mean square {mean_sq}, z = {z_sq}"
        );
    }
}

#[test]
fn orthogonal_is_deterministic_and_sharded() {
    let shape = Shape::from_keras(&[3, 3, 16, 40]);
    let mut a = vec![0.0f32; shape.len()];
    let mut b = vec![0.0f32; shape.len()];
    Orthogonal::default().fill_keyed(&mut a, &shape, 5).unwrap();
    Orthogonal::default().fill_keyed(&mut b, &shape, 5).unwrap();
    assert_eq!(a, b);
    let mut shard = vec![0.0f32; 700];
    Orthogonal::default()
        .fill_at(&mut shard, &shape, 5, 1000)
        .unwrap();
    assert_eq!(shard, a[1000..1700]);
    Orthogonal::default().fill_keyed(&mut b, &shape, 6).unwrap();
    assert_ne!(a, b);
    // Through the runtime enum: the same bits.
    Init::from(Orthogonal::default())
        .fill_keyed(&mut b, &shape, 5)
        .unwrap();
    assert_eq!(a, b);
}

/// The computation is single-threaded and shares no state: fills running on
/// several threads at once give the bits of a fill on the main thread.
#[test]
fn orthogonal_bits_do_not_depend_on_threads() {
    same_bits_on_threads::<f64>();
    same_bits_on_threads::<f32>();
}

fn same_bits_on_threads<T: nninit::Real>() {
    let shape = Shape::from_torch(&[130, 70]);
    let mut want = vec![T::zero(); shape.len()];
    Orthogonal::default()
        .fill_keyed(&mut want, &shape, 77)
        .unwrap();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                let mut w = vec![T::zero(); shape.len()];
                Orthogonal::default()
                    .fill_keyed(&mut w, &shape, 77)
                    .unwrap();
                w
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), want);
    }
}

#[test]
fn orthogonal_rejects_low_rank_and_empty_is_ok() {
    let mut w = vec![7.0f64; 5];
    let err = Orthogonal::default()
        .fill_keyed(&mut w, &Shape::from_keras(&[5]), 0)
        .unwrap_err();
    assert!(matches!(err, InitError::UnsupportedShape { .. }));
    assert!(err.to_string().contains("[5]"), "{err}");
    assert_eq!(w, [7.0; 5]);
    let mut empty: Vec<f64> = vec![];
    Orthogonal::default()
        .fill_keyed(&mut empty, &Shape::from_torch(&[0, 4]), 0)
        .unwrap();
}

#[test]
fn orthogonality_error_sees_a_bad_matrix() {
    let shape = Shape::from_torch(&[2, 2]);
    assert_eq!(
        orthogonality_error(&[1.0f64, 0.0, 0.0, 2.0], &shape, 1.0).unwrap(),
        3.0
    );
    assert!(orthogonality_error(&[1.0f64; 3], &shape, 1.0).is_err());
}

#[test]
fn identity_exact_values() {
    let mut w = vec![9.0f64; 15];
    Identity::default()
        .fill_keyed(&mut w, &Shape::from_torch(&[3, 5]), 0)
        .unwrap();
    #[rustfmt::skip]
    let expected = [
        1.0, 0.0, 0.0, 0.0, 0.0,
        0.0, 1.0, 0.0, 0.0, 0.0,
        0.0, 0.0, 1.0, 0.0, 0.0,
    ];
    assert_eq!(w, expected);
    let mut w = vec![9.0f32; 6];
    Identity::new(3.0)
        .unwrap()
        .fill_keyed(&mut w, &Shape::dense(3, 2), 0)
        .unwrap();
    assert_eq!(w, [3.0, 0.0, 0.0, 3.0, 0.0, 0.0]);
    let mut shard = vec![9.0f32; 2];
    Identity::new(3.0)
        .unwrap()
        .fill_at(&mut shard, &Shape::dense(3, 2), 0, 3)
        .unwrap();
    assert_eq!(shard, [3.0, 0.0]);
}

#[test]
fn identity_rejects_rank_other_than_two() {
    let mut w = vec![1.0f32; 8];
    let err = Identity::default()
        .fill_keyed(&mut w, &Shape::from_torch(&[2, 2, 2]), 0)
        .unwrap_err();
    assert!(
        matches!(
            err,
            InitError::UnsupportedShape {
                initializer: "identity",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("[2, 2, 2]") && err.to_string().contains("rank 2"));
    assert_eq!(w, [1.0; 8]);
}

/// The positions of the non-zero elements, as PyTorch-layout multi-indices.
fn ones_torch(w: &[f64], dims: &[usize]) -> Vec<Vec<usize>> {
    let mut found = Vec::new();
    for (flat, &x) in w.iter().enumerate() {
        if x != 0.0 {
            assert_eq!(x, 1.0);
            let mut idx = vec![0; dims.len()];
            let mut rest = flat;
            for a in (0..dims.len()).rev() {
                idx[a] = rest % dims[a];
                rest /= dims[a];
            }
            found.push(idx);
        }
    }
    found
}

#[test]
fn dirac_exact_positions() {
    // PyTorch dirac_ on [4, 2, 3] with groups 2: out/groups = 2, min(2, 2) = 2.
    let dims = [4, 2, 3];
    let mut w = vec![5.0f64; 24];
    Dirac::new(2)
        .unwrap()
        .fill_keyed(&mut w, &Shape::from_torch(&dims), 0)
        .unwrap();
    assert_eq!(
        ones_torch(&w, &dims),
        [vec![0, 0, 1], vec![1, 1, 1], vec![2, 0, 1], vec![3, 1, 1]]
    );
    // Even sides: the centre is k/2 (PyTorch), so 2 for k = 4 and 1 for k = 2.
    let dims = [3, 3, 4, 2];
    let mut w = vec![5.0f64; 72];
    Dirac::default()
        .fill_keyed(&mut w, &Shape::from_torch(&dims), 0)
        .unwrap();
    assert_eq!(
        ones_torch(&w, &dims),
        [vec![0, 0, 2, 1], vec![1, 1, 2, 1], vec![2, 2, 2, 1]]
    );
}

#[test]
fn dirac_leaves_extra_outputs_zero_and_counts_are_exact() {
    // groups 2, 6 outputs: 3 per group but only 2 inputs per group, so
    // channels 2 and 5 are all zero.
    let dims = [6, 2, 3, 3];
    let mut w = vec![5.0f64; 108];
    Dirac::new(2)
        .unwrap()
        .fill_keyed(&mut w, &Shape::from_torch(&dims), 0)
        .unwrap();
    let ones = ones_torch(&w, &dims);
    assert_eq!(ones.len(), 4);
    let channels: Vec<usize> = ones.iter().map(|i| i[0]).collect();
    assert_eq!(channels, [0, 1, 3, 4]);
    assert!(
        ones.iter()
            .all(|i| i[2] == 1 && i[3] == 1 && i[1] == i[0] % 3)
    );
}

#[test]
fn dirac_keras_layout_is_the_torch_kernel_transposed() {
    let (o, i, k) = (5, 3, 3);
    let mut torch = vec![0.0f32; o * i * k * k];
    let mut keras = vec![0.0f32; o * i * k * k];
    Dirac::default()
        .fill_keyed(&mut torch, &Shape::from_torch(&[o, i, k, k]), 0)
        .unwrap();
    Dirac::default()
        .fill_keyed(&mut keras, &Shape::from_keras(&[k, k, i, o]), 0)
        .unwrap();
    for a in 0..o {
        for b in 0..i {
            for y in 0..k {
                for x in 0..k {
                    assert_eq!(
                        torch[((a * i + b) * k + y) * k + x],
                        keras[((y * k + x) * i + b) * o + a]
                    );
                }
            }
        }
    }
    assert_eq!(torch.iter().sum::<f32>(), 3.0);
}

#[test]
fn dirac_errors_name_the_shape() {
    let mut w = vec![1.0f32; 6];
    let err = Dirac::default()
        .fill_keyed(&mut w, &Shape::from_torch(&[2, 3]), 0)
        .unwrap_err();
    assert!(matches!(err, InitError::UnsupportedShape { .. }));
    assert!(err.to_string().contains("[2, 3]"));
    let mut w = vec![1.0f32; 27];
    let err = Dirac::new(2)
        .unwrap()
        .fill_keyed(&mut w, &Shape::from_torch(&[3, 1, 3, 3]), 0)
        .unwrap_err();
    assert!(matches!(
        err,
        InitError::GroupsMismatch {
            groups: 2,
            channels: 3,
            ..
        }
    ));
    assert_eq!(w, [1.0; 27]);
    assert!(Dirac::new(0).is_err());
}

#[test]
fn delta_orthogonal_centre_and_orthogonality() {
    // k = 4: JAX's centre (k − 1)/2 = 1.
    let (k, i, o) = (4, 3, 5);
    let shape = Shape::from_keras(&[k, k, i, o]);
    let mut w = vec![0.0f64; shape.len()];
    DeltaOrthogonal::new(2.0)
        .unwrap()
        .fill_keyed(&mut w, &shape, 9)
        .unwrap();
    let centre = (k + 1) * i * o; // tap (1, 1)
    let tap = &w[centre..centre + i * o];
    assert!(naive_error(tap, i, o, 2.0) < 1e-12);
    let nonzero = w.iter().filter(|&&x| x != 0.0).count();
    assert_eq!(nonzero, i * o);
    assert!(tap.iter().all(|&x| x != 0.0));
    // The tap is Orthogonal's matrix for [in, out] and the key, times the gain.
    let mut m = vec![0.0f64; i * o];
    Orthogonal::new(2.0)
        .unwrap()
        .fill_keyed(&mut m, &Shape::dense(i, o), 9)
        .unwrap();
    assert_eq!(tap, &m[..]);
    // PyTorch layout: the same kernel, transposed.
    let tshape = Shape::from_torch(&[o, i, k, k]);
    let mut t = vec![0.0f64; tshape.len()];
    DeltaOrthogonal::new(2.0)
        .unwrap()
        .fill_keyed(&mut t, &tshape, 9)
        .unwrap();
    for a in 0..o {
        for b in 0..i {
            assert_eq!(t[(a * i + b) * k * k + k + 1], m[b * o + a]);
        }
    }
}

#[test]
fn delta_orthogonal_needs_in_at_most_out() {
    let shape = Shape::from_keras(&[3, 3, 8, 4]);
    let mut w = vec![1.0f32; shape.len()];
    let err = DeltaOrthogonal::default()
        .fill_keyed(&mut w, &shape, 0)
        .unwrap_err();
    assert!(matches!(
        err,
        InitError::MoreInputsThanOutputs {
            in_channels: 8,
            out_channels: 4,
            ..
        }
    ));
    assert!(w.iter().all(|&x| x == 1.0));
    let err = DeltaOrthogonal::default()
        .fill_keyed(&mut [0.0f32; 4], &Shape::dense(2, 2), 0)
        .unwrap_err();
    assert!(matches!(err, InitError::UnsupportedShape { .. }));
}

#[test]
fn sparse_exact_zero_counts_and_values() {
    for &(rows, cols, sparsity, zeros) in &[
        (3, 7, 0.1, 1), // ceil(0.30000000000000004) = 1, as in PyTorch
        (10, 4, 0.3, 3),
        (10, 4, 0.31, 4),
        (100, 50, 0.9, 90),
        (5, 5, 0.0, 0),
        (5, 5, 1.0, 5),
    ] {
        let shape = Shape::from_torch(&[rows, cols]);
        let init = Sparse::new(sparsity, 0.02).unwrap();
        let mut w = vec![0.0f64; shape.len()];
        init.fill_keyed(&mut w, &shape, 4).unwrap();
        let mut normal = vec![0.0f64; shape.len()];
        RandomNormal::new(0.0, 0.02)
            .unwrap()
            .fill_keyed(&mut normal, &shape, 4)
            .unwrap();
        for c in 0..cols {
            let column: Vec<usize> = (0..rows).map(|r| r * cols + c).collect();
            let z = column.iter().filter(|&&k| w[k] == 0.0).count();
            assert_eq!(z, zeros, "[{rows}, {cols}] sparsity {sparsity}");
            for &k in &column {
                assert!(w[k] == 0.0 || w[k] == normal[k]);
            }
        }
        // Shards agree with the whole.
        let mut shard = vec![0.0f64; rows];
        init.fill_at(&mut shard, &shape, 4, cols).unwrap();
        assert_eq!(shard, w[cols..cols + rows]);
    }
}

/// FNV-1a over the bits of every value.
fn fnv(bits: impl Iterator<Item = u64>) -> u64 {
    bits.fold(0xcbf2_9ce4_8422_2325, |h, w| {
        w.to_le_bytes().iter().fold(h, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    })
}

/// The exact values of `Sparse` fills, pinned from the fill that shuffled every
/// input's units for every shard: a fill that shuffles only the inputs a shard
/// touches must keep every bit.
#[test]
fn sparse_values_are_pinned() {
    let cases = [
        (Shape::from_torch(&[10, 7]), 0.3, 5u64),
        (Shape::from_torch(&[64, 3]), 0.9, 0xDEAD_BEEF),
        (Shape::dense(9, 5), 0.5, 7),
        (Shape::dense(33, 130), 0.1, 1),
    ];
    let mut got = Vec::new();
    for (shape, sparsity, key) in &cases {
        let init = Sparse::new(*sparsity, 0.02).unwrap();
        let mut w32 = vec![0.0f32; shape.len()];
        init.fill_keyed(&mut w32, shape, *key).unwrap();
        let mut w64 = vec![0.0f64; shape.len()];
        init.fill_keyed(&mut w64, shape, *key).unwrap();
        got.push(format!(
            "{:016x} {:016x}",
            fnv(w32.iter().map(|x| u64::from(x.to_bits()))),
            fnv(w64.iter().map(|x| x.to_bits()))
        ));
    }
    if std::env::var_os("NNINIT_PRINT_SNAPSHOT").is_some() {
        println!("{got:#?}");
    }
    assert_eq!(got, SPARSE_PINNED);
}

const SPARSE_PINNED: [&str; 4] = [
    "3d21f176313648d2 b95c295fef37d058",
    "d84cbf9e09982937 e928e0d4779438b6",
    "55ae9bf1ab7a703b 86b1a335d00435f5",
    "cc6c23acbad33ed3 10326911ae79dc36",
];

#[test]
fn sparse_keras_layout_zeros_each_row() {
    let shape = Shape::dense(6, 10); // [in, out]
    let mut w = vec![0.0f32; 60];
    Sparse::new(0.5, 0.01)
        .unwrap()
        .fill_keyed(&mut w, &shape, 1)
        .unwrap();
    for row in w.chunks(10) {
        assert_eq!(row.iter().filter(|&&x| x == 0.0).count(), 5);
    }
    // Different inputs get different zero positions (some pair of rows differs).
    let pattern = |r: &[f32]| r.iter().map(|&x| x == 0.0).collect::<Vec<_>>();
    let first = pattern(&w[..10]);
    assert!(w.chunks(10).any(|r| pattern(r) != first));
}

#[test]
fn sparse_rejects_bad_parameters_and_shapes() {
    assert!(matches!(
        Sparse::new(-0.1, 0.01),
        Err(InitError::OutOfRange {
            name: "sparsity",
            ..
        })
    ));
    assert!(Sparse::new(f64::NAN, 0.01).is_err());
    assert!(Sparse::new(0.5, -1.0).is_err());
    let err = Sparse::default()
        .fill_keyed(&mut [0.0f32; 8], &Shape::from_torch(&[2, 2, 2]), 0)
        .unwrap_err();
    assert!(err.to_string().contains("[2, 2, 2]"), "{err}");
}

#[test]
fn sparse_scratch_too_large_to_allocate_is_an_error_not_a_panic() {
    // Each input's units are shuffled in a scratch of `units` indices: for these
    // shapes it cannot be allocated, and the fill says so before writing anything.
    for shape in [
        Shape::from_torch(&[usize::MAX, 1]),
        Shape::from_torch(&[1 << 60, 1]),
        Shape::from_torch(&[usize::MAX / 2, 2]),
        Shape::dense(1, usize::MAX),
        Shape::dense(1, 1 << 61),
        Shape::dense(3, usize::MAX / 4),
    ] {
        let mut w = [7.0f32; 2];
        let err = Sparse::default().fill_at(&mut w, &shape, 0, 0).unwrap_err();
        assert!(
            matches!(err, InitError::AllocationFailed { .. }),
            "{shape}: {err}"
        );
        assert!(err.to_string().contains(&shape.to_string()), "{err}");
        assert_eq!(w, [7.0; 2]);
    }
    // No zeros to place, no scratch: the values are the normal draws.
    let shape = Shape::from_torch(&[usize::MAX, 1]);
    let mut w = [7.0f64; 3];
    Sparse::new(0.0, 0.5)
        .unwrap()
        .fill_at(&mut w, &shape, 1, 5)
        .unwrap();
    let mut normal = [0.0f64; 3];
    RandomNormal::new(0.0, 0.5)
        .unwrap()
        .fill_at(&mut normal, &shape, 1, 5)
        .unwrap();
    assert_eq!(w, normal);
}

#[test]
fn sparse_shards_cost_only_the_inputs_they_touch() {
    // 10¹² inputs of 4 units: a shard shuffles the one or two inputs it meets,
    // not all of them.
    let start = std::time::Instant::now();
    for (shape, offset) in [
        (Shape::dense(1_000_000_000_000, 4), 2_000_000_000_001),
        (Shape::dense(10_000_000, 4), 39_999_998),
        (
            Shape::from_torch(&[4, 1_000_000_000_000]),
            1_999_999_999_999,
        ),
    ] {
        let mut w = [7.0f32; 2];
        Sparse::new(0.5, 0.01)
            .unwrap()
            .fill_at(&mut w, &shape, 3, offset)
            .unwrap();
        assert!(w.iter().all(|x| x.is_finite() && *x != 7.0), "{shape}");
    }
    // Microseconds; a fill that visited every input would take hours.
    assert!(start.elapsed().as_secs_f64() < 1.0, "{:?}", start.elapsed());
    // Two zeros in every row of four: a whole row of a huge tensor has them too.
    let shape = Shape::dense(1_000_000_000_000, 4);
    let mut row = [7.0f64; 4];
    Sparse::new(0.5, 0.01)
        .unwrap()
        .fill_at(&mut row, &shape, 9, 4 * 123_456_789_012)
        .unwrap();
    assert_eq!(row.iter().filter(|&&x| x == 0.0).count(), 2);
}

#[test]
fn dirac_shards_cost_only_the_channels_they_touch() {
    // 2³¹ channel pairs: a shard visits the channels (or rows) it meets, not all.
    let start = std::time::Instant::now();
    let c = 1usize << 31;
    for (shape, offset, one) in [
        // [out, in, k]: channel 5's one is at input 5, tap 1.
        (Shape::from_torch(&[c, c, 3]), (5 * c + 5) * 3, 1),
        // [k, in, out]: tap 1, input 7, output 7.
        (Shape::from_keras(&[3, c, c]), (c + 7) * c + 6, 1),
        // Past output 7 in the same row: no one.
        (Shape::from_keras(&[3, c, c]), (c + 7) * c + 8, 4),
    ] {
        let mut w = [9.0f32; 4];
        Dirac::default().fill_at(&mut w, &shape, 0, offset).unwrap();
        let mut want = [0.0f32; 4];
        if one < 4 {
            want[one] = 1.0;
        }
        assert_eq!(w, want, "{shape} @{offset}");
    }
    assert!(start.elapsed().as_secs_f64() < 1.0, "{:?}", start.elapsed());
}

#[test]
fn structured_inits_have_no_sampler() {
    let shape = Shape::dense(4, 4);
    for init in [
        Init::from(Orthogonal::default()),
        Init::from(Identity::default()),
        Init::from(Sparse::default()),
    ] {
        assert!(init.is_structured());
        assert!(matches!(
            init.sampler::<f64>(&shape),
            Err(InitError::NotElementwise { .. })
        ));
    }
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    fn arb_init() -> impl Strategy<Value = Init> {
        prop_oneof![
            (0.01..10.0f64).prop_map(|g| Init::from(Orthogonal::new(g).unwrap())),
            (0.01..10.0f64).prop_map(|g| Init::from(DeltaOrthogonal::new(g).unwrap())),
            (0.01..10.0f64).prop_map(|g| Init::from(Identity::new(g).unwrap())),
            (1usize..5).prop_map(|g| Init::from(Dirac::new(g).unwrap())),
            (0.0..=1.0f64, 0.001..1.0f64).prop_map(|(s, d)| Init::from(Sparse::new(s, d).unwrap())),
            Just(Init::from(Orthogonal::new(1e300).unwrap())),
        ]
    }

    fn arb_shape() -> impl Strategy<Value = Shape> {
        let dims =
            prop::collection::vec(prop_oneof![4 => 0usize..7, 1 => Just(usize::MAX / 3)], 0..6);
        (dims, 0u8..3, 1usize..4).prop_map(|(d, layout, groups)| match layout {
            0 => Shape::from_torch(&d),
            1 => Shape::from_keras(&d),
            _ => Shape::from_torch_transposed(&d, groups),
        })
    }

    /// A side of a huge tensor: small, or near `usize::MAX` (where a scratch of
    /// that many indices cannot be allocated), or a huge number of inputs.
    fn huge_side() -> impl Strategy<Value = usize> {
        prop_oneof![
            3 => 0usize..6,
            1 => Just(usize::MAX),
            1 => Just(usize::MAX / 3),
            1 => Just(1usize << 60),
            1 => Just(1usize << 61),
            1 => (1usize << 30)..(1usize << 42),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// Shards of tensors far too large to fill whole: no panic, no allocation
        /// sized by the tensor, Ok ⇒ finite values, Err ⇒ the shard untouched.
        /// A huge side is never a unit axis below 2⁶⁰, whose shuffle scratch a
        /// machine could try to allocate.
        #[test]
        fn shards_of_huge_tensors_never_panic(
            kind in 0u8..4,
            sides in (huge_side(), huge_side(), 1usize..4),
            keras in any::<bool>(),
            at in any::<prop::sample::Index>(),
            key in any::<u64>(),
        ) {
            let (a, b, k) = sides;
            // A unit axis: small, or past 2⁶⁰ (a scratch that cannot be reserved).
            let unit = if a >= 1 << 60 { a } else { a.min(5) };
            let (init, shape) = match kind {
                0 => (Init::from(Sparse::default()), if keras {
                    Shape::dense(b, unit)
                } else {
                    Shape::from_torch(&[unit, b])
                }),
                1 => (Init::from(Identity::default()), Shape::dense(a, b)),
                2 => (Init::from(Dirac::new(k).unwrap()), if keras {
                    Shape::from_keras(&[k, a, b])
                } else {
                    Shape::from_torch(&[a, b, k])
                }),
                _ => (Init::from(Sparse::new(1.0, 0.1).unwrap()), Shape::dense(b, unit)),
            };
            let mut w = vec![7.0f32; 3];
            let Some(len) = shape.checked_len() else {
                prop_assert!(init.fill_at(&mut w, &shape, key, 0).is_err());
                prop_assert_eq!(w, vec![7.0f32; 3]);
                return Ok(());
            };
            prop_assume!(len >= 3);
            let offset = at.index(len - 2);
            match init.fill_at(&mut w, &shape, key, offset) {
                Ok(()) => prop_assert!(w.iter().all(|x| x.is_finite())),
                Err(e) => {
                    prop_assert!(matches!(
                        e,
                        InitError::AllocationFailed { .. } | InitError::GroupsMismatch { .. }
                    ), "{}", e);
                    prop_assert_eq!(w, vec![7.0f32; 3]);
                }
            }
        }

        /// No panic on any shape; Ok ⇒ finite values, Err ⇒ the buffer untouched;
        /// a shard equals the same range of the whole fill.
        #[test]
        fn structured_fills_never_panic(
            init in arb_init(),
            shape in arb_shape(),
            off_by in -3i64..=3,
            key in any::<u64>(),
            shard in any::<prop::sample::Index>(),
        ) {
            let Some(len) = shape.checked_len() else {
                let mut w = vec![7.0f32; 4];
                prop_assert!(init.fill_keyed(&mut w, &shape, key).is_err());
                prop_assert_eq!(w, vec![7.0f32; 4]);
                return Ok(());
            };
            prop_assume!(len <= 20_000);
            let n = usize::try_from((i64::try_from(len).unwrap() + off_by).max(0)).unwrap();
            let mut w = vec![7.0f32; n];
            match init.fill_keyed(&mut w, &shape, key) {
                Ok(()) => {
                    prop_assert_eq!(n, len);
                    prop_assert!(w.iter().all(|x| x.is_finite()));
                    if len > 0 {
                        let start = shard.index(len);
                        let mut part = vec![7.0f32; (len - start).min(5)];
                        init.fill_at(&mut part, &shape, key, start).unwrap();
                        prop_assert_eq!(&part[..], &w[start..start + part.len()]);
                    }
                }
                Err(_) => prop_assert!(w.iter().all(|&x| x == 7.0)),
            }
        }
    }
}
