//! End-to-end tests of the binary: exit codes, formats, and the bundled example content.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A complete, clean hunting query followed by `extra` lines.
fn hunting(extra: &str) -> String {
    format!(
        "id: 9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a\nname: x\ndescription: y\nrequiredDataConnectors: []\nquery: SecurityEvent | take 1\n{extra}"
    )
}

/// The codes of the findings `check --format json` printed, in order.
fn finding_codes(output: &Output) -> Vec<String> {
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    findings
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sentinel-lint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn clean_rules_in_content_pass() {
    for path in [
        "content/Detections/SigninLogs/PasswordSprayFromOneIP.yaml",
        "content/Detections/OfficeActivity/ExternalForwardingInboxRule.yaml",
        "content/Hunting Queries/SecurityEvent/RareProcessesByServiceAccounts.yaml",
    ] {
        let output = run(&["check", path]);
        assert_eq!(output.status.code(), Some(0), "{path}: {}", stdout(&output));
        assert!(
            stdout(&output).contains("0 errors, 0 warnings"),
            "{}",
            stdout(&output)
        );
    }
}

#[test]
fn missing_path_is_a_usage_error() {
    let output = run(&["check", "no/such/place"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/place"));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    assert_eq!(run(&["check", "--no-such-flag"]).status.code(), Some(2));
}

#[test]
fn errors_give_exit_one_and_json_is_an_array() {
    let dir = temp_dir("json");
    let path = write(
        &dir,
        "broken.yaml",
        &hunting("severity: Low\nseverity: High\n"),
    );
    let output = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let first = &findings.as_array().expect("an array")[0];
    assert_eq!(first["code"], "SL002");
    assert_eq!(first["name"], "duplicate-key");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 7);
    assert_eq!(first["column"], 1);
    assert_eq!(first["labels"][0]["line"], 6);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn warnings_alone_exit_zero_and_quiet_drops_the_summary() {
    let dir = temp_dir("quiet");
    let path = write(&dir, "bom.yaml", &format!("\u{feff}{}", hunting("")));
    let output = run(&["check", "--quiet", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("SL003"), "{text}");
    assert!(!text.contains("Checked"), "{text}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn discovery_skips_hidden_and_ignored_and_reports_skipped_with_verbose() {
    let dir = temp_dir("discover");
    write(
        &dir,
        ".hidden/rule.yaml",
        &hunting("severity: Low\nseverity: Low\n"),
    );
    write(
        &dir,
        "ignored/rule.yaml",
        &hunting("severity: Low\nseverity: Low\n"),
    );
    write(&dir, ".gitignore", "ignored/\n");
    write(&dir, "workflow.yml", "on: push\njobs: {}\n");
    write(&dir, "b.yaml", &hunting(""));
    write(&dir, "a.kql", "SecurityEvent | take 1\n");
    let output = run(&["check", "--verbose", dir.to_str().unwrap()]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("skipped"), "{text}");
    assert!(text.contains("workflow.yml"), "{text}");
    assert!(text.contains("Checked 2 files"), "{text}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn broken_file_does_not_stop_the_run() {
    let dir = temp_dir("broken");
    write(&dir, "a.yaml", &hunting("tactics: [x\n"));
    write(&dir, "b.yaml", &format!("\u{feff}{}", hunting("")));
    let output = run(&["check", "--format", "json", dir.to_str().unwrap()]);
    let codes = finding_codes(&output);
    assert!(
        codes.iter().any(|c| c == "SL001") && codes.iter().any(|c| c == "SL003"),
        "{codes:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn rules_lists_every_code_and_explain_prints_docs() {
    let output = run(&["rules"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("SL001  yaml-syntax-error"));
    let output = run(&["explain", "duplicate-key"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("## Why is this bad?"));
    let output = run(&["explain", "SL9999"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn human_output_points_at_file_line_column() {
    let dir = temp_dir("human");
    let path = write(
        &dir,
        "dup.yaml",
        &hunting("severity: Low\nseverity: High\n"),
    );
    let output = run(&["check", path.to_str().unwrap()]);
    let text = stdout(&output).replace(&dir.display().to_string(), "[dir]");
    insta::assert_snapshot!(text);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fix_rewrites_only_under_the_flag() {
    let dir = temp_dir("fix");
    let original = format!("\u{feff}{}", hunting(""));
    let path = write(&dir, "bom.yaml", &original);
    run(&["check", path.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        original,
        "check alone must not write"
    );
    let output = run(&["check", "--fix", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), hunting(""));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Fixed 1 problem"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file may be left behind");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn machine_formats_render() {
    let dir = temp_dir("formats");
    let path = write(
        &dir,
        "dup.yaml",
        &hunting("severity: Low\nseverity: High\n"),
    );
    let path = path.to_str().unwrap();
    let sarif = run(&["check", "--format", "sarif", path]);
    assert_eq!(sarif.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "SL002");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
    let junit = stdout(&run(&["check", "--format", "junit", path]));
    assert!(junit.contains("<failure message=\"1 error\""), "{junit}");
    let github = stdout(&run(&["check", "--format", "github", path]));
    assert!(
        github.starts_with("::error title=SL002 duplicate-key,file=")
            && github.contains(",line=7,col=1,"),
        "{github}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn ignore_turns_rules_off_and_unknown_rules_are_usage_errors() {
    let dir = temp_dir("ignore");
    let path = write(
        &dir,
        "dup.yaml",
        &hunting("severity: Low\nseverity: High\n"),
    );
    let path = path.to_str().unwrap();
    assert_eq!(
        run(&["check", "--ignore", "duplicate-key", path])
            .status
            .code(),
        Some(0)
    );
    let output = run(&["check", "--ignore", "duplicate-keys", path]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `duplicate-key`"));
    let config = write(
        &dir,
        "sentinel-lint.toml",
        "[check]\nignore = [\"SL002\"]\n",
    );
    let config = config.to_str().unwrap();
    assert_eq!(
        run(&["check", "--config", config, path]).status.code(),
        Some(0)
    );
    write(&dir, "sentinel-lint.toml", "[check]\nignroe = []\n");
    let output = run(&["check", "--config", config, path]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("sentinel-lint.toml:2:1"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn seed_rule_reports_missing_scheduling_fields_and_unmapped_entity_columns() {
    let output = run(&[
        "check",
        "--format",
        "json",
        "content/Detections/MultipleDataSources/IntegratePurviewWithCloudAppEvents.yaml",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let missing: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "SL121")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    for field in [
        "queryFrequency",
        "queryPeriod",
        "triggerOperator",
        "triggerThreshold",
    ] {
        assert!(
            missing.iter().any(|m| m.contains(&format!("`{field}`"))),
            "{field} not reported: {missing:?}"
        );
    }
    // The entity mappings name two columns the query's `project` drops.
    let unmapped: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "SL701")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        unmapped,
        [
            "Account.FullName is mapped to `UserId`, which the query does not output",
            "IP.Address is mapped to `ClientIP`, which the query does not output",
        ]
    );
}

#[test]
fn custom_tables_from_config_close_the_schema() {
    let dir = temp_dir("tables");
    write(
        &dir,
        "tables/MyLogs_CL.json",
        r#"{"Name": "MyLogs_CL", "Properties": [{"Name": "TimeGenerated", "Type": "DateTime"}, {"Name": "SrcIp_s", "Type": "String"}]}"#,
    );
    write(
        &dir,
        "more.yaml",
        "tables:\n  - name: Other_CL\n    columns:\n      - name: User_s\n        type: string\n",
    );
    let rule = "id: 0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f61\nname: x\ndescription: y\nseverity: Low\n\
requiredDataConnectors: []\nqueryFrequency: 1h\nqueryPeriod: 1h\ntriggerOperator: gt\ntriggerThreshold: 0\n\
tactics: []\nrelevantTechniques: []\nquery: |\n  MyLogs_CL\n  | join kind=inner (Other_CL) on $left.SrcIp_s == $right.User_s\n\
entityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: SrcIp\n\
version: 1.0.0\nkind: Scheduled\n";
    let rule_path = write(&dir, "rules/rule.yaml", rule);
    let rule_path = rule_path.to_str().unwrap();
    // Without the tables the schema is open: unknown tables, but no false entity findings.
    let without = finding_codes(&run(&["check", "--format", "json", rule_path]));
    assert!(without.contains(&"SL601".to_string()), "{without:?}");
    assert!(!without.contains(&"SL701".to_string()), "{without:?}");
    write(
        &dir,
        "sentinel-lint.toml",
        "[catalog]\ntables = [\"tables\", \"more.yaml\"]\n",
    );
    let config = dir.join("sentinel-lint.toml");
    let with = finding_codes(&run(&[
        "check",
        "--format",
        "json",
        "--config",
        config.to_str().unwrap(),
        rule_path,
    ]));
    assert_eq!(with, vec!["SL701".to_string()], "{with:?}");
    let schema = run(&[
        "query",
        "schema",
        "--json",
        "--config",
        config.to_str().unwrap(),
        rule_path,
    ]);
    let schema: serde_json::Value = serde_json::from_slice(&schema.stdout).unwrap();
    assert_eq!(schema["open"], false);
    let names: Vec<&str> = schema["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    // Declared columns first, then the standard ones every Log Analytics table has.
    assert_eq!(
        &names[..3],
        &["TimeGenerated", "SrcIp_s", "TenantId"],
        "{names:?}"
    );
    assert!(
        names.contains(&"User_s") && names.contains(&"_ResourceId"),
        "{names:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn query_parse_reports_positions_in_the_yaml_file() {
    let dir = temp_dir("parse");
    let path = write(
        &dir,
        "q.yaml",
        &hunting("").replace(
            "query: SecurityEvent | take 1",
            "query: |\n  SecurityEvent\n  | where EventID ==\n  | take 1",
        ),
    );
    let output = run(&["query", "parse", "--json", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(parsed["errors"][0]["line"], 8);
    assert_eq!(parsed["errors"][0]["column"], 3);
    let clean = run(&[
        "query",
        "parse",
        "content/Detections/SigninLogs/PasswordSprayFromOneIP.yaml",
    ]);
    assert_eq!(clean.status.code(), Some(0));
    assert!(clean.stdout.is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn parsers_among_the_files_are_callable_with_their_defaults() {
    let dir = temp_dir("parser");
    write(
        &dir,
        "Parsers/MyParser.yaml",
        "ParserName: MyParser\nParserParams:\n  - Name: starttime\n    Type: datetime\n    Default: datetime(null)\n  - Name: disabled\n    Type: bool\n    Default: false\nParserQuery: |\n  SigninLogs\n  | where not(disabled)\n  | where isnull(starttime) or TimeGenerated >= starttime\n  | project TimeGenerated, Who = UserPrincipalName\n",
    );
    let rule = hunting("").replace(
        "query: SecurityEvent | take 1",
        "query: MyParser | summarize count() by Who",
    );
    write(&dir, "hunting.yaml", &rule);
    let output = run(&["check", "--format", "json", dir.to_str().unwrap()]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(findings.as_array().unwrap().len(), 0, "{findings:#}");
    let bad = rule.replace("by Who", "by Whom");
    write(&dir, "hunting.yaml", &bad);
    let output = run(&["check", "--format", "json", dir.to_str().unwrap()]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(findings[0]["code"], "SL602", "{findings:#}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn function_library_makes_parsers_callable_and_beats_custom_tables_of_the_same_name() {
    let dir = temp_dir("functions");
    write(
        &dir,
        "Parsers/imThing.yaml",
        "Parser:\n  Title: Thing\n  Version: '0.2'\nParserName: imThing\nParserParams:\n  - Name: disabled\n    Type: bool\n    Default: false\nParserQuery: |\n  SigninLogs\n  | where not(disabled)\n  | project TimeGenerated, Who = UserPrincipalName\n",
    );
    // Like the Azure-Sentinel CustomTables, which declare ASIM parsers as tables.
    write(
        &dir,
        "tables/imThing.json",
        r#"{"Name": "imThing", "Properties": [{"Name": "Other", "Type": "String"}]}"#,
    );
    let rule = hunting("").replace(
        "query: SecurityEvent | take 1",
        "query: imThing(disabled=false) | summarize count() by Who",
    );
    let rule_path = write(&dir, "Hunting/thing.yaml", &rule);
    let (rule_path, dir_str) = (rule_path.to_str().unwrap(), dir.to_str().unwrap());
    let tables = dir.join("tables");
    let tables = tables.to_str().unwrap();
    let codes = |args: &[&str]| finding_codes(&run(args));
    // The rule alone: `imThing` is only the custom table, which cannot be called.
    let alone = codes(&["check", "--format", "json", "--tables", tables, rule_path]);
    assert!(!alone.is_empty(), "{alone:?}");
    // With the parser library the function wins over the table of the same name.
    let parsers = dir.join("Parsers");
    let parsers = parsers.to_str().unwrap();
    let with_flag = codes(&[
        "check",
        "--format",
        "json",
        "--tables",
        tables,
        "--functions",
        parsers,
        rule_path,
    ]);
    assert!(with_flag.is_empty(), "{with_flag:?}");
    write(
        &dir,
        "sentinel-lint.toml",
        "[catalog]\ntables = [\"tables\"]\nfunctions = [\"Parsers\"]\n",
    );
    let config = dir.join("sentinel-lint.toml");
    let config = config.to_str().unwrap();
    let with_config = codes(&["check", "--format", "json", "--config", config, rule_path]);
    assert!(with_config.is_empty(), "{with_config:?}");
    // Checking the whole folder, the parser is among the files and the library repeats it.
    let everything = codes(&["check", "--format", "json", "--config", config, dir_str]);
    assert!(everything.is_empty(), "{everything:?}");
    let schema = run(&["query", "schema", "--json", "--config", config, rule_path]);
    let schema: serde_json::Value = serde_json::from_slice(&schema.stdout).unwrap();
    assert_eq!(
        schema["columns"],
        serde_json::json!([{"name": "Who", "type": "string"}, {"name": "count_", "type": "long"}])
    );
    let missing = run(&["check", "--functions", "no/such/dir", rule_path]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(dir).unwrap();
}

/// `query schema --json --tables <dir>/tables` of `query` with one custom table file.
fn schema_with_custom_table(name: &str, table_json: &str, query: &str) -> serde_json::Value {
    let dir = temp_dir(name);
    write(&dir, "tables/table.json", table_json);
    let query = write(&dir, "q.kql", query);
    let tables = dir.join("tables");
    let output = run(&[
        "query",
        "schema",
        "--json",
        "--tables",
        tables.to_str().unwrap(),
        query.to_str().unwrap(),
    ]);
    std::fs::remove_dir_all(dir).unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn classic_custom_log_tables_have_source_system() {
    let schema = schema_with_custom_table(
        "classic",
        r#"{"Name": "Vendor_CL", "Properties": [{"Name": "Host_s", "Type": "String"}]}"#,
        "Vendor_CL | project TimeGenerated, SourceSystem, Host_s\n",
    );
    assert_eq!(schema["errors"], serde_json::json!([]), "{schema:#}");
    assert_eq!(schema["columns"][1]["name"], "SourceSystem");
}

/// A CustomTables file for a Microsoft table (the Azure-Sentinel repository has dozens, written
/// for its own validation, often with every column a string): its new columns are added, the
/// columns it leaves out stay, and for a column both know the published type wins, as in that
/// repository's KQL validation. A sloppy `String` must not turn `ResultType != 0`-style
/// comparisons on a real `int` column into errors.
#[test]
fn custom_definition_of_a_bundled_table_adds_columns_and_keeps_published_types() {
    let schema = schema_with_custom_table(
        "override",
        r#"{"Name": "LAQueryLogs", "Properties": [{"Name": "ResponseRowCount", "Type": "String"}, {"Name": "Extra_s", "Type": "String"}]}"#,
        "LAQueryLogs | where ResponseRowCount > 10001 | project ResponseRowCount, Extra_s, AADEmail\n",
    );
    assert_eq!(schema["errors"], serde_json::json!([]), "{schema:#}");
    assert_eq!(
        schema["columns"],
        serde_json::json!([
            {"name": "ResponseRowCount", "type": "int"},
            {"name": "Extra_s", "type": "string"},
            {"name": "AADEmail", "type": "string"}
        ])
    );
}

/// A custom table keeps the Log Analytics standard columns' own types: four Azure-Sentinel
/// CustomTables files declare `TimeGenerated` a `String`, which made every time filter on them
/// an error.
#[test]
fn standard_columns_keep_their_types_in_custom_tables() {
    let schema = schema_with_custom_table(
        "standard-types",
        r#"{"Name": "Gcp_CL", "Properties": [{"Name": "TimeGenerated", "Type": "String"}, {"Name": "TenantId", "Type": "Guid"}, {"Name": "Msg_s", "Type": "String"}]}"#,
        "Gcp_CL | where TimeGenerated > ago(1d) | project TimeGenerated, TenantId, Msg_s\n",
    );
    assert_eq!(schema["errors"], serde_json::json!([]), "{schema:#}");
    assert_eq!(
        schema["columns"],
        serde_json::json!([
            {"name": "TimeGenerated", "type": "datetime"},
            {"name": "TenantId", "type": "string"},
            {"name": "Msg_s", "type": "string"}
        ])
    );
}

/// An ASIM lookup table (`LookupTableName` + `LookupTableQuery`, as the Azure-Sentinel
/// `AADSTS.yaml` defines `AADSTSErrorCodes`) is a function the parsers may `lookup`; it was an
/// unknown table in five authentication parsers.
#[test]
fn lookup_tables_are_functions() {
    let dir = temp_dir("lookup-table");
    write(
        &dir,
        "Parsers/Codes.yaml",
        "LookupTable:\n  Title: Codes\n  Version: '0.0'\nLookupTableName: ErrorCodes\nLookupTableQuery: |\n  let Reasons = datatable(ResultType:string, Reason:string)['0', 'Success', '50126', 'Bad password'];\n  Reasons\n",
    );
    let parser = "ParserName: vimSignins\nParserQuery: |\n  SigninLogs\n  | lookup ErrorCodes on ResultType\n  | project TimeGenerated, Reason\n";
    write(&dir, "Parsers/vimSignins.yaml", parser);
    let dir_str = dir.to_str().unwrap();
    let codes = finding_codes(&run(&["check", "--format", "json", dir_str]));
    assert!(codes.is_empty(), "{codes:?}");
    write(
        &dir,
        "Parsers/vimSignins.yaml",
        &parser.replace("Reason\n", "NoSuchColumn\n"),
    );
    let codes = finding_codes(&run(&["check", "--format", "json", dir_str]));
    assert_eq!(codes, ["SL602"]);
    std::fs::remove_dir_all(dir).unwrap();
}

/// An ASIM library function: named also by `EquivalentBuiltInFunction`, with a tabular
/// parameter bound to the table passed with `invoke`; its output follows from its body over
/// that table. Its own body sees the parameter as an open table.
#[test]
fn asim_library_functions_by_alias_with_tabular_parameters() {
    let dir = temp_dir("asim-lib");
    write(
        &dir,
        "ASIM/lib/functions/ASIM_ResolveThing.yaml",
        "Function:\n  Title: Resolve\n  Version: '0.1'\nFunctionName: ASIM_ResolveThing\nEquivalentBuiltInFunction: _ASIM_ResolveThing\nFunctionParams:\n  - Name: T:(TimeGenerated:datetime)\n    Type: table\n  - Name: field\n    Type: string\nFunctionQuery: |\n  T\n  | extend Resolved = tolower(field), Seen = TimeGenerated\n",
    );
    let parser = "ParserName: vimThing\nParserQuery: |\n  SigninLogs\n  | invoke _ASIM_ResolveThing(UserPrincipalName)\n  | project Resolved, Seen, AppDisplayName\n";
    write(&dir, "Parsers/vimThing.yaml", parser);
    let dir_str = dir.to_str().unwrap();
    let codes = finding_codes(&run(&["check", "--format", "json", dir_str]));
    assert!(codes.is_empty(), "{codes:?}");
    // The output is the input table's columns plus the body's: a name neither has is unknown.
    write(
        &dir,
        "Parsers/vimThing.yaml",
        &parser.replace("AppDisplayName", "NoSuchColumn"),
    );
    let codes = finding_codes(&run(&["check", "--format", "json", dir_str]));
    assert_eq!(codes, ["SL602"]);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Runs the binary with its stdout a pipe whose reading end is already closed, so its first
/// write fails with `BrokenPipe` whatever the timing.
fn run_into_closed_pipe(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("the binary runs")
}

/// Like `| head -1`: reads one line, then closes the pipe while the binary may still write.
fn run_head_one(args: &[&str]) -> (String, std::process::ExitStatus, String) {
    use std::io::{BufRead, Read};
    let mut child = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let stdout = child.stdout.take().unwrap();
    std::io::BufReader::new(stdout)
        .read_line(&mut first)
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (first, child.wait().unwrap(), stderr)
}

#[test]
fn a_closed_stdout_pipe_ends_the_run_quietly() {
    let rule = "content/Detections/SigninLogs/PasswordSprayFromOneIP.yaml";
    let cases: [&[&str]; 6] = [
        &["rules"],
        &["query", "parse", "--ast", rule],
        &["explain", "SL001"],
        &["check", "content"],
        &["check", "--format", "json", "content"],
        &["query", "schema", rule],
    ];
    for args in cases {
        let output = run_into_closed_pipe(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    for args in [&["rules"][..], &["query", "parse", "--ast", rule]] {
        let (first, status, stderr) = run_head_one(args);
        assert!(!first.is_empty(), "{args:?}");
        assert_ne!(status.code(), Some(101), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
