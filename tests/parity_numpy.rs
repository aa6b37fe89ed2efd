//! `nninit::numpy` gives, bit for bit, what NumPy itself gave for the same seeds.
//!
//! Two files of NumPy's outputs (numpy 2.4.6, `x86_64` Linux, glibc):
//!
//! - every `numpy` case of `tests/data/frameworks.json`, dispatched on `op.fn`, so
//!   that a case added there is tested here, and an `fn` this file does not know
//!   fails;
//! - `tests/data/numpy_sequences.json`, which a short NumPy script made (numpy 1.23.5,
//!   1.26.4, 2.0.2 and 2.2.6 give the same file). It holds:
//!   - `sequences`: for a seed, `rng = np.random.default_rng(seed)` and a list of
//!     calls on that one `rng` (`random`/`standard_normal` with `dtype=float64` or
//!     `float32`, `uniform`/`normal` with `.astype(float32)` where `dtype` is
//!     `f32`), each call's output, and `rng.bit_generator.state` after the last:
//!     the 32-bit half that odd `float32` calls leave, carried across calls;
//!   - `long_normals`: `default_rng(seed).standard_normal(200000, dtype=…)` as head,
//!     tail and checksum, with the count of `|x| > r` (values from the tail branch)
//!     and the state after;
//!   - `seed_sequence`: `SeedSequence(entropy)` (an integer, a `uint32` array, or
//!     with `spawn_key=`), its `pool`, `generate_state(n)` and
//!     `generate_state(4, np.uint64)`;
//!   - `spawn`: `ss = SeedSequence(7); ss.spawn(2); ss.spawn(3)`, each child's key
//!     and `generate_state(4)`, and the grandchild `spawn(3)[1].spawn(2)[1]`;
//!   - `pcg64`: for a seed, `PCG64(seed).state` and `random_raw(5)`; five
//!     `ctypes.next_uint32` then three `ctypes.next_double` on a fresh one, with the
//!     state between; one `next_uint32`, `advance(2**100 + 3)`, the state and
//!     `random_raw(3)`; `jumped()`, `jumped(3)` and `jumped(2**130 + 1)` after one
//!     `next_uint32`; `advance(-1)` on a fresh one.
//!
//! The outputs use the encoding of `frameworks.json` (hex words; more than 4096
//! elements as head, tail and checksum).

mod golden;

use nninit::numpy::{Dtype, Generator, Pcg64, Pcg64State, SeedSequence};
use serde_json::Value;

/// The golden file's `Bits` for the two dtypes, and NumPy's calls on them.
trait Elem: Dtype + golden::Bits + Default {}
impl Elem for f32 {}
impl Elem for f64 {}

/// Runs the NumPy call `fn_name` on `rng` with `len` elements of `T`.
fn call<T: Elem>(
    rng: &mut Generator,
    fn_name: &str,
    len: usize,
    args: &[f64],
    what: &str,
) -> Vec<T> {
    let mut out = vec![T::default(); len];
    match fn_name {
        "random" => rng.random(&mut out),
        "standard_normal" => rng.standard_normal(&mut out),
        "uniform" => rng.uniform(&mut out, args[0], args[1]).unwrap(),
        "normal" => rng.normal(&mut out, args[0], args[1]).unwrap(),
        other => panic!("{what}: no NumPy call {other:?} in nninit::numpy"),
    }
    out
}

fn usize_of(v: &Value) -> usize {
    usize::try_from(v.as_u64().unwrap()).unwrap()
}

fn args_of(op: &Value) -> Vec<f64> {
    op["args"]
        .as_array()
        .map(|a| a.iter().map(|x| x.as_f64().unwrap()).collect())
        .unwrap_or_default()
}

#[test]
fn every_numpy_case_of_the_golden_file() {
    let cases = golden::cases("numpy");
    for case in &cases {
        let what = case.call.as_str();
        assert_eq!(case.outputs.len(), 1, "{what}: one output");
        let out = case.output("out");
        let fn_name = case.op["fn"].as_str().unwrap();
        let len = usize_of(&case.op["len"]);
        let args = args_of(&case.op);
        let mut rng = Generator::default_rng(u128::from(case.seed()));
        match case.op["dtype"].as_str() {
            Some("f64") => out.assert_bits(&call::<f64>(&mut rng, fn_name, len, &args, what), what),
            Some("f32") => out.assert_bits(&call::<f32>(&mut rng, fn_name, len, &args, what), what),
            other => panic!("{what}: unknown dtype {other:?}"),
        }
    }
}

// ---- numpy_sequences.json ----

fn sequences_file() -> Value {
    serde_json::from_str(include_str!("data/numpy_sequences.json")).unwrap()
}

fn hex_words(v: &Value) -> Vec<u64> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|w| u64::from_str_radix(w.as_str().unwrap(), 16).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

