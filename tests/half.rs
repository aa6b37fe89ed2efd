//! `f16` and `bf16` fills are the `f32` fills rounded: element `i` is the `f32`
//! fill's element `i` under the same key and shape, rounded to nearest (ties to
//! even), except that a value rounding outside the initializer's support takes
//! the nearest value of the type inside it.
//!
//! The oracle here is independent of the crate's rounding: the `half` crate's
//! scalar `from_f32`, then a step inward while the value lies outside the support
//! that the initializer's own `f64` parameters state.

#![allow(clippy::float_cmp)] // the promise is exact bits
#![allow(clippy::cast_possible_truncation)] // exact half values, narrowed to f32

use half::{bf16, f16};
use nninit::{
    Constant, DeltaOrthogonal, Dirac, FanMode, GlorotNormal, GlorotUniform, HeNormal, HeUniform,
    Identity, Init, InitError, Initializer, KaimingNormal, KaimingUniform, LecunNormal,
    LecunUniform, Ones, Orthogonal, RandomNormal, RandomUniform, Real, ScalingDistribution, Shape,
    Sparse, TRUNCATED_STD, TorchDefault, TruncatedNormal, Truncation, VarianceScaling,
    XavierNormal, XavierUniform, Zeros,
};
use proptest::prelude::*;

/// The half types, as the tests need them.
trait Half: Real {
    fn from_f32(x: f32) -> Self;
    fn wide(self) -> f32;
    fn bits(self) -> u16;
    fn with_bits(b: u16) -> Self;

    fn exact(self) -> f64 {
        f64::from(self.wide())
    }
    /// The next value toward `+∞`, from the bits.
    fn up(self) -> Self {
        let b = self.bits();
        Self::with_bits(match b {
            0x8000 => 1,
            b if b & 0x8000 == 0 => b + 1,
            b => b - 1,
        })
    }
    /// The next value toward `−∞`, from the bits.
    fn down(self) -> Self {
        let b = self.bits();
        Self::with_bits(match b {
            0 => 0x8001,
            b if b & 0x8000 == 0 => b - 1,
            b => b + 1,
        })
    }
}

impl Half for f16 {
    fn from_f32(x: f32) -> f16 {
        f16::from_f32(x)
    }
    fn wide(self) -> f32 {
        self.to_f32()
    }
    fn bits(self) -> u16 {
        self.to_bits()
    }
    fn with_bits(b: u16) -> f16 {
        f16::from_bits(b)
    }
}

impl Half for bf16 {
    fn from_f32(x: f32) -> bf16 {
        bf16::from_f32(x)
    }
    fn wide(self) -> f32 {
        self.to_f32()
    }
    fn bits(self) -> u16 {
        self.to_bits()
    }
    fn with_bits(b: u16) -> bf16 {
        bf16::from_bits(b)
    }
}

/// An initializer's support, as its `f64` parameters state it.
#[derive(Clone, Copy, Debug)]
enum Support {
    Any,
    /// `[lo, hi)`.
    HalfOpen(f64, f64),
    /// `[lo, hi]`.
    Closed(f64, f64),
}

impl Support {
    fn contains(self, x: f64) -> bool {
        match self {
            Support::Any => x.is_finite(),
            Support::HalfOpen(lo, hi) => lo <= x && x < hi,
            Support::Closed(lo, hi) => lo <= x && x <= hi,
        }
    }

    fn lo(self) -> f64 {
        match self {
            Support::Any => f64::NEG_INFINITY,
            Support::HalfOpen(lo, _) | Support::Closed(lo, _) => lo,
        }
    }
}

/// The value the half fill must hold where the `f32` fill holds `x`.
fn expected<H: Half>(x: f32, support: Support) -> H {
    let mut h = H::from_f32(x);
    while !support.contains(h.exact()) {
        h = if h.exact() < support.lo() {
            h.up()
        } else {
            h.down()
        };
    }
    h
}

