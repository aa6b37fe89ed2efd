//! [`Key`]: a JAX threefry2x32 key, and the calls that draw from it.

use super::init::{Recipe, recipe};
use super::sample::{Sampler, Uniform, fill_bits};
use super::threefry;
use crate::{Init, InitError, Shape};

/// How JAX lays out the counters it hashes: its `jax_threefry_partitionable` flag.
///
/// The flag changes the words that `split` and every sampler draw from a key
/// (see the [module documentation](crate::jax)); the key data of
/// [`Key::new`] and [`Key::fold_in`] are the same under both.
///
/// # Example
/// ```
/// use nninit::jax::{CounterLayout, Key};
///
/// let key = Key::new(0);
/// assert_eq!(key.counter_layout(), CounterLayout::Partitionable);
/// let old = key.with_counter_layout(CounterLayout::Legacy);
/// assert_eq!(old.key_data(), key.key_data());
/// // The same key data split differently.
/// assert_ne!(old.split(2)[1].key_data(), key.split(2)[1].key_data());
/// ```
///
/// # References
/// [`jax_threefry_partitionable`](https://docs.jax.dev/en/latest/jax.random.html#advanced-rng-configuration)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CounterLayout {
    /// `jax_threefry_partitionable = True`, JAX's default since jax 0.5.0: element
    /// `i` hashes the 64-bit counter `i`.
    #[default]
    Partitionable,
    /// `jax_threefry_partitionable = False`, the default before jax 0.5.0, which
    /// older checkpoints and tests were drawn with: the counters `0..n` hashed in
    /// two halves against each other.
    Legacy,
}

/// A JAX PRNG key of the default implementation, `threefry2x32`: two 32-bit words
/// and the [`CounterLayout`] to draw with.
///
/// A key is a value, as in JAX: drawing from it never changes it, and the same key
/// gives the same numbers every time. New keys come from [`split`](Key::split) and
/// [`fold_in`](Key::fold_in).
///
/// Two keys are equal when their key data and their layouts are.
///
/// # Example
/// ```
/// use nninit::jax::Key;
///
/// let key = Key::new(0); // jax.random.key(0)
/// let [a, b]: [Key; 2] = key.split(2).try_into().unwrap();
/// assert_ne!(a, b);
/// let mut x = vec![0.0f32; 4];
/// a.normal(&mut x);
/// let mut y = vec![0.0f32; 4];
/// a.normal(&mut y);
/// assert_eq!(x, y);
/// ```
///
/// # References
/// [`jax.random.key`](https://docs.jax.dev/en/latest/_autosummary/jax.random.key.html),
/// [`jax/_src/random/threefry2x32.py`](https://github.com/jax-ml/jax/blob/jax-v0.10.2/jax/_src/random/threefry2x32.py)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    data: [u32; 2],
    layout: CounterLayout,
}

impl Key {
    /// `jax.random.key(seed)` (and `jax.random.PRNGKey(seed)`) in JAX's default
    /// 32-bit mode, where the seed becomes an `int32`: the key data are
    /// `[0, seed mod 2³²]`.
    ///
    /// With `jax_enable_x64`, JAX keeps the seed's high word too; that key is
    /// `Key::from_key_data([(seed >> 32) as u32, seed as u32])`.
    ///
    /// # Example
    /// ```
    /// use nninit::jax::Key;
    /// assert_eq!(Key::new(42).key_data(), [0, 42]);
    /// assert_eq!(Key::new(-1).key_data(), [0, u32::MAX]);
    /// assert_eq!(Key::new(1 << 32).key_data(), [0, 0]);
    /// ```
    #[must_use]
    pub const fn new(seed: i64) -> Key {
        // The low word: JAX converts the seed to int32, wrapping.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let low = seed as u32;
        Key::from_key_data([0, low])
    }

    /// The key whose key data are `data` (`jax.random.wrap_key_data`), in the
    /// partitionable layout.
    ///
    /// # Example
    /// ```
    /// use nninit::jax::Key;
    /// let key = Key::from_key_data([1_797_259_609, 2_579_123_966]);
    /// assert_eq!(key, Key::new(0).fold_in(0));
    /// ```
    #[must_use]
    pub const fn from_key_data(data: [u32; 2]) -> Key {
        Key {
            data,
            layout: CounterLayout::Partitionable,
        }
    }

    /// The key's two words (`jax.random.key_data`).
    ///
    /// # Example
    /// ```
    /// use nninit::jax::Key;
    /// assert_eq!(Key::new(0).fold_in(7).key_data(), [2_716_826_189, 292_468_403]);
    /// ```
    #[must_use]
    pub const fn key_data(self) -> [u32; 2] {
        self.data
    }

