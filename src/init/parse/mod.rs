//! Initializers by name: `impl FromStr for Init` and `impl Display for Init`.
//!
//! The grammar is `name` or `name(arg, ..., key=value, ...)`, with an optional
//! framework prefix (`torch.nn.init.`, `keras.initializers.`, `jax.nn.initializers.`
//! and their shorter forms) that selects that framework's meaning of a name. Values
//! are numbers, words (`fan_out`), quoted strings, or `None`/`null`.
//!
//! Four parts: the [`ParseInitError`] (`error`), the name tables (`names`), the
//! reader of the text (`reader`), the binding of arguments to a constructor
//! (`bind`), and the writer of the canonical form (`writer`).

mod bind;
mod error;
mod names;
mod reader;
mod writer;

use core::str::FromStr;

pub use error::ParseInitError;
pub(crate) use names::Kind;
pub(crate) use reader::Arg;
// What the `serde` feature's reader and writer share with the text form.
#[cfg(feature = "serde")]
pub(crate) use {error::echo, reader::Value, writer::canonical, writer::number};

use super::Init;
use bind::{Args, build, params};
use names::{Framework, PREFIXES, lookup, suggest};
use reader::read;

/// The initializer that `name` with `args` stands for.
pub(crate) fn resolve(name: &str, args: Vec<Arg>) -> Result<Init, ParseInitError> {
    let (framework, bare) = PREFIXES
        .iter()
        .find_map(|&(p, f)| name.strip_prefix(p).map(|rest| (f, rest)))
        .unwrap_or((Framework::Any, name));
    let Some(kind) = lookup(framework, bare) else {
        return Err(ParseInitError::UnknownName {
            name: error::echo(name),
            suggestions: suggest(framework, bare),
        });
    };
    if let Kind::Unsupported(reason) = kind {
        return Err(ParseInitError::Unsupported {
            name: name.to_string(),
            reason,
        });
    }
    let mut a = Args::new(name, &params(kind), args)?;
    build(kind, &mut a)
}

impl FromStr for Init {
    type Err = ParseInitError;

    /// Reads an initializer by its PyTorch, Keras or JAX name, with arguments; see
    /// the table of names on [`Init`] for every name.
    ///
    /// ```
    /// use nninit::{FanMode, Init, ScalingDistribution, VarianceScaling};
    ///
    /// let he: Init = "he_normal(mode=fan_out)".parse()?;
    /// let vs = VarianceScaling::new(2.0, FanMode::FanOut, ScalingDistribution::TruncatedNormal)?;
    /// assert_eq!(he, Init::from(vs));
    /// assert_eq!("uniform_".parse::<Init>()?, "random_uniform(0, 1)".parse()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, args) = read(s)?;
        resolve(&name, args)
    }
}
