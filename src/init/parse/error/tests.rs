use super::*;

#[test]
fn echoes_are_bounded_and_cut_at_character_boundaries() {
    assert_eq!(echo("he_normal"), "he_normal");
    let long = "é".repeat(1000);
    let e = echo(&long);
    assert_eq!(e.chars().count(), ECHO + 1);
    assert!(e.ends_with('…'));
    assert_eq!(echo_around("zeros(", 6), "zeros(");
    let text = format!("{}x{}", "a".repeat(500), "ü".repeat(500));
    let around = echo_around(&text, 500);
    assert_eq!(around, format!("…{}x{}…", "a".repeat(32), "ü".repeat(31)));
    assert_eq!(echo_around(&text, 0), format!("{}…", "a".repeat(32)));
    assert_eq!(
        echo_around(&text, text.len()),
        format!("…{}", "ü".repeat(32))
    );
}