    /// The same key, drawing in `layout`.
    ///
    /// # Example
    /// ```
    /// use nninit::jax::{CounterLayout, Key};
    /// let key = Key::new(3).with_counter_layout(CounterLayout::Legacy);
    /// assert_eq!(key.counter_layout(), CounterLayout::Legacy);
    /// // Keys derived from it keep the layout.
    /// assert_eq!(key.split(2)[0].counter_layout(), CounterLayout::Legacy);
    /// ```
    #[must_use]
    pub const fn with_counter_layout(self, layout: CounterLayout) -> Key {
        Key {
            data: self.data,
            layout,
        }
    }

    /// The layout the key draws in.
    ///
    /// # Example
    /// ```
    /// use nninit::jax::{CounterLayout, Key};
    /// assert_eq!(Key::new(3).counter_layout(), CounterLayout::Partitionable);
    /// ```
    #[must_use]
    pub const fn counter_layout(self) -> CounterLayout {
        self.layout
    }

    /// `jax.random.split(key, num)`: `num` new keys, in the key's layout.
    ///
    /// Integer hashing only: the same key data as every jax since 0.5.0 (checked
    /// against jax 0.10.2), on any backend.
    ///
    /// # Example
    /// ```
    /// use nninit::jax::Key;
    /// let keys = Key::new(0).split(3);
    /// assert_eq!(keys.len(), 3);
    /// assert_eq!(keys[1].key_data(), [928_981_903, 3_453_687_069]);
    /// ```
    #[must_use]
    pub fn split(self, num: usize) -> Vec<Key> {
        let num = num as u64;
        let data = match self.layout {
            CounterLayout::Partitionable => threefry::partitionable_split(self.data, num),
            CounterLayout::Legacy => threefry::legacy_split(self.data, num),
        };
        data.into_iter()
            .map(|d| Key::from_key_data(d).with_counter_layout(self.layout))
            .collect()
    }

    /// `jax.random.fold_in(key, data)`: a new key for `data`, the same in both
    /// layouts and, being integer hashing, on any backend (checked against jax
    /// 0.10.2).
    ///
    /// # Example
    /// ```
    /// use nninit::jax::Key;
    /// let key = Key::new(0);
    /// assert_ne!(key.fold_in(1), key.fold_in(2));
    /// assert_eq!(key.fold_in(1), key.fold_in(1));
    /// ```
    #[must_use]
    pub fn fold_in(self, data: u32) -> Key {
        Key::from_key_data(threefry::fold_in(self.data, data)).with_counter_layout(self.layout)
    }

    /// `jax.random.bits(key, shape, jnp.uint32)` for any `shape` of `out.len()`
    /// elements, in row-major order: the raw words every sampler maps. The same
    /// words on any backend (checked against jax 0.10.2).
    ///
    /// # Example
    /// ```
    /// use nninit::jax::Key;
    /// let mut words = [0u32; 3];
    /// Key::new(0).bits(&mut words);
    /// assert_eq!(words[0], 4_070_199_207);
    /// ```
    pub fn bits(self, out: &mut [u32]) {
        fill_bits(self.data, self.layout, out);
    }

    /// `jax.random.uniform(key, shape, jnp.float32, minval, maxval)` for any
    /// `shape` of `out.len()` elements: `max(minval, x·(maxval − minval) + minval)`
    /// with `x ∈ [0, 1)` from the top 23 bits of each word, the product and sum
    /// fused into one rounding as XLA CPU compiles them.
    ///
    /// Bit for bit with jax and jaxlib 0.10.2 on CPU for every finite `minval` and
    /// `maxval` (JAX checks neither their order nor their size, and neither does
    /// this), including XLA CPU's flushing of subnormal results to zero. A
    /// backend that does not fuse the multiply-add, or keeps subnormal numbers,
    /// can differ in the last bit. A NaN or infinite bound gives NaN or infinite
    /// elements, as in JAX, but which NaN is not promised.
    ///
    /// # Example
    /// ```
    /// use nninit::jax::Key;
    /// let mut x = vec![0.0f32; 1000];
    /// Key::new(0).uniform(&mut x, -1.0, 1.0);
    /// assert!(x.iter().all(|v| (-1.0..1.0).contains(v)));
    /// ```
    ///
    /// # References
    /// [`jax.random.uniform`](https://docs.jax.dev/en/latest/_autosummary/jax.random.uniform.html)
    pub fn uniform(self, out: &mut [f32], minval: f32, maxval: f32) {
        Sampler::Uniform(Uniform::new(minval, maxval)).fill(self.data, self.layout, out, None);
    }

    /// `jax.random.normal(key, shape, jnp.float32)` for any `shape` of `out.len()`
    /// elements: `√2·erf_inv(u)` with `u` uniform on `[nextafter(−1, 0), 1)`, and
    /// `erf_inv` as XLA computes it (Giles's approximation, on XLA CPU's `log1p`).
    ///
    /// Bit for bit with jax and jaxlib 0.10.2 on CPU. Another jaxlib, or a GPU or
    /// TPU, can compute `log1p` or fuse differently and differ in the last bits.
    ///
    /// # Example
    /// ```
    /// use nninit::jax::Key;
    /// let mut z = vec![0.0f32; 10_000];
    /// Key::new(42).normal(&mut z);
    /// let mean = z.iter().sum::<f32>() / z.len() as f32;
    /// assert!(mean.abs() < 4.0 / 100.0); // four standard errors
    /// ```
    ///
    /// # References
    /// [`jax.random.normal`](https://docs.jax.dev/en/latest/_autosummary/jax.random.normal.html)
    pub fn normal(self, out: &mut [f32]) {
        Sampler::normal().fill(self.data, self.layout, out, None);
    }

