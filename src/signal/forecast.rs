//! `forecast`: the variance of every layer of a network, and the gradient's gain
//! through it, from its initializers alone.

use super::activation::Activation;
use super::mean_field::{MeanField, check_bias_variance};
use crate::{Init, InitError, Nonlinearity, Shape};

/// One layer of a network, as the forecast sees it: `h = W·x + b`, then `φ(h)`.
///
/// `init` fills the kernel `W` of `shape` (its layout says where `fan_in` comes
/// from), `bias` fills the `shape.units()` biases ([`Zeros`](crate::Zeros) for a layer without
/// bias), and `nonlinearity` is applied to the layer's output; `param` is the leaky
/// ReLU's negative slope (`None`: 0.01), as in [`gain`](crate::gain).
///
/// # Example
/// ```
/// use nninit::{HeUniform, Nonlinearity, Shape, Zeros};
/// use nninit::signal::LayerSpec;
///
/// let layer = LayerSpec::new(HeUniform, Zeros, Shape::dense(256, 128), Nonlinearity::Relu);
/// assert!((layer.weight_variance()? - 2.0).abs() < 1e-15);
/// assert_eq!(layer.bias_variance()?, 0.0);
/// # Ok::<(), nninit::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerSpec {
    /// The kernel's initializer.
    pub init: Init,
    /// The bias's initializer.
    pub bias: Init,
    /// The kernel's shape.
    pub shape: Shape,
    /// The nonlinearity applied to the layer's output.
    pub nonlinearity: Nonlinearity,
    /// The leaky ReLU's negative slope; `None` for PyTorch's 0.01.
    pub param: Option<f64>,
}

impl LayerSpec {
    /// A layer with kernel `init`, bias `bias`, kernel shape `shape` and
    /// `nonlinearity` (a leaky ReLU with slope 0.01).
    ///
    /// ```
    /// use nninit::{GlorotUniform, Init, Nonlinearity, Shape, Zeros};
    /// use nninit::signal::LayerSpec;
    /// let l = LayerSpec::new(GlorotUniform, Zeros, Shape::dense(4, 4), Nonlinearity::Tanh);
    /// assert_eq!(l.init, Init::from(GlorotUniform));
    /// ```
    #[must_use]
    pub fn new(
        init: impl Into<Init>,
        bias: impl Into<Init>,
        shape: Shape,
        nonlinearity: Nonlinearity,
    ) -> Self {
        LayerSpec {
            init: init.into(),
            bias: bias.into(),
            shape,
            nonlinearity,
            param: None,
        }
    }

    /// The same layer with the leaky ReLU's negative slope `slope`.
    ///
    /// ```
    /// use nninit::{HeNormal, Nonlinearity, Shape, Zeros};
    /// use nninit::signal::LayerSpec;
    /// let l = LayerSpec::new(HeNormal, Zeros, Shape::dense(8, 8), Nonlinearity::LeakyRelu).with_param(0.2);
    /// assert_eq!(l.param, Some(0.2));
    /// ```
    #[must_use]
    pub fn with_param(mut self, slope: f64) -> Self {
        self.param = Some(slope);
        self
    }

