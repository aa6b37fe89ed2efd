//! `Sequential::diagnose`: one forward and one backward pass on a batch, measuring
//! what the mean-field forecast ([`crate::signal`]) predicts, and a calibrated
//! verdict on whether the network will train.

use crate::rng::mix64;
use crate::{Initializer, RandomNormal, Real, Shape, check_network};

use super::num::{first_non_finite, wide};
use super::trainability::{TrainabilityError, TrainabilityLimits};
use super::{Activation, Gradients, NnError, Sequential, Targets};

/// Separates the diagnosis's random cotangent from the model's other streams.
const COTANGENT_STREAM: u64 = 0x4449_4147_4e4f_5345;
/// The most samples whose pairwise correlations are averaged (`64·63/2` pairs).
const CORRELATION_SAMPLES: usize = 64;

/// What one layer's activations and gradients measured on a batch.
///
/// The pre-activation is `z = x·W + b`; its statistics are over every unit and
/// every sample of the batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerDiagnosis {
    /// The mean of the pre-activations.
    pub mean: f64,
    /// The variance of the pre-activations (about their mean).
    pub variance: f64,
    /// The fraction of units never active on the batch: `z ≤ 0` on every sample,
    /// for ReLU; 0 for every other activation (a leaky ReLU's units never die).
    pub dead_fraction: f64,
    /// The fraction of pre-activations in the flat tails, where the derivative is
    /// below 1 %: `|z| > 3` for tanh (`tanh′(3) ≈ 0.0099`), `|z| > 6` for the
    /// sigmoid (`σ′(6) ≈ 0.0025`); 0 for every other activation.
    pub saturated_fraction: f64,
    /// The Frobenius norm of the kernel's gradient.
    pub gradient_norm: f64,
    /// The mean square of the back-propagated `dL/dz` at this layer.
    pub delta_mean_square: f64,
    /// The mean cosine similarity between the pre-activation vectors of pairs of
    /// samples (of the first 64): the mean-field correlation `c = q₁₂/√(q₁₁·q₂₂)`.
    pub correlation: f64,
    /// The measured gain: this layer's pre-activation mean square over the
    /// previous layer's (over the inputs' for the first layer), the quantity
    /// the forecast's variance map predicts.
    pub gain: f64,
}

/// The result of [`Sequential::diagnose`]: every layer's measurements and the
/// verdict of the checks against [`TrainabilityLimits`].
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnosis<T> {
    /// One entry a layer, in order.
    pub layers: Vec<LayerDiagnosis>,
    /// The mean square of the inputs (every feature of every sample).
    pub input_mean_square: f64,
    /// The mean cosine similarity between pairs of inputs, as
    /// [`LayerDiagnosis::correlation`].
    pub input_correlation: f64,
    /// The real loss's gradients, from [`Sequential::diagnose_with_targets`].
    pub loss_gradients: Option<Gradients<T>>,
    /// The first check that failed, or `Ok(())`. A calibrated judgement, not a
    /// proof: see [`TrainabilityLimits`].
    pub verdict: Result<(), TrainabilityError>,
}

