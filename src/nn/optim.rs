//! `Sgd`, `Adam` and `Optimizer`: Keras's update rules.

use crate::Real;

use super::NnError;
use super::num::cast;

fn check(name: &'static str, value: f64, ok: bool, expected: &'static str) -> Result<(), NnError> {
    if ok {
        Ok(())
    } else {
        Err(NnError::InvalidHyperParameter {
            name,
            value,
            expected,
        })
    }
}

fn check_learning_rate(lr: f64) -> Result<(), NnError> {
    check(
        "learning_rate",
        lr,
        lr.is_finite() && lr > 0.0,
        "finite and > 0",
    )
}

/// Stochastic gradient descent with optional momentum, as Keras's `SGD`:
///
/// - without momentum, `w ← w − lr·g`;
/// - with momentum `μ`, `v ← μ·v − lr·g`, then `w ← w + v`, or with Nesterov
///   momentum `w ← w + μ·v − lr·g`.
///
/// ```
/// use nninit::nn::Sgd;
/// let sgd = Sgd::new(0.01, 0.9, true)?;
/// assert_eq!((sgd.learning_rate(), sgd.momentum(), sgd.nesterov()), (0.01, 0.9, true));
/// assert_eq!(Sgd::default().learning_rate(), 0.01);
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sgd {
    learning_rate: f64,
    momentum: f64,
    nesterov: bool,
}

impl Default for Sgd {
    /// Keras's defaults: learning rate 0.01, no momentum.
    fn default() -> Self {
        Sgd {
            learning_rate: 0.01,
            momentum: 0.0,
            nesterov: false,
        }
    }
}

impl Sgd {
    /// SGD with the given learning rate and momentum.
    ///
    /// # Errors
    /// [`NnError::InvalidHyperParameter`] unless `learning_rate` is finite and
    /// positive and `0 ≤ momentum < 1`.
    ///
    /// ```
    /// assert!(nninit::nn::Sgd::new(0.1, 1.0, false).is_err());
    /// ```
    pub fn new(learning_rate: f64, momentum: f64, nesterov: bool) -> Result<Self, NnError> {
        check_learning_rate(learning_rate)?;
        check(
            "momentum",
            momentum,
            (0.0..1.0).contains(&momentum),
            "in [0, 1)",
        )?;
        Ok(Sgd {
            learning_rate,
            momentum,
            nesterov,
        })
    }

    /// The learning rate.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Sgd::new(0.5, 0.0, false)?.learning_rate(), 0.5);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }

    /// The momentum.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Sgd::default().momentum(), 0.0);
    /// ```
    #[must_use]
    pub fn momentum(&self) -> f64 {
        self.momentum
    }

    /// Whether the momentum is Nesterov's.
    ///
    /// ```
    /// assert!(!nninit::nn::Sgd::default().nesterov());
    /// ```
    #[must_use]
    pub fn nesterov(&self) -> bool {
        self.nesterov
    }
}

/// Adam (Kingma & Ba, 2015) in Keras's form, with Keras's defaults (learning rate
/// 0.001, `β₁ = 0.9`, `β₂ = 0.999`, `ε = 1e-7`). At step `t = 1, 2, …`:
///
/// ```text
/// α ← lr·√(1 − β₂ᵗ) / (1 − β₁ᵗ)
/// m ← m + (g − m)·(1 − β₁)
/// v ← v + (g² − v)·(1 − β₂)
/// w ← w − α·m / (√v + ε)
/// ```
///
/// so its first step is `−lr·g / (|g| + ε/√(1 − β₂))`, close to `−lr·sign(g)`.
///
/// # References
/// D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
///
/// ```
/// use nninit::nn::Adam;
/// let adam = Adam::default();
/// assert_eq!(adam, Adam::new(0.001, 0.9, 0.999, 1e-7)?);
/// assert_eq!(adam.learning_rate(), 0.001);
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adam {
    learning_rate: f64,
    beta_1: f64,
    beta_2: f64,
    epsilon: f64,
}

impl Default for Adam {
    /// Keras's defaults.
    fn default() -> Self {
        Adam {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
        }
    }
}

impl Adam {
    /// Adam with the given hyper-parameters.
    ///
    /// # Errors
    /// [`NnError::InvalidHyperParameter`] unless `learning_rate` and `epsilon` are
    /// finite and positive and `0 ≤ β < 1` for both betas.
    ///
    /// ```
    /// assert!(nninit::nn::Adam::new(0.001, 0.9, 0.999, 0.0).is_err());
    /// ```
    pub fn new(
        learning_rate: f64,
        beta_1: f64,
        beta_2: f64,
        epsilon: f64,
    ) -> Result<Self, NnError> {
        check_learning_rate(learning_rate)?;
        check("beta_1", beta_1, (0.0..1.0).contains(&beta_1), "in [0, 1)")?;
        check("beta_2", beta_2, (0.0..1.0).contains(&beta_2), "in [0, 1)")?;
        check(
            "epsilon",
            epsilon,
            epsilon.is_finite() && epsilon > 0.0,
            "finite and > 0",
        )?;
        Ok(Adam {
            learning_rate,
            beta_1,
            beta_2,
            epsilon,
        })
    }