/// The support of a variance-scaling initializer for `shape`, by its definition
/// (as Keras computes it, in `f64`).
fn scaling_support(v: &VarianceScaling, shape: &Shape) -> Support {
    let n = shape.fans().unwrap().get(v.mode()).max(1.0);
    let s = v.scale() / n;
    match v.distribution() {
        ScalingDistribution::Uniform => {
            let limit = (3.0 * s).sqrt();
            Support::HalfOpen(-limit, limit)
        }
        ScalingDistribution::TruncatedNormal => {
            let std = s.sqrt() / TRUNCATED_STD;
            Support::Closed(-2.0 * std, 2.0 * std)
        }
        _ => Support::Any,
    }
}

fn support(init: &Init, shape: &Shape) -> Support {
    let symmetric = |b: f64| Support::HalfOpen(-b, b);
    match init {
        Init::RandomUniform(u) => Support::HalfOpen(u.min(), u.max()),
        Init::TruncatedNormal(t) => {
            let (lo, hi) = t.bounds();
            Support::Closed(lo, hi)
        }
        Init::VarianceScaling(v) => scaling_support(v, shape),
        Init::GlorotUniform(p) => scaling_support(&p.as_variance_scaling(), shape),
        Init::GlorotNormal(p) => scaling_support(&p.as_variance_scaling(), shape),
        Init::HeUniform(p) => scaling_support(&p.as_variance_scaling(), shape),
        Init::HeNormal(p) => scaling_support(&p.as_variance_scaling(), shape),
        Init::LecunUniform(p) => scaling_support(&p.as_variance_scaling(), shape),
        Init::LecunNormal(p) => scaling_support(&p.as_variance_scaling(), shape),
        Init::XavierUniform(x) => symmetric(x.bound(shape).unwrap()),
        Init::KaimingUniform(k) => symmetric(k.bound(shape).unwrap()),
        Init::TorchDefault(t) => symmetric(t.as_kaiming().bound(shape).unwrap()),
        _ => Support::Any,
    }
}

/// Every built-in initializer, with parameters where the defaults would leave a
/// branch untried.
fn inits() -> Vec<Init> {
    vec![
        Constant::new(0.3).unwrap().into(),
        Zeros.into(),
        Ones.into(),
        RandomUniform::default().into(),
        RandomUniform::new(0.0, 1.0).unwrap().into(),
        RandomUniform::new(0.1001, 0.2).unwrap().into(),
        RandomNormal::default().into(),
        RandomNormal::new(0.5, 2.0).unwrap().into(),
        TruncatedNormal::default().into(),
        TruncatedNormal::torch(0.0, 1.0, -2.0, 2.0).unwrap().into(),
        TruncatedNormal::with_truncation(
            0.0,
            1.0,
            Truncation::Stddevs {
                lower: 0.0,
                upper: f64::INFINITY,
            },
        )
        .unwrap()
        .into(),
        // An interval narrow enough to be drawn in f64.
        TruncatedNormal::torch(0.0, 1.0, 0.3, 0.31).unwrap().into(),
        VarianceScaling::new(0.7, FanMode::FanOut, ScalingDistribution::Uniform)
            .unwrap()
            .into(),
        VarianceScaling::new(1.3, FanMode::FanAvg, ScalingDistribution::Normal)
            .unwrap()
            .into(),
        VarianceScaling::default().into(),
        GlorotUniform.into(),
        GlorotNormal.into(),
        HeUniform.into(),
        HeNormal.into(),
        LecunUniform.into(),
        LecunNormal.into(),
        XavierUniform::default().into(),
        XavierNormal::default().into(),
        KaimingUniform::default().into(),
        KaimingNormal::default().into(),
        TorchDefault.into(),
        Orthogonal::default().into(),
        Orthogonal::new(1.7).unwrap().into(),
        Identity::new(0.3).unwrap().into(),
        Dirac::default().into(),
        DeltaOrthogonal::default().into(),
        Sparse::default().into(),
    ]
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape::dense(7, 5),
        Shape::dense(64, 33),
        Shape::from_torch(&[40, 70]),
        Shape::from_torch(&[16, 8, 3, 3]),
        Shape::from_keras(&[3, 3, 8, 16]),
        Shape::from_torch(&[2100, 1]),
    ]
}

/// Checks `got` against the `f32` values `wide` rounded under `support`.
fn assert_rounded<H: Half>(got: &[H], wide: &[f32], support: Support, what: &str) {
    assert_eq!(got.len(), wide.len(), "{what}");
    for (i, (&g, &x)) in got.iter().zip(wide).enumerate() {
        let want: H = expected(x, support);
        assert_eq!(
            g.bits(),
            want.bits(),
            "{what} element {i}: f32 {x:e}, got {g:?}, want {want:?}"
        );
    }
}

