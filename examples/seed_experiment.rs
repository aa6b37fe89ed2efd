//! The seed question, "why does a weight initializer of 0 cause an error?",
//! answered on real data.
//!
//! Keras's `Dense(128, relu) → Dense(10, softmax)`, Adam, categorical
//! cross-entropy, 10 epochs in batches of 32, on the handwritten-digits set that
//! ships with nninit, once for each kernel initializer (used by both layers, as in
//! the seed; biases start at zero). It prints one table and writes an SVG plot of
//! the loss and accuracy per epoch. The last column repeats each run over four
//! splits and five model seeds, because one split can favour one initializer.
//!
//! ```text
//! cargo run --release --features nn --example seed_experiment
//! ```

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use nninit::nn::{
    Activation, Adam, Dataset, Dense, FitOptions, History, Loss, NnError, Sequential, digits,
};
use nninit::{
    Constant, GlorotUniform, HeUniform, Init, RandomUniform, Shape, SymmetricInitError, Zeros,
    symmetry_check,
};
use plotters::prelude::*;

/// The model's seed and the split's: fixed, so every run prints the same table.
const MODEL_SEED: u64 = 42;
const SPLIT_SEED: u64 = 0;
const EPOCHS: usize = 10;
const BATCH: usize = 32;

/// One row of the table.
struct Run {
    name: &'static str,
    layer_check: String,
    check: String,
    before: usize,
    after: usize,
    history: History,
    test_loss: f64,
    test_accuracy: f64,
    /// Mean and range of the test accuracy over the grid of splits and seeds.
    grid: (f64, f64, f64),
}

/// The test accuracy of `kernel` for each split seed in `0..4` and model seed in
/// `0..5`: 20 runs, so that one lucky or unlucky split does not decide the
/// comparison.
fn grid(all: &Dataset<f32>, kernel: Init) -> Result<(f64, f64, f64), NnError> {
    let mut accuracies = Vec::new();
    for split in 0..4 {
        let (train, test) = all.split(0.2, split)?;
        for seed in 0..5 {
            let mut m = model(kernel, seed)?;
            let options = FitOptions::new(EPOCHS)
                .with_batch_size(BATCH)
                .with_check_symmetry(false);
            m.fit(train.x(), train.labels(), &options)?;
            accuracies.push(m.evaluate(test.x(), test.labels())?.accuracy);
        }
    }
    #[allow(clippy::cast_precision_loss)] // 20 runs
    let mean = accuracies.iter().sum::<f64>() / accuracies.len() as f64;
    let min = accuracies.iter().copied().fold(1.0, f64::min);
    let max = accuracies.iter().copied().fold(0.0, f64::max);
    Ok((mean, min, max))
}

fn model(kernel: Init, seed: u64) -> Result<Sequential<f32>, NnError> {
    let mut m = Sequential::<f32>::new(64, seed);
    m.push(
        Dense::new(128, Activation::Relu)
            .kernel_initializer(kernel)
            .bias_initializer(Zeros),
    )?;
    m.push(
        Dense::new(10, Activation::Softmax)
            .kernel_initializer(kernel)
            .bias_initializer(Zeros),
    )?;
    m.compile(Loss::CategoricalCrossentropy, Adam::default())?;
    Ok(m)
}

/// What the per-layer check, `symmetry_check`, says of the hidden kernel.
fn layer_verdict(kernel: &[f32]) -> String {
    match symmetry_check(kernel, &Shape::dense(64, 128)) {
        Ok(()) => "ok".to_string(),
        Err(SymmetricInitError::ZeroKernel { .. }) => "zero kernel".to_string(),
        Err(SymmetricInitError::ConstantKernel { .. }) => "constant kernel".to_string(),
        Err(SymmetricInitError::DuplicateUnits { .. }) => "duplicate units".to_string(),
        Err(e) => e.to_string(),
    }
}

/// The network check's finding, in a few words for the table.
fn short(e: &SymmetricInitError) -> String {
    match e {
        SymmetricInitError::FrozenLayer { layer, .. } => format!("frozen layer {layer}"),
        SymmetricInitError::TiedUnits {
            layer,
            distinct,
            units,
            ..
        } => format!("tied: {distinct} of {units} distinct in layer {layer}"),
        SymmetricInitError::DeadUnits { layer, dead, .. } => {
            format!("{dead} dead units in layer {layer}")
        }
        other => other.to_string(),
    }
}

