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
    ///
    /// A constant kernel, zero included, is rarely what a hidden layer wants: its
    /// units start identical and stay identical under training, which
    /// [`symmetry_check`](crate::symmetry_check) reports. An output layer or a bias
    /// may be constant.
    #[error(
        "`{input}` is a bare number, which is not an initializer name; write \
         `constant({input})`, or `zeros` for 0 (a constant hidden kernel fails \
         `symmetry_check`)"
    )]
    BareNumber {
        /// The input, trimmed (its first characters, and `…`, when it is long).
        input: String,
    },

    /// No initializer has this name. The suggestions are the names closest by
    /// edit distance within the prefix's framework; a name much longer than every
    /// valid one gets none, and a long name is echoed only in part.
    #[error("unknown initializer `{name}`; {}", suggestion(.suggestions))]
    UnknownName {
        /// The name seen, with its framework prefix if any (its first characters,
        /// and `…`, when it is long).
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
        /// The input (for a long input, the characters around `position`, with
        /// `…` where it was cut).
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
        /// The argument seen (its first characters, and `…`, when it is long).
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
        /// The value seen, as written (its first characters, and `…`, when it is
        /// long).
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

/// What to write instead of an unknown name.
fn suggestion(names: &[&str]) -> String {
    match names {
        [] => "see the table of names on `nninit::Init`".to_string(),
        [one] => format!("did you mean `{one}`?"),
        [rest @ .., last] => {
            let head: Vec<String> = rest.iter().map(|n| format!("`{n}`")).collect();
            format!("did you mean {} or `{last}`?", head.join(", "))
        }
    }
}

/// The most characters of the input that an error repeats.
const ECHO: usize = 64;

/// `text`, or its first characters and `…` when it is longer than [`ECHO`]
/// characters, so that an error costs little whatever the input.
pub(crate) fn echo(text: &str) -> String {
    match text.char_indices().nth(ECHO) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// `text` around byte `at` (a character boundary): all of it when it is short,
/// else up to `ECHO / 2` characters on each side, with `…` where it was cut.
pub(super) fn echo_around(text: &str, at: usize) -> String {
    if text.char_indices().nth(ECHO).is_none() {
        return text.to_string();
    }
    let at = at.min(text.len());
    let (head, tail) = text.split_at(at);
    let start = head
        .char_indices()
        .rev()
        .nth(ECHO / 2 - 1)
        .map_or(0, |(i, _)| i);
    let end = tail
        .char_indices()
        .nth(ECHO / 2)
        .map_or(text.len(), |(i, _)| at + i);
    format!(
        "{}{}{}",
        if start > 0 { "…" } else { "" },
        &text[start..end],
        if end < text.len() { "…" } else { "" }
    )
}

#[cfg(test)]
mod tests;
