#!/usr/bin/env bash
# Fuzzes digitnet's readers of outside bytes with Jazzer, one target at a time, and prints each
# target's executions, coverage and findings. Not part of the README's test command: `mvn verify`
# only replays the corpora (src/test/resources/digitnet/**/*FuzzTestInputs/<target>/), findings
# included.
#
#   scripts/fuzz.sh                       every target, 10 minutes each
#   scripts/fuzz.sh npzFile --minutes 1   one target
#   scripts/fuzz.sh --list                the targets
#
# Targets: csvLine libsvmLine gzipFile npzFile checkpoint runJson settingsFile requestBody (see
# docs/fuzzing.md). Each runs in a JVM of 512 MB heap, so that memory which grows with a number
# the input claims shows as an OutOfMemoryError; an input that runs over 10 s is a hang. A finding
# is written as crash-<sha1> (or timeout-/oom-) into the target's corpus folder, where `mvn verify`
# replays it: fix the product, keep the file. The corpus the fuzzer grows stays in .cifuzz-corpus/
# (not committed). Logs: target/fuzz/<target>.log. Run it under `nice -n 19` on a shared machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
declare -A CLASS=(
  [csvLine]=digitnet.data.LineParsersFuzzTest [libsvmLine]=digitnet.data.LineParsersFuzzTest
  [gzipFile]=digitnet.data.GzipFuzzTest [npzFile]=digitnet.io.NpzFuzzTest
  [checkpoint]=digitnet.train.CheckpointFuzzTest [runJson]=digitnet.report.RunRecordFuzzTest
  [settingsFile]=digitnet.cli.SettingsFileFuzzTest [requestBody]=digitnet.serve.DigitRequestFuzzTest)
ORDER=(csvLine libsvmLine gzipFile npzFile checkpoint runJson settingsFile requestBody)

MINUTES=10; TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --list) printf '%s\n' "${ORDER[@]}"; exit 0 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -n "${CLASS[$1]:-}" ] || { echo "fuzz.sh: no target $1; the targets: ${ORDER[*]}" >&2; exit 2; }
       TARGETS+=("$1"); shift ;;
  esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ORDER[@]}")
SECONDS_EACH=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')

echo "fuzz: building the test classes..." >&2
mvn -q -B test-compile >&2
mkdir -p target/fuzz

# Jazzer takes libFuzzer's flags as JUnit configuration parameters jazzer.internal.arg.N (the first
# is a program name); the later of two equal flags wins, so these replace the annotation's 5 minutes.
FLAGS=(-print_final_stats=1 -timeout=10 "-max_total_time=$SECONDS_EACH")
# Coverage guides the fuzzer through digitnet's code and the parsers it hands bytes to (Jackson,
# Hadoop's codecs and line readers, picocli); the JDK's own (zip, Properties) is not instrumented.
INSTRUMENT='digitnet.**,com.fasterxml.jackson.core.**,org.apache.hadoop.io.compress.**,org.apache.hadoop.util.LineReader,org.apache.hadoop.mapreduce.lib.input.**,picocli.**'
# keep_going: a finding is written and the fuzzing goes on for the minutes asked (findings with the
# same stack trace count once).
ARGS="-Djazzer.keep_going=1000 -Djazzer.hooks=true -Djazzer.instrument=$INSTRUMENT -Djazzer.internal.arg.0=fuzz"
for i in "${!FLAGS[@]}"; do ARGS+=" -Djazzer.internal.arg.$((i + 1))=${FLAGS[$i]}"; done

printf '%-13s %8s %12s %6s %7s %7s  %s\n' target minutes executions cov ft corpus findings
for target in "${TARGETS[@]}"; do
  class="${CLASS[$target]}"
  log="target/fuzz/$target.log"
  dir="src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$target"
  before=$(ls "$dir" | grep -cE '^(crash|timeout|oom|leak|slow-unit)-' || true)
  status=0
  JAZZER_FUZZ=1 mvn -B surefire:test@fuzz-corpora -Dtest="$class#$target" -Dfuzz.argLine="$ARGS" >"$log" 2>&1 || status=$?
  after=$(ls "$dir" | grep -cE '^(crash|timeout|oom|leak|slow-unit)-' || true)
  executions=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || echo '?')
  last=$(grep -E '^#[0-9]+[[:space:]].*cov: ' "$log" | tail -1 || true)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')
  corpus=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')
  findings=$((after - before))
  if [ $status -ne 0 ] && [ $findings -eq 0 ]; then findings="run failed (see $log)"; fi
  printf '%-13s %8s %12s %6s %7s %7s  %s\n' "$target" "$MINUTES" "$executions" "$cov" "$ft" "$corpus" "$findings"
done
