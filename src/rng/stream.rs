//! `Stream`: the SplitMix64 sequence that seeds the lanes, draws layer keys and
//! shuffles samples, and `bounded`, a uniform draw below `n`.

use super::mix64;

/// SplitMix64 (Steele, Lea & Flood, 2014): a 64-bit state advanced by a fixed odd
/// increment and mixed on output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stream {
    state: u64,
}

impl Stream {
    /// The stream that starts at `seed`.
    #[inline]
    pub(crate) fn new(seed: u64) -> Self {
        Stream { state: seed }
    }

    /// The next 64 random bits.
    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.state)
    }

    /// A uniform index below `n` (`n > 0`), by [`bounded`].
    #[cfg(any(feature = "nn", test))]
    #[allow(clippy::cast_possible_truncation)] // below n, a usize
    pub(crate) fn below(&mut self, n: usize) -> usize {
        bounded(&mut || self.next_u64(), n as u64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates): the training core's batch order.
    #[cfg(any(feature = "nn", test))]
    pub(crate) fn shuffle<I>(&mut self, items: &mut [I]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// `⌊u·n / 2^64⌋` for 64-bit words `u` from `next`, with rejection (Lemire's
/// method): uniform in `0..n`, `n > 0`. Shared by [`Stream::below`] and the
/// sparse initializer.
pub(crate) fn bounded(next: &mut impl FnMut() -> u64, n: u64) -> u64 {
    let threshold = n.wrapping_neg() % n;
    loop {
        let m = u128::from(next()) * u128::from(n);
        #[allow(clippy::cast_possible_truncation)] // the low half
        if (m as u64) >= threshold {
            return (m >> 64) as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_is_in_range_and_hits_every_value() {
        let mut x = 1u64;
        let mut next = || {
            x = mix64(x);
            x
        };
        let mut seen = [0usize; 7];
        for _ in 0..7000 {
            seen[usize::try_from(bounded(&mut next, 7)).unwrap()] += 1;
        }
        assert!(seen.iter().all(|&c| c > 800));
    }

    #[test]
    fn below_is_in_range_and_covers_it() {
        let mut s = Stream::new(1);
        let mut seen = [0usize; 7];
        for _ in 0..7000 {
            seen[s.below(7)] += 1;
        }
        // Each count is Binomial(7000, 1/7): mean 1000, sd 29; 6 sd is alpha < 1e-8.
        assert!(seen.iter().all(|&c| c.abs_diff(1000) < 6 * 29), "{seen:?}");
        assert_eq!(s.below(1), 0);
    }

    #[test]
    fn shuffle_is_a_seeded_permutation() {
        let mut a: Vec<usize> = (0..50).collect();
        let mut b = a.clone();
        Stream::new(9).shuffle(&mut a);
        Stream::new(9).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..50).collect::<Vec<_>>());
        b.sort_unstable();
        assert_eq!(b, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn splitmix64_reference_value() {
        // SplitMix64 from state 0: the first output of the reference sequence.
        assert_eq!(Stream::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }
}