impl<T: Real> Sequential<T> {
    /// Measures the network on a batch without changing it: one forward pass and
    /// one backward pass of a standard normal cotangent sent back from the output
    /// (keyed by the model's seed), which measures the gradient's gain without
    /// labels, and even where a loss would be saturated. The verdict applies
    /// [`TrainabilityLimits::default`].
    ///
    /// # Errors
    /// The input errors of [`Sequential::predict`] (`NotReady`, `EmptyBatch`,
    /// `DimensionMismatch`, `NonFiniteInput`) and [`NnError::OutOfMemory`]. A
    /// network that cannot train is not an error here: that is the verdict.
    ///
    /// # Example
    /// ```
    /// use nninit::nn::{digits, Activation, Dense, Sequential};
    /// use nninit::{HeNormal, RandomNormal};
    ///
    /// let d = digits::<f32>()?;
    /// let x = &d.x()[..64 * 128];
    /// let mut he = Sequential::<f32>::new(64, 0);
    /// for _ in 0..8 {
    ///     he.push(Dense::new(64, Activation::Relu).kernel_initializer(HeNormal))?;
    /// }
    /// he.push(Dense::new(10, Activation::Softmax))?;
    /// let before = he.clone();
    /// let diag = he.diagnose(x)?;
    /// assert_eq!(he, before);
    /// assert!(diag.verdict.is_ok());
    /// // He's σ_w² = 2 keeps a ReLU layer's mean square: a gain near 1.
    /// assert!(diag.layers[4].gain > 0.5 && diag.layers[4].gain < 2.0);
    ///
    /// let mut big = Sequential::<f32>::new(64, 0);
    /// for _ in 0..8 {
    ///     big.push(Dense::new(64, Activation::Relu).kernel_initializer(RandomNormal::new(0.0, 1.0)?))?;
    /// }
    /// big.push(Dense::new(10, Activation::Softmax))?;
    /// assert!(big.diagnose(x)?.verdict.is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn diagnose(&mut self, x: &[T]) -> Result<Diagnosis<T>, NnError> {
        self.diagnose_with_limits(x, &TrainabilityLimits::default())
    }

    /// [`Sequential::diagnose`] against given limits.
    ///
    /// # Errors
    /// As [`Sequential::diagnose`].
    ///
    /// # Example
    /// ```
    /// use nninit::nn::{Activation, Dense, Sequential, TrainabilityLimits};
    /// use nninit::nn::TrainabilityError;
    /// let mut m = Sequential::<f64>::new(2, 0);
    /// m.push(Dense::new(4, Activation::Tanh))?;
    /// m.push(Dense::new(2, Activation::Linear))?;
    /// let x = [1.0, 0.5, -0.5, 1.0, 0.25, -1.0];
    /// assert!(m.diagnose(&x)?.verdict.is_ok());
    /// // Ask the second layer for a million times the first one's signal.
    /// let strict = TrainabilityLimits { min_signal_gain: 1e6, ..TrainabilityLimits::default() };
    /// let v = m.diagnose_with_limits(&x, &strict)?.verdict;
    /// assert!(matches!(v, Err(TrainabilityError::VanishingSignal { layer: 1, .. })));
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn diagnose_with_limits(
        &mut self,
        x: &[T],
        limits: &TrainabilityLimits,
    ) -> Result<Diagnosis<T>, NnError> {
        let n = self.samples(x, "diagnose")?;
        self.ws.ensure(self.input_dim, &self.layers, n)?;
        self.ws.x[..x.len()].copy_from_slice(x);
        self.forward(n)?;
        let last = self.layers.len() - 1;
        let k = self.layers[last].units;
        let shape = Shape::dense(n, k);
        let key = mix64(self.seed() ^ COTANGENT_STREAM);
        RandomNormal::new(0.0, 1.0)
            .and_then(|init| init.fill_keyed(&mut self.ws.d[last][..n * k], &shape, key))
            .map_err(|source| NnError::Init {
                layer: last,
                param: "cotangent",
                source,
            })?;
        self.backward(n)?;
        Ok(self.measure(n, limits))
    }

    /// [`Sequential::diagnose`], and the gradients of the real loss against `y`,
    /// in [`Diagnosis::loss_gradients`] ([`Sequential::gradients`]). The layers'
    /// measurements and the verdict are those of the random cotangent.
    ///
    /// # Errors
    /// As [`Sequential::diagnose`] and [`Sequential::gradients`].
    ///
    /// # Example
    /// ```
    /// use nninit::nn::{Activation, Dense, Loss, Sequential, Sgd};
    /// let mut m = Sequential::<f64>::new(2, 1);
    /// m.push(Dense::new(8, Activation::Relu).kernel_initializer(nninit::HeUniform))?;
    /// m.push(Dense::new(2, Activation::Softmax))?;
    /// m.compile(Loss::CategoricalCrossentropy, Sgd::default())?;
    /// let x = [1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
    /// let d = m.diagnose_with_targets(&x, &[0usize, 1, 0][..])?;
    /// let g = d.loss_gradients.expect("asked for");
    /// assert_eq!(g.kernels[0].len(), 16);
    /// assert!(g.loss > 0.0);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn diagnose_with_targets<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
    ) -> Result<Diagnosis<T>, NnError> {
        let gradients = self.gradients(x, y)?;
        let mut d = self.diagnose(x)?;
        d.loss_gradients = Some(gradients);
        Ok(d)
    }

    /// The measurements of the workspace's first `n` rows after a forward and a
    /// backward pass, and the verdict.
    fn measure(&self, n: usize, limits: &TrainabilityLimits) -> Diagnosis<T> {
        let ws = &self.ws;
        let d = self.input_dim;
        let input = &ws.x[..n * d];
        let input_mean_square = mean_square(input);
        let input_correlation = correlation(input, d, n);
        let mut previous = input_mean_square;
        let mut layers = Vec::with_capacity(self.layers.len());
        for (l, layer) in self.layers.iter().enumerate() {
            let m = layer.units;
            let z = &ws.z[l][..n * m];
            let (mean, variance) = moments(z);
            let here = mean_square(z);
            layers.push(LayerDiagnosis {
                mean,
                variance,
                dead_fraction: dead_fraction(layer.activation, z, m),
                saturated_fraction: saturated_fraction(layer.activation, z),
                gradient_norm: mean_square(&ws.gw[l]).sqrt() * len_f64(ws.gw[l].len()).sqrt(),
                delta_mean_square: mean_square(&ws.d[l][..n * m]),
                correlation: correlation(z, m, n),
                gain: here / previous,
            });
            previous = here;
        }
        let verdict = self.verdict(&layers, n, input_correlation, limits);
        Diagnosis {
            layers,
            input_mean_square,
            input_correlation,
            loss_gradients: None,
            verdict,
        }
    }

    /// The checks, in order: symmetry, non-finite values, a dead layer, the
    /// signal, the gradient, the correlation.
    fn verdict(
        &self,
        layers: &[LayerDiagnosis],
        n: usize,
        input_correlation: f64,
        limits: &TrainabilityLimits,
    ) -> Result<(), TrainabilityError> {
        check_network(&self.layer_views())
            .map_err(|source| TrainabilityError::Symmetric { source })?;
        for (l, layer) in self.layers.iter().enumerate() {
            let m = layer.units;
            let ws = &self.ws;
            for (what, values) in [
                ("pre-activations", &ws.z[l][..n * m]),
                ("gradients", &ws.d[l][..n * m]),
            ] {
                if let Some((index, value)) = first_non_finite(values) {
                    return Err(TrainabilityError::NonFinite {
                        layer: l,
                        what,
                        sample: index / m,
                        value: wide(value),
                    });
                }
            }
        }
        let last = layers.len() - 1;
        for (l, d) in layers.iter().enumerate() {
            if d.dead_fraction >= limits.max_dead_fraction {
                return Err(TrainabilityError::DeadLayer {
                    layer: l,
                    dead_fraction: d.dead_fraction,
                    limit: limits.max_dead_fraction,
                });
            }
        }
        let first = layers[0].variance + layers[0].mean * layers[0].mean;
        for (l, d) in layers.iter().enumerate().skip(1) {
            let ratio = (d.variance + d.mean * d.mean) / first;
            if !(ratio >= limits.min_signal_gain) {
                return Err(TrainabilityError::VanishingSignal {
                    layer: l,
                    ratio,
                    limit: limits.min_signal_gain,
                });
            }
            if !(ratio <= limits.max_signal_gain) {
                return Err(TrainabilityError::ExplodingSignal {
                    layer: l,
                    ratio,
                    limit: limits.max_signal_gain,
                });
            }
        }
        let out = layers[last].delta_mean_square;
        for (l, d) in layers.iter().enumerate().take(last) {
            let ratio = d.delta_mean_square / out;
            if !(ratio >= limits.min_gradient_gain) {
                return Err(TrainabilityError::VanishingGradient {
                    layer: l,
                    ratio,
                    limit: limits.min_gradient_gain,
                });
            }
            if !(ratio <= limits.max_gradient_gain) {
                return Err(TrainabilityError::ExplodingGradient {
                    layer: l,
                    ratio,
                    limit: limits.max_gradient_gain,
                });
            }
        }
        if n > 1 && last > 0 {
            let c = layers[last - 1].correlation;
            if !(c <= limits.max_correlation) {
                return Err(TrainabilityError::CorrelationCollapse {
                    layer: last - 1,
                    correlation: c,
                    input_correlation,
                    limit: limits.max_correlation,
                });
            }
        }
        Ok(())
    }
}