    /// `σ_w² = fan_in·E[W²]`: the kernel's mean square element times the number of
    /// inputs each unit sums, from the initializer's own distribution on `shape`.
    ///
    /// For an initializer that draws elements independently, `E[W²]` is its
    /// distribution's (a truncated normal's exactly, from its bounds; `(b − a)²/12`
    /// for `U(a, b)`). For one that fills by structure it is the mean over the
    /// elements: an orthogonal kernel flattened to `r × c` has
    /// `gain²·min(r, c)` spread over `r·c` elements, so
    /// `σ_w² = gain²·fan_in/max(r, c)` (the gain squared for a square dense
    /// kernel); a delta-orthogonal one `gain²·in/out`; a sparse one keeps the
    /// share `1 − ⌈sparsity·units⌉/units` of its `std²`. An orthogonal kernel's
    /// pre-activations are Gaussian in the wide limit like a random one's, and
    /// follow the same variance map (Pennington et al. 2017).
    ///
    /// # Errors
    /// [`InitError::NoMeanField`] for [`Identity`](crate::Identity) and
    /// [`Dirac`](crate::Dirac) kernels, which pass each unit one input;
    /// [`InitError::NonZeroMeanKernel`] for a kernel with `E[W] ≠ 0` (a non-zero
    /// constant, `U(0, 1)`); [`InitError::NonFinite`] when `σ_w²` overflows; and
    /// the errors of a fill of `shape`.
    ///
    /// ```
    /// use nninit::{LecunNormal, Nonlinearity, Orthogonal, Shape, Zeros};
    /// use nninit::signal::LayerSpec;
    /// // Keras's truncated lecun_normal: Var(W) = 1/fan_in after truncation.
    /// let l = LayerSpec::new(LecunNormal, Zeros, Shape::dense(300, 100), Nonlinearity::Tanh);
    /// assert!((l.weight_variance()? - 1.0).abs() < 1e-15);
    /// // An orthogonal 300 × 100 kernel: 100 unit columns over 30 000 elements.
    /// let o = LayerSpec::new(Orthogonal::new(2.0)?, Zeros, Shape::dense(300, 100), Nonlinearity::Tanh);
    /// assert!((o.weight_variance()? - 4.0).abs() < 1e-15);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn weight_variance(&self) -> Result<f64, InitError> {
        if matches!(self.init, Init::Identity(_) | Init::Dirac(_)) {
            return Err(InitError::NoMeanField {
                initializer: self.init.to_string(),
            });
        }
        let moments = self.init.moments(&self.shape)?;
        if !moments.mean_square.is_finite() {
            return Err(InitError::NonFinite {
                name: "E[W²]",
                value: moments.mean_square,
            });
        }
        if moments.mean != 0.0 {
            return Err(InitError::NonZeroMeanKernel {
                initializer: self.init.to_string(),
                mean: moments.mean,
            });
        }
        #[allow(clippy::cast_precision_loss)] // fans above 2^53 do not occur
        let fan_in = self.shape.fans()?.fan_in as f64;
        let sigma_w2 = fan_in * moments.mean_square;
        if !sigma_w2.is_finite() {
            return Err(InitError::NonFinite {
                name: "fan_in·E[W²]",
                value: sigma_w2,
            });
        }
        Ok(sigma_w2)
    }

    /// `σ_b² = E[b²]`, the bias's second moment (its variance plus its mean
    /// squared), from the bias initializer's distribution on the shape
    /// `[shape.units()]` (Keras layout, as Keras fills a bias).
    ///
    /// The mean field takes the bias to be `N(0, σ_b²)`, as Poole et al. do. That
    /// is exact for a zero-mean Gaussian bias and close for a small one of any
    /// distribution; a large constant bias shifts every unit alike, which the
    /// variance map does not see (for ReLU it changes the share of active units).
    ///
    /// # Errors
    /// Those of the bias's distribution on `[units]`, and [`InitError::NonFinite`]
    /// when `σ_b²` overflows.
    ///
    /// ```
    /// use nninit::{Constant, HeNormal, Nonlinearity, Shape};
    /// use nninit::signal::LayerSpec;
    /// let l = LayerSpec::new(HeNormal, Constant::new(0.1)?, Shape::dense(8, 8), Nonlinearity::Relu);
    /// assert!((l.bias_variance()? - 0.01).abs() < 1e-17);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn bias_variance(&self) -> Result<f64, InitError> {
        let shape = Shape::from_keras(&[self.shape.units()]);
        check_bias_variance(self.bias.moments(&shape)?.mean_square)
    }

    /// The layer's [`MeanField`]: a deep network of such layers.
    ///
    /// # Errors
    /// Those of [`weight_variance`](LayerSpec::weight_variance),
    /// [`bias_variance`](LayerSpec::bias_variance) and [`MeanField::with_param`]
    /// (which rejects a zero kernel).
    ///
    /// ```
    /// use nninit::{KaimingNormal, FanMode, Nonlinearity, Shape, Zeros};
    /// use nninit::signal::{LayerSpec, Phase};
    /// let kaiming = KaimingNormal::new(0.2, FanMode::FanIn, Nonlinearity::LeakyRelu)?;
    /// let l = LayerSpec::new(kaiming, Zeros, Shape::from_torch(&[64, 64]), Nonlinearity::LeakyRelu)
    ///     .with_param(0.2);
    /// assert_eq!(l.mean_field()?.phase(), Phase::Critical);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn mean_field(&self) -> Result<MeanField, InitError> {
        MeanField::with_param(
            self.nonlinearity,
            self.param,
            self.weight_variance()?,
            self.bias_variance()?,
        )
    }
}

/// What the mean field predicts for one layer of a [`Forecast`].
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct LayerForecast {
    /// `σ_w² = fan_in·E[W²]` of the layer's kernel.
    pub weight_variance: f64,
    /// `σ_b² = E[b²]` of the layer's bias.
    pub bias_variance: f64,
    /// `qˡ = σ_w²·mˡ⁻¹ + σ_b²`: the variance of the layer's pre-activations `h`.
    pub variance: f64,
    /// `mˡ = E[φ(√qˡ·z)²]`: the mean square of the layer's output `φ(h)`, which
    /// the next layer reads.
    pub second_moment: f64,
    /// `χˡ = σ_w²·E[φ′(√qˡ·z)²]`: the factor by which the layer multiplies the
    /// squared norm of a gradient passing back through it (and the mean square
    /// of a small change of its input passing forwards).
    pub chi: f64,
}

