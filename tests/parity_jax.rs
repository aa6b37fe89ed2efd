//! The promise of `nninit::jax`: the same bits as JAX itself, from the same key.
//!
//! `tests/data/frameworks.json` holds what jax 0.10.2 produced (read through
//! `tests/golden`); every `jax` and `jax-legacy` case in it is reproduced here, bit
//! for bit. `tests/data/jax_extra.json` (made by `tests/data/jax_extra.py` with the
//! same JAX) adds odd sizes, both counter layouts for every call, other bounds and
//! initializers, and parameters small enough for XLA CPU's flush-to-zero.
//!
//! A case whose call this file does not know fails, so that cases added to either
//! file are tested or noticed.

mod golden;

use nninit::jax::{CounterLayout, Key};
use nninit::{Init, Shape};
use serde_json::Value;

/// The key of `key(seed)`, in `layout`.
fn key(seed: i64, layout: CounterLayout) -> Key {
    Key::new(seed).with_counter_layout(layout)
}

/// Runs one sampler call on a fresh buffer of `len` elements.
fn sample(
    key: Key,
    f: &str,
    len: usize,
    args: &[f64],
    init: Option<&str>,
    dims: &[usize],
) -> Vec<f32> {
    let mut out = vec![f32::NAN; len];
    #[allow(clippy::cast_possible_truncation)]
    let arg = |i: usize| args[i] as f32;
    match f {
        "uniform" => key.uniform(&mut out, arg(0), arg(1)),
        "normal" => key.normal(&mut out),
        "truncated_normal" => key.truncated_normal(&mut out, arg(0), arg(1)),
        "init" => {
            let name = init.expect("an init case names its initializer");
            let init: Init = name.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
            key.fill(&init, &mut out, &Shape::from_keras(dims))
                .unwrap_or_else(|e| panic!("{name} on {dims:?}: {e}"));
        }
        other => panic!("unknown JAX sampler {other:?}"),
    }
    out
}

