//! The network check: every verdict of `check_network`, `tied_groups` and
//! `dead_units`, and those verdicts against training.

#![allow(clippy::float_cmp)] // exact equality is what is being checked

use nninit::{
    GlorotUniform, Initializer, LayerView, Nonlinearity, Real, Shape, SymmetricInitError,
    check_network, dead_units, tied_groups,
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

// ------------------------------------------------------------------------------
// The network check.
// ------------------------------------------------------------------------------

/// Owned layers, for building networks in tests.
struct Net<T> {
    layers: Vec<Owned<T>>,
}

/// Kernel, bias, `fan_in`, units and activation.
type Owned<T> = (Vec<T>, Vec<T>, usize, usize, Nonlinearity);

impl<T: Real> Net<T> {
    fn views(&self) -> Vec<LayerView<'_, T>> {
        self.layers
            .iter()
            .map(|(w, b, fan_in, units, act)| LayerView::new(w, b, *fan_in, *units, *act))
            .collect()
    }
}

#[derive(Clone, Copy)]
enum Fill {
    Zero,
    Const(f64),
    Random(u64),
}

fn net<T: Real>(widths: &[usize], fills: &[(Fill, Fill)], act: Nonlinearity) -> Net<T>
where
    GlorotUniform: Initializer<T>,
{
    let make = |fill: Fill, shape: Shape| match fill {
        Fill::Zero => vec![T::zero(); shape.len()],
        Fill::Const(c) => vec![t::<T>(c); shape.len()],
        Fill::Random(key) => random::<T>(&shape, key),
    };
    let n = widths.len() - 1;
    Net {
        layers: (0..n)
            .map(|l| {
                let (fan_in, units) = (widths[l], widths[l + 1]);
                let (wf, bf) = fills[l];
                let act = if l + 1 == n {
                    Nonlinearity::Linear
                } else {
                    act
                };
                (
                    make(wf, Shape::dense(fan_in, units)),
                    make(bf, Shape::from_keras(&[units])),
                    fan_in,
                    units,
                    act,
                )
            })
            .collect(),
    }
}

fn singletons(n: usize) -> Vec<Vec<usize>> {
    (0..n).map(|u| vec![u]).collect()
}

