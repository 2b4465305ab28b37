#!/usr/bin/env bash
# Runs the PySpark package's tests (python/tests, pytest) on real pyspark in the project's
# environment of a pyspark line (scripts/python-env.sh makes it on first use).
#
#   scripts/python-test.sh LINE [--wheel] [PYTEST ARGS...]
#
# LINE: 4.2, 4.3 (both with the Scala 2.13 jar, target/digitnet.jar) or 3.5 (the Scala 2.12 jar,
# target/digitnet-spark3.5_2.12.jar). Without --wheel the tests import python/ as it is, with
# DIGITNET_JAR naming the line's jar (built first if missing, as run-local.sh builds it); with
# --wheel they import the wheel scripts/build-wheel.sh wrote, installed into the environment, and
# its own jar. A skipped test fails the run (python/tests/conftest.py).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LINE="${1:?usage: python-test.sh 4.2|4.3|3.5 [--wheel] [PYTEST ARGS...]}"
shift
WHEEL=false
if [ "${1:-}" = --wheel ]; then
  WHEEL=true
  shift
fi
PYTHON="$("$ROOT/scripts/python-env.sh" "$LINE")"

if $WHEEL; then
  wheels=("$ROOT"/target/python/digitnet-*-py3-none-any.whl)
  [ -f "${wheels[0]}" ] || { echo "error: no wheel in target/python: run scripts/build-wheel.sh" >&2; exit 2; }
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "${wheels[0]}" >&2
  unset DIGITNET_JAR PYTHONPATH
else
  "$PYTHON" -m pip uninstall --quiet --yes digitnet >/dev/null 2>&1 || true
  case "$LINE" in
    3.5) SPARK=3.5 JAR="$ROOT/target/digitnet-spark3.5_2.12.jar" ;;
    *) SPARK=4.2 JAR="$ROOT/target/digitnet.jar" ;;
  esac
  # run-local.sh builds the line's jar when it is missing or older than the sources.
  DIGITNET_SPARK=$SPARK "$ROOT/scripts/run-local.sh" --version >/dev/null
  export DIGITNET_JAR="$JAR" PYTHONPATH="$ROOT/python"
fi

cd "$ROOT/python/tests"
# Spark binds to loopback only, as in every test of the project.
SPARK_LOCAL_IP=127.0.0.1 exec "$PYTHON" -m pytest -p no:cacheprovider -ra "$@"
