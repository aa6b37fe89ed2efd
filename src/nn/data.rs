//! `Dataset` and `digits`: the handwritten-digits set that ships inside the crate.

use std::io::Read;

use crate::Real;

use super::NnError;
use super::num::cast;
use super::workspace::zeros;
use crate::rng::stream::Stream;

/// The digits set, gzipped CSV: 1 797 rows of 64 pixels (0 to 16) and a label.
static DIGITS_GZ: &[u8] = include_bytes!("../../data/digits.csv.gz");

/// Samples with integer class labels: `x` is `len() × features`, row-major.
///
/// ```
/// use nninit::nn::Dataset;
/// let d = Dataset::<f32>::new(vec![0.0, 1.0, 2.0, 3.0], vec![1, 0], 2)?;
/// assert_eq!((d.len(), d.features(), d.classes()), (2, 2, 2));
/// assert_eq!(d.one_hot()?, [0.0, 1.0, 1.0, 0.0]);
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset<T> {
    x: Vec<T>,
    labels: Vec<usize>,
    features: usize,
    classes: usize,
}

impl<T: Real> Dataset<T> {
    /// A data set from row-major features and one label per row; the number of
    /// classes is one more than the largest label.
    ///
    /// # Errors
    /// [`NnError::DimensionMismatch`] when `x.len() != labels.len() · features`,
    /// and [`NnError::InvalidHyperParameter`] (`labels`) when the largest label is
    /// so large that [`Dataset::one_hot`]'s `labels.len() · (label + 1)` elements
    /// of `T` would take more than `isize::MAX` bytes, which no `Vec` can hold.
    ///
    /// ```
    /// use nninit::nn::Dataset;
    /// assert!(Dataset::<f64>::new(vec![0.0; 3], vec![0, 1], 2).is_err());
    /// assert!(Dataset::<f64>::new(vec![0.0], vec![usize::MAX], 1).is_err());
    /// assert!(Dataset::<f32>::new(vec![0.0], vec![usize::MAX / 2], 1).is_err());
    /// ```
    pub fn new(x: Vec<T>, labels: Vec<usize>, features: usize) -> Result<Self, NnError> {
        // A Vec holds at most isize::MAX bytes, so a saturated product is never
        // x.len(): an overflow is reported as the mismatch it is.
        let expected = labels.len().saturating_mul(features);
        if x.len() != expected {
            return Err(NnError::DimensionMismatch {
                what: "the features",
                len: x.len(),
                expected,
            });
        }
        let classes = match labels.iter().max() {
            None => 0,
            Some(&m) => m
                .checked_add(1)
                .filter(|&c| {
                    labels
                        .len()
                        .checked_mul(c)
                        .and_then(|len| len.checked_mul(size_of::<T>()))
                        .is_some_and(|bytes| isize::try_from(bytes).is_ok())
                })
                .ok_or(NnError::InvalidHyperParameter {
                    name: "labels",
                    #[allow(clippy::cast_precision_loss)] // only reported
                    value: m as f64,
                    expected: "a class index small enough that the one-hot \
                               labels, samples × (label + 1) values, fit in isize::MAX bytes",
                })?,
        };
        Ok(Dataset {
            x,
            labels,
            features,
            classes,
        })
    }

