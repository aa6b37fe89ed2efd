//! Which `jax.nn.initializers` call each [`Init`] is, and the scalars JAX computes
//! for it before it samples.
//!
//! # References
//! [`jax/_src/nn/initializers.py`](https://github.com/jax-ml/jax/blob/jax-v0.10.2/jax/_src/nn/initializers.py):
//! `constant`, `uniform`, `normal`, `truncated_normal`, `_compute_fans` and
//! `variance_scaling`, with its `glorot_*`, `he_*` and `lecun_*` presets.

use super::sample::{Sampler, Uniform};
use super::xla_math::{Flush, Ftz, daz, div_ftz, sqrt_daz};
use crate::{
    FanMode, Init, InitError, Layout, ScalingDistribution, Shape, TRUNCATED_STD, Truncation,
    VarianceScaling,
};

/// The framework named in [`InitError::NotReproducible`].
const JAX: &str = "JAX";

/// What JAX does for an initializer and a shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Recipe {
    /// `jnp.full(shape, value)`: no random draw.
    Fill(f32),
    /// A `jax.random` sampler, then `* factor` as an operation of its own.
    Sample {
        sampler: Sampler,
        factor: Option<f32>,
    },
}

/// The JAX call for `init` on a tensor of `shape`.
pub(crate) fn recipe(init: &Init, shape: &Shape) -> Result<Recipe, InitError> {
    let not_reproducible = || InitError::NotReproducible {
        framework: JAX,
        init: init.to_string(),
        reason: "it is not one of the eager float32 forms of jax.nn.initializers that nninit reproduces",
        hint: "fill it with nninit's own keyed initializers, or choose one that jax.nn.initializers defines",
    };
    Ok(match init {
        Init::Zeros(_) => Recipe::Fill(0.0),
        Init::Ones(_) => Recipe::Fill(1.0),
        // `constant(value)`: `jnp.full`, the value rounded to float32.
        Init::Constant(c) => Recipe::Fill(to_f32("value", c.value())?),
        // `jax.random.uniform(key, shape, float32, minval, maxval)`, which for
        // `minval = 0` is `uniform(maxval)`, `random.uniform(key) * maxval`: the
        // fused multiply-add by a zero addend is the same product.
        Init::RandomUniform(u) => {
            let (lo, hi) = (to_f32("minval", u.min())?, to_f32("maxval", u.max())?);
            if !(hi - lo).is_finite() {
                return Err(InitError::InfiniteRange {
                    min: u.min(),
                    max: u.max(),
                    ty: "f32",
                });
            }
            if !(lo < hi) {
                return Err(InitError::EmptyRange {
                    min: u.min(),
                    max: u.max(),
                    ty: "f32",
                });
            }
            Recipe::Sample {
                sampler: Sampler::Uniform(Uniform::new(lo, hi)),
                factor: None,
            }
        }
        // `normal(stddev)`: `random.normal(key) * stddev`. JAX's has no mean.
        Init::RandomNormal(n) => {
            if n.mean() != 0.0 {
                return Err(not_reproducible());
            }
            Recipe::Sample {
                sampler: Sampler::normal(),
                factor: Some(to_f32("stddev", n.stddev())?),
            }
        }
        // `truncated_normal(stddev, lower=, upper=)`: bounds in standard
        // deviations, no mean.
        Init::TruncatedNormal(t) => match t.truncation() {
            Truncation::Stddevs { lower, upper } if t.mean() == 0.0 => Recipe::Sample {
                sampler: Sampler::truncated(to_f32("lower", lower)?, to_f32("upper", upper)?),
                factor: Some(to_f32("stddev", t.stddev())?),
            },
            _ => return Err(not_reproducible()),
        },
        Init::VarianceScaling(v) => variance_scaling(v, shape)?,
        Init::GlorotUniform(p) => variance_scaling(&p.as_variance_scaling(), shape)?,
        Init::GlorotNormal(p) => variance_scaling(&p.as_variance_scaling(), shape)?,
        Init::HeUniform(p) => variance_scaling(&p.as_variance_scaling(), shape)?,
        Init::HeNormal(p) => variance_scaling(&p.as_variance_scaling(), shape)?,
        Init::LecunUniform(p) => variance_scaling(&p.as_variance_scaling(), shape)?,
        Init::LecunNormal(p) => variance_scaling(&p.as_variance_scaling(), shape)?,
        // PyTorch's initializers (JAX's `xavier_*` and `kaiming_*` are the Glorot
        // and He presets above, by other names), QR-based orthogonal matrices
        // (JAX's `orthogonal` takes LAPACK's QR, whose bits nninit does not
        // reproduce), and the structured initializers JAX does not have.
        Init::XavierUniform(_)
        | Init::XavierNormal(_)
        | Init::KaimingUniform(_)
        | Init::KaimingNormal(_)
        | Init::TorchDefault(_)
        | Init::Orthogonal(_)
        | Init::DeltaOrthogonal(_)
        | Init::Identity(_)
        | Init::Dirac(_)
        | Init::Sparse(_) => return Err(not_reproducible()),
    })
}