/// `len` as `f64` (exact below 2⁵³).
#[allow(clippy::cast_precision_loss)]
fn len_f64(len: usize) -> f64 {
    len as f64
}

/// The mean of `v²`, in `f64`.
fn mean_square<T: Real>(v: &[T]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.iter().map(|&x| wide(x) * wide(x)).sum::<f64>() / len_f64(v.len())
}

/// The mean and the variance of `v`, in `f64`.
fn moments<T: Real>(v: &[T]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let len = len_f64(v.len());
    let mean = v.iter().map(|&x| wide(x)).sum::<f64>() / len;
    let var = v.iter().map(|&x| (wide(x) - mean).powi(2)).sum::<f64>() / len;
    (mean, var)
}

/// The fraction of ReLU units never active over the rows of `z`.
fn dead_fraction<T: Real>(activation: Activation, z: &[T], width: usize) -> f64 {
    if activation != Activation::Relu || width == 0 {
        return 0.0;
    }
    let mut alive = vec![false; width];
    for row in z.chunks_exact(width) {
        for (a, &v) in alive.iter_mut().zip(row) {
            *a |= v > T::zero();
        }
    }
    len_f64(alive.iter().filter(|&&a| !a).count()) / len_f64(width)
}

/// The fraction of pre-activations where tanh's or the sigmoid's derivative is
/// below 1 %.
fn saturated_fraction<T: Real>(activation: Activation, z: &[T]) -> f64 {
    let bound = match activation {
        Activation::Tanh => 3.0,
        Activation::Sigmoid => 6.0,
        _ => return 0.0,
    };
    if z.is_empty() {
        return 0.0;
    }
    len_f64(z.iter().filter(|&&v| wide(v).abs() > bound).count()) / len_f64(z.len())
}

/// The mean cosine similarity between pairs of the first 64 rows of `v`; 1 for a
/// pair of zero rows (indistinguishable), and 1 when there is one row.
fn correlation<T: Real>(v: &[T], width: usize, rows: usize) -> f64 {
    let r = rows.min(CORRELATION_SAMPLES);
    if r < 2 || width == 0 {
        return 1.0;
    }
    let row = |i: usize| &v[i * width..(i + 1) * width];
    let norms: Vec<f64> = (0..r).map(|i| mean_square(row(i)).sqrt()).collect();
    let (mut sum, mut pairs) = (0.0, 0usize);
    for i in 0..r {
        for j in i + 1..r {
            let dot = row(i)
                .iter()
                .zip(row(j))
                .map(|(&a, &b)| wide(a) * wide(b))
                .sum::<f64>()
                / len_f64(width);
            let den = norms[i] * norms[j];
            sum += if den > 0.0 { dot / den } else { 1.0 };
            pairs += 1;
        }
    }
    sum / len_f64(pairs)
}
