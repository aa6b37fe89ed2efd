//! Binding the arguments of a call to the parameters of the constructor its name
//! stands for, and building the initializer.

use super::error::echo;
use super::names::Kind;
use super::reader::Value;
use super::{Arg, ParseInitError};
use crate::init::{
    Constant, DeltaOrthogonal, Dirac, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity,
    Init, KaimingNormal, KaimingUniform, LecunNormal, LecunUniform, Ones, Orthogonal, RandomNormal,
    RandomUniform, ScalingDistribution, Sparse, TorchDefault, TruncatedNormal, Truncation,
    VarianceScaling, XavierNormal, XavierUniform, Zeros,
};
use crate::{FanMode, InitError, Nonlinearity};

/// The arguments of one call, matched against what the initializer takes.
pub(super) struct Args {
    initializer: String,
    /// `(name, aliases, value)` for every parameter, in positional order.
    slots: Vec<(&'static str, &'static [&'static str], Option<Value>)>,
}

impl Args {
    pub(super) fn new(
        initializer: &str,
        params: &[(&'static str, &'static [&'static str])],
        args: Vec<Arg>,
    ) -> Result<Self, ParseInitError> {
        let mut this = Args {
            initializer: initializer.to_string(),
            slots: params.iter().map(|&(n, a)| (n, a, None)).collect(),
        };
        let allowed = || {
            if params.is_empty() {
                "no arguments".to_string()
            } else {
                params
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        // Keras's configs carry `seed`, `input_axes` and `output_axes`, which only
        // make sense as None here.
        let positional: Vec<&Arg> = args.iter().filter(|a| a.key.is_none()).collect();
        let takes_positional = params
            .iter()
            .filter(|(n, _)| !matches!(*n, "seed" | "input_axes" | "output_axes"))
            .count();
        if positional.len() > takes_positional {
            return Err(ParseInitError::TooManyArguments {
                initializer: initializer.to_string(),
                given: positional.len(),
                max: takes_positional,
                allowed: allowed(),
            });
        }
        let mut next_position = 0;
        for arg in args {
            let index = match &arg.key {
                None => {
                    next_position += 1;
                    next_position - 1
                }
                Some(key) => this
                    .slots
                    .iter()
                    .position(|(n, aliases, _)| n == key || aliases.contains(&key.as_str()))
                    .ok_or_else(|| ParseInitError::UnknownArgument {
                        initializer: initializer.to_string(),
                        argument: echo(key),
                        allowed: allowed(),
                    })?,
            };
            let slot = &mut this.slots[index];
            if slot.2.is_some() {
                return Err(ParseInitError::DuplicateArgument {
                    initializer: initializer.to_string(),
                    argument: slot.0,
                });
            }
            slot.2 = Some(arg.value);
        }
        this.check_null(
            "seed",
            "None (nninit takes its randomness from the key given at fill time)",
        )?;
        this.check_null(
            "input_axes",
            "None (nninit computes fans from the Shape and its layout)",
        )?;
        this.check_null(
            "output_axes",
            "None (nninit computes fans from the Shape and its layout)",
        )?;
        Ok(this)
    }

    fn take(&mut self, name: &str) -> Option<Value> {
        self.slots
            .iter_mut()
            .find(|(n, _, _)| *n == name)
            .and_then(|s| s.2.take())
            .filter(|v| *v != Value::Null)
    }

    fn bad(&self, argument: &'static str, value: &Value, allowed: &'static str) -> ParseInitError {
        ParseInitError::BadArgument {
            initializer: self.initializer.clone(),
            argument,
            value: echo(&value.to_string()),
            allowed,
        }
    }

    fn check_null(
        &mut self,
        name: &'static str,
        allowed: &'static str,
    ) -> Result<(), ParseInitError> {
        if let Some(slot) = self.slots.iter().find(|(n, _, _)| *n == name)
            && let Some(v) = &slot.2
            && *v != Value::Null
        {
            return Err(self.bad(name, v, allowed));
        }
        Ok(())
    }

    fn num(&mut self, name: &'static str, default: f64) -> Result<f64, ParseInitError> {
        match self.take(name) {
            None => Ok(default),
            Some(v) => v.as_f64().ok_or_else(|| self.bad(name, &v, "a number")),
        }
    }

    fn required_num(
        &mut self,
        name: &'static str,
        example: &'static str,
    ) -> Result<f64, ParseInitError> {
        match self.take(name) {
            None => Err(ParseInitError::MissingArgument {
                initializer: self.initializer.clone(),
                argument: name,
                example,
            }),
            Some(v) => v.as_f64().ok_or_else(|| self.bad(name, &v, "a number")),
        }
    }

    fn word(&mut self, name: &'static str) -> Option<Value> {
        self.take(name)
    }

    fn mode(&mut self, default: FanMode, allow_avg: bool) -> Result<FanMode, ParseInitError> {
        let allowed = if allow_avg {
            "fan_in, fan_out or fan_avg"
        } else {
            "fan_in or fan_out (or fan_avg, an nninit addition)"
        };
        match self.word("mode") {
            None => Ok(default),
            Some(Value::Word(w)) => match w.as_str() {
                "fan_in" => Ok(FanMode::FanIn),
                "fan_out" => Ok(FanMode::FanOut),
                "fan_avg" => Ok(FanMode::FanAvg),
                _ => Err(self.bad("mode", &Value::Word(w), allowed)),
            },
            Some(v) => Err(self.bad("mode", &v, allowed)),
        }
    }

    fn distribution(
        &mut self,
        default: Option<ScalingDistribution>,
        jax: bool,
    ) -> Result<ScalingDistribution, ParseInitError> {
        let allowed = if jax {
            "truncated_normal, normal (untruncated in JAX) or uniform"
        } else {
            "truncated_normal, untruncated_normal, uniform, or normal (which Keras reads as truncated_normal)"
        };
        match (self.word("distribution"), default) {
            (None, Some(d)) => Ok(d),
            (None, None) => Err(ParseInitError::MissingArgument {
                initializer: self.initializer.clone(),
                argument: "distribution",
                example: "variance_scaling(scale=2, mode=fan_in, distribution=normal)",
            }),
            (Some(Value::Word(w)), _) => {
                let lower = w.to_lowercase();
                // Keras reads "normal" as truncated; JAX does not.
                let name = match lower.as_str() {
                    "normal" if jax => "untruncated_normal",
                    "normal" => "truncated_normal",
                    other => other,
                };
                match name {
                    "truncated_normal" => Ok(ScalingDistribution::TruncatedNormal),
                    "untruncated_normal" => Ok(ScalingDistribution::Normal),
                    "uniform" => Ok(ScalingDistribution::Uniform),
                    _ => Err(self.bad("distribution", &Value::Word(w), allowed)),
                }
            }
            (Some(v), _) => Err(self.bad("distribution", &v, allowed)),
        }
    }

    fn nonlinearity(&mut self) -> Result<Nonlinearity, ParseInitError> {
        const ALLOWED: &str = "one of linear, conv1d, conv2d, conv3d, conv_transpose1d, \
             conv_transpose2d, conv_transpose3d, sigmoid, tanh, relu, leaky_relu, selu, \
             gelu, silu";
        match self.word("nonlinearity") {
            None => Ok(Nonlinearity::LeakyRelu),
            Some(Value::Word(w)) => Nonlinearity::ALL
                .into_iter()
                .find(|n| n.name() == w)
                .ok_or_else(|| self.bad("nonlinearity", &Value::Word(w), ALLOWED)),
            Some(v) => Err(self.bad("nonlinearity", &v, ALLOWED)),
        }
    }

    fn groups(&mut self) -> Result<usize, ParseInitError> {
        const ALLOWED: &str = "a whole number from 1 to usize::MAX";
        // 2⁶⁴, the least `f64` past every `u64`.
        const PAST_U64: f64 = 18_446_744_073_709_551_616.0;
        let Some(v) = self.take("groups") else {
            return Ok(1);
        };
        let whole = match v {
            Value::Int(n) => Some(n),
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            // a whole number in [0, 2⁶⁴): exact in u64
            Value::Num(x) if x >= 0.0 && x.fract() == 0.0 && x < PAST_U64 => Some(x as u64),
            _ => None,
        };
        whole
            .filter(|&n| n >= 1)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| self.bad("groups", &v, ALLOWED))
    }

    fn invalid(&self, source: InitError) -> ParseInitError {
        ParseInitError::Invalid {
            initializer: self.initializer.clone(),
            source,
        }
    }
}

const SEED: (&str, &[&str]) = ("seed", &[]);
const IN_AXES: (&str, &[&str]) = ("input_axes", &[]);
const OUT_AXES: (&str, &[&str]) = ("output_axes", &[]);

/// The parameters each kind takes, in positional order.
pub(super) fn params(kind: Kind) -> Vec<(&'static str, &'static [&'static str])> {
    match kind {
        Kind::KerasConstant | Kind::JaxConstant => vec![("value", &[])],
        Kind::TorchConstant => vec![("val", &["value"])],
        Kind::Zeros | Kind::Ones | Kind::Eye | Kind::TorchDefault | Kind::Unsupported(_) => {
            vec![]
        }
        Kind::KerasUniform => vec![("minval", &[]), ("maxval", &[]), SEED],
        Kind::TorchUniform => vec![("a", &[]), ("b", &[])],
        Kind::JaxUniform => vec![("scale", &[])],
        Kind::KerasNormal => vec![("mean", &[]), ("stddev", &[]), SEED],
        Kind::TorchNormal => vec![("mean", &[]), ("std", &[])],
        Kind::JaxNormal => vec![("stddev", &[])],
        Kind::KerasTruncated => vec![
            ("mean", &[]),
            ("stddev", &[]),
            SEED,
            ("lower", &[]),
            ("upper", &[]),
        ],
        Kind::TorchTruncated => vec![("mean", &[]), ("std", &[]), ("a", &[]), ("b", &[])],
        Kind::JaxTruncated => vec![("stddev", &[]), ("lower", &[]), ("upper", &[])],
        Kind::KerasScaling => vec![
            ("scale", &[]),
            ("mode", &[]),
            ("distribution", &[]),
            SEED,
            IN_AXES,
            OUT_AXES,
        ],
        Kind::JaxScaling => vec![("scale", &[]), ("mode", &[]), ("distribution", &[])],
        Kind::GlorotUniform
        | Kind::GlorotNormal
        | Kind::HeUniform
        | Kind::HeNormal
        | Kind::LecunUniform
        | Kind::LecunNormal => vec![
            SEED,
            IN_AXES,
            OUT_AXES,
            ("scale", &[]),
            ("mode", &[]),
            ("distribution", &[]),
        ],
        Kind::XavierUniform | Kind::XavierNormal => vec![("gain", &[])],
        Kind::KaimingUniform | Kind::KaimingNormal => {
            vec![("a", &[]), ("mode", &[]), ("nonlinearity", &[])]
        }
        Kind::Orthogonal | Kind::Identity => vec![("gain", &["scale"]), SEED],
        Kind::DeltaOrthogonal => vec![("scale", &["gain"])],
        Kind::Dirac => vec![("groups", &[])],
        Kind::Sparse => vec![("sparsity", &[]), ("std", &[])],
    }
}

/// A Keras preset's `(scale, mode, distribution)`.
fn preset(kind: Kind) -> (f64, FanMode, ScalingDistribution) {
    match kind {
        Kind::GlorotUniform => (1.0, FanMode::FanAvg, ScalingDistribution::Uniform),
        Kind::GlorotNormal => (1.0, FanMode::FanAvg, ScalingDistribution::TruncatedNormal),
        Kind::HeUniform => (2.0, FanMode::FanIn, ScalingDistribution::Uniform),
        Kind::HeNormal => (2.0, FanMode::FanIn, ScalingDistribution::TruncatedNormal),
        Kind::LecunUniform => (1.0, FanMode::FanIn, ScalingDistribution::Uniform),
        _ => (1.0, FanMode::FanIn, ScalingDistribution::TruncatedNormal),
    }
}

/// The initializer `kind` with the arguments in `a`.
#[allow(clippy::too_many_lines)] // one arm per kind, each short
pub(super) fn build(kind: Kind, a: &mut Args) -> Result<Init, ParseInitError> {
    let e = |a: &Args, err| a.invalid(err);
    Ok(match kind {
        Kind::Unsupported(_) => unreachable_unsupported(a)?,
        Kind::KerasConstant => {
            Init::Constant(Constant::new(a.num("value", 0.0)?).map_err(|err| e(a, err))?)
        }
        Kind::TorchConstant => Init::Constant(
            Constant::new(a.required_num("val", "constant_(0.1)")?).map_err(|err| e(a, err))?,
        ),
        Kind::JaxConstant => Init::Constant(
            Constant::new(a.required_num("value", "jax.constant(0.1)")?)
                .map_err(|err| e(a, err))?,
        ),
        Kind::Zeros => Init::Zeros(Zeros),
        Kind::Ones => Init::Ones(Ones),
        Kind::KerasUniform => {
            let (lo, hi) = (a.num("minval", -0.05)?, a.num("maxval", 0.05)?);
            Init::RandomUniform(RandomUniform::new(lo, hi).map_err(|err| e(a, err))?)
        }
        Kind::TorchUniform => {
            let (lo, hi) = (a.num("a", 0.0)?, a.num("b", 1.0)?);
            Init::RandomUniform(RandomUniform::new(lo, hi).map_err(|err| e(a, err))?)
        }
        Kind::JaxUniform => {
            let scale = a.num("scale", 0.01)?;
            Init::RandomUniform(RandomUniform::new(0.0, scale).map_err(|err| e(a, err))?)
        }
        Kind::KerasNormal => {
            let (m, s) = (a.num("mean", 0.0)?, a.num("stddev", 0.05)?);
            Init::RandomNormal(RandomNormal::new(m, s).map_err(|err| e(a, err))?)
        }
        Kind::TorchNormal => {
            let (m, s) = (a.num("mean", 0.0)?, a.num("std", 1.0)?);
            Init::RandomNormal(RandomNormal::new(m, s).map_err(|err| e(a, err))?)
        }
        Kind::JaxNormal => {
            let s = a.num("stddev", 0.01)?;
            Init::RandomNormal(RandomNormal::new(0.0, s).map_err(|err| e(a, err))?)
        }
        Kind::KerasTruncated | Kind::JaxTruncated => {
            let keras = kind == Kind::KerasTruncated;
            let m = if keras { a.num("mean", 0.0)? } else { 0.0 };
            let s = a.num("stddev", if keras { 0.05 } else { 0.01 })?;
            let (lower, upper) = (a.num("lower", -2.0)?, a.num("upper", 2.0)?);
            Init::TruncatedNormal(
                TruncatedNormal::with_truncation(m, s, Truncation::Stddevs { lower, upper })
                    .map_err(|err| e(a, err))?,
            )
        }
        Kind::TorchTruncated => {
            let (m, s) = (a.num("mean", 0.0)?, a.num("std", 1.0)?);
            let (lo, hi) = (a.num("a", -2.0)?, a.num("b", 2.0)?);
            Init::TruncatedNormal(TruncatedNormal::torch(m, s, lo, hi).map_err(|err| e(a, err))?)
        }
        Kind::KerasScaling => {
            let scale = a.num("scale", 1.0)?;
            let mode = a.mode(FanMode::FanIn, true)?;
            let dist = a.distribution(Some(ScalingDistribution::TruncatedNormal), false)?;
            Init::VarianceScaling(VarianceScaling::new(scale, mode, dist).map_err(|err| e(a, err))?)
        }
        Kind::JaxScaling => {
            let scale = a.required_num(
                "scale",
                "jax.variance_scaling(2.0, fan_in, truncated_normal)",
            )?;
            let mode = a.mode(FanMode::FanIn, true)?;
            let dist = a.distribution(None, true)?;
            Init::VarianceScaling(VarianceScaling::new(scale, mode, dist).map_err(|err| e(a, err))?)
        }
        Kind::GlorotUniform
        | Kind::GlorotNormal
        | Kind::HeUniform
        | Kind::HeNormal
        | Kind::LecunUniform
        | Kind::LecunNormal => {
            let (scale0, mode0, dist0) = preset(kind);
            let scale = a.num("scale", scale0)?;
            let mode = a.mode(mode0, true)?;
            let dist = a.distribution(Some(dist0), false)?;
            if (scale, mode, dist) == (scale0, mode0, dist0) {
                match kind {
                    Kind::GlorotUniform => Init::GlorotUniform(GlorotUniform),
                    Kind::GlorotNormal => Init::GlorotNormal(GlorotNormal),
                    Kind::HeUniform => Init::HeUniform(HeUniform),
                    Kind::HeNormal => Init::HeNormal(HeNormal),
                    Kind::LecunUniform => Init::LecunUniform(LecunUniform),
                    _ => Init::LecunNormal(LecunNormal),
                }
            } else {
                Init::VarianceScaling(
                    VarianceScaling::new(scale, mode, dist).map_err(|err| e(a, err))?,
                )
            }
        }
        Kind::XavierUniform => {
            Init::XavierUniform(XavierUniform::new(a.num("gain", 1.0)?).map_err(|err| e(a, err))?)
        }
        Kind::XavierNormal => {
            Init::XavierNormal(XavierNormal::new(a.num("gain", 1.0)?).map_err(|err| e(a, err))?)
        }
        Kind::KaimingUniform | Kind::KaimingNormal => {
            let slope = a.num("a", 0.0)?;
            let mode = a.mode(FanMode::FanIn, false)?;
            let nl = a.nonlinearity()?;
            if kind == Kind::KaimingUniform {
                Init::KaimingUniform(KaimingUniform::new(slope, mode, nl).map_err(|err| e(a, err))?)
            } else {
                Init::KaimingNormal(KaimingNormal::new(slope, mode, nl).map_err(|err| e(a, err))?)
            }
        }
        Kind::TorchDefault => Init::TorchDefault(TorchDefault),
        Kind::Orthogonal => {
            Init::Orthogonal(Orthogonal::new(a.num("gain", 1.0)?).map_err(|err| e(a, err))?)
        }
        Kind::Identity => {
            Init::Identity(Identity::new(a.num("gain", 1.0)?).map_err(|err| e(a, err))?)
        }
        Kind::Eye => Init::Identity(Identity::default()),
        Kind::DeltaOrthogonal => Init::DeltaOrthogonal(
            DeltaOrthogonal::new(a.num("scale", 1.0)?).map_err(|err| e(a, err))?,
        ),
        Kind::Dirac => Init::Dirac(Dirac::new(a.groups()?).map_err(|err| e(a, err))?),
        Kind::Sparse => {
            let sparsity = a.required_num("sparsity", "sparse_(sparsity=0.1, std=0.01)")?;
            let std = a.num("std", 0.01)?;
            Init::Sparse(Sparse::new(sparsity, std).map_err(|err| e(a, err))?)
        }
    })
}

fn unreachable_unsupported(a: &Args) -> Result<Init, ParseInitError> {
    Err(ParseInitError::Unsupported {
        name: a.initializer.clone(),
        reason: "it has no nninit counterpart",
    })
}