fn checksum(words: &[u64]) -> u64 {
    words
        .iter()
        .zip(1u64..)
        .fold(0, |s, (&w, i)| s.wrapping_add(w.wrapping_mul(i)))
}

/// Asserts that `got` (words widened to `u64`) is the encoded output `want`.
fn assert_words(want: &Value, dtype: &str, got: &[u64], what: &str) {
    assert_eq!(want["dtype"], dtype, "{what}: dtype");
    assert_eq!(got.len(), usize_of(&want["len"]), "{what}: length");
    if want.get("bits").is_some() {
        let bits = hex_words(&want["bits"]);
        if let Some(i) = (0..bits.len()).find(|&i| bits[i] != got[i]) {
            panic!(
                "{what}: element {i} is {:x}, expected {:x}",
                got[i], bits[i]
            );
        }
        return;
    }
    let (head, tail) = (hex_words(&want["head"]), hex_words(&want["tail"]));
    assert_eq!(&got[..head.len()], head, "{what}: head");
    assert_eq!(&got[got.len() - tail.len()..], tail, "{what}: tail");
    let sum = u64::from_str_radix(want["checksum"].as_str().unwrap(), 16).unwrap();
    assert_eq!(checksum(got), sum, "{what}: checksum");
}

fn words_of<T: golden::Bits>(x: &[T]) -> Vec<u64> {
    x.iter().map(|v| v.word()).collect()
}

fn seed_of(v: &Value) -> u128 {
    v.as_str().unwrap().parse().unwrap()
}

fn state_of(v: &Value) -> Pcg64State {
    let hex = |k: &str| u128::from_str_radix(v[k].as_str().unwrap(), 16).unwrap();
    Pcg64State {
        state: hex("state"),
        inc: hex("inc"),
        has_uint32: v["has_uint32"].as_u64().unwrap() == 1,
        uinteger: u32::try_from(v["uinteger"].as_u64().unwrap()).unwrap(),
    }
}

#[test]
fn sequences_of_calls_on_one_generator() {
    let file = sequences_file();
    let sequences = file["sequences"].as_array().unwrap();
    assert!(!sequences.is_empty());
    for seq in sequences {
        let seed = seed_of(&seq["seed"]);
        let mut rng = Generator::default_rng(seed);
        let calls = seq["calls"].as_array().unwrap();
        let outputs = seq["outputs"].as_array().unwrap();
        assert_eq!(calls.len(), outputs.len());
        for (k, (c, want)) in calls.iter().zip(outputs).enumerate() {
            let fn_name = c["fn"].as_str().unwrap();
            let what = format!("default_rng({seed}), call {k}: {fn_name} {c}");
            let (len, args) = (usize_of(&c["len"]), args_of(c));
            match c["dtype"].as_str() {
                Some("f64") => {
                    let x = call::<f64>(&mut rng, fn_name, len, &args, &what);
                    assert_words(want, "float64", &words_of(&x), &what);
                }
                Some("f32") => {
                    let x = call::<f32>(&mut rng, fn_name, len, &args, &what);
                    assert_words(want, "float32", &words_of(&x), &what);
                }
                other => panic!("{what}: unknown dtype {other:?}"),
            }
        }
        assert_eq!(
            rng.bit_generator().state(),
            state_of(&seq["state_after"]),
            "default_rng({seed}): state after the calls"
        );
    }
}

#[test]
fn long_normals_reach_the_tail_in_both_dtypes() {
    let file = sequences_file();
    let cases = file["long_normals"].as_array().unwrap();
    let mut dtypes_in_tail = Vec::new();
    for case in cases {
        let seed = seed_of(&case["seed"]);
        let len = usize_of(&case["len"]);
        let mut rng = Generator::default_rng(seed);
        let what = format!(
            "default_rng({seed}).standard_normal({len}, {})",
            case["dtype"]
        );
        let beyond_r = usize_of(&case["beyond_r"]);
        // The tail branch returns exactly the values beyond r.
        let r = 3.654_152_885_361_009;
        let got_beyond = match case["dtype"].as_str() {
            Some("f64") => {
                let x = call::<f64>(&mut rng, "standard_normal", len, &[], &what);
                assert_words(&case["out"], "float64", &words_of(&x), &what);
                x.iter().filter(|v| v.abs() > r).count()
            }
            Some("f32") => {
                let x = call::<f32>(&mut rng, "standard_normal", len, &[], &what);
                assert_words(&case["out"], "float32", &words_of(&x), &what);
                x.iter().filter(|v| f64::from(v.abs()) > r).count()
            }
            other => panic!("{what}: unknown dtype {other:?}"),
        };
        assert_eq!(got_beyond, beyond_r, "{what}: values beyond r");
        assert_eq!(
            rng.bit_generator().state(),
            state_of(&case["state_after"]),
            "{what}: state"
        );
        if beyond_r > 0 {
            dtypes_in_tail.push(case["dtype"].as_str().unwrap().to_owned());
        }
    }
    // The checksums cover the tail branch of both ziggurats.
    assert!(dtypes_in_tail.iter().any(|d| d == "f64"));
    assert!(dtypes_in_tail.iter().any(|d| d == "f32"));
}

