#!/usr/bin/env bash
# SARIF done properly: `check --format sarif` on the example content (and on a slice of the
# real corpus in ../shared/corpus, when it is there) is validated against the official SARIF
# 2.1.0 JSON schema (check-jsonschema) and with Microsoft's SARIF Multitool `validate`, whose
# SARIF and GitHub (Gh) rules must report no error and no warning.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
cargo build --locked --quiet
bin="${CARGO_TARGET_DIR:-$ROOT/target}/debug/sentinel-lint"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
reports=()
sarif() { # name paths...
  local name="$1"; shift
  local status=0
  "$bin" check --format sarif --output "$work/$name.sarif" "$@" > /dev/null || status=$?
  [ "$status" -le 1 ] || { echo "sarif_validate: check failed on $*" >&2; exit 1; }
  reports+=("$work/$name.sarif")
}
sarif content content
corpus="$ROOT/../shared/corpus/azure-sentinel-2022-02"
if [ -d "$corpus" ]; then
  sarif corpus-detections "$corpus/Detections/ASimAuthentication" "$corpus/Detections/AzureActivity"
  sarif corpus-parsers "$corpus/Parsers/ASimDns" "$corpus/Hunting Queries/SigninLogs"
else
  echo "sarif_validate: ../shared/corpus is absent; validating the example content only"
fi
for report in "${reports[@]}"; do
  python3 - "$report" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
run = log["runs"][0]
results = run["results"]
assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/"), "SRCROOT must end with /"
for result in results:
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location.get("uriBaseId") == "%SRCROOT%" or location["uri"].startswith("file://"), location
    assert not location["uri"].startswith("/"), location
    assert result["partialFingerprints"], result
rules = run["tool"]["driver"]["rules"]
assert all("## What it does" in rule["help"]["markdown"] for rule in rules)
print(f"sarif_validate: {sys.argv[1].rsplit('/', 1)[1]}: {len(results)} results, {len(rules)} rules")
PY
done
check-jsonschema --schemafile "$SARIF_SCHEMA" "${reports[@]}"
# A report the schema must reject, so that the check above cannot pass vacuously.
python3 - "${reports[0]}" "$work/broken.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
log["runs"][0]["columnKind"] = "bytes-and-lines"
json.dump(log, open(sys.argv[2], "w"))
PY
if check-jsonschema --schemafile "$SARIF_SCHEMA" "$work/broken.sarif" > /dev/null 2>&1; then
  echo "sarif_validate: the schema accepted a broken report" >&2
  exit 1
fi
# informationUri/helpUri need the project's published address (Cargo.toml `homepage`); until
# it has one, the Multitool's SARIF2005 (no informationUri) is expected and reported as such.
allowed=""
if ! grep -q '^homepage' Cargo.toml; then
  allowed="SARIF2005"
fi
for report in "${reports[@]}"; do
  "$MULTITOOL" validate "$report" --rule-kind "Sarif;Gh" --level "Error;Warning" \
    --output "$work/validation.sarif" --log ForceOverwrite > "$work/multitool.log" \
    || { cat "$work/multitool.log"; exit 1; }
  python3 - "$work/validation.sarif" "$report" "$allowed" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
allowed = set(filter(None, sys.argv[3].split(",")))
problems = []
for run in log["runs"]:
    for result in run.get("results", []):
        rule = result.get("ruleId", "?")
        message = result["message"].get("text") or " ".join(result["message"].get("arguments", []))
        (print if rule in allowed else problems.append)(f"  {rule} ({result.get('level', 'warning')}): {message[:200]}")
    for invocation in run.get("invocations", []):
        for note in invocation.get("toolExecutionNotifications", []) + invocation.get("toolConfigurationNotifications", []):
            if note.get("level", "warning") in ("error", "warning"):
                problems.append("  multitool: " + note["message"]["text"][:200])
name = sys.argv[2].rsplit("/", 1)[1]
if problems:
    print(f"sarif_validate: the SARIF Multitool found problems in {name}:")
    print("\n".join(problems))
    sys.exit(1)
print(f"sarif_validate: {name}: SARIF Multitool validate (Sarif;Gh rules): no errors, no warnings"
      + (f" besides {sys.argv[3]}" if allowed else ""))
PY
done
echo "sarif_validate: ok"
