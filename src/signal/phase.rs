//! `Phase`: ordered, critical or chaotic, by `χ₁`.

/// How far `χ₁` may lie from 1 for a network to count as [`Phase::Critical`]:
/// `|χ₁ − 1| ≤ 10⁻⁶`.
///
/// At the boundary the depth scale `1/|ln χ₁|` is a million layers, beyond any
/// network, so the phases on either side are critical in all but name. The
/// tolerance is wide enough that a critical `σ_w²` rounded to `f32` (relative
/// error up to 6·10⁻⁸) or computed as `gain²` in `f64` still counts as critical,
/// and narrow enough that every `σ_w²` a person would call off-critical (say 1 %
/// off, a depth scale of 100 layers) does not.
///
/// ```
/// use nninit::signal::{CRITICAL_TOLERANCE, Phase};
/// assert_eq!(Phase::from_chi(1.0 + CRITICAL_TOLERANCE), Some(Phase::Critical));
/// assert!(matches!(Phase::from_chi(1.01), Some(Phase::Chaotic { .. })));
/// ```
pub const CRITICAL_TOLERANCE: f64 = 1e-6;

/// The phase of a deep random network, by the factor `χ₁` by which it stretches a
/// small difference between two inputs, and a back-propagated gradient's mean
/// square, at each layer (Poole et al. 2016; Schoenholz et al. 2017).
///
/// The depth scale `ξ = 1/|ln χ₁|` is the number of layers over which that factor
/// compounds to `e`: gradients vanish as `e^(−L/ξ)` over `L` layers in the ordered
/// phase and explode as `e^(L/ξ)` in the chaotic phase. Schoenholz et al. found
/// that a network trains when its depth is below about `6ξ`; at criticality `ξ` is
/// infinite and any depth trains.
///
/// # Example
/// ```
/// use nninit::signal::{MeanField, Phase};
/// use nninit::Nonlinearity;
///
/// let ordered = MeanField::new(Nonlinearity::Tanh, 0.5, 0.0)?.phase();
/// let Phase::Ordered { depth_scale } = ordered else { panic!("{ordered:?}") };
/// assert!((depth_scale - 1.0 / 2f64.ln()).abs() < 1e-12); // χ₁ = σ_w² = 1/2
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # References
/// - B. Poole, S. Lahiri, M. Raghu, J. Sohl-Dickstein, S. Ganguli, "Exponential
///   expressivity in deep neural networks through transient chaos", NeurIPS 2016,
///   <https://arxiv.org/abs/1606.05340>.
/// - S. Schoenholz, J. Gilmer, S. Ganguli, J. Sohl-Dickstein, "Deep Information
///   Propagation", ICLR 2017, <https://arxiv.org/abs/1611.01232>.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Phase {
    /// `χ₁ < 1 − CRITICAL_TOLERANCE`: nearby inputs converge and gradients vanish.
    Ordered {
        /// `−1/ln χ₁`, in layers.
        depth_scale: f64,
    },
    /// `|χ₁ − 1| ≤ CRITICAL_TOLERANCE`: the edge of chaos, where both survive.
    Critical,
    /// `χ₁ > 1 + CRITICAL_TOLERANCE`: nearby inputs decorrelate and gradients
    /// explode.
    Chaotic {
        /// `1/ln χ₁`, in layers.
        depth_scale: f64,
    },
}

impl Phase {
    /// The phase of `χ₁ = chi`, with [`CRITICAL_TOLERANCE`]; `None` for a NaN or
    /// negative `chi`.
    ///
    /// ```
    /// use nninit::signal::Phase;
    /// assert_eq!(Phase::from_chi(1.0), Some(Phase::Critical));
    /// assert_eq!(Phase::from_chi(0.0), Some(Phase::Ordered { depth_scale: 0.0 }));
    /// assert_eq!(Phase::from_chi(f64::NAN), None);
    /// ```
    #[must_use]
    pub fn from_chi(chi: f64) -> Option<Phase> {
        if !(chi >= 0.0) {
            return None;
        }
        let depth_scale = 1.0 / chi.ln().abs();
        Some(if (chi - 1.0).abs() <= CRITICAL_TOLERANCE {
            Phase::Critical
        } else if chi < 1.0 {
            Phase::Ordered { depth_scale }
        } else {
            Phase::Chaotic { depth_scale }
        })
    }

    /// The depth scale `1/|ln χ₁|` in layers: infinite at criticality.
    ///
    /// ```
    /// use nninit::signal::Phase;
    /// assert_eq!(Phase::Critical.depth_scale(), f64::INFINITY);
    /// assert_eq!(Phase::from_chi(2.0).map(Phase::depth_scale), Some(1.0 / 2f64.ln()));
    /// ```
    #[must_use]
    pub fn depth_scale(self) -> f64 {
        match self {
            Phase::Ordered { depth_scale } | Phase::Chaotic { depth_scale } => depth_scale,
            Phase::Critical => f64::INFINITY,
        }
    }
}
