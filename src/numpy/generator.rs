//! NumPy's `Generator`: `random`, `uniform`, `standard_normal` and `normal` on a
//! [`Pcg64`], call for call.

use super::{Pcg64, SeedSequence, ziggurat};
use crate::InitError;

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// The element types a [`Generator`] fills: `f64` (NumPy's `float64`) and `f32`
/// (`float32`).
///
/// `random` and `standard_normal` have a `dtype=` argument in NumPy, and an `f32`
/// buffer gets NumPy's own `float32` algorithm: 24-bit uniforms and the `float32`
/// ziggurat, from 32-bit draws. `uniform` and `normal` compute in `float64` only, so
/// an `f32` buffer gets the `float64` values rounded to nearest, NumPy's
/// `.astype(np.float32)`.
///
/// This trait is sealed: NumPy has no other floating dtypes to draw.
///
/// # Example
/// ```
/// use nninit::numpy::{Dtype, Pcg64};
///
/// assert_eq!(<f32 as Dtype>::NAME, "float32");
/// // One element of default_rng(0).random(dtype=np.float32)
/// assert_eq!(f32::random(&mut Pcg64::new(0)), 0.850_624_2);
/// ```
pub trait Dtype: sealed::Sealed + Copy + core::fmt::Debug + 'static {
    /// NumPy's name for the dtype: `"float64"` or `"float32"`.
    const NAME: &'static str;

    /// One element of `random(dtype=…)`: `[0, 1)` from the top 53 bits of a 64-bit
    /// draw (`f64`) or the top 24 bits of a 32-bit draw (`f32`).
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::{Dtype, Pcg64};
    /// // default_rng(0).random()
    /// assert_eq!(f64::random(&mut Pcg64::new(0)), 0.636_961_687_321_454_3);
    /// ```
    fn random(bit_generator: &mut Pcg64) -> Self;

    /// One element of `standard_normal(dtype=…)`: the `float64` or the `float32`
    /// ziggurat.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::{Dtype, Pcg64};
    /// // default_rng(0).standard_normal()
    /// assert_eq!(f64::standard_normal(&mut Pcg64::new(0)), 0.125_730_221_093_393_3);
    /// ```
    fn standard_normal(bit_generator: &mut Pcg64) -> Self;

    /// A `float64` in this dtype, as `.astype()` rounds it (to nearest, ties to
    /// even).
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Dtype;
    /// assert_eq!(f32::from_f64(0.1), 0.1f32);
    /// assert_eq!(f64::from_f64(0.1), 0.1);
    /// ```
    fn from_f64(x: f64) -> Self;
}

impl Dtype for f64 {
    const NAME: &'static str = "float64";

    #[inline(always)]
    fn random(bit_generator: &mut Pcg64) -> Self {
        bit_generator.next_f64()
    }

    #[inline(always)]
    fn standard_normal(bit_generator: &mut Pcg64) -> Self {
        ziggurat::standard_normal_f64(bit_generator)
    }

    #[inline(always)]
    fn from_f64(x: f64) -> Self {
        x
    }
}

impl Dtype for f32 {
    const NAME: &'static str = "float32";

    #[inline(always)]
    fn random(bit_generator: &mut Pcg64) -> Self {
        bit_generator.next_f32()
    }

    #[inline(always)]
    fn standard_normal(bit_generator: &mut Pcg64) -> Self {
        ziggurat::standard_normal_f32(bit_generator)
    }

    #[inline(always)]
    fn from_f64(x: f64) -> Self {
        #[allow(clippy::cast_possible_truncation)] // rounding to nearest, as astype
        {
            x as f32
        }
    }
}

/// NumPy's `numpy.random.Generator` on a [`Pcg64`]: what
/// `np.random.default_rng(seed)` returns, with the same draws, bit for bit.
///
/// Each method fills a slice as the NumPy call with `size=len(out)` fills its
/// array, and leaves the generator where NumPy's call leaves it, so that a
/// sequence of calls reproduces the same sequence in NumPy. `float32` calls take
/// 32-bit halves of 64-bit draws; an odd count leaves a half waiting, which the
/// next `float32` call takes first, across any `float64` calls in between (see
/// [`Pcg64::next_u32`]).
///
/// | nninit | NumPy |
/// |---|---|
/// | `Generator::default_rng(seed)` | `np.random.default_rng(seed)` |
/// | `random(&mut [f64])`, `random(&mut [f32])` | `random(n)`, `random(n, dtype=np.float32)` |
/// | `uniform(&mut [f64], low, high)` | `uniform(low, high, n)` |
/// | `standard_normal(&mut [f64])`, `(&mut [f32])` | `standard_normal(n)`, `standard_normal(n, dtype=np.float32)` |
/// | `normal(&mut [f64], loc, scale)` | `normal(loc, scale, n)` |
/// | `uniform`, `normal` on `&mut [f32]` | the same call, then `.astype(np.float32)` |
///
/// # Example
/// ```
/// use nninit::numpy::Generator;
///
/// // rng = np.random.default_rng(0); rng.random(2); rng.standard_normal(1)
/// let mut rng = Generator::default_rng(0);
/// let mut u = [0.0f64; 2];
/// rng.random(&mut u);
/// assert_eq!(u, [0.636_961_687_321_454_3, 0.269_786_713_763_870_3]);
/// let mut z = [0.0f64; 1];
/// rng.standard_normal(&mut z);
/// // The third 64-bit draw: the third element of default_rng(0).standard_normal(3).
/// assert_eq!(z[0], 0.640_422_650_443_282_1);
/// ```
///
/// # References
/// `numpy/random/_generator.pyx` (`Generator`) and
/// `numpy/random/src/distributions/distributions.c`;
/// <https://numpy.org/doc/stable/reference/random/generator.html>.
#[derive(Clone, Debug, PartialEq, Eq)]
#[doc(alias = "default_rng")]
pub struct Generator {
    bit_generator: Pcg64,
}

