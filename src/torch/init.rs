//! `Generator::fill` and `Generator::trunc_normal_`: nninit's initializers as the
//! `torch.nn.init` functions of the same meaning compute them (`torch/nn/init.py`).

use super::generator::{Generator, Kind, check_normal, check_uniform};
use crate::rng::math::normal_cdf;
use crate::{
    FanMode, Init, InitError, Initializer, KaimingUniform, Layout, Nonlinearity, Real, Shape,
};

/// The `torch.nn.init` call an [`Init`] stands for, with its arguments computed.
enum Call {
    /// `constant_`, `zeros_`, `ones_`: no draws.
    Constant(f64),
    /// `uniform_(tensor, a, b)`.
    Uniform { from: f64, to: f64 },
    /// `normal_(tensor, mean, std)`.
    Normal { mean: f64, std: f64 },
    /// `trunc_normal_(tensor, mean, std, a, b)`.
    Truncated { mean: f64, std: f64, a: f64, b: f64 },
    /// `eye_` and `dirac_`: no draws; nninit's own fill is PyTorch's.
    Structured,
    /// A `kaiming_*_` call on a tensor with no elements: PyTorch returns at once.
    Nothing,
}

/// The error for an initializer PyTorch does not have, or whose PyTorch result
/// nninit cannot reproduce.
fn not_reproducible(init: &Init, reason: &'static str, hint: &'static str) -> InitError {
    InitError::NotReproducible {
        framework: "PyTorch",
        init: init.to_string(),
        reason,
        hint,
    }
}

/// PyTorch's `kaiming_*_` accepts `fan_in` and `fan_out`, and `calculate_gain`
/// knows every [`Nonlinearity`] but GELU and SiLU.
fn check_kaiming(init: &Init, mode: FanMode, nonlinearity: Nonlinearity) -> Result<(), InitError> {
    if mode == FanMode::FanAvg {
        return Err(not_reproducible(
            init,
            "PyTorch's kaiming_uniform_ and kaiming_normal_ accept mode 'fan_in' or 'fan_out' only",
            "use FanMode::FanIn or FanMode::FanOut",
        ));
    }
    if matches!(nonlinearity, Nonlinearity::Gelu | Nonlinearity::Silu) {
        return Err(not_reproducible(
            init,
            "PyTorch's calculate_gain has no gain for gelu or silu",
            "pass a nonlinearity PyTorch knows, or draw with normal_ or uniform_ and your own bound",
        ));
    }
    Ok(())
}

/// `kaiming_uniform_(tensor, a, mode, nonlinearity)`.
fn kaiming_uniform(init: &Init, k: &KaimingUniform, shape: &Shape) -> Result<Call, InitError> {
    check_kaiming(init, k.mode(), k.nonlinearity())?;
    if shape.is_empty() {
        return Ok(Call::Nothing);
    }
    let b = k.bound(shape)?;
    Ok(Call::Uniform { from: -b, to: b })
}

/// Why `init`, which has no `torch.nn.init` counterpart nninit reproduces, is
/// not filled.
fn unsupported(init: &Init) -> InitError {
    let keras = |hint| {
        not_reproducible(
            init,
            "it is the Keras and JAX form, which PyTorch does not have",
            hint,
        )
    };
    match init {
        Init::Identity(_) => not_reproducible(
            init,
            "PyTorch's eye_ has no gain",
            "use Identity::new(1.0), which is eye_, and scale the result",
        ),
        Init::Orthogonal(_) => not_reproducible(
            init,
            "PyTorch's orthogonal_ takes a QR factorization from LAPACK, whose rounding \
             depends on the library build",
            "fill with nninit's keyed Orthogonal, or load PyTorch's tensor",
        ),
        Init::Sparse(_) => not_reproducible(
            init,
            "PyTorch's sparse_ chooses its zeros with randperm, whose stream nninit does \
             not reproduce",
            "fill with nninit's keyed Sparse, or load PyTorch's tensor",
        ),
        Init::DeltaOrthogonal(_) => not_reproducible(
            init,
            "PyTorch has no delta-orthogonal initializer",
            "use Dirac, which is dirac_, or nninit's keyed DeltaOrthogonal",
        ),
        Init::GlorotUniform(_) => keras("use XavierUniform, which is xavier_uniform_"),
        Init::GlorotNormal(_) => {
            keras("use XavierNormal (xavier_normal_, untruncated) or TruncatedNormal::torch")
        }
        Init::HeUniform(_) | Init::LecunUniform(_) => {
            keras("use KaimingUniform, which is kaiming_uniform_")
        }
        Init::HeNormal(_) | Init::LecunNormal(_) => {
            keras("use KaimingNormal (kaiming_normal_, untruncated) or TruncatedNormal::torch")
        }
        // VarianceScaling; `Call::of` sends nothing else here.
        _ => keras("use XavierUniform, XavierNormal, KaimingUniform or KaimingNormal"),
    }
}