/// The mean-field forecast of a network: each layer's variance, and the
/// gradient's gain from the output back to the input.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Forecast {
    /// One entry per layer, in order.
    pub layers: Vec<LayerForecast>,
    /// `∏ χˡ`: the factor by which the squared norm of a gradient grows (above 1)
    /// or shrinks (below 1) from the network's output back to its input,
    /// `‖∂ℓ/∂x‖² ≈ gradient_gain·‖∂ℓ/∂y‖²`. Per unit, multiply by the output's
    /// width over the input's. 1 for a network without layers.
    pub gradient_gain: f64,
}

/// The mean-field forecast of a network of `layers`, fed inputs whose features
/// have mean square `input_variance` (`E[x²]`; 1 for standardised data).
///
/// Layer `l` reads the previous layer's output (the input `x` for the first) and
/// computes `h = W·x + b`, then `φ(h)`. The forecast iterates the variance map
/// from the input, layer by layer with each layer's own `σ_w²`, `σ_b²` and `φ`:
///
/// `q¹ = σ_w¹²·E[x²] + σ_b¹²`, `qˡ = σ_wˡ²·E[φˡ⁻¹(√qˡ⁻¹·z)²] + σ_bˡ²`,
///
/// and evaluates each layer's `χˡ = σ_wˡ²·E[φˡ′(√qˡ·z)²]` at its own `qˡ`, not at a
/// fixed point: a network is shallow compared with the depth over which `qˡ`
/// settles. The gradient's gain is the product of the `χˡ`: by the mean field's
/// independence of the weights from the activations, the mean squared singular
/// value of the network's input–output Jacobian, per input unit.
///
/// The shapes give each layer's fans only: they are not checked against each
/// other. A zero kernel ([`Zeros`](crate::Zeros)) is allowed here: its layer's output is its
/// bias, `χ = 0`, and the gradient's gain is 0, since no gradient reaches the
/// layers below it through it. (Its own weights still receive a gradient, which
/// is why a zero output layer trains.)
///
/// # Errors
/// [`InitError::OutOfRange`] or [`InitError::NonFinite`] for an `input_variance`
/// that is negative, NaN or infinite; for each layer, those of
/// [`LayerSpec::weight_variance`], [`LayerSpec::bias_variance`] and the
/// nonlinearity's parameter.
///
/// # Example
/// ```
/// use nninit::{HeNormal, Nonlinearity, Shape, TorchDefault, Zeros};
/// use nninit::signal::{forecast, LayerSpec};
///
/// // Ten ReLU layers of width 512 with PyTorch's default init shrink the variance
/// // sixfold per layer after the first; He's keep it.
/// let torch = LayerSpec::new(TorchDefault, Zeros, Shape::from_torch(&[512, 512]), Nonlinearity::Relu);
/// let he = LayerSpec { init: HeNormal.into(), ..torch };
/// let f = forecast(&[torch; 10], 1.0)?;
/// assert!((f.layers[9].variance - 1.0 / 3.0 / 6f64.powi(9)).abs() < 1e-15);
/// assert!((f.gradient_gain - 6f64.powi(-10)).abs() < 1e-20);
/// let f = forecast(&[he; 10], 1.0)?;
/// assert!(f.layers.iter().all(|l| (l.variance - 2.0).abs() < 1e-14));
/// assert!((f.gradient_gain - 1.0).abs() < 1e-14);
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # References
/// B. Poole et al., "Exponential expressivity in deep neural networks through
/// transient chaos", NeurIPS 2016, <https://arxiv.org/abs/1606.05340>;
/// S. Schoenholz et al., "Deep Information Propagation", ICLR 2017,
/// <https://arxiv.org/abs/1611.01232>.
pub fn forecast(layers: &[LayerSpec], input_variance: f64) -> Result<Forecast, InitError> {
    if input_variance.is_infinite() {
        return Err(InitError::NonFinite {
            name: "input_variance",
            value: input_variance,
        });
    }
    if !(input_variance >= 0.0) {
        return Err(InitError::OutOfRange {
            name: "input_variance",
            value: input_variance,
            allowed: "[0, ∞): the mean square of the input features",
        });
    }
    let mut out = Vec::with_capacity(layers.len());
    let mut incoming = input_variance;
    let mut gradient_gain = 1.0;
    for layer in layers {
        let w = layer.weight_variance()?;
        let b = layer.bias_variance()?;
        let act = Activation::new(layer.nonlinearity, layer.param)?;
        let q = if w == 0.0 { b } else { w * incoming + b };
        let second_moment = act.second_moment(q);
        let chi = if w == 0.0 {
            0.0
        } else {
            w * act.slope_moment(q)
        };
        gradient_gain *= chi;
        out.push(LayerForecast {
            weight_variance: w,
            bias_variance: b,
            variance: q,
            second_moment,
            chi,
        });
        incoming = second_moment;
    }
    Ok(Forecast {
        layers: out,
        gradient_gain,
    })
}
