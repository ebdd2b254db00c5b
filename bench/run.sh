#!/usr/bin/env bash
# The benchmark in one command: build bench/.venv (and bench/.venv-gx if needed),
# then measure and write bench/RESULTS.md. Options go to run.py:
#   bash bench/run.sh [--sizes 10,100k,1M] [--rounds 5] [--seed N] [--impls a,b]
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$BENCH/setup.sh"
# tallycheck is installed editable, so pip compiled none of its modules; compile them now,
# as pip does for the peers' packages, or a run under PYTHONDONTWRITEBYTECODE=1 would pay
# for compiling every module on every run (a quarter of the 10-row run).
"$BENCH/.venv/bin/python" -m compileall -q "$BENCH/../tallycheck"
exec "$BENCH/.venv/bin/python" "$BENCH/run.py" "$@"
