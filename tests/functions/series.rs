//! Series functions, from their pages in the KQL reference. The functions that return
//! several values fill several columns, named as Kusto names them.

use super::{Case, check, columns, rows};

const CASES: &[Case] = &[
    // series-outliers-function.md: scores beyond ±1.5 are anomalies; only the spike scores
    // (compared as numbers, whatever the printing of reals inside a dynamic)
    (
        "series_outliers(dynamic([1, 2, 1, 2, 1, 2, 1, 2, 1, 100]), 'tukey')[9] == 98",
        "bool",
        "true",
    ),
    (
        "array_sum(series_outliers(dynamic([1, 2, 1, 2, 1, 2, 1, 2, 1, 100]), 'tukey')) == 98",
        "bool",
        "true",
    ),
    // series-add-function.md, series-greater-function.md
    (
        "series_add(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[5,4,5]",
    ),
    (
        "series_add(dynamic([3,6,12]), dynamic([12,6,3]))",
        "dynamic",
        "[15,12,15]",
    ),
    (
        "series_greater(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[false,false,true]",
    ),
    (
        "series_subtract(dynamic([1,2,3]), dynamic([1]))",
        "dynamic",
        "[0,null,null]",
    ),
    (
        "series_multiply(10, dynamic([1,-1,0]))",
        "dynamic",
        "[10,-10,0]",
    ),
    (
        "series_greater_equals(dynamic([1,'a',3]), 2)",
        "dynamic",
        "[false,null,true]",
    ),
];

#[test]
fn series_outliers_scores() {
    check(CASES);
}

#[test]
fn series_fit_line_fills_six_columns() {
    // series-fit-line-function.md: RSquare 0.982, Slope 2.730, Variance 98.628,
    // RVariance 1.686, Interception -1.666, LineFit 1.064, 3.7945, …
    let q = "print y = dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30]) \
             | extend (RSquare, Slope, Variance, RVariance, Interception, LineFit) = series_fit_line(y) \
             | project RSquare = round(RSquare, 3), Slope = round(Slope, 3), \
               Variance = round(Variance, 3), RVariance = round(RVariance, 3), \
               Interception = round(Interception, 3), First = round(todouble(LineFit[0]), 3)";
    assert_eq!(rows(q), [r#"[0.983,2.731,98.629,1.686,-1.667,1.064]"#]);
}

#[test]
fn series_stats_names_its_columns_after_the_argument() {
    // series-stats-function.md
    let q = "print x=dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) \
             | project series_stats(x)";
    assert_eq!(
        columns(q),
        [
            "series_stats_x_min:real",
            "series_stats_x_min_idx:long",
            "series_stats_x_max:real",
            "series_stats_x_max_idx:long",
            "series_stats_x_avg:real",
            "series_stats_x_stdev:real",
            "series_stats_x_variance:real"
        ]
    );
    let q = format!("{q} | project-away series_stats_x_stdev, series_stats_x_variance");
    assert_eq!(rows(&q), ["[2,8,87,3,32.8]"]);
}

#[test]
fn series_decompose_anomalies_flags_a_spike() {
    // series-decompose-anomalies-function.md: ad_flag +1 for a rise beyond the threshold
    let q = "print y = dynamic([10, 11, 10, 11, 10, 11, 10, 11, 10, 60, 10, 11]) \
             | extend (flag, score, baseline) = series_decompose_anomalies(y, 1.5, 0) \
             | project flag";
    assert_eq!(rows(q), ["[[0,0,0,0,0,0,0,0,0,1,0,0]]"]);
}

#[test]
fn series_decompose_splits_into_four_series() {
    let q = "print y = dynamic([1, 2, 3, 4]) \
             | extend (baseline, seasonal, trend, residual) = series_decompose(y, 0, 'linefit') \
             | project baseline, seasonal, residual";
    assert_eq!(rows(q), ["[[1,2,3,4],[0,0,0,0],[0,0,0,0]]"]);
}
