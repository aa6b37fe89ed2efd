//! Initializers by name: `impl FromStr for Init` and `impl Display for Init`.
//!
//! The grammar is `name` or `name(arg, ..., key=value, ...)`, with an optional
//! framework prefix (`torch.nn.init.`, `keras.initializers.`, `jax.nn.initializers.`
//! and their shorter forms) that selects that framework's meaning of a name. Values
//! are numbers, words (`fan_out`), quoted strings, or `None`/`null`.

use core::fmt;
use core::str::FromStr;

use thiserror::Error;

use super::{
    Constant, DeltaOrthogonal, Dirac, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity,
    Init, KaimingNormal, KaimingUniform, LecunNormal, LecunUniform, Ones, Orthogonal, RandomNormal,
    RandomUniform, ScalingDistribution, Sparse, TorchDefault, TruncatedNormal, Truncation,
    VarianceScaling, XavierNormal, XavierUniform, Zeros,
};
use crate::{FanMode, InitError, Nonlinearity};

/// Why a string is not an initializer: what was wrong, the text seen, and what to
/// write instead.
///
/// ```
/// use nninit::{Init, ParseInitError};
/// let err = "0".parse::<Init>().unwrap_err();
/// assert!(matches!(err, ParseInitError::BareNumber { .. }));
/// assert!(err.to_string().contains("constant(0)"));
/// ```
#[derive(Clone, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum ParseInitError {
    /// The string is empty or all whitespace.
    #[error(
        "an empty string is not an initializer name; write a name such as \
         `glorot_uniform` or `he_normal(mode=fan_out)`"
    )]
    Empty,

    /// The string is a number, such as `"0"` (Keras: "Could not interpret
    /// initializer identifier: 0").
    #[error(
        "`{input}` is a bare number, which is not an initializer name; if a constant \
         was meant, write `constant({input})` (or `zeros` for 0); note that a zero or \
         constant kernel fails `symmetry_check`, because every hidden unit would start \
         identical and stay identical under training"
    )]
    BareNumber {
        /// The input, trimmed.
        input: String,
    },

    /// No initializer has this name.
    #[error("unknown initializer `{name}`; did you mean {}?", or_list(.suggestions))]
    UnknownName {
        /// The name seen (with its framework prefix, if any).
        name: String,
        /// The closest valid names, by edit distance, closest first.
        suggestions: Vec<&'static str>,
    },

    /// The name belongs to a framework initializer that nninit does not provide.
    #[error("`{name}` is not available in nninit: {reason}")]
    Unsupported {
        /// The name seen.
        name: String,
        /// Why, and what to use instead.
        reason: &'static str,
    },

    /// The text does not follow `name(arg, key=value, ...)`.
    #[error("cannot read `{input}` at byte {position}: expected {expected}")]
    Syntax {
        /// The input.
        input: String,
        /// The byte offset where reading stopped.
        position: usize,
        /// What was expected there.
        expected: &'static str,
    },

    /// An argument that the initializer does not take.
    #[error("`{initializer}` has no argument `{argument}`; it takes {allowed}")]
    UnknownArgument {
        /// The initializer's name, as written.
        initializer: String,
        /// The argument seen.
        argument: String,
        /// The arguments it takes.
        allowed: String,
    },

    /// More positional arguments than the initializer takes.
    #[error(
        "`{initializer}` takes at most {max} positional arguments ({allowed}), but \
         got {given}"
    )]
    TooManyArguments {
        /// The initializer's name, as written.
        initializer: String,
        /// The number of positional arguments given.
        given: usize,
        /// The most it takes.
        max: usize,
        /// The arguments it takes, in order.
        allowed: String,
    },

    /// An argument given twice (by position and name, or by two names for it).
    #[error("`{initializer}` got the argument `{argument}` twice; give it once")]
    DuplicateArgument {
        /// The initializer's name, as written.
        initializer: String,
        /// The argument.
        argument: &'static str,
    },

    /// A required argument was not given.
    #[error("`{initializer}` needs the argument `{argument}`, for example {example}")]
    MissingArgument {
        /// The initializer's name, as written.
        initializer: String,
        /// The argument.
        argument: &'static str,
        /// A call that gives it.
        example: &'static str,
    },

    /// An argument's value is of the wrong kind or outside what is allowed.
    #[error("`{initializer}` got {argument}={value}, but {argument} must be {allowed}")]
    BadArgument {
        /// The initializer's name, as written.
        initializer: String,
        /// The argument.
        argument: &'static str,
        /// The value seen, as written.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },

    /// The arguments were read, but the initializer rejects them (for example
    /// `random_uniform(minval=1, maxval=0)`).
    #[error("`{initializer}` cannot be built from these arguments: {source}")]
    Invalid {
        /// The initializer's name, as written.
        initializer: String,
        /// The initializer's own error.
        #[source]
        source: InitError,
    },
}

