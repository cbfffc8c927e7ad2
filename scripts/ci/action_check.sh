#!/usr/bin/env bash
# The GitHub Action, tried locally: action.yml and the workflows are validated against
# SchemaStore's published schemas (check-jsonschema), then the action's steps are run by
# scripts/ci/run_action.py as the runner would (the install step builds and installs the
# tool with cargo for real) on this repository's content/:
#   1. as .github/workflows/ci.yml uses it (with the baseline): the job passes, the SARIF
#      report is written and the upload step gets it;
#   2. without the baseline: the seed rule's errors fail the job, with `::error` annotations
#      and a summary table in GITHUB_STEP_SUMMARY.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
check-jsonschema --builtin-schema vendor.github-actions action.yml
check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
fail() { echo "action_check: $*" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. As the workflow runs it.
python3 -c 'import yaml' 2>/dev/null || fail "python3 needs PyYAML"
"$TOOLS/venv/bin/python" scripts/ci/run_action.py action.yml . \
  paths=content args="--baseline sentinel-lint-baseline.json" sarif-file="$work/ci.sarif" \
  > "$work/ci.json"
"$TOOLS/venv/bin/python" - "$work/ci.json" "$work/ci.sarif" <<'PY' || fail "the workflow's run failed"
import json, sys
run = json.loads(open(sys.argv[1]).read().splitlines()[-1])
print("action_check: workflow run:", json.dumps(run["steps"]))
assert run["exit_code"] == 0, run
assert run["outputs"]["check"]["exit-code"] == "0", run["outputs"]
uploads = [s for s in run["steps"] if s[1] == "uses"]
assert uploads and uploads[0][2].startswith("github/codeql-action/upload-sarif@"), run["steps"]
assert uploads[0][3]["sarif_file"] == sys.argv[2], uploads
log = json.load(open(sys.argv[2]))
assert log["version"] == "2.1.0"
assert "No findings." in run["step_summary"], run["step_summary"]
PY

# 2. Without the baseline, installing nothing: the binary run 1 installed is on PATH.
PATH="$CARGO_TARGET_DIR/release:$PATH" "$TOOLS/venv/bin/python" scripts/ci/run_action.py action.yml . \
  paths=content install=false upload-sarif=false sarif-file="$work/all.sarif" \
  > "$work/all.out"
"$TOOLS/venv/bin/python" - "$work/all.out" <<'PY' || fail "the run without baseline did not report the seed rule"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
run = json.loads(lines[-1])
print("action_check: run without baseline:", json.dumps(run["steps"]))
assert run["exit_code"] == 1, run
assert [s[1] for s in run["steps"] if s[0].startswith("Upload")] == ["skipped"], run["steps"]
seed = "content/Detections/MultipleDataSources/IntegratePurviewWithCloudAppEvents.yaml"
annotations = [l for l in lines if l.startswith("::error ")]
assert any(f"file={seed},line=1" in l and "SL121" in l for l in annotations), annotations
print(f"action_check: {len(annotations)} ::error annotations, e.g. {annotations[0][:160]}")
summary = run["step_summary"]
assert "| SL121 | missing-scheduling-field | error |" in summary, summary
print("action_check: step summary:\n" + "\n".join(summary.splitlines()[:8]))
PY
echo "action_check: ok"
