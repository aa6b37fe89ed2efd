use super::*;
use crate::Nonlinearity;

/// The network check's findings that `fit` reports.
fn findings() -> [SymmetricInitError; 4] {
    [
        SymmetricInitError::FrozenLayer {
            layer: 0,
            units: 128,
            activation: Nonlinearity::Relu,
        },
        SymmetricInitError::TiedUnits {
            layer: 1,
            first: 0,
            second: 1,
            distinct: 1,
            units: 128,
        },
        SymmetricInitError::DeadUnits {
            layer: 0,
            first: 3,
            dead: 7,
            units: 128,
        },
        SymmetricInitError::NonFiniteParameter {
            layer: 0,
            tensor: "bias",
            index: 2,
        },
    ]
}

/// Every message says what is wrong, then (after one `"; "`) what to do, in a
/// few words; a longer reason is in the variant's docs, which the message
/// names, never in a file of the repository.
#[test]
fn messages_say_what_is_wrong_and_what_to_do_briefly() {
    let found = findings();
    let mut all: Vec<NnError> = found
        .iter()
        .map(|source| NnError::SymmetricInit {
            source: source.clone(),
        })
        .collect();
    all.extend([
        NnError::DimensionMismatch {
            what: "the inputs",
            len: 5,
            expected: 6,
        },
        NnError::EmptyBatch { what: "fit" },
        NnError::LabelOutOfRange {
            sample: 3,
            label: 10,
            classes: 10,
        },
        NnError::NonFiniteLoss {
            step: 4,
            value: f64::NAN,
        },
        NnError::NonFiniteGradient {
            step: 4,
            layer: 1,
            param: "kernel",
            index: 17,
            value: f64::INFINITY,
        },
        NnError::InvalidHyperParameter {
            name: "batch_size",
            value: 0.0,
            expected: "at least 1",
        },
        NnError::NotReady {
            what: "is not compiled",
            hint: "call `compile` with a loss and an optimizer first",
        },
        NnError::IncompatibleLoss {
            loss: "categorical cross-entropy",
            activation: "sigmoid",
            hint: "use a softmax output layer",
        },
        NnError::SoftmaxNotLast { layer: 0 },
        NnError::CorruptData {
            row: 7,
            problem: "a pixel is above 16",
        },
        NnError::NonFiniteInput {
            what: "predict",
            sample: 0,
            feature: 0,
            value: f64::NAN,
        },
        NnError::OutOfMemory {
            what: "the kernel",
            bytes: 1 << 63,
        },
    ]);
    for e in &all {
        let m = e.to_string();
        let words = m.split_whitespace().count();
        assert!(words <= 40, "{words} words: {m}");
        assert_eq!(m.matches("; ").count(), 1, "{m}");
        assert!(
            m.starts_with(char::is_lowercase) && !m.ends_with('.'),
            "{m}"
        );
        assert!(!m.contains(".md") && !m.contains(".rs"), "{m}");
    }
    for e in &all[..found.len()] {
        let m = e.to_string();
        assert!(
            m.ends_with("(see the docs of `nninit::nn::NnError::SymmetricInit`)"),
            "{m}"
        );
    }
}