fn every_initializer_is_the_f32_fill_rounded<H: Half>() {
    let mut fills = 0;
    for init in inits() {
        for shape in shapes() {
            for key in [0u64, 0x5eed] {
                let what = format!("{} {init} {shape} key {key}", H::NAME);
                let mut wide = vec![f32::NAN; shape.len()];
                let mut got = vec![H::nan(); shape.len()];
                let w = init.fill_keyed(&mut wide, &shape, key);
                let h = init.fill_keyed(&mut got, &shape, key);
                match (w, h) {
                    (Ok(()), Ok(())) => {
                        assert_rounded(&got, &wide, support(&init, &shape), &what);
                        fills += 1;
                    }
                    (Err(a), Err(b)) => assert_eq!(
                        core::mem::discriminant(&a),
                        core::mem::discriminant(&b),
                        "{what}"
                    ),
                    (w, h) => panic!("{what}: f32 {w:?}, {} {h:?}", H::NAME),
                }
            }
        }
    }
    assert!(fills > 250, "{fills}");
}

#[test]
fn every_initializer_is_the_f32_fill_rounded_f16() {
    every_initializer_is_the_f32_fill_rounded::<f16>();
}

#[test]
fn every_initializer_is_the_f32_fill_rounded_bf16() {
    every_initializer_is_the_f32_fill_rounded::<bf16>();
}

fn shards_and_fresh_buffers_match_the_whole_fill<H: Half>() {
    let shape = Shape::from_torch(&[97, 61]);
    for init in inits() {
        let mut whole = vec![H::nan(); shape.len()];
        if init.fill_keyed(&mut whole, &shape, 9).is_err() {
            continue;
        }
        for (offset, len) in [(1, 1), (7, 1030), (1023, 2), (1025, 2047), (3001, 2916)] {
            let mut shard = vec![H::nan(); len];
            init.fill_at(&mut shard, &shape, 9, offset).unwrap();
            let want = &whole[offset..offset + len];
            assert!(
                shard.iter().zip(want).all(|(a, b)| a.bits() == b.bits()),
                "{} {init} shard {offset}+{len}",
                H::NAME
            );
        }
        let fresh: Vec<H> = init.fill_new(&shape, 9).unwrap();
        assert!(
            fresh.iter().zip(&whole).all(|(a, b)| a.bits() == b.bits()),
            "{} {init} fill_new",
            H::NAME
        );
    }
}

#[test]
fn shards_and_fresh_buffers_match_the_whole_fill_f16() {
    shards_and_fresh_buffers_match_the_whole_fill::<f16>();
}

#[test]
fn shards_and_fresh_buffers_match_the_whole_fill_bf16() {
    shards_and_fresh_buffers_match_the_whole_fill::<bf16>();
}

/// Fills large enough to be spread over threads, at an offset inside a chunk,
/// on four threads: the `f32` fill rounded, whatever the number of threads.
fn parallel_fills_are_the_f32_fill_rounded<H: Half>() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let (len, offset) = ((1 << 17) + 70_001, 3001);
    let shape = Shape::from_torch(&[offset + len, 1]);
    let inits: [Init; 4] = [
        RandomUniform::new(0.0, 1.0).unwrap().into(),
        RandomNormal::default().into(),
        TruncatedNormal::default().into(),
        Sparse::default().into(),
    ];
    for init in inits {
        let mut wide = vec![0.0f32; len];
        init.fill_at(&mut wide, &shape, 5, offset).unwrap();
        let mut got = vec![H::nan(); len];
        pool.install(|| init.fill_at(&mut got, &shape, 5, offset).unwrap());
        let what = format!("{} {init} parallel", H::NAME);
        assert_rounded(&got, &wide, support(&init, &shape), &what);
        let fresh: Vec<H> = pool.install(|| init.fill_new(&shape, 5).unwrap());
        assert!(
            fresh[offset..]
                .iter()
                .zip(&got)
                .all(|(a, b)| a.bits() == b.bits()),
            "{what} fill_new"
        );
    }
}

