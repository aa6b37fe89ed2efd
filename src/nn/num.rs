//! Conversions between `f64` hyper-parameters and the element type.

use crate::Real;

/// `x` rounded to `T` (always representable for `f32` and `f64`: out-of-range
/// values become infinite, as `as` does).
pub(crate) fn cast<T: Real>(x: f64) -> T {
    T::from(x).unwrap_or_else(T::nan)
}

/// `x` as an `f64` (exact for `f32` and `f64`).
pub(crate) fn wide<T: Real>(x: T) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// `n` as `T` (exact below 2^24 in `f32`, 2^53 in `f64`).
pub(crate) fn count<T: Real>(n: usize) -> T {
    T::from(n).unwrap_or_else(T::nan)
}

/// `num / den` as `f64` (0 when `den` is 0).
pub(crate) fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        count::<f64>(num) / count::<f64>(den)
    }
}

/// The index and the value of the first NaN or infinite element of `x`.
pub(crate) fn first_non_finite<T: Real>(x: &[T]) -> Option<(usize, T)> {
    // A branch-free scan first (it vectorizes), the position only on failure.
    if !x.iter().fold(false, |bad, v| bad | !v.is_finite()) {
        return None;
    }
    x.iter()
        .position(|v| !v.is_finite())
        .map(|index| (index, x[index]))
}

/// The index of the first largest value (NaN never wins).
pub(crate) fn argmax<T: Real>(row: &[T]) -> usize {
    let mut best = 0;
    for (j, &v) in row.iter().enumerate() {
        if v > row[best] || row[best].is_nan() {
            best = j;
        }
    }
    best
}

#[cfg(test)]
mod tests;
