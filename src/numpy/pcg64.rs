//! NumPy's `PCG64` bit generator: a 128-bit LCG with the XSL-RR output, and the
//! 32-bit draws it serves from halves of a 64-bit one.

use super::SeedSequence;

/// The LCG's multiplier (`PCG_DEFAULT_MULTIPLIER_128`).
const MULTIPLIER: u128 = 0x2360_ed05_1fc6_5da4_4385_df64_9fcc_f645;

/// The stride of [`Pcg64::jumped`]: `(φ − 1)·2¹²⁸`, φ the golden ratio.
const JUMP: u128 = 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835;

/// `2⁻⁵³`: the weight of the last bit of a 53-bit uniform.
const TWO_POW_M53: f64 = 1.0 / 9_007_199_254_740_992.0;

/// The state of a [`Pcg64`], field for field NumPy's `bit_generator.state`:
/// `{'state': {'state': state, 'inc': inc}, 'has_uint32': …, 'uinteger': …}`.
///
/// # Example
/// ```
/// use nninit::numpy::Pcg64;
///
/// let mut bg = Pcg64::new(0);
/// bg.next_u32();
/// let st = bg.state();
/// // Half of the 64-bit draw waits for the next 32-bit one.
/// assert!(st.has_uint32);
/// assert_eq!(Pcg64::from_state(st).next_u32(), bg.next_u32());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pcg64State {
    /// The LCG's 128-bit state.
    pub state: u128,
    /// The LCG's increment (odd for generators NumPy seeds).
    pub inc: u128,
    /// Whether the upper half of the last 64-bit draw is waiting to be served as
    /// the next 32-bit draw.
    pub has_uint32: bool,
    /// That upper half (0 when none waits after seeding or advancing).
    pub uinteger: u32,
}

/// NumPy's `PCG64` bit generator (PCG XSL RR 128/64), the one
/// [`Generator::default_rng`](super::Generator::default_rng) uses.
///
/// Each 64-bit draw steps a 128-bit LCG, `s ← s·M + inc (mod 2¹²⁸)`, and returns
/// the xor of the state's halves rotated right by its top six bits. A 32-bit draw
/// takes the low half of a fresh 64-bit draw and keeps the high half for the next
/// 32-bit draw; 64-bit draws in between do not touch that half. Seeding takes four
/// 64-bit words from a [`SeedSequence`]: the first two are the initial state, the
/// last two the stream (`inc = 2·stream + 1`).
///
/// # Example
/// ```
/// use nninit::numpy::Pcg64;
///
/// // np.random.PCG64(0).random_raw(2)
/// let mut bg = Pcg64::new(0);
/// assert_eq!(bg.next_u64(), 0xa30f_ebcf_d9c2_825f);
/// assert_eq!(bg.next_u64(), 0x4510_bdf8_82d9_d721);
/// ```
///
/// # References
/// M. E. O'Neill, "PCG: A Family of Simple Fast Space-Efficient Statistically Good
/// Algorithms for Random Number Generation", HMC-CS-2014-0905, 2014. NumPy's
/// `numpy/random/src/pcg64/pcg64.h` (`pcg64_next64`, `pcg64_next32`,
/// `pcg_setseq_128_srandom_r`) and `numpy/random/_pcg64.pyx`;
/// <https://numpy.org/doc/stable/reference/random/bit_generators/pcg64.html>.
// Not `Copy`, as in `rand`: a copied generator silently repeats its stream.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[doc(alias = "PCG64")]
pub struct Pcg64 {
    state: u128,
    inc: u128,
    has_uint32: bool,
    uinteger: u32,
}

impl Pcg64 {
    /// `PCG64(seed)`: seeded through `SeedSequence(seed)`.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::{Pcg64, SeedSequence};
    /// assert_eq!(Pcg64::new(42), Pcg64::from_seed_sequence(&SeedSequence::new(42)));
    /// ```
    #[must_use]
    pub fn new(seed: u128) -> Self {
        Self::from_seed_sequence(&SeedSequence::new(seed))
    }

    /// `PCG64(seed_sequence)`: the state from `generate_state(4, np.uint64)`.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::{Pcg64, SeedSequence};
    ///
    /// // np.random.PCG64(np.random.SeedSequence(0)).state['state']['inc']
    /// let bg = Pcg64::from_seed_sequence(&SeedSequence::new(0));
    /// assert_eq!(bg.state().inc, 87_136_372_517_582_989_555_478_159_403_783_844_777);
    /// ```
    #[must_use]
    pub fn from_seed_sequence(seed_sequence: &SeedSequence) -> Self {
        let mut w = [0u64; 4];
        seed_sequence.generate_state_u64(&mut w);
        let init_state = u128::from(w[0]) << 64 | u128::from(w[1]);
        let init_seq = u128::from(w[2]) << 64 | u128::from(w[3]);
        // pcg_setseq_128_srandom_r: step from zero, add the initial state, step.
        let mut bg = Self {
            state: 0,
            inc: init_seq << 1 | 1,
            has_uint32: false,
            uinteger: 0,
        };
        bg.step();
        bg.state = bg.state.wrapping_add(init_state);
        bg.step();
        bg
    }

    /// A generator in the given state, as assigning NumPy's `bit_generator.state`.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::{Pcg64, Pcg64State};
    ///
    /// let st = Pcg64State { state: 1, inc: 3, has_uint32: false, uinteger: 0 };
    /// assert_eq!(Pcg64::from_state(st).state(), st);
    /// ```
    #[must_use]
    pub fn from_state(state: Pcg64State) -> Self {
        Self {
            state: state.state,
            inc: state.inc,
            has_uint32: state.has_uint32,
            uinteger: state.uinteger,
        }
    }