#[allow(clippy::too_many_lines)] // the battery of cases, read top to bottom
fn network_cases<T: Real>()
where
    GlorotUniform: Initializer<T>,
{
    use Fill::{Const, Random, Zero};
    let relu = Nonlinearity::Relu;
    let tanh = Nonlinearity::Tanh;
    let sigmoid = Nonlinearity::Sigmoid;

    // All zero (the seed's model): frozen with ReLU; tied, not frozen, otherwise.
    let n = net::<T>(&[8, 6, 4], &[(Zero, Zero), (Zero, Zero)], relu);
    assert_eq!(
        check_network(&n.views()),
        Err(SymmetricInitError::FrozenLayer {
            layer: 0,
            units: 6,
            activation: relu
        })
    );
    assert_eq!(
        tied_groups(&n.views(), 0).unwrap(),
        vec![(0..6).collect::<Vec<_>>()]
    );
    assert_eq!(
        dead_units(&n.views(), 0).unwrap(),
        (0..6).collect::<Vec<_>>()
    );
    // Activations with f(0) = 0 feeding a zero layer sit at a saddle point: frozen.
    for act in [
        tanh,
        Nonlinearity::LeakyRelu,
        Nonlinearity::Linear,
        Nonlinearity::Gelu,
    ] {
        let n = net::<T>(&[8, 6, 4], &[(Zero, Zero), (Zero, Zero)], act);
        assert_eq!(
            check_network(&n.views()),
            Err(SymmetricInitError::FrozenLayer {
                layer: 0,
                units: 6,
                activation: act
            })
        );
        // With a non-zero outgoing layer they are alive, and tied only if its rows match.
        let n = net::<T>(&[8, 6, 4], &[(Zero, Zero), (Const(0.5), Zero)], act);
        assert_eq!(dead_units(&n.views(), 0).unwrap(), Vec::<usize>::new());
        assert!(matches!(
            check_network(&n.views()),
            Err(SymmetricInitError::TiedUnits {
                layer: 0,
                distinct: 1,
                ..
            })
        ));
        let n = net::<T>(&[8, 6, 4], &[(Zero, Zero), (Random(5), Zero)], act);
        assert_eq!(check_network(&n.views()), Ok(()));
    }
    // Sigmoid outputs 1/2 at 0, so gradients flow: tied, not frozen.
    let n = net::<T>(&[8, 6, 4], &[(Zero, Zero), (Zero, Zero)], sigmoid);
    assert_eq!(
        check_network(&n.views()),
        Err(SymmetricInitError::TiedUnits {
            layer: 0,
            first: 0,
            second: 1,
            distinct: 1,
            units: 6
        })
    );
    assert_eq!(dead_units(&n.views(), 0).unwrap(), Vec::<usize>::new());
    // A non-zero bias under tanh is alive even into a zero layer.
    let n = net::<T>(&[8, 6, 4], &[(Zero, Const(0.1)), (Zero, Zero)], tanh);
    assert!(matches!(
        check_network(&n.views()),
        Err(SymmetricInitError::TiedUnits {
            layer: 0,
            distinct: 1,
            ..
        })
    ));
    // Zero kernel with negative biases under ReLU is frozen too; a positive bias is alive.
    let mut n = net::<T>(&[8, 6, 4], &[(Zero, Const(-0.1)), (Random(1), Zero)], relu);
    assert!(matches!(
        check_network(&n.views()),
        Err(SymmetricInitError::FrozenLayer { layer: 0, .. })
    ));
    n.layers[0].1[4] = t(0.1);
    assert_eq!(
        check_network(&n.views()),
        Err(SymmetricInitError::DeadUnits {
            layer: 0,
            first: 0,
            dead: 5,
            units: 6
        })
    );

    // Constant: every weight 0.1. Not frozen (pre-activations are positive), all tied.
    let n = net::<T>(
        &[8, 6, 4],
        &[(Const(0.1), Const(0.1)), (Const(0.1), Const(0.1))],
        relu,
    );
    assert_eq!(
        check_network(&n.views()),
        Err(SymmetricInitError::TiedUnits {
            layer: 0,
            first: 0,
            second: 1,
            distinct: 1,
            units: 6
        })
    );

    // Two duplicated hidden units: copy column 1 over column 4 in layer 0, and
    // row 1 over row 4 in layer 1.
    let mut n = net::<T>(&[8, 6, 4], &[(Random(1), Zero), (Random(2), Zero)], relu);
    assert_eq!(check_network(&n.views()), Ok(()));
    for r in 0..8 {
        n.layers[0].0[r * 6 + 4] = n.layers[0].0[r * 6 + 1];
    }
    assert_eq!(
        check_network(&n.views()),
        Ok(()),
        "outgoing rows still differ"
    );
    for c in 0..4 {
        n.layers[1].0[4 * 4 + c] = n.layers[1].0[4 + c];
    }
    assert_eq!(
        check_network(&n.views()),
        Err(SymmetricInitError::TiedUnits {
            layer: 0,
            first: 1,
            second: 4,
            distinct: 5,
            units: 6
        })
    );
    assert_eq!(
        tied_groups(&n.views(), 0).unwrap(),
        vec![vec![0], vec![1, 4], vec![2], vec![3], vec![5]]
    );
    n.layers[0].1[4] = t(0.25);
    assert_eq!(check_network(&n.views()), Ok(()), "the biases differ");

    // A random layer feeding a zero layer, in a three-layer net.
    // With ReLU the zero middle layer is frozen.
    let n = net::<T>(
        &[8, 6, 5, 4],
        &[(Random(1), Zero), (Zero, Zero), (Random(3), Zero)],
        relu,
    );
    assert_eq!(
        check_network(&n.views()),
        Err(SymmetricInitError::FrozenLayer {
            layer: 1,
            units: 5,
            activation: relu
        })
    );
    // With tanh it is not frozen, and its units are not tied: they share incoming
    // weights and biases, but their outgoing rows differ.
    let n = net::<T>(
        &[8, 6, 5, 4],
        &[(Random(1), Zero), (Zero, Zero), (Random(3), Zero)],
        tanh,
    );
    assert_eq!(tied_groups(&n.views(), 1).unwrap(), singletons(5));
    assert_eq!(check_network(&n.views()), Ok(()));
    // With a zero output layer as well, the tanh middle layer outputs 0 into zero
    // weights: frozen, and its units are tied as well.
    let n = net::<T>(
        &[8, 6, 5, 4],
        &[(Random(1), Zero), (Zero, Zero), (Zero, Zero)],
        tanh,
    );
    assert_eq!(tied_groups(&n.views(), 0).unwrap(), singletons(6));
    assert_eq!(
        tied_groups(&n.views(), 1).unwrap(),
        vec![(0..5).collect::<Vec<_>>()]
    );
    assert_eq!(
        check_network(&n.views()),
        Err(SymmetricInitError::FrozenLayer {
            layer: 1,
            units: 5,
            activation: tanh
        })
    );
    // Sigmoid in the middle instead: tied, not frozen.
    let n = net::<T>(
        &[8, 6, 5, 4],
        &[(Random(1), Zero), (Zero, Zero), (Zero, Zero)],
        sigmoid,
    );
    assert_eq!(
        check_network(&n.views()),
        Err(SymmetricInitError::TiedUnits {
            layer: 1,
            first: 0,
            second: 1,
            distinct: 1,
            units: 5
        })
    );

    // A zero output layer is fine, and never tied.
    for act in [relu, tanh] {
        let n = net::<T>(&[8, 6, 4], &[(Random(1), Zero), (Zero, Zero)], act);
        assert_eq!(check_network(&n.views()), Ok(()));
        assert_eq!(tied_groups(&n.views(), 1).unwrap(), singletons(4));
    }

    // All random.
    let n = net::<T>(
        &[64, 32, 16, 10],
        &[(Random(1), Zero), (Random(2), Zero), (Random(3), Zero)],
        relu,
    );
    assert_eq!(check_network(&n.views()), Ok(()));
    for l in 0..3 {
        assert_eq!(tied_groups(&n.views(), l).unwrap().len(), [32, 16, 10][l]);
    }
}

