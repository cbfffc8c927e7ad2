use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a comment that starts with `sentinel-lint:` but cannot be read as a
    /// suppression: a misspelt directive, a missing `]`, an empty or unknown code, or an
    /// `ignore-file[...]` below the top of the file.
    ///
    /// ## Why is this bad?
    /// The comment silences nothing, while its author believes the finding is handled; the
    /// finding then fails CI with no visible cause.
    ///
    /// ## Example
    /// ```yaml
    /// severity: Urgent  # sentinel-lint: ignroe[SL114] set by the pipeline
    /// severity: Urgent  # sentinel-lint: ignore[SL1140] set by the pipeline
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// severity: Urgent  # sentinel-lint: ignore[SL114] set by the pipeline
    /// ```
    /// Codes may be rule codes, rule names or prefixes (`SL1`, `SL1xx`), separated by commas.
    /// `ignore-file[...]` goes in the comments above the first key of the file.
    pub static RULE = ("SL903", "invalid-suppression", Warning);
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::scheduled_rule;
    use crate::suppress::testing::check_suppression_rule;

    #[test]
    fn fires_and_passes() {
        let broken = scheduled_rule(&[("severity", Some("Urgent"))]);
        let with = |comment: &str| {
            broken.replace("severity: Urgent", &format!("severity: Urgent  {comment}"))
        };
        let rendered = check_suppression_rule(
            super::RULE.code,
            &[
                &with("# sentinel-lint: ignore[SL114] set by the pipeline"),
                &with("# sentinel-lint: ignore[invalid-severity, SL1xx] set by the pipeline"),
                &with("# a comment about sentinel-lint: not a directive"),
            ],
            &[
                &with("# sentinel-lint: ignroe[SL114] set by the pipeline"),
                &with("# sentinel-lint: ignore[SL1140] set by the pipeline"),
                &with("# sentinel-lint: ignore[SL114 set by the pipeline"),
                &with("# sentinel-lint: ignore[] set by the pipeline"),
                &broken.replace(
                    "kind: Scheduled",
                    "# sentinel-lint: ignore-file[SL1] late\nkind: Scheduled",
                ),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
