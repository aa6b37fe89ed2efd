use super::*;

/// FNV-1a's published test vectors for the empty string and "a", through the
/// definition, and pinned keys.
#[test]
fn keys_are_stable() {
    assert_eq!(key(0, ""), mix64(mix64(0) ^ 0xcbf2_9ce4_8422_2325));
    assert_eq!(key(0, "a"), mix64(mix64(0) ^ 0xaf63_dc4c_8601_ec8c));
    assert_eq!(key(0, ""), 0xf52a_15e9_a9b5_e89b);
    assert_eq!(key(42, "encoder.0.weight"), 0x4c0c_f3c7_6443_b8f5);
    assert_eq!(key(u64::MAX, "layer"), 0xe683_3d4a_9f48_dad2);
}

#[test]
fn names_and_seeds_give_distinct_keys() {
    let mut keys: Vec<u64> = (0..64)
        .flat_map(|seed| (0..64).map(move |layer| key(seed, &format!("layers.{layer}.weight"))))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 64 * 64);
}
