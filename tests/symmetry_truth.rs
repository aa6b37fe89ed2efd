//! The network verdict tells the truth about training: for a battery of small
//! networks trained for 50 Adam steps on the digits data, the verdict computed
//! before the first step predicts exactly what training does.
//!
//! For every network, in both float types:
//! - [`check_network`] returns the verdict the construction calls for (`Ok`,
//!   `FrozenLayer`, `TiedUnits` or `DeadUnits`, with every field);
//! - in every hidden layer, the units whose incoming column, bias and outgoing row
//!   are bit-identical after training are exactly the groups [`tied_groups`]
//!   reported before it: tied units stay bit-identical, and every other pair has
//!   separated;
//! - every unit [`dead_units`] reported is bit-for-bit unchanged (incoming column,
//!   bias and outgoing row);
//! - a layer reported frozen, and every layer before it, is bit-for-bit unchanged;
//! - every other layer did change, so the unchanged parameters above are not an
//!   artefact of a network that did not train.

#![allow(clippy::float_cmp)] // bits are compared on purpose

use nninit::nn::{Activation, Adam, Dense, Loss, Sequential, digits};
use nninit::{
    Constant, HeUniform, Init, Initializer, Nonlinearity, RandomUniform, Real, SymmetricInitError,
    Zeros, check_network, dead_units, tied_groups,
};

/// Training samples used (the first ones of the data set).
const SAMPLES: usize = 256;
/// Samples per Adam step: the steps cycle through 8 batches.
const BATCH: usize = 32;
/// Adam steps.
const STEPS: usize = 50;
/// Input features of the digits data.
const INPUT: usize = 64;
/// First hidden layer's width.
const H1: usize = 16;
/// Second hidden layer's width (3-layer networks).
const H2: usize = 12;
/// Classes.
const OUT: usize = 10;

/// The exact bit pattern of a parameter.
trait Bits: Real {
    fn bits(self) -> u64;
}

impl Bits for f32 {
    fn bits(self) -> u64 {
        u64::from(self.to_bits())
    }
}

impl Bits for f64 {
    fn bits(self) -> u64 {
        self.to_bits()
    }
}

/// Everything one unit of layer `l` owns: its incoming column, its bias and its
/// outgoing row (the row of layer `l + 1`'s kernel), as bit patterns.
fn unit_bits<T: Bits>(m: &Sequential<T>, l: usize, u: usize) -> Vec<u64> {
    let layers = m.layers();
    let layer = &layers[l];
    let width = layer.units();
    let mut bits: Vec<u64> = layer
        .kernel()
        .chunks_exact(width)
        .map(|row| row[u].bits())
        .collect();
    bits.push(layer.bias()[u].bits());
    if let Some(next) = layers.get(l + 1) {
        let row = next.units();
        bits.extend(
            next.kernel()[u * row..(u + 1) * row]
                .iter()
                .map(|&x| x.bits()),
        );
    }
    bits
}

/// The partition of layer `l`'s units by bit-identical incoming column, bias and
/// outgoing row: sorted groups ordered by their smallest unit.
fn identical_groups<T: Bits>(m: &Sequential<T>, l: usize) -> Vec<Vec<usize>> {
    let units: Vec<Vec<u64>> = (0..m.layers()[l].units())
        .map(|u| unit_bits(m, l, u))
        .collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (u, bits) in units.iter().enumerate() {
        match groups.iter_mut().find(|g| units[g[0]] == *bits) {
            Some(g) => g.push(u),
            None => groups.push(vec![u]),
        }
    }
    groups
}

/// Every parameter of layer `l` (kernel then bias) as bit patterns.
fn layer_bits<T: Bits>(m: &Sequential<T>, l: usize) -> Vec<u64> {
    let layer = &m.layers()[l];
    layer
        .kernel()
        .iter()
        .chain(layer.bias())
        .map(|&x| x.bits())
        .collect()
}

