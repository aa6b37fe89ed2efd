//! The element types' half of the generator: [`Element`], what every element
//! type gives a fill, and [`Native`], how random bits become `f32` and `f64`
//! values, the types the generator computes in.

use core::fmt::Debug;

use super::dist::{Bounds, Dist, Reject};
use super::math::{
    normal_quantile_f32, normal_quantile_f32_central_strip, normal_quantile_f32_select,
    normal_quantile_f32_tail_strip, normal_quantile_f64, normal_quantile_f64_central_strip,
    normal_quantile_f64_select, normal_quantile_f64_tail_strip,
};
use super::simd::Word;

/// An element type that nninit fills: the sampling half of nninit's `Real`, owned
/// by the generator. Public only because `Real` names it; its module is private,
/// so no type outside the crate can implement it.
///
/// A fill of an element type runs the stream of its [`Native`] type, the type the
/// generator computes in, and then [`finishes`](Element::Finish) each value: for
/// `f32` and `f64`, which are their own native types, the finish does nothing;
/// the half-precision types round the `f32` values.
pub trait Element: num_traits::Float + Debug + Send + Sync + 'static {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The random word one element consumes.
    type Bits: Word;
    /// The type the generator computes this type's values in.
    type Native: Native<Bits = Self::Bits>;
    /// What turns a value of the native stream into this type's value, checked for
    /// a distribution.
    type Finish: Copy + Debug + PartialEq + Send + Sync;

    /// The finish for `dist`, whose values the distribution's support `bounds`
    /// holds, or why this type cannot hold its values.
    ///
    /// # Errors
    /// The [`Reject`] that names the trouble.
    fn finish(dist: &Dist<Self::Native>, bounds: Bounds) -> Result<Self::Finish, Reject>;
    /// Writes elements `offset..offset + out.len()` of the tensor under `key`:
    /// the native fill's values, finished.
    fn fill(
        dist: &Dist<Self::Native>,
        finish: &Self::Finish,
        out: &mut [Self],
        key: u64,
        offset: usize,
    );
    /// The value for one element's random word: the native sample, finished.
    fn sample(dist: &Dist<Self::Native>, finish: &Self::Finish, bits: Self::Bits) -> Self;
    /// The value rounded to this type: for the types narrower than `f32`, rounded
    /// to `f32` first, so that a value is always its `f32` value rounded.
    fn from_f64(x: f64) -> Self;
}

/// A type the generator computes in (`f32`, `f64`): how random bits become its
/// values.
pub trait Native: Element<Native = Self> {
    /// One word from a caller's generator.
    fn bits_from(rng: &mut (impl rand::Rng + ?Sized)) -> Self::Bits;
    /// `k·2^-p ∈ [0, 1)` from the top `p` bits (p = 24 or 53).
    fn unit(bits: Self::Bits) -> Self;
    /// `(k + ½)·2^-(p-1) ∈ (0, 1)` from the top `p − 1` bits: symmetric about ½,
    /// never 0 or 1.
    fn unit_open(bits: Self::Bits) -> Self;
    /// A standard normal deviate by inverse CDF: the top bit picks the sign and
    /// the next `p − 1` bits the tail probability `(k + ½)·2^-p`, so that both
    /// `q = p − ½` and `min(p, 1 − p)` are exact.
    fn std_normal(bits: Self::Bits) -> Self;
    /// `Φ⁻¹` given `q = p − ½` and `r = min(p, 1 − p)`.
    fn normal_quantile(q: Self, r: Self) -> Self;
    /// [`std_normal`](Native::std_normal) without branches, for the fill loops:
    /// the same bits.
    fn std_normal_select(bits: Self::Bits) -> Self;
    /// [`normal_quantile`](Native::normal_quantile) without branches, for the
    /// fill loops: the same bits.
    fn normal_quantile_select(q: Self, r: Self) -> Self;
    /// `(q, r)` as [`std_normal`](Native::std_normal) computes them.
    fn std_normal_args(bits: Self::Bits) -> (Self, Self);
    /// `q` of [`std_normal_args`](Native::std_normal_args) alone, by fewer
    /// floating-point operations: the same value.
    fn std_normal_q(bits: Self::Bits) -> Self;
    /// The quantile's tail regions alone, without branches, on a strip: the
    /// quantile wherever `q` lies outside the central region. With `far`
    /// false, the caller promises that no `r` lies in the far tail
    /// (`√(−ln r) > 5`), whose test is then left out.
    fn normal_quantile_tail_strip<const S: usize>(
        q: &[Self; S],
        r: &[Self; S],
        z: &mut [Self; S],
        far: bool,
    );
    /// Whether [`std_normal`](Native::std_normal)'s tail probabilities reach
    /// the quantile's far tail (`√(−ln r) > 5`): their least value is
    /// `2^-(p+1)` (`2^-25`, `2^-54`).
    const STD_NORMAL_FAR: bool;
    /// The quantile's central region alone, on a strip, and `outside[l] = 1` where
    /// `q[l]` lies outside it (where the value is not the quantile).
    fn normal_quantile_central_strip<const S: usize>(
        q: &[Self; S],
        z: &mut [Self; S],
        outside: &mut [u8; S],
    );
    /// The value as an `f64`, exactly.
    fn widen(self) -> f64;
    /// The random bits that [`unit_open`](Native::unit_open) resolves: it takes
    /// `2^UNIT_OPEN_BITS` values.
    const UNIT_OPEN_BITS: i32;
    /// The largest value below `self`.
    fn prev(self) -> Self;
}