fn or_list(names: &[&str]) -> String {
    match names {
        [] => "a name from the table in docs/names.md".to_string(),
        [one] => format!("`{one}`"),
        [rest @ .., last] => {
            let head: Vec<String> = rest.iter().map(|n| format!("`{n}`")).collect();
            format!("{} or `{last}`", head.join(", "))
        }
    }
}

/// Which framework's meaning a name has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framework {
    /// No prefix: Keras names mean Keras's, PyTorch-only names PyTorch's.
    Any,
    Torch,
    Keras,
    Jax,
}

/// The constructors a name can stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    KerasConstant,
    TorchConstant,
    JaxConstant,
    Zeros,
    Ones,
    KerasUniform,
    TorchUniform,
    JaxUniform,
    KerasNormal,
    TorchNormal,
    JaxNormal,
    KerasTruncated,
    TorchTruncated,
    JaxTruncated,
    KerasScaling,
    JaxScaling,
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
    LecunUniform,
    LecunNormal,
    XavierUniform,
    XavierNormal,
    KaimingUniform,
    KaimingNormal,
    TorchDefault,
    Orthogonal,
    Identity,
    Eye,
    Dirac,
    DeltaOrthogonal,
    Sparse,
    Unsupported(&'static str),
}

/// Keras's names: class names, their snake case, and Keras's aliases.
const KERAS: &[(&str, Kind)] = &[
    ("Constant", Kind::KerasConstant),
    ("constant", Kind::KerasConstant),
    ("Zeros", Kind::Zeros),
    ("zeros", Kind::Zeros),
    ("zero", Kind::Zeros),
    ("Ones", Kind::Ones),
    ("ones", Kind::Ones),
    ("one", Kind::Ones),
    ("RandomUniform", Kind::KerasUniform),
    ("random_uniform", Kind::KerasUniform),
    ("uniform", Kind::KerasUniform),
    ("RandomNormal", Kind::KerasNormal),
    ("random_normal", Kind::KerasNormal),
    ("normal", Kind::KerasNormal),
    ("TruncatedNormal", Kind::KerasTruncated),
    ("truncated_normal", Kind::KerasTruncated),
    ("VarianceScaling", Kind::KerasScaling),
    ("variance_scaling", Kind::KerasScaling),
    ("GlorotUniform", Kind::GlorotUniform),
    ("glorot_uniform", Kind::GlorotUniform),
    ("GlorotNormal", Kind::GlorotNormal),
    ("glorot_normal", Kind::GlorotNormal),
    ("HeUniform", Kind::HeUniform),
    ("he_uniform", Kind::HeUniform),
    ("HeNormal", Kind::HeNormal),
    ("he_normal", Kind::HeNormal),
    ("LecunUniform", Kind::LecunUniform),
    ("lecun_uniform", Kind::LecunUniform),
    ("LecunNormal", Kind::LecunNormal),
    ("lecun_normal", Kind::LecunNormal),
    ("Orthogonal", Kind::Orthogonal),
    ("orthogonal", Kind::Orthogonal),
    ("OrthogonalInitializer", Kind::Orthogonal),
    ("orthogonal_initializer", Kind::Orthogonal),
    ("Identity", Kind::Identity),
    ("identity", Kind::Identity),
    ("IdentityInitializer", Kind::Identity),
    ("identity_initializer", Kind::Identity),
    (
        "STFT",
        Kind::Unsupported(
            "it fills a kernel with a short-time Fourier transform basis, which is a fixed signal-processing layer, not a weight initialization",
        ),
    ),
    (
        "stft",
        Kind::Unsupported(
            "it fills a kernel with a short-time Fourier transform basis, which is a fixed signal-processing layer, not a weight initialization",
        ),
    ),
    (
        "STFTInitializer",
        Kind::Unsupported(
            "it fills a kernel with a short-time Fourier transform basis, which is a fixed signal-processing layer, not a weight initialization",
        ),
    ),
    (
        "Initializer",
        Kind::Unsupported(
            "it is Keras's abstract base class; name a concrete initializer such as `glorot_uniform`",
        ),
    ),
    (
        "initializer",
        Kind::Unsupported(
            "it is Keras's abstract base class; name a concrete initializer such as `glorot_uniform`",
        ),
    ),
];