    /// Adam with Keras's defaults and the given learning rate.
    ///
    /// # Errors
    /// As [`Adam::new`].
    ///
    /// ```
    /// assert_eq!(nninit::nn::Adam::with_learning_rate(0.01)?.learning_rate(), 0.01);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn with_learning_rate(learning_rate: f64) -> Result<Self, NnError> {
        let d = Adam::default();
        Adam::new(learning_rate, d.beta_1, d.beta_2, d.epsilon)
    }

    /// The learning rate.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Adam::default().learning_rate(), 0.001);
    /// ```
    #[must_use]
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }

    /// `(β₁, β₂)`.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Adam::default().betas(), (0.9, 0.999));
    /// ```
    #[must_use]
    pub fn betas(&self) -> (f64, f64) {
        (self.beta_1, self.beta_2)
    }

    /// `ε`.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Adam::default().epsilon(), 1e-7);
    /// ```
    #[must_use]
    pub fn epsilon(&self) -> f64 {
        self.epsilon
    }
}

/// An optimizer: [`Sgd`] or [`Adam`].
///
/// ```
/// use nninit::nn::{Adam, Optimizer};
/// let opt: Optimizer = Adam::default().into();
/// assert_eq!(opt.learning_rate(), 0.001);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Optimizer {
    /// [`Sgd`].
    Sgd(Sgd),
    /// [`Adam`].
    Adam(Adam),
}

impl Default for Optimizer {
    /// Adam with Keras's defaults (Keras's `"adam"`).
    fn default() -> Self {
        Optimizer::Adam(Adam::default())
    }
}

impl From<Sgd> for Optimizer {
    fn from(o: Sgd) -> Self {
        Optimizer::Sgd(o)
    }
}

impl From<Adam> for Optimizer {
    fn from(o: Adam) -> Self {
        Optimizer::Adam(o)
    }
}

impl Optimizer {
    /// The learning rate.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Optimizer::from(nninit::nn::Sgd::default()).learning_rate(), 0.01);
    /// ```
    #[must_use]
    pub fn learning_rate(&self) -> f64 {
        match self {
            Optimizer::Sgd(o) => o.learning_rate,
            Optimizer::Adam(o) => o.learning_rate,
        }
    }

    /// How many state slots each parameter needs.
    pub(crate) fn slots(&self) -> usize {
        match self {
            Optimizer::Sgd(o) if o.momentum == 0.0 => 0,
            Optimizer::Sgd(_) => 1,
            Optimizer::Adam(_) => 2,
        }
    }

    /// The step's scalars, computed once for all parameters. `t` is the 1-based
    /// step.
    pub(crate) fn coefficients<T: Real>(&self, t: u64) -> Coefficients<T> {
        match *self {
            Optimizer::Sgd(o) => Coefficients {
                lr: cast(o.learning_rate),
                a: cast(o.momentum),
                b: T::zero(),
                alpha: T::zero(),
                eps: T::zero(),
            },
            Optimizer::Adam(o) => {
                let lr: T = cast(o.learning_rate);
                let (b1, b2): (T, T) = (cast(o.beta_1), cast(o.beta_2));
                #[allow(clippy::cast_precision_loss)] // steps beyond 2^53 do not occur
                let step: T = cast(t as f64);
                let alpha = lr * (T::one() - b2.powf(step)).sqrt() / (T::one() - b1.powf(step));
                Coefficients {
                    lr,
                    a: b1,
                    b: b2,
                    alpha,
                    eps: cast(o.epsilon),
                }
            }
        }
    }

    /// Applies one update to `w` with gradient `g` and state `s` (`slots()`
    /// buffers, each `w.len()` long).
    pub(crate) fn update<T: Real>(
        &self,
        c: &Coefficients<T>,
        w: &mut [T],
        g: &[T],
        s: &mut [Vec<T>],
    ) {
        match (self, s) {
            (Optimizer::Sgd(_), []) => {
                for (w, &g) in w.iter_mut().zip(g) {
                    *w = *w - g * c.lr;
                }
            }
            (Optimizer::Sgd(o), [v]) => {
                let mu = c.a;
                for ((w, &g), v) in w.iter_mut().zip(g).zip(v.iter_mut()) {
                    *v = *v * mu - g * c.lr;
                    *w = if o.nesterov {
                        *w + (*v * mu - g * c.lr)
                    } else {
                        *w + *v
                    };
                }
            }
            (Optimizer::Adam(_), [m, v]) => {
                let (one_b1, one_b2) = (T::one() - c.a, T::one() - c.b);
                // Equal-length slices indexed in one loop: the form that vectorizes.
                let n = w.len();
                let (g, m, v) = (&g[..n], &mut m[..n], &mut v[..n]);
                for i in 0..n {
                    let gi = g[i];
                    let mi = m[i] + (gi - m[i]) * one_b1;
                    let vi = v[i] + (gi * gi - v[i]) * one_b2;
                    m[i] = mi;
                    v[i] = vi;
                    w[i] = w[i] - (mi * c.alpha) / (vi.sqrt() + c.eps);
                }
            }
            // The state is allocated from `slots()`, so no other shape occurs.
            _ => {}
        }
    }
}

/// The per-step scalars of an update, in the element type.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Coefficients<T> {
    lr: T,
    /// SGD: momentum; Adam: β₁.
    a: T,
    /// Adam: β₂.
    b: T,
    /// Adam: the bias-corrected step size.
    alpha: T,
    eps: T,
}

#[cfg(test)]
mod tests;
