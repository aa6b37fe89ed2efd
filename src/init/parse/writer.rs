//! Writing the canonical form: `impl Display for Init`.

use core::fmt;

use super::reader::Value;
use crate::init::{Init, Truncation};
use crate::{FanMode, Nonlinearity};

/// A number in the shortest form that reads back to the same `f64`.
pub(crate) fn number(x: f64) -> String {
    let s = format!("{x:?}");
    match s.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => s,
    }
}

/// The canonical name and arguments of `init`.
pub(crate) fn canonical(init: &Init) -> (&'static str, Vec<(&'static str, Value)>) {
    use Value::{Num, Word};
    match *init {
        Init::Constant(c) => ("constant", vec![("value", Num(c.value()))]),
        Init::Zeros(_) => ("zeros", vec![]),
        Init::Ones(_) => ("ones", vec![]),
        Init::RandomUniform(u) => (
            "random_uniform",
            vec![("minval", Num(u.min())), ("maxval", Num(u.max()))],
        ),
        Init::RandomNormal(n) => (
            "random_normal",
            vec![("mean", Num(n.mean())), ("stddev", Num(n.stddev()))],
        ),
        Init::TruncatedNormal(t) => match t.truncation() {
            Truncation::Absolute { a, b } => (
                "trunc_normal_",
                vec![
                    ("mean", Num(t.mean())),
                    ("std", Num(t.stddev())),
                    ("a", Num(a)),
                    ("b", Num(b)),
                ],
            ),
            Truncation::Stddevs { lower, upper } => {
                let mut args = vec![("mean", Num(t.mean())), ("stddev", Num(t.stddev()))];
                if (lower, upper) != (-2.0, 2.0) {
                    args.push(("lower", Num(lower)));
                    args.push(("upper", Num(upper)));
                }
                ("truncated_normal", args)
            }
        },
        Init::VarianceScaling(v) => (
            "variance_scaling",
            vec![
                ("scale", Num(v.scale())),
                ("mode", Word(v.mode().name().to_string())),
                (
                    "distribution",
                    Word(v.distribution().keras_name().to_string()),
                ),
            ],
        ),
        Init::GlorotUniform(_) => ("glorot_uniform", vec![]),
        Init::GlorotNormal(_) => ("glorot_normal", vec![]),
        Init::HeUniform(_) => ("he_uniform", vec![]),
        Init::HeNormal(_) => ("he_normal", vec![]),
        Init::LecunUniform(_) => ("lecun_uniform", vec![]),
        Init::LecunNormal(_) => ("lecun_normal", vec![]),
        Init::XavierUniform(x) => ("xavier_uniform_", vec![("gain", Num(x.gain()))]),
        Init::XavierNormal(x) => ("xavier_normal_", vec![("gain", Num(x.gain()))]),
        Init::KaimingUniform(k) => (
            "kaiming_uniform_",
            kaiming_args(k.a(), k.mode(), k.nonlinearity()),
        ),
        Init::KaimingNormal(k) => (
            "kaiming_normal_",
            kaiming_args(k.a(), k.mode(), k.nonlinearity()),
        ),
        Init::TorchDefault(_) => ("torch_default", vec![]),
        Init::Orthogonal(o) => ("orthogonal", vec![("gain", Num(o.gain()))]),
        Init::Identity(i) => ("identity", vec![("gain", Num(i.gain()))]),
        // Exact as a whole number: every `groups` that `Dirac::new` accepts reads back.
        Init::Dirac(d) => ("dirac_", vec![("groups", Value::Int(d.groups() as u64))]),
        Init::DeltaOrthogonal(d) => ("delta_orthogonal", vec![("scale", Num(d.gain()))]),
        Init::Sparse(s) => (
            "sparse_",
            vec![("sparsity", Num(s.sparsity())), ("std", Num(s.std()))],
        ),
    }
}

fn kaiming_args(a: f64, mode: FanMode, nl: Nonlinearity) -> Vec<(&'static str, Value)> {
    vec![
        ("a", Value::Num(a)),
        ("mode", Value::Word(mode.name().to_string())),
        ("nonlinearity", Value::Word(nl.name().to_string())),
    ]
}

impl fmt::Display for Init {
    /// The canonical form: the name and every parameter by keyword, which parses
    /// back to an equal `Init`.
    ///
    /// ```
    /// use nninit::{Init, RandomUniform};
    /// let init = Init::from(RandomUniform::new(-0.1, 0.1)?);
    /// assert_eq!(init.to_string(), "random_uniform(minval=-0.1, maxval=0.1)");
    /// assert_eq!(init.to_string().parse::<Init>()?, init);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, args) = canonical(self);
        f.write_str(name)?;
        if !args.is_empty() {
            f.write_str("(")?;
            for (i, (key, value)) in args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{key}={value}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
