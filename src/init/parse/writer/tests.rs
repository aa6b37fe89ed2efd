use super::*;

#[test]
fn numbers_read_back_exactly() {
    for x in [0.0, -0.05, 1.0, 2.236, 1e-300, 1e300, 0.1 + 0.2, -0.0] {
        assert_eq!(number(x).parse::<f64>().unwrap().to_bits(), x.to_bits());
    }
    assert_eq!(number(1.0), "1");
    assert_eq!(number(-0.05), "-0.05");
}
