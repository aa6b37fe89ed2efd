//! Units as strided views of a tensor, and their partition into groups of equal
//! (or, with a tolerance, near-equal) units: the engine of both checks.

use crate::Real;

/// The elements of `n` units in one tensor: unit `u`'s elements are
/// `data[((o·total) + off + u)·inner + i]` for `o < outer`, `i < inner`, in that
/// order.
#[derive(Clone, Copy)]
pub(super) struct Seg<'a, T> {
    pub(super) data: &'a [T],
    pub(super) outer: usize,
    pub(super) total: usize,
    pub(super) inner: usize,
    pub(super) off: usize,
}

impl<T> Seg<'_, T> {
    #[inline(always)]
    pub(super) fn base(&self, o: usize, u: usize) -> usize {
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
pub(super) fn as_f64<T: Real>(x: T) -> f64 {
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

pub(super) fn units_near<T: Real>(segs: &[Seg<'_, T>], a: usize, b: usize, tol: f64) -> bool {
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
pub(super) fn partition_exact<T: Real>(segs: &[Seg<'_, T>], n: usize) -> Vec<usize> {
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
pub(super) fn partition_tol<T: Real>(segs: &[Seg<'_, T>], n: usize, tol: f64) -> Vec<usize> {
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
pub(super) fn groups_from_labels(label: &[usize]) -> Vec<Vec<usize>> {
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
pub(super) fn scan<T: Real>(xs: &[T]) -> (Option<usize>, bool) {
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

#[cfg(test)]
mod tests;
