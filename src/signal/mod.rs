//! Is an initialization trainable? The mean-field forecast of how signals and
//! gradients propagate through a deep random network, from its initializers alone.
//!
//! A symmetric initialization cannot train ([`symmetry_check`](crate::symmetry_check));
//! an asymmetric one can still fail, because the signal or the gradient dies out,
//! or blows up, with depth. Mean-field theory (Poole et al. 2016, Schoenholz et al.
//! 2017) predicts which, for wide layers `hˡ = Wˡ·φ(hˡ⁻¹) + bˡ` with independent
//! zero-mean weights, `fan_in·Var(W) = σ_w²`, and biases with `E[b²] = σ_b²`:
//!
//! - The **variance map**: each pre-activation is Gaussian, with variance
//!   `qˡ = σ_w²·E[φ(√qˡ⁻¹·z)²] + σ_b²` for `z ~ N(0, 1)`, which settles at a fixed
//!   point `q*` ([`MeanField::q_star`]) over the depth scale
//!   `ξ_q = 1/|ln V′(q*)|` ([`MeanField::variance_depth_scale`]).
//! - The **correlation map**: two inputs whose pre-activations have correlation
//!   `c` have, one layer on, `C(c) = (σ_w²·E[φ(u₁)·φ(u₂)] + σ_b²)/q*`
//!   ([`MeanField::correlation_map`]). `C(1) = 1`, and the slope there is
//! - **`χ₁ = σ_w²·E[φ′(√q*·z)²]`** ([`MeanField::chi_1`]), the factor by which a
//!   layer stretches a small difference between inputs, and by which it
//!   multiplies a back-propagated gradient's squared norm. Below 1 the network is
//!   **ordered** (inputs converge, gradients vanish over `ξ = −1/ln χ₁` layers),
//!   at 1 **critical**, above 1 **chaotic** (inputs decorrelate, gradients explode
//!   over `ξ = 1/ln χ₁` layers): the [`Phase`]. Schoenholz et al. found that a
//!   network of depth `L` trains when `L ≲ 6ξ`: only near criticality can a
//!   network be deep.
//!
//! For ReLU, `E[φ(√q·z)²] = q/2` and `E[φ′²] = 1/2`, so `χ₁ = σ_w²/2`: the critical
//! point is `σ_w² = 2`, He et al.'s initialization, exactly. For a leaky ReLU of
//! slope `s` it is `2/(1 + s²)`, the square of PyTorch's gain. For tanh without
//! bias it is `σ_w² = 1` (`φ′(0) = 1`, and `q* = 0` in the ordered phase), not the
//! gain table's `(5/3)²`: a Xavier or LeCun kernel with gain 5/3 is chaotic
//! (`χ₁ ≈ 1.21`).
//!
//! [`forecast`] follows a given network layer by layer from its input's variance,
//! with each layer's own initializer ([`LayerSpec`]), and returns every layer's
//! variance and the gradient's gain through the whole network ([`Forecast`]).
//! For tanh without bias the critical point is `σ_w² = 1`, not the square of
//! PyTorch's gain 5/3; for ReLU it is `σ_w² = 2`, He's initialization.
//!
//! # Computation
//! Closed forms for the identity (and the convolutions), ReLU and leaky ReLU;
//! composite Gauss–Legendre quadrature in `f64` for tanh, the sigmoid, SELU, GELU
//! and SiLU, on panels graded towards the integrand's kink or steepest part (a
//! Gauss–Hermite rule, which suits smooth integrands, misses `E[tanh(10z)²]` by
//! 1.8 % with 200 nodes). The rule agrees with the closed forms of ReLU, SELU and
//! GELU's second moment to 10⁻¹².
//!
//! # Example
//! ```
//! use nninit::{GlorotUniform, Nonlinearity, RandomNormal, Shape, Zeros};
//! use nninit::signal::{forecast, LayerSpec, MeanField, Phase};
//!
//! // tanh with σ_w² = 1 and no bias: the edge of chaos.
//! let mf = MeanField::new(Nonlinearity::Tanh, 1.0, 0.0)?;
//! assert_eq!((mf.q_star(), mf.chi_1(), mf.phase()), (0.0, 1.0, Phase::Critical));
//!
//! // A square Glorot kernel has σ_w² = 1 too. Over twenty tanh layers from unit
//! // inputs the variance decays towards q* = 0, and the gradient's squared norm
//! // with it, but only as a power of the depth: to 4 %, against 4·10⁻⁷ for
//! // σ_w² = 1/2, whose depth scale is 1/ln 2 ≈ 1.4 layers.
//! let glorot = LayerSpec::new(GlorotUniform, Zeros, Shape::dense(256, 256), Nonlinearity::Tanh);
//! let half = LayerSpec::new(RandomNormal::new(0.0, (0.5f64 / 256.0).sqrt())?, Zeros, glorot.shape, Nonlinearity::Tanh);
//! let (critical, ordered) = (forecast(&[glorot; 20], 1.0)?, forecast(&[half; 20], 1.0)?);
//! assert!((critical.gradient_gain - 0.036).abs() < 5e-4);
//! assert!(ordered.gradient_gain < 4e-7);
//! # Ok::<(), nninit::InitError>(())
//! ```
//!
//! # References
//! - B. Poole, S. Lahiri, M. Raghu, J. Sohl-Dickstein, S. Ganguli, "Exponential
//!   expressivity in deep neural networks through transient chaos", NeurIPS 2016,
//!   <https://arxiv.org/abs/1606.05340>.
//! - S. Schoenholz, J. Gilmer, S. Ganguli, J. Sohl-Dickstein, "Deep Information
//!   Propagation", ICLR 2017, <https://arxiv.org/abs/1611.01232>.
//! - K. He, X. Zhang, S. Ren, J. Sun, "Delving Deep into Rectifiers", ICCV 2015,
//!   <https://arxiv.org/abs/1502.01852>.
//! - J. Pennington, S. Schoenholz, S. Ganguli, "Resurrecting the sigmoid in deep
//!   learning through dynamical isometry", NeurIPS 2017,
//!   <https://arxiv.org/abs/1711.04735>.

mod activation;
mod forecast;
mod mean_field;
mod phase;
mod quadrature;

pub use forecast::{Forecast, LayerForecast, LayerSpec, forecast};
pub use mean_field::MeanField;
pub use phase::{CRITICAL_TOLERANCE, Phase};
