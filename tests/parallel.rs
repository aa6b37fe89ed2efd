//! A fill's bits do not depend on the number of threads, nor on how the tensor is
//! cut into shards by `fill_at`.
#![cfg(feature = "parallel")]

use nninit::{GlorotUniform, HeNormal, Initializer, RandomNormal, Real, Shape, TruncatedNormal};
use rayon::ThreadPoolBuilder;

fn in_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

fn inits<T: Real>() -> Vec<Box<dyn Initializer<T> + Sync>> {
    vec![
        Box::new(GlorotUniform),
        Box::new(RandomNormal::default()),
        Box::new(HeNormal),
        Box::new(TruncatedNormal::torch(0.0, 1.0, -0.5, 3.0).unwrap()),
    ]
}

fn same_bits_for_any_thread_count<T: Real>() {
    // Big enough to be cut into many pieces, with a length that is not a whole
    // number of chunks.
    let shape = Shape::from_torch(&[1031, 1029]);
    for init in inits::<T>() {
        let one = in_pool(1, || init.fill_new(&shape, 77).unwrap());
        for threads in 2..=4 {
            let many = in_pool(threads, || init.fill_new(&shape, 77).unwrap());
            assert!(
                one.iter()
                    .zip(&many)
                    .all(|(a, b)| a.to_f64().unwrap().to_bits() == b.to_f64().unwrap().to_bits()),
                "{threads} threads changed a value"
            );
        }
        // Shards at odd offsets, each itself large enough to be split.
        let cuts = [0, 1, 200_001, 200_003, 555_555, shape.len()];
        let mut sharded = vec![T::zero(); shape.len()];
        in_pool(3, || {
            for w in cuts.windows(2) {
                init.fill_at(&mut sharded[w[0]..w[1]], &shape, 77, w[0])
                    .unwrap();
            }
        });
        assert!(one.iter().zip(&sharded).all(|(a, b)| a == b));
    }
}

#[test]
fn f32_bits_do_not_depend_on_threads_or_shards() {
    same_bits_for_any_thread_count::<f32>();
}

#[test]
fn f64_bits_do_not_depend_on_threads_or_shards() {
    same_bits_for_any_thread_count::<f64>();
}

#[test]
fn fill_new_matches_fill_keyed() {
    let shape = Shape::dense(700, 300);
    let mut w = vec![0.0f32; shape.len()];
    HeNormal.fill_keyed(&mut w, &shape, 5).unwrap();
    let fresh: Vec<f32> = HeNormal.fill_new(&shape, 5).unwrap();
    assert_eq!(fresh, w);
}