/// Sets column `u` of layer `l`'s kernel to `value`.
fn set_column<T: Real>(m: &mut Sequential<T>, l: usize, u: usize, value: T) {
    let layer = &mut m.layers_mut()[l];
    let n = layer.units();
    for row in layer.kernel_mut().chunks_exact_mut(n) {
        row[u] = value;
    }
}

/// Makes unit `to` of hidden layer `l` a copy of unit `from`: incoming column,
/// bias and outgoing row.
fn copy_unit<T: Real>(m: &mut Sequential<T>, l: usize, from: usize, to: usize) {
    let layers = m.layers_mut();
    let width = layers[l].units();
    for row in layers[l].kernel_mut().chunks_exact_mut(width) {
        row[to] = row[from];
    }
    let bias = layers[l].bias()[from];
    layers[l].bias_mut()[to] = bias;
    let next = layers[l + 1].units();
    let kernel = layers[l + 1].kernel_mut();
    let row: Vec<T> = kernel[from * next..(from + 1) * next].to_vec();
    kernel[to * next..(to + 1) * next].copy_from_slice(&row);
}

/// One network of the battery: how it is built and the verdict its construction
/// calls for.
struct Case<T> {
    name: &'static str,
    model: Sequential<T>,
    verdict: Result<(), SymmetricInitError>,
}

/// A layer of the battery; every one holds its initializers as [`Init`], so
/// that a network's layers fit in one `Vec`.
type Layer = Dense<Init, Init>;

fn layer(units: usize, activation: Activation, kernel: impl Into<Init>) -> Layer {
    Dense::new(units, activation)
        .kernel_initializer(kernel.into())
        .bias_initializer(Init::from(Zeros))
}

fn random_bias() -> RandomUniform {
    RandomUniform::new(-0.1, 0.1).unwrap()
}

/// A layer with a He-uniform kernel and a small random bias.
fn random(units: usize, activation: Activation) -> Layer {
    layer(units, activation, HeUniform).bias_initializer(random_bias().into())
}

/// A layer with a He-uniform kernel and a zero bias.
fn he(units: usize, activation: Activation) -> Layer {
    layer(units, activation, HeUniform)
}

/// A layer with a zero kernel and a zero bias.
fn zero(units: usize, activation: Activation) -> Layer {
    layer(units, activation, Zeros)
}

fn constant(value: f64) -> Constant {
    Constant::new(value).unwrap()
}

