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
mod tests;