/// PyTorch's `torch.nn.init` names, each also without its trailing underscore.
const TORCH: &[(&str, Kind)] = &[
    ("uniform_", Kind::TorchUniform),
    ("normal_", Kind::TorchNormal),
    ("trunc_normal_", Kind::TorchTruncated),
    ("constant_", Kind::TorchConstant),
    ("zeros_", Kind::Zeros),
    ("ones_", Kind::Ones),
    ("eye_", Kind::Eye),
    ("dirac_", Kind::Dirac),
    ("xavier_uniform_", Kind::XavierUniform),
    ("xavier_normal_", Kind::XavierNormal),
    ("kaiming_uniform_", Kind::KaimingUniform),
    ("kaiming_normal_", Kind::KaimingNormal),
    ("orthogonal_", Kind::Orthogonal),
    ("sparse_", Kind::Sparse),
];

/// JAX's `jax.nn.initializers` names.
const JAX: &[(&str, Kind)] = &[
    ("zeros", Kind::Zeros),
    ("ones", Kind::Ones),
    ("constant", Kind::JaxConstant),
    ("uniform", Kind::JaxUniform),
    ("normal", Kind::JaxNormal),
    ("truncated_normal", Kind::JaxTruncated),
    ("variance_scaling", Kind::JaxScaling),
    ("glorot_uniform", Kind::GlorotUniform),
    ("glorot_normal", Kind::GlorotNormal),
    ("xavier_uniform", Kind::GlorotUniform),
    ("xavier_normal", Kind::GlorotNormal),
    ("he_uniform", Kind::HeUniform),
    ("he_normal", Kind::HeNormal),
    ("kaiming_uniform", Kind::HeUniform),
    ("kaiming_normal", Kind::HeNormal),
    ("lecun_uniform", Kind::LecunUniform),
    ("lecun_normal", Kind::LecunNormal),
    ("orthogonal", Kind::Orthogonal),
    ("delta_orthogonal", Kind::DeltaOrthogonal),
];

/// nninit's own names: its type names, and names no framework has.
const NNINIT: &[(&str, Kind)] = &[
    ("XavierUniform", Kind::XavierUniform),
    ("XavierNormal", Kind::XavierNormal),
    ("KaimingUniform", Kind::KaimingUniform),
    ("KaimingNormal", Kind::KaimingNormal),
    ("TorchDefault", Kind::TorchDefault),
    ("torch_default", Kind::TorchDefault),
    ("Dirac", Kind::Dirac),
    ("Sparse", Kind::Sparse),
    ("DeltaOrthogonal", Kind::DeltaOrthogonal),
    ("delta_orthogonal", Kind::DeltaOrthogonal),
];

/// The prefixes that select a framework, longest first.
const PREFIXES: &[(&str, Framework)] = &[
    ("torch.nn.init.", Framework::Torch),
    ("nn.init.", Framework::Torch),
    ("torch.", Framework::Torch),
    ("keras.initializers.", Framework::Keras),
    ("tf.keras.initializers.", Framework::Keras),
    ("keras.", Framework::Keras),
    ("jax.nn.initializers.", Framework::Jax),
    ("jax.", Framework::Jax),
    ("nninit.", Framework::Any),
];

