//! Training a `Sequential` model: `fit`, `train_on_batch` and `gradients`, by
//! backpropagation.

use crate::Real;

use super::dense::Layer;
use super::gemm::{Op, gemm};
use super::num::{count, first_non_finite, ratio, wide};
use super::sequential::Compiled;
use super::workspace::zeros;
use super::{Evaluation, FitOptions, Gradients, History, Loss, NnError, Sequential, Targets};

impl<T: Real> Sequential<T> {
    /// Trains for `epochs` epochs in batches of `batch_size`, shuffling from the
    /// model's seed: `fit(x, y, &FitOptions::new(epochs).with_batch_size(batch_size))`.
    ///
    /// # Errors
    /// As [`Sequential::fit`].
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Loss, Sequential, Sgd};
    /// let mut m = Sequential::<f64>::new(1, 0);
    /// m.push(Dense::new(1, Activation::Linear))?;
    /// m.compile(Loss::MeanSquaredError, Sgd::new(0.1, 0.0, false)?)?;
    /// let x = [0.0, 1.0, 2.0, 3.0];
    /// let y = [1.0, 3.0, 5.0, 7.0];
    /// let h = m.fit_epochs(&x, &y[..], 300, 4)?;
    /// assert!(h.loss[299] < 1e-6);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn fit_epochs<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
        epochs: usize,
        batch_size: usize,
    ) -> Result<History, NnError> {
        self.fit(x, y, &FitOptions::new(epochs).with_batch_size(batch_size))
    }

    /// Trains on `x` (`samples × input_dim`, row-major) against `y`, as
    /// `options` says, and returns the history.
    ///
    /// Everything is checked before the first step: the model is compiled, `x` and
    /// `y` hold the same non-zero number of samples, every input is finite (one
    /// pass over `x`), labels are below the number of outputs, the batch size is
    /// positive, and (unless turned off) the network check passes
    /// ([`Sequential::check_symmetry`]). During training, a step whose loss or
    /// gradient is NaN or infinite stops the run before its update is applied.
    ///
    /// The workspace is allocated once per call; the steps allocate nothing
    /// (beyond what the GEMM kernel does inside each product).
    ///
    /// # Errors
    /// [`NnError::NotReady`], [`NnError::EmptyBatch`], [`NnError::DimensionMismatch`],
    /// [`NnError::NonFiniteInput`], [`NnError::LabelOutOfRange`],
    /// [`NnError::InvalidHyperParameter`], [`NnError::IncompatibleLoss`],
    /// [`NnError::SymmetricInit`], [`NnError::OutOfMemory`] when the workspace or
    /// the optimizer's state cannot be allocated, and during training
    /// [`NnError::NonFiniteLoss`] and [`NnError::NonFiniteGradient`].
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, FitOptions, Loss, NnError, Sequential, Adam};
    /// let mut m = Sequential::<f32>::new(2, 0);
    /// m.push(Dense::new(3, Activation::Softmax))?;
    /// m.compile(Loss::CategoricalCrossentropy, Adam::default())?;
    /// let x = [0.0f32, 1.0, 1.0, 0.0];
    /// let err = m.fit(&x, &[0usize, 3][..], &FitOptions::new(1)).unwrap_err();
    /// assert_eq!(err, NnError::LabelOutOfRange { sample: 1, label: 3, classes: 3 });
    /// let h = m.fit(&x, &[0usize, 2][..], &FitOptions::new(2).with_record_steps(true))?;
    /// assert_eq!((h.loss.len(), h.step_loss.len()), (2, 2));
    /// # Ok::<(), NnError>(())
    /// ```
    pub fn fit<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
        options: &FitOptions,
    ) -> Result<History, NnError> {
        let y = y.into();
        let (compiled, n) = self.batch(x, &y, "fit")?;
        if options.batch_size() == 0 {
            return Err(NnError::InvalidHyperParameter {
                name: "batch_size",
                value: 0.0,
                expected: "at least 1",
            });
        }
        if options.check_symmetry() {
            self.check_symmetry()?;
        }
        let batch = options.batch_size().min(n);
        if options.check_trainability() {
            let first = &x[..batch * self.input_dim];
            self.diagnose(first)?
                .verdict
                .map_err(|source| NnError::Untrainable { source })?;
        }
        self.prepare(compiled, batch)?;
        let steps_per_epoch = n.div_ceil(batch);
        // Reserving is only an optimization: a huge `epochs` must not overflow or
        // abort here, so the counts saturate and a failed reservation is ignored.
        let mut history = History::default();
        let _ = history.loss.try_reserve(options.epochs());
        let _ = history.accuracy.try_reserve(options.epochs());
        if options.record_steps() {
            let steps = options.epochs().saturating_mul(steps_per_epoch);
            let _ = history.step_loss.try_reserve(steps);
            let _ = history.step_accuracy.try_reserve(steps);
        }
        let mut order: Vec<usize> = (0..n).collect();
        let (d, k) = (self.input_dim, self.output_dim());
        for _ in 0..options.epochs() {
            if options.shuffle() {
                self.shuffle.shuffle(&mut order);
            }
            let (mut loss, mut right, mut total) = (0.0, 0usize, 0usize);
            for idx in order.chunks(batch) {
                for (r, &i) in idx.iter().enumerate() {
                    self.ws.x[r * d..(r + 1) * d].copy_from_slice(&x[i * d..(i + 1) * d]);
                    y.row_into(i, &mut self.ws.y[r * k..(r + 1) * k]);
                }
                let (sum, ok, of) = self.step(compiled, idx.len())?;
                loss += sum;
                right += ok;
                total += of;
                if options.record_steps() {
                    history.step_loss.push(sum / count::<f64>(idx.len()));
                    history.step_accuracy.push(ratio(ok, of));
                }
            }
            history.loss.push(loss / count::<f64>(n));
            history.accuracy.push(ratio(right, total));
        }
        Ok(history)
    }

    /// One optimizer step on the batch `x` against `y`, Keras's
    /// `train_on_batch`; returns the batch's loss and accuracy before the update.
    ///
    /// # Errors
    /// As [`Sequential::fit`], without the symmetry check.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Loss, Sequential, Sgd};
    /// let mut m = Sequential::<f64>::new(1, 0);
    /// m.push(Dense::new(1, Activation::Linear))?;
    /// m.compile(Loss::MeanSquaredError, Sgd::new(0.25, 0.0, false)?)?;
    /// m.layers_mut()[0].kernel_mut()[0] = 0.0;
    /// let e = m.train_on_batch(&[1.0], &[2.0][..])?;
    /// assert_eq!(e.loss, 4.0);
    /// // w ← 0 − 0.25·2·(0 − 2)·1 = 1, b ← 0 + 1
    /// assert_eq!((m.layers()[0].kernel()[0], m.layers()[0].bias()[0]), (1.0, 1.0));
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn train_on_batch<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
    ) -> Result<Evaluation, NnError> {
        let y = y.into();
        let (compiled, n) = self.batch(x, &y, "train_on_batch")?;
        self.prepare(compiled, n)?;
        self.load(x, &y, 0, n);
        let (loss, ok, of) = self.step(compiled, n)?;
        Ok(Evaluation {
            loss: loss / count::<f64>(n),
            accuracy: ratio(ok, of),
        })
    }

    /// The loss and the gradient of every parameter for the batch `x` against
    /// `y`, without changing the weights: what one training step would apply.
    ///
    /// # Errors
    /// As [`Sequential::train_on_batch`], except that a non-finite loss or
    /// gradient is returned, not reported (non-finite inputs are still
    /// [`NnError::NonFiniteInput`]).
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense, Loss, Sequential, Sgd};
    /// let mut m = Sequential::<f64>::new(1, 0);
    /// m.push(Dense::new(1, Activation::Linear))?;
    /// m.compile(Loss::MeanSquaredError, Sgd::default())?;
    /// m.layers_mut()[0].kernel_mut()[0] = 3.0;
    /// let g = m.gradients(&[2.0], &[1.0][..])?;
    /// // loss (6 − 1)² = 25; ∂/∂w = 2·5·2 = 20; ∂/∂b = 10
    /// assert_eq!((g.loss, g.kernels[0][0], g.biases[0][0]), (25.0, 20.0, 10.0));
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    pub fn gradients<'a>(
        &mut self,
        x: &[T],
        y: impl Into<Targets<'a, T>>,
    ) -> Result<Gradients<T>, NnError> {
        let y = y.into();
        let (compiled, n) = self.batch(x, &y, "gradients")?;
        self.ws.ensure(self.input_dim, &self.layers, n)?;
        self.load(x, &y, 0, n);
        let (loss, _, _) = self.forward_backward(compiled.loss, n)?;
        Ok(Gradients {
            loss: wide(loss) / count::<f64>(n),
            kernels: self.ws.gw.clone(),
            biases: self.ws.gb.clone(),
        })
    }

    /// Allocates the workspace for `rows`, and the optimizer state unless it
    /// fits the layers already.
    fn prepare(&mut self, compiled: Compiled, rows: usize) -> Result<(), NnError> {
        self.ws.ensure(self.input_dim, &self.layers, rows)?;
        let slots = compiled.optimizer.slots();
        if self.state.len() != 2 * self.layers.len()
            || self.state.first().is_some_and(|s| s.len() != slots)
        {
            self.state = optimizer_state(&self.layers, slots)?;
        }
        Ok(())
    }

    /// Forward and backward passes: the batch's summed loss, and the gradients of
    /// its mean loss in `ws.gw` and `ws.gb`; also the number right, out of how
    /// many.
    fn forward_backward(&mut self, loss: Loss, rows: usize) -> Result<(T, usize, usize), NnError> {
        self.forward(rows)?;
        let ws = &mut self.ws;
        let last = self.layers.len() - 1;
        let k = self.layers[last].units;
        let act = self.layers[last].activation;
        let (z, a, y) = (
            &ws.z[last][..rows * k],
            &ws.a[last][..rows * k],
            &ws.y[..rows * k],
        );
        let total = loss.evaluate(act, z, a, y, k, rows, Some(&mut ws.d[last][..rows * k]));
        let (ok, of) = loss.correct(a, y, k);
        self.backward(rows)?;
        Ok((total, ok, of))
    }

    /// The backward pass over the first `rows` rows of the workspace, from the
    /// output cotangent `dL/dz` already in the last layer's deltas: every layer's
    /// deltas and its kernel and bias gradients.
    pub(super) fn backward(&mut self, rows: usize) -> Result<(), NnError> {
        let ws = &mut self.ws;
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let (n, m) = (layer.fan_in, layer.units);
            let (below, here) = ws.d.split_at_mut(l);
            let delta = &here[0][..rows * m];
            let input = if l == 0 {
                &ws.x[..rows * n]
            } else {
                &ws.a[l - 1][..rows * n]
            };
            gemm(
                n,
                rows,
                m,
                input,
                Op::T,
                delta,
                Op::N,
                T::zero(),
                &mut ws.gw[l],
            )?;
            let gb = &mut ws.gb[l];
            gb.fill(T::zero());
            for row in delta.chunks_exact(m) {
                for (g, &v) in gb.iter_mut().zip(row) {
                    *g = *g + v;
                }
            }
            if l > 0 {
                let back = &mut below[l - 1][..rows * n];
                gemm(
                    rows,
                    m,
                    n,
                    delta,
                    Op::N,
                    &layer.kernel,
                    Op::T,
                    T::zero(),
                    back,
                )?;
                let prev = &self.layers[l - 1];
                prev.activation
                    .backward(&ws.z[l - 1][..rows * n], &ws.a[l - 1][..rows * n], back);
            }
        }
        Ok(())
    }

    /// One training step on the first `rows` rows of the workspace: the summed
    /// loss (as `f64`), and the number right, out of how many.
    fn step(&mut self, compiled: Compiled, rows: usize) -> Result<(f64, usize, usize), NnError> {
        let (total, ok, of) = self.forward_backward(compiled.loss, rows)?;
        let loss = wide(total);
        if !loss.is_finite() {
            return Err(NnError::NonFiniteLoss {
                step: self.step,
                value: loss / count::<f64>(rows),
            });
        }
        for (layer, (gw, gb)) in self.ws.gw.iter().zip(&self.ws.gb).enumerate() {
            for (param, g) in [("kernel", gw), ("bias", gb)] {
                if let Some((index, value)) = first_non_finite(g) {
                    return Err(NnError::NonFiniteGradient {
                        step: self.step,
                        layer,
                        param,
                        index,
                        value: wide(value),
                    });
                }
            }
        }
        let opt = compiled.optimizer;
        let c = opt.coefficients::<T>(self.step + 1);
        for (l, layer) in self.layers.iter_mut().enumerate() {
            let (sk, sb) = self.state[2 * l..2 * l + 2].split_at_mut(1);
            opt.update(&c, &mut layer.kernel, &self.ws.gw[l], &mut sk[0]);
            opt.update(&c, &mut layer.bias, &self.ws.gb[l], &mut sb[0]);
        }
        self.step += 1;
        Ok((loss, ok, of))
    }
}

/// Zeroed optimizer state for `layers`: `slots` buffers for each kernel, then
/// for each bias (`[2·layer]` and `[2·layer + 1]`).
pub(super) fn optimizer_state<T: Real>(
    layers: &[Layer<T>],
    slots: usize,
) -> Result<Vec<Vec<Vec<T>>>, NnError> {
    layers
        .iter()
        .flat_map(|l| [l.kernel.len(), l.bias.len()])
        .map(|len| {
            (0..slots)
                .map(|_| zeros(len, "the optimizer's state"))
                .collect()
        })
        .collect()
}

#[cfg(test)]
#[cfg(test)]
mod tests;
