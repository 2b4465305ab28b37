#!/usr/bin/env bash
# Runs digitnet on this machine with Spark in local[*] mode.
#
#   scripts/run-local.sh                      train with the defaults on the default data
#   scripts/run-local.sh COMMAND [FLAGS]      any digitnet command, e.g. train --hidden 64
#
# The default data is data/train.csv (Kaggle's file) when it exists, else the bundled
# data/mnist-10k.csv.gz. Builds the application on first use (needs only JDK 17+ and Maven).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/digitnet.jar"
CLASSPATH_FILE="$ROOT/target/classpath.txt"

if [ ! -f "$JAR" ] || [ ! -f "$CLASSPATH_FILE" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/conf" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "digitnet: building (first use or sources changed)..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
fi

if [ -f "$ROOT/data/train.csv" ]; then
  DEFAULT_DATA="$ROOT/data/train.csv"
else
  DEFAULT_DATA="$ROOT/data/mnist-10k.csv.gz"
fi

args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(train)
fi
# `train` without --data trains on the default data.
if [ "${args[0]}" = train ]; then
  has_data=false
  for a in "${args[@]}"; do
    case "$a" in --data|--data=*|-h|--help) has_data=true ;; esac
  done
  $has_data || args=(train --data "$DEFAULT_DATA" "${args[@]:1}")
fi

# conf/jvm.options holds the JVM flags tests and this script share (spark-submit adds its own).
exec java -Xmx${DIGITNET_DRIVER_MEMORY:-4g} \
  @"$ROOT/conf/jvm.options" \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$JAR:$(cat "$CLASSPATH_FILE")" digitnet.cli.Main "${args[@]}"