impl Element for f32 {
    const NAME: &'static str = "f32";
    type Bits = u32;
    type Native = f32;
    type Finish = ();

    fn finish(_: &Dist<f32>, _: Bounds) -> Result<(), Reject> {
        Ok(())
    }
    #[inline]
    fn fill(dist: &Dist<f32>, (): &(), out: &mut [f32], key: u64, offset: usize) {
        dist.fill(out, key, offset);
    }
    #[inline]
    fn sample(dist: &Dist<f32>, (): &(), bits: u32) -> f32 {
        dist.sample(bits)
    }
    #[allow(clippy::cast_possible_truncation)] // rounding to f32 is the point
    fn from_f64(x: f64) -> f32 {
        x as f32
    }
}

impl Native for f32 {
    const UNIT_OPEN_BITS: i32 = 23;
    // `√(−ln 2^-25) ≈ 4.16`.
    const STD_NORMAL_FAR: bool = false;

    fn bits_from(rng: &mut (impl rand::Rng + ?Sized)) -> u32 {
        rng.next_u32()
    }
    #[inline(always)]
    #[allow(clippy::cast_precision_loss)] // 24-bit integers are exact in f32
    fn unit(bits: u32) -> f32 {
        (bits >> 8) as f32 * (1.0 / 16_777_216.0)
    }
    #[inline(always)]
    fn unit_open(bits: u32) -> f32 {
        // `(k + ½)·2^-23` for the top 23 bits `k`: with `k` as the mantissa of 1,
        // `1 + k·2^-23`, less `1 − 2^-24`, exactly (24 significant bits).
        f32::from_bits((bits >> 9) | 0x3f80_0000) - (1.0 - 1.0 / 16_777_216.0)
    }
    #[inline(always)]
    fn std_normal(bits: u32) -> f32 {
        let (q, tail) = Self::std_normal_args(bits);
        normal_quantile_f32(q, tail)
    }
    #[inline(always)]
    fn normal_quantile(q: f32, r: f32) -> f32 {
        normal_quantile_f32(q, r)
    }
    #[inline(always)]
    fn std_normal_select(bits: u32) -> f32 {
        let (q, tail) = Self::std_normal_args(bits);
        normal_quantile_f32_select(q, tail)
    }
    #[inline(always)]
    fn std_normal_args(bits: u32) -> (f32, f32) {
        // `(k + ½)·2^-24` for the 23-bit field `k`: with `k` as the mantissa of
        // `½`, `½ + k·2^-24`, less `½ − 2^-25`, exactly.
        let half_plus = f32::from_bits(((bits >> 8) & 0x007f_ffff) | 0x3f00_0000);
        let tail = half_plus - (0.5 - 1.0 / 33_554_432.0);
        let q = 0.5 - tail;
        let q = if bits >> 31 == 0 { -q } else { q };
        (q, tail)
    }
    #[inline(always)]
    fn std_normal_q(bits: u32) -> f32 {
        // `½ − (k + ½)·2^-24 = (2m + 1)·2^-25`, where `m = 2^23 − 1 − k` is
        // the complement of the 23-bit field `k`. With `m` as the mantissa of
        // `½`, the value is `½ + m·2^-24`, and subtracting `½ − 2^-25` leaves
        // `(2m + 1)·2^-25` exactly, as that has 24 significant bits. The sign
        // is set where the top bit is clear.
        let half_plus = f32::from_bits(((bits >> 8) & 0x007f_ffff) ^ 0x3f7f_ffff);
        let magnitude = half_plus - (0.5 - 1.0 / 33_554_432.0);
        f32::from_bits(magnitude.to_bits() | (!bits & 0x8000_0000))
    }
    #[inline(always)]
    fn normal_quantile_central_strip<const S: usize>(
        q: &[f32; S],
        z: &mut [f32; S],
        outside: &mut [u8; S],
    ) {
        normal_quantile_f32_central_strip(q, z, outside);
    }
    #[inline(always)]
    fn normal_quantile_tail_strip<const S: usize>(
        q: &[f32; S],
        r: &[f32; S],
        z: &mut [f32; S],
        far: bool,
    ) {
        normal_quantile_f32_tail_strip(q, r, z, far);
    }
    #[inline(always)]
    fn normal_quantile_select(q: f32, r: f32) -> f32 {
        normal_quantile_f32_select(q, r)
    }
    fn widen(self) -> f64 {
        f64::from(self)
    }
    fn prev(self) -> f32 {
        self.next_down()
    }
}

