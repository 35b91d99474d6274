#!/usr/bin/env bash
# Run the test command on each TensorFlow release given, each in a throwaway venv:
#   scripts/tf_matrix.sh 2.16 2.21
# For every version V: build/tf-matrix/tf-V/ gets a fresh venv with tensorflow==V.* and this
# project (editable, with its test extra), then `python -m pytest` runs there, as `make test`
# runs it. A summary line per version is printed at the end; exit status 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ $# -gt 0 ] || { echo "usage: $0 TF_VERSION [TF_VERSION ...]   (e.g. 2.16 2.21)" >&2; exit 2; }
summary=()
status=0
for version in "$@"; do
  venv="build/tf-matrix/tf-$version"
  log="build/tf-matrix/tf-$version.log"
  mkdir -p build/tf-matrix
  echo "== TensorFlow $version: $venv (log: $log)"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import tensorflow" 2>/dev/null; then
    rm -rf "$venv"
    if ! { "$PYTHON" -m venv "$venv" &&
           "$venv/bin/pip" install --quiet --disable-pip-version-check \
             "tensorflow==$version.*" -e '.[test]'; } > "$log" 2>&1; then
      summary+=("TensorFlow $version: install FAILED (see $log)"); status=1; continue
    fi
  fi
  installed=$("$venv/bin/python" -c "import tensorflow as tf; print(tf.__version__)" 2>/dev/null)
  if "$venv/bin/python" -m pytest -q -p no:cacheprovider >> "$log" 2>&1; then
    result="passed"
  else
    result="FAILED"; status=1
  fi
  summary+=("TensorFlow $installed: $result ($(grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed)' "$log" | tail -n 1 | tr -d '='))")
done
echo
printf '%s\n' "${summary[@]}"
exit $status