impl Call {
    /// What `init` does to a PyTorch tensor of `shape`, or why nninit cannot
    /// reproduce it.
    fn of(init: &Init, shape: &Shape) -> Result<Call, InitError> {
        Ok(match init {
            Init::Constant(c) => Call::Constant(c.value()),
            Init::Zeros(_) => Call::Constant(0.0),
            Init::Ones(_) => Call::Constant(1.0),
            Init::RandomUniform(u) => Call::Uniform {
                from: u.min(),
                to: u.max(),
            },
            Init::RandomNormal(n) => Call::Normal {
                mean: n.mean(),
                std: n.stddev(),
            },
            Init::TruncatedNormal(t) => {
                let (a, b) = t.bounds();
                Call::Truncated {
                    mean: t.mean(),
                    std: t.stddev(),
                    a,
                    b,
                }
            }
            Init::XavierUniform(x) => {
                let a = x.bound(shape)?;
                Call::Uniform { from: -a, to: a }
            }
            Init::XavierNormal(x) => Call::Normal {
                mean: 0.0,
                std: x.std(shape)?,
            },
            Init::KaimingUniform(k) => kaiming_uniform(init, k, shape)?,
            Init::TorchDefault(d) => kaiming_uniform(init, &d.as_kaiming(), shape)?,
            Init::KaimingNormal(k) => {
                check_kaiming(init, k.mode(), k.nonlinearity())?;
                if shape.is_empty() {
                    Call::Nothing
                } else {
                    Call::Normal {
                        mean: 0.0,
                        std: k.std(shape)?,
                    }
                }
            }
            // eye_ is exactly gain 1.
            #[allow(clippy::float_cmp)]
            Init::Identity(i) if i.gain() == 1.0 => Call::Structured,
            Init::Dirac(_) => Call::Structured,
            Init::Identity(_)
            | Init::Orthogonal(_)
            | Init::Sparse(_)
            | Init::DeltaOrthogonal(_)
            | Init::GlorotUniform(_)
            | Init::GlorotNormal(_)
            | Init::HeUniform(_)
            | Init::HeNormal(_)
            | Init::LecunUniform(_)
            | Init::LecunNormal(_)
            | Init::VarianceScaling(_) => return Err(unsupported(init)),
        })
    }
}

/// The least probability mass of `[a, b]` under `N(mean, std²)` that
/// [`Generator::trunc_normal_`] accepts: 2⁻²⁰.
const MIN_MASS: f64 = 1.0 / 1_048_576.0;

/// The mass of `[a, b]` under `N(mean, std²)`, from the tail where it is
/// resolved finely.
fn mass(mean: f64, std: f64, a: f64, b: f64) -> f64 {
    // Beyond ±40 the tails are far below any mass that matters here.
    let (za, zb) = (
        ((a - mean) / std).clamp(-40.0, 40.0),
        ((b - mean) / std).clamp(-40.0, 40.0),
    );
    if za > 0.0 {
        normal_cdf(-za) - normal_cdf(-zb)
    } else {
        normal_cdf(zb) - normal_cdf(za)
    }
}

