//! `ParseInitError`: why a string is not an initializer.

use thiserror::Error;

use crate::InitError;

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