#[test]
fn network_cases_f32() {
    network_cases::<f32>();
}

#[test]
fn network_cases_f64() {
    network_cases::<f64>();
}

#[test]
fn frozen_comes_before_tied_and_covers_the_output_layer() {
    use Fill::{Random, Zero};
    // Layer 0 has tied units (constant kernel), layer 1 is frozen: frozen wins.
    let mut n = net::<f32>(
        &[4, 3, 3, 2],
        &[(Fill::Const(0.5), Zero), (Zero, Zero), (Random(1), Zero)],
        Nonlinearity::Relu,
    );
    assert!(matches!(
        check_network(&n.views()),
        Err(SymmetricInitError::FrozenLayer { layer: 1, .. })
    ));
    // A zero ReLU output layer stops every gradient.
    n.layers[1].0 = random::<f32>(&Shape::dense(3, 3), 5);
    n.layers[0].0 = random::<f32>(&Shape::dense(4, 3), 6);
    n.layers[2].0 = vec![0.0; 6];
    n.layers[2].4 = Nonlinearity::Relu;
    assert_eq!(
        check_network(&n.views()),
        Err(SymmetricInitError::FrozenLayer {
            layer: 2,
            units: 2,
            activation: Nonlinearity::Relu
        })
    );
    n.layers[2].4 = Nonlinearity::Linear;
    assert_eq!(check_network(&n.views()), Ok(()));
}