impl Generator {
    /// Fills `out` as the `torch.nn.init` function that `init` stands for fills a
    /// contiguous PyTorch tensor of `shape`, drawing from this generator exactly
    /// what PyTorch draws.
    ///
    /// | `init` | PyTorch call |
    /// |---|---|
    /// | [`RandomUniform`](crate::RandomUniform) | `uniform_(t, min, max)` |
    /// | [`RandomNormal`](crate::RandomNormal) | `normal_(t, mean, stddev)` |
    /// | [`TruncatedNormal`](crate::TruncatedNormal) | `trunc_normal_(t, mean, stddev, lo, hi)` with `(lo, hi) = bounds()` |
    /// | [`Constant`](crate::Constant), [`Zeros`](crate::Zeros), [`Ones`](crate::Ones) | `constant_`, `zeros_`, `ones_` |
    /// | [`XavierUniform`](crate::XavierUniform), [`XavierNormal`](crate::XavierNormal) | `xavier_uniform_`, `xavier_normal_` |
    /// | [`KaimingUniform`](crate::KaimingUniform), [`KaimingNormal`](crate::KaimingNormal) | `kaiming_uniform_`, `kaiming_normal_` |
    /// | [`TorchDefault`](crate::TorchDefault) | `kaiming_uniform_(t, a=math.sqrt(5))`, `nn.Linear`'s and `nn.Conv*`'s weight |
    /// | [`Identity`](crate::Identity) (gain 1), [`Dirac`](crate::Dirac) | `eye_`, `dirac_(t, groups)` (no draws) |
    ///
    /// Every other initializer is an error, never an approximation: the Keras and
    /// JAX forms ([`GlorotUniform`](crate::GlorotUniform), [`HeNormal`](crate::HeNormal),
    /// [`VarianceScaling`](crate::VarianceScaling), …), which PyTorch does not
    /// have; [`Orthogonal`](crate::Orthogonal), whose PyTorch result depends on
    /// LAPACK's rounding; [`Sparse`](crate::Sparse); and
    /// [`DeltaOrthogonal`](crate::DeltaOrthogonal).
    ///
    /// `shape` must be the PyTorch tensor's shape ([`Shape::from_torch`]): the fans
    /// come from it as `torch.nn.init._calculate_fan_in_and_fan_out` computes them.
    ///
    /// # Example
    /// ```
    /// use nninit::{torch, Shape, XavierUniform};
    ///
    /// // torch.manual_seed(0); w = torch.empty(128, 784); nn.init.xavier_uniform_(w)
    /// let mut g = torch::Generator::manual_seed(0);
    /// let shape = Shape::from_torch(&[128, 784]);
    /// let mut w = vec![0.0f32; shape.len()];
    /// g.fill(&XavierUniform::default().into(), &mut w, &shape)?;
    /// let a = (6.0f32 / (128.0 + 784.0)).sqrt();
    /// assert!(w.iter().all(|x| x.abs() <= a));
    ///
    /// // The same draws as uniform_ with xavier_uniform_'s bound.
    /// let bound = XavierUniform::default().bound(&shape)?;
    /// let mut same = vec![0.0f32; shape.len()];
    /// torch::Generator::manual_seed(0).uniform_(&mut same, -bound, bound)?;
    /// assert_eq!(w, same);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// [`InitError::NotReproducible`] for the initializers above and for an element
    /// type other than `f32` and `f64`; [`InitError::UnsupportedShape`] for a shape
    /// not in PyTorch layout or fused; [`InitError::LengthMismatch`]; and the
    /// errors PyTorch raises as exceptions: fans of a rank below 2
    /// ([`InitError::RankTooLow`]), a zero fan ([`InitError::ZeroFan`]), a
    /// constant the element type cannot hold. Nothing is drawn or written on error.
    ///
    /// # References
    /// `torch/nn/init.py`: <https://pytorch.org/docs/stable/nn.init.html>.
    pub fn fill<T: Real>(
        &mut self,
        init: &Init,
        out: &mut [T],
        shape: &Shape,
    ) -> Result<(), InitError> {
        let kind = Kind::of::<T>()?;
        if shape.layout() != Layout::Torch || shape.blocks() != 1 {
            return Err(InitError::UnsupportedShape {
                initializer: "torch::Generator::fill",
                shape: shape.to_string(),
                needed: "the PyTorch tensor's own shape, from Shape::from_torch and not fused",
            });
        }
        let expected = shape.try_len()?;
        if out.len() != expected {
            return Err(InitError::LengthMismatch {
                len: out.len(),
                expected,
                shape: shape.to_string(),
            });
        }
        match Call::of(init, shape)? {
            Call::Constant(value) => {
                let v = T::from_f64(value);
                if !v.is_finite() {
                    return Err(InitError::NotRepresentable {
                        name: "val",
                        value,
                        ty: T::NAME,
                    });
                }
                out.fill(v);
            }
            Call::Uniform { from, to } => {
                check_uniform::<T>(from, to)?;
                self.uniform_unchecked(kind, out, from, to);
            }
            Call::Normal { mean, std } => {
                check_normal(mean, std)?;
                self.normal_unchecked(kind, out, mean, std);
            }
            Call::Truncated { mean, std, a, b } => {
                self.trunc_normal_checked(kind, out, mean, std, a, b)?;
            }
            Call::Structured => init.fill_keyed(out, shape, 0)?,
            Call::Nothing => {}
        }
        Ok(())
    }

