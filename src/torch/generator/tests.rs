use super::*;

#[test]
fn manual_seed_resets_the_cached_normal() {
    let mut g = Generator::manual_seed(4);
    let mut one = [0.0f32; 1];
    g.normal_(&mut one, 0.0, 1.0).unwrap();
    assert!(g.next_normal.is_some());
    assert_eq!(Generator::manual_seed(4).next_normal, None);
}

/// The cached value is used by the next short fill whatever its type, mean
/// and std, and draws nothing.
#[test]
fn cached_normal_crosses_types() {
    let mut g = Generator::manual_seed(11);
    let mut a = [0.0f32; 1];
    g.normal_(&mut a, 0.0, 1.0).unwrap();
    let z = g.next_normal.unwrap();
    let before = g.mt.clone();
    let mut b = [0.0f64; 1];
    g.normal_(&mut b, 3.0, 2.0).unwrap();
    assert_eq!(b[0], z.mul_add(2.0, 3.0));
    assert_eq!(g.mt, before);
}

/// Long fills leave the cache alone.
#[test]
fn long_fills_keep_the_cache() {
    let mut g = Generator::manual_seed(12);
    g.normal_(&mut [0.0f32; 3], 0.0, 1.0).unwrap();
    let kept = g.next_normal;
    assert!(kept.is_some());
    g.normal_(&mut [0.0f32; 64], 0.0, 1.0).unwrap();
    g.uniform_(&mut [0.0f64; 7], 0.0, 1.0).unwrap();
    assert_eq!(g.next_normal, kept);
}

#[test]
fn rejects_what_pytorch_rejects_and_draws_nothing() {
    let mut g = Generator::manual_seed(0);
    let fresh = g.clone();
    let mut w = [0.0f32; 4];
    assert!(matches!(
        g.uniform_(&mut w, 1.0, 0.0),
        Err(InitError::EmptyRange { .. })
    ));
    assert!(matches!(
        g.uniform_(&mut w, f64::NAN, 0.0),
        Err(InitError::NonFinite { .. })
    ));
    assert!(matches!(
        g.uniform_(&mut w, -1e39, 0.0),
        Err(InitError::NotRepresentable { .. })
    ));
    assert!(matches!(
        g.uniform_(&mut w, -3e38, 3e38),
        Err(InitError::InfiniteRange { .. })
    ));
    assert!(matches!(
        g.normal_(&mut w, 0.0, -1.0),
        Err(InitError::OutOfRange { .. })
    ));
    assert!(matches!(
        g.normal_(&mut w, f64::NAN, 1.0),
        Err(InitError::NonFinite { .. })
    ));
    assert_eq!(g, fresh);
    assert_eq!(w, [0.0; 4]);
    // An empty range [a, a] is PyTorch's too: every value is a.
    g.uniform_(&mut w, 0.5, 0.5).unwrap();
    assert_eq!(w, [0.5; 4]);
    g.normal_(&mut w, 2.0, 0.0).unwrap();
    assert_eq!(w, [2.0; 4]);
}
