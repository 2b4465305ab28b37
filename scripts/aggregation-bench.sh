#!/usr/bin/env bash
# Measures what an iteration costs as the partitions and the executors grow (docs/benchmarks.md,
# Aggregation), and prints the tables that page shows; results go to target/bench/ (never committed).
#
#   1. Partitions, local[2], 8,000 real digits (the first 8,000 of data/mnist-10k.csv.gz: 8
#      blocks): `train --iterations 30` at each partition count and hidden size, the median of the
#      last 15 iterations (metrics.csv's iteration_ms).
#   2. Bytes, local[2], the same rows at hidden 128: IterationCost's tasks a job and bytes that
#      reach the driver a job, beside one packed model-sized sum.
#   3. Executors: a standalone cluster on loopback, local-cluster[W,1,MB] (a Master and W Workers
#      in the driver's JVM, W one-core executor JVMs, as ../shared/CLUSTER.md describes), on the
#      42,000-row file of scripts/bench.sh so that every executor caches blocks, hidden 128, one
#      partition an executor: IterationCost's job, slowest task's kernel, overhead (the job's wall
#      time less that kernel), the driver JVM's CPU time and bytes to the driver. The executors share this machine's cores,
#      so the overhead, not a speed-up, is the figure to read.
#
#   scripts/aggregation-bench.sh                                  all three, this tree's build
#   scripts/aggregation-bench.sh --builds "/tmp/before ."        every cell for each build in
#                                                                 turn (before and after, one sitting)
#   scripts/aggregation-bench.sh --only executors --workers "2 8"
#
# Options: --partitions LIST ("2 16 17 32 64 128 256")  --hidden LIST ("10 128 800")
#          --workers LIST ("2 4 8 16")  --executor-memory MB (512)  --repeats N (30, IterationCost's jobs)
#          --builds "DIR ..." (.)  --only partitions|bytes|executors
# Run it on an idle machine; 16 one-core executors take about 8 GB. Needs JDK 17+ and Maven.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PARTITIONS="2 16 17 32 64 128 256"; HIDDEN="10 128 800"; WORKERS="2 4 8 16"; EXECUTOR_MB=512; REPEATS=30
BUILDS="."; ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --hidden) HIDDEN="$2"; shift 2 ;;
    --workers) WORKERS="$2"; shift 2 ;;
    --executor-memory) EXECUTOR_MB="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --builds) BUILDS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "aggregation-bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
wanted() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

DATA_DIR="$ROOT/target/bench"
OUT="$DATA_DIR/aggregation-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
SMALL="$DATA_DIR/train-8k.csv"
KAGGLE="$DATA_DIR/train-42k.csv"
[ -f "$SMALL" ] || zcat "$ROOT/data/mnist-10k.csv.gz" | head -n 8001 >"$SMALL"

build_dirs=()
for b in $BUILDS; do
  dir="$(cd "$b" && pwd)"
  echo "aggregation-bench: building $dir with the bench profile..." >&2
  (cd "$dir" && mvn -q -B -Pbench -DskipTests package) >&2
  build_dirs+=("$dir")
done
label() { git -C "$1" rev-parse --short HEAD 2>/dev/null || basename "$1"; }
bench_java() {   # BUILD-DIR ARGS...: a harness of that build, as scripts/bench.sh runs them
  local dir="$1"; shift
  java -Xmx4g @"$dir/conf/jvm.options" -Dlog4j2.configurationFile="$dir/conf/log4j2.properties" \
    -cp "$dir/target/test-classes:$dir/target/classes:$(cat "$dir/target/bench-classpath.txt")" "$@"
}
kv() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p" | head -1; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
TABLE="$OUT/table.md"
{
  echo "# Aggregation as the cluster grows ($(date +%Y-%m-%d))"
  echo
  echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p'),"\
       "$(nproc) cores, AVX-512 $( [ "$(grep -c avx512f /proc/cpuinfo)" -gt 0 ] && echo yes || echo no ); $(java -version 2>&1 | head -1)"
  echo "Builds: $(for d in "${build_dirs[@]}"; do printf '%s ' "$(label "$d")"; done)"
} >"$TABLE"

