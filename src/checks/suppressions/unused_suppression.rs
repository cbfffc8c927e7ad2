use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment, or one code in its list, that silences no finding: the
    /// finding was fixed, moved more than one line away, or its rule is off for this file.
    /// Like ruff's RUF100.
    ///
    /// ## Why is this bad?
    /// A stale suppression silences the next, unrelated finding of that rule on its line, and
    /// tells readers a problem exists where there is none.
    ///
    /// ## Example
    /// ```yaml
    /// # sentinel-lint: ignore[SL114] set by the pipeline
    /// severity: Medium
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// severity: Medium
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the comment (the whole line when the comment stands alone on it), or
    /// only the unused code from a list. It is safe: nothing was silenced by it.
    pub static RULE = ("SL902", "unused-suppression", Warning);
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::scheduled_rule;
    use crate::suppress::testing::check_suppression_rule;

    #[test]
    fn fires_and_passes() {
        let broken = scheduled_rule(&[("severity", Some("Urgent"))]);
        let clean = scheduled_rule(&[]);
        let rendered = check_suppression_rule(
            super::RULE.code,
            &[
                &broken.replace(
                    "severity: Urgent",
                    "# sentinel-lint: ignore[SL114] set by the pipeline\nseverity: Urgent",
                ),
                &format!("# sentinel-lint: ignore-file[SL1] legacy\n{broken}"),
            ],
            &[
                &clean.replace(
                    "severity: Medium",
                    "# sentinel-lint: ignore[SL114] set by the pipeline\nseverity: Medium",
                ),
                &broken.replace(
                    "severity: Urgent",
                    "severity: Urgent  # sentinel-lint: ignore[SL114, SL701] accepted",
                ),
                &clean.replace(
                    "  | where Failures > 20",
                    "  | where Failures > 20 // sentinel-lint: ignore[SL602] a DCR adds it",
                ),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
