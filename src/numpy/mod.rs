//! NumPy's own random streams, bit for bit: `np.random.default_rng(seed)` and its
//! `random`, `uniform`, `standard_normal` and `normal`.
//!
//! This module is not nninit's keyed generator: it reproduces NumPy's sequential
//! `Generator` (a [`SeedSequence`] seeding a [`Pcg64`]), so that weights drawn in
//! Rust equal, to the last bit, the weights a NumPy program draws from the same
//! seed, and a sequence of calls reproduces the same sequence of NumPy calls.
//!
//! | NumPy | nninit | guarantee |
//! |---|---|---|
//! | `np.random.SeedSequence(entropy, spawn_key=…)`, `.generate_state`, `.spawn` | [`SeedSequence`] | exact |
//! | `np.random.PCG64(seed)`, `.random_raw`, `.advance`, `.jumped`, `.state` | [`Pcg64`] | exact |
//! | `rng = np.random.default_rng(seed)` | [`Generator::default_rng`] | exact |
//! | `rng.random(n)`, `rng.random(n, dtype=np.float32)` | [`Generator::random`] on `[f64]`, `[f32]` | exact |
//! | `rng.uniform(low, high, n)` | [`Generator::uniform`] on `[f64]` | exact |
//! | `rng.standard_normal(n)`, `(n, dtype=np.float32)` | [`Generator::standard_normal`] on `[f64]`, `[f32]` | exact on glibc |
//! | `rng.normal(loc, scale, n)` | [`Generator::normal`] on `[f64]` | exact on glibc |
//! | `rng.uniform(…).astype(np.float32)`, `rng.normal(…).astype(np.float32)` | `uniform`, `normal` on `[f32]` | as above |
//!
//! NumPy has no `float32` `uniform` or `normal`: on an `f32` buffer these are the
//! `float64` values rounded to nearest, which is what `.astype(np.float32)` gives.
//! `standard_normal` and `random` on an `f32` buffer are NumPy's own `float32`
//! algorithms (`dtype=np.float32`), which draw 32-bit halves of 64-bit words and
//! give different values from the `float64` ones rounded.
//!
//! ## Versions
//! Checked bit for bit against numpy 2.4.6 (the golden file of the tests), and the
//! same outputs for every sequence of calls in the tests come from numpy 1.23.5,
//! 1.26.4, 2.0.2 and 2.2.6. The sources of these calls are unchanged since numpy
//! 1.22.0, where the `float32` `random` took its present form (24 bits, not 23);
//! numpy 1.21 changed the normal's tail to `log1p`; the `Generator` API dates from
//! 1.17. NumPy's compatibility policy (after NEP 19) gives bit generators such as
//! `PCG64` the stronger version-to-version guarantee, and lets `Generator` methods
//! change their streams in feature releases (`X.Y`, never `X.Y.Z`): a later numpy
//! may draw other values, and the versions above are the ones this module is
//! checked against.
//!
//! ## The C library
//! `random`, `uniform`, [`SeedSequence`] and [`Pcg64`] are integer arithmetic and
//! single IEEE operations: exact on every platform. The ziggurat behind
//! `standard_normal` and `normal` returns 98.5 % of elements from one draw and one
//! multiplication. The rest call the C library: 1.47 % take the wedge test, which
//! compares with `exp`, and 0.026 % the tail, which calls `log1p` (`log1pf` for
//! `float32`). These are the fractions the tables give, and what 10⁷ elements of
//! each dtype measured. NumPy calls the C library's functions there, and nninit
//! calls `f64::exp`, `f64::ln_1p` and `f32::ln_1p`, which Rust's standard library
//! forwards to the same C library on Linux, macOS and Windows. So the values are
//! exact where NumPy and nninit run on the same C math library; the tests check
//! glibc on `x86_64` Linux. With another C library, a tail element can differ in
//! its last bit, and a wedge test that lands within an ulp of `exp` can decide the
//! other way, which shifts the rest of the stream; NumPy's own streams differ
//! between such platforms in the same way.
//!
//! # Example
//! ```
//! use nninit::numpy::Generator;
//!
//! // rng = np.random.default_rng(0)
//! // w = rng.normal(0.0, 0.02, size=(2, 3)).astype(np.float32); b = rng.random(3)
//! let mut rng = Generator::default_rng(0);
//! let mut w = vec![0.0f32; 2 * 3];
//! rng.normal(&mut w, 0.0, 0.02)?;
//! let mut b = vec![0.0f64; 3];
//! rng.random(&mut b);
//! // rng.normal(0.0, 0.02, 6)[0] is 0.02 * 0.1257302210933933
//! assert_eq!(w[0], (0.02 * 0.125_730_221_093_393_3f64) as f32);
//! # Ok::<(), nninit::InitError>(())
//! ```
//!
//! # References
//! - NumPy, `numpy/random/bit_generator.pyx` (`SeedSequence`),
//!   `numpy/random/src/pcg64/pcg64.h` and `_pcg64.pyx` (`PCG64`),
//!   `numpy/random/_generator.pyx` (`Generator`),
//!   `numpy/random/src/distributions/distributions.c` (`random_standard_uniform_fill`,
//!   `random_standard_normal`, `random_standard_normal_f`, `random_uniform`,
//!   `random_normal`), and `ziggurat_constants.h`:
//!   <https://github.com/numpy/numpy/tree/v2.4.6/numpy/random>.
//! - NumPy's compatibility policy:
//!   <https://numpy.org/doc/stable/reference/random/compatibility.html>, and
//!   NEP 19: <https://numpy.org/neps/nep-0019-rng-policy.html>.
//! - M. E. O'Neill, "PCG: A Family of Simple Fast Space-Efficient Statistically
//!   Good Algorithms for Random Number Generation", HMC-CS-2014-0905, 2014.
//! - G. Marsaglia, W. W. Tsang, "The Ziggurat Method for Generating Random
//!   Variables", Journal of Statistical Software 5(8), 2000.

mod generator;
mod pcg64;
mod seed_sequence;
mod ziggurat;
mod ziggurat_tables;

pub use generator::{Dtype, Generator};
pub use pcg64::{Pcg64, Pcg64State};
pub use seed_sequence::SeedSequence;