impl Generator {
    /// `np.random.default_rng(seed)`: a [`Pcg64`] seeded through
    /// `SeedSequence(seed)`.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Generator;
    ///
    /// // np.random.default_rng(0).random(3)
    /// let mut x = [0.0f64; 3];
    /// Generator::default_rng(0).random(&mut x);
    /// assert_eq!(x, [0.636_961_687_321_454_3, 0.269_786_713_763_870_3, 0.040_973_523_936_194_69]);
    /// ```
    #[must_use]
    pub fn default_rng(seed: u128) -> Self {
        Self::new(Pcg64::new(seed))
    }

    /// `np.random.default_rng(seed_sequence)`, for spawned or word-list seeds.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::{Generator, SeedSequence};
    ///
    /// // [np.random.default_rng(s) for s in np.random.SeedSequence(0).spawn(2)]
    /// let children = SeedSequence::new(0).spawn(2);
    /// let a = Generator::from_seed_sequence(&children[0]);
    /// let b = Generator::from_seed_sequence(&children[1]);
    /// assert_ne!(a, b);
    /// assert_eq!(Generator::from_seed_sequence(&SeedSequence::new(5)), Generator::default_rng(5));
    /// ```
    #[must_use]
    pub fn from_seed_sequence(seed_sequence: &SeedSequence) -> Self {
        Self::new(Pcg64::from_seed_sequence(seed_sequence))
    }

    /// `np.random.Generator(bit_generator)`.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::{Generator, Pcg64};
    /// assert_eq!(Generator::new(Pcg64::new(1)), Generator::default_rng(1));
    /// ```
    #[must_use]
    pub fn new(bit_generator: Pcg64) -> Self {
        Self { bit_generator }
    }

    /// The bit generator (`bit_generator`), for its state.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Generator;
    ///
    /// let mut rng = Generator::default_rng(0);
    /// rng.random(&mut [0.0f32; 3]);
    /// // Three 32-bit halves: two 64-bit draws, one half waiting.
    /// assert!(rng.bit_generator().state().has_uint32);
    /// ```
    #[must_use]
    pub fn bit_generator(&self) -> &Pcg64 {
        &self.bit_generator
    }

    /// The bit generator, mutably: to draw raw words or [`advance`](Pcg64::advance) it.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Generator;
    ///
    /// let mut a = Generator::default_rng(0);
    /// let mut b = a.clone();
    /// a.random(&mut [0.0f64; 10]);
    /// b.bit_generator_mut().advance(10);
    /// assert_eq!(a, b);
    /// ```
    pub fn bit_generator_mut(&mut self) -> &mut Pcg64 {
        &mut self.bit_generator
    }

    /// `random(len(out), dtype=…)`: uniform on `[0, 1)`.
    ///
    /// `f64`: `(w >> 11)·2⁻⁵³` of each 64-bit draw `w`. `f32`: `(v >> 8)·2⁻²⁴` of
    /// each 32-bit draw `v`.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Generator;
    ///
    /// // np.random.default_rng(0).random(3, dtype=np.float32)
    /// let mut x = [0.0f32; 3];
    /// Generator::default_rng(0).random(&mut x);
    /// assert_eq!(x, [0.850_624_2, 0.636_961_64, 0.511_136_5]);
    /// ```
    ///
    /// # References
    /// `random_standard_uniform_fill` and `random_standard_uniform_fill_f` in
    /// NumPy's `distributions.c`;
    /// <https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.random.html>.
    pub fn random<T: Dtype>(&mut self, out: &mut [T]) {
        for o in out {
            *o = T::random(&mut self.bit_generator);
        }
    }

