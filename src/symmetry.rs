//! `symmetry_check` and `check_network`: a typed error before symmetric weights
//! waste a training run.
//!
//! Two hidden units whose incoming weights, biases and outgoing weights are equal
//! compute the same function, receive the same gradient and, under any optimizer
//! that treats parameters element by element, stay equal forever. The layer check
//! ([`symmetry_check`], [`SymmetryCheck`]) finds units of one kernel that start
//! equal; the network check ([`check_network`], [`tied_groups`]) decides exactly
//! which hidden units can never be separated, and which layers pass no gradient at
//! all. `docs/symmetry.md` gives the argument.

use thiserror::Error;

use crate::{InitError, Layout, Nonlinearity, Real, Shape};

/// Why a set of weights cannot train well: its units start identical, or no
/// gradient reaches them; or why the weights could not be checked.
///
/// The layer checks ([`symmetry_check`], [`symmetry_check_with_bias`],
/// [`SymmetryCheck`]) return the variants up to [`SymmetricInitError::InvalidShape`];
/// the network checks ([`check_network`], [`tied_groups`], [`dead_units`]) return
/// those from [`SymmetricInitError::LayerLength`] on.
///
/// ```
/// use nninit::{symmetry_check, Shape, SymmetricInitError};
///
/// let kernel = vec![0.0f32; 64 * 128];
/// let err = symmetry_check(&kernel, &Shape::dense(64, 128)).unwrap_err();
/// assert_eq!(err, SymmetricInitError::ZeroKernel { units: 128 });
/// assert!(err.to_string().starts_with("every weight of this layer is zero"));
/// ```
#[derive(Clone, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum SymmetricInitError {
    /// `!kernel[index].is_finite()`: the first NaN or infinite element of the
    /// kernel. Checked before anything else, since NaN ≠ NaN would hide duplicates.
    #[error(
        "element {index} of the kernel is NaN or infinite, which poisons every gradient \
         that passes through it; fix the initializer or the loaded weights"
    )]
    NonFinite {
        /// The element's index in the kernel slice.
        index: usize,
    },

    /// `!bias[index].is_finite()`: the first NaN or infinite bias.
    #[error(
        "element {index} of the bias is NaN or infinite, which poisons every gradient \
         that passes through it; fix the initializer or the loaded biases"
    )]
    NonFiniteBias {
        /// The element's index in the bias slice.
        index: usize,
    },

    /// Every element of the kernel is `0.0` or `−0.0`, and the layer has at least two
    /// units (per fused block); with a bias, every bias is equal too.
    #[error(
        "every weight of this layer is zero, so all {units} units start identical and \
         will receive identical gradients: training can never tell them apart; \
         initialise the kernel with a random initializer such as GlorotUniform \
         (a zero output layer is fine: check the whole network with check_network)"
    )]
    ZeroKernel {
        /// The number of units.
        units: usize,
    },

    /// Every element of the kernel equals `value != 0`, and the layer has at least
    /// two units (per fused block); with a bias, every bias is equal too.
    #[error(
        "every weight of this layer is {value}, so all {units} units start identical \
         and will receive identical gradients: training can never tell them apart; \
         initialise the kernel with a random initializer such as GlorotUniform"
    )]
    ConstantKernel {
        /// The value every weight has.
        value: f64,
        /// The number of units.
        units: usize,
    },

    /// Units `first` and `second` are equal (or, with a tolerance, within it) in
    /// every weight, and in their biases when biases are given. `first` is the
    /// smallest unit that has such a partner and `second` its smallest partner.
    #[error(
        "units {first} and {second} of this layer start {}, so they will receive \
         identical gradients and training can never tell them apart (the layer's \
         {units} units collapse into {distinct} distinct {}); initialise the kernel \
         with a random initializer such as GlorotUniform",
        same_phrase(*.tolerance),
        unit_word(*.distinct)
    )]
    DuplicateUnits {
        /// The smallest unit with a duplicate.
        first: usize,
        /// The smallest unit that duplicates `first`.
        second: usize,
        /// The number of groups the units fall into (see [`SymmetryCheck::groups`]).
        distinct: usize,
        /// The number of units.
        units: usize,
        /// The tolerance of the check (0 for exact equality).
        tolerance: f64,
    },

    /// `kernel.len() != shape.len()`.
    #[error(
        "the kernel holds {len} elements but the shape {shape} has {expected}; \
         pass the whole kernel with the shape that describes it"
    )]
    KernelLength {
        /// The kernel's length.
        len: usize,
        /// The number of elements of the shape.
        expected: usize,
        /// The shape, as written by its `Display`.
        shape: String,
    },

    /// `bias.len()` is not the layer's number of units.
    #[error(
        "the bias holds {len} elements but the layer has {units} units; \
         pass one bias per unit"
    )]
    BiasLength {
        /// The bias's length.
        len: usize,
        /// The number of units.
        units: usize,
    },

    /// The shape itself is unusable (too many dimensions, overflow, fused blocks
    /// or transposed-convolution groups that do not divide their axis).
    #[error(transparent)]
    InvalidShape {
        /// What is wrong with the shape.
        #[from]
        source: InitError,
    },

    /// A network layer's kernel is not `fan_in × units` long, or its bias not
    /// `units` long.
    #[error(
        "the {tensor} of layer {layer} holds {len} elements but should hold {expected}; \
         a layer's kernel is [fan_in][units] row-major and its bias has one element \
         per unit"
    )]
    LayerLength {
        /// The layer's index.
        layer: usize,
        /// `"kernel"` or `"bias"`.
        tensor: &'static str,
        /// The length seen.
        len: usize,
        /// The length expected (`usize::MAX` if `fan_in × units` overflows).
        expected: usize,
    },

    /// Layer `layer`'s `fan_in` differs from the previous layer's `units`.
    #[error(
        "layer {layer} takes {fan_in} inputs but layer {} has {previous_units} units; \
         each layer's fan_in must equal the previous layer's units",
        .layer - 1
    )]
    LayerChain {
        /// The layer's index (at least 1).
        layer: usize,
        /// The layer's `fan_in`.
        fan_in: usize,
        /// The previous layer's `units`.
        previous_units: usize,
    },

    /// A NaN or infinite parameter in a network.
    #[error(
        "element {index} of the {tensor} of layer {layer} is NaN or infinite, which \
         poisons every gradient that passes through it; fix the initializer or the \
         loaded weights"
    )]
    NonFiniteParameter {
        /// The layer's index.
        layer: usize,
        /// `"kernel"` or `"bias"`.
        tensor: &'static str,
        /// The element's index in that tensor.
        index: usize,
    },

    /// Every unit of layer `layer` is dead (see [`dead_units`]): the whole layer
    /// outputs a constant that passes back no gradient, so nothing before it ever
    /// learns, and the network's output cannot depend on its input. The model of
    /// the seed experiment (`examples/seed_experiment.rs`: zero kernels, zero
    /// biases, ReLU) is the common case; a zero tanh layer followed by a zero layer
    /// is another.
    #[error(
        "all {units} units of layer {layer} ({} activation) are dead: their incoming \
         weights are zero and their biases leave them outputting 0 with no gradient \
         for every input (ReLU with a bias at or below 0, or an output of 0 into \
         all-zero outgoing weights), so no gradient ever reaches this layer or any \
         layer before it and the network's output cannot depend on its input: at best \
         it learns the class frequencies and predicts the majority class for every \
         input; initialise the kernel with a random initializer such as HeUniform",
        .activation.name()
    )]
    FrozenLayer {
        /// The layer's index.
        layer: usize,
        /// The layer's number of units.
        units: usize,
        /// The layer's activation.
        activation: Nonlinearity,
    },

    /// Hidden units `first` and `second` of layer `layer` are tied: their incoming
    /// weights (columns of the layer's kernel), biases and outgoing weights (rows of
    /// the next layer's kernel) are all equal, so no element-wise optimizer can ever
    /// separate them (see [`tied_groups`]).
    #[error(
        "hidden units {first} and {second} of layer {layer} have identical incoming \
         weights, biases and outgoing weights, so they receive identical gradients and \
         training can never separate them (the layer's {units} units collapse into \
         {distinct} distinct {}); initialise the kernel of layer {layer} with a \
         random initializer such as GlorotUniform",
        unit_word(*.distinct)
    )]
    TiedUnits {
        /// The hidden layer's index.
        layer: usize,
        /// The smallest tied unit.
        first: usize,
        /// The smallest unit tied to `first`.
        second: usize,
        /// The number of tied groups (distinct units) in the layer.
        distinct: usize,
        /// The layer's number of units.
        units: usize,
    },

    /// Some, but not all, units of layer `layer` are dead (see [`dead_units`]).
    #[error(
        "{dead} of the {units} units of layer {layer} (the first is unit {first}) are \
         dead: their incoming weights are zero and their biases leave them outputting \
         0 with no gradient for every input (ReLU with a bias at or below 0, or an \
         output of 0 into all-zero outgoing weights), so they never learn; initialise \
         the kernel with a random initializer such as HeUniform"
    )]
    DeadUnits {
        /// The layer's index.
        layer: usize,
        /// The smallest dead unit.
        first: usize,
        /// The number of dead units.
        dead: usize,
        /// The layer's number of units.
        units: usize,
    },

    /// A layer index past the end of the network.
    #[error(
        "the network has {layers} layers, so there is no layer {layer}; layers are \
         numbered from 0"
    )]
    NoSuchLayer {
        /// The index asked for.
        layer: usize,
        /// The number of layers.
        layers: usize,
    },
}