    /// The features, `len() × features()` row-major.
    ///
    /// ```
    /// # let d = nninit::nn::Dataset::<f32>::new(vec![0.5, 1.0], vec![0], 2)?;
    /// assert_eq!(d.x(), &[0.5, 1.0]);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn x(&self) -> &[T] {
        &self.x
    }

    /// The labels.
    ///
    /// ```
    /// # let d = nninit::nn::Dataset::<f32>::new(vec![0.5, 1.0], vec![3], 2)?;
    /// assert_eq!(d.labels(), &[3]);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn labels(&self) -> &[usize] {
        &self.labels
    }

    /// Features per sample.
    ///
    /// ```
    /// # let d = nninit::nn::Dataset::<f32>::new(vec![0.5, 1.0], vec![3], 2)?;
    /// assert_eq!(d.features(), 2);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn features(&self) -> usize {
        self.features
    }

    /// The number of classes.
    ///
    /// ```
    /// # let d = nninit::nn::Dataset::<f32>::new(vec![0.5, 1.0], vec![3], 2)?;
    /// assert_eq!(d.classes(), 4);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The number of samples.
    ///
    /// ```
    /// # let d = nninit::nn::Dataset::<f32>::new(vec![0.5, 1.0], vec![3], 2)?;
    /// assert_eq!(d.len(), 1);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no samples.
    ///
    /// ```
    /// # let d = nninit::nn::Dataset::<f32>::new(vec![], vec![], 2)?;
    /// assert!(d.is_empty());
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The labels as one-hot rows, `len() × classes()`.
    ///
    /// # Errors
    /// [`NnError::OutOfMemory`] when the allocator refuses the rows: a label as
    /// large as `usize::MAX / 16` passes [`Dataset::new`] (its rows fit in
    /// `isize::MAX` bytes) but no machine has the memory. Integer labels, which
    /// [`Sequential::fit`](super::Sequential::fit) takes as they are, need none.
    ///
    /// ```
    /// use nninit::nn::{Dataset, NnError};
    /// let d = Dataset::<f32>::new(vec![0.0; 4], vec![2, 0], 2)?;
    /// assert_eq!(d.one_hot()?, [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]);
    /// let huge = Dataset::<f32>::new(vec![0.0], vec![usize::MAX / 16], 1)?;
    /// assert!(matches!(huge.one_hot(), Err(NnError::OutOfMemory { .. })));
    /// # Ok::<(), NnError>(())
    /// ```
    pub fn one_hot(&self) -> Result<Vec<T>, NnError> {
        // `new` bounds the product: it fits in isize::MAX bytes.
        let mut y = zeros(self.len() * self.classes, "the one-hot labels")?;
        for (row, &l) in y.chunks_exact_mut(self.classes.max(1)).zip(&self.labels) {
            row[l] = T::one();
        }
        Ok(y)
    }

    /// Splits into `(train, test)`: a permutation drawn from `seed` puts the
    /// first `⌈test_fraction·len⌉` samples in the test set, and the rest, in
    /// their original order, in the training set. Both keep `classes()`.
    ///
    /// # Errors
    /// [`NnError::InvalidHyperParameter`] unless `0 ≤ test_fraction ≤ 1`.
    ///
    /// ```
    /// let d = nninit::nn::digits::<f32>()?;
    /// let (train, test) = d.split(0.2, 0)?;
    /// assert_eq!((train.len(), test.len()), (1437, 360));
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn split(&self, test_fraction: f64, seed: u64) -> Result<(Self, Self), NnError> {
        if !(0.0..=1.0).contains(&test_fraction) {
            return Err(NnError::InvalidHyperParameter {
                name: "test_fraction",
                value: test_fraction,
                expected: "in [0, 1]",
            });
        }
        let n = self.len();
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )] // a fraction of a length, rounded up, is a length
        let n_test = ((test_fraction * n as f64).ceil() as usize).min(n);
        let mut order: Vec<usize> = (0..n).collect();
        Stream::new(seed).shuffle(&mut order);
        let mut test: Vec<usize> = order[..n_test].to_vec();
        let mut train: Vec<usize> = order[n_test..].to_vec();
        test.sort_unstable();
        train.sort_unstable();
        Ok((self.subset(&train), self.subset(&test)))
    }

    fn subset(&self, idx: &[usize]) -> Self {
        let f = self.features;
        Dataset {
            x: idx
                .iter()
                .flat_map(|&i| self.x[i * f..(i + 1) * f].iter().copied())
                .collect(),
            labels: idx.iter().map(|&i| self.labels[i]).collect(),
            features: f,
            classes: self.classes,
        }
    }
}

