//! NumPy's `SeedSequence`: entropy words hashed into a pool, and the pool into
//! state words for a bit generator.

/// Words in the entropy pool (NumPy's `DEFAULT_POOL_SIZE`).
const POOL_SIZE: usize = 4;
/// The hash constant for mixing entropy into the pool, and its multiplier.
const INIT_A: u32 = 0x43b0_d7e5;
const MULT_A: u32 = 0x931e_8875;
/// The hash constant for drawing state words from the pool, and its multiplier.
const INIT_B: u32 = 0x8b51_f9dd;
const MULT_B: u32 = 0x58f3_8ded;
/// The multipliers of the two-word mix.
const MIX_MULT_L: u32 = 0xca01_f9dd;
const MIX_MULT_R: u32 = 0x4973_f715;
/// Half a word: the shift of every xorshift step.
const XSHIFT: u32 = 16;

/// One step of the keyed hash: xor with the running constant, advance the constant
/// by `MULT_A`, multiply, xorshift.
fn hashmix(value: u32, hash_const: &mut u32) -> u32 {
    let mut v = value ^ *hash_const;
    *hash_const = hash_const.wrapping_mul(MULT_A);
    v = v.wrapping_mul(*hash_const);
    v ^ (v >> XSHIFT)
}

/// The two-word mix: `L·x − R·y`, then xorshift.
fn mix(x: u32, y: u32) -> u32 {
    let r = MIX_MULT_L
        .wrapping_mul(x)
        .wrapping_sub(MIX_MULT_R.wrapping_mul(y));
    r ^ (r >> XSHIFT)
}

/// An integer as NumPy splits it into entropy words: 32 bits at a time, lowest
/// first, and `[0]` for zero.
fn int_words(mut n: u128) -> Vec<u32> {
    if n == 0 {
        return vec![0];
    }
    let mut words = Vec::with_capacity(4);
    while n > 0 {
        // The low 32 bits, on purpose.
        #[allow(clippy::cast_possible_truncation)]
        words.push(n as u32);
        n >>= 32;
    }
    words
}

/// NumPy's `SeedSequence`: turns a seed (the *entropy*) into well-mixed state words
/// for a bit generator, and spawns independent children.
///
/// The entropy and the spawn key are hashed into a pool of four 32-bit words when
/// the sequence is made; [`generate_state`](Self::generate_state) then draws any
/// number of words from the pool. [`Pcg64`](super::Pcg64) asks for four 64-bit
/// words (`generate_state(4, np.uint64)`), which
/// [`generate_state_u64`](Self::generate_state_u64) gives.
///
/// Entropy is an integer ([`new`](Self::new), up to 128 bits, which covers the
/// `entropy` a seedless `SeedSequence()` prints) or a `uint32` array
/// ([`from_words`](Self::from_words); an integer of more than 128 bits is its
/// words, lowest first). The pool size is NumPy's default, 4.
///
/// # Example
/// ```
/// use nninit::numpy::SeedSequence;
///
/// // np.random.SeedSequence(0).generate_state(4)
/// let mut words = [0u32; 4];
/// SeedSequence::new(0).generate_state(&mut words);
/// assert_eq!(words, [0xb0f4_78be, 0xdb2c_d7e7, 0x2c71_ba49, 0xabf4_641a]);
/// ```
///
/// # References
/// `SeedSequence` in NumPy's `numpy/random/bit_generator.pyx`, after M. E. O'Neill's
/// `seed_seq_fe`; <https://numpy.org/doc/stable/reference/random/bit_generators/generated/numpy.random.SeedSequence.html>.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedSequence {
    entropy: Vec<u32>,
    spawn_key: Vec<u32>,
    pool: [u32; POOL_SIZE],
    n_children_spawned: u32,
}

impl SeedSequence {
    /// `SeedSequence(entropy)` for an integer entropy.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    ///
    /// // An integer is its 32-bit words, lowest first.
    /// let big = SeedSequence::new((7 << 32) | 5);
    /// assert_eq!(big, SeedSequence::from_words(&[5, 7]));
    /// assert_eq!(big.entropy(), &[5, 7]);
    /// ```
    #[must_use]
    pub fn new(entropy: u128) -> Self {
        Self::assemble(int_words(entropy), Vec::new())
    }

    /// `SeedSequence(np.array(words, dtype=np.uint32))`: entropy given as 32-bit
    /// words (also a list of Python ints that each fit in 32 bits).
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    ///
    /// // SeedSequence(0) and SeedSequence([0]) are the same sequence.
    /// assert_eq!(SeedSequence::from_words(&[0]).pool(), SeedSequence::new(0).pool());
    /// ```
    #[must_use]
    pub fn from_words(entropy: &[u32]) -> Self {
        Self::assemble(entropy.to_vec(), Vec::new())
    }

    /// The same entropy with `spawn_key` (NumPy's `spawn_key=` argument, each key
    /// element as its 32-bit words), as a child made by [`spawn`](Self::spawn) has.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    ///
    /// let mut parent = SeedSequence::new(7);
    /// let children = parent.spawn(2);
    /// // SeedSequence(7).spawn(2)[1] is SeedSequence(7, spawn_key=(1,)).
    /// assert_eq!(children[1], SeedSequence::new(7).with_spawn_key(&[1]));
    /// ```
    #[must_use]
    pub fn with_spawn_key(self, spawn_key: &[u32]) -> Self {
        Self::assemble(self.entropy, spawn_key.to_vec())
    }

