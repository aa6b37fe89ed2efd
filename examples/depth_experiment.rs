//! Does the measured diagnosis predict which deep networks train? ReLU networks of
//! depths 2 to 32 on the digits, with about the seed model's parameter count at
//! every depth, under six kernel initializers and three seeds, diagnosed before
//! training (`Sequential::diagnose`) and trained with plain SGD, then with Adam.
//! It prints the grid, the confusion matrix of verdict against outcome, and
//! writes an SVG of each layer's variance against depth, forecast beside
//! measured, and of test accuracy against depth.
//!
//! ```text
//! cargo run --release --features nn --example depth_experiment
//! ```

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use nninit::Nonlinearity;
use nninit::Shape;
use nninit::Zeros;
use nninit::nn::{Adam, Optimizer, Sgd, digits};
use nninit::signal::{LayerSpec, forecast};
use plotters::prelude::*;

#[path = "support/depth_grid.rs"]
mod depth_grid;
use depth_grid::{Cell, DEPTHS, INITS, kernel, majority, run, width};

const SEEDS: u64 = 3;
const EPOCHS: usize = 20;
const MARGIN: f64 = 0.20;

/// Runs the grid under one optimizer.
fn grid(
    optimizer: Optimizer,
    train: &nninit::nn::Dataset<f32>,
    test: &nninit::nn::Dataset<f32>,
) -> Result<Vec<Cell>, Box<dyn Error>> {
    let mut cells = Vec::new();
    for &init in &INITS {
        for &depth in &DEPTHS {
            for seed in 0..SEEDS {
                cells.push(run(init, depth, seed, train, test, EPOCHS, optimizer)?);
            }
        }
    }
    Ok(cells)
}

/// Prints the grid and the confusion matrix; returns the agreement.
fn report(name: &str, cells: &[Cell], bar: f64) -> f64 {
    println!("\n{name}: test accuracy (verdict) per initializer and depth, {SEEDS} seeds");
    print!("{:<13}", "init");
    for d in DEPTHS {
        print!(" | depth {d:<2} (w={:<3})", width(d));
    }
    println!();
    for init in INITS {
        print!("{init:<13}");
        for d in DEPTHS {
            let here: Vec<&Cell> = cells
                .iter()
                .filter(|c| c.init == init && c.depth == d)
                .collect();
            let acc: Vec<String> = here
                .iter()
                .map(|c| {
                    let flag = if c.diagnosis.verdict.is_ok() {
                        ' '
                    } else {
                        '!'
                    };
                    format!("{:.2}{flag}", c.accuracy)
                })
                .collect();
            print!(" | {:<19}", acc.join(" "));
        }
        println!();
    }
    let mut m = [[0usize; 2]; 2];
    for c in cells {
        let trains = c.accuracy >= bar;
        let passes = c.diagnosis.verdict.is_ok();
        m[usize::from(!passes)][usize::from(!trains)] += 1;
    }
    let agree = m[0][0] + m[1][1];
    let total = cells.len();
    #[allow(clippy::cast_precision_loss)]
    let share = agree as f64 / total as f64;
    println!("confusion matrix (rows: verdict, columns: outcome; success = accuracy ≥ {bar:.3}):");
    println!("              trains  fails");
    println!("  passes      {:>6}  {:>5}", m[0][0], m[0][1]);
    println!("  flagged     {:>6}  {:>5}", m[1][0], m[1][1]);
    println!("  agreement   {agree}/{total} = {:.1} %", 100.0 * share);
    for c in cells {
        let trains = c.accuracy >= bar;
        if trains != c.diagnosis.verdict.is_ok() {
            let v = match &c.diagnosis.verdict {
                Ok(()) => "passes".to_string(),
                Err(e) => e.to_string(),
            };
            println!(
                "  disagree: {} depth {} seed {}: accuracy {:.3}; {v}",
                c.init, c.depth, c.seed, c.accuracy
            );
        }
    }
    share
}