#[test]
fn parallel_fills_are_the_f32_fill_rounded_f16() {
    parallel_fills_are_the_f32_fill_rounded::<f16>();
}

#[test]
fn parallel_fills_are_the_f32_fill_rounded_bf16() {
    parallel_fills_are_the_f32_fill_rounded::<bf16>();
}

/// `U[0, 1)` in `bf16`: 1 is a `bf16` value, and every `f32` value from the
/// midpoint below it (`1 − 2^-9`, a tie that goes to 1's even mantissa) rounds
/// onto it. Those values are the largest `bf16` below 1 instead.
#[test]
fn uniform_values_that_round_onto_the_open_bound_stay_below_it() {
    let shape = Shape::from_torch(&[1 << 16, 1]);
    let init = RandomUniform::new(0.0, 1.0).unwrap();
    let wide: Vec<f32> = init.fill_new(&shape, 1).unwrap();
    let got: Vec<bf16> = init.fill_new(&shape, 1).unwrap();
    let below_one = bf16::from_f32(0.996_093_75);
    let mut moved = 0;
    for (&x, &h) in wide.iter().zip(&got) {
        assert!(h < bf16::ONE, "{x}");
        if bf16::from_f32(x) == bf16::ONE {
            assert_eq!(h, below_one, "{x}");
            moved += 1;
        } else {
            assert_eq!(h, bf16::from_f32(x), "{x}");
        }
    }
    // About 2^16 · 2^-9 = 128 of them.
    assert!((60..250).contains(&moved), "{moved}");
}

/// `U[0.1001, 0.2)` in `bf16`: the nearest `bf16` to 0.1001 lies below it, and
/// the values that round down to it are the next `bf16` up instead.
#[test]
fn uniform_values_that_round_below_the_lower_bound_move_up() {
    let shape = Shape::from_torch(&[1 << 16, 1]);
    let init = RandomUniform::new(0.1001, 0.2).unwrap();
    let wide: Vec<f32> = init.fill_new(&shape, 2).unwrap();
    let got: Vec<bf16> = init.fill_new(&shape, 2).unwrap();
    let below = bf16::from_f32(0.1001);
    assert!(f64::from(below.to_f32()) < 0.1001);
    let mut moved = 0;
    for (&x, &h) in wide.iter().zip(&got) {
        assert!(f64::from(h.to_f32()) >= 0.1001 && f64::from(h.to_f32()) < 0.2);
        if bf16::from_f32(x) == below {
            assert_eq!(h, below.up());
            moved += 1;
        }
    }
    assert!(moved > 50, "{moved}");
}

/// Keras's default truncated normal, `N(0, 0.05²)` cut at ±0.1, in `bf16`: 0.1
/// lies between two `bf16` values, and `f32` values near the cuts round past them.
/// Those are the nearest `bf16` inside instead.
#[test]
fn truncated_values_that_round_past_a_cut_stay_inside() {
    let shape = Shape::from_torch(&[1 << 18, 1]);
    let init = TruncatedNormal::default();
    let wide: Vec<f32> = init.fill_new(&shape, 3).unwrap();
    let got: Vec<bf16> = init.fill_new(&shape, 3).unwrap();
    let mut moved = 0;
    for (&x, &h) in wide.iter().zip(&got) {
        let v = f64::from(h.to_f32());
        assert!((-0.1..=0.1).contains(&v), "{x} -> {v}");
        let r = bf16::from_f32(x);
        if f64::from(r.to_f32()).abs() > 0.1 {
            assert_eq!(h.to_f32(), r.to_f32().signum() * 0.099_609_375, "{x}");
            moved += 1;
        } else {
            assert_eq!(h, r);
        }
    }
    assert!(moved > 20, "{moved}");
}

#[test]
fn the_same_key_gives_the_same_stream_in_every_precision() {
    let shape = Shape::dense(128, 64);
    let wide: Vec<f32> = HeNormal.fill_new(&shape, 42).unwrap();
    let b: Vec<bf16> = HeNormal.fill_new(&shape, 42).unwrap();
    let h: Vec<f16> = HeNormal.fill_new(&shape, 42).unwrap();
    let close = |a: f64, x: f64, rel: f64| (a - x).abs() <= x.abs() * rel + 1e-7;
    for i in 0..shape.len() {
        let x = f64::from(wide[i]);
        assert!(close(f64::from(b[i].to_f32()), x, 1.0 / 256.0), "{i}");
        assert!(close(f64::from(h[i].to_f32()), x, 1.0 / 2048.0), "{i}");
    }
}