if wanted partitions; then
  for dir in "${build_dirs[@]}"; do   # run-local.sh's class-data archive, recorded before the measured runs
    "$dir/scripts/run-local.sh" train --data "$SMALL" --iterations 1 --quiet --out "$OUT/class-data-$(label "$dir")" >/dev/null 2>&1
  done
  for hidden in $HIDDEN; do
    for p in $PARTITIONS; do
      for dir in "${build_dirs[@]}"; do
        run="$OUT/train-$(label "$dir")-h$hidden-p$p"
        echo "aggregation-bench: $(label "$dir"): train hidden $hidden, $p partitions" >&2
        "$dir/scripts/run-local.sh" train --data "$SMALL" --hidden "$hidden" --init he --iterations 30 \
          --partitions "$p" --master 'local[2]' --dev-rows 0 --checkpoint-every 0 --quiet --out "$run" \
          >"$run.log" 2>&1 || echo "aggregation-bench: FAILED: see $run.log" >&2
      done
    done
  done
  {
    echo
    echo "## Partitions: local[2], $(basename "$SMALL") (8 blocks), median of the last 15 of 30 iterations, ms"
    for dir in "${build_dirs[@]}"; do
      echo
      printf '| %s: hidden \\ partitions |' "$(label "$dir")"; for p in $PARTITIONS; do printf ' %s |' "$p"; done; echo
      printf '|---|'; for p in $PARTITIONS; do printf -- '---:|'; done; echo
      for hidden in $HIDDEN; do
        printf '| %s |' "$hidden"
        for p in $PARTITIONS; do
          metrics="$OUT/train-$(label "$dir")-h$hidden-p$p/metrics.csv"
          ms=$( [ -f "$metrics" ] && tail -n 15 "$metrics" | cut -d, -f5 | median || echo n/a)
          printf ' %s |' "$ms"
        done
        echo
      done
    done
  } >>"$TABLE"
fi

if wanted bytes; then
  dir="${build_dirs[-1]}"
  {
    echo
    echo "## Bytes to the driver: local[2], $(basename "$SMALL"), hidden 128, $(label "$dir") (IterationCost, $REPEATS jobs after $REPEATS)"
    echo
    echo "| partitions | tasks | aggregation | job ms | bytes to the driver | x packed sum |"
    echo "|---:|---:|---|---:|---:|---:|"
  } >>"$TABLE"
  for p in $PARTITIONS; do
    log="$OUT/bytes-p$p.log"
    echo "aggregation-bench: bytes to the driver, $p partitions" >&2
    bench_java "$dir" digitnet.train.IterationCost "$SMALL" 128 "$REPEATS" "$p" 'local[2]' "$REPEATS" >"$log" 2>"$log.err" \
      || echo "aggregation-bench: FAILED: see $log.err" >&2
    echo "| $p | $(kv "$log" tasks) | $(kv "$log" aggregation) | $(kv "$log" job_ms_median) | $(kv "$log" driver_bytes) | $(kv "$log" driver_bytes_per_packed_sum) |" >>"$TABLE"
  done
fi

if wanted executors; then
  [ -f "$KAGGLE" ] || bench_java "${build_dirs[-1]}" digitnet.bench.MakeBenchData "$KAGGLE" 42000
  largest=$(echo $WORKERS | tr ' ' '\n' | sort -n | tail -1)
  {
    echo
    echo "## Executors: local-cluster[W,1,$EXECUTOR_MB], $(basename "$KAGGLE"), hidden 128, one partition an executor (IterationCost, $REPEATS jobs after $REPEATS), ms and bytes a job"
    echo
    echo "| build | workers | tasks | aggregation | job | slowest task's kernel | overhead | bare job | driver CPU | bytes to the driver | x packed sum |"
    echo "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  } >>"$TABLE"
  for w in $WORKERS; do
    for dir in "${build_dirs[@]}"; do
      # Both paths at the largest cluster, where training would choose one of them.
      paths=("")
      [ "$w" = "$largest" ] && grep -qs 'AGGREGATION' "$dir/src/bench/java/digitnet/train/IterationCost.java" && paths=(direct sliced)
      spark_home="$dir/target/bench/spark-home"
      mkdir -p "$spark_home/jars"
      tr ':' '\n' <"$dir/target/classpath.txt" | grep '\.jar$' | xargs -I{} ln -sf {} "$spark_home/jars/"
      jar cf "$dir/target/bench/bench-classes.jar" -C "$dir/target/test-classes" .
      for path in "${paths[@]}"; do
        log="$OUT/cluster-$(label "$dir")-w$w${path:+-$path}.log"
        echo "aggregation-bench: $(label "$dir"): $w one-core executors ${path}" >&2
        SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
          bench_java "$dir" -Dspark.jars="$dir/target/digitnet.jar,$dir/target/bench/bench-classes.jar" \
          -Dspark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector -Dspark.executor.memory="${EXECUTOR_MB}m" \
          digitnet.train.IterationCost "$KAGGLE" 128 "$REPEATS" "$w" "local-cluster[$w,1,$EXECUTOR_MB]" "$REPEATS" 1 $path \
          >"$log" 2>"$log.err" || echo "aggregation-bench: FAILED: see $log.err" >&2
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(label "$dir")" "$w" \
          "$(kv "$log" tasks)" "$(kv "$log" aggregation)" "$(kv "$log" job_ms_median)" "$(kv "$log" kernel_ms_critical)" \
          "$(kv "$log" spark_overhead_ms)" "$(kv "$log" bare_job_ms)" "$(kv "$log" driver_cpu_ms)" "$(kv "$log" driver_bytes)" \
          "$(kv "$log" driver_bytes_per_packed_sum)" >>"$TABLE"
      done
    done
  done
fi

cat "$TABLE"
echo "aggregation-bench: results in $OUT" >&2
