//! The network check: [`LayerView`], [`check_network`], [`tied_groups`] and
//! [`dead_units`].

use super::SymmetricInitError;
use super::partition::{Seg, groups_from_labels, partition_exact, scan};
use crate::gain::identity_nonlinearities;
use crate::{Nonlinearity, Real};

/// One dense layer of a network, `y = f(x·W + b)`, as the network check sees it.
///
/// `kernel` is `[fan_in][units]` row-major, the layout of
/// [`Shape::dense(fan_in, units)`](crate::Shape::dense); `bias` has `units` elements. The
/// last layer of a network is its output layer.
///
/// ```
/// use nninit::{LayerView, Nonlinearity};
///
/// let (w, b) = ([0.0f32; 6], [0.0f32; 3]);
/// let layer = LayerView::new(&w, &b, 2, 3, Nonlinearity::Relu);
/// assert_eq!((layer.fan_in, layer.units), (2, 3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerView<'a, T> {
    /// The kernel, `[fan_in][units]` row-major.
    pub kernel: &'a [T],
    /// The bias, one element per unit.
    pub bias: &'a [T],
    /// The number of inputs.
    pub fan_in: usize,
    /// The number of units (outputs).
    pub units: usize,
    /// The activation applied to `x·W + b`.
    pub activation: Nonlinearity,
}

impl<'a, T> LayerView<'a, T> {
    /// A view of one layer.
    ///
    /// ```
    /// let (w, b) = ([1.0f64; 4], [0.0f64; 2]);
    /// let l = nninit::LayerView::new(&w, &b, 2, 2, nninit::Nonlinearity::Tanh);
    /// assert_eq!(l.kernel.len(), 4);
    /// ```
    #[must_use]
    pub fn new(
        kernel: &'a [T],
        bias: &'a [T],
        fan_in: usize,
        units: usize,
        activation: Nonlinearity,
    ) -> Self {
        LayerView {
            kernel,
            bias,
            fan_in,
            units,
            activation,
        }
    }
}

/// Whether `f(b) = 0` exactly: ReLU for `b ≤ 0`, sigmoid never, every other
/// activation (all with `f(0) = 0` and `f(b) ≠ 0` for `b ≠ 0`) for `b = 0`.
// The lint would have the arm spell out identity_nonlinearities!().
#[allow(clippy::unnested_or_patterns)]
fn output_zero_at<T: Real>(activation: Nonlinearity, b: T) -> bool {
    match activation {
        Nonlinearity::Relu => b <= T::zero(),
        Nonlinearity::Sigmoid => false,
        identity_nonlinearities!()
        | Nonlinearity::Tanh
        | Nonlinearity::LeakyRelu
        | Nonlinearity::Selu
        | Nonlinearity::Gelu
        | Nonlinearity::Silu => b == T::zero(),
    }
}

/// Whether `f′(b) = 0`: only ReLU, for `b ≤ 0` (ReLU′(0) = 0 as in PyTorch,
/// TensorFlow and JAX). A leaky ReLU is taken to have a non-zero slope.
fn derivative_zero_at<T: Real>(activation: Nonlinearity, b: T) -> bool {
    matches!(activation, Nonlinearity::Relu) && b <= T::zero()
}

