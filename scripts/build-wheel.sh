#!/usr/bin/env bash
# Builds the PySpark package into target/python/digitnet-<version>-py3-none-any.whl with both of
# digitnet's jars inside: Spark 4.x / Scala 2.13 (target/digitnet.jar) and Spark 3.5 / Scala 2.12
# (target/digitnet-spark3.5_2.12.jar), each built first when missing or older than the sources.
# Needs JDK 17+, Maven and python3 with pip (which fetches setuptools to build with).
#
#   scripts/build-wheel.sh
#   pip install 'pyspark[ml]==4.2.*' target/python/digitnet-*.whl   (pyspark's ml extra: NumPy, which pyspark.ml imports)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VERSION="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)"
PACKAGE_VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' python/digitnet/__init__.py)"
if [ "$VERSION" != "$PACKAGE_VERSION" ]; then
  echo "error: pom.xml says version $VERSION, python/digitnet/__init__.py $PACKAGE_VERSION: make them equal" >&2
  exit 2
fi

# run-local.sh builds a line's jar when it is missing or older than the sources.
scripts/run-local.sh --version >/dev/null
DIGITNET_SPARK=3.5 scripts/run-local.sh --version >/dev/null

# The package as it is in python/, with the jars where digitnet.jar_path() looks for them.
STAGE=target/python/wheel-source
rm -rf "$STAGE" target/python/digitnet-*.whl
mkdir -p "$STAGE/digitnet/jars"
cp python/pyproject.toml python/README.md "$STAGE/"
(cd python && find digitnet -name '*.py' -exec cp --parents {} "$ROOT/$STAGE/" \;)
cp target/digitnet.jar "$STAGE/digitnet/jars/digitnet-spark4.2_2.13.jar"
cp target/digitnet-spark3.5_2.12.jar "$STAGE/digitnet/jars/digitnet-spark3.5_2.12.jar"

python3 -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir target/python "$STAGE" >&2
rm -rf "$STAGE"
WHEEL="target/python/digitnet-$VERSION-py3-none-any.whl"
echo "wrote $WHEEL ($(du -h "$WHEEL" | cut -f1)): $(python3 -m zipfile -l "$WHEEL" | grep -o 'digitnet/jars/[^ ]*' | tr '\n' ' ')"
