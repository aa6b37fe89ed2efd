//! Reading the text: `name(arg, ..., key=value, ...)` into a name and arguments.

use core::fmt;

use super::ParseInitError;
use super::error::{echo, echo_around};
use super::writer::number;

/// An argument's value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// A number.
    Num(f64),
    /// A number written as digits alone that fits in `u64`, kept exact: a count
    /// such as Dirac's `groups` may exceed 2⁵³, where `f64` loses whole numbers.
    Int(u64),
    /// A word or string.
    Word(String),
    /// `None`, `null`.
    Null,
}

impl Value {
    /// The value as a number: an exact integer rounds to the nearest `f64`, as its
    /// digits would read.
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Num(x) => Some(x),
            #[allow(clippy::cast_precision_loss)] // rounds to nearest, as parsing does
            Value::Int(n) => Some(n as f64),
            Value::Word(_) | Value::Null => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Num(x) => f.write_str(&number(*x)),
            Value::Int(n) => write!(f, "{n}"),
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
            input: echo_around(self.input, self.pos),
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
                if let Some(n) = text
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| text.parse::<u64>().ok())
                    .flatten()
                {
                    return Ok(Value::Int(n));
                }
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
            input: echo(trimmed),
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

#[cfg(test)]
mod tests;