#[test]
fn values_the_type_cannot_hold_are_errors() {
    let shape = Shape::dense(4, 4);
    let mut h = vec![f16::ZERO; 16];
    let mut b = vec![bf16::ZERO; 16];
    // A constant past f16's largest value, 65504 (65519 still rounds to it).
    assert!(
        Constant::new(65_519.0)
            .unwrap()
            .fill_keyed(&mut h, &shape, 0)
            .is_ok()
    );
    assert!(h.iter().all(|&x| x == f16::MAX));
    let err = Constant::new(70_000.0)
        .unwrap()
        .fill_keyed(&mut h, &shape, 0);
    assert!(
        matches!(
            err,
            Err(InitError::NotRepresentable {
                name: "value",
                ty: "f16",
                ..
            })
        ),
        "{err:?}"
    );
    // bf16 has f32's range: its overflow is f32's, named as bf16's.
    let err = Constant::new(1e39).unwrap().fill_keyed(&mut b, &shape, 0);
    assert!(
        matches!(err, Err(InitError::NotRepresentable { ty: "bf16", .. })),
        "{err:?}"
    );
    let err = RandomUniform::new(0.0, 70_000.0)
        .unwrap()
        .fill_keyed(&mut h, &shape, 0);
    assert!(
        matches!(err, Err(InitError::InfiniteRange { ty: "f16", .. })),
        "{err:?}"
    );
    // Both bounds round to 1 in bf16.
    let err = RandomUniform::new(1.0, 1.003)
        .unwrap()
        .fill_keyed(&mut b, &shape, 0);
    assert!(
        matches!(err, Err(InitError::EmptyRange { ty: "bf16", .. })),
        "{err:?}"
    );
    // The bounds round apart, but no bf16 lies in [1.001, 1.0078125).
    let err = RandomUniform::new(1.001, 1.007_812_5)
        .unwrap()
        .fill_keyed(&mut b, &shape, 0);
    assert!(
        matches!(err, Err(InitError::EmptyRange { ty: "bf16", .. })),
        "{err:?}"
    );
    let err = RandomNormal::new(0.0, 1e-9)
        .unwrap()
        .fill_keyed(&mut h, &shape, 0);
    assert!(
        matches!(err, Err(InitError::NonPositive { name: "stddev", .. })),
        "{err:?}"
    );
    let err = RandomNormal::new(60_000.0, 1_000.0)
        .unwrap()
        .fill_keyed(&mut h, &shape, 0);
    assert!(
        matches!(err, Err(InitError::SampleOverflow { .. })),
        "{err:?}"
    );
    let err = TruncatedNormal::torch(0.0, 1.0, 1.001, 1.003)
        .unwrap()
        .fill_keyed(&mut b, &shape, 0);
    assert!(
        matches!(err, Err(InitError::NoMass { ty: "bf16", .. })),
        "{err:?}"
    );
    let err = Identity::new(1e5).unwrap().fill_keyed(&mut h, &shape, 0);
    assert!(
        matches!(
            err,
            Err(InitError::NotRepresentable {
                name: "gain",
                ty: "f16",
                ..
            })
        ),
        "{err:?}"
    );
    let err = Orthogonal::new(1e5).unwrap().fill_keyed(&mut h, &shape, 0);
    assert!(
        matches!(err, Err(InitError::NotRepresentable { .. })),
        "{err:?}"
    );
    // Nothing was written by the failed fills.
    assert!(b.iter().all(|&x| x == bf16::ZERO));
    // A cut past f16's range is not an error when the values cannot reach it.
    let wide = TruncatedNormal::torch(0.0, 1.0, -1e6, 1e6).unwrap();
    assert!(wide.fill_keyed(&mut h, &shape, 0).is_ok());
}

