//! The cases of `tests/data/frameworks.json`: what PyTorch, JAX and NumPy themselves
//! produced for fixed seeds, and the comparison of nninit's output against them.
//!
//! Every output is stored as IEEE-754 bits in hex, either all of them (`bits`) or,
//! for more than 4096 elements, the first and last 256 (`head`, `tail`) and a
//! checksum, the sum of `bits[i]·(i + 1)` wrapping at 2⁶⁴.
//!
//! Each parity test reads every case of its framework, so that a case added to the
//! file is tested without a change to the tests: an `op` the test does not know
//! fails the test.

// Each test file uses only part of this module.
#![allow(dead_code)]

use serde_json::Value;

/// One framework call and what it produced.
#[derive(Debug)]
pub struct Case {
    /// `torch`, `jax`, `jax-legacy` or `numpy`.
    pub framework: String,
    /// The Python call, readable.
    pub call: String,
    /// The call, structured (`Value::Null` where the file has none).
    pub op: Value,
    /// The outputs, in call order, by name (`out`, `weight1`, `bias1`, …).
    pub outputs: Vec<(String, Output)>,
}

/// One output tensor of a case.
#[derive(Debug)]
pub struct Output {
    /// `float32` or `float64`.
    pub dtype: String,
    /// The tensor's dimensions.
    pub shape: Vec<usize>,
    /// The number of elements.
    pub len: usize,
    bits: Option<Vec<u64>>,
    head: Vec<u64>,
    tail: Vec<u64>,
    checksum: Option<u64>,
}

/// Every case of the file whose framework is `framework`.
pub fn cases(framework: &str) -> Vec<Case> {
    let file: Value = serde_json::from_str(include_str!("../data/frameworks.json")).unwrap();
    let cases: Vec<Case> = file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["framework"] == framework)
        .map(case)
        .collect();
    assert!(!cases.is_empty(), "no {framework} case in frameworks.json");
    cases
}

fn case(c: &Value) -> Case {
    let meta = ["framework", "call", "op"];
    let outputs = c
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| !meta.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), output(v)))
        .collect();
    Case {
        framework: c["framework"].as_str().unwrap().to_owned(),
        call: c["call"].as_str().unwrap().to_owned(),
        op: c.get("op").cloned().unwrap_or(Value::Null),
        outputs,
    }
}

fn words(v: &Value) -> Vec<u64> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|w| u64::from_str_radix(w.as_str().unwrap(), 16).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

fn output(v: &Value) -> Output {
    Output {
        dtype: v["dtype"].as_str().unwrap().to_owned(),
        shape: v["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| usize::try_from(d.as_u64().unwrap()).unwrap())
            .collect(),
        len: usize::try_from(v["len"].as_u64().unwrap()).unwrap(),
        bits: v.get("bits").map(words),
        head: v.get("head").map(words).unwrap_or_default(),
        tail: v.get("tail").map(words).unwrap_or_default(),
        checksum: v
            .get("checksum")
            .map(|s| u64::from_str_radix(s.as_str().unwrap(), 16).unwrap()),
    }
}

impl Case {
    /// The output named `name`.
    pub fn output(&self, name: &str) -> &Output {
        match self.outputs.iter().find(|(k, _)| k == name) {
            Some((_, o)) => o,
            None => panic!("{}: no output {name}", self.call),
        }
    }

    /// Argument `i` of the call (`op.args[i]`) as an `f64`.
    pub fn arg(&self, i: usize) -> f64 {
        self.op["args"][i].as_f64().unwrap()
    }

    /// The seed of the call.
    pub fn seed(&self) -> u64 {
        self.op["seed"].as_u64().unwrap()
    }
}

/// A float type whose bits the file stores.
pub trait Bits: Copy {
    /// The dtype name the file gives it.
    const DTYPE: &'static str;
    /// The IEEE-754 word, widened.
    fn word(self) -> u64;
}

impl Bits for f32 {
    const DTYPE: &'static str = "float32";
    fn word(self) -> u64 {
        u64::from(self.to_bits())
    }
}

impl Bits for f64 {
    const DTYPE: &'static str = "float64";
    fn word(self) -> u64 {
        self.to_bits()
    }
}

impl Output {
    /// Asserts that `got` has this output's bits: every element where the file holds
    /// them all, otherwise the head, the tail and the checksum. `what` names the case.
    pub fn assert_bits<T: Bits>(&self, got: &[T], what: &str) {
        assert_eq!(self.dtype, T::DTYPE, "{what}: dtype");
        assert_eq!(got.len(), self.len, "{what}: length");
        let got: Vec<u64> = got.iter().map(|x| x.word()).collect();
        if let Some(bits) = &self.bits {
            if let Some(i) = (0..bits.len()).find(|&i| bits[i] != got[i]) {
                panic!(
                    "{what}: element {i} of {} is {:x}, expected {:x}",
                    self.len, got[i], bits[i]
                );
            }
            return;
        }
        let n = self.len;
        for (i, &want) in self.head.iter().enumerate() {
            assert_eq!(got[i], want, "{what}: element {i} of {n} (head)");
        }
        for (j, &want) in self.tail.iter().enumerate() {
            let i = n - self.tail.len() + j;
            assert_eq!(got[i], want, "{what}: element {i} of {n} (tail)");
        }
        let sum = got.iter().enumerate().fold(0u64, |s, (i, &w)| {
            s.wrapping_add(w.wrapping_mul(i as u64 + 1))
        });
        assert_eq!(Some(sum), self.checksum, "{what}: checksum");
    }

    /// The stored words (for outputs that are not floats, such as JAX key data).
    pub fn words(&self) -> &[u64] {
        self.bits.as_deref().unwrap_or(&[])
    }
}