/// The per-layer variance forecast for `init` at `depth`, from unit inputs
/// scaled to the digits' mean square.
fn forecast_variances(init: &str, depth: usize, input: f64) -> Result<Vec<f64>, Box<dyn Error>> {
    let w = width(depth);
    let k = kernel(init)?;
    let mut specs = Vec::new();
    let mut fan_in = 64;
    for _ in 0..depth - 1 {
        specs.push(LayerSpec::new(
            k,
            Zeros,
            Shape::dense(fan_in, w),
            Nonlinearity::Relu,
        ));
        fan_in = w;
    }
    specs.push(LayerSpec::new(
        k,
        Zeros,
        Shape::dense(fan_in, 10),
        Nonlinearity::Linear,
    ));
    let f = forecast(&specs, input)?;
    Ok(f.layers.iter().map(|l| l.variance).collect())
}

/// Draws the variance per layer (measured, solid; forecast, dashed) at depth 32
/// and the mean test accuracy against depth, for each initializer.
#[allow(clippy::cast_precision_loss)] // layer and depth counts below 2⁵³
fn plot(cells: &[Cell], path: &PathBuf) -> Result<(), Box<dyn Error>> {
    let root = SVGBackend::new(path, (1100, 480)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(600);
    let deep = DEPTHS[DEPTHS.len() - 1];
    let mut chart = ChartBuilder::on(&left)
        .caption(
            format!("pre-activation variance per layer, depth {deep} (dashed: forecast)"),
            ("sans-serif", 16),
        )
        .margin(10)
        .x_label_area_size(35)
        .y_label_area_size(55)
        .build_cartesian_2d(0f64..(deep as f64), (1e-12f64..1e40f64).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("layer")
        .y_desc("Var z")
        .draw()?;
    let mut acc_chart = ChartBuilder::on(&right)
        .caption("test accuracy after SGD", ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(35)
        .y_label_area_size(45)
        .build_cartesian_2d((2f64..32f64).log_scale(), 0f64..1f64)?;
    acc_chart
        .configure_mesh()
        .x_desc("depth")
        .y_desc("accuracy")
        .draw()?;
    for (i, init) in INITS.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        let Some(cell) = cells.iter().find(|c| c.init == *init && c.depth == deep) else {
            continue;
        };
        let clamp = |v: f64| v.clamp(1e-12, 1e40);
        let measured: Vec<(f64, f64)> = cell
            .diagnosis
            .layers
            .iter()
            .enumerate()
            .map(|(l, d)| (l as f64, clamp(d.variance)))
            .collect();
        chart
            .draw_series(LineSeries::new(measured, color.stroke_width(2)))?
            .label(*init)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 15, y)], color));
        if *init != "LSUV" {
            let input = cell.diagnosis.input_mean_square;
            let f = forecast_variances(init, deep, input)?;
            let pts: Vec<(f64, f64)> = f
                .iter()
                .enumerate()
                .map(|(l, &v)| (l as f64, clamp(v)))
                .collect();
            chart.draw_series(DashedLineSeries::new(pts, 4, 4, color.stroke_width(1)))?;
        }
        let mean: Vec<(f64, f64)> = DEPTHS
            .iter()
            .map(|&d| {
                let a: Vec<f64> = cells
                    .iter()
                    .filter(|c| c.init == *init && c.depth == d)
                    .map(|c| c.accuracy)
                    .collect();
                (d as f64, a.iter().sum::<f64>() / a.len().max(1) as f64)
            })
            .collect();
        acc_chart
            .draw_series(LineSeries::new(mean, color.stroke_width(2)))?
            .label(*init)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 15, y)], color));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    acc_chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let start = Instant::now();
    let (train, test) = digits::<f32>()?.split(0.2, 0)?;
    let bar = majority(&test) + MARGIN;
    println!(
        "digits: {} train, {} test; majority class {:.3}, success bar {bar:.3}",
        train.len(),
        test.len(),
        majority(&test)
    );
    let sgd = grid(Sgd::default().into(), &train, &test)?;
    let agreement = report("plain SGD (learning rate 0.01)", &sgd, bar);
    let adam = grid(Adam::default().into(), &train, &test)?;
    report(
        "Adam (learning rate 0.001), not used to calibrate",
        &adam,
        bar,
    );
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/depth_experiment.svg");
    plot(&sgd, &path)?;
    println!(
        "\nSGD agreement {:.1} %; wrote {}; {:.1} s",
        100.0 * agreement,
        path.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