fn validate_network<T: Real>(layers: &[LayerView<'_, T>]) -> Result<(), SymmetricInitError> {
    for (l, layer) in layers.iter().enumerate() {
        let expected = layer.fan_in.saturating_mul(layer.units);
        if layer.kernel.len() != expected {
            return Err(SymmetricInitError::LayerLength {
                layer: l,
                tensor: "kernel",
                len: layer.kernel.len(),
                expected,
            });
        }
        if layer.bias.len() != layer.units {
            return Err(SymmetricInitError::LayerLength {
                layer: l,
                tensor: "bias",
                len: layer.bias.len(),
                expected: layer.units,
            });
        }
        if l > 0 && layer.fan_in != layers[l - 1].units {
            return Err(SymmetricInitError::LayerChain {
                layer: l,
                fan_in: layer.fan_in,
                previous_units: layers[l - 1].units,
            });
        }
    }
    for (l, layer) in layers.iter().enumerate() {
        for (tensor, xs) in [("kernel", layer.kernel), ("bias", layer.bias)] {
            if let Some(index) = scan(xs).0 {
                return Err(SymmetricInitError::NonFiniteParameter {
                    layer: l,
                    tensor,
                    index,
                });
            }
        }
    }
    Ok(())
}

fn dead_in<T: Real>(layers: &[LayerView<'_, T>], l: usize) -> Vec<usize> {
    let layer = &layers[l];
    let next = layers.get(l + 1);
    let mut nonzero = vec![false; layer.units];
    for row in layer.kernel.chunks_exact(layer.units.max(1)) {
        for (nz, &x) in nonzero.iter_mut().zip(row) {
            *nz |= x != T::zero();
        }
    }
    let outgoing_zero = |u: usize| {
        next.is_some_and(|n| {
            n.kernel[u * n.units..(u + 1) * n.units]
                .iter()
                .all(|&x| x == T::zero())
        })
    };
    (0..layer.units)
        .filter(|&u| {
            let b = layer.bias[u];
            !nonzero[u]
                && (derivative_zero_at(layer.activation, b)
                    || (output_zero_at(layer.activation, b) && outgoing_zero(u)))
        })
        .collect()
}

fn tied_in<T: Real>(layers: &[LayerView<'_, T>], l: usize) -> Vec<Vec<usize>> {
    let layer = &layers[l];
    let n = layer.units;
    let Some(next) = layers.get(l + 1) else {
        return (0..n).map(|u| vec![u]).collect();
    };
    let segs = [
        Seg {
            data: layer.kernel,
            outer: layer.fan_in,
            total: n,
            inner: 1,
            off: 0,
        },
        Seg {
            data: layer.bias,
            outer: 1,
            total: n,
            inner: 1,
            off: 0,
        },
        Seg {
            data: next.kernel,
            outer: 1,
            total: n,
            inner: next.units,
            off: 0,
        },
    ];
    groups_from_labels(&partition_exact(&segs, n))
}

/// Checks a network's initial weights: that every layer can receive a gradient,
/// and that no two hidden units are tied.
///
/// `layers` run from input to output; the last is the output layer. The check
/// reports, in this order:
/// 1. a kernel or bias of the wrong length, or a `fan_in` that is not the previous
///    layer's `units` ([`SymmetricInitError::LayerLength`],
///    [`SymmetricInitError::LayerChain`]);
/// 2. the first NaN or infinite parameter
///    ([`SymmetricInitError::NonFiniteParameter`]);
/// 3. the first *frozen* layer ([`SymmetricInitError::FrozenLayer`]), whose
///    units are all dead (see [`dead_units`]): a ReLU layer with an all-zero
///    kernel and no positive bias, as in the seed experiment, or a layer with a zero
///    kernel and zero biases whose activation has `f(0) = 0` (tanh, linear, …)
///    followed by a zero layer. It comes first because it stops all learning
///    before it, ties or not. The output layer is checked too (a zero ReLU output
///    layer stops every gradient);
/// 4. the first hidden layer with *tied* units ([`SymmetricInitError::TiedUnits`],
///    see [`tied_groups`]). The output layer is never checked for ties: its units
///    see different targets, so a zero output layer is legitimate;
/// 5. the first layer with *dead* units ([`SymmetricInitError::DeadUnits`], see
///    [`dead_units`]).
///
/// The verdicts assume the check runs before the first step (optimizer state is
/// the same for every unit, e.g. zero) and training without dropout or other
/// per-unit randomness; [`tied_groups`] and [`dead_units`] give the argument.
///
/// # Zero layers that are fine
/// A zero-initialised *output* layer is fine, and common (a classifier or a
/// policy head that starts from zero logits): its units are compared with
/// different targets, so the first step gives them different gradients, and the
/// random layer before it already tells the hidden units apart. The check passes
/// it.
///
/// [Fixup](https://arxiv.org/abs/1901.09321) and
/// [ReZero](https://arxiv.org/abs/2003.04887) zero the last layer (or a scalar
/// gate) of each residual branch, and that is fine for the same kind of reason:
/// every product of weights along a path through the network has at most one
/// zeroed factor, so the gradient of that factor, a product of the other, random
/// factors, is not zero; once it moves, the other factors receive gradient too.
/// Equal (zero) outgoing weights alone do not tie the branch's hidden units, whose
/// incoming weights are random. What cannot train is a path with two zero factors:
/// a zero hidden kernel before a zero layer (frozen), or a zero hidden kernel whose
/// units are then alike in everything (tied). Check a residual branch as a chain
/// of its own: its zeroed last layer is then its output layer, which the check
/// accepts.
///
/// # Errors
/// The variants named above.
///
/// # Example
/// The seed experiment's Keras model, `Dense(128, relu)` then `Dense(10,
/// softmax)`, with zero kernels and Keras's zero biases:
/// ```
/// use nninit::{check_network, Initializer, LayerView, Nonlinearity, SymmetricInitError};
///
/// let (w1, b1) = (vec![0.0f32; 784 * 128], vec![0.0f32; 128]);
/// let (w2, b2) = (vec![0.0f32; 128 * 10], vec![0.0f32; 10]);
/// let net = [
///     LayerView::new(&w1, &b1, 784, 128, Nonlinearity::Relu),
///     LayerView::new(&w2, &b2, 128, 10, Nonlinearity::Linear),
/// ];
/// let err = check_network(&net).unwrap_err();
/// assert_eq!(err, SymmetricInitError::FrozenLayer { layer: 0, units: 128, activation: Nonlinearity::Relu });
///
/// // Tanh outputs 0 at 0 into zero outgoing weights: a saddle point, frozen too.
/// let tanh = [LayerView { activation: Nonlinearity::Tanh, ..net[0] }, net[1]];
/// assert!(matches!(check_network(&tanh), Err(SymmetricInitError::FrozenLayer { layer: 0, .. })));
///
/// // A random hidden layer before a zero output layer is fine.
/// let mut w1_random = vec![0.0f32; 784 * 128];
/// nninit::HeUniform.fill_keyed(&mut w1_random, &nninit::Shape::dense(784, 128), 7)?;
/// let fine = [LayerView { kernel: &w1_random, ..net[0] }, net[1]];
/// assert_eq!(check_network(&fine), Ok(()));
///
/// // Sigmoid outputs 1/2, so gradients flow; but the 128 units are tied.
/// let sigmoid = [LayerView { activation: Nonlinearity::Sigmoid, ..net[0] }, net[1]];
/// assert!(matches!(
///     check_network(&sigmoid),
///     Err(SymmetricInitError::TiedUnits { layer: 0, first: 0, second: 1, distinct: 1, units: 128 })
/// ));
/// # Ok::<(), nninit::InitError>(())
/// ```
pub fn check_network<T: Real>(layers: &[LayerView<'_, T>]) -> Result<(), SymmetricInitError> {
    validate_network(layers)?;
    for (l, layer) in layers.iter().enumerate() {
        if layer.units > 0 && dead_in(layers, l).len() == layer.units {
            return Err(SymmetricInitError::FrozenLayer {
                layer: l,
                units: layer.units,
                activation: layer.activation,
            });
        }
    }
    for l in 0..layers.len().saturating_sub(1) {
        let groups = tied_in(layers, l);
        if let Some(g) = groups.iter().find(|g| g.len() > 1) {
            return Err(SymmetricInitError::TiedUnits {
                layer: l,
                first: g[0],
                second: g[1],
                distinct: groups.len(),
                units: layers[l].units,
            });
        }
    }
    for (l, layer) in layers.iter().enumerate() {
        let dead = dead_in(layers, l);
        if let Some(&first) = dead.first() {
            return Err(SymmetricInitError::DeadUnits {
                layer: l,
                first,
                dead: dead.len(),
                units: layer.units,
            });
        }
    }
    Ok(())
}

/// The partition of layer `layer`'s units into *tied* groups.
///
/// Hidden units `i` and `j` of layer `l` are tied when column `i` of layer `l`'s
/// kernel equals column `j` (`x == y` element by element, so `−0.0 == 0.0`),
/// `bias[i] == bias[j]`, and row `i` of layer `l + 1`'s kernel equals row `j`.
/// Swapping two tied units leaves every parameter unchanged, so the network, its
/// loss and its gradient are symmetric under the swap, and any optimizer that
/// updates parameters element by element with the same rule keeps them equal:
/// after any number of steps, tied units still have bit-identical incoming
/// weights, biases and outgoing weights (when every unit is computed by the same
/// sequence of floating-point operations, as in a plain loop over units).
/// Conversely, units that are not tied already differ, and nothing makes them
/// equal again except a coincidence of rounding.
///
/// Every unit is in exactly one group; each group is sorted and groups are ordered
/// by their smallest unit, so untied units are singletons. The output layer (the
/// last) is never tied: each of its units is its own group.
///
/// # Errors
/// The validation errors of [`check_network`] (steps 1 and 2), and
/// [`SymmetricInitError::NoSuchLayer`].
///
/// # Example
/// ```
/// use nninit::{tied_groups, LayerView, Nonlinearity};
///
/// // Hidden units 0 and 2 share incoming weights, bias and outgoing weights.
/// let w1 = [1.0f64, 2.0, 1.0, /* row 2 */ 3.0, 4.0, 3.0]; // [2][3]
/// let b1 = [0.5, 0.5, 0.5];
/// let w2 = [7.0f64, 8.0, 9.0]; // [3][1]
/// let w2_tied = [7.0f64, 8.0, 7.0];
/// let b2 = [0.0];
/// let net = |w2| [
///     LayerView::new(&w1, &b1, 2, 3, Nonlinearity::Tanh),
///     LayerView::new(w2, &b2, 3, 1, Nonlinearity::Linear),
/// ];
/// assert_eq!(tied_groups(&net(&w2), 0)?, vec![vec![0], vec![1], vec![2]]);
/// assert_eq!(tied_groups(&net(&w2_tied), 0)?, vec![vec![0, 2], vec![1]]);
/// # Ok::<(), nninit::SymmetricInitError>(())
/// ```
pub fn tied_groups<T: Real>(
    layers: &[LayerView<'_, T>],
    layer: usize,
) -> Result<Vec<Vec<usize>>, SymmetricInitError> {
    validate_network(layers)?;
    if layer >= layers.len() {
        return Err(SymmetricInitError::NoSuchLayer {
            layer,
            layers: layers.len(),
        });
    }
    Ok(tied_in(layers, layer))
}

/// The *dead* units of layer `layer`, in increasing order: units that output a
/// constant and receive no gradient, for every input, now and after any number of
/// training steps.
///
/// Unit `u` is dead when its incoming weights (column `u` of the kernel) are all
/// zero, so that its pre-activation is its bias `b` for every input, and either
/// - **(a)** the activation is ReLU and `b ≤ 0` (`−0.0` included): ReLU′(b) = 0
///   (ReLU′(0) = 0, as in PyTorch, TensorFlow and JAX), so the unit's incoming
///   weights and bias get zero gradient; it outputs 0, so its outgoing weights get
///   zero gradient too; or
/// - **(b)** `f(b) = 0` and its outgoing weights (row `u` of the next layer's
///   kernel) are all zero: `b = 0` for every activation but sigmoid (`σ(b) > 0`,
///   so a sigmoid unit is never dead), or `b ≤ 0` for ReLU. Its outgoing weights get
///   gradient `f(b)·δ = 0` and stay zero, so the gradient it receives,
///   `f′(b)·Σₘ δₘ·W[u, m]`, stays zero too: a saddle point, such as a zero tanh
///   layer followed by a zero layer. The output layer, which has no outgoing
///   weights, can only be dead by (a).
///
/// When every parameter involved is exactly 0 (case (b), or case (a) with
/// `b = 0`), the unit stays dead under any element-wise optimizer, weight decay
/// included, since every update is a multiple of 0. With a negative bias, case (a)
/// lasts as long as nothing moves the bias across 0: true for SGD, momentum, Adam
/// and RMSprop without weight decay on biases, and for decoupled weight decay
/// (AdamW), which only shrinks the bias towards 0; an L2 penalty fed to Adam or
/// momentum can push it past 0 and revive the unit.
///
/// In exact arithmetic only ReLU has a zero derivative; a leaky ReLU is taken to
/// have a non-zero slope (describe a slope of 0 as ReLU). A saturated sigmoid or
/// tanh with a huge bias can still round its derivative to 0, which this check
/// does not report.
///
/// # Errors
/// As [`tied_groups`].
///
/// # Example
/// ```
/// use nninit::{dead_units, LayerView, Nonlinearity};
///
/// let w1 = [0.0f32, 1.0, 0.0, /* row 2 */ 0.0, 2.0, 0.0]; // [2][3]: columns 0 and 2 are zero
/// let b1 = [-0.5f32, -0.5, 0.5];
/// let (w2, b2) = ([1.0f32, 2.0, 3.0], [0.0f32]);
/// let net = [
///     LayerView::new(&w1, &b1, 2, 3, Nonlinearity::Relu),
///     LayerView::new(&w2, &b2, 3, 1, Nonlinearity::Linear),
/// ];
/// assert_eq!(dead_units(&net, 0)?, vec![0]); // unit 2 has a positive bias
/// # Ok::<(), nninit::SymmetricInitError>(())
/// ```
pub fn dead_units<T: Real>(
    layers: &[LayerView<'_, T>],
    layer: usize,
) -> Result<Vec<usize>, SymmetricInitError> {
    validate_network(layers)?;
    if layer >= layers.len() {
        return Err(SymmetricInitError::NoSuchLayer {
            layer,
            layers: layers.len(),
        });
    }
    Ok(dead_in(layers, layer))
}