#[allow(clippy::too_many_lines)] // one block per network
fn battery<T: Bits>() -> Vec<Case<T>>
where
    Init: Initializer<T>,
{
    let relu = Activation::Relu;
    let tanh = Activation::Tanh;
    let softmax = Activation::Softmax;
    let mut cases = Vec::new();
    let model = |seed: u64, layers: Vec<Layer>| {
        let mut m = Sequential::<T>::new(INPUT, seed);
        for layer in layers {
            m.push(layer).unwrap();
        }
        m
    };

    // All zero, ReLU: the seed's model. Layer 0 is frozen.
    let m = model(1, vec![zero(H1, relu), zero(OUT, softmax)]);
    cases.push(Case {
        name: "all zero (relu)",
        model: m,
        verdict: Err(SymmetricInitError::FrozenLayer {
            layer: 0,
            units: H1,
            activation: Nonlinearity::Relu,
        }),
    });

    // All zero, sigmoid: σ(0) = 1/2 lets gradients through, but the units are tied.
    let m = model(2, vec![zero(H1, Activation::Sigmoid), zero(OUT, softmax)]);
    cases.push(Case {
        name: "all zero (sigmoid)",
        model: m,
        verdict: Err(SymmetricInitError::TiedUnits {
            layer: 0,
            first: 0,
            second: 1,
            distinct: 1,
            units: H1,
        }),
    });

    // All constant, two hidden layers: both collapse to one unit.
    let m = model(
        3,
        vec![
            layer(H1, relu, constant(0.05)),
            layer(H2, relu, constant(0.05)),
            layer(OUT, softmax, constant(0.05)),
        ],
    );
    cases.push(Case {
        name: "all constant (relu, 3 layers)",
        model: m,
        verdict: Err(SymmetricInitError::TiedUnits {
            layer: 0,
            first: 0,
            second: 1,
            distinct: 1,
            units: H1,
        }),
    });

    // Random, with hidden unit 7 a copy of unit 3.
    let mut m = model(4, vec![random(H1, relu), random(OUT, softmax)]);
    copy_unit(&mut m, 0, 3, 7);
    cases.push(Case {
        name: "two duplicated units (relu)",
        model: m,
        verdict: Err(SymmetricInitError::TiedUnits {
            layer: 0,
            first: 3,
            second: 7,
            distinct: H1 - 1,
            units: H1,
        }),
    });

    // Random, 37 units wide (prime, so matrix-product kernels end on a partial
    // tile), with the last unit a copy of the first and unit 30 one of unit 17.
    let mut m = model(11, vec![random(37, tanh), random(OUT, softmax)]);
    copy_unit(&mut m, 0, 0, 36);
    copy_unit(&mut m, 0, 17, 30);
    cases.push(Case {
        name: "duplicated units across partial tiles (tanh, 37 wide)",
        model: m,
        verdict: Err(SymmetricInitError::TiedUnits {
            layer: 0,
            first: 0,
            second: 36,
            distinct: 35,
            units: 37,
        }),
    });

    // Random, 3 layers, with units 4 and 10 of the second hidden layer copies of
    // unit 1.
    let mut m = model(
        5,
        vec![random(H1, tanh), random(H2, tanh), random(OUT, softmax)],
    );
    copy_unit(&mut m, 1, 1, 4);
    copy_unit(&mut m, 1, 1, 10);
    cases.push(Case {
        name: "three tied units in the second hidden layer (tanh)",
        model: m,
        verdict: Err(SymmetricInitError::TiedUnits {
            layer: 1,
            first: 1,
            second: 4,
            distinct: H2 - 2,
            units: H2,
        }),
    });

    // Random, with some zero columns: units 2 (bias −0.25) and 9 (bias 0) are
    // dead; unit 5 (bias 0.3) outputs a constant but learns.
    let mut m = model(6, vec![random(H1, relu), random(OUT, softmax)]);
    for (u, b) in [(2, -0.25), (5, 0.3), (9, 0.0)] {
        set_column(&mut m, 0, u, T::zero());
        m.layers_mut()[0].bias_mut()[u] = T::from(b).unwrap();
    }
    cases.push(Case {
        name: "dead units (relu)",
        model: m,
        verdict: Err(SymmetricInitError::DeadUnits {
            layer: 0,
            first: 2,
            dead: 2,
            units: H1,
        }),
    });

    // A random layer feeding a zero layer, then a random or a zero output layer.
    for (activation, nonlinearity) in [(relu, Nonlinearity::Relu), (tanh, Nonlinearity::Tanh)] {
        for zero_output in [false, true] {
            let output = if zero_output {
                zero(OUT, softmax)
            } else {
                he(OUT, softmax)
            };
            let m = model(
                7,
                vec![random(H1, activation), zero(H2, activation), output],
            );
            // A zero ReLU layer is dead whatever follows; a zero tanh layer only
            // into zero outgoing weights. Into random outgoing weights its units
            // start equal but feed different rows, so they are not tied.
            let frozen = activation == relu || zero_output;
            let verdict = if frozen {
                Err(SymmetricInitError::FrozenLayer {
                    layer: 1,
                    units: H2,
                    activation: nonlinearity,
                })
            } else {
                Ok(())
            };
            let name = match (activation == relu, zero_output) {
                (true, false) => "random -> zero -> random (relu)",
                (true, true) => "random -> zero -> zero (relu)",
                (false, false) => "random -> zero -> random (tanh)",
                (false, true) => "random -> zero -> zero (tanh)",
            };
            cases.push(Case {
                name,
                model: m,
                verdict,
            });
        }
    }

    // A zero output layer after a random hidden layer: legitimate.
    let m = model(8, vec![he(H1, relu), zero(OUT, softmax)]);
    cases.push(Case {
        name: "random -> zero output (relu)",
        model: m,
        verdict: Ok(()),
    });

    // All random, 2 and 3 layers.
    let m = model(9, vec![random(H1, relu), he(OUT, softmax)]);
    cases.push(Case {
        name: "all random (relu)",
        model: m,
        verdict: Ok(()),
    });
    let m = model(10, vec![he(H1, tanh), he(H2, relu), he(OUT, softmax)]);
    cases.push(Case {
        name: "all random (tanh, relu)",
        model: m,
        verdict: Ok(()),
    });

    cases
}