#[test]
fn negative_zero_is_zero_in_the_network_check() {
    let (w1, b1) = ([0.0f64, -0.0, -0.0, 0.0], [-0.0f64, 0.0]);
    let (w2, b2) = ([1.0f64, 1.0], [0.0f64]);
    let views = [
        LayerView::new(&w1, &b1, 2, 2, Nonlinearity::Tanh),
        LayerView::new(&w2, &b2, 2, 1, Nonlinearity::Linear),
    ];
    assert_eq!(tied_groups(&views, 0).unwrap(), vec![vec![0, 1]]);
    let relu = views.map(|mut v| {
        if v.units == 2 {
            v.activation = Nonlinearity::Relu;
        }
        v
    });
    assert!(matches!(
        check_network(&relu),
        Err(SymmetricInitError::FrozenLayer { layer: 0, .. })
    ));
}

#[test]
fn network_validation_is_typed() {
    let w = [0.5f32; 6];
    let b = [0.0f32; 3];
    let good = LayerView::new(&w, &b, 2, 3, Nonlinearity::Tanh);
    assert_eq!(
        check_network(&[LayerView::new(&w[..5], &b, 2, 3, Nonlinearity::Tanh)]),
        Err(SymmetricInitError::LayerLength {
            layer: 0,
            tensor: "kernel",
            len: 5,
            expected: 6
        })
    );
    assert_eq!(
        check_network(&[
            good,
            LayerView::new(&w, &b[..2], 2, 3, Nonlinearity::Linear)
        ]),
        Err(SymmetricInitError::LayerLength {
            layer: 1,
            tensor: "bias",
            len: 2,
            expected: 3
        })
    );
    assert_eq!(
        check_network(&[good, LayerView::new(&w, &b, 2, 3, Nonlinearity::Linear)]),
        Err(SymmetricInitError::LayerChain {
            layer: 1,
            fan_in: 2,
            previous_units: 3
        })
    );
    let nan = [0.5f32, 0.5, f32::NAN, 0.5, 0.5, 0.5];
    assert_eq!(
        check_network(&[
            good,
            LayerView::new(&nan, &b[..2], 3, 2, Nonlinearity::Linear)
        ]),
        Err(SymmetricInitError::NonFiniteParameter {
            layer: 1,
            tensor: "kernel",
            index: 2
        })
    );
    assert_eq!(
        tied_groups(&[good], 1),
        Err(SymmetricInitError::NoSuchLayer {
            layer: 1,
            layers: 1
        })
    );
    assert_eq!(check_network::<f32>(&[]), Ok(()));
}

#[test]
fn network_messages_say_what_happens() {
    assert_eq!(
        SymmetricInitError::FrozenLayer {
            layer: 0,
            units: 128,
            activation: Nonlinearity::Relu
        }
        .to_string(),
        "all 128 units of layer 0 (relu activation) are dead, so no gradient reaches this \
         layer or any layer before it and the network's output cannot depend on its \
         input; initialise the kernel with a random initializer such as HeUniform"
    );
    assert_eq!(
        SymmetricInitError::TiedUnits {
            layer: 1,
            first: 0,
            second: 1,
            distinct: 1,
            units: 64
        }
        .to_string(),
        "hidden units 0 and 1 of layer 1 have identical incoming weights, biases and \
         outgoing weights, so training can never separate them (1 distinct unit among \
         64); initialise the kernel of layer 1 with a random initializer such as \
         GlorotUniform"
    );
    assert_eq!(
        SymmetricInitError::LayerChain {
            layer: 2,
            fan_in: 5,
            previous_units: 6
        }
        .to_string(),
        "layer 2 takes 5 inputs but layer 1 has 6 units; each layer's fan_in must equal \
         the previous layer's units"
    );
}

// ------------------------------------------------------------------------------
// The verdicts against training: a small f64 network trained by full-batch Adam,
// every unit computed by the same sequence of operations.
// ------------------------------------------------------------------------------

fn act_f(act: Nonlinearity, z: f64) -> f64 {
    match act {
        Nonlinearity::Relu => z.max(0.0),
        Nonlinearity::Tanh => z.tanh(),
        Nonlinearity::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        _ => z,
    }
}

