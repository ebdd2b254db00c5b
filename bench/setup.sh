#!/usr/bin/env bash
# Build the benchmark's own environments (never the repo's .venv):
#   bench/.venv     the repo (editable), pandera, pointblank + polars, and Great
#                   Expectations when it installs alongside pandas 3;
#   bench/.venv-gx  only when it does not: GX with the pandas it needs.
# Re-running is cheap: pip skips what is already installed.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$BENCH/.venv"
VENV_GX="$BENCH/.venv-gx"

# Nothing to do when neither this script nor the repo's dependencies changed since last time.
STAMP="$VENV/.bench-setup"
WANT="$(cat "$BENCH/setup.sh" "$REPO/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
    echo "setup: bench/.venv is up to date"
    exit 0
fi

if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e "$REPO" pandera "pointblank[pl]" polars

# Great Expectations: try it beside pandas 3 (a dry run resolves without touching the venv,
# then an import check proves it works); otherwise give it a venv of its own.
gx_ok() {
    "$1/bin/python" - <<'PY'
import warnings
warnings.simplefilter("ignore")
import great_expectations as gx
import pandas as pd
ctx = gx.get_context(mode="ephemeral")
batch = (
    ctx.data_sources.add_pandas("probe")
    .add_dataframe_asset("t")
    .add_batch_definition_whole_dataframe("b")
    .get_batch(batch_parameters={"dataframe": pd.DataFrame({"x": [1, 2, None]})})
)
result = batch.validate(gx.expectations.ExpectColumnValuesToNotBeNull(column="x"))
assert result.result["unexpected_count"] == 1, result
PY
}

PANDAS_BEFORE="$("$VENV/bin/python" -c 'import pandas; print(pandas.__version__)')"
if "$VENV/bin/python" -c 'import great_expectations' 2>/dev/null && gx_ok "$VENV" 2>/dev/null; then
    echo "setup: great_expectations runs beside pandas $PANDAS_BEFORE in bench/.venv"
    echo "$WANT" >"$STAMP"
    exit 0
fi
if "$VENV/bin/python" -m pip install --quiet --dry-run --report /dev/null \
    "great_expectations>=1,<2" "pandas==$PANDAS_BEFORE" >/dev/null 2>&1; then
    "$VENV/bin/python" -m pip install --quiet "great_expectations>=1,<2" "pandas==$PANDAS_BEFORE"
    if gx_ok "$VENV"; then
        echo "setup: great_expectations installed beside pandas $PANDAS_BEFORE in bench/.venv"
        echo "$WANT" >"$STAMP"
        exit 0
    fi
    echo "setup: great_expectations installs beside pandas $PANDAS_BEFORE but does not run;" \
        "removing it and using bench/.venv-gx" >&2
    "$VENV/bin/python" -m pip uninstall --quiet --yes great_expectations
else
    echo "setup: great_expectations cannot be installed beside pandas $PANDAS_BEFORE;" \
        "using bench/.venv-gx" >&2
fi
if [[ ! -x "$VENV_GX/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV_GX"
fi
"$VENV_GX/bin/python" -m pip install --quiet --upgrade pip
"$VENV_GX/bin/python" -m pip install --quiet "great_expectations>=1,<2" "pandas<3"
gx_ok "$VENV_GX"
echo "setup: great_expectations runs in bench/.venv-gx"
echo "$WANT" >"$STAMP"