/// The verdicts before training, and 50 Adam steps later, the weights.
fn check_battery<T: Bits>()
where
    HeUniform: Initializer<T>,
    Zeros: Initializer<T>,
    Constant: Initializer<T>,
    RandomUniform: Initializer<T>,
{
    let data = digits::<T>().unwrap();
    let x = &data.x()[..SAMPLES * INPUT];
    let labels = &data.labels()[..SAMPLES];
    let ty = std::any::type_name::<T>();
    for Case {
        name,
        mut model,
        verdict,
    } in battery::<T>()
    {
        let layers = model.layers().len();
        // The verdicts, before the first step.
        let views = model.layer_views();
        assert_eq!(check_network(&views), verdict, "{name} ({ty}): verdict");
        let tied: Vec<Vec<Vec<usize>>> = (0..layers - 1)
            .map(|l| tied_groups(&views, l).unwrap())
            .collect();
        let dead: Vec<Vec<usize>> = (0..layers)
            .map(|l| dead_units(&views, l).unwrap())
            .collect();
        let last_frozen = (0..layers)
            .rev()
            .find(|&l| dead[l].len() == model.layers()[l].units());
        let before = model.clone();

        model
            .compile(
                Loss::CategoricalCrossentropy,
                Adam::with_learning_rate(0.01).unwrap(),
            )
            .unwrap();
        for step in 0..STEPS {
            let b = step % (SAMPLES / BATCH);
            let e = model
                .train_on_batch(
                    &x[b * BATCH * INPUT..(b + 1) * BATCH * INPUT],
                    &labels[b * BATCH..(b + 1) * BATCH],
                )
                .unwrap();
            assert!(e.loss.is_finite(), "{name} ({ty}): loss at step {step}");
        }
        assert_eq!(model.steps(), STEPS as u64);

        // Tied groups are exactly the units still bit-identical.
        for (l, groups) in tied.iter().enumerate() {
            assert_eq!(
                identical_groups(&before, l),
                *groups,
                "{name} ({ty}): layer {l} before training"
            );
            assert_eq!(
                identical_groups(&model, l),
                *groups,
                "{name} ({ty}): layer {l}: bit-identical units after {STEPS} steps"
            );
        }
        // Dead units are unchanged.
        for (l, units) in dead.iter().enumerate() {
            for &u in units {
                assert_eq!(
                    unit_bits(&model, l, u),
                    unit_bits(&before, l, u),
                    "{name} ({ty}): dead unit {u} of layer {l} changed"
                );
            }
        }
        // A frozen layer, and every layer before it, is unchanged; every later
        // layer trained.
        for l in 0..layers {
            let same = layer_bits(&model, l) == layer_bits(&before, l);
            if last_frozen.is_some_and(|f| l <= f) {
                assert!(same, "{name} ({ty}): layer {l} is frozen but changed");
            } else {
                assert!(!same, "{name} ({ty}): layer {l} did not train");
            }
        }
    }
}

#[test]
fn verdicts_predict_training_f64() {
    check_battery::<f64>();
}

#[test]
fn verdicts_predict_training_f32() {
    check_battery::<f32>();
}
