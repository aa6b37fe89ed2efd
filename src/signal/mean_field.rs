//! `MeanField`: the variance and correlation maps of one layer, their fixed point
//! and the slope `χ₁` there.

// σ_w² and σ_b², as the papers write them.
#![allow(clippy::similar_names)]

use super::activation::{Activation, piecewise_linear_kernel};
use super::forecast::LayerSpec;
use super::phase::Phase;
use crate::{Init, InitError, Nonlinearity, Shape};

/// Below this, a fixed point of a map with `V(0) = 0` counts as 0.
const Q_FLOOR: f64 = 1e-12;

/// Within this of 1, `V(1)` counts as 1: the start is a fixed point.
const START_FIXED: f64 = 1e-12;

/// Above this (times `max(1, σ_b²)`), a variance that is still growing under an
/// unbounded `φ` counts as infinite.
const Q_CEILING: f64 = 1e100;

/// The mean-field theory of a deep, wide network whose layers all have the same
/// nonlinearity, weight variance and bias variance: how the variance of a
/// pre-activation, and the correlation between two inputs, propagate from layer
/// to layer, and whether gradients vanish, survive or explode.
///
/// A layer computes `hˡ = Wˡ·φ(hˡ⁻¹) + bˡ` with independent weights of mean 0 and
/// variance `σ_w²/fan_in` and biases of variance `σ_b²`. For wide layers each
/// pre-activation is Gaussian, and its variance `qˡ` follows the *variance map*
///
/// `qˡ = V(qˡ⁻¹) = σ_w²·E[φ(√qˡ⁻¹·z)²] + σ_b²`, `z ~ N(0, 1)`,
///
/// to a fixed point `q* = V(q*)` ([`q_star`](MeanField::q_star)). There the slope
/// of the *correlation map* at `c = 1`,
///
/// `χ₁ = σ_w²·E[φ′(√q*·z)²]` ([`chi_1`](MeanField::chi_1)),
///
/// decides the [`Phase`]: below 1 ordered, 1 critical, above 1 chaotic.
///
/// # The fixed point
/// `q*` is the limit of `V` iterated from `q = 1`, an input of unit variance.
/// For every nonlinearity but two the limit does not depend on where the
/// iteration starts (for `q > 0`): `V` is increasing with at most one stable fixed
/// point above 0. GELU and SiLU are the exceptions: `φ′(0) = ½`, so for
/// `2 < σ_w² < 4` and small `σ_b²` small variances decay to 0 while large ones
/// grow, and the start decides; [`forecast`](super::forecast) iterates from the
/// input's own variance. When 1 is itself a fixed point (`|V(1) − 1| ≤ 10⁻¹²`),
/// `q* = 1`, even if it is unstable, as it is for GELU and SiLU at
/// `σ_w² = gain²`, whose gains are chosen so that `V(1) = 1`.
///
/// For the piecewise-linear nonlinearities (the identity and the convolutions,
/// ReLU, leaky ReLU) `V(q) = g·q + σ_b²` is affine, with the variance gain
/// `g = σ_w²·(pos² + neg²)/2` ([`variance_gain`](MeanField::variance_gain)): `q*`
/// is `σ_b²/(1 − g)` for `g < 1` and infinite for `g > 1` (or `g = 1` and
/// `σ_b² > 0`). At `g = 1` and `σ_b² = 0` every `q` is a fixed point, and `q_star`
/// returns 1, where it started. In each case `χ₁ = g`, whatever `q*`: ReLU at
/// `σ_w² = 2` (He) is exactly critical.
///
/// A `q*` that is infinite is reported as `f64::INFINITY`, and `χ₁` is then the
/// limit of `σ_w²·E[φ′(√q·z)²]` (`σ_w²/2` for GELU and SiLU, `σ_w²·λ²/2` for
/// SELU). For an unbounded `φ`, a variance still growing past `10¹⁰⁰·max(1, σ_b²)`
/// counts as infinite (tanh's and the sigmoid's `q*` are always finite, below
/// `V(∞)`). A `q*` below 10⁻¹² of a map with `V(0) = 0` is reported as 0.
///
/// # Computation
/// Closed forms for the piecewise-linear nonlinearities; for tanh, the sigmoid,
/// SELU, GELU and SiLU, composite Gauss–Legendre quadrature in `f64` on panels
/// graded towards `z = 0` at the scale `1/√q`, checked against closed forms (SELU,
/// GELU's second moment, ReLU's arc-cosine kernel) to 10⁻¹². `q*` is found by
/// stepping from 1 by factors of 4 towards the fixed point until `V(q) − q`
/// changes sign, then bisecting to rounding.
///
/// # Example
/// ```
/// use nninit::signal::{MeanField, Phase};
/// use nninit::Nonlinearity;
///
/// // He's ReLU initialization is the critical point.
/// let he = MeanField::new(Nonlinearity::Relu, 2.0, 0.0)?;
/// assert_eq!(he.chi_1(), 1.0);
/// assert_eq!(he.phase(), Phase::Critical);
///
/// // Tanh with a bias: a finite fixed point, ordered.
/// let tanh = MeanField::new(Nonlinearity::Tanh, 1.0, 0.05)?;
/// let q = tanh.q_star();
/// assert!((tanh.variance_map(q) - q).abs() < 1e-12);
/// assert!(matches!(tanh.phase(), Phase::Ordered { .. }));
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # References
/// - B. Poole, S. Lahiri, M. Raghu, J. Sohl-Dickstein, S. Ganguli, "Exponential
///   expressivity in deep neural networks through transient chaos", NeurIPS 2016,
///   <https://arxiv.org/abs/1606.05340>: the variance map, `q*`, the correlation
///   map and `χ₁`.
/// - S. Schoenholz, J. Gilmer, S. Ganguli, J. Sohl-Dickstein, "Deep Information
///   Propagation", ICLR 2017, <https://arxiv.org/abs/1611.01232>: the depth scales
///   and the gradient's `χ₁`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeanField {
    nonlinearity: Nonlinearity,
    activation: Activation,
    sigma_w2: f64,
    sigma_b2: f64,
    q_star: f64,
    chi_1: f64,
}