fn unit_word(n: usize) -> &'static str {
    if n == 1 { "unit" } else { "units" }
}

fn same_phrase(tolerance: f64) -> String {
    if tolerance == 0.0 {
        "identical".to_owned()
    } else {
        format!("identical to within {tolerance} in every weight")
    }
}

// ---------------------------------------------------------------------------------
// Units as strided views, hashing and partitions.
// ---------------------------------------------------------------------------------

/// The elements of `n` units in one tensor: unit `u`'s elements are
/// `data[((o·total) + off + u)·inner + i]` for `o < outer`, `i < inner`, in that
/// order.
#[derive(Clone, Copy)]
struct Seg<'a, T> {
    data: &'a [T],
    outer: usize,
    total: usize,
    inner: usize,
    off: usize,
}

impl<T> Seg<'_, T> {
    #[inline(always)]
    fn base(&self, o: usize, u: usize) -> usize {
        (o * self.total + self.off + u) * self.inner
    }
}

/// How many leading elements of each segment the first, cheap hash reads.
const PREFIX: usize = 4;

#[inline(always)]
fn mix(h: u64, w: u64) -> u64 {
    let h = (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 32)
}

/// The bits of `x` with `−0.0` mapped to `0.0`, so that equal values hash equally.
#[inline(always)]
fn canon<T: Real>(x: T) -> u64 {
    let v = x.to_f64().unwrap_or(f64::NAN);
    if v == 0.0 { 0 } else { v.to_bits() }
}

#[inline(always)]
fn as_f64<T: Real>(x: T) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// Hashes up to `limit` leading elements of `seg` for each unit in `members`
/// into the matching entry of `hashes`.
fn feed<T: Real>(
    seg: &Seg<'_, T>,
    members: &[usize],
    hashes: &mut [u64],
    limit: usize,
    mix: fn(u64, u64) -> u64,
) {
    let mut taken = 0;
    for o in 0..seg.outer {
        if taken >= limit {
            break;
        }
        let take = seg.inner.min(limit - taken);
        for (h, &u) in hashes.iter_mut().zip(members) {
            let base = seg.base(o, u);
            for &x in &seg.data[base..base + take] {
                *h = mix(*h, canon(x));
            }
        }
        taken += take;
    }
}

