use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a file that could not be read: a permissions problem (on a file, or on a
    /// directory the walk cannot enter), bytes that are not UTF-8, a file larger than 16 MiB
    /// (far too large to be Sentinel content), or a path that is not a regular file (a pipe,
    /// socket or device, which could block the run).
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
    use crate::content::discover::{self, Discovered, MAX_FILE_BYTES};

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("sl005-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn is_emitted_by_the_pipeline_for_non_utf8_files() {
        let dir = scratch("utf16");
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

    /// The passing case beside the size limit: a file at the limit is read, one byte more is
    /// not (the file is sparse, so neither costs 16 MB of disk).
    #[test]
    fn passes_readable_files_and_fires_past_the_size_limit() {
        let dir = scratch("size");
        let good = dir.join("good.yaml");
        std::fs::write(&good, "query: SecurityEvent | take 1\n").unwrap();
        let at_limit = dir.join("at-limit.kql");
        std::fs::File::create(&at_limit)
            .unwrap()
            .set_len(MAX_FILE_BYTES)
            .unwrap();
        let big = dir.join("big.yaml");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap();
        let report = crate::lint::check_paths(
            &[good.clone(), at_limit.clone(), big.clone()],
            &crate::lint::Options::default(),
        )
        .unwrap();
        let fired: Vec<String> = report
            .diagnostics()
            .filter(|(_, d)| d.code == super::RULE.code)
            .map(|(file, d)| format!("{}: {}", file.path, d.message))
            .collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            fired,
            [format!(
                "{}: file is 16777217 bytes, more than the 16777216 bytes a content file may have",
                discover::display_path(&big)
            )]
        );
    }

    /// A file whose read fails. Permission bits do not stop root (CI runs as root), so the
    /// failing read is `/proc/self/mem`, which gives EIO at offset 0 to every user.
    /// `tests/hostile_input.rs` covers permission-denied files and directories end to end.
    #[cfg(target_os = "linux")]
    #[test]
    fn fires_when_the_read_fails() {
        let Discovered::Unreadable(unreadable) =
            discover::load_file(std::path::Path::new("/proc/self/mem"))
        else {
            panic!("/proc/self/mem was read");
        };
        assert!(
            unreadable.message.starts_with("cannot read: "),
            "{}",
            unreadable.message
        );
    }

    #[cfg(unix)]
    #[test]
    fn fires_on_a_path_that_is_not_a_regular_file() {
        let Discovered::Unreadable(unreadable) =
            discover::load_file(std::path::Path::new("/dev/null"))
        else {
            panic!("/dev/null was read as content");
        };
        assert_eq!(
            unreadable.message,
            "not a regular file (a pipe, socket or device)"
        );
    }
}