/// A sampler in a half type draws the `f32` sampler's value, rounded under the
/// same rule, from the same generator words.
#[test]
fn samplers_round_the_f32_samples() {
    use rand::SeedableRng;
    use rand::distr::Distribution;
    let shape = Shape::dense(3, 5);
    let init = RandomUniform::new(0.0, 1.0).unwrap();
    let wide = init.sampler::<f32>(&shape).unwrap();
    let narrow = init.sampler::<bf16>(&shape).unwrap();
    let (mut a, mut b) = (
        rand::rngs::StdRng::seed_from_u64(4),
        rand::rngs::StdRng::seed_from_u64(4),
    );
    let support = Support::HalfOpen(0.0, 1.0);
    for _ in 0..100_000 {
        let x: f32 = wide.sample(&mut a);
        let h: bf16 = narrow.sample(&mut b);
        assert_eq!(h, expected::<bf16>(x, support), "{x}");
    }
}

/// The symmetry validators read half kernels as they read `f32` ones.
#[test]
fn symmetry_checks_read_half_kernels() {
    let shape = Shape::dense(8, 4);
    let w: Vec<bf16> = GlorotUniform.fill_new(&shape, 1).unwrap();
    assert!(nninit::symmetry_check(&w, &shape).is_ok());
    let zero = vec![bf16::ZERO; shape.len()];
    assert!(nninit::symmetry_check(&zero, &shape).is_err());
}

// ---------------------------------------------------------------------------
// Distributions of the rounded values.
// ---------------------------------------------------------------------------

/// The Kolmogorov distribution's critical value at alpha = 0.001: reject when
/// `D > 1.95/√n`.
fn critical(n: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let n = n as f64;
    1.95 / n.sqrt()
}

/// The KS statistic of half values against the distribution with continuous CDF
/// `cdf`, rounded to the type: the rounded values are discrete, and the CDF of
/// the rounded distribution at a value `v` is `cdf` at the midpoint between `v`
/// and the next value up (the values that round to `v` or below), and just
/// below `v`, `cdf` at the midpoint below. Both sides of every jump are compared
/// with the empirical CDF. (At the support's end values the midpoints outside
/// are replaced by ±∞, since values past the end are moved onto it.)
///
/// Comparing against the continuous CDF instead would measure the rounding, not
/// the sampler: at `bf16`'s 8 bits a jump of the rounded CDF is up to about
/// `2^-8` of the spread, which is more than `1.95/√n` for `n ≳ 10⁵`. And the
/// discrete test with the continuous critical value is conservative, so alpha is
/// at most 0.001.
fn ks<H: Half>(values: &[H], cdf: impl Fn(f64) -> f64, support: Support) -> f64 {
    let mut sorted: Vec<f64> = values.iter().map(|v| v.exact()).collect();
    sorted.sort_by(f64::total_cmp);
    #[allow(clippy::cast_precision_loss)]
    let count = sorted.len() as f64;
    let mut distance: f64 = 0.0;
    let mut start = 0;
    while start < sorted.len() {
        let value = sorted[start];
        let end = sorted[start..].partition_point(|&x| x == value) + start;
        let h = H::from_f32(value as f32);
        let (up, down) = (h.up().exact(), h.down().exact());
        let at = if support.contains(up) {
            cdf(f64::midpoint(value, up))
        } else {
            1.0
        };
        let before = if support.contains(down) {
            cdf(f64::midpoint(down, value))
        } else {
            0.0
        };
        #[allow(clippy::cast_precision_loss)]
        let (below, upto) = (start as f64 / count, end as f64 / count);
        distance = distance.max((below - before).abs()).max((upto - at).abs());
        start = end;
    }
    distance
}

fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / core::f64::consts::SQRT_2)
}

fn ks_case<H: Half>(init: Init, cdf: &dyn Fn(f64) -> f64, wrong: &dyn Fn(f64) -> f64) {
    let n = 1 << 18;
    let shape = Shape::from_torch(&[n, 1]);
    let values: Vec<H> = init.fill_new(&shape, 77).unwrap();
    let s = support(&init, &shape);
    let d = ks(&values, cdf, s);
    assert!(d < critical(n), "{} {init}: D = {d}", H::NAME);
    // The test can fail: a distribution a few per cent wider is rejected.
    let off = ks(&values, wrong, s);
    assert!(off > critical(n), "{} {init}: wrong D = {off}", H::NAME);
}

