//! The depth grid shared by `examples/depth_experiment.rs` and
//! `tests/trainability.rs`: ReLU networks of depths 2 to 32 on the digits, with a
//! parameter count near the seed model's at every depth, under six kernel
//! initializers, diagnosed before training and trained with plain SGD.

use nninit::nn::{
    Activation, Dataset, Dense, Diagnosis, FitOptions, Loss, LsuvOptions, NnError, Optimizer,
    Sequential, lsuv,
};
use nninit::{GlorotUniform, HeNormal, Init, RandomNormal, RandomUniform, TorchDefault};

/// The depths: the number of dense layers, the softmax output included.
pub const DEPTHS: [usize; 5] = [2, 4, 8, 16, 32];
/// The seed model's parameter count, `64·128 + 128·10` weights: every depth's
/// hidden width is chosen to come nearest it.
pub const BUDGET: usize = 64 * 128 + 128 * 10;
/// The samples the diagnosis and LSUV see: the first batch of this many.
pub const PROBE: usize = 256;

/// The initializers of the grid, by name.
pub const INITS: [&str; 6] = [
    "He",
    "Glorot",
    "TorchDefault",
    "Uniform0.05",
    "Normal1",
    "LSUV",
];

/// The hidden width of a network of `depth` layers: the largest whose weight count,
/// `64·w + (depth − 2)·w² + 10·w`, is at most [`BUDGET`].
#[must_use]
pub fn width(depth: usize) -> usize {
    let weights = |w: usize| 64 * w + (depth - 2) * w * w + 10 * w;
    (1..=BUDGET)
        .take_while(|&w| weights(w) <= BUDGET)
        .last()
        .unwrap_or(1)
}

/// The kernel initializer named `name` (LSUV starts from `RandomUniform` and is
/// applied by [`build`]).
///
/// # Errors
/// Never for the names of [`INITS`].
pub fn kernel(name: &str) -> Result<Init, NnError> {
    let init = |e| NnError::Init {
        layer: 0,
        param: "kernel",
        source: e,
    };
    Ok(match name {
        "He" => Init::from(HeNormal),
        "Glorot" => Init::from(GlorotUniform),
        "TorchDefault" => Init::from(TorchDefault),
        "Normal1" => Init::from(RandomNormal::new(0.0, 1.0).map_err(init)?),
        _ => Init::from(RandomUniform::new(-0.05, 0.05).map_err(init)?),
    })
}

/// The network of `depth` layers (ReLU hidden layers, softmax output), every
/// kernel from `name`'s initializer, seeded by `seed`, and LSUV-rescaled on
/// `probe` for "LSUV".
///
/// # Errors
/// From building the model or from LSUV.
pub fn build(
    name: &str,
    depth: usize,
    seed: u64,
    probe: &[f32],
) -> Result<Sequential<f32>, NnError> {
    let w = width(depth);
    let k = kernel(name)?;
    let mut m = Sequential::<f32>::new(64, seed);
    for _ in 0..depth - 1 {
        m.push(Dense::new(w, Activation::Relu).kernel_initializer(k))?;
    }
    m.push(Dense::new(10, Activation::Softmax).kernel_initializer(k))?;
    if name == "LSUV" {
        lsuv(&mut m, probe, &LsuvOptions::default())?;
    }
    Ok(m)
}

/// One cell of the grid: the diagnosis before training and the outcome after.
#[derive(Debug)]
pub struct Cell {
    /// The initializer's name.
    pub init: &'static str,
    /// The depth.
    pub depth: usize,
    /// The model seed.
    pub seed: u64,
    /// The diagnosis on the probe batch.
    pub diagnosis: Diagnosis<f32>,
    /// The test accuracy after training.
    pub accuracy: f64,
}

/// Diagnoses and trains one cell: `epochs` epochs of `optimizer` in batches of 32.
///
/// # Errors
/// From building, diagnosing or evaluating; a training run that stops on a
/// non-finite loss or gradient is an outcome (accuracy 0), not an error.
pub fn run(
    init: &'static str,
    depth: usize,
    seed: u64,
    train: &Dataset<f32>,
    test: &Dataset<f32>,
    epochs: usize,
    optimizer: Optimizer,
) -> Result<Cell, NnError> {
    let probe = &train.x()[..PROBE * 64];
    let mut m = build(init, depth, seed, probe)?;
    let diagnosis = m.diagnose(probe)?;
    m.compile(Loss::CategoricalCrossentropy, optimizer)?;
    let options = FitOptions::new(epochs).with_batch_size(32);
    let accuracy = match m.fit(train.x(), train.labels(), &options) {
        Ok(_) => m.evaluate(test.x(), test.labels())?.accuracy,
        Err(NnError::NonFiniteLoss { .. } | NnError::NonFiniteGradient { .. }) => 0.0,
        Err(e) => return Err(e),
    };
    Ok(Cell {
        init,
        depth,
        seed,
        diagnosis,
        accuracy,
    })
}

/// The majority class's share of `data`.
#[must_use]
pub fn majority(data: &Dataset<f32>) -> f64 {
    let mut counts = vec![0usize; data.classes()];
    for &l in data.labels() {
        counts[l] += 1;
    }
    let most = counts.iter().copied().max().unwrap_or(0);
    #[allow(clippy::cast_precision_loss)]
    let share = most as f64 / data.len() as f64;
    share
}
