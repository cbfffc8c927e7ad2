use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment (`sentinel-lint: ignore[...]` or `ignore-file[...]`) that
    /// does not say why the finding is accepted. The suppression still applies.
    ///
    /// ## Why is this bad?
    /// A silenced finding is a decision someone made about a detection. Without the reason,
    /// the next person cannot tell an accepted risk from a shortcut, nor know when the
    /// suppression can go (the playbook that maps the entity was retired, the DCR that adds the
    /// column was removed).
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account  # sentinel-lint: ignore[SL701]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account  # sentinel-lint: ignore[SL701] mapped by the enrichment playbook
    /// ```
    pub static RULE = ("SL901", "suppression-without-reason", Warning);
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
                &with("# sentinel-lint: ignore[SL114] set by the deployment pipeline"),
                &with("# sentinel-lint: ignore[SL114]: the pipeline sets it"),
            ],
            &[
                &with("# sentinel-lint: ignore[SL114]"),
                &with("# sentinel-lint: ignore[SL114] -"),
                "// sentinel-lint: ignore-file[SL602]\nSigninLogs | where Nope == 1\n",
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
