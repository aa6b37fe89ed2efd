//! The name tables: every PyTorch, Keras, JAX and nninit name, what it stands for,
//! and the suggestions for a name that is not in them.

use crate::init::any::TYPE_NAMES;

/// Which framework's meaning a name has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Framework {
    /// No prefix: Keras names mean Keras's, PyTorch-only names PyTorch's.
    Any,
    Torch,
    Keras,
    Jax,
}

/// The constructors a name can stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    KerasConstant,
    TorchConstant,
    JaxConstant,
    Zeros,
    Ones,
    KerasUniform,
    TorchUniform,
    JaxUniform,
    KerasNormal,
    TorchNormal,
    JaxNormal,
    KerasTruncated,
    TorchTruncated,
    JaxTruncated,
    KerasScaling,
    JaxScaling,
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
    LecunUniform,
    LecunNormal,
    XavierUniform,
    XavierNormal,
    KaimingUniform,
    KaimingNormal,
    TorchDefault,
    Orthogonal,
    Identity,
    Eye,
    Dirac,
    DeltaOrthogonal,
    Sparse,
    Unsupported(&'static str),
}

/// Keras's names: class names, their snake case, and Keras's aliases.
const KERAS: &[(&str, Kind)] = &[
    ("Constant", Kind::KerasConstant),
    ("constant", Kind::KerasConstant),
    ("Zeros", Kind::Zeros),
    ("zeros", Kind::Zeros),
    ("zero", Kind::Zeros),
    ("Ones", Kind::Ones),
    ("ones", Kind::Ones),
    ("one", Kind::Ones),
    ("RandomUniform", Kind::KerasUniform),
    ("random_uniform", Kind::KerasUniform),
    ("uniform", Kind::KerasUniform),
    ("RandomNormal", Kind::KerasNormal),
    ("random_normal", Kind::KerasNormal),
    ("normal", Kind::KerasNormal),
    ("TruncatedNormal", Kind::KerasTruncated),
    ("truncated_normal", Kind::KerasTruncated),
    ("VarianceScaling", Kind::KerasScaling),
    ("variance_scaling", Kind::KerasScaling),
    ("GlorotUniform", Kind::GlorotUniform),
    ("glorot_uniform", Kind::GlorotUniform),
    ("GlorotNormal", Kind::GlorotNormal),
    ("glorot_normal", Kind::GlorotNormal),
    ("HeUniform", Kind::HeUniform),
    ("he_uniform", Kind::HeUniform),
    ("HeNormal", Kind::HeNormal),
    ("he_normal", Kind::HeNormal),
    ("LecunUniform", Kind::LecunUniform),
    ("lecun_uniform", Kind::LecunUniform),
    ("LecunNormal", Kind::LecunNormal),
    ("lecun_normal", Kind::LecunNormal),
    ("Orthogonal", Kind::Orthogonal),
    ("orthogonal", Kind::Orthogonal),
    ("OrthogonalInitializer", Kind::Orthogonal),
    ("orthogonal_initializer", Kind::Orthogonal),
    ("Identity", Kind::Identity),
    ("identity", Kind::Identity),
    ("IdentityInitializer", Kind::Identity),
    ("identity_initializer", Kind::Identity),
    (
        "STFT",
        Kind::Unsupported(
            "it fills a kernel with a short-time Fourier transform basis, which is a fixed signal-processing layer, not a weight initialization",
        ),
    ),
    (
        "stft",
        Kind::Unsupported(
            "it fills a kernel with a short-time Fourier transform basis, which is a fixed signal-processing layer, not a weight initialization",
        ),
    ),
    (
        "STFTInitializer",
        Kind::Unsupported(
            "it fills a kernel with a short-time Fourier transform basis, which is a fixed signal-processing layer, not a weight initialization",
        ),
    ),
    (
        "Initializer",
        Kind::Unsupported(
            "it is Keras's abstract base class; name a concrete initializer such as `glorot_uniform`",
        ),
    ),
    (
        "initializer",
        Kind::Unsupported(
            "it is Keras's abstract base class; name a concrete initializer such as `glorot_uniform`",
        ),
    ),
];

/// PyTorch's `torch.nn.init` names, each also without its trailing underscore.
const TORCH: &[(&str, Kind)] = &[
    ("uniform_", Kind::TorchUniform),
    ("normal_", Kind::TorchNormal),
    ("trunc_normal_", Kind::TorchTruncated),
    ("constant_", Kind::TorchConstant),
    ("zeros_", Kind::Zeros),
    ("ones_", Kind::Ones),
    ("eye_", Kind::Eye),
    ("dirac_", Kind::Dirac),
    ("xavier_uniform_", Kind::XavierUniform),
    ("xavier_normal_", Kind::XavierNormal),
    ("kaiming_uniform_", Kind::KaimingUniform),
    ("kaiming_normal_", Kind::KaimingNormal),
    ("orthogonal_", Kind::Orthogonal),
    ("sparse_", Kind::Sparse),
];

