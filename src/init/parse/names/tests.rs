use super::*;

#[test]
fn edit_distance_basics() {
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("GlorotUniform", "glorotuniform"), 0);
}
