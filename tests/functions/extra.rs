//! Functions added from the documentation-conformance failures, each case from the
//! function's documentation page (its example's values and types).

use super::{Case, check, rows};

const SERIES: &[Case] = &[
    // series-abs-function.md
    (
        "series_abs(dynamic([-6.5,0,8.2]))",
        "dynamic",
        "[6.5,0,8.2]",
    ),
    // series-sign-function.md
    ("series_sign(dynamic([-6, 0, 8]))", "dynamic", "[-1,0,1]"),
    // series-add-function.md and its siblings: longs stay longs; divide is always real
    (
        "series_add(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[5,4,5]",
    ),
    (
        "series_subtract(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[-3,0,3]",
    ),
    (
        "series_multiply(dynamic([2,4,8]), dynamic([8,4,2]))",
        "dynamic",
        "[16,16,16]",
    ),
    (
        "series_divide(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[0.25,1.0,4.0]",
    ),
    // a scalar is broadcast; a missing or non-numeric element gives null
    ("series_add(dynamic([1,2]), 10)", "dynamic", "[11,12]"),
    (
        "series_add(dynamic([1,'a',3]), dynamic([1,1]))",
        "dynamic",
        "[2,null,null]",
    ),
    (
        "series_equals(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[false,true,false]",
    ),
    (
        "series_not_equals(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[true,false,true]",
    ),
    (
        "series_greater(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[false,false,true]",
    ),
    (
        "series_greater_equals(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[false,true,true]",
    ),
    (
        "series_less(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[true,false,false]",
    ),
    (
        "series_less_equals(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[true,true,false]",
    ),
    // series-fill-forward-function.md, series-fill-backward-function.md
    (
        "series_fill_forward(dynamic([null, null, 36, 41, null, null, 16, 61, 33, null, null]))",
        "dynamic",
        "[null,null,36,41,41,41,16,61,33,33,33]",
    ),
    (
        "series_fill_backward(dynamic([111, null, 36, 41, null, null, 16, 61, 33, null, null]))",
        "dynamic",
        "[111,36,36,41,16,16,16,61,33,null,null]",
    ),
    // series-fill-const-function.md
    (
        "series_fill_const(dynamic([111, null, 36, 41, 23, null, 16, 61, 33, null, null]), -1)",
        "dynamic",
        "[111,-1,36,41,23,-1,16,61,33,-1,-1]",
    ),
    // series-fill-linear-function.md
    (
        "series_fill_linear(dynamic([null, 111, null, 36, 41, null, null, 16, 61, 33, null, null]))",
        "dynamic",
        "[111,111,73,36,41,32,24,16,61,33,33,33]",
    ),
    (
        "series_fill_linear(dynamic([null, 111.0, null, 36.0]), double(null), false)",
        "dynamic",
        "[null,111.0,73.5,36.0]",
    ),
    (
        "series_fill_linear(dynamic([null, null]), double(null), true, 3.14159)",
        "dynamic",
        "[3.14159,3.14159]",
    ),
    (
        "series_fill_linear(dynamic([null, null]))",
        "dynamic",
        "[0.0,0.0]",
    ),
    // series-pearson-correlation-function.md
    (
        "series_pearson_correlation(dynamic([1,2,3,4,5]), dynamic([2,4,6,8,10]))",
        "real",
        "1",
    ),
];

#[test]
fn series_elementwise_from_their_pages() {
    check(SERIES);
}

#[test]
fn series_add_over_rows() {
    // series-add-function.md's example
    let q = "range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 \
             | project s1 = pack_array(x,y,z), s2 = pack_array(z, y, x) \
             | project r = series_add(s1, s2)";
    assert_eq!(rows(q), ["[[5,4,5]]", "[[10,8,10]]", "[[15,12,15]]"]);
}
