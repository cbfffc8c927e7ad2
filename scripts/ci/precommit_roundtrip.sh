#!/usr/bin/env bash
# The pre-commit hook, tried for real: installs pre-commit (PyPI), makes a throwaway git
# repository with a broken rule, runs `pre-commit try-repo` against this repository and checks
# that the `sentinel-lint` hook fails with the diagnostics, then passes once the rule is fixed.
#
# The broken rule is checked against the whole throwaway repository although pre-commit passes
# only its path: its duplicate id is found in another file, and the parser function and custom
# table it reads (defined in other files and in sentinel-lint.toml) are known.
#
# pre-commit builds the hook with `cargo install` (language: rust); CARGO_TARGET_DIR points at
# this repository's target/ so that the dependencies are compiled once.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
pre-commit validate-manifest "$ROOT/.pre-commit-hooks.yaml"
repo="$work/content"
mkdir -p "$repo/Detections" "$repo/Parsers" "$repo/CustomTables"
cd "$repo"
git init --quiet
git config user.email ci@example.invalid
git config user.name ci
git config commit.gpgsign false
cat > sentinel-lint.toml <<'TOML'
[catalog]
tables = ["CustomTables"]
TOML
cat > CustomTables/MyApp_CL.json <<'JSON'
{"Name": "MyApp_CL", "Properties": [{"Name": "UserName_s", "Type": "string"}, {"Name": "Result_s", "Type": "string"}]}
JSON
cat > Parsers/MyAppSignins.yaml <<'YAML'
Parser:
  Title: MyApp sign-ins
  Version: '1.0.0'
ParserName: MyAppSignins
ParserQuery: |
  MyApp_CL
  | project TimeGenerated, User = UserName_s, Result = Result_s
YAML
rule() { # id severity
  cat <<YAML
id: $1
name: Failed MyApp sign-ins
description: |
  Many failed sign-ins to MyApp for one user.
severity: $2
requiredDataConnectors: []
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - CredentialAccess
relevantTechniques:
  - T1110
query: |
  MyAppSignins
  | where Result == "failure"
  | summarize Failures = count() by User
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: Name
        columnName: User
version: 1.0.0
kind: Scheduled
YAML
}
rule 11111111-2222-4333-8444-555555555555 Medium > Detections/Existing.yaml
rule 11111111-2222-4333-8444-555555555555 Urgent > Detections/New.yaml
git add -A
git commit --quiet -m "content"

run_hook() {
  pre-commit try-repo "$ROOT" sentinel-lint --files Detections/New.yaml > "$work/out.txt" 2>&1
}
set +e
run_hook
status=$?
set -e
cat "$work/out.txt"
fail() { echo "precommit_roundtrip: $*" >&2; exit 1; }
[ "$status" -ne 0 ] || fail "the hook passed on a broken rule"
grep -q "error\[SL114\] invalid-severity" "$work/out.txt" || fail "no SL114 for severity: Urgent"
grep -q "error\[SL111\] duplicate-id" "$work/out.txt" || fail "the duplicate id in another file was not found"
grep -q "^ *--> Detections/New.yaml:5:11" "$work/out.txt" || fail "the diagnostic does not point at the file, line and column"
if grep -q "^ *--> Detections/Existing.yaml" "$work/out.txt"; then
  fail "a file pre-commit did not pass was reported"
fi
if grep -qE "SL6[0-9][0-9]" "$work/out.txt"; then
  fail "the parser or custom table defined elsewhere was not known"
fi
sed -i 's/^severity: Urgent/severity: High/; s/^id: .*/id: 99999999-2222-4333-8444-555555555555/' Detections/New.yaml
git add -A
run_hook || { cat "$work/out.txt"; fail "the hook failed on the fixed rule"; }
cat "$work/out.txt"
grep -q "sentinel-lint.*Passed" "$work/out.txt" || fail "the hook did not report Passed"
echo "precommit_roundtrip: ok (fails on the broken rule with SL114 and SL111, passes once fixed)"
