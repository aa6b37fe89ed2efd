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
mod tests {
    use super::*;

    #[test]
    fn argmax_takes_the_first_largest() {
        assert_eq!(argmax(&[1.0f32, 3.0, 3.0, 2.0]), 1);
        assert_eq!(argmax(&[f64::NAN, 0.5, 0.2]), 1);
        assert_eq!(argmax(&[2.0f64]), 0);
    }

    #[test]
    fn the_first_non_finite_element_is_found() {
        assert_eq!(first_non_finite::<f32>(&[]), None);
        assert_eq!(first_non_finite(&[0.0f32, -1e38, f32::MAX]), None);
        let x = [1.0f64, f64::NEG_INFINITY, f64::NAN, 2.0];
        assert_eq!(first_non_finite(&x), Some((1, f64::NEG_INFINITY)));
        let nan = first_non_finite(&x[2..]).unwrap();
        assert!(nan.0 == 0 && nan.1.is_nan());
        // Past any vector width, at the last element.
        let mut long = vec![0.5f32; 1027];
        long[1026] = f32::INFINITY;
        assert_eq!(first_non_finite(&long), Some((1026, f32::INFINITY)));
    }

    #[test]
    fn conversions_are_exact() {
        assert_eq!(cast::<f32>(0.1), 0.1f32);
        assert_eq!(wide(0.1f32), f64::from(0.1f32));
        assert_eq!(count::<f32>(1437), 1437.0);
    }
}