/// The "Optical Recognition of Handwritten Digits" set (E. Alpaydin, C. Kaynak,
/// UCI Machine Learning Repository, 1998, CC BY 4.0), in the copy scikit-learn
/// ships: 1 797 8×8 images in 10 classes, pixels scaled from 0..=16 to `[0, 1]`.
/// It ships inside the crate, gzipped (58 KB), and loads with no download.
///
/// # Errors
/// [`NnError::CorruptData`] if the shipped bytes do not decode (they do: a test
/// checks it).
///
/// ```
/// let d = nninit::nn::digits::<f32>()?;
/// assert_eq!((d.len(), d.features(), d.classes()), (1797, 64, 10));
/// assert!(d.x().iter().all(|&p| (0.0..=1.0).contains(&p)));
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
pub fn digits<T: Real>() -> Result<Dataset<T>, NnError> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(DIGITS_GZ)
        .read_to_string(&mut text)
        .map_err(|_| NnError::CorruptData {
            line: 0,
            problem: "the gzip stream does not decode to UTF-8 text",
        })?;
    let mut x = Vec::with_capacity(1797 * 64);
    let mut labels = Vec::with_capacity(1797);
    let scale: T = cast(1.0 / 16.0);
    for (i, line) in text.lines().enumerate() {
        let corrupt = |problem| NnError::CorruptData {
            line: i + 1,
            problem,
        };
        let mut fields = 0;
        for (j, field) in line.split(',').enumerate() {
            let v: u8 = field
                .trim()
                .parse()
                .map_err(|_| corrupt("a field is not a small integer"))?;
            if j < 64 {
                if v > 16 {
                    return Err(corrupt("a pixel is above 16"));
                }
                x.push(cast::<T>(f64::from(v)) * scale);
            } else if v < 10 {
                labels.push(usize::from(v));
            } else {
                return Err(corrupt("a label is above 9"));
            }
            fields += 1;
        }
        if fields != 65 {
            return Err(corrupt("a row does not have 65 fields"));
        }
    }
    Dataset::new(x, labels, 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_too_large_to_count_are_errors() {
        assert_eq!(
            Dataset::<f32>::new(vec![0.0; 2], vec![0, 1], usize::MAX),
            Err(NnError::DimensionMismatch {
                what: "the features",
                len: 2,
                expected: usize::MAX
            })
        );
        assert!(matches!(
            Dataset::<f32>::new(vec![0.0; 2], vec![0, usize::MAX / 2], 1),
            Err(NnError::InvalidHyperParameter { name: "labels", .. })
        ));
        // One label of usize::MAX / 2 fits in usize, but its one-hot row of f32
        // does not fit in isize::MAX bytes: rejected here, not by a panic in
        // one_hot.
        for label in [usize::MAX / 2, usize::MAX / 4, usize::MAX / 8] {
            assert!(matches!(
                Dataset::<f32>::new(vec![0.0], vec![label], 1),
                Err(NnError::InvalidHyperParameter { name: "labels", .. })
            ));
        }
        assert!(matches!(
            Dataset::<f64>::new(vec![0.0], vec![usize::MAX / 16], 1),
            Err(NnError::InvalidHyperParameter { name: "labels", .. })
        ));
        // Within isize::MAX bytes, beyond any machine: the allocator refuses.
        let d = Dataset::<f32>::new(vec![0.0], vec![usize::MAX / 8 - 1], 1).unwrap();
        assert_eq!(d.classes(), usize::MAX / 8);
        assert_eq!(
            d.one_hot(),
            Err(NnError::OutOfMemory {
                what: "the one-hot labels",
                bytes: (usize::MAX / 8) as u128 * 4
            })
        );
    }

    proptest::proptest! {
        /// Labels near `usize::MAX`: `new` rejects them, or `one_hot` reports the
        /// allocator's refusal (the smallest one-hot tried takes 2⁵⁰ bytes); no
        /// panic, no abort.
        #[test]
        fn labels_near_usize_max_are_typed_errors(
            shift in 0u32..12,
            less in 0usize..1024,
            samples in 1usize..64,
        ) {
            let label = (usize::MAX >> shift).saturating_sub(less).max(1 << 48);
            let mut labels = vec![0usize; samples];
            labels[samples / 2] = label;
            let bytes = (label as u128 + 1) * samples as u128 * 4;
            match Dataset::<f32>::new(vec![0.0; samples], labels, 1) {
                Err(NnError::InvalidHyperParameter { name: "labels", .. }) => {
                    proptest::prop_assert!(bytes > isize::MAX as u128);
                }
                Ok(d) => {
                    proptest::prop_assert!(bytes <= isize::MAX as u128);
                    proptest::prop_assert_eq!(
                        d.one_hot(),
                        Err(NnError::OutOfMemory { what: "the one-hot labels", bytes })
                    );
                }
                Err(other) => proptest::prop_assert!(false, "{:?}", other),
            }
        }
    }

    #[test]
    fn digits_load_with_known_contents() {
        let d = digits::<f64>().unwrap();
        assert_eq!((d.len(), d.features(), d.classes()), (1797, 64, 10));
        // The first row of the CSV: a zero.
        assert_eq!(d.labels()[0], 0);
        assert_eq!(&d.x()[..4], &[0.0, 0.0, 5.0 / 16.0, 13.0 / 16.0]);
        let mut per_class = [0usize; 10];
        for &l in d.labels() {
            per_class[l] += 1;
        }
        assert_eq!(
            per_class,
            [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
        );
        let f = digits::<f32>().unwrap();
        assert_eq!(f.labels(), d.labels());
    }

    #[test]
    fn split_is_seeded_disjoint_and_complete() {
        let d =
            Dataset::<f64>::new((0..20).map(f64::from).collect(), (0..10).collect(), 2).unwrap();
        let (tr, te) = d.split(0.25, 3).unwrap();
        assert_eq!((tr.len(), te.len()), (7, 3));
        let mut all: Vec<usize> = tr.labels().iter().chain(te.labels()).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        for ds in [&tr, &te] {
            for (row, &l) in ds.x().chunks(2).zip(ds.labels()) {
                let l = f64::from(u32::try_from(l).unwrap());
                assert_eq!(row, &[2.0 * l, 2.0 * l + 1.0]);
            }
            assert_eq!(ds.classes(), 10);
        }
        assert_eq!(d.split(0.25, 3).unwrap(), (tr.clone(), te.clone()));
        assert_ne!(d.split(0.25, 4).unwrap().1, te);
        assert!(d.split(1.5, 0).is_err());
        assert!(d.split(f64::NAN, 0).is_err());
        assert_eq!(d.split(0.0, 0).unwrap().1.len(), 0);
    }
}