/// A parameter as `jnp.array(value, float32)` holds it, which must be finite.
fn to_f32(name: &'static str, value: f64) -> Result<f32, InitError> {
    // Rounding to nearest, as NumPy converts.
    #[allow(clippy::cast_possible_truncation)]
    let x = value as f32;
    if x.is_finite() {
        Ok(x)
    } else {
        Err(InitError::NotRepresentable {
            name,
            value,
            ty: "f32",
        })
    }
}

/// `variance_scaling(scale, mode, distribution)` on `shape`.
fn variance_scaling(v: &VarianceScaling, shape: &Shape) -> Result<Recipe, InitError> {
    let (fan_in, fan_out) = fans(shape)?;
    let (denominator, mode) = match v.mode() {
        FanMode::FanIn => (fan_in, "fan_in"),
        FanMode::FanOut => (fan_out, "fan_out"),
        // As Python computes it.
        #[allow(clippy::manual_midpoint)]
        FanMode::FanAvg => ((fan_in + fan_out) / 2.0, "fan_avg"),
    };
    if denominator == 0.0 {
        // JAX raises ZeroDivisionError.
        return Err(InitError::ZeroFan {
            shape: shape.to_string(),
            mode,
            what: "scale / fan",
        });
    }
    // `jnp.array(scale / denominator, dtype)`: the quotient in Python floats.
    let variance = daz(to_f32("scale / fan", v.scale() / denominator)?);
    Ok(match v.distribution() {
        // `sqrt(variance) / .87962566103423978`, then
        // `truncated_normal(key, -2, 2) * stddev`.
        ScalingDistribution::TruncatedNormal => {
            #[allow(clippy::cast_possible_truncation)]
            let correction = TRUNCATED_STD as f32;
            Recipe::Sample {
                sampler: Sampler::truncated(-2.0, 2.0),
                factor: Some(div_ftz(sqrt_daz(variance), correction)),
            }
        }
        // `normal(key) * sqrt(variance)`.
        ScalingDistribution::Normal => Recipe::Sample {
            sampler: Sampler::normal(),
            factor: Some(sqrt_daz(variance)),
        },
        // `uniform(key, minval=-1) * sqrt(3 * variance)`.
        ScalingDistribution::Uniform => Recipe::Sample {
            sampler: Sampler::Uniform(Uniform::new(-1.0, 1.0)),
            factor: Some(sqrt_daz(Ftz::mul(3.0, variance))),
        },
    })
}

/// `_compute_fans(shape)` with JAX's defaults `in_axis=-2`, `out_axis=-1` and no
/// batch axis: the receptive field is `∏dims / in / out`, in Python floats.
fn fans(shape: &Shape) -> Result<(f64, f64), InitError> {
    let total = shape.try_len()?;
    let unsupported = |needed| InitError::UnsupportedShape {
        initializer: "JAX's variance_scaling",
        shape: shape.to_string(),
        needed,
    };
    if shape.layout() != Layout::Keras {
        return Err(unsupported(
            "the Keras and JAX layout [..., in, out] (`Shape::from_keras`), in which \
             jax.nn.initializers reads the fans",
        ));
    }
    if shape.blocks() != 1 {
        return Err(unsupported(
            "a shape without fused blocks, which JAX has no notion of",
        ));
    }
    let [.., inputs, outputs] = *shape.dims() else {
        // JAX raises ValueError for fewer than 2 dimensions.
        return Err(unsupported("2 dimensions or more, as JAX does"));
    };
    let zero = |mode| InitError::ZeroFan {
        shape: shape.to_string(),
        mode,
        what: "scale / fan",
    };
    if inputs == 0 {
        return Err(zero("fan_in"));
    }
    if outputs == 0 {
        return Err(zero("fan_out"));
    }
    // Exact conversions: a buffer of the shape's length exists, so it is far
    // below 2⁵³.
    #[allow(clippy::cast_precision_loss)]
    let (total, inputs, outputs) = (total as f64, inputs as f64, outputs as f64);
    let receptive_field = total / inputs / outputs;
    Ok((inputs * receptive_field, outputs * receptive_field))
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)]
mod tests;