impl MeanField {
    /// The mean field of `nonlinearity` with weight variance `σ_w² = sigma_w2`
    /// (that is, `fan_in·Var(W)`) and bias variance `σ_b² = sigma_b2`; a leaky ReLU
    /// has PyTorch's default slope 0.01 (see [`MeanField::with_param`]).
    ///
    /// # Errors
    /// [`InitError::NonPositive`] when `!(sigma_w2 > 0)`, [`InitError::NonFinite`]
    /// when it is infinite or `sigma_b2` is NaN or infinite,
    /// [`InitError::OutOfRange`] when `sigma_b2 < 0`.
    ///
    /// ```
    /// use nninit::{InitError, Nonlinearity};
    /// use nninit::signal::MeanField;
    /// let bad = MeanField::new(Nonlinearity::Tanh, 0.0, 0.0);
    /// assert!(matches!(bad, Err(InitError::NonPositive { .. })));
    /// assert!(MeanField::new(Nonlinearity::Tanh, 1.0, -0.1).is_err());
    /// ```
    pub fn new(
        nonlinearity: Nonlinearity,
        sigma_w2: f64,
        sigma_b2: f64,
    ) -> Result<Self, InitError> {
        Self::with_param(nonlinearity, None, sigma_w2, sigma_b2)
    }