fn units_equal<T: Real>(segs: &[Seg<'_, T>], a: usize, b: usize) -> bool {
    segs.iter().all(|s| {
        (0..s.outer).all(|o| {
            let (pa, pb) = (s.base(o, a), s.base(o, b));
            s.data[pa..pa + s.inner] == s.data[pb..pb + s.inner]
        })
    })
}

fn units_near<T: Real>(segs: &[Seg<'_, T>], a: usize, b: usize, tol: f64) -> bool {
    segs.iter().all(|s| {
        (0..s.outer).all(|o| {
            let (pa, pb) = (s.base(o, a), s.base(o, b));
            s.data[pa..pa + s.inner]
                .iter()
                .zip(&s.data[pb..pb + s.inner])
                .all(|(&x, &y)| (as_f64(x) - as_f64(y)).abs() <= tol)
        })
    })
}

/// For each of `n` units, the smallest unit exactly equal to it (`x == y`
/// element by element, so `−0.0 == 0.0`; no element may be NaN).
///
/// Units are sorted by a hash of their first few elements; only units that share
/// it are hashed in full, and units that share the full hash are compared element
/// by element, so the result is exact and the cost, for units that differ early, is
/// `O(n log n + n·PREFIX)` beyond reading them.
fn partition_exact<T: Real>(segs: &[Seg<'_, T>], n: usize) -> Vec<usize> {
    partition_exact_with(segs, n, mix)
}

/// [`partition_exact`] with the hash's mixing step as a parameter, so that tests
/// can force collisions.
fn partition_exact_with<T: Real>(
    segs: &[Seg<'_, T>],
    n: usize,
    mix: fn(u64, u64) -> u64,
) -> Vec<usize> {
    let mut label: Vec<usize> = (0..n).collect();
    if n < 2 {
        return label;
    }
    let all: Vec<usize> = (0..n).collect();
    let mut prefix = vec![0x243F_6A88_85A3_08D3u64; n];
    for s in segs {
        feed(s, &all, &mut prefix, PREFIX, mix);
    }
    let mut order: Vec<(u64, usize)> = prefix.iter().copied().zip(0..n).collect();
    order.sort_unstable();
    let mut cand = Vec::new();
    let mut cand_hash = Vec::new();
    for run in order.chunk_by(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            for &(h, u) in run {
                cand.push(u);
                cand_hash.push(h);
            }
        }
    }
    if cand.is_empty() {
        return label;
    }
    for s in segs {
        feed(s, &cand, &mut cand_hash, usize::MAX, mix);
    }
    let mut full: Vec<(u64, usize)> = cand_hash
        .iter()
        .copied()
        .zip(cand.iter().copied())
        .collect();
    full.sort_unstable();
    for run in full.chunk_by(|a, b| a.0 == b.0) {
        let rep = run[0].1;
        for &(_, u) in run {
            label[u] = rep;
        }
    }
    // Verify every member against its representative, reading row by row.
    let members: Vec<usize> = cand.iter().copied().filter(|&u| label[u] != u).collect();
    let mut bad = vec![false; n];
    for s in segs {
        for o in 0..s.outer {
            for &u in &members {
                let (pu, pr) = (s.base(o, u), s.base(o, label[u]));
                if s.data[pu..pu + s.inner] != s.data[pr..pr + s.inner] {
                    bad[u] = true;
                }
            }
        }
    }
    // Full-hash collisions between unequal units: regroup them by comparison.
    for run in full.chunk_by(|a, b| a.0 == b.0) {
        let mut reps: Vec<usize> = Vec::new();
        for &(_, u) in run {
            if bad[u] {
                if let Some(&r) = reps.iter().find(|&&r| units_equal(segs, u, r)) {
                    label[u] = r;
                } else {
                    label[u] = u;
                    reps.push(u);
                }
            }
        }
    }
    label
}

/// For each of `n` units, the smallest unit of its connected component under
/// "within `tol`": `|x − y| ≤ tol` (computed in `f64`) for every pair of
/// corresponding elements.
///
/// Units are sorted by the element position whose values spread most, and only
/// units within `tol` of each other there are compared (with early exit), so the
/// cost is `O(n log n)` plus the comparisons within that window.
fn partition_tol<T: Real>(segs: &[Seg<'_, T>], n: usize, tol: f64) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n).collect();
    if n < 2 {
        return parent;
    }
    // The key position: the one with the widest range of values across units.
    let mut key_at: Option<(usize, usize, usize)> = None;
    let mut widest = -1.0f64;
    for (si, s) in segs.iter().enumerate() {
        let width = s.outer * s.inner;
        let mut lo = vec![T::infinity(); width];
        let mut hi = vec![T::neg_infinity(); width];
        for o in 0..s.outer {
            let span = o * s.inner..(o + 1) * s.inner;
            if s.inner == 1 {
                // One position per row: reduce the contiguous row in eight lanes.
                let start = s.base(o, 0);
                let (l, h) = min_max(&s.data[start..start + n]);
                lo[o] = l;
                hi[o] = h;
                continue;
            }
            let (lo_o, hi_o) = (&mut lo[span.clone()], &mut hi[span]);
            for u in 0..n {
                let base = s.base(o, u);
                let row = &s.data[base..base + s.inner];
                for ((l, h), &x) in lo_o.iter_mut().zip(hi_o.iter_mut()).zip(row) {
                    if x < *l {
                        *l = x;
                    }
                    if x > *h {
                        *h = x;
                    }
                }
            }
        }
        let lo: Vec<f64> = lo.into_iter().map(as_f64).collect();
        let hi: Vec<f64> = hi.into_iter().map(as_f64).collect();
        for p in 0..width {
            if hi[p] - lo[p] > widest {
                widest = hi[p] - lo[p];
                key_at = Some((si, p / s.inner, p % s.inner));
            }
        }
    }
    let Some((si, ko, ki)) = key_at else {
        // Units without elements are all equal.
        return vec![0; n];
    };
    let s = &segs[si];
    let key: Vec<f64> = (0..n).map(|u| as_f64(s.data[s.base(ko, u) + ki])).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| key[a].total_cmp(&key[b]).then(a.cmp(&b)));

    for a in 0..n {
        let ua = order[a];
        for &ub in &order[a + 1..] {
            if key[ub] - key[ua] > tol {
                break;
            }
            let (ra, rb) = (find(&mut parent, ua), find(&mut parent, ub));
            if ra != rb && units_near(segs, ua, ub, tol) {
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                parent[hi] = lo;
            }
        }
    }
    (0..n).map(|u| find(&mut parent, u)).collect()
}

/// The least and greatest of `xs` (which holds no NaN).
fn min_max<T: Real>(xs: &[T]) -> (T, T) {
    let mut lo = [T::infinity(); 8];
    let mut hi = [T::neg_infinity(); 8];
    let mut chunks = xs.chunks_exact(8);
    for c in &mut chunks {
        for k in 0..8 {
            lo[k] = if c[k] < lo[k] { c[k] } else { lo[k] };
            hi[k] = if c[k] > hi[k] { c[k] } else { hi[k] };
        }
    }
    for &x in chunks.remainder() {
        lo[0] = if x < lo[0] { x } else { lo[0] };
        hi[0] = if x > hi[0] { x } else { hi[0] };
    }
    let l = lo
        .iter()
        .fold(T::infinity(), |a, &b| if b < a { b } else { a });
    let h = hi
        .iter()
        .fold(T::neg_infinity(), |a, &b| if b > a { b } else { a });
    (l, h)
}

/// The root of `x` in a union-find forest, halving the path on the way.
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Groups from labels that name each unit's smallest group member.
fn groups_from_labels(label: &[usize]) -> Vec<Vec<usize>> {
    let mut slot = vec![usize::MAX; label.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (u, &r) in label.iter().enumerate() {
        if slot[r] == usize::MAX {
            slot[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[slot[r]].push(u);
    }
    groups
}

/// The first non-finite element, and whether every element equals the first
/// (`−0.0 == 0.0`).
#[allow(clippy::needless_bitwise_bool)] // branch-free `&` lets the loop vectorise
fn scan<T: Real>(xs: &[T]) -> (Option<usize>, bool) {
    const CHUNK: usize = 4096;
    let Some(&first) = xs.first() else {
        return (None, true);
    };
    let mut same = true;
    for (c, chunk) in xs.chunks(CHUNK).enumerate() {
        let (finite, equal) = chunk.iter().fold((true, true), |(f, e), &x| {
            (f & x.is_finite(), e & (x == first))
        });
        if !finite {
            // Always `Some`: the fold just found a non-finite element in `chunk`.
            let i = chunk.iter().position(|x| !x.is_finite()).unwrap_or(0);
            return (Some(c * CHUNK + i), false);
        }
        same &= equal;
    }
    (None, same)
}

// ---------------------------------------------------------------------------------
// The layer check.
// ---------------------------------------------------------------------------------

/// Options for the layer check: exact by default, or with a tolerance for weights
/// that were quantised or loaded from `f16`.
///
/// With tolerance `tol`, two units are *near-duplicates* when every pair of
/// corresponding weights (and biases, if given) satisfies `|x − y| ≤ tol`, computed
/// in `f64` (the maximum absolute difference, or L∞ distance, is at most `tol`).
/// Near-duplication is not transitive, so units are grouped by its connected
/// components: a chain of units, each within `tol` of the next, forms one group.
/// [`SymmetricInitError::ZeroKernel`] and [`SymmetricInitError::ConstantKernel`]
/// still mean exactly zero and exactly constant; a kernel that is only nearly
/// constant is reported as [`SymmetricInitError::DuplicateUnits`].
///
/// # Cost
/// The exact check reads the kernel once and sorts the units by a hash of their
/// first few weights; only units that share it are read in full, so a random
/// 4096×4096 kernel checks in less time than it takes to fill it (see
/// `benches/symmetry.rs`). The tolerant check reads the kernel twice, sorts the
/// units by the weight position whose values spread most, and compares (with early
/// exit) only units within `tol` of each other there: fast when `tol` is small
/// beside that spread, `O(units²)` comparisons at worst.
///
/// # Layouts
/// A unit is what [`Shape::unit_axis`] indexes: a column of a Keras or JAX dense
/// kernel `[in][out]`, a row of a PyTorch `Linear` weight `[out][in]`, an output
/// channel of a convolution (last axis in Keras layout, first in PyTorch's). For a
/// PyTorch transposed convolution `[in, out/groups, k…]` with `groups = g`, output
/// channel `c = j + (out/g)·h` is column `j` of group `h`'s rows, so the layer has
/// `out` units and unit indices are output channels. Units of different fused
/// blocks ([`Shape::fused`]) or transposed-convolution groups are never compared:
/// they see different inputs or play different roles. A PyTorch-layout `Shape`
/// does not know a convolution's `groups`: check each group's slice of a grouped
/// convolution on its own, since channels of different groups see different inputs.
///
/// # Example
/// ```
/// use nninit::{Shape, SymmetricInitError, SymmetryCheck};
///
/// // Two units that differ only by f16 rounding noise.
/// let kernel = [0.5f32, 0.50001, -0.25, -0.25002]; // [2][2]: units are columns
/// let shape = Shape::dense(2, 2);
/// assert!(SymmetryCheck::exact().check(&kernel, &shape).is_ok());
/// let tolerant = SymmetryCheck::with_tolerance(1e-3)?;
/// assert!(matches!(
///     tolerant.check(&kernel, &shape),
///     Err(SymmetricInitError::DuplicateUnits { first: 0, second: 1, distinct: 1, .. })
/// ));
/// # Ok::<(), nninit::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SymmetryCheck {
    tolerance: f64,
}

/// A kernel seen as independent sub-layers of `n` units each.
struct LayerPlan {
    outer: usize,
    total: usize,
    inner: usize,
    blocks: usize,
    groups: usize,
    per_block: usize,
    units: usize,
}

impl LayerPlan {
    fn new(
        kernel_len: usize,
        bias_len: Option<usize>,
        shape: &Shape,
    ) -> Result<Self, SymmetricInitError> {
        let expected = shape.try_len()?;
        if kernel_len != expected {
            return Err(SymmetricInitError::KernelLength {
                len: kernel_len,
                expected,
                shape: shape.to_string(),
            });
        }
        let groups = match shape.layout() {
            Layout::TorchTransposed { groups } => {
                // Validates the rank and that `groups` divides the input channels.
                shape.fans()?;
                groups
            }
            _ => 1,
        };
        let dims = shape.dims();
        // `try_len` above bounds the whole product, but a zero among the dims lets
        // the product of the others overflow, so these are checked too.
        let overflow = || InitError::ShapeOverflow {
            shape: shape.to_string(),
        };
        let product = |ds: &[usize]| {
            ds.iter()
                .try_fold(1usize, |acc, &d| acc.checked_mul(d))
                .ok_or_else(overflow)
        };
        let (outer, total, inner) = match shape.unit_axis() {
            None => (1, 1, 1),
            Some(a) => (product(&dims[..a])?, dims[a], product(&dims[a + 1..])?),
        };
        let blocks = shape.blocks();
        if blocks == 0 || !total.is_multiple_of(blocks) {
            return Err(InitError::UnevenBlocks {
                shape: shape.to_string(),
                units: total,
                blocks,
            }
            .into());
        }
        let units = total.checked_mul(groups).ok_or_else(overflow)?;
        if let Some(len) = bias_len
            && len != units
        {
            return Err(SymmetricInitError::BiasLength { len, units });
        }
        Ok(LayerPlan {
            outer,
            total,
            inner,
            blocks,
            groups,
            per_block: total / blocks,
            units,
        })
    }

    /// The sub-layers: the unit offset of each, and its segments.
    fn subs<'a, T>(&self, kernel: &'a [T], bias: Option<&'a [T]>) -> Vec<(usize, Vec<Seg<'a, T>>)> {
        let group_outer = self.outer / self.groups;
        // The kernel holds outer·total·inner elements (checked in `new`) and the
        // groups split `outer`; dividing the length cannot overflow where the
        // product of the factors could (when one of them is zero).
        let group_len = kernel.len() / self.groups;
        let mut out = Vec::with_capacity(self.groups * self.blocks);
        for g in 0..self.groups {
            for b in 0..self.blocks {
                let off = b * self.per_block;
                let mut segs = vec![Seg {
                    data: &kernel[g * group_len..(g + 1) * group_len],
                    outer: group_outer,
                    total: self.total,
                    inner: self.inner,
                    off,
                }];
                if let Some(bias) = bias {
                    segs.push(Seg {
                        data: bias,
                        outer: 1,
                        total: self.units,
                        inner: 1,
                        off: g * self.total + off,
                    });
                }
                out.push((g * self.total + off, segs));
            }
        }
        out
    }
}

impl SymmetryCheck {
    /// The exact check (the default): units are duplicates when every weight is
    /// equal (`x == y`, so `−0.0 == 0.0`).
    ///
    /// ```
    /// assert_eq!(nninit::SymmetryCheck::exact().tolerance(), 0.0);
    /// ```
    #[must_use]
    pub const fn exact() -> Self {
        SymmetryCheck { tolerance: 0.0 }
    }

    /// A check that also reports near-duplicates: units whose weights differ by at
    /// most `tolerance` everywhere (see [`SymmetryCheck`]). A tolerance of 0 is the
    /// exact check.
    ///
    /// # Errors
    /// [`InitError::NonFinite`] for a NaN or infinite tolerance,
    /// [`InitError::OutOfRange`] for a negative one.
    ///
    /// ```
    /// use nninit::SymmetryCheck;
    /// assert_eq!(SymmetryCheck::with_tolerance(1e-3)?.tolerance(), 1e-3);
    /// assert!(SymmetryCheck::with_tolerance(-1.0).is_err());
    /// assert!(SymmetryCheck::with_tolerance(f64::NAN).is_err());
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn with_tolerance(tolerance: f64) -> Result<Self, InitError> {
        if !tolerance.is_finite() {
            return Err(InitError::NonFinite {
                name: "tolerance",
                value: tolerance,
            });
        }
        if tolerance < 0.0 {
            return Err(InitError::OutOfRange {
                name: "tolerance",
                value: tolerance,
                allowed: "[0, ∞)",
            });
        }
        Ok(SymmetryCheck {
            tolerance: tolerance.abs(),
        })
    }

    /// The tolerance (0 for the exact check).
    ///
    /// ```
    /// assert_eq!(nninit::SymmetryCheck::default().tolerance(), 0.0);
    /// ```
    #[must_use]
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// Checks one layer's kernel; see [`symmetry_check`].
    ///
    /// # Errors
    /// As [`symmetry_check`].
    ///
    /// ```
    /// use nninit::{Shape, SymmetryCheck};
    /// let kernel = [1.0f64, 2.0, 3.0, 4.0];
    /// assert!(SymmetryCheck::exact().check(&kernel, &Shape::dense(2, 2)).is_ok());
    /// ```
    pub fn check<T: Real>(&self, kernel: &[T], shape: &Shape) -> Result<(), SymmetricInitError> {
        self.run(kernel, None, shape)
    }

    /// Checks one layer's kernel and bias; see [`symmetry_check_with_bias`].
    ///
    /// # Errors
    /// As [`symmetry_check_with_bias`].
    ///
    /// ```
    /// use nninit::{Shape, SymmetryCheck};
    /// let kernel = [0.0f32; 6];
    /// assert!(SymmetryCheck::exact().check_with_bias(&kernel, &[0.1, 0.2, 0.3], &Shape::dense(2, 3)).is_ok());
    /// ```
    pub fn check_with_bias<T: Real>(
        &self,
        kernel: &[T],
        bias: &[T],
        shape: &Shape,
    ) -> Result<(), SymmetricInitError> {
        self.run(kernel, Some(bias), shape)
    }

    /// The partition of the layer's units into groups of duplicates (exact, or
    /// connected under the tolerance): every unit is in exactly one group, each
    /// group is sorted, and groups are ordered by their smallest unit. A layer
    /// without duplicates gives one group per unit.
    ///
    /// # Errors
    /// The validation errors of [`symmetry_check`] (lengths, shape, NaN or
    /// infinite elements); a zero or constant kernel is not an error here.
    ///
    /// ```
    /// use nninit::{Shape, SymmetryCheck};
    /// // A PyTorch Linear weight [out = 4][in = 2]: units are rows.
    /// let w = [1.0f32, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0];
    /// let groups = SymmetryCheck::exact().groups(&w, None, &Shape::from_torch(&[4, 2]))?;
    /// assert_eq!(groups, vec![vec![0, 2], vec![1, 3]]);
    /// # Ok::<(), nninit::SymmetricInitError>(())
    /// ```
    pub fn groups<T: Real>(
        &self,
        kernel: &[T],
        bias: Option<&[T]>,
        shape: &Shape,
    ) -> Result<Vec<Vec<usize>>, SymmetricInitError> {
        let plan = Self::validate(kernel, bias, shape)?.0;
        Ok(groups_from_labels(&self.labels(&plan, kernel, bias)))
    }

    fn validate<T: Real>(
        kernel: &[T],
        bias: Option<&[T]>,
        shape: &Shape,
    ) -> Result<(LayerPlan, bool), SymmetricInitError> {
        let plan = LayerPlan::new(kernel.len(), bias.map(<[T]>::len), shape)?;
        let (bad, same) = scan(kernel);
        if let Some(index) = bad {
            return Err(SymmetricInitError::NonFinite { index });
        }
        let bias_same = match bias {
            Some(b) => {
                let (bad, same) = scan(b);
                if let Some(index) = bad {
                    return Err(SymmetricInitError::NonFiniteBias { index });
                }
                same
            }
            None => true,
        };
        Ok((plan, same && bias_same))
    }

    fn labels<T: Real>(&self, plan: &LayerPlan, kernel: &[T], bias: Option<&[T]>) -> Vec<usize> {
        let mut label = vec![0; plan.units];
        for (offset, segs) in plan.subs(kernel, bias) {
            let local = if self.tolerance == 0.0 {
                partition_exact(&segs, plan.per_block)
            } else {
                partition_tol(&segs, plan.per_block, self.tolerance)
            };
            for (u, l) in local.into_iter().enumerate() {
                label[offset + u] = offset + l;
            }
        }
        label
    }

    fn run<T: Real>(
        &self,
        kernel: &[T],
        bias: Option<&[T]>,
        shape: &Shape,
    ) -> Result<(), SymmetricInitError> {
        let (plan, uniform) = Self::validate(kernel, bias, shape)?;
        if plan.per_block < 2 || kernel.is_empty() {
            return Ok(());
        }
        if uniform {
            let value = as_f64(kernel[0]);
            return Err(if value == 0.0 {
                SymmetricInitError::ZeroKernel { units: plan.units }
            } else {
                SymmetricInitError::ConstantKernel {
                    value,
                    units: plan.units,
                }
            });
        }
        let label = self.labels(&plan, kernel, bias);
        let groups = groups_from_labels(&label);
        let Some(group) = groups.iter().find(|g| g.len() > 1) else {
            return Ok(());
        };
        let first = group[0];
        let second = if self.tolerance == 0.0 {
            group[1]
        } else {
            // The smallest direct partner of `first` in its sub-layer.
            let subs = plan.subs(kernel, bias);
            subs.iter()
                .rev()
                .find(|(offset, _)| *offset <= first)
                .and_then(|(offset, segs)| {
                    (0..plan.per_block)
                        .find(|&j| {
                            offset + j != first
                                && units_near(segs, first - offset, j, self.tolerance)
                        })
                        .map(|j| offset + j)
                })
                .unwrap_or(group[1])
        };
        Err(SymmetricInitError::DuplicateUnits {
            first,
            second,
            distinct: groups.len(),
            units: plan.units,
            tolerance: self.tolerance,
        })
    }
}

/// Checks that no two units of a layer's kernel start identical.
///
/// A unit is what [`Shape::unit_axis`] indexes (see [`SymmetryCheck`] for every
/// layout). In order, the check reports: a kernel whose length is not
/// `shape.len()`, or an unusable shape; the first NaN or infinite element; then,
/// if the layer has at least two units (per fused block), a kernel that is all zero
/// ([`SymmetricInitError::ZeroKernel`], `−0.0` included), all one non-zero value
/// ([`SymmetricInitError::ConstantKernel`]), or two units with identical weights
/// ([`SymmetricInitError::DuplicateUnits`]). A layer with one unit, and an empty
/// kernel, are never symmetric.
///
/// A layer check cannot know whether its layer is hidden: a zero *output* layer
/// is legitimate (its units see different targets). Check a whole network with
/// [`check_network`].
///
/// # Errors
/// The variants of [`SymmetricInitError`] named above.
///
/// # Example
/// ```
/// use nninit::{symmetry_check, GlorotUniform, Initializer, Shape, SymmetricInitError};
///
/// let shape = Shape::dense(64, 128);
/// let mut kernel = vec![0.0f32; shape.len()];
/// assert!(matches!(
///     symmetry_check(&kernel, &shape),
///     Err(SymmetricInitError::ZeroKernel { units: 128 })
/// ));
/// GlorotUniform.fill_keyed(&mut kernel, &shape, 42)?;
/// assert!(symmetry_check(&kernel, &shape).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn symmetry_check<T: Real>(kernel: &[T], shape: &Shape) -> Result<(), SymmetricInitError> {
    SymmetryCheck::exact().check(kernel, shape)
}

/// [`symmetry_check`] with the layer's bias: units are duplicates only if their
/// biases are equal too. A zero or constant kernel is reported only when every
/// bias is equal as well. `bias` has one element per unit (for a grouped PyTorch
/// transposed convolution, one per output channel).
///
/// # Errors
/// Those of [`symmetry_check`], [`SymmetricInitError::BiasLength`] and
/// [`SymmetricInitError::NonFiniteBias`].
///
/// # Example
/// ```
/// use nninit::{symmetry_check_with_bias, Shape, SymmetricInitError};
///
/// let shape = Shape::from_torch(&[3, 2]); // PyTorch Linear(2, 3): units are rows
/// let w = [0.5f64, 0.5, 0.5, 0.5, 0.5, 0.5];
/// assert!(symmetry_check_with_bias(&w, &[0.1, 0.2, 0.3], &shape).is_ok());
/// assert!(matches!(
///     symmetry_check_with_bias(&w, &[0.1, 0.2, 0.1], &shape),
///     Err(SymmetricInitError::DuplicateUnits { first: 0, second: 2, distinct: 2, units: 3, .. })
/// ));
/// ```
pub fn symmetry_check_with_bias<T: Real>(
    kernel: &[T],
    bias: &[T],
    shape: &Shape,
) -> Result<(), SymmetricInitError> {
    SymmetryCheck::exact().check_with_bias(kernel, bias, shape)
}

// ---------------------------------------------------------------------------------
// The network check.
// ---------------------------------------------------------------------------------

/// One dense layer of a network, `y = f(x·W + b)`, as the network check sees it.
///
/// `kernel` is `[fan_in][units]` row-major, the layout of
/// [`Shape::dense(fan_in, units)`](Shape::dense); `bias` has `units` elements. The
/// last layer of a network is its output layer.
///
/// ```
/// use nninit::{LayerView, Nonlinearity};
///
/// let (w, b) = ([0.0f32; 6], [0.0f32; 3]);
/// let layer = LayerView::new(&w, &b, 2, 3, Nonlinearity::Relu);
/// assert_eq!((layer.fan_in, layer.units), (2, 3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerView<'a, T> {
    /// The kernel, `[fan_in][units]` row-major.
    pub kernel: &'a [T],
    /// The bias, one element per unit.
    pub bias: &'a [T],
    /// The number of inputs.
    pub fan_in: usize,
    /// The number of units (outputs).
    pub units: usize,
    /// The activation applied to `x·W + b`.
    pub activation: Nonlinearity,
}

impl<'a, T> LayerView<'a, T> {
    /// A view of one layer.
    ///
    /// ```
    /// let (w, b) = ([1.0f64; 4], [0.0f64; 2]);
    /// let l = nninit::LayerView::new(&w, &b, 2, 2, nninit::Nonlinearity::Tanh);
    /// assert_eq!(l.kernel.len(), 4);
    /// ```
    #[must_use]
    pub fn new(
        kernel: &'a [T],
        bias: &'a [T],
        fan_in: usize,
        units: usize,
        activation: Nonlinearity,
    ) -> Self {
        LayerView {
            kernel,
            bias,
            fan_in,
            units,
            activation,
        }
    }
}

/// Whether `f(b) = 0` exactly: ReLU for `b ≤ 0`, sigmoid never, every other
/// activation (all with `f(0) = 0` and `f(b) ≠ 0` for `b ≠ 0`) for `b = 0`.
fn output_zero_at<T: Real>(activation: Nonlinearity, b: T) -> bool {
    match activation {
        Nonlinearity::Relu => b <= T::zero(),
        Nonlinearity::Sigmoid => false,
        Nonlinearity::Linear
        | Nonlinearity::Conv1d
        | Nonlinearity::Conv2d
        | Nonlinearity::Conv3d
        | Nonlinearity::ConvTranspose1d
        | Nonlinearity::ConvTranspose2d
        | Nonlinearity::ConvTranspose3d
        | Nonlinearity::Tanh
        | Nonlinearity::LeakyRelu
        | Nonlinearity::Selu
        | Nonlinearity::Gelu
        | Nonlinearity::Silu => b == T::zero(),
    }
}

/// Whether `f′(b) = 0`: only ReLU, for `b ≤ 0` (ReLU′(0) = 0 as in PyTorch,
/// TensorFlow and JAX). A leaky ReLU is taken to have a non-zero slope.
fn derivative_zero_at<T: Real>(activation: Nonlinearity, b: T) -> bool {
    matches!(activation, Nonlinearity::Relu) && b <= T::zero()
}

fn validate_network<T: Real>(layers: &[LayerView<'_, T>]) -> Result<(), SymmetricInitError> {
    for (l, layer) in layers.iter().enumerate() {
        let expected = layer.fan_in.saturating_mul(layer.units);
        if layer.kernel.len() != expected {
            return Err(SymmetricInitError::LayerLength {
                layer: l,
                tensor: "kernel",
                len: layer.kernel.len(),
                expected,
            });
        }
        if layer.bias.len() != layer.units {
            return Err(SymmetricInitError::LayerLength {
                layer: l,
                tensor: "bias",
                len: layer.bias.len(),
                expected: layer.units,
            });
        }
        if l > 0 && layer.fan_in != layers[l - 1].units {
            return Err(SymmetricInitError::LayerChain {
                layer: l,
                fan_in: layer.fan_in,
                previous_units: layers[l - 1].units,
            });
        }
    }
    for (l, layer) in layers.iter().enumerate() {
        for (tensor, xs) in [("kernel", layer.kernel), ("bias", layer.bias)] {
            if let Some(index) = scan(xs).0 {
                return Err(SymmetricInitError::NonFiniteParameter {
                    layer: l,
                    tensor,
                    index,
                });
            }
        }
    }
    Ok(())
}

fn dead_in<T: Real>(layers: &[LayerView<'_, T>], l: usize) -> Vec<usize> {
    let layer = &layers[l];
    let next = layers.get(l + 1);
    let mut nonzero = vec![false; layer.units];
    for row in layer.kernel.chunks_exact(layer.units.max(1)) {
        for (nz, &x) in nonzero.iter_mut().zip(row) {
            *nz |= x != T::zero();
        }
    }
    let outgoing_zero = |u: usize| {
        next.is_some_and(|n| {
            n.kernel[u * n.units..(u + 1) * n.units]
                .iter()
                .all(|&x| x == T::zero())
        })
    };
    (0..layer.units)
        .filter(|&u| {
            let b = layer.bias[u];
            !nonzero[u]
                && (derivative_zero_at(layer.activation, b)
                    || (output_zero_at(layer.activation, b) && outgoing_zero(u)))
        })
        .collect()
}

fn tied_in<T: Real>(layers: &[LayerView<'_, T>], l: usize) -> Vec<Vec<usize>> {
    let layer = &layers[l];
    let n = layer.units;
    let Some(next) = layers.get(l + 1) else {
        return (0..n).map(|u| vec![u]).collect();
    };
    let segs = [
        Seg {
            data: layer.kernel,
            outer: layer.fan_in,
            total: n,
            inner: 1,
            off: 0,
        },
        Seg {
            data: layer.bias,
            outer: 1,
            total: n,
            inner: 1,
            off: 0,
        },
        Seg {
            data: next.kernel,
            outer: 1,
            total: n,
            inner: next.units,
            off: 0,
        },
    ];
    groups_from_labels(&partition_exact(&segs, n))
}

/// Checks a network's initial weights: that every layer can receive a gradient,
/// and that no two hidden units are tied.
///
/// `layers` run from input to output; the last is the output layer. The check
/// reports, in this order:
/// 1. a kernel or bias of the wrong length, or a `fan_in` that is not the previous
///    layer's `units` ([`SymmetricInitError::LayerLength`],
///    [`SymmetricInitError::LayerChain`]);
/// 2. the first NaN or infinite parameter
///    ([`SymmetricInitError::NonFiniteParameter`]);
/// 3. the first *frozen* layer ([`SymmetricInitError::FrozenLayer`]), whose
///    units are all dead (see [`dead_units`]): a ReLU layer with an all-zero
///    kernel and no positive bias, as in the seed experiment, or a layer with a zero
///    kernel and zero biases whose activation has `f(0) = 0` (tanh, linear, …)
///    followed by a zero layer. It comes first because it stops all learning
///    before it, ties or not. The output layer is checked too (a zero ReLU output
///    layer stops every gradient);
/// 4. the first hidden layer with *tied* units ([`SymmetricInitError::TiedUnits`],
///    see [`tied_groups`]). The output layer is never checked for ties: its units
///    see different targets, so a zero output layer is legitimate;
/// 5. the first layer with *dead* units ([`SymmetricInitError::DeadUnits`], see
///    [`dead_units`]).
///
/// The verdicts assume the check runs before the first step (optimizer state is
/// the same for every unit, e.g. zero) and training without dropout or other
/// per-unit randomness; `docs/symmetry.md` proves them.
///
/// # Errors
/// The variants named above.
///
/// # Example
/// The seed experiment's Keras model, `Dense(128, relu)` then `Dense(10,
/// softmax)`, with zero kernels and Keras's zero biases:
/// ```
/// use nninit::{check_network, LayerView, Nonlinearity, SymmetricInitError};
///
/// let (w1, b1) = (vec![0.0f32; 784 * 128], vec![0.0f32; 128]);
/// let (w2, b2) = (vec![0.0f32; 128 * 10], vec![0.0f32; 10]);
/// let net = [
///     LayerView::new(&w1, &b1, 784, 128, Nonlinearity::Relu),
///     LayerView::new(&w2, &b2, 128, 10, Nonlinearity::Linear),
/// ];
/// let err = check_network(&net).unwrap_err();
/// assert_eq!(err, SymmetricInitError::FrozenLayer { layer: 0, units: 128, activation: Nonlinearity::Relu });
///
/// // Tanh outputs 0 at 0 into zero outgoing weights: a saddle point, frozen too.
/// let tanh = [LayerView { activation: Nonlinearity::Tanh, ..net[0] }, net[1]];
/// assert!(matches!(check_network(&tanh), Err(SymmetricInitError::FrozenLayer { layer: 0, .. })));
///
/// // Sigmoid outputs 1/2, so gradients flow; but the 128 units are tied.
/// let sigmoid = [LayerView { activation: Nonlinearity::Sigmoid, ..net[0] }, net[1]];
/// assert!(matches!(
///     check_network(&sigmoid),
///     Err(SymmetricInitError::TiedUnits { layer: 0, first: 0, second: 1, distinct: 1, units: 128 })
/// ));
/// ```
pub fn check_network<T: Real>(layers: &[LayerView<'_, T>]) -> Result<(), SymmetricInitError> {
    validate_network(layers)?;
    for (l, layer) in layers.iter().enumerate() {
        if layer.units > 0 && dead_in(layers, l).len() == layer.units {
            return Err(SymmetricInitError::FrozenLayer {
                layer: l,
                units: layer.units,
                activation: layer.activation,
            });
        }
    }
    for l in 0..layers.len().saturating_sub(1) {
        let groups = tied_in(layers, l);
        if let Some(g) = groups.iter().find(|g| g.len() > 1) {
            return Err(SymmetricInitError::TiedUnits {
                layer: l,
                first: g[0],
                second: g[1],
                distinct: groups.len(),
                units: layers[l].units,
            });
        }
    }
    for (l, layer) in layers.iter().enumerate() {
        let dead = dead_in(layers, l);
        if let Some(&first) = dead.first() {
            return Err(SymmetricInitError::DeadUnits {
                layer: l,
                first,
                dead: dead.len(),
                units: layer.units,
            });
        }
    }
    Ok(())
}

/// The partition of layer `layer`'s units into *tied* groups.
///
/// Hidden units `i` and `j` of layer `l` are tied when column `i` of layer `l`'s
/// kernel equals column `j` (`x == y` element by element, so `−0.0 == 0.0`),
/// `bias[i] == bias[j]`, and row `i` of layer `l + 1`'s kernel equals row `j`.
/// Swapping two tied units leaves every parameter unchanged, so the network, its
/// loss and its gradient are symmetric under the swap, and any optimizer that
/// updates parameters element by element with the same rule keeps them equal:
/// after any number of steps, tied units still have bit-identical incoming
/// weights, biases and outgoing weights (when every unit is computed by the same
/// sequence of floating-point operations, as in a plain loop over units).
/// Conversely, units that are not tied already differ, and nothing makes them
/// equal again except a coincidence of rounding.
///
/// Every unit is in exactly one group; each group is sorted and groups are ordered
/// by their smallest unit, so untied units are singletons. The output layer (the
/// last) is never tied: each of its units is its own group.
///
/// # Errors
/// The validation errors of [`check_network`] (steps 1 and 2), and
/// [`SymmetricInitError::NoSuchLayer`].
///
/// # Example
/// ```
/// use nninit::{tied_groups, LayerView, Nonlinearity};
///
/// // Hidden units 0 and 2 share incoming weights, bias and outgoing weights.
/// let w1 = [1.0f64, 2.0, 1.0, /* row 2 */ 3.0, 4.0, 3.0]; // [2][3]
/// let b1 = [0.5, 0.5, 0.5];
/// let w2 = [7.0f64, 8.0, 9.0]; // [3][1]
/// let w2_tied = [7.0f64, 8.0, 7.0];
/// let b2 = [0.0];
/// let net = |w2| [
///     LayerView::new(&w1, &b1, 2, 3, Nonlinearity::Tanh),
///     LayerView::new(w2, &b2, 3, 1, Nonlinearity::Linear),
/// ];
/// assert_eq!(tied_groups(&net(&w2), 0)?, vec![vec![0], vec![1], vec![2]]);
/// assert_eq!(tied_groups(&net(&w2_tied), 0)?, vec![vec![0, 2], vec![1]]);
/// # Ok::<(), nninit::SymmetricInitError>(())
/// ```
pub fn tied_groups<T: Real>(
    layers: &[LayerView<'_, T>],
    layer: usize,
) -> Result<Vec<Vec<usize>>, SymmetricInitError> {
    validate_network(layers)?;
    if layer >= layers.len() {
        return Err(SymmetricInitError::NoSuchLayer {
            layer,
            layers: layers.len(),
        });
    }
    Ok(tied_in(layers, layer))
}

/// The *dead* units of layer `layer`, in increasing order: units that output a
/// constant and receive no gradient, for every input, now and after any number of
/// training steps.
///
/// Unit `u` is dead when its incoming weights (column `u` of the kernel) are all
/// zero, so that its pre-activation is its bias `b` for every input, and either
/// - **(a)** the activation is ReLU and `b ≤ 0` (`−0.0` included): ReLU′(b) = 0
///   (ReLU′(0) = 0, as in PyTorch, TensorFlow and JAX), so the unit's incoming
///   weights and bias get zero gradient; it outputs 0, so its outgoing weights get
///   zero gradient too; or
/// - **(b)** `f(b) = 0` and its outgoing weights (row `u` of the next layer's
///   kernel) are all zero: `b = 0` for every activation but sigmoid (`σ(b) > 0`,
///   so a sigmoid unit is never dead), or `b ≤ 0` for ReLU. Its outgoing weights get
///   gradient `f(b)·δ = 0` and stay zero, so the gradient it receives,
///   `f′(b)·Σₘ δₘ·W[u, m]`, stays zero too: a saddle point, such as a zero tanh
///   layer followed by a zero layer. The output layer, which has no outgoing
///   weights, can only be dead by (a).
///
/// When every parameter involved is exactly 0 (case (b), or case (a) with
/// `b = 0`), the unit stays dead under any element-wise optimizer, weight decay
/// included, since every update is a multiple of 0. With a negative bias, case (a)
/// lasts as long as nothing moves the bias across 0: true for SGD, momentum, Adam
/// and RMSprop without weight decay on biases, and for decoupled weight decay
/// (AdamW), which only shrinks the bias towards 0; an L2 penalty fed to Adam or
/// momentum can push it past 0 and revive the unit.
///
/// In exact arithmetic only ReLU has a zero derivative; a leaky ReLU is taken to
/// have a non-zero slope (describe a slope of 0 as ReLU). A saturated sigmoid or
/// tanh with a huge bias can still round its derivative to 0, which this check
/// does not report.
///
/// # Errors
/// As [`tied_groups`].
///
/// # Example
/// ```
/// use nninit::{dead_units, LayerView, Nonlinearity};
///
/// let w1 = [0.0f32, 1.0, 0.0, /* row 2 */ 0.0, 2.0, 0.0]; // [2][3]: columns 0 and 2 are zero
/// let b1 = [-0.5f32, -0.5, 0.5];
/// let (w2, b2) = ([1.0f32, 2.0, 3.0], [0.0f32]);
/// let net = [
///     LayerView::new(&w1, &b1, 2, 3, Nonlinearity::Relu),
///     LayerView::new(&w2, &b2, 3, 1, Nonlinearity::Linear),
/// ];
/// assert_eq!(dead_units(&net, 0)?, vec![0]); // unit 2 has a positive bias
/// # Ok::<(), nninit::SymmetricInitError>(())
/// ```
pub fn dead_units<T: Real>(
    layers: &[LayerView<'_, T>],
    layer: usize,
) -> Result<Vec<usize>, SymmetricInitError> {
    validate_network(layers)?;
    if layer >= layers.len() {
        return Err(SymmetricInitError::NoSuchLayer {
            layer,
            layers: layers.len(),
        });
    }
    Ok(dead_in(layers, layer))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The naive oracle: units equal when every element is equal.
    fn naive_groups(segs: &[Seg<'_, f64>], n: usize) -> Vec<Vec<usize>> {
        let mut label: Vec<usize> = (0..n).collect();
        for u in 0..n {
            for r in 0..u {
                if label[r] == r && units_equal(segs, u, r) {
                    label[u] = r;
                    break;
                }
            }
        }
        groups_from_labels(&label)
    }

    #[test]
    fn scan_finds_first_non_finite_and_constancy() {
        let mut xs = vec![1.0f32; 10_000];
        assert_eq!(scan(&xs), (None, true));
        xs[9000] = f32::INFINITY;
        xs[5000] = f32::NAN;
        assert_eq!(scan(&xs), (Some(5000), false));
        let zeros = [0.0f64, -0.0, 0.0];
        assert_eq!(scan(&zeros), (None, true));
        assert_eq!(scan::<f32>(&[]), (None, true));
        assert_eq!(scan(&[f64::NAN]), (Some(0), false));
    }

    #[test]
    fn exact_partition_matches_naive_oracle() {
        // Small alphabets force many duplicates and prefix collisions.
        let mut state = 0x1234_5678u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % 3
        };
        for &(outer, n, inner) in &[(1, 1, 1), (5, 7, 1), (1, 9, 6), (3, 8, 2), (6, 40, 1)] {
            for _ in 0..20 {
                #[allow(clippy::cast_precision_loss)]
                let data: Vec<f64> = (0..outer * n * inner)
                    .map(|_| [0.0, -0.0, 1.5][usize::try_from(next()).unwrap()])
                    .collect();
                let seg = [Seg {
                    data: &data,
                    outer,
                    total: n,
                    inner,
                    off: 0,
                }];
                let got = groups_from_labels(&partition_exact(&seg, n));
                assert_eq!(got, naive_groups(&seg, n));
                // Tolerance 0 is the exact relation.
                let tol0 = groups_from_labels(&partition_tol(&seg, n, 0.0));
                assert_eq!(tol0, got);
            }
        }
    }

    #[test]
    fn hash_collisions_are_resolved_by_comparison() {
        // A hash that maps everything to 0 makes every unit a candidate and every
        // candidate collide: the comparisons alone must still give the partition.
        let data = [1.0f64, 2.0, 1.0, 3.0, 2.0, -0.0, 0.0, 3.0, 2.0, 1.0];
        for (outer, n, inner) in [(1, 10, 1), (2, 5, 1), (1, 5, 2), (1, 2, 5)] {
            let seg = [Seg {
                data: &data,
                outer,
                total: n,
                inner,
                off: 0,
            }];
            let got = groups_from_labels(&partition_exact_with(&seg, n, |_, _| 0));
            assert_eq!(got, naive_groups(&seg, n));
            assert_eq!(got, groups_from_labels(&partition_exact(&seg, n)));
        }
        let seg = [Seg {
            data: &data[..5],
            outer: 1,
            total: 5,
            inner: 1,
            off: 0,
        }];
        assert_eq!(
            groups_from_labels(&partition_exact_with(&seg, 5, |_, _| 0)),
            vec![vec![0, 2], vec![1, 4], vec![3]]
        );
    }

    #[test]
    fn tolerant_partition_matches_all_pairs_components() {
        let mut state = 0x9E37_79B9u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for &(outer, n, inner) in &[(1, 12, 1), (3, 10, 1), (1, 9, 3), (2, 7, 2)] {
            for trial in 0..30 {
                #[allow(clippy::cast_precision_loss)]
                let data: Vec<f64> = (0..outer * n * inner)
                    .map(|_| (next() % 9) as f64 * 0.25)
                    .collect();
                let seg = [Seg {
                    data: &data,
                    outer,
                    total: n,
                    inner,
                    off: 0,
                }];
                let tol = [0.2, 0.25, 0.5, 1.0][trial % 4];
                // Components of the all-pairs graph, by repeated relabelling.
                let mut label: Vec<usize> = (0..n).collect();
                loop {
                    let mut changed = false;
                    for i in 0..n {
                        for j in 0..n {
                            if units_near(&seg, i, j, tol) && label[j] < label[i] {
                                label[i] = label[j];
                                changed = true;
                            }
                        }
                    }
                    if !changed {
                        break;
                    }
                }
                assert_eq!(
                    groups_from_labels(&partition_tol(&seg, n, tol)),
                    groups_from_labels(&label)
                );
            }
        }
    }

    #[test]
    fn tolerance_groups_chains() {
        // Units 0, 1, 2 are a chain 0.0 — 0.6 — 1.2 with tol 0.7; 3 is far.
        let data = [0.0f64, 0.6, 1.2, 5.0];
        let seg = [Seg {
            data: &data,
            outer: 1,
            total: 4,
            inner: 1,
            off: 0,
        }];
        assert_eq!(
            groups_from_labels(&partition_tol(&seg, 4, 0.7)),
            vec![vec![0, 1, 2], vec![3]]
        );
        assert_eq!(
            groups_from_labels(&partition_tol(&seg, 4, 0.5)),
            vec![vec![0], vec![1], vec![2], vec![3]]
        );
    }

    #[test]
    fn tolerance_second_is_a_direct_partner() {
        // Unit 0's only direct partner is 2; 1 is linked to 0 through 2.
        let kernel = [0.0f64, 1.0, 0.5]; // Keras [1][3]
        let check = SymmetryCheck::with_tolerance(0.6).unwrap();
        assert_eq!(
            check.check(&kernel, &Shape::dense(1, 3)),
            Err(SymmetricInitError::DuplicateUnits {
                first: 0,
                second: 2,
                distinct: 1,
                units: 3,
                tolerance: 0.6
            })
        );
    }

    #[test]
    fn an_empty_kernel_with_huge_other_dims_is_an_error_not_an_overflow() {
        let shapes = [
            Shape::from_torch(&[0, usize::MAX, 2]),
            Shape::from_keras(&[usize::MAX, 2, 0]),
            Shape::from_torch_transposed(&[2, usize::MAX, 0], 2),
        ];
        for shape in &shapes {
            assert!(
                matches!(
                    symmetry_check::<f32>(&[], shape),
                    Err(SymmetricInitError::InvalidShape {
                        source: InitError::ShapeOverflow { .. }
                    })
                ),
                "{shape}"
            );
        }
    }
}