fn run(name: &'static str, kernel: Init, all: &Dataset<f32>) -> Result<Run, Box<dyn Error>> {
    let (train, test) = all.split(0.2, SPLIT_SEED)?;
    let mut m = model(kernel, MODEL_SEED)?;
    let before = m.distinct_units(0)?;
    let kernel_before = m.layers()[0].kernel().to_vec();
    let y = train.one_hot()?;
    let options = FitOptions::new(EPOCHS).with_batch_size(BATCH);
    // The path a user would write: fit refuses a symmetric network...
    let (check, history) = match m.fit(train.x(), &y, &options) {
        Ok(history) => ("ok".to_string(), history),
        Err(NnError::SymmetricInit { source }) => {
            let check = short(&source);
            let err = NnError::SymmetricInit { source };
            println!("{name}: fit refused: {err}");
            if let Some(source) = std::error::Error::source(&err) {
                println!("{name}: the network check's reasons: {source}");
            }
            println!(
                "{name}: training anyway, with FitOptions::with_check_symmetry(false), \
                 to show what happens\n"
            );
            // ...and this is the opt-out, for the demonstration.
            let history = m.fit(train.x(), &y, &options.with_check_symmetry(false))?;
            (check, history)
        }
        Err(e) => return Err(e.into()),
    };
    let score = m.evaluate(test.x(), test.labels())?;
    Ok(Run {
        name,
        layer_check: layer_verdict(&kernel_before),
        check,
        before,
        after: m.distinct_units(0)?,
        history,
        test_loss: score.loss,
        test_accuracy: score.accuracy,
        grid: grid(all, kernel)?,
    })
}

fn plot(runs: &[Run], path: &PathBuf) -> Result<(), Box<dyn Error>> {
    let colors = [
        RGBColor(214, 39, 40),
        RGBColor(31, 119, 180),
        RGBColor(44, 160, 44),
        RGBColor(255, 127, 14),
        RGBColor(148, 103, 189),
    ];
    let root = SVGBackend::new(path, (1100, 460)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(550);
    let max_loss = runs
        .iter()
        .flat_map(|r| r.history.loss.iter().copied())
        .fold(0.0f64, f64::max);
    #[allow(clippy::cast_precision_loss)] // 10 epochs
    let epochs = EPOCHS as f64;
    for (area, title, ylabel, ymax, accuracy) in [
        (
            &left,
            "training loss per epoch",
            "loss",
            max_loss * 1.05,
            false,
        ),
        (&right, "training accuracy per epoch", "accuracy", 1.0, true),
    ] {
        let mut chart = ChartBuilder::on(area)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(1.0..epochs, 0.0..ymax)?;
        chart
            .configure_mesh()
            .x_desc("epoch")
            .y_desc(ylabel)
            .draw()?;
        for (run, &color) in runs.iter().zip(&colors) {
            let values = if accuracy {
                &run.history.accuracy
            } else {
                &run.history.loss
            };
            #[allow(clippy::cast_precision_loss)] // epoch numbers
            let points = values.iter().enumerate().map(|(i, &v)| ((i + 1) as f64, v));
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)))?
                .label(run.name)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
        }
        chart
            .configure_series_labels()
            .position(if accuracy {
                SeriesLabelPosition::LowerRight
            } else {
                SeriesLabelPosition::UpperRight
            })
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()?;
    }
    root.present()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let all = digits::<f32>()?;
    let (train, test) = all.split(0.2, SPLIT_SEED)?;
    println!(
        "digits: {} training and {} test samples, {} features, {} classes\n",
        train.len(),
        test.len(),
        train.features(),
        train.classes()
    );
    let configs: [(&str, Init); 5] = [
        ("Constant(0)", Constant::new(0.0)?.into()),
        ("RandomUniform", RandomUniform::default().into()),
        ("GlorotUniform", GlorotUniform.into()),
        ("Constant(0.1)", Constant::new(0.1)?.into()),
        ("HeUniform", HeUniform.into()),
    ];
    let start = Instant::now();
    let mut runs = Vec::new();
    for (name, init) in configs {
        runs.push(run(name, init, &all)?);
    }
    let elapsed = start.elapsed();

    println!(
        "| kernel initializer | symmetry_check (hidden kernel) | network check (fit) | distinct hidden units (before → after) | final training loss | test loss | test accuracy | test accuracy, 20 runs: mean (min–max) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for r in &runs {
        println!(
            "| {} | {} | {} | {} → {} | {:.4} | {:.4} | {:.1} % | {:.1} % ({:.1}–{:.1}) |",
            r.name,
            r.layer_check,
            r.check,
            r.before,
            r.after,
            r.history.loss.last().copied().unwrap_or(f64::NAN),
            r.test_loss,
            100.0 * r.test_accuracy,
            100.0 * r.grid.0,
            100.0 * r.grid.1,
            100.0 * r.grid.2,
        );
    }
    println!(
        "\nmodel seed {MODEL_SEED}, split seed {SPLIT_SEED}; the last column trains each \
         initializer for split seeds 0..4 × model seeds 0..5.\n\
         105 runs of {EPOCHS} epochs × {} samples in {:.2} s",
        train.len(),
        elapsed.as_secs_f64()
    );

    let dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("seed_experiment.svg");
    plot(&runs, &path)?;
    println!("plot: {}", path.display());
    Ok(())
}