    /// As [`MeanField::new`], with the leaky ReLU's negative slope `param` (ignored
    /// by the others, as in [`gain`](crate::gain)).
    ///
    /// # Errors
    /// Those of [`MeanField::new`], and [`InitError::NonFinite`] for a NaN or
    /// infinite slope.
    ///
    /// ```
    /// use nninit::{gain, Nonlinearity};
    /// use nninit::signal::{MeanField, Phase};
    /// // The leaky ReLU's critical σ_w² is its gain squared, 2/(1 + s²).
    /// let g = gain(Nonlinearity::LeakyRelu, Some(0.2))?;
    /// let mf = MeanField::with_param(Nonlinearity::LeakyRelu, Some(0.2), g * g, 0.0)?;
    /// assert_eq!(mf.phase(), Phase::Critical);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn with_param(
        nonlinearity: Nonlinearity,
        param: Option<f64>,
        sigma_w2: f64,
        sigma_b2: f64,
    ) -> Result<Self, InitError> {
        if sigma_w2.is_infinite() {
            return Err(InitError::NonFinite {
                name: "sigma_w2",
                value: sigma_w2,
            });
        }
        if !(sigma_w2 > 0.0) {
            return Err(InitError::NonPositive {
                name: "sigma_w2",
                value: sigma_w2,
                hint: "pass fan_in·Var(W), such as 2 for He's initialization; a zero \
                       kernel propagates nothing but its bias",
            });
        }
        check_bias_variance(sigma_b2)?;
        let activation = Activation::new(nonlinearity, param)?;
        Ok(Self::unchecked(
            nonlinearity,
            activation,
            sigma_w2,
            sigma_b2,
        ))
    }

    /// The mean field of a layer whose kernel `init` fills a weight of `shape` and
    /// whose bias `bias` fills its `shape.units()` biases: `σ_w² = fan_in·E[W²]`
    /// and `σ_b² = E[b²]`, from the initializers' own distributions on that shape
    /// (see [`LayerSpec::weight_variance`] and [`LayerSpec::bias_variance`]). A
    /// leaky ReLU has the slope 0.01; use [`LayerSpec::mean_field`] for another.
    ///
    /// # Errors
    /// Those of [`LayerSpec::weight_variance`] and [`LayerSpec::bias_variance`],
    /// and [`InitError::NonPositive`] for a zero kernel.
    ///
    /// ```
    /// use nninit::{HeNormal, Nonlinearity, Shape, TorchDefault, Zeros};
    /// use nninit::signal::{MeanField, Phase};
    ///
    /// let shape = Shape::dense(512, 512);
    /// let he = MeanField::of(&HeNormal, &shape, Nonlinearity::Relu, &Zeros)?;
    /// assert_eq!(he.phase(), Phase::Critical);
    /// // PyTorch's unasked default, fan_in·Var(W) = 1/3: each ReLU layer divides
    /// // the variance by 6.
    /// let torch = MeanField::of(&TorchDefault, &Shape::from_torch(&[512, 512]), Nonlinearity::Relu, &Zeros)?;
    /// assert!((torch.chi_1() - 1.0 / 6.0).abs() < 1e-15);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn of(
        init: &(impl Into<Init> + Copy),
        shape: &Shape,
        nonlinearity: Nonlinearity,
        bias: &(impl Into<Init> + Copy),
    ) -> Result<Self, InitError> {
        LayerSpec::new(*init, *bias, *shape, nonlinearity).mean_field()
    }

    /// Builds the mean field of parameters already checked (`sigma_w2` may be 0).
    pub(crate) fn unchecked(
        nonlinearity: Nonlinearity,
        activation: Activation,
        sigma_w2: f64,
        sigma_b2: f64,
    ) -> Self {
        let q_star = fixed_point(activation, sigma_w2, sigma_b2);
        let chi_1 = sigma_w2 * activation.slope_moment(q_star);
        MeanField {
            nonlinearity,
            activation,
            sigma_w2,
            sigma_b2,
            q_star,
            chi_1,
        }
    }

    /// The nonlinearity.
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// assert_eq!(MeanField::new(Nonlinearity::Selu, 1.0, 0.0)?.nonlinearity(), Nonlinearity::Selu);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn nonlinearity(&self) -> Nonlinearity {
        self.nonlinearity
    }

    /// `σ_w² = fan_in·Var(W)`.
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// assert_eq!(MeanField::new(Nonlinearity::Tanh, 1.5, 0.0)?.sigma_w2(), 1.5);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn sigma_w2(&self) -> f64 {
        self.sigma_w2
    }

    /// `σ_b² = E[b²]`.
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// assert_eq!(MeanField::new(Nonlinearity::Tanh, 1.5, 0.25)?.sigma_b2(), 0.25);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn sigma_b2(&self) -> f64 {
        self.sigma_b2
    }

    /// The variance map `V(q) = σ_w²·E[φ(√q·z)²] + σ_b²`: the variance of a layer's
    /// pre-activations when the previous layer's have variance `q` (NaN for a
    /// negative or NaN `q`; `q = ∞` gives the limit).
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// let relu = MeanField::new(Nonlinearity::Relu, 2.0, 0.1)?;
    /// assert_eq!(relu.variance_map(3.0), 3.1); // 2·(3/2) + 0.1
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn variance_map(&self, q: f64) -> f64 {
        if !(q >= 0.0) {
            return f64::NAN;
        }
        variance_map(self.activation, self.sigma_w2, self.sigma_b2, q)
    }

    /// The fixed point `q*` of the variance map reached from `q = 1` (see the
    /// type's documentation for the cases where it is 0, infinite, or every `q`).
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// let relu = MeanField::new(Nonlinearity::Relu, 1.0, 0.5)?;
    /// assert_eq!(relu.q_star(), 1.0); // 0.5/(1 − 1/2)
    /// let tanh = MeanField::new(Nonlinearity::Tanh, 2.0, 0.0)?;
    /// assert!(tanh.q_star() > 0.0 && (tanh.variance_map(tanh.q_star()) / tanh.q_star() - 1.0).abs() < 1e-13);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn q_star(&self) -> f64 {
        self.q_star
    }

    /// `χ₁ = σ_w²·E[φ′(√q*·z)²]`: the slope of the correlation map at `c = 1`, the
    /// factor by which a layer stretches a small difference between two inputs,
    /// and the factor by which it multiplies a back-propagated gradient's squared
    /// norm. Below 1 ordered, 1 critical, above 1 chaotic.
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// // Tanh without bias is critical at σ_w² = 1, not at PyTorch's gain² = 25/9.
    /// assert_eq!(MeanField::new(Nonlinearity::Tanh, 1.0, 0.0)?.chi_1(), 1.0);
    /// assert!(MeanField::new(Nonlinearity::Tanh, 25.0 / 9.0, 0.0)?.chi_1() > 1.2);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn chi_1(&self) -> f64 {
        self.chi_1
    }

    /// `χ(q) = σ_w²·E[φ′(√q·z)²]`, the gradient factor of a layer whose inputs'
    /// pre-activations have variance `q`; [`chi_1`](MeanField::chi_1) is `χ(q*)`.
    /// NaN for a negative or NaN `q`.
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// let tanh = MeanField::new(Nonlinearity::Tanh, 1.0, 0.0)?;
    /// assert!(tanh.chi(4.0) < tanh.chi(0.25)); // saturated units pass less gradient
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn chi(&self, q: f64) -> f64 {
        if !(q >= 0.0) {
            return f64::NAN;
        }
        self.sigma_w2 * self.activation.slope_moment(q)
    }

    /// The phase, by `χ₁`, with its depth scale `1/|ln χ₁|` (see [`Phase`]).
    ///
    /// ```
    /// use nninit::{signal::{MeanField, Phase}, Nonlinearity};
    /// let p = MeanField::new(Nonlinearity::Relu, 4.0, 0.0)?.phase();
    /// assert_eq!(p, Phase::Chaotic { depth_scale: 1.0 / 2f64.ln() });
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn phase(&self) -> Phase {
        // χ₁ is finite and non-negative for checked parameters.
        Phase::from_chi(self.chi_1).unwrap_or(Phase::Critical)
    }

    /// For the piecewise-linear nonlinearities, whose variance map is affine,
    /// `V(q) = g·q + σ_b²`, the variance gain `g = σ_w²·(pos² + neg²)/2` per layer;
    /// `None` for the others.
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// let relu = MeanField::new(Nonlinearity::Relu, 1.0 / 3.0, 0.0)?;
    /// assert_eq!(relu.variance_gain(), Some(1.0 / 6.0));
    /// assert_eq!(MeanField::new(Nonlinearity::Tanh, 1.0, 0.0)?.variance_gain(), None);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn variance_gain(&self) -> Option<f64> {
        self.activation
            .homogeneous_gain()
            .map(|g| self.sigma_w2 * g)
    }

    /// The depth scale of the variance, `ξ_q = 1/|ln V′(q*)|`: the number of
    /// layers over which `qˡ` closes on `q*` by a factor `e` (Schoenholz et al.,
    /// eq. 5), or, when `q*` is infinite, grows by `e`. Infinite where
    /// `V′(q*) = 1`.
    ///
    /// `V′(q) = σ_w²·E[φ′(√q·z)² + φ(√q·z)·φ″(√q·z)]`, so `ξ_q` differs from the
    /// correlation depth scale `1/|ln χ₁|` by the curvature term.
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// let relu = MeanField::new(Nonlinearity::Relu, 1.0, 0.1)?;
    /// assert_eq!(relu.variance_depth_scale(), 1.0 / 2f64.ln()); // V′ = 1/2
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn variance_depth_scale(&self) -> f64 {
        // V′ ≥ 0: V is increasing; a rounding below 0 is 0.
        let slope = self.sigma_w2 * self.activation.second_moment_slope(self.q_star);
        1.0 / slope.max(0.0).ln().abs()
    }

    /// The correlation map at the fixed point:
    ///
    /// `C(c) = (σ_w²·E[φ(u₁)·φ(u₂)] + σ_b²) / q*`,
    ///
    /// with `u₁, u₂` centred Gaussians of variance `q*` and correlation `c`: the
    /// correlation of two inputs' pre-activations one layer on, when theirs is `c`.
    /// `C(1) = 1`, and `C′(1) = χ₁`. Where `q*` is 0 or infinite, `C` is the limit
    /// of the per-layer map as `q` tends there (for `q* = 0`, the identity, since
    /// `φ` is linear near 0). NaN for `c` outside `[−1, 1]`.
    ///
    /// For the piecewise-linear nonlinearities, a closed form (for ReLU, Cho and
    /// Saul's arc-cosine kernel); for the others, nested quadrature, which takes a
    /// few hundred thousand evaluations of `φ`.
    ///
    /// ```
    /// use nninit::{signal::MeanField, Nonlinearity};
    /// // ReLU at criticality: C(0) = 1/π, so orthogonal inputs become correlated.
    /// let he = MeanField::new(Nonlinearity::Relu, 2.0, 0.0)?;
    /// assert!((he.correlation_map(0.0) - 1.0 / std::f64::consts::PI).abs() < 1e-15);
    /// assert_eq!(he.correlation_map(1.0), 1.0);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    #[allow(clippy::many_single_char_names)] // c, w, b, q, k as in the formula
    pub fn correlation_map(&self, c: f64) -> f64 {
        if !(c.abs() <= 1.0) {
            return f64::NAN;
        }
        let (w, b, q) = (self.sigma_w2, self.sigma_b2, self.q_star);
        if let Activation::Linear2 { pos, neg } = self.activation {
            let k = |c| piecewise_linear_kernel(pos, neg, c);
            if b == 0.0 || q.is_infinite() {
                return k(c) / k(1.0);
            }
            return (w * q * k(c) + b) / (w * q * k(1.0) + b);
        }
        if q == 0.0 {
            return c;
        }
        if q.is_infinite() {
            let (pos, neg) = self.activation.slopes_at_infinity();
            return piecewise_linear_kernel(pos, neg, c) / piecewise_linear_kernel(pos, neg, 1.0);
        }
        // Exactly 1: the map's fixed point, whatever rounding the quadrature has.
        #[allow(clippy::float_cmp)]
        if c == 1.0 {
            return 1.0;
        }
        (w * self.activation.cross_moment(q, c) + b) / q
    }
}