    /// The state, as NumPy's `bit_generator.state` reports it.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Pcg64;
    ///
    /// // np.random.PCG64(0).state['state']['state']
    /// let st = Pcg64::new(0).state();
    /// assert_eq!(st.state, 35_399_562_948_360_463_058_890_781_895_381_311_971);
    /// assert!(!st.has_uint32);
    /// ```
    #[must_use]
    pub fn state(&self) -> Pcg64State {
        Pcg64State {
            state: self.state,
            inc: self.inc,
            has_uint32: self.has_uint32,
            uinteger: self.uinteger,
        }
    }

    /// One LCG step.
    #[inline(always)]
    fn step(&mut self) {
        self.state = self.state.wrapping_mul(MULTIPLIER).wrapping_add(self.inc);
    }

    /// The next 64-bit draw (`random_raw()`; the C API's `next_uint64`).
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Pcg64;
    /// let mut bg = Pcg64::new(0);
    /// let first = bg.next_u64();
    /// assert_ne!(bg.next_u64(), first);
    /// ```
    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        self.step();
        // XSL RR: xor the halves, rotate right by the top six bits.
        #[allow(clippy::cast_possible_truncation)] // the halves, on purpose
        let (hi, lo) = ((self.state >> 64) as u64, self.state as u64);
        #[allow(clippy::cast_possible_truncation)] // six bits
        let rot = (self.state >> 122) as u32;
        (hi ^ lo).rotate_right(rot)
    }

    /// The next 32-bit draw (the C API's `next_uint32`): the low half of a new
    /// 64-bit draw, or the high half of the last one if it waits.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Pcg64;
    ///
    /// let word = Pcg64::new(3).next_u64();
    /// let mut bg = Pcg64::new(3);
    /// assert_eq!(u64::from(bg.next_u32()), word & 0xffff_ffff);
    /// assert_eq!(u64::from(bg.next_u32()), word >> 32);
    /// ```
    #[inline(always)]
    pub fn next_u32(&mut self) -> u32 {
        if self.has_uint32 {
            self.has_uint32 = false;
            return self.uinteger;
        }
        let next = self.next_u64();
        self.has_uint32 = true;
        #[allow(clippy::cast_possible_truncation)] // the halves, on purpose
        {
            self.uinteger = (next >> 32) as u32;
            next as u32
        }
    }

    /// The next double in `[0, 1)` (the C API's `next_double`): the top 53 bits of
    /// a 64-bit draw times `2⁻⁵³`.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Pcg64;
    /// // np.random.default_rng(0).random()
    /// assert_eq!(Pcg64::new(0).next_f64(), 0.6369616873214543);
    /// ```
    #[inline(always)]
    pub fn next_f64(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // 53 bits: exact
        let top = (self.next_u64() >> 11) as f64;
        top * TWO_POW_M53
    }

    /// A `float` in `[0, 1)`: the top 24 bits of a 32-bit draw times `2⁻²⁴`
    /// (`next_float` in NumPy's `distributions.c`, which the `float32` `random()`
    /// and the `float32` ziggurat's tail use).
    #[inline(always)]
    pub(super) fn next_f32(&mut self) -> f32 {
        #[allow(clippy::cast_precision_loss)] // 24 bits: exact
        let top = (self.next_u32() >> 8) as f32;
        top * (1.0 / 16_777_216.0)
    }

    /// `advance(delta)`: the state `delta` 64-bit draws ahead (modulo 2¹²⁸, so
    /// `u128::MAX` steps back one), in `O(log delta)`. Like NumPy, it drops a
    /// waiting 32-bit half.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Pcg64;
    ///
    /// let mut a = Pcg64::new(5);
    /// let mut b = a.clone();
    /// for _ in 0..1000 {
    ///     a.next_u64();
    /// }
    /// b.advance(1000);
    /// assert_eq!(a.next_u64(), b.next_u64());
    /// ```
    ///
    /// # References
    /// F. B. Brown, "Random Number Generation with Arbitrary Strides", Trans. Am.
    /// Nucl. Soc. 71, 1994; NumPy's `pcg64_advance` (`numpy/random/src/pcg64/pcg64.c`).
    pub fn advance(&mut self, delta: u128) -> &mut Self {
        // x ← A·x + C for the composed map, built from the squares of the one-step
        // map (M, inc) along the bits of delta.
        let (mut acc_mult, mut acc_plus) = (1u128, 0u128);
        let (mut mult, mut plus) = (MULTIPLIER, self.inc);
        let mut d = delta;
        while d > 0 {
            if d & 1 == 1 {
                acc_mult = acc_mult.wrapping_mul(mult);
                acc_plus = acc_plus.wrapping_mul(mult).wrapping_add(plus);
            }
            plus = mult.wrapping_add(1).wrapping_mul(plus);
            mult = mult.wrapping_mul(mult);
            d >>= 1;
        }
        self.state = acc_mult.wrapping_mul(self.state).wrapping_add(acc_plus);
        self.has_uint32 = false;
        self.uinteger = 0;
        self
    }

    /// `jumped(jumps)`: a copy advanced by `jumps·(φ − 1)·2¹²⁸` draws (modulo 2¹²⁸),
    /// for streams that will not overlap. `self` is left as it is.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::Pcg64;
    ///
    /// let bg = Pcg64::new(0);
    /// assert_eq!(bg.jumped(2), bg.jumped(1).jumped(1));
    /// assert_ne!(bg.jumped(1), bg);
    /// ```
    #[must_use]
    pub fn jumped(&self, jumps: u128) -> Self {
        let mut out = self.clone();
        out.advance(JUMP.wrapping_mul(jumps));
        out
    }
}

#[cfg(test)]
mod tests;