impl Element for f64 {
    const NAME: &'static str = "f64";
    type Bits = u64;
    type Native = f64;
    type Finish = ();

    fn finish(_: &Dist<f64>, _: Bounds) -> Result<(), Reject> {
        Ok(())
    }
    #[inline]
    fn fill(dist: &Dist<f64>, (): &(), out: &mut [f64], key: u64, offset: usize) {
        dist.fill(out, key, offset);
    }
    #[inline]
    fn sample(dist: &Dist<f64>, (): &(), bits: u64) -> f64 {
        dist.sample(bits)
    }
    fn from_f64(x: f64) -> f64 {
        x
    }
}

impl Native for f64 {
    const UNIT_OPEN_BITS: i32 = 52;
    // `√(−ln 2^-54) ≈ 6.12`.
    const STD_NORMAL_FAR: bool = true;

    fn bits_from(rng: &mut (impl rand::Rng + ?Sized)) -> u64 {
        rng.next_u64()
    }
    #[inline(always)]
    fn unit(bits: u64) -> f64 {
        // `k·2^-53` for the top 53 bits `k`: the low 52 of them as the
        // mantissa of `½` give `½ + m·2^-53`, and subtracting `½` where the top
        // bit is clear (0 where it is set) leaves `k·2^-53` exactly.
        let half_plus =
            f64::from_bits(((bits >> 11) & 0x000f_ffff_ffff_ffff) | 0x3fe0_0000_0000_0000);
        let drop = f64::from_bits((bits >> 63).wrapping_sub(1) & 0x3fe0_0000_0000_0000);
        half_plus - drop
    }
    #[inline(always)]
    fn unit_open(bits: u64) -> f64 {
        // As for `f32`: `1 + k·2^-52`, less `1 − 2^-53`, exactly.
        f64::from_bits((bits >> 12) | 0x3ff0_0000_0000_0000) - (1.0 - 1.0 / 9_007_199_254_740_992.0)
    }
    #[inline(always)]
    fn std_normal(bits: u64) -> f64 {
        let (q, tail) = Self::std_normal_args(bits);
        normal_quantile_f64(q, tail)
    }
    #[inline(always)]
    fn normal_quantile(q: f64, r: f64) -> f64 {
        normal_quantile_f64(q, r)
    }
    #[inline(always)]
    fn std_normal_select(bits: u64) -> f64 {
        let (q, tail) = Self::std_normal_args(bits);
        normal_quantile_f64_select(q, tail)
    }
    #[inline(always)]
    fn std_normal_args(bits: u64) -> (f64, f64) {
        // As for `f32`: `½ + k·2^-53`, less `½ − 2^-54`, exactly.
        let half_plus =
            f64::from_bits(((bits >> 11) & 0x000f_ffff_ffff_ffff) | 0x3fe0_0000_0000_0000);
        let tail = half_plus - (0.5 - 1.0 / 18_014_398_509_481_984.0);
        let q = 0.5 - tail;
        let q = if bits >> 63 == 0 { -q } else { q };
        (q, tail)
    }
    #[inline(always)]
    fn std_normal_q(bits: u64) -> f64 {
        // As for `f32`: `(2m + 1)·2^-54` with `m = 2^52 − 1 − k`, as
        // `(½ + m·2^-53) − (½ − 2^-54)`, exactly; signed by the top bit.
        let half_plus =
            f64::from_bits(((bits >> 11) & 0x000f_ffff_ffff_ffff) ^ 0x3fef_ffff_ffff_ffff);
        let magnitude = half_plus - (0.5 - 1.0 / 18_014_398_509_481_984.0);
        f64::from_bits(magnitude.to_bits() | (!bits & 0x8000_0000_0000_0000))
    }
    #[inline(always)]
    fn normal_quantile_central_strip<const S: usize>(
        q: &[f64; S],
        z: &mut [f64; S],
        outside: &mut [u8; S],
    ) {
        normal_quantile_f64_central_strip(q, z, outside);
    }
    #[inline(always)]
    fn normal_quantile_tail_strip<const S: usize>(
        q: &[f64; S],
        r: &[f64; S],
        z: &mut [f64; S],
        far: bool,
    ) {
        normal_quantile_f64_tail_strip(q, r, z, far);
    }
    #[inline(always)]
    fn normal_quantile_select(q: f64, r: f64) -> f64 {
        normal_quantile_f64_select(q, r)
    }
    fn widen(self) -> f64 {
        self
    }
    fn prev(self) -> f64 {
        self.next_down()
    }
}

#[cfg(test)]
mod tests;
