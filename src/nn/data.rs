//! `Dataset` and `digits`: the handwritten-digits set that ships inside the crate.

use crate::Real;

use super::NnError;
use super::num::cast;
use super::workspace::zeros;
use crate::rng::stream::Stream;

/// The digits set as bytes: the 64 pixels (0 to 16) of each of the 1 797 images,
/// row by row, then the 1 797 labels (0 to 9). The .crate's own gzip compresses
/// it, so it needs no decoder here.
static DIGITS: &[u8] = include_bytes!("../../data/digits.bin");

/// Images in [`DIGITS`].
const DIGITS_LEN: usize = 1797;

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
/// It ships inside the crate (117 KB of bytes, 44 KB in the compressed .crate)
/// and loads with no download.
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
    let corrupt = |row, problem| NnError::CorruptData { row, problem };
    if DIGITS.len() != DIGITS_LEN * 65 {
        return Err(corrupt(0, "the file is not 1 797 × 65 bytes long"));
    }
    let (pixels, labels) = DIGITS.split_at(DIGITS_LEN * 64);
    let scale: T = cast(1.0 / 16.0);
    let mut x = Vec::with_capacity(pixels.len());
    for (i, &v) in pixels.iter().enumerate() {
        if v > 16 {
            return Err(corrupt(i / 64 + 1, "a pixel is above 16"));
        }
        x.push(cast::<T>(f64::from(v)) * scale);
    }
    let mut classes = Vec::with_capacity(DIGITS_LEN);
    for (i, &v) in labels.iter().enumerate() {
        if v > 9 {
            return Err(corrupt(i + 1, "a label is above 9"));
        }
        classes.push(usize::from(v));
    }
    Dataset::new(x, classes, 64)
}

#[cfg(test)]
mod tests;
