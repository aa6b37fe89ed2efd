use super::*;

/// Every shard `offset..offset + len` of a fill of `shape` under `key`, written
/// into a buffer of nines, is that range of `whole`.
fn assert_every_shard(init: &dyn Initializer<f64>, shape: &Shape, key: u64, whole: &[f64]) {
    let total = whole.len();
    for offset in 0..=total {
        for len in 0..=total - offset {
            let mut shard = vec![9.0f64; len];
            init.fill_at(&mut shard, shape, key, offset).unwrap();
            assert_eq!(
                shard,
                whole[offset..offset + len],
                "{shape} @{offset}+{len}"
            );
        }
    }
}

#[test]
fn identity_shards_match_the_naive_diagonal() {
    for (rows, cols) in [(1, 1), (1, 5), (5, 1), (3, 3), (3, 5), (5, 3), (4, 7)] {
        let shape = Shape::dense(rows, cols);
        let total = rows * cols;
        let naive: Vec<f64> = (0..total)
            .map(|i| if i / cols == i % cols { 2.0 } else { 0.0 })
            .collect();
        let init = Identity::new(2.0).unwrap();
        assert_every_shard(&init, &shape, 0, &naive);
    }
}

/// Every shard of a Dirac fill against the whole kernel written the plain way:
/// a one at the centre tap of every pair `(g·per_group + d, d)`.
#[test]
fn dirac_shards_match_the_naive_kernel() {
    for (dims, groups) in [
        (&[4usize, 2, 3][..], 1),
        (&[4, 2, 3], 2),
        (&[6, 3, 2, 3], 3),
        (&[2, 5, 4], 1),
        (&[6, 1, 1], 3),
        (&[3, 3, 1, 2, 2], 1),
    ] {
        for keras in [false, true] {
            let shape = if keras {
                // The same kernel in Keras layout: [k..., in, out].
                let mut k: Vec<usize> = dims[2..].to_vec();
                k.extend([dims[1], dims[0]]);
                Shape::from_keras(&k)
            } else {
                Shape::from_torch(dims)
            };
            let (outs, ins) = (dims[0], dims[1]);
            let spatial = &dims[2..];
            let taps: usize = spatial.iter().product();
            let centre = centre_index(spatial, |k| k / 2);
            let mut whole = vec![0.0f64; outs * ins * taps];
            let per_group = outs / groups;
            for g in 0..groups {
                for d in 0..per_group.min(ins) {
                    let layout = shape.layout();
                    whole[conv_index(layout, outs, ins, taps, g * per_group + d, d, centre)] = 1.0;
                }
            }
            let init = Dirac::new(groups).unwrap();
            assert_every_shard(&init, &shape, 0, &whole);
        }
    }
}

/// Every shard of a sparse fill against the whole fill written the plain way:
/// the normal values, then every input's zeros.
#[test]
fn sparse_shards_match_every_input_shuffled() {
    for shape in [
        Shape::from_torch(&[7, 5]),
        Shape::from_torch(&[1, 6]),
        Shape::from_torch(&[6, 1]),
        Shape::dense(5, 7),
        Shape::dense(1, 4),
        Shape::dense(4, 1),
    ] {
        let (rows, cols) = (shape.dims()[0], shape.dims()[1]);
        let keras = shape.layout() == Layout::Keras;
        let (units, lines) = if keras { (cols, rows) } else { (rows, cols) };
        for sparsity in [0.0, 0.3, 1.0] {
            let init = Sparse::new(sparsity, 0.5).unwrap();
            let key = 77;
            let mut whole = vec![0.0f64; rows * cols];
            Plan::Normal {
                mean: 0.0,
                std: 0.5,
            }
            .dist::<f64>()
            .unwrap()
            .fill(&mut whole, key, 0);
            let zeros = init.zeros_per_input(units);
            for line in 0..lines {
                for &unit in zero_positions(key, line, units, zeros, &mut Vec::new()) {
                    let at = if keras {
                        line * units + unit
                    } else {
                        unit * lines + line
                    };
                    whole[at] = 0.0;
                }
            }
            assert_every_shard(&init, &shape, key, &whole);
        }
    }
}

#[test]
fn zero_positions_are_distinct_and_in_range() {
    let mut idx = Vec::new();
    let mut sorted = zero_positions(3, 5, 10, 10, &mut idx).to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..10).collect::<Vec<_>>());
    let five = zero_positions(3, 5, 10, 4, &mut idx).to_vec();
    assert_ne!(five, zero_positions(3, 6, 10, 4, &mut idx));
    // A reused buffer gives what a fresh one gives.
    assert_eq!(five, zero_positions(3, 5, 10, 4, &mut Vec::new()));
}