/// Checks `σ_b² ≥ 0` and finite.
pub(crate) fn check_bias_variance(sigma_b2: f64) -> Result<f64, InitError> {
    if sigma_b2.is_nan() || sigma_b2.is_infinite() {
        return Err(InitError::NonFinite {
            name: "sigma_b2",
            value: sigma_b2,
        });
    }
    if !(sigma_b2 >= 0.0) {
        return Err(InitError::OutOfRange {
            name: "sigma_b2",
            value: sigma_b2,
            allowed: "[0, ∞): E[b²], 0 for a zero bias",
        });
    }
    Ok(sigma_b2)
}

/// `V(q) = σ_w²·E[φ(√q·z)²] + σ_b²`, with `0·∞` read as 0 (a zero kernel).
pub(crate) fn variance_map(activation: Activation, sigma_w2: f64, sigma_b2: f64, q: f64) -> f64 {
    if sigma_w2 == 0.0 {
        return sigma_b2;
    }
    sigma_w2 * activation.second_moment(q) + sigma_b2
}

/// The fixed point of `V` reached from `q = 1` (see [`MeanField`]).
fn fixed_point(activation: Activation, w: f64, b: f64) -> f64 {
    if let Some(g) = activation.homogeneous_gain() {
        let g = w * g;
        return match (g < 1.0, g > 1.0, b == 0.0) {
            (true, _, _) => b / (1.0 - g),
            (_, true, _) | (false, false, false) => f64::INFINITY,
            (false, false, true) => 1.0,
        };
    }
    let v = |q: f64| variance_map(activation, w, b, q);
    let f = |q: f64| v(q) - q;
    let f1 = f(1.0);
    if f1.abs() <= START_FIXED {
        return 1.0;
    }
    // A bracket [lo, hi] with f(lo) ≥ 0 ≥ f(hi), the fixed point nearest 1 in the
    // direction the iteration moves.
    let (mut lo, mut hi) = if f1 < 0.0 {
        // Downwards, no further than V(0) = σ_w²·φ(0)² + σ_b², which V maps
        // above itself.
        let floor = v(0.0);
        let mut hi = 1.0;
        loop {
            let lo = hi / 4.0;
            if lo <= floor {
                if f(floor) <= 0.0 {
                    return floor;
                }
                break (floor, hi);
            }
            if floor == 0.0 && lo < Q_FLOOR {
                return 0.0;
            }
            if f(lo) >= 0.0 {
                break (lo, hi);
            }
            hi = lo;
        }
    } else {
        // Upwards, to the fixed point below V(∞) for a bounded φ, or until the
        // variance is far beyond any σ_b² and counts as infinite.
        let ceiling = if v(f64::INFINITY).is_finite() {
            f64::INFINITY
        } else {
            Q_CEILING * b.max(1.0)
        };
        let mut lo = 1.0;
        loop {
            let hi = lo * 4.0;
            if hi > ceiling || !hi.is_finite() {
                return f64::INFINITY;
            }
            if f(hi) <= 0.0 {
                break (lo, hi);
            }
            lo = hi;
        }
    };
    while hi - lo > 2.0 * f64::EPSILON * hi {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) >= 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests;