fn act_df(act: Nonlinearity, z: f64) -> f64 {
    match act {
        Nonlinearity::Relu => {
            if z > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Nonlinearity::Tanh => 1.0 - z.tanh() * z.tanh(),
        Nonlinearity::Sigmoid => {
            let s = 1.0 / (1.0 + (-z).exp());
            s * (1.0 - s)
        }
        _ => 1.0,
    }
}

/// Per layer, per sample, per unit.
type Batch = Vec<Vec<Vec<f64>>>;

/// Forward pass: pre-activations and activations of every layer, per sample.
fn forward(n: &Net<f64>, x: &[Vec<f64>]) -> (Batch, Batch) {
    let last = n.layers.len() - 1;
    let mut hs = vec![x.to_vec()];
    let mut zs = Vec::new();
    for (l, (w, b, fan_in, units, act)) in n.layers.iter().enumerate() {
        let prev = &hs[l];
        let z: Vec<Vec<f64>> = prev
            .iter()
            .map(|h| {
                (0..*units)
                    .map(|j| (0..*fan_in).fold(b[j], |acc, k| acc + h[k] * w[k * units + j]))
                    .collect()
            })
            .collect();
        let h = z
            .iter()
            .map(|zr| {
                zr.iter()
                    .map(|&v| if l == last { v } else { act_f(*act, v) })
                    .collect()
            })
            .collect();
        zs.push(z);
        hs.push(h);
    }
    (zs, hs)
}

/// 50 steps of full-batch Adam (lr 0.01) on softmax cross-entropy.
#[allow(clippy::many_single_char_names, clippy::too_many_lines)] // Adam in textbook notation
fn train(n: &mut Net<f64>, x: &[Vec<f64>], y: &[usize]) {
    let (lr, b1, b2, eps) = (0.01, 0.9, 0.999, 1e-7);
    let mut m: Vec<(Vec<f64>, Vec<f64>)> = n
        .layers
        .iter()
        .map(|l| (vec![0.0; l.0.len()], vec![0.0; l.1.len()]))
        .collect();
    let mut v = m.clone();
    #[allow(clippy::cast_precision_loss)]
    let count = x.len() as f64;
    for step in 1..=50 {
        let (zs, hs) = forward(n, x);
        let mut delta: Vec<Vec<f64>> = hs[hs.len() - 1]
            .iter()
            .zip(y)
            .map(|(o, &t)| {
                let max = o.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
                let e: Vec<f64> = o.iter().map(|&q| (q - max).exp()).collect();
                let s: f64 = e.iter().sum();
                e.iter()
                    .enumerate()
                    .map(|(j, &q)| (q / s - if j == t { 1.0 } else { 0.0 }) / count)
                    .collect()
            })
            .collect();
        for l in (0..n.layers.len()).rev() {
            let (fan_in, units) = (n.layers[l].2, n.layers[l].3);
            let mut gw = vec![0.0; fan_in * units];
            let mut gb = vec![0.0; units];
            for (h, d) in hs[l].iter().zip(&delta) {
                for k in 0..fan_in {
                    for j in 0..units {
                        gw[k * units + j] += h[k] * d[j];
                    }
                }
                for j in 0..units {
                    gb[j] += d[j];
                }
            }
            if l > 0 {
                let act = n.layers[l - 1].4;
                let w = &n.layers[l].0;
                delta = delta
                    .iter()
                    .zip(&zs[l - 1])
                    .map(|(d, z)| {
                        (0..fan_in)
                            .map(|k| {
                                (0..units).fold(0.0, |a, j| a + w[k * units + j] * d[j])
                                    * act_df(act, z[k])
                            })
                            .collect()
                    })
                    .collect();
            }
            let t = step;
            let update = |p: &mut [f64], g: &[f64], m: &mut [f64], v: &mut [f64]| {
                for i in 0..p.len() {
                    m[i] = b1 * m[i] + (1.0 - b1) * g[i];
                    v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                    let mh = m[i] / (1.0 - f64::powi(b1, t));
                    let vh = v[i] / (1.0 - f64::powi(b2, t));
                    p[i] -= lr * mh / (vh.sqrt() + eps);
                }
            };
            let (mw, mb) = &mut m[l];
            let (vw, vb) = &mut v[l];
            update(&mut n.layers[l].0, &gw, mw, vw);
            update(&mut n.layers[l].1, &gb, mb, vb);
        }
    }
}

#[allow(clippy::many_single_char_names)] // unit indices as in the docs
fn same_unit(n: &Net<f64>, l: usize, i: usize, j: usize) -> bool {
    let (w, b, fan_in, units, _) = &n.layers[l];
    let next = &n.layers[l + 1];
    (0..*fan_in).all(|k| w[k * units + i] == w[k * units + j])
        && b[i] == b[j]
        && (0..next.3).all(|m| next.0[i * next.3 + m] == next.0[j * next.3 + m])
}

#[test]
#[allow(clippy::too_many_lines)] // the battery of cases, read top to bottom
fn verdicts_predict_training_exactly() {
    use Fill::{Const, Random, Zero};
    // 40 samples, 6 inputs, 3 classes given by a fixed linear rule.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut uniform = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        #[allow(clippy::cast_precision_loss)]
        let u = (state >> 11) as f64 / (1u64 << 53) as f64;
        2.0 * u - 1.0
    };
    let x: Vec<Vec<f64>> = (0..40)
        .map(|_| (0..6).map(|_| uniform()).collect())
        .collect();
    let y: Vec<usize> = x
        .iter()
        .map(|r| {
            let s = [r[0] + r[1], r[2] - r[3], r[4] * 0.5 - r[5]];
            (0..3).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap()
        })
        .collect();
    let (relu, tanh, sigmoid) = (
        Nonlinearity::Relu,
        Nonlinearity::Tanh,
        Nonlinearity::Sigmoid,
    );
    let mut dup = net::<f64>(&[6, 5, 3], &[(Random(1), Zero), (Random(2), Zero)], relu);
    for r in 0..6 {
        dup.layers[0].0[r * 5 + 3] = dup.layers[0].0[r * 5 + 1];
    }
    for c in 0..3 {
        dup.layers[1].0[3 * 3 + c] = dup.layers[1].0[3 + c];
    }
    let battery = vec![
        net::<f64>(&[6, 5, 3], &[(Zero, Zero), (Zero, Zero)], relu),
        net::<f64>(&[6, 5, 3], &[(Zero, Zero), (Zero, Zero)], tanh),
        net::<f64>(&[6, 5, 3], &[(Zero, Zero), (Zero, Zero)], sigmoid),
        net::<f64>(
            &[6, 5, 3],
            &[(Const(0.1), Const(0.1)), (Const(0.1), Zero)],
            relu,
        ),
        dup,
        net::<f64>(
            &[6, 5, 4, 3],
            &[(Random(1), Zero), (Zero, Zero), (Random(3), Zero)],
            relu,
        ),
        net::<f64>(
            &[6, 5, 4, 3],
            &[(Random(1), Zero), (Zero, Zero), (Random(3), Zero)],
            tanh,
        ),
        net::<f64>(
            &[6, 5, 4, 3],
            &[(Random(1), Zero), (Zero, Zero), (Zero, Zero)],
            tanh,
        ),
        net::<f64>(
            &[6, 5, 4, 3],
            &[(Random(1), Zero), (Zero, Zero), (Zero, Zero)],
            sigmoid,
        ),
        net::<f64>(&[6, 5, 3], &[(Random(1), Zero), (Zero, Zero)], relu),
        net::<f64>(
            &[6, 5, 4, 3],
            &[(Random(1), Zero), (Random(2), Zero), (Random(3), Zero)],
            tanh,
        ),
    ];
    for (case, mut n) in battery.into_iter().enumerate() {
        let before = n.layers.clone();
        let verdict = check_network(&n.views());
        let hidden = n.layers.len() - 1;
        let groups: Vec<Vec<Vec<usize>>> = (0..hidden)
            .map(|l| tied_groups(&n.views(), l).unwrap())
            .collect();
        train(&mut n, &x, &y);
        for (l, groups) in groups.iter().enumerate() {
            let units = n.layers[l].3;
            for i in 0..units {
                for j in i + 1..units {
                    let tied = groups.iter().any(|g| g.contains(&i) && g.contains(&j));
                    assert_eq!(
                        same_unit(&n, l, i, j),
                        tied,
                        "case {case}, layer {l}, units {i} {j}"
                    );
                }
            }
        }
        if let Err(SymmetricInitError::FrozenLayer { layer, .. }) = verdict {
            for (l, (now, then)) in n.layers.iter().zip(&before).take(layer + 1).enumerate() {
                assert_eq!(now.0, then.0, "case {case}: layer {l} kernel moved");
                assert_eq!(now.1, then.1, "case {case}: layer {l} bias moved");
            }
            let (_, hs) = forward(&n, &x);
            let out = &hs[hs.len() - 1];
            assert!(
                out.iter().all(|o| o == &out[0]),
                "case {case}: output depends on input"
            );
        } else {
            // Not frozen: the first layer's kernel has learnt something.
            assert_ne!(
                n.layers[0].0, before[0].0,
                "case {case}: layer 0 did not move"
            );
        }
    }
}

