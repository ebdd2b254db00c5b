#!/usr/bin/env bash
# The benchmark in one command: build bench/.venv (and bench/.venv-gx if needed),
# then measure and write bench/RESULTS.md. Options go to run.py:
#   bash bench/run.sh [--sizes 10,100k,1M] [--rounds 5] [--seed N] [--impls a,b]
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$BENCH/setup.sh"
exec "$BENCH/.venv/bin/python" "$BENCH/run.py" "$@"