/// JAX's `jax.nn.initializers` names.
const JAX: &[(&str, Kind)] = &[
    ("zeros", Kind::Zeros),
    ("ones", Kind::Ones),
    ("constant", Kind::JaxConstant),
    ("uniform", Kind::JaxUniform),
    ("normal", Kind::JaxNormal),
    ("truncated_normal", Kind::JaxTruncated),
    ("variance_scaling", Kind::JaxScaling),
    ("glorot_uniform", Kind::GlorotUniform),
    ("glorot_normal", Kind::GlorotNormal),
    ("xavier_uniform", Kind::GlorotUniform),
    ("xavier_normal", Kind::GlorotNormal),
    ("he_uniform", Kind::HeUniform),
    ("he_normal", Kind::HeNormal),
    ("kaiming_uniform", Kind::HeUniform),
    ("kaiming_normal", Kind::HeNormal),
    ("lecun_uniform", Kind::LecunUniform),
    ("lecun_normal", Kind::LecunNormal),
    ("orthogonal", Kind::Orthogonal),
    ("delta_orthogonal", Kind::DeltaOrthogonal),
];

/// nninit's own names that no framework has; its type names come from the table
/// of initializers (`TYPE_NAMES`).
const NNINIT: &[(&str, Kind)] = &[
    ("torch_default", Kind::TorchDefault),
    ("delta_orthogonal", Kind::DeltaOrthogonal),
];

/// The prefixes that select a framework, longest first.
pub(super) const PREFIXES: &[(&str, Framework)] = &[
    ("torch.nn.init.", Framework::Torch),
    ("nn.init.", Framework::Torch),
    ("torch.", Framework::Torch),
    ("keras.initializers.", Framework::Keras),
    ("tf.keras.initializers.", Framework::Keras),
    ("keras.", Framework::Keras),
    ("jax.nn.initializers.", Framework::Jax),
    ("jax.", Framework::Jax),
    ("nninit.", Framework::Any),
];

fn lookup_in(table: &[(&'static str, Kind)], name: &str) -> Option<Kind> {
    table.iter().find(|(n, _)| *n == name).map(|&(_, k)| k)
}

fn lookup_torch(name: &str) -> Option<Kind> {
    lookup_in(TORCH, name).or_else(|| {
        TORCH
            .iter()
            .find(|(n, _)| n.strip_suffix('_') == Some(name))
            .map(|&(_, k)| k)
    })
}

pub(super) fn lookup(framework: Framework, name: &str) -> Option<Kind> {
    match framework {
        Framework::Any => lookup_in(KERAS, name)
            .or_else(|| lookup_torch(name))
            .or_else(|| lookup_in(TYPE_NAMES, name))
            .or_else(|| lookup_in(NNINIT, name)),
        Framework::Torch => lookup_torch(name),
        Framework::Keras => lookup_in(KERAS, name),
        Framework::Jax => lookup_in(JAX, name),
    }
}

/// Every name valid under `framework`, for suggestions.
fn all_names(framework: Framework) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    let torch = || {
        TORCH
            .iter()
            .flat_map(|(n, _)| [*n, n.strip_suffix('_').unwrap_or(n)])
    };
    match framework {
        Framework::Any => {
            names.extend(KERAS.iter().map(|(n, _)| *n));
            names.extend(torch());
            names.extend(TYPE_NAMES.iter().map(|(n, _)| *n));
            names.extend(NNINIT.iter().map(|(n, _)| *n));
        }
        Framework::Torch => names.extend(torch()),
        Framework::Keras => names.extend(KERAS.iter().map(|(n, _)| *n)),
        Framework::Jax => names.extend(JAX.iter().map(|(n, _)| *n)),
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// Levenshtein distance over the lower-cased characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        core::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How many characters longer than every valid name an input may be and still be
/// compared with them: a longer one is at least this far from all of them.
const SLACK: usize = 8;

/// The three names closest to `name`; none for a name much longer than every
/// valid one, so that the cost is bounded whatever the input.
pub(super) fn suggest(framework: Framework, name: &str) -> Vec<&'static str> {
    let names = all_names(framework);
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    if name.chars().nth(longest + SLACK).is_some() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, &'static str)> = names
        .into_iter()
        .map(|n| (edit_distance(name, n), n))
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests;
