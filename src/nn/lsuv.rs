//! `lsuv`: Mishkin and Matas's layer-sequential unit-variance initialization, a
//! data-dependent rescaling of an orthogonal initialization.

use thiserror::Error;

use crate::rng::mix64;
use crate::{Initializer, Orthogonal, Real, Shape};

use super::num::{cast, wide};
use super::{NnError, Sequential};

/// Separates LSUV's orthogonal keys from the model's other streams.
const LSUV_STREAM: u64 = 0x4c53_5556_4f52_5448;

/// The options of [`lsuv`].
///
/// # Example
/// ```
/// let o = nninit::nn::LsuvOptions::default();
/// assert_eq!((o.tolerance, o.max_iterations), (0.1, 10));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LsuvOptions {
    /// How near 1 each layer's pre-activation variance must come: `|Var − 1| <
    /// tolerance` (Mishkin and Matas's `Tol_var`, 0.1).
    pub tolerance: f64,
    /// The most rescalings a layer (the paper's `T_max`, 10).
    pub max_iterations: usize,
}

impl Default for LsuvOptions {
    fn default() -> Self {
        LsuvOptions {
            tolerance: 0.1,
            max_iterations: 10,
        }
    }
}

/// What [`lsuv`] did to one layer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LsuvLayer {
    /// The pre-activation variance on the batch after the orthogonal
    /// initialization (and the earlier layers' rescaling).
    pub variance_before: f64,
    /// The pre-activation variance after the rescaling.
    pub variance_after: f64,
    /// The factor by which the kernel was multiplied, all iterations together.
    pub scale: f64,
    /// The number of rescalings.
    pub iterations: usize,
}

/// What [`lsuv`] did: one entry a layer, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct LsuvReport {
    /// One entry a layer.
    pub layers: Vec<LsuvLayer>,
}

/// Why [`lsuv`] could not bring a layer's variance to 1.
#[derive(Clone, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum LsuvError {
    /// The batch has fewer samples than a variance needs.
    #[error("LSUV needs a batch of at least {needed} samples, got {samples}; pass a larger batch")]
    BatchTooSmall {
        /// The samples in the batch.
        samples: usize,
        /// The fewest that will do.
        needed: usize,
    },
    /// A layer's pre-activation variance is zero or not finite though its kernel
    /// is not zero: its input does not vary on the batch, and no scale can help.
    #[error(
        "layer {layer}'s pre-activation variance is {variance} on the batch, which no \
         scale of its kernel can bring to 1; pass a batch whose samples differ, or \
         check the layers before it"
    )]
    Unreachable {
        /// The layer.
        layer: usize,
        /// The variance measured.
        variance: f64,
    },
    /// A layer's variance was still off after the last iteration.
    #[error(
        "layer {layer}'s pre-activation variance is {variance} after {iterations} \
         rescalings, not within {tolerance} of 1; raise max_iterations or the tolerance"
    )]
    NoConvergence {
        /// The layer.
        layer: usize,
        /// The last variance measured.
        variance: f64,
        /// The iterations run.
        iterations: usize,
        /// The tolerance asked for.
        tolerance: f64,
    },
}

