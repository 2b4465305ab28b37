#!/usr/bin/env bash
# Runs digitnet on this machine with Spark in local[*] mode.
#
#   scripts/run-local.sh                      the whole walk-through, into runs/<timestamp>/:
#                                             train with the defaults on the default data, then
#                                             submission.csv for the default test data, the score
#                                             on the run's dev rows and the pictures (learning
#                                             curve, confusion matrix, digits)
#   scripts/run-local.sh COMMAND [FLAGS]      any digitnet command, e.g. train --hidden 64
#   scripts/run-local.sh serve [FLAGS]        the page to draw digits on, for the latest run under
#                                             runs/ (the model.npz written last) unless --model
#   scripts/run-local.sh example [DATA [OUT]] the Spark-code example of docs/spark.md (a Pipeline with
#                                             DigitNetClassifier) on the default data, saved to
#                                             OUT (default runs/spark-code-example)
#
# The default data is data/train.csv (Kaggle's file) when it exists, else the bundled
# data/mnist-10k.csv.gz; the default test data is data/test.csv when it exists, else the
# bundled data/mnist-test.csv.gz. Builds the application on first use (needs only JDK 17+ and Maven).
#
# DIGITNET_SPARK picks the Spark line: 4.2 (the default; Scala 2.13, target/digitnet.jar) or 3.5
# (Scala 2.12, target/digitnet-spark3.5_2.12.jar; with DIGITNET_SCALA=2.13 Spark 3.5's Scala 2.13
# build, target/digitnet-spark3.5_2.13.jar). Each line is built on its first use.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARK_LINE="${DIGITNET_SPARK:-4.2}"
SCALA="${DIGITNET_SCALA:-}"
case "$SPARK_LINE" in
  4.2)
    if [ -n "$SCALA" ] && [ "$SCALA" != 2.13 ]; then
      echo "error: DIGITNET_SCALA=$SCALA: Spark 4.2 is built for Scala 2.13 only" >&2
      exit 2
    fi
    JAR="$ROOT/target/digitnet.jar"
    CLASSPATH_FILE="$ROOT/target/classpath.txt"
    BUILD_OPTIONS=()
    ;;
  3.5)
    SCALA="${SCALA:-2.12}"
    if [ "$SCALA" != 2.12 ] && [ "$SCALA" != 2.13 ]; then
      echo "error: DIGITNET_SCALA=$SCALA: Spark 3.5 is built for Scala 2.12 or 2.13" >&2
      exit 2
    fi
    JAR="$ROOT/target/digitnet-spark3.5_$SCALA.jar"
    CLASSPATH_FILE="$ROOT/target/spark3.5_$SCALA/classpath.txt"
    BUILD_OPTIONS=(-Pspark-3.5 "-Dscala.binary.version=$SCALA")
    ;;
  *)
    echo "error: DIGITNET_SPARK=$SPARK_LINE: expected 3.5 or 4.2" >&2
    exit 2
    ;;
esac