#[test]
fn remaining_messages_name_the_values() {
    let cases = [
        (
            SymmetricInitError::NonFiniteBias { index: 2 },
            "element 2 of the bias is NaN or infinite, which poisons every gradient that \
             passes through it; fix the initializer or the loaded biases",
        ),
        (
            SymmetricInitError::KernelLength {
                len: 5,
                expected: 6,
                shape: "[2, 3] in Keras layout".to_owned(),
            },
            "the kernel holds 5 elements but the shape [2, 3] in Keras layout has 6; pass \
             the whole kernel with the shape that describes it",
        ),
        (
            SymmetricInitError::BiasLength { len: 2, units: 3 },
            "the bias holds 2 elements but the layer has 3 units; pass one bias per unit",
        ),
        (
            SymmetricInitError::LayerLength {
                layer: 1,
                tensor: "kernel",
                len: 5,
                expected: 6,
            },
            "the kernel of layer 1 holds 5 elements but should hold 6; a layer's kernel is \
             [fan_in][units] row-major and its bias has one element per unit",
        ),
        (
            SymmetricInitError::NonFiniteParameter {
                layer: 0,
                tensor: "bias",
                index: 4,
            },
            "element 4 of the bias of layer 0 is NaN or infinite, which poisons every \
             gradient that passes through it; fix the initializer or the loaded weights",
        ),
        (
            SymmetricInitError::DeadUnits {
                layer: 0,
                first: 3,
                dead: 40,
                units: 128,
            },
            "40 of the 128 units of layer 0 (the first is unit 3) are dead and will never \
             learn; initialise the kernel with a random initializer such as HeUniform",
        ),
        (
            SymmetricInitError::NoSuchLayer {
                layer: 3,
                layers: 2,
            },
            "the network has 2 layers, so there is no layer 3; layers are numbered from 0",
        ),
    ];
    for (err, text) in cases {
        assert_eq!(err.to_string(), text);
    }
}

#[test]
fn non_finite_bias_in_a_network_is_found() {
    let (w, b) = ([0.5f64, -0.5, 0.25, 1.0], [0.0f64, f64::NEG_INFINITY]);
    let net = [LayerView::new(&w, &b, 2, 2, Nonlinearity::Linear)];
    assert_eq!(
        check_network(&net),
        Err(SymmetricInitError::NonFiniteParameter {
            layer: 0,
            tensor: "bias",
            index: 1
        })
    );
    assert_eq!(
        dead_units(&net, 0),
        check_network(&net).map(|()| Vec::new())
    );
}
