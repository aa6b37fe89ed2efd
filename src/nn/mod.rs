//! A minimal training core for dense networks: enough to show, on real data,
//! what initialization does to learning.
//!
//! [`Sequential`] stacks [`Dense`] layers (kernel `[fan_in][units]` row-major, as
//! [`Shape::dense`](crate::Shape::dense)), each initialized by any
//! [`Initializer`](crate::Initializer). It trains with a [`Loss`] and an
//! [`Optimizer`] ([`Sgd`] or [`Adam`], with Keras's update rules and defaults) by
//! backpropagation, in `f32` or `f64`, with matrix products by `matrixmultiply`
//! and every buffer allocated before the first step. [`digits`] loads the
//! handwritten-digits set that ships inside the crate.
//!
//! # Example: Keras's `Dense(128, relu) → Dense(10, softmax)` on the digits
//! ```
//! use nninit::nn::{digits, Activation, Adam, Dense, FitOptions, Loss, Sequential};
//! use nninit::GlorotUniform;
//!
//! let (train, test) = digits::<f32>()?.split(0.2, 0)?;
//! let mut model = Sequential::<f32>::new(64, 0);
//! model.push(Dense::new(128, Activation::Relu).kernel_initializer(GlorotUniform))?;
//! model.push(Dense::new(10, Activation::Softmax))?;
//! model.compile(Loss::CategoricalCrossentropy, Adam::default())?;
//! let history = model.fit(train.x(), train.labels(), &FitOptions::new(2))?;
//! assert!(history.loss[1] < history.loss[0]);
//! let score = model.evaluate(test.x(), test.labels())?;
//! assert!(score.accuracy > 0.5);
//! # Ok::<(), nninit::nn::NnError>(())
//! ```

// The linear algebra keeps the textbook names: x, y, z = x·W + b, a = f(z), g, m, v.
#![allow(clippy::many_single_char_names)]

mod activation;
mod data;
mod dense;
mod diagnose;
mod error;
mod fit;
mod gemm;
mod loss;
mod lsuv;
mod num;
mod optim;
mod options;
mod sequential;
mod trainability;
mod workspace;

pub use activation::Activation;
pub use data::{Dataset, digits};
pub use dense::{Dense, Layer};
pub use diagnose::{Diagnosis, LayerDiagnosis};
pub use error::NnError;
pub use loss::{Loss, Targets};
pub use lsuv::{LsuvError, LsuvLayer, LsuvOptions, LsuvReport, lsuv};
pub use optim::{Adam, Optimizer, Sgd};
pub use options::{Evaluation, FitOptions, Gradients, History};
pub use sequential::Sequential;
pub use trainability::{TrainabilityError, TrainabilityLimits};
