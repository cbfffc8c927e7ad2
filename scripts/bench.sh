#!/usr/bin/env bash
# The benchmark suite: every performance figure of sentinel-lint, measured the same way.
#
#   scripts/bench.sh                 # all sections but `hostile`
#   scripts/bench.sh corpus scale    # only some: corpus scale single parse analyze engine test hostile
#
# `check` figures are wall time, CPU time (user + system) and peak resident memory of the release
# binary, from GNU time (`/usr/bin/time`), best of RUNS runs (default 3), start-up included. On a
# busy machine the CPU time is the steadier figure. The corpus is
# ../shared/corpus beside the repository (SL_CORPUS overrides). Parse MB/s and analyze queries/s
# come from the benches in benches/; engine rows/s and `test` per case from benches/exec.rs and
# benches/test_run.rs (cases/s: the inverse is the time per case). Prints one Markdown table; nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${RUNS:-3}
corpus=${SL_CORPUS:-$root/../shared/corpus}
sections=("$@")
if [ ${#sections[@]} -eq 0 ]; then
  sections=(corpus scale single parse analyze engine test)
fi
want() { [[ " ${sections[*]} " == *" $1 "* ]]; }

if [ ! -x /usr/bin/time ]; then
  echo "GNU time (/usr/bin/time, Debian package 'time') is required" >&2
  exit 2
fi
cargo build --release --quiet
bin=$root/target/release/sentinel-lint
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

rows=()
row() { rows+=("| $1 | $2 | ${4:--} | $3 |"); printf '| %s | %s | %s | %s |\n' "$1" "$2" "${4:--}" "$3" >&2; }

# measure LABEL DIR ARGS...: best wall time and the peak RSS of that run, over $runs runs.
measure() {
  local label=$1 dir=$2
  shift 2
  local best_wall="" best_rss="" best_cpu=""
  for _ in $(seq "$runs"); do
    # Exit 1 means findings, which is what a lint run over real content gives.
    (cd "$dir" && /usr/bin/time -f '%e %M %U %S' -o "$scratch/time" "$bin" "$@" >/dev/null 2>&1) || true
    local wall rss user sys cpu
    read -r wall rss user sys < <(tail -n 1 "$scratch/time")
    cpu=$(awk "BEGIN{printf \"%.2f\", $user + $sys}")
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then
      best_wall=$wall best_rss=$rss best_cpu=$cpu
    fi
  done
  row "$label" "$best_wall s" "$((best_rss / 1024)) MB" "$best_cpu s"
}

# A repository of N generated rules: Scheduled rules over a few tables, each with its own id,
# a query of a few operators, and entity mappings the query outputs.
generate() {
  local n=$1 dir=$2
  python3 - "$n" "$dir" <<'EOF'
import os, sys, uuid
n, out = int(sys.argv[1]), sys.argv[2]
tables = [("SigninLogs", "UserPrincipalName", "IPAddress"),
          ("SecurityEvent", "Account", "IpAddress"),
          ("OfficeActivity", "UserId", "ClientIP"),
          ("AuditLogs", "Identity", "LoggedByService")]
for i in range(n):
    table, user, ip = tables[i % len(tables)]
    folder = os.path.join(out, "Detections", table)
    os.makedirs(folder, exist_ok=True)
    rule = f"""id: {uuid.UUID(int=i + 1)}
name: Generated rule {i}
description: |
  Rule {i} of a generated repository, for the benchmark suite.
severity: Medium
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
  {table}
  | where TimeGenerated > ago(1h)
  | where isnotempty({user})
  | summarize Attempts = count(), First = min(TimeGenerated) by {user}, {ip}
  | where Attempts > {i % 50 + 5}
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: {user}
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: {ip}
version: 1.0.0
kind: Scheduled
"""
    with open(os.path.join(folder, f"rule{i:05}.yaml"), "w") as f:
        f.write(rule)
EOF
}

if want corpus; then
  if [ -d "$corpus" ]; then
    files=$(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.kql' -o -name '*.csl' \) | wc -l)
    measure "check ../shared/corpus ($files files)" "$corpus/.." check "$(basename "$corpus")"
  else
    row "check ../shared/corpus" "skipped: $corpus is absent" "-"
  fi
fi

if want scale; then
  for n in 1000 5000 10000; do
    generate "$n" "$scratch/repo$n"
    measure "check generated repository, $n rules" "$scratch/repo$n" check .
    rm -rf "$scratch/repo$n"
  done
fi

if want single; then
  measure "check one rule (pre-commit; start-up included)" "$root" check \
    content/Detections/SigninLogs/PasswordSprayFromOneIP.yaml
  measure "rules (start-up alone)" "$root" rules
fi

if want parse; then
  cargo bench --quiet --bench kql_parse 2>/dev/null | tee "$scratch/parse" >&2 || true
  while IFS= read -r line; do row "kql_parse bench" "$line" "-"; done < <(grep -i 'MB/s' "$scratch/parse" || true)
fi

if want analyze; then
  cargo bench --quiet --bench analyze 2>/dev/null | tee "$scratch/analyze" >&2 || true
  while IFS= read -r line; do row "analyze bench" "$line" "-"; done < <(grep -E 'queries/s|catalog load' "$scratch/analyze" || true)
fi

# Hooks for the engine and the test runner: their benches print their own figures.
for section in engine test; do
  want "$section" || continue
  bench=$([ "$section" = engine ] && echo exec || echo test_run)
  if [ -f "benches/$bench.rs" ]; then
    cargo bench --quiet --bench "$bench" 2>/dev/null | tee "$scratch/$bench" >&2 || true
    while IFS= read -r line; do row "$bench bench" "$line" "-"; done < <(grep -E '/s|per case|ms' "$scratch/$bench" || true)
  else
    row "$bench bench" "skipped: benches/$bench.rs does not exist yet" "-"
  fi
done

# The hostile files of tests/hostile_input.rs, at their full size, one `check` each.
if want hostile; then
  h=$scratch/hostile
  mkdir -p "$h"
  python3 - "$h" <<'EOF'
import os, random, sys
out = sys.argv[1]
def w(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
line = "  | where UserPrincipalName == 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'\n"
head = "kind: Scheduled\nquery: |\n  SigninLogs\n"
w("big50.yaml", head + line * (50 * 1024 * 1024 // len(line)))
w("query5mb.yaml", head + line * (5 * 1024 * 1024 // len(line)))
w("invalid_utf8.yaml", b"kind: Scheduled\nname: caf\xe9\nquery: T\n")
random.seed(7)
w("binary.yaml", bytes(random.randrange(256) for _ in range(1024 * 1024)))
w("or10k.kql", "SigninLogs | where " + " or ".join(f"UserPrincipalName == 'u{i}'" for i in range(10000)) + "\n")
w("chain10k.kql", "SigninLogs\n" + "| where ResultType == 0\n" * 10000)
w("dupkey100k.yaml", "kind: Scheduled\nquery: T\n" + "severity: High\n" * 100000)
w("keys100k.yaml", "kind: Scheduled\nquery: T\n" + "".join(f"k{i}: 1\n" for i in range(100000)))
w("customtables.json", "Name: A_CL\nnot: json\n")
os.makedirs(os.path.join(out, "config"))
w("config/sentinel-lint.toml", "[check]\nignore = SL001\n")
EOF
  mkdir -p "$h/tree" && ln -s /etc/passwd "$h/tree/out.yaml" && ln -s ../tree "$h/tree/loop"
  for f in big50.yaml query5mb.yaml invalid_utf8.yaml binary.yaml or10k.kql chain10k.kql dupkey100k.yaml keys100k.yaml tree; do
    measure "hostile: $f" "$h" check "$f"
  done
  measure "hostile: CustomTables not JSON" "$h" check --tables customtables.json invalid_utf8.yaml
  measure "hostile: config not TOML" "$h/config" check ../invalid_utf8.yaml
fi

echo
echo "| what | wall time / figure | CPU time | peak memory |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
