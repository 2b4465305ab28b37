#!/usr/bin/env bash
# Trains Spark MLlib's MultilayerPerceptronClassifier on digitnet's own train/dev split, for the
# comparison row of the table in docs/better-models.md. Builds with the `bench` Maven profile, which
# compiles src/bench; spark-mllib is provided, like all of Spark: it never enters target/digitnet.jar.
#
#   scripts/compare-mllib.sh                  784-10-10, l-bfgs, 100 iterations, 2,000 dev rows
#   scripts/compare-mllib.sh --hidden 128     any flag of the program (--help lists them)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASSPATH_FILE="$ROOT/target/bench-classpath.txt"
# The bench profile compiles src/bench/java and writes target/bench-classpath.txt.
(cd "$ROOT" && mvn -q -B -Pbench -DskipTests test-compile) >&2

args=("$@")
has_data=false
for a in "${args[@]}"; do
  case "$a" in --data|--data=*|-h|--help) has_data=true ;; esac
done
$has_data || args=(--data "$ROOT/data/mnist-10k.csv.gz" "${args[@]}")

exec java -Xmx${DIGITNET_DRIVER_MEMORY:-4g} \
  @"$ROOT/conf/jvm.options" \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$CLASSPATH_FILE")" \
  digitnet.bench.MllibComparison "${args[@]}"