    /// Fills `out` as `torch.nn.init.trunc_normal_(tensor, mean, std, a, b)` fills
    /// a contiguous tensor of `out.len()` elements: `N(mean, std²)` cut to
    /// `[a, b]`, by rejection.
    ///
    /// The whole tensor is filled with [`normal_`](Self::normal_)`(mean, std)`;
    /// then, while any value lies outside `[a, b]` (compared in the element type),
    /// a whole new tensor of normals is drawn and the values outside take the new
    /// values in their places. This is `trunc_normal_` as PyTorch 2.15 computes it.
    /// Releases before 2.12 drew by inverse CDF instead (`uniform_` between the
    /// bounds' CDF values, `erfinv_`, scale, clamp), which this does not reproduce.
    ///
    /// # Example
    /// ```
    /// use nninit::torch::Generator;
    ///
    /// // torch.manual_seed(0); nn.init.trunc_normal_(torch.empty(1000))
    /// let mut w = vec![0.0f32; 1000];
    /// Generator::manual_seed(0).trunc_normal_(&mut w, 0.0, 1.0, -2.0, 2.0)?;
    /// assert!(w.iter().all(|x| (-2.0..=2.0).contains(x)));
    /// // Values already inside the bounds are the first normal_'s.
    /// let mut plain = vec![0.0f32; 1000];
    /// Generator::manual_seed(0).normal_(&mut plain, 0.0, 1.0)?;
    /// assert_eq!(w[0], plain[0]);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`normal_`](Self::normal_); [`InitError::NonFinite`] for NaN
    /// bounds; [`InitError::EmptyTruncation`] when `!(a < b)`; and
    /// [`InitError::NotReproducible`] when `[a, b]` holds less than 2⁻²⁰ of the
    /// normal's mass, where PyTorch's loop would run for about a million rounds or
    /// never end. Nothing is drawn on error.
    ///
    /// # References
    /// `trunc_normal_` in `torch/nn/init.py`:
    /// <https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.trunc_normal_>.
    #[doc(alias = "truncated_normal")]
    pub fn trunc_normal_<T: Real>(
        &mut self,
        out: &mut [T],
        mean: f64,
        std: f64,
        a: f64,
        b: f64,
    ) -> Result<(), InitError> {
        let kind = Kind::of::<T>()?;
        self.trunc_normal_checked(kind, out, mean, std, a, b)
    }

    fn trunc_normal_checked<T: Real>(
        &mut self,
        kind: Kind,
        out: &mut [T],
        mean: f64,
        std: f64,
        a: f64,
        b: f64,
    ) -> Result<(), InitError> {
        check_normal(mean, std)?;
        for (name, value) in [("a", a), ("b", b)] {
            if value.is_nan() {
                return Err(InitError::NonFinite { name, value });
            }
        }
        if !(a < b) {
            return Err(InitError::EmptyTruncation { a, b });
        }
        let inside = if std == 0.0 {
            if (a..=b).contains(&mean) { 1.0 } else { 0.0 }
        } else {
            mass(mean, std, a, b)
        };
        if !(inside >= MIN_MASS) {
            return Err(InitError::NotReproducible {
                framework: "PyTorch",
                init: format!("trunc_normal_(mean={mean}, std={std}, a={a}, b={b})"),
                reason: "the interval holds less than 2^-20 of the normal's mass, so PyTorch's \
                         redraw loop would run for about a million rounds or never end",
                hint: "move the interval nearer the mean, or use nninit's keyed TruncatedNormal",
            });
        }
        self.normal_unchecked(kind, out, mean, std);
        // PyTorch compares a tensor with a Python float in the tensor's type.
        let (lo, hi) = (T::from_f64(a), T::from_f64(b));
        let outside = |x: T| x < lo || x > hi;
        if !out.iter().any(|&x| outside(x)) {
            return Ok(());
        }
        let mut redraw = vec![T::zero(); out.len()];
        loop {
            self.normal_unchecked(kind, &mut redraw, mean, std);
            let mut again = false;
            for (o, &r) in out.iter_mut().zip(&redraw) {
                if outside(*o) {
                    *o = r;
                    again |= outside(r);
                }
            }
            if !again {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests;