/// Layer-sequential unit-variance initialization (Mishkin and Matas 2016): every
/// kernel is replaced by an orthogonal one ([`Orthogonal`] with gain 1, keyed by
/// the model's seed and the layer), then, layer by layer from the first, the
/// kernel is multiplied by `1/√Var` until the variance of the layer's
/// pre-activations `z = x·W + b` on `x` is within `tolerance` of 1. Biases are
/// left as they are.
///
/// Which quantity: the paper's Algorithm 1 normalizes "the output of each
/// convolution and inner-product layer", that is the pre-activation, before the
/// nonlinearity, and its variance (`Var = 1`, by the scale `1/√Var`, the
/// standard deviation's inverse). Some published implementations normalize the
/// post-activation instead, or its standard deviation; for ReLU the
/// post-activation target would double the pre-activation's variance at every
/// layer's input. The pre-activation is what the mean-field forecast
/// ([`crate::signal`]) follows as `qˡ`, and it does not depend on the
/// activation, so it is normalized here.
///
/// # Errors
/// The input errors of [`Sequential::predict`]; [`LsuvError::BatchTooSmall`]
/// (in [`NnError::Lsuv`]) for fewer than 2 samples;
/// [`NnError::InvalidHyperParameter`] for a tolerance not in `(0, 1)` or zero
/// iterations; [`NnError::SymmetricInit`] when a zero variance comes from a
/// frozen network (the network check's verdict), and [`LsuvError::Unreachable`]
/// otherwise; [`LsuvError::NoConvergence`]. The model's kernels are rescaled in
/// place as far as the failing layer.
///
/// # Example
/// ```
/// use nninit::nn::{digits, lsuv, Activation, Dense, LsuvOptions, Sequential};
/// use nninit::RandomUniform;
///
/// let d = digits::<f64>()?;
/// let x = &d.x()[..64 * 256];
/// let mut m = Sequential::<f64>::new(64, 3);
/// for _ in 0..6 {
///     m.push(Dense::new(32, Activation::Relu).kernel_initializer(RandomUniform::new(-0.05, 0.05)?))?;
/// }
/// m.push(Dense::new(10, Activation::Softmax))?;
/// let report = lsuv(&mut m, x, &LsuvOptions::default())?;
/// for layer in &report.layers {
///     assert!((layer.variance_after - 1.0).abs() < 0.1);
/// }
/// assert!(m.diagnose(x)?.verdict.is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// - D. Mishkin, J. Matas, "All you need is a good init", ICLR 2016,
///   <https://arxiv.org/abs/1511.06422>, Algorithm 1.
pub fn lsuv<T: Real>(
    model: &mut Sequential<T>,
    x: &[T],
    options: &LsuvOptions,
) -> Result<LsuvReport, NnError> {
    if !(options.tolerance > 0.0 && options.tolerance < 1.0) {
        return Err(NnError::InvalidHyperParameter {
            name: "tolerance",
            value: options.tolerance,
            expected: "in (0, 1)",
        });
    }
    if options.max_iterations == 0 {
        return Err(NnError::InvalidHyperParameter {
            name: "max_iterations",
            value: 0.0,
            expected: "at least 1",
        });
    }
    let n = model.samples(x, "lsuv")?;
    if n < 2 {
        return Err(NnError::Lsuv {
            source: LsuvError::BatchTooSmall {
                samples: n,
                needed: 2,
            },
        });
    }
    let seed = model.seed();
    let orthogonal = Orthogonal::new(1.0).map_err(|source| NnError::Init {
        layer: 0,
        param: "kernel",
        source,
    })?;
    for (l, layer) in model.layers.iter_mut().enumerate() {
        let shape = Shape::dense(layer.fan_in, layer.units);
        let key = mix64(seed ^ LSUV_STREAM ^ (l as u64));
        orthogonal
            .fill_keyed(&mut layer.kernel, &shape, key)
            .map_err(|source| NnError::Init {
                layer: l,
                param: "kernel",
                source,
            })?;
    }
    model.ws.ensure(model.input_dim, &model.layers, n)?;
    model.ws.x[..x.len()].copy_from_slice(x);
    let mut layers = Vec::with_capacity(model.layers.len());
    for l in 0..model.layers.len() {
        let mut variance = variance_at(model, n, l)?;
        let before = variance;
        let (mut scale, mut iterations) = (1.0, 0);
        while !((variance - 1.0).abs() < options.tolerance) {
            if iterations == options.max_iterations {
                return Err(NnError::Lsuv {
                    source: LsuvError::NoConvergence {
                        layer: l,
                        variance,
                        iterations,
                        tolerance: options.tolerance,
                    },
                });
            }
            if !(variance > 0.0 && variance.is_finite()) {
                model.check_symmetry()?;
                return Err(NnError::Lsuv {
                    source: LsuvError::Unreachable { layer: l, variance },
                });
            }
            let s = 1.0 / variance.sqrt();
            let factor: T = cast(s);
            for w in &mut model.layers[l].kernel {
                *w = *w * factor;
            }
            scale *= s;
            iterations += 1;
            variance = variance_at(model, n, l)?;
        }
        layers.push(LsuvLayer {
            variance_before: before,
            variance_after: variance,
            scale,
            iterations,
        });
    }
    Ok(LsuvReport { layers })
}

/// The variance of layer `l`'s pre-activations on the workspace's first `n` rows,
/// after a forward pass.
fn variance_at<T: Real>(model: &mut Sequential<T>, n: usize, l: usize) -> Result<f64, NnError> {
    model.forward(n)?;
    let z = &model.ws.z[l][..n * model.layers[l].units];
    #[allow(clippy::cast_precision_loss)] // exact below 2⁵³ elements
    let len = z.len() as f64;
    let mean = z.iter().map(|&v| wide(v)).sum::<f64>() / len;
    Ok(z.iter().map(|&v| (wide(v) - mean).powi(2)).sum::<f64>() / len)
}
