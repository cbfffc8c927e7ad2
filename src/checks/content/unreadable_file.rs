use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a file that could not be read: a permissions problem, bytes that are not UTF-8,
    /// or a file far too large to be Sentinel content.
    ///
    /// ## Why is this bad?
    /// Nothing in the file can be checked, and Sentinel's own tooling will not read it either.
    ///
    /// ## Example
    /// A rule saved as UTF-16 by a Windows editor.
    ///
    /// ## Use instead
    /// Save content files as UTF-8 text.
    pub static RULE = ("SL005", "unreadable-file", Error);
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_emitted_by_the_pipeline_for_non_utf8_files() {
        let dir = std::env::temp_dir().join(format!("sl005-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("utf16.yaml");
        std::fs::write(&path, [0xff, 0xfe, b'i', 0, b'd', 0]).unwrap();
        let report = crate::lint::check_paths(
            std::slice::from_ref(&path),
            &crate::lint::Options::default(),
        )
        .unwrap();
        let rendered = report.render_plain();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(rendered.contains("SL005"), "{rendered}");
        insta::assert_snapshot!(rendered.replace(&dir.display().to_string(), "[tmp]"));
    }
}
