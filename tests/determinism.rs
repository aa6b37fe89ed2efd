//! The same key gives the same bits, and any shard of a tensor filled by `fill_at`
//! is bit-identical to the same range of a whole fill.

// Exact comparisons are the point of these tests.
#![allow(clippy::float_cmp)]

use nninit::{
    GlorotNormal, GlorotUniform, Init, Initializer, KaimingNormal, RandomUniform, Shape,
    TruncatedNormal,
};
use rand::SeedableRng;

fn inits() -> Vec<Init> {
    vec![
        RandomUniform::default().into(),
        GlorotUniform.into(),
        GlorotNormal.into(),
        KaimingNormal::default().into(),
        TruncatedNormal::torch(0.0, 1.0, 0.5, 3.0).unwrap().into(),
    ]
}

fn whole<T: nninit::Real>(init: &Init, shape: &Shape, key: u64) -> Vec<T> {
    let mut w = vec![T::zero(); shape.len()];
    init.fill_keyed(&mut w, shape, key).unwrap();
    w
}

fn shards_match<T: nninit::Real + Bits>() {
    let shape = Shape::from_torch(&[37, 11, 3, 3]); // 3663 elements: chunks and a ragged tail
    for init in inits() {
        let all: Vec<T> = whole(&init, &shape, 99);
        // Every cut point near chunk and lane boundaries, and some odd ones.
        let cuts = [
            0, 1, 7, 8, 9, 1000, 1023, 1024, 1025, 2047, 2048, 3000, 3662, 3663,
        ];
        for &a in &cuts {
            for &b in cuts.iter().filter(|&&b| b >= a) {
                let mut part = vec![T::zero(); b - a];
                init.fill_at(&mut part, &shape, 99, a).unwrap();
                assert!(
                    part.iter()
                        .zip(&all[a..b])
                        .all(|(x, y)| x.to_bits() == y.to_bits()),
                    "{init:?} shard {a}..{b}"
                );
            }
        }
    }
}

/// Exact bit patterns, so that `-0.0` and `0.0` are told apart.
trait Bits {
    fn to_bits(self) -> u64;
}
impl Bits for f32 {
    fn to_bits(self) -> u64 {
        u64::from(f32::to_bits(self))
    }
}
impl Bits for f64 {
    fn to_bits(self) -> u64 {
        f64::to_bits(self)
    }
}

#[test]
fn shards_equal_the_whole_f32() {
    shards_match::<f32>();
}

#[test]
fn shards_equal_the_whole_f64() {
    shards_match::<f64>();
}

#[test]
fn same_key_same_bits_different_key_different_bits() {
    let shape = Shape::dense(64, 64);
    for init in inits() {
        let a: Vec<f32> = whole(&init, &shape, 5);
        let b: Vec<f32> = whole(&init, &shape, 5);
        let c: Vec<f32> = whole(&init, &shape, 6);
        assert_eq!(a, b);
        let same = a.iter().zip(&c).filter(|(x, y)| x == y).count();
        assert!(same < 10, "{init:?}: keys 5 and 6 agree on {same} of 4096");
    }
}

#[test]
fn fill_draws_one_key_from_the_rng() {
    let shape = Shape::dense(32, 16);
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let mut w = vec![0.0f64; shape.len()];
    GlorotUniform.fill(&mut w, &shape, &mut rng).unwrap();
    let mut rng2 = rand::rngs::StdRng::seed_from_u64(3);
    let key = rand::Rng::next_u64(&mut rng2);
    assert_eq!(w, whole::<f64>(&GlorotUniform.into(), &shape, key));
    // Both generators are now in the same state.
    assert_eq!(
        rand::Rng::next_u64(&mut rng),
        rand::Rng::next_u64(&mut rng2)
    );
}

#[test]
fn elements_are_not_correlated_across_chunks_or_lanes() {
    // Lag-k serial correlation of a uniform fill, for lags that line up lanes (8),
    // chunks (1024) and nothing in particular (1, 3): |r| < 3.89/√n (alpha 1e-4).
    let shape = Shape::dense(1024, 256);
    let w: Vec<f64> = whole(&RandomUniform::new(0.0, 1.0).unwrap().into(), &shape, 2024);
    #[allow(clippy::cast_precision_loss)]
    let n = w.len() as f64;
    let mean = w.iter().sum::<f64>() / n;
    let var = w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    for lag in [1usize, 3, 8, 1024] {
        let cov = w
            .iter()
            .zip(&w[lag..])
            .map(|(a, b)| (a - mean) * (b - mean))
            .sum::<f64>()
            / n;
        let r = cov / var;
        assert!(r.abs() < 3.89 / n.sqrt(), "lag {lag}: r = {r}");
    }
}
