#!/usr/bin/env bash
# Submits digitnet to a Spark cluster with spark-submit.
#
#   scripts/submit.sh [SPARK-SUBMIT OPTIONS] COMMAND [FLAGS]
#   scripts/submit.sh --master spark://host:7077 train --data hdfs:///data/train.csv --out /tmp/run
#
# Options before the command (anything starting with -) go to spark-submit; the command and
# everything after it go to digitnet. Uses $SPARK_HOME/bin/spark-submit, else spark-submit on
# PATH. The application jar (target/digitnet.jar) carries digitnet and picocli, not Spark; it is
# built first if missing. conf/log4j2.properties keeps Spark's INFO chatter off the driver's console.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/digitnet.jar"

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  SUBMIT="$SPARK_HOME/bin/spark-submit"
elif command -v spark-submit > /dev/null; then
  SUBMIT="$(command -v spark-submit)"
else
  echo "error: spark-submit not found: set SPARK_HOME or put spark-submit on PATH" >&2
  exit 2
fi

spark_options=()
while [ $# -gt 0 ] && [[ "$1" == -* ]]; do
  spark_options+=("$1")
  # Options of the form --name value take the next word too; --verbose and --supervise do not.
  case "$1" in
    --verbose|-v|--supervise|--help|-h|--version|--*=*) ;;
    *) [ $# -ge 2 ] && { spark_options+=("$2"); shift; } ;;
  esac
  shift
done
if [ $# -eq 0 ]; then
  echo "error: no digitnet command given; usage: scripts/submit.sh [SPARK-SUBMIT OPTIONS] COMMAND [FLAGS]" >&2
  exit 2
fi

if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
fi

exec "$SUBMIT" \
  --driver-java-options "-Dlog4j2.configurationFile=file:$ROOT/conf/log4j2.properties" \
  "${spark_options[@]}" \
  --class digitnet.cli.Main "$JAR" "$@"
