#!/bin/sh
# Regenerate tests/data/oracle/* from scratch. Needs Node 20 + npm, Python 3.11 + PyYAML.
#   scripts/oracle/regenerate.sh [ORACLE_SRC] [CORPUS]
# ORACLE_SRC defaults to ../shared/tools/kql-oracle (beside the repository); it is copied to
# $ORACLE_DIR (default $TMPDIR/kql-oracle) and set up there (npm install; npm test).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=$(cd "$(dirname "$0")/../../.." && pwd)/shared
src=${1:-$shared/tools/kql-oracle}
corpus=${2:-$shared/corpus/azure-sentinel-2022-02}
data=${DATA_DIR:-$shared/data}
dir=${ORACLE_DIR:-${TMPDIR:-/tmp}/kql-oracle}
if [ ! -d "$dir/node_modules" ]; then
  rm -rf "$dir"
  cp -r "$src" "$dir"
  cp "$data/tables/la_table_schemas.csv" "$dir/"
  (cd "$dir" && npm install && npm test)
fi
exec python3 "$here/regenerate.py" --oracle "$dir" --corpus "$corpus" \
  --asim-dir "$data/asim" --tables "$here/../../schemas/catalog/tables.tsv" --jobs 2
