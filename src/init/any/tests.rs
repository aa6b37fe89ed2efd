use super::*;

#[test]
fn the_table_lists_each_variant_once_with_its_own_type() {
    let names: Vec<&str> = Init::defaults().map(|init| init.type_name()).collect();
    let table: Vec<&str> = TYPE_NAMES.iter().map(|&(n, _)| n).collect();
    assert_eq!(names, table);
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len());
    // A structured initializer has no plan, an element-wise one has one.
    let shape = Shape::from_torch(&[4, 4, 3]);
    for init in Init::defaults() {
        assert_eq!(
            init.is_structured(),
            matches!(init.plan(&shape), Err(InitError::NotElementwise { .. })),
            "{}",
            init.type_name()
        );
    }
}