if [ ! -f "$JAR" ] || [ ! -f "$CLASSPATH_FILE" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/conf" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "digitnet: building $(basename "$JAR") with Maven (first use or sources changed)..." >&2
  # Maven's own output (even quiet, it writes terminal colour codes) is kept out of the way and
  # shown, without those codes, only when the build fails.
  mkdir -p "$ROOT/target"
  BUILD_LOG="$ROOT/target/run-local-build.log"
  if ! (cd "$ROOT" && mvn -q -B -DskipTests "${BUILD_OPTIONS[@]}" package) >"$BUILD_LOG" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$BUILD_LOG" >&2
    echo "error: the build failed (Maven's output above, also in $BUILD_LOG)" >&2
    exit 1
  fi
fi

# train's --data defaults to DIGITNET_DATA unless it resumes a run (which keeps its own data).
if [ -f "$ROOT/data/train.csv" ]; then
  export DIGITNET_DATA="$ROOT/data/train.csv"
else
  export DIGITNET_DATA="$ROOT/data/mnist-10k.csv.gz"
fi
if [ -f "$ROOT/data/test.csv" ]; then
  DEFAULT_TEST="$ROOT/data/test.csv"
else
  DEFAULT_TEST="$ROOT/data/mnist-test.csv.gz"
fi

# Spark binds its UI (http://127.0.0.1:4040) to SPARK_LOCAL_IP, else to every interface.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# Class-data sharing (the JDK's AppCDS): the first run that starts Spark records the classes it
# loaded in an archive beside the jar; later runs map them from it instead of loading and
# verifying them again, which takes seconds off every start and off the first Spark jobs (see
# docs/benchmarks.md). One archive per jar and java binary, recorded again when either is newer;
# DIGITNET_CDS=off runs without it. A stale or foreign archive only costs the speed-up, so the
# JVM's notes about it stay quiet.
JAVA_BIN="$(readlink -f "$(command -v java)")"
CDS_ARCHIVE="${JAR%.jar}-$(printf %s "$JAVA_BIN" | cksum | cut -d' ' -f1).jsa"

# Every JVM started with conf/jvm.options prints "WARNING: Using incubator modules:
# jdk.incubator.vector" on stderr as it starts: the JDK's note that the Vector API the fast
# kernels use is an incubator module, asked for on purpose. It says nothing a user can act on, so
# this script drops that one exact line and passes the rest of stderr through as it comes. The
# filter ignores Ctrl-C, so a run's own "interrupted:" line still gets through after one.
INCUBATOR_NOTE='WARNING: Using incubator modules: jdk.incubator.vector'
without_incubator_note() {
  ( trap '' INT; grep -v -x -F --line-buffered "$INCUBATOR_NOTE" || true ) >&2
}

# conf/jvm.options holds the JVM flags tests and this script share (spark-submit adds its own).
run_java() {   # COMMAND MAIN-CLASS ARGS...: COMMAND says whether the run starts Spark
  local command="$1" recording="" status=0
  shift
  local cds=()
  if [ "${DIGITNET_CDS:-on}" != off ]; then
    if [ -f "$CDS_ARCHIVE" ] && [ -z "$(find "$JAR" "$CLASSPATH_FILE" "$JAVA_BIN" "$ROOT/conf/jvm.options" -newer "$CDS_ARCHIVE" -print -quit)" ]; then
      cds=(-Xlog:cds*=off -XX:SharedArchiveFile="$CDS_ARCHIVE")
    elif [[ "$command" =~ ^(train|predict|evaluate|show|example)$ ]]; then
      # Recorded under a temporary name, with checksums, and moved into place once the run has
      # succeeded and the archive has passed a check (below), so a concurrent or failed run never
      # leaves a half-written archive.
      recording="$CDS_ARCHIVE.$$.tmp"
      cds=(-Xlog:cds*=off -XX:+VerifySharedSpaces -XX:ArchiveClassesAtExit="$recording")
    fi
  fi
  # stdout goes to fd 3, the script's own; stderr through the filter (pipefail: the status is java's)
  { java -Xmx${DIGITNET_DRIVER_MEMORY:-4g} \
    @"$ROOT/conf/jvm.options" "${cds[@]}" \
    -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" "$@" 2>&1 1>&3 3>&- | without_incubator_note; } 3>&1 || status=$?
  if [ "$status" -eq 52 ]; then
    # Spark's exit status for a task that ran out of memory; in local mode its executor is this JVM.
    echo "error: the driver ran out of memory (java.lang.OutOfMemoryError in a Spark task, heap ${DIGITNET_DRIVER_MEMORY:-4g});" \
      "in local mode it also holds the cached training data: give it more with DIGITNET_DRIVER_MEMORY (see docs/cluster.md, Large data)" >&2
  fi
  if [ -n "$recording" ]; then
    # The JVM maps the archive into memory, so a truncated one would crash every later start
    # (SIGBUS, seen here with an archive cut short): keep it only once a JVM has mapped all of it
    # and matched its checksums.
    if [ "$status" -eq 0 ] && java -Xshare:on -XX:+VerifySharedSpaces -Xlog:cds*=off \
        -XX:ErrorFile="$recording.crash" -XX:SharedArchiveFile="$recording" \
        -cp "$JAR:$(cat "$CLASSPATH_FILE")" -version >/dev/null 2>&1; then
      mv -f "$recording" "$CDS_ARCHIVE"
    fi
    rm -f "$recording" "$recording.crash"
  fi
  return "$status"
}
digitnet() {
  run_java "${1:-}" digitnet.cli.Main "$@"
}

if [ "${1:-}" = example ]; then
  shift
  run_java example digitnet.examples.SparkCodeExample "${1:-$DIGITNET_DATA}" "${@:2}"
  exit 0
fi

if [ $# -eq 0 ]; then
  RUN="runs/$(date +%Y%m%d-%H%M%S)"
  digitnet train --out "$RUN"
  digitnet predict --model "$RUN" --data "$DEFAULT_TEST" --out "$RUN/submission.csv"
  # The training data is the only labelled data at hand: --dev scores the rows the run held out
  # and never trained on, found in the data the run's run.json names, and says so.
  digitnet evaluate --model "$RUN" --dev
  digitnet show --model "$RUN" --data "$DIGITNET_DATA" --random 30
  # The last lines a newcomer reads: where each result is, and what to do next.
  dev_accuracy="$(LC_ALL=C printf '%.4f' "$(grep -o '"accuracy" *: *[0-9.]*' "$RUN/evaluation.json" | head -n 1 | grep -o '[0-9.]*$')")"
  submission_rows="$(($(wc -l <"$RUN/submission.csv") - 1))"
  echo
  echo "done: $RUN"
  echo "  model.npz        the network, for predict, serve and NumPy; dev accuracy $dev_accuracy (rows train held out)"
  echo "  submission.csv   $submission_rows rows of ImageId,Label for $(basename "$DEFAULT_TEST"), as Kaggle takes them"
  echo "  pictures         learning-curve.png, confusion.png, digits.png"
  echo "  draw a digit:    scripts/run-local.sh serve"
  exit 0
fi

# serve takes the latest run by default: the run whose model.npz was written last.
if [ "${1:-}" = serve ] && ! printf '%s\n' "$@" | grep -qE '^(--model(=.*)?|-h|--help|-V|--version)$'; then
  LATEST_MODEL="$(ls -t runs/*/model.npz 2>/dev/null | head -n 1 || true)"
  if [ -z "$LATEST_MODEL" ]; then
    echo "error: serve: no runs/*/model.npz in $(pwd) to serve; train one (scripts/run-local.sh) or give --model RUN" >&2
    exit 2
  fi
  set -- serve --model "$(dirname "$LATEST_MODEL")" "${@:2}"
fi

digitnet "$@"