fn u32_words(v: &Value) -> Vec<u32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|w| u32::try_from(w.as_u64().unwrap()).unwrap())
        .collect()
}

#[test]
fn seed_sequence_words() {
    let file = sequences_file();
    let cases = file["seed_sequence"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let mut seq = match (case.get("entropy"), case.get("words")) {
            (Some(e), None) => SeedSequence::new(seed_of(e)),
            (None, Some(w)) => SeedSequence::from_words(&u32_words(w)),
            _ => panic!("{case}: entropy or words"),
        };
        if let Some(key) = case.get("spawn_key") {
            seq = seq.with_spawn_key(&u32_words(key));
        }
        let what = format!("SeedSequence {case}");
        let pool = seq.pool().map(u64::from);
        assert_words(&case["pool"], "uint32", &pool, &what);
        let mut state32 = vec![0u32; usize_of(&case["state32"]["len"])];
        seq.generate_state(&mut state32);
        let state32: Vec<u64> = state32.into_iter().map(u64::from).collect();
        assert_words(&case["state32"], "uint32", &state32, &what);
        if let Some(want) = case.get("state64") {
            let mut state64 = vec![0u64; usize_of(&want["len"])];
            seq.generate_state_u64(&mut state64);
            assert_words(want, "uint64", &state64, &what);
        }
    }
}

#[test]
fn spawned_children_continue_the_numbering() {
    let file = sequences_file();
    let want = file["spawn"].as_array().unwrap();
    let mut parent = SeedSequence::new(7);
    let mut children = parent.spawn(2);
    children.extend(parent.spawn(3));
    let grandchild = children[3].clone().spawn(2).remove(1);
    children.push(grandchild);
    assert_eq!(children.len(), want.len());
    for (child, w) in children.iter().zip(want) {
        assert_eq!(child.spawn_key(), u32_words(&w["spawn_key"]), "spawn key");
        let mut s = [0u32; 4];
        child.generate_state(&mut s);
        assert_words(&w["state32"], "uint32", &s.map(u64::from), "child state");
    }
}

#[test]
fn pcg64_draws_advance_and_jumps() {
    let file = sequences_file();
    for case in file["pcg64"].as_array().unwrap() {
        let seed = seed_of(&case["seed"]);
        let what = format!("PCG64({seed})");

        let mut bg = Pcg64::new(seed);
        assert_eq!(bg.state(), state_of(&case["state"]), "{what}: state");
        let raw: Vec<u64> = (0..5).map(|_| bg.next_u64()).collect();
        assert_words(&case["random_raw"], "uint64", &raw, &what);

        let mut bg = Pcg64::new(seed);
        let u32s: Vec<u64> = (0..5).map(|_| u64::from(bg.next_u32())).collect();
        assert_words(&case["next_uint32"], "uint32", &u32s, &what);
        assert_eq!(
            bg.state(),
            state_of(&case["state_after_u32"]),
            "{what}: after next_uint32"
        );
        let doubles: Vec<u64> = (0..3).map(|_| bg.next_f64().to_bits()).collect();
        assert_words(&case["next_double"], "float64", &doubles, &what);

        let mut bg = Pcg64::new(seed);
        bg.next_u32();
        bg.advance((1 << 100) + 3);
        assert_eq!(bg.state(), state_of(&case["advanced"]), "{what}: advanced");
        let raw: Vec<u64> = (0..3).map(|_| bg.next_u64()).collect();
        assert_words(&case["advanced_raw"], "uint64", &raw, &what);

        let mut bg = Pcg64::new(seed);
        bg.next_u32();
        assert_eq!(
            bg.jumped(1).state(),
            state_of(&case["jumped1"]),
            "{what}: jumped()"
        );
        assert_eq!(
            bg.jumped(3).state(),
            state_of(&case["jumped3"]),
            "{what}: jumped(3)"
        );
        // NumPy wraps jumps·step modulo 2¹²⁸: 2¹³⁰ + 1 jumps are one jump.
        assert_eq!(
            bg.jumped(1).state(),
            state_of(&case["jumped_big"]),
            "{what}: jumped(2**130 + 1)"
        );

        let mut bg = Pcg64::new(seed);
        bg.advance(u128::MAX);
        assert_eq!(
            bg.state(),
            state_of(&case["advance_minus_1"]),
            "{what}: advance(-1)"
        );
    }
}
