use super::*;

#[test]
fn reader_splits_names_and_arguments() {
    let (name, args) = read(" he_normal ( mode = 'fan_out' , 2 ) ").unwrap();
    // Digits alone are an exact integer; anything else a float.
    let (_, nums) = read("f(18446744073709551615, 2.0, -3, 1e2, 18446744073709551616)").unwrap();
    let values: Vec<Value> = nums.into_iter().map(|a| a.value).collect();
    assert_eq!(
        values,
        [
            Value::Int(u64::MAX),
            Value::Num(2.0),
            Value::Num(-3.0),
            Value::Num(100.0),
            Value::Num(18_446_744_073_709_551_616.0)
        ]
    );
    assert_eq!(name, "he_normal");
    assert_eq!(
        args,
        [
            Arg {
                key: Some("mode".into()),
                value: Value::Word("fan_out".into())
            },
            Arg {
                key: None,
                value: Value::Int(2)
            }
        ]
    );
    assert!(matches!(
        read("zeros(").unwrap_err(),
        ParseInitError::Syntax { .. }
    ));
    assert!(matches!(
        read("zeros x").unwrap_err(),
        ParseInitError::Syntax { position: 6, .. }
    ));
}
