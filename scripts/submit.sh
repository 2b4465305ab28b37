#!/usr/bin/env bash
# Submits digitnet to a Spark cluster with spark-submit.
#
#   scripts/submit.sh [--jar PATH] [SPARK-SUBMIT OPTIONS] COMMAND [FLAGS]
#   scripts/submit.sh --master spark://host:7077 train --data hdfs:///data/train.csv --out /tmp/run
#
# Options before the command (anything starting with -) go to spark-submit; the command and
# everything after it go to digitnet. Uses $SPARK_HOME/bin/spark-submit, else spark-submit on
# PATH. The application jar carries digitnet and picocli, not Spark, and is built for one Spark
# line: this script asks spark-submit its version and takes the matching jar (Spark 4.x:
# target/digitnet.jar; Spark 3.5 with Scala 2.12 or 2.13: target/digitnet-spark3.5_2.1x.jar),
# building it first if missing; --jar PATH takes that jar instead. The executors get the JVM
# option of the Vector API kernels, --add-modules=jdk.incubator.vector, added to any
# spark.executor.extraJavaOptions given here (one in spark-defaults.conf is replaced: pass it here);
# without it they run the scalar kernels, which give the same bits, slower.
# conf/log4j2.properties keeps Spark's INFO chatter off the driver's console.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VECTOR_API="--add-modules=jdk.incubator.vector"

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  SUBMIT="$SPARK_HOME/bin/spark-submit"
elif command -v spark-submit > /dev/null; then
  SUBMIT="$(command -v spark-submit)"
else
  echo "error: spark-submit not found: set SPARK_HOME or put spark-submit on PATH" >&2
  exit 2
fi

JAR=""
executor_options="$VECTOR_API"
spark_options=()
while [ $# -gt 0 ] && [[ "$1" == -* ]]; do
  case "$1" in
    --jar)
      [ $# -ge 2 ] || { echo "error: --jar needs a path" >&2; exit 2; }
      JAR="$2"; shift 2; continue ;;
    --jar=*)
      JAR="${1#--jar=}"; shift; continue ;;
    --conf|-c)
      # The executors' JVM options are merged with the Vector API's, not replaced by them.
      if [ $# -ge 2 ] && [[ "$2" == spark.executor.extraJavaOptions=* ]]; then
        executor_options="${2#spark.executor.extraJavaOptions=} $VECTOR_API"
        shift 2; continue
      fi ;;
  esac
  spark_options+=("$1")
  # Options of the form --name value take the next word too; --verbose and --supervise do not.
  case "$1" in
    --verbose|-v|--supervise|--help|-h|--version|--*=*) ;;
    *) [ $# -ge 2 ] && { spark_options+=("$2"); shift; } ;;
  esac
  shift
done
if [ $# -eq 0 ]; then
  echo "error: no digitnet command given; usage: scripts/submit.sh [--jar PATH] [SPARK-SUBMIT OPTIONS] COMMAND [FLAGS]" >&2
  exit 2
fi

if [ -z "$JAR" ]; then
  # spark-submit --version prints "version 3.5.9" and "Using Scala version 2.12.18" on stderr.
  banner="$("$SUBMIT" --version 2>&1 || true)"
  spark_version="$(grep -oE 'version [0-9]+\.[0-9]+\.[0-9]+' <<< "$banner" | head -1 | cut -d' ' -f2 || true)"
  scala_version="$(grep -oE 'Scala version 2\.1[0-9]' <<< "$banner" | head -1 | cut -d' ' -f3 || true)"
  case "$spark_version/$scala_version" in
    4.*/2.13)
      JAR="$ROOT/target/digitnet.jar"; build_options=() ;;
    3.5.*/2.12|3.5.*/2.13)
      JAR="$ROOT/target/digitnet-spark3.5_$scala_version.jar"
      build_options=(-Pspark-3.5 "-Dscala.binary.version=$scala_version") ;;
    *)
      echo "error: $SUBMIT reports Spark '${spark_version:-?}' with Scala '${scala_version:-?}'; digitnet is built" \
        "for Spark 3.5 (Scala 2.12 or 2.13) and Spark 4 (Scala 2.13): pass --jar PATH to use a jar anyway" >&2
      exit 2 ;;
  esac
  if [ ! -f "$JAR" ]; then
    echo "digitnet: building $(basename "$JAR")..." >&2
    (cd "$ROOT" && mvn -q -B -DskipTests "${build_options[@]}" package) >&2
  fi
  echo "digitnet: $JAR for Spark $spark_version, Scala $scala_version; executors get $VECTOR_API" >&2
else
  echo "digitnet: $JAR as given; executors get $VECTOR_API" >&2
fi

exec "$SUBMIT" \
  --driver-java-options "$VECTOR_API -Dlog4j2.configurationFile=file:$ROOT/conf/log4j2.properties" \
  --conf "spark.executor.extraJavaOptions=$executor_options" \
  "${spark_options[@]}" \
  --class digitnet.cli.Main "$JAR" "$@"