    /// `uniform(low, high, len(out))`: `low + (high − low)·u` in `f64`, `u` as
    /// [`random`](Self::random) draws it for `f64`; not fused, as NumPy computes it.
    /// An `f32` buffer gets these values rounded (`.astype(np.float32)`).
    ///
    /// NumPy's checks, made before any draw: `high − low` must be finite, and not
    /// negative (`high == low` fills `low`).
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Generator;
    ///
    /// // np.random.default_rng(0).uniform(-1, 2, 3)
    /// let mut x = [0.0f64; 3];
    /// Generator::default_rng(0).uniform(&mut x, -1.0, 2.0)?;
    /// assert_eq!(x, [0.910_885_061_964_362_9, -0.190_639_858_708_389_07, -0.877_079_428_191_415_9]);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// [`InitError::NonFinite`] when `high − low` is infinite or NaN (NumPy's
    /// `OverflowError`); [`InitError::OutOfRange`] when it is negative, `−0.0`
    /// included (NumPy's `ValueError: high - low < 0`). Neither draws or writes.
    ///
    /// # References
    /// `Generator.uniform` in NumPy's `_generator.pyx` and `random_uniform` in
    /// `distributions.c`;
    /// <https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.uniform.html>.
    pub fn uniform<T: Dtype>(
        &mut self,
        out: &mut [T],
        low: f64,
        high: f64,
    ) -> Result<(), InitError> {
        let range = high - low;
        if !range.is_finite() {
            return Err(InitError::NonFinite {
                name: "high - low",
                value: range,
            });
        }
        if range.is_sign_negative() {
            return Err(InitError::OutOfRange {
                name: "high - low",
                value: range,
                allowed: "[+0, ∞), as NumPy requires",
            });
        }
        for o in out {
            *o = T::from_f64(low + range * self.bit_generator.next_f64());
        }
        Ok(())
    }

    /// `standard_normal(len(out), dtype=…)`: NumPy's 256-layer ziggurat, in
    /// `float64` from 64-bit draws or in `float32` from 32-bit draws.
    ///
    /// About 1.5 % of elements take the ziggurat's wedge or tail branch, which calls
    /// `exp` or `log1p` of the C library, as NumPy does: see the
    /// [module documentation](crate::numpy#the-c-library) for what that means off glibc.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Generator;
    ///
    /// // np.random.default_rng(0).standard_normal(3, dtype=np.float32)
    /// let mut z = [0.0f32; 3];
    /// Generator::default_rng(0).standard_normal(&mut z);
    /// assert_eq!(z, [1.117_622, -1.387_124_9, -0.426_571_6]);
    /// ```
    ///
    /// # References
    /// `random_standard_normal` and `random_standard_normal_f` in NumPy's
    /// `distributions.c`; G. Marsaglia, W. W. Tsang, "The Ziggurat Method for
    /// Generating Random Variables", J. Stat. Softw. 5(8), 2000;
    /// <https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.standard_normal.html>.
    #[doc(alias = "randn")]
    pub fn standard_normal<T: Dtype>(&mut self, out: &mut [T]) {
        for o in out {
            *o = T::standard_normal(&mut self.bit_generator);
        }
    }

    /// `normal(loc, scale, len(out))`: `loc + scale·z` in `f64`, `z` the `float64`
    /// [`standard_normal`](Self::standard_normal); not fused. An `f32` buffer gets
    /// these values rounded (`.astype(np.float32)`), which is not
    /// `standard_normal(dtype=np.float32)`.
    ///
    /// NumPy's check, made before any draw: `scale` must not be negative (`−0.0`
    /// included). NumPy lets a NaN `scale` through, and so does this: the values
    /// are NaN.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Generator;
    ///
    /// // np.random.default_rng(0).normal(1, 3, 3)
    /// let mut x = [0.0f64; 3];
    /// Generator::default_rng(0).normal(&mut x, 1.0, 3.0)?;
    /// assert_eq!(x, [1.377_190_663_280_179_8, 0.603_685_410_126_094_3, 2.921_267_951_329_846_3]);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// [`InitError::OutOfRange`] when `scale` is negative (NumPy's
    /// `ValueError: scale < 0`); nothing is drawn or written.
    ///
    /// # References
    /// `Generator.normal` in NumPy's `_generator.pyx` and `random_normal` in
    /// `distributions.c`;
    /// <https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.normal.html>.
    pub fn normal<T: Dtype>(
        &mut self,
        out: &mut [T],
        loc: f64,
        scale: f64,
    ) -> Result<(), InitError> {
        if scale.is_sign_negative() && !scale.is_nan() {
            return Err(InitError::OutOfRange {
                name: "scale",
                value: scale,
                allowed: "[+0, ∞), as NumPy requires",
            });
        }
        for o in out {
            *o = T::from_f64(loc + scale * ziggurat::standard_normal_f64(&mut self.bit_generator));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
