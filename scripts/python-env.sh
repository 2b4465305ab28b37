#!/usr/bin/env bash
# Makes (on first use) and names the project's Python environment for a pyspark line: a venv in
# target/python/env-LINE/ with pyspark of that line from the Python package index, NumPy,
# ONNX Runtime and pytest, for the PySpark package's tests, its example, the benchmarks' NumPy
# notebook and the NumPy cross-checks. The machine's python3 (3.9 or newer) is all it needs.
#
#   scripts/python-env.sh [LINE]     LINE: 4.2 (the default, the line `mvn package` builds for),
#                                    4.3 (4.2's jar on pyspark 4.3) or 3.5 (the 2.12 jar's line)
#
# Prints the environment's python on stdout; pip's progress goes to stderr. A second call finds
# the environment made and returns at once; a changed list of packages (below) makes it anew.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LINE="${1:-4.2}"
# Exact versions of the tools, so every machine tests with the same ones; pyspark floats within
# its line, as users install it. The 4.x lines add pyspark's connect extra (pandas, pyarrow,
# grpcio) for the Spark Connect tests, with the pandas 2 they support (pip would take pandas 3, of
# which pyspark 4.2 warns). ONNX Runtime is the version the Java tests run.
TOOLS=(numpy==2.3.5 onnxruntime==1.23.2 pytest==8.4.2)
case "$LINE" in
  3.5) PACKAGES=('pyspark==3.5.*' "${TOOLS[@]}") ;;
  4.2 | 4.3) PACKAGES=("pyspark[connect]==$LINE.*" pandas==2.3.3 "${TOOLS[@]}") ;;
  *)
    echo "error: python-env.sh: pyspark line $LINE: expected 3.5, 4.2 or 4.3" >&2
    exit 2
    ;;
esac

ENV="$ROOT/target/python/env-$LINE"
WANTED="${PACKAGES[*]}"
# The stamp is written last: an environment whose installation failed or was cut short has none.
if [ "$(cat "$ENV/packages.txt" 2>/dev/null)" != "$WANTED" ]; then
  echo "python-env.sh: making $ENV ($WANTED)" >&2
  rm -rf "$ENV"
  python3 -m venv "$ENV"
  "$ENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PACKAGES[@]}" >&2
  echo "$WANTED" > "$ENV/packages.txt"
fi
echo "$ENV/bin/python"