    /// `jax.random.truncated_normal(key, lower, upper, shape, jnp.float32)` for
    /// any `shape` of `out.len()` elements: `√2·erf_inv(u)` with `u` uniform
    /// between `erf(lower/√2)` and `erf(upper/√2)`, clipped to the open interval
    /// `(lower, upper)`.
    ///
    /// Bit for bit with jax and jaxlib 0.10.2 on CPU for every finite `lower` and
    /// `upper`, whose `erf` is XLA CPU's scalar one of that jaxlib; as in JAX,
    /// nothing checks that `lower < upper`.
    ///
    /// # Example
    /// ```
    /// use nninit::jax::Key;
    /// let mut z = vec![0.0f32; 1000];
    /// Key::new(0).truncated_normal(&mut z, -2.0, 2.0);
    /// assert!(z.iter().all(|v| -2.0 < *v && *v < 2.0));
    /// ```
    ///
    /// # References
    /// [`jax.random.truncated_normal`](https://docs.jax.dev/en/latest/_autosummary/jax.random.truncated_normal.html)
    pub fn truncated_normal(self, out: &mut [f32], lower: f32, upper: f32) {
        Sampler::truncated(lower, upper).fill(self.data, self.layout, out, None);
    }

    /// Fills `out`, a tensor of `shape` in row-major order, as
    /// `jax.nn.initializers` does when called with this key:
    /// `init(key, shape, jnp.float32)`. The [module documentation](crate::jax)
    /// lists the initializers and the call each one is.
    ///
    /// Bit for bit with jax and jaxlib 0.10.2 on CPU, called as it is (not under
    /// `jax.jit`, where XLA folds constants differently for the `normal` and
    /// `truncated_normal` families); see the [module documentation](crate::jax)
    /// for what this rests on.
    ///
    /// Initializers that compute fans need `shape` in the Keras and JAX layout
    /// `[..., in, out]` ([`Shape::from_keras`]), where JAX reads the fans from the
    /// last two axes and the receptive field from the others.
    ///
    /// # Errors
    /// - [`InitError::NotReproducible`] for an initializer that JAX does not have
    ///   (PyTorch's `xavier_*_`, `kaiming_*_` and default, `identity`, `dirac`,
    ///   `sparse`), or whose JAX values nninit does not reproduce (`orthogonal`,
    ///   `delta_orthogonal`, which JAX computes by QR), a `RandomNormal` with a
    ///   mean, and a `TruncatedNormal` with a mean or absolute bounds;
    /// - [`InitError::LengthMismatch`] when `out.len() != shape.len()`;
    /// - [`InitError::UnsupportedShape`] when fans are needed of a shape that is
    ///   not in Keras layout, is fused, or has fewer than 2 dimensions (JAX raises
    ///   `ValueError`), and [`InitError::ZeroFan`] for a zero fan (JAX raises
    ///   `ZeroDivisionError`);
    /// - [`InitError::NotRepresentable`], [`InitError::EmptyRange`] and
    ///   [`InitError::InfiniteRange`] for parameters that are not finite, or
    ///   that leave an empty range, once rounded to `f32`.
    ///
    /// Nothing is written on error.
    ///
    /// # Example
    /// ```
    /// use nninit::{jax, Shape};
    ///
    /// let key = jax::Key::new(0);
    /// let shape = Shape::from_keras(&[784, 128]);
    /// let mut w = vec![0.0f32; shape.len()];
    /// key.fill(&"glorot_uniform".parse()?, &mut w, &shape)?; // glorot_uniform()(key, (784, 128))
    /// let limit = (6.0f32 / (784.0 + 128.0)).sqrt();
    /// assert!(w.iter().all(|x| x.abs() < limit));
    /// assert_eq!(w[0].to_bits(), 0x3d94_ba69);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # References
    /// [`jax.nn.initializers`](https://docs.jax.dev/en/latest/jax.nn.initializers.html)
    pub fn fill(self, init: &Init, out: &mut [f32], shape: &Shape) -> Result<(), InitError> {
        let recipe = recipe(init, shape)?;
        let expected = shape.try_len()?;
        if out.len() != expected {
            return Err(InitError::LengthMismatch {
                len: out.len(),
                expected,
                shape: shape.to_string(),
            });
        }
        match recipe {
            Recipe::Fill(value) => out.fill(value),
            Recipe::Sample { sampler, factor } => {
                sampler.fill(self.data, self.layout, out, factor);
            }
        }
        Ok(())
    }
}