fn rounded_values_follow_their_distributions<H: Half>() {
    let uniform = |lo: f64, hi: f64| move |x: f64| ((x - lo) / (hi - lo)).clamp(0.0, 1.0);
    ks_case::<H>(
        RandomUniform::new(-0.3, 0.3).unwrap().into(),
        &uniform(-0.3, 0.3),
        &uniform(-0.306, 0.306),
    );
    ks_case::<H>(
        RandomUniform::new(0.0, 1.0).unwrap().into(),
        &uniform(0.0, 1.0),
        &uniform(0.0, 1.02),
    );
    ks_case::<H>(
        RandomNormal::new(0.5, 2.0).unwrap().into(),
        &|x| normal_cdf((x - 0.5) / 2.0),
        &|x| normal_cdf((x - 0.5) / 2.06),
    );
    let (lo, hi) = (-0.1, 0.1);
    let trunc = |std: f64| {
        move |x: f64| {
            let (a, b) = (normal_cdf(lo / std), normal_cdf(hi / std));
            ((normal_cdf(x.clamp(lo, hi) / std) - a) / (b - a)).clamp(0.0, 1.0)
        }
    };
    ks_case::<H>(
        TruncatedNormal::default().into(),
        &trunc(0.05),
        &trunc(0.053),
    );
}

#[test]
fn rounded_values_follow_their_distributions_f16() {
    rounded_values_follow_their_distributions::<f16>();
}

#[test]
fn rounded_values_follow_their_distributions_bf16() {
    rounded_values_follow_their_distributions::<bf16>();
}

// ---------------------------------------------------------------------------
// No half fill leaves its support.
// ---------------------------------------------------------------------------

fn stays_inside<H: Half>(init: Init, len: usize, offset: usize, key: u64) -> Result<(), String> {
    let shape = Shape::from_torch(&[offset + len, 1]);
    let s = support(&init, &shape);
    let mut wide = vec![0.0f32; len];
    let mut got = vec![H::nan(); len];
    let (w, h) = (
        init.fill_at(&mut wide, &shape, key, offset),
        init.fill_at(&mut got, &shape, key, offset),
    );
    if h.is_err() {
        // The f32 fill may hold what the half type rejects, never the reverse.
        return if w.is_err() || got.iter().all(|x| x.is_nan()) {
            Ok(())
        } else {
            Err(format!("{init}: a failed fill wrote"))
        };
    }
    if w.is_err() {
        return Err(format!("{init}: f32 fails where {} does not", H::NAME));
    }
    for (&x, &g) in wide.iter().zip(&got) {
        if !s.contains(g.exact()) {
            return Err(format!("{init}: {} outside {s:?} (f32 {x:e})", g.exact()));
        }
        let want: H = expected(x, s);
        if g.bits() != want.bits() {
            return Err(format!("{init}: f32 {x:e} gave {g:?}, want {want:?}"));
        }
    }
    Ok(())
}

fn magnitude() -> impl Strategy<Value = f64> {
    (-6.0f64..5.0).prop_map(|e| 10f64.powf(e))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn no_uniform_fill_leaves_its_support(
        centre in -50.0f64..50.0,
        width in magnitude(),
        len in 1usize..2100,
        offset in 0usize..3000,
        key: u64,
    ) {
        let init: Init = RandomUniform::new(centre, centre + width).unwrap().into();
        prop_assert_eq!(stays_inside::<f16>(init, len, offset, key), Ok(()));
        prop_assert_eq!(stays_inside::<bf16>(init, len, offset, key), Ok(()));
    }

    #[test]
    fn no_truncated_fill_leaves_its_support(
        mean in -20.0f64..20.0,
        std in magnitude(),
        a in -4.0f64..3.0,
        width in 0.01f64..6.0,
        len in 1usize..2100,
        offset in 0usize..3000,
        key: u64,
    ) {
        let init: Init = TruncatedNormal::torch(mean, std, mean + a * std, mean + (a + width) * std)
            .unwrap()
            .into();
        prop_assert_eq!(stays_inside::<f16>(init, len, offset, key), Ok(()));
        prop_assert_eq!(stays_inside::<bf16>(init, len, offset, key), Ok(()));
    }
}
