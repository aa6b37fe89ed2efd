//! JAX's own random streams, bit for bit: the same weights as `jax.random` and
//! `jax.nn.initializers` from the same key.
//!
//! A [`Key`] is a JAX key of the default implementation, `threefry2x32`. It splits
//! and folds in as JAX's does, and its samplers write, into a caller's `f32`
//! buffer, the bits that JAX returns for the same key and shape:
//!
//! | nninit | JAX |
//! |---|---|
//! | [`Key::new(seed)`](Key::new) | `jax.random.key(seed)`, `jax.random.PRNGKey(seed)` |
//! | [`Key::from_key_data(d)`](Key::from_key_data), [`key.key_data()`](Key::key_data) | `jax.random.wrap_key_data(d)`, `jax.random.key_data(key)` |
//! | [`key.split(n)`](Key::split) | `jax.random.split(key, n)` |
//! | [`key.fold_in(d)`](Key::fold_in) | `jax.random.fold_in(key, d)` |
//! | [`key.bits(&mut w)`](Key::bits) | `jax.random.bits(key, shape, jnp.uint32)` |
//! | [`key.uniform(&mut x, lo, hi)`](Key::uniform) | `jax.random.uniform(key, shape, jnp.float32, lo, hi)` |
//! | [`key.normal(&mut x)`](Key::normal) | `jax.random.normal(key, shape, jnp.float32)` |
//! | [`key.truncated_normal(&mut x, a, b)`](Key::truncated_normal) | `jax.random.truncated_normal(key, a, b, shape, jnp.float32)` |
//! | [`key.fill(&init, &mut x, &shape)`](Key::fill) | `init(key, shape, jnp.float32)` for the initializer below |
//!
//! [`Key::fill`] takes nninit's [`Init`](crate::Init), parsed from JAX's names
//! with the `jax.` prefix where they differ from Keras's (the table of names on
//! [`Init`](crate::Init)):
//!
//! | [`Init`](crate::Init) | `jax.nn.initializers` |
//! |---|---|
//! | `Zeros`, `Ones`, `Constant(v)` | `zeros`, `ones`, `constant(v)` |
//! | `RandomUniform(0, s)` | `uniform(s)`; with a nonzero minimum, `jax.random.uniform(key, shape, float32, min, max)` |
//! | `RandomNormal(0, σ)` | `normal(σ)` |
//! | `TruncatedNormal(0, σ)` cut at `lower·σ`, `upper·σ` | `truncated_normal(σ, lower=lower, upper=upper)` |
//! | `VarianceScaling(scale, mode, distribution)` | `variance_scaling(scale, mode, distribution)` (Keras's `untruncated_normal` is JAX's `"normal"`) |
//! | `GlorotUniform`, `GlorotNormal` | `glorot_uniform()`, `glorot_normal()` (also `xavier_*`) |
//! | `HeUniform`, `HeNormal` | `he_uniform()`, `he_normal()` (also `kaiming_*`) |
//! | `LecunUniform`, `LecunNormal` | `lecun_uniform()`, `lecun_normal()` |
//!
//! Every other initializer is an [`InitError::NotReproducible`](crate::InitError::NotReproducible),
//! never an approximation: PyTorch's (`xavier_*_`, `kaiming_*_`, its default),
//! those JAX does not have (`identity`, `dirac`, `sparse`), and `orthogonal` and
//! `delta_orthogonal`, which JAX computes with LAPACK's QR.
//!
//! # What is promised
//! Every element's `f32` bits equal JAX's, for the calls above run as they are
//! (not under `jax.jit`), by **jax and jaxlib 0.10.2 on CPU**, with
//! `jax_threefry_partitionable` either way ([`CounterLayout`]) and 32-bit mode
//! (`jax_enable_x64` off, JAX's default). The tests compare against outputs of
//! that JAX itself (`tests/parity_jax.rs`).
//!
//! What the promise rests on, and how far it reaches beyond that version:
//! - **Keys, `split`, `fold_in`, `bits`** are integer hashing defined in JAX's
//!   Python source (`jax/_src/random/threefry2x32.py`): the same words on any
//!   backend, and the same definitions from jax 0.5.0, where the partitionable
//!   layout became the default, to 0.10.2.
//! - **`uniform`** adds JAX's mantissa trick and `max(minval, x·span + minval)`,
//!   whose product and sum XLA CPU fuses into one rounding, and XLA CPU's flushing
//!   of subnormal results: a backend that rounds twice can differ in the last bit.
//! - **`normal`** adds `erf_inv` as XLA decomposes it and XLA CPU's `log1p` and
//!   `log` polynomials, with XLA CPU's fused multiply-adds. A jaxlib that changes
//!   those, or another backend (GPU, TPU), can differ in the last bits.
//! - **`truncated_normal`** and the truncated-normal initializers add XLA CPU's
//!   scalar `erf` of the bounds as jaxlib 0.10.2 compiles it.
//! - Initializers add the scalars `jax.nn.initializers` computes (the fans in
//!   Python floats, then `float32` arithmetic) and their final product, a
//!   separate rounding.
//! - XLA CPU treats subnormal numbers as zero; so does this module, which matters
//!   only for scales or bounds below about `1e-30`.
//! - Shapes of `2³² − 1` elements or more in the legacy layout follow JAX's
//!   blocking by split keys, which the tests check at a small block size only.
//!
//! Under `jax.jit`, XLA folds constants across operations: a jitted
//! `normal(σ)` or `variance_scaling(…, "normal")` multiplies by the one constant
//! `√2·σ`, and a jitted `truncated_normal` folds the `erf` of its bounds, so their
//! last bits can differ from the eager calls reproduced here.
//!
//! Only `f32` is offered: in x64 mode, JAX draws 64-bit words and uses another
//! `erf_inv` polynomial for `f64`, which this module does not reproduce.
//!
//! # Example
//! ```
//! use nninit::{jax, Shape};
//!
//! let key = jax::Key::new(0); // jax.random.key(0)
//! let [a, b]: [jax::Key; 2] = key.split(2).try_into().unwrap();
//! let mut v = vec![0.0f32; 784 * 128];
//! a.fill(&"glorot_uniform".parse()?, &mut v, &Shape::from_keras(&[784, 128]))?;
//! b.normal(&mut v[..10]); // jax.random.normal(b, (10,))
//! key.fold_in(7).uniform(&mut v[..10], -1.0, 1.0);
//! assert!(v[..10].iter().all(|x| (-1.0..1.0).contains(x)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Speed
//! The fill loops hash and map runs of 512 elements at a time in plain loops,
//! compiled a second time for AVX2 with FMA and chosen at run time, where they run
//! in 256-bit vectors. Without FMA, `f32::mul_add` is the C library's `fmaf`: the
//! same bits, more slowly.
//!
//! # References
//! - [`jax/_src/random/threefry2x32.py`](https://github.com/jax-ml/jax/blob/jax-v0.10.2/jax/_src/random/threefry2x32.py),
//!   [`jax/_src/random/core.py`](https://github.com/jax-ml/jax/blob/jax-v0.10.2/jax/_src/random/core.py),
//!   [`jax/_src/nn/initializers.py`](https://github.com/jax-ml/jax/blob/jax-v0.10.2/jax/_src/nn/initializers.py)
//! - J. K. Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3", SC 2011.
//! - M. Giles, "Approximating the erfinv function", GPU Computing Gems Jade
//!   Edition, 2011.

mod init;
mod key;
mod sample;
mod threefry;
mod xla_math;

pub use key::{CounterLayout, Key};