fn lookup_in(table: &[(&'static str, Kind)], name: &str) -> Option<Kind> {
    table.iter().find(|(n, _)| *n == name).map(|&(_, k)| k)
}

fn lookup_torch(name: &str) -> Option<Kind> {
    lookup_in(TORCH, name).or_else(|| {
        TORCH
            .iter()
            .find(|(n, _)| n.strip_suffix('_') == Some(name))
            .map(|&(_, k)| k)
    })
}

fn lookup(framework: Framework, name: &str) -> Option<Kind> {
    match framework {
        Framework::Any => lookup_in(KERAS, name)
            .or_else(|| lookup_torch(name))
            .or_else(|| lookup_in(NNINIT, name)),
        Framework::Torch => lookup_torch(name),
        Framework::Keras => lookup_in(KERAS, name),
        Framework::Jax => lookup_in(JAX, name),
    }
}

/// Every name valid under `framework`, for suggestions.
fn all_names(framework: Framework) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    let torch = || {
        TORCH
            .iter()
            .flat_map(|(n, _)| [*n, n.strip_suffix('_').unwrap_or(n)])
    };
    match framework {
        Framework::Any => {
            names.extend(KERAS.iter().map(|(n, _)| *n));
            names.extend(torch());
            names.extend(NNINIT.iter().map(|(n, _)| *n));
        }
        Framework::Torch => names.extend(torch()),
        Framework::Keras => names.extend(KERAS.iter().map(|(n, _)| *n)),
        Framework::Jax => names.extend(JAX.iter().map(|(n, _)| *n)),
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// Levenshtein distance over the lower-cased characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        core::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The three names closest to `name`.
fn suggest(framework: Framework, name: &str) -> Vec<&'static str> {
    let mut scored: Vec<(usize, &'static str)> = all_names(framework)
        .into_iter()
        .map(|n| (edit_distance(name, n), n))
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

// ---------------------------------------------------------------------------------
// Reading the text.
// ---------------------------------------------------------------------------------

/// An argument's value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// A number.
    Num(f64),
    /// A word or string.
    Word(String),
    /// `None`, `null`.
    Null,
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Num(x) => f.write_str(&number(*x)),
            Value::Word(w) => f.write_str(w),
            Value::Null => f.write_str("None"),
        }
    }
}

/// One argument: by position (`key == None`) or by name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Arg {
    pub(crate) key: Option<String>,
    pub(crate) value: Value,
}

struct Reader<'a> {
    input: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.input[self.pos..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.input.len() - trimmed.len();
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn error(&self, expected: &'static str) -> ParseInitError {
        ParseInitError::Syntax {
            input: self.input.to_string(),
            position: self.pos,
            expected,
        }
    }

    /// A run of characters satisfying `ok`.
    fn take_while(&mut self, ok: impl Fn(char) -> bool) -> &str {
        let start = self.pos;
        let len = self
            .rest()
            .char_indices()
            .find(|&(_, c)| !ok(c))
            .map_or(self.rest().len(), |(i, _)| i);
        self.pos += len;
        &self.input[start..self.pos]
    }

    fn value(&mut self) -> Result<Value, ParseInitError> {
        match self.peek() {
            Some(q @ ('\'' | '"')) => {
                self.pos += 1;
                let word = self.take_while(|c| c != q).to_string();
                if self.peek() != Some(q) {
                    return Err(self.error("a closing quote"));
                }
                self.pos += 1;
                Ok(Value::Word(word))
            }
            Some(c) if c.is_ascii_digit() || matches!(c, '-' | '+' | '.') => {
                let text = self.take_while(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_')
                });
                text.parse::<f64>()
                    .map(Value::Num)
                    .or_else(|_| Ok(Value::Word(text.to_string())))
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let word = self.take_while(|c| c.is_alphanumeric() || c == '_' || c == '.');
                Ok(match word {
                    "None" | "none" | "null" | "Null" | "NULL" => Value::Null,
                    // `inf`, `infinity` and `nan`, as Rust and Python spell them.
                    _ => word
                        .parse::<f64>()
                        .map_or_else(|_| Value::Word(word.to_string()), Value::Num),
                })
            }
            _ => Err(self.error("a value: a number, a word or a quoted string")),
        }
    }
}

/// Splits `input` into its name and arguments.
pub(crate) fn read(input: &str) -> Result<(String, Vec<Arg>), ParseInitError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ParseInitError::Empty);
    }
    if looks_numeric(trimmed) {
        return Err(ParseInitError::BareNumber {
            input: trimmed.to_string(),
        });
    }
    let mut r = Reader { input, pos: 0 };
    r.skip_ws();
    let name = r
        .take_while(|c| c.is_alphanumeric() || c == '_' || c == '.')
        .to_string();
    if name.is_empty() {
        return Err(r.error("an initializer name, such as `glorot_uniform`"));
    }
    r.skip_ws();
    let mut args = Vec::new();
    if r.peek() == Some('(') {
        r.pos += 1;
        r.skip_ws();
        while r.peek() != Some(')') {
            let start = r.pos;
            let first = r.value()?;
            r.skip_ws();
            let arg = if r.peek() == Some('=') {
                let Value::Word(key) = first else {
                    r.pos = start;
                    return Err(r.error("an argument name before `=`"));
                };
                r.pos += 1;
                r.skip_ws();
                Arg {
                    key: Some(key),
                    value: r.value()?,
                }
            } else {
                Arg {
                    key: None,
                    value: first,
                }
            };
            args.push(arg);
            r.skip_ws();
            match r.peek() {
                Some(',') => {
                    r.pos += 1;
                    r.skip_ws();
                }
                Some(')') => {}
                _ => return Err(r.error("`,` or `)`")),
            }
        }
        r.pos += 1;
        r.skip_ws();
    }
    if !r.rest().is_empty() {
        return Err(r.error("the end of the text"));
    }
    Ok((name, args))
}