    /// Hashes the entropy and the spawn key into the pool (NumPy's
    /// `get_assembled_entropy` and `mix_entropy`).
    fn assemble(entropy: Vec<u32>, spawn_key: Vec<u32>) -> Self {
        let mut words = entropy.clone();
        // With a spawn key, short entropy is padded with zeros to the pool size, so
        // that no spawn key can collide with longer entropy (NumPy since 1.19).
        if !spawn_key.is_empty() && words.len() < POOL_SIZE {
            words.resize(POOL_SIZE, 0);
        }
        words.extend_from_slice(&spawn_key);

        let mut hash_const = INIT_A;
        let mut pool = [0u32; POOL_SIZE];
        for (i, p) in pool.iter_mut().enumerate() {
            *p = hashmix(words.get(i).copied().unwrap_or(0), &mut hash_const);
        }
        for src in 0..POOL_SIZE {
            for dst in 0..POOL_SIZE {
                if src != dst {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], &mut hash_const));
                }
            }
        }
        for &w in words.iter().skip(POOL_SIZE) {
            for p in &mut pool {
                *p = mix(*p, hashmix(w, &mut hash_const));
            }
        }
        Self {
            entropy,
            spawn_key,
            pool,
            n_children_spawned: 0,
        }
    }

    /// `generate_state(len(out))`: fills `out` with 32-bit state words.
    ///
    /// Word `i` is pool word `i mod 4` hashed with a running constant, so the first
    /// words of a longer request are the words of a shorter one.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    ///
    /// let seq = SeedSequence::new(42);
    /// let (mut short, mut long) = ([0u32; 3], [0u32; 8]);
    /// seq.generate_state(&mut short);
    /// seq.generate_state(&mut long);
    /// assert_eq!(short, long[..3]);
    /// ```
    pub fn generate_state(&self, out: &mut [u32]) {
        let mut hash_const = INIT_B;
        for (i, o) in out.iter_mut().enumerate() {
            let mut v = self.pool[i % POOL_SIZE] ^ hash_const;
            hash_const = hash_const.wrapping_mul(MULT_B);
            v = v.wrapping_mul(hash_const);
            *o = v ^ (v >> XSHIFT);
        }
    }

    /// `generate_state(len(out), np.uint64)`: twice as many 32-bit words, paired
    /// little-endian (word `2i` is the low half of `out[i]`).
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    ///
    /// let seq = SeedSequence::new(0);
    /// let (mut w32, mut w64) = ([0u32; 2], [0u64; 1]);
    /// seq.generate_state(&mut w32);
    /// seq.generate_state_u64(&mut w64);
    /// assert_eq!(w64[0], u64::from(w32[0]) | u64::from(w32[1]) << 32);
    /// ```
    pub fn generate_state_u64(&self, out: &mut [u64]) {
        let mut hash_const = INIT_B;
        let mut next = |i: usize| {
            let mut v = self.pool[i % POOL_SIZE] ^ hash_const;
            hash_const = hash_const.wrapping_mul(MULT_B);
            v = v.wrapping_mul(hash_const);
            u64::from(v ^ (v >> XSHIFT))
        };
        for (i, o) in out.iter_mut().enumerate() {
            let lo = next(2 * i);
            *o = lo | next(2 * i + 1) << 32;
        }
    }

    /// `spawn(n_children)`: `n_children` independent children, whose spawn keys
    /// extend this one's by the indices not yet handed out.
    ///
    /// A second call continues the numbering, as in NumPy: `spawn(2)` then
    /// `spawn(3)` gives the children with keys `(0,)` … `(4,)`. Indices are 32-bit
    /// and wrap after 2³² children, as NumPy's loop variable does.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    ///
    /// let mut seq = SeedSequence::new(7);
    /// let _first = seq.spawn(2);
    /// let next = seq.spawn(3);
    /// assert_eq!(next[0].spawn_key(), &[2]);
    /// assert_eq!(seq.n_children_spawned(), 5);
    /// ```
    pub fn spawn(&mut self, n_children: u32) -> Vec<SeedSequence> {
        let first = self.n_children_spawned;
        self.n_children_spawned = first.wrapping_add(n_children);
        (0..n_children)
            .map(|k| {
                let mut key = self.spawn_key.clone();
                key.push(first.wrapping_add(k));
                Self::assemble(self.entropy.clone(), key)
            })
            .collect()
    }

    /// The entropy, as 32-bit words, lowest first.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    /// assert_eq!(SeedSequence::new(0).entropy(), &[0]);
    /// ```
    #[must_use]
    pub fn entropy(&self) -> &[u32] {
        &self.entropy
    }

    /// The spawn key, as 32-bit words (empty for a sequence that was not spawned).
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    /// assert!(SeedSequence::new(0).spawn_key().is_empty());
    /// ```
    #[must_use]
    pub fn spawn_key(&self) -> &[u32] {
        &self.spawn_key
    }

    /// How many children [`spawn`](Self::spawn) has made.
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    /// let mut seq = SeedSequence::new(1);
    /// seq.spawn(4);
    /// assert_eq!(seq.n_children_spawned(), 4);
    /// ```
    #[must_use]
    pub fn n_children_spawned(&self) -> u32 {
        self.n_children_spawned
    }

    /// The mixed entropy pool (NumPy's `pool` attribute).
    ///
    /// # Example
    /// ```
    /// use nninit::numpy::SeedSequence;
    /// // np.random.SeedSequence(0).pool
    /// assert_eq!(
    ///     SeedSequence::new(0).pool(),
    ///     [0xfe40_eb07, 0x4f36_3a36, 0x4eb2_009d, 0xc89a_7aa7]
    /// );
    /// ```
    #[must_use]
    pub fn pool(&self) -> [u32; POOL_SIZE] {
        self.pool
    }
}

#[cfg(test)]
mod tests;