/// The integer inside the first `open…)` of `text` after `from`.
fn int_after(text: &str, open: &str) -> i64 {
    let start = text.find(open).map(|i| i + open.len()).expect(open);
    let end = start + text[start..].find([')', ',']).expect("a closing delimiter");
    text[start..end]
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The key data of a `key_data(…)` case of frameworks.json, which has no `op`.
fn key_data_call(call: &str) -> Vec<u32> {
    let seed = int_after(call, "key(");
    let key = Key::new(seed);
    if call.starts_with("key_data(key(") {
        key.key_data().to_vec()
    } else if call.starts_with("key_data(split(") {
        let n = int_after(call, "), ");
        key.split(usize::try_from(n).unwrap())
            .iter()
            .flat_map(|k| k.key_data())
            .collect()
    } else if call.starts_with("key_data(fold_in(") {
        let d = int_after(call, "), ");
        key.fold_in(u32::try_from(d).unwrap()).key_data().to_vec()
    } else {
        panic!("unknown JAX call {call:?}");
    }
}

fn words_of(words: &[u64]) -> Vec<u32> {
    words.iter().map(|&w| u32::try_from(w).unwrap()).collect()
}

/// Every `jax` case of frameworks.json: keys, splits, fold-ins, samplers and
/// initializers in the partitionable layout.
#[test]
fn every_jax_case_of_the_golden_file_is_reproduced_bit_for_bit() {
    let cases = golden::cases("jax");
    for case in &cases {
        let out = case.output("out");
        if case.op.is_null() {
            assert_eq!(
                key_data_call(&case.call),
                words_of(out.words()),
                "{}",
                case.call
            );
            continue;
        }
        let seed = i64::try_from(case.seed()).unwrap();
        let mut k = key(seed, CounterLayout::Partitionable);
        if let Some(split) = case.op.get("split") {
            let (n, i) = (split[0].as_u64().unwrap(), split[1].as_u64().unwrap());
            k = k.split(usize::try_from(n).unwrap())[usize::try_from(i).unwrap()];
        }
        if let Some(d) = case.op.get("fold_in") {
            k = k.fold_in(u32::try_from(d.as_u64().unwrap()).unwrap());
        }
        let dims: Vec<usize> = case.op["dims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| usize::try_from(d.as_u64().unwrap()).unwrap())
            .collect();
        let args: Vec<f64> = case
            .op
            .get("args")
            .and_then(Value::as_array)
            .map_or(vec![], |a| a.iter().map(|x| x.as_f64().unwrap()).collect());
        let f = case.op["fn"].as_str().unwrap();
        let got = sample(k, f, out.len, &args, case.op["init"].as_str(), &dims);
        out.assert_bits(&got, &case.call);
    }
    assert!(cases.len() >= 32, "{} jax cases", cases.len());
}

/// Every `jax-legacy` case of frameworks.json (`jax_threefry_partitionable =
/// False`), read from its call.
#[test]
fn every_jax_legacy_case_of_the_golden_file_is_reproduced_bit_for_bit() {
    let cases = golden::cases("jax-legacy");
    for case in &cases {
        let call = case
            .call
            .strip_prefix("[partitionable=False] ")
            .unwrap_or_else(|| panic!("unknown legacy call {:?}", case.call));
        let k = key(int_after(call, "key("), CounterLayout::Legacy);
        let out = case.output("out");
        let got = if call.starts_with("uniform(key(") {
            sample(k, "uniform", out.len, &[0.0, 1.0], None, &[])
        } else if call.starts_with("glorot_uniform()(key(") {
            sample(
                k,
                "init",
                out.len,
                &[],
                Some("jax.glorot_uniform"),
                &out.shape,
            )
        } else {
            panic!("unknown legacy call {call:?}");
        };
        out.assert_bits(&got, &case.call);
    }
    assert!(cases.len() >= 4, "{} jax-legacy cases", cases.len());
}

/// One output of `jax_extra.json` against `got`, compared whole or by head, tail
/// and checksum; the first difference, if any.
fn check_extra(out: &Value, got: &[u32]) -> Result<(), String> {
    let words = |name: &str| -> Vec<u32> {
        out.get(name).and_then(Value::as_array).map_or(vec![], |a| {
            a.iter()
                .map(|w| u32::from_str_radix(w.as_str().unwrap(), 16).unwrap())
                .collect()
        })
    };
    let len = usize::try_from(out["len"].as_u64().unwrap()).unwrap();
    if got.len() != len {
        return Err(format!("{} elements, expected {len}", got.len()));
    }
    let first_difference = |want: &[u32], at: usize| {
        let got = &got[at..at + want.len()];
        match (0..want.len()).find(|&i| got[i] != want[i]) {
            Some(i) => Err(format!(
                "element {} is {:08x}, expected {:08x}",
                at + i,
                got[i],
                want[i]
            )),
            None => Ok(()),
        }
    };
    if out.get("bits").is_some() {
        return first_difference(&words("bits"), 0);
    }
    let (head, tail) = (words("head"), words("tail"));
    first_difference(&head, 0)?;
    first_difference(&tail, len - tail.len())?;
    let sum = got.iter().enumerate().fold(0u64, |s, (i, &w)| {
        s.wrapping_add(u64::from(w).wrapping_mul(i as u64 + 1))
    });
    let want = u64::from_str_radix(out["checksum"].as_str().unwrap(), 16).unwrap();
    if sum == want {
        Ok(())
    } else {
        Err("checksum differs".to_owned())
    }
}

/// Every case of `jax_extra.json`, in both layouts.
#[test]
fn every_case_of_the_extra_file_is_reproduced_bit_for_bit() {
    let file: Value = serde_json::from_str(include_str!("data/jax_extra.json")).unwrap();
    let cases = file["cases"].as_array().unwrap();
    let mut counted = [0usize; 2];
    let mut failures = Vec::new();
    for case in cases {
        let call = case["call"].as_str().unwrap();
        let layout = match case["framework"].as_str().unwrap() {
            "jax" => CounterLayout::Partitionable,
            "jax-legacy" => CounterLayout::Legacy,
            other => panic!("{call}: unknown framework {other}"),
        };
        counted[usize::from(layout == CounterLayout::Legacy)] += 1;
        let op = &case["op"];
        let mut k = key(op["seed"].as_i64().unwrap(), layout);
        for step in op["path"].as_array().unwrap() {
            let n = |i: usize| usize::try_from(step[i].as_u64().unwrap()).unwrap();
            k = match step[0].as_str().unwrap() {
                "split" => k.split(n(1))[n(2)],
                "fold_in" => k.fold_in(u32::try_from(n(1)).unwrap()),
                other => panic!("{call}: unknown key step {other}"),
            };
        }
        let dims: Vec<usize> = op
            .get("dims")
            .and_then(Value::as_array)
            .map_or(vec![], |a| {
                a.iter()
                    .map(|d| usize::try_from(d.as_u64().unwrap()).unwrap())
                    .collect()
            });
        let args: Vec<f64> = op
            .get("args")
            .and_then(Value::as_array)
            .map_or(vec![], |a| a.iter().map(|x| x.as_f64().unwrap()).collect());
        let len = dims.iter().product();
        let got: Vec<u32> = match op["fn"].as_str().unwrap() {
            "key_data" => k.key_data().to_vec(),
            "split" => {
                let n = usize::try_from(op["args"][0].as_u64().unwrap()).unwrap();
                k.split(n).iter().flat_map(|k| k.key_data()).collect()
            }
            "bits" => {
                let mut w = vec![0; len];
                k.bits(&mut w);
                w
            }
            f => sample(k, f, len, &args, op["init"].as_str(), &dims)
                .iter()
                .map(|x| x.to_bits())
                .collect(),
        };
        if let Err(e) = check_extra(&case["out"], &got) {
            failures.push(format!("{} {call}: {e}", case["framework"]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        counted[0] >= 70 && counted[1] >= 28,
        "cases per layout: {counted:?}"
    );
}

/// The example of the module documentation, against JAX's numbers.
#[test]
fn glorot_uniform_of_key_zero_starts_as_in_jax() {
    let key = Key::new(0);
    let shape = Shape::from_keras(&[784, 128]);
    let mut w = vec![0.0f32; shape.len()];
    key.fill(&"jax.glorot_uniform".parse().unwrap(), &mut w, &shape)
        .unwrap();
    assert_eq!(w[0].to_bits(), 0x3d94_ba69);
}