fn looks_numeric(s: &str) -> bool {
    s.parse::<f64>().is_ok()
        || (s
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'))
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E' | '_')))
}

// ---------------------------------------------------------------------------------
// Building the initializer.
// ---------------------------------------------------------------------------------

/// The arguments of one call, matched against what the initializer takes.
struct Args {
    initializer: String,
    /// `(name, aliases, value)` for every parameter, in positional order.
    slots: Vec<(&'static str, &'static [&'static str], Option<Value>)>,
}

impl Args {
    fn new(
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
                        argument: key.clone(),
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
            value: value.to_string(),
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
            Some(Value::Num(x)) => Ok(x),
            Some(v) => Err(self.bad(name, &v, "a number")),
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
            Some(Value::Num(x)) => Ok(x),
            Some(v) => Err(self.bad(name, &v, "a number")),
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
        const ALLOWED: &str = "a whole number of 1 or more";
        match self.take("groups") {
            None => Ok(1),
            Some(Value::Num(x)) if x >= 1.0 && x.fract() == 0.0 && x <= 9.0e15 => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                // a whole number in 1..=9e15, exact in u64; usize may be narrower
                usize::try_from(x as u64).map_err(|_| self.bad("groups", &Value::Num(x), ALLOWED))
            }
            Some(v) => Err(self.bad("groups", &v, ALLOWED)),
        }
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
fn params(kind: Kind) -> Vec<(&'static str, &'static [&'static str])> {
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
fn build(kind: Kind, a: &mut Args) -> Result<Init, ParseInitError> {
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

/// The initializer that `name` with `args` stands for.
pub(crate) fn resolve(name: &str, args: Vec<Arg>) -> Result<Init, ParseInitError> {
    let (framework, bare) = PREFIXES
        .iter()
        .find_map(|&(p, f)| name.strip_prefix(p).map(|rest| (f, rest)))
        .unwrap_or((Framework::Any, name));
    let Some(kind) = lookup(framework, bare) else {
        return Err(ParseInitError::UnknownName {
            name: name.to_string(),
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
    /// `docs/names.md` for every name.
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

// ---------------------------------------------------------------------------------
// Writing the canonical form.
// ---------------------------------------------------------------------------------

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
        Init::Dirac(d) => {
            #[allow(clippy::cast_precision_loss)] // groups below 2^53
            let groups = d.groups() as f64;
            ("dirac_", vec![("groups", Num(groups))])
        }
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
mod tests {
    use super::*;

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("GlorotUniform", "glorotuniform"), 0);
    }

    #[test]
    fn reader_splits_names_and_arguments() {
        let (name, args) = read(" he_normal ( mode = 'fan_out' , 2 ) ").unwrap();
        assert_eq!(name, "he_normal");
        assert_eq!(
            args,
            [
                Arg {
                    key: Some("mode".into()),
                    value: Value::Word("fan_out".into())
                },
                Arg {
                    key: None,
                    value: Value::Num(2.0)
                }
            ]
        );
        assert!(matches!(
            read("zeros(").unwrap_err(),
            ParseInitError::Syntax { .. }
        ));
        assert!(matches!(
            read("zeros x").unwrap_err(),
            ParseInitError::Syntax { position: 6, .. }
        ));
    }

    #[test]
    fn numbers_read_back_exactly() {
        for x in [0.0, -0.05, 1.0, 2.236, 1e-300, 1e300, 0.1 + 0.2, -0.0] {
            assert_eq!(number(x).parse::<f64>().unwrap().to_bits(), x.to_bits());
        }
        assert_eq!(number(1.0), "1");
        assert_eq!(number(-0.05), "-0.05");
    }
}
