#!/usr/bin/env bash
# Benchmarks digitnet against the NumPy notebook and Spark MLlib's MultilayerPerceptronClassifier
# on one generated Kaggle-size file (42,000 rows), interleaved round by round (digitnet, MLlib,
# NumPy at hidden 10; digitnet and NumPy at hidden 128; digitnet on one core, local[1], at both,
# for what the second core buys), then measures the costs behind the numbers: Spark overhead
# per iteration at hidden 10 and 128 and at 10x the rows, the second core's gain once the JIT
# has warmed up, the kernel alone in thread CPU time and
# its rate of multiply-adds beside the core's peak, bytes cached. Prints the table that docs/benchmarks.md shows;
# results go to target/bench/ (never committed).
#
#   scripts/bench.sh                          the default run, about 15 minutes on 2 idle cores
#   scripts/bench.sh --rounds 3 --mllib-iterations 30 --scale-iterations 50    a longer run
#   scripts/bench.sh --no-scale               skip the 420,000-row check (saves ~0.8 GB and minutes)
#   scripts/bench.sh --jmh                    also run the JMH kernel benchmarks (one thread)
#
# Options: --rounds R (3)  --iterations N (500, the notebook's; digitnet and NumPy at hidden 10)
#          --mllib-iterations M (10; MLlib is timed per iteration, from its Spark jobs)
#          --scale-iterations S (50; iterations at hidden 128 and for the overhead measurements)
#          --master URL (local[2])
# Run it on an idle machine: every figure is wall time except the kernel's CPU time.
# Needs JDK 17+, Maven and python3 (scripts/python-env.sh gives the notebook's column its NumPy).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS=3; ITERATIONS=500; MLLIB_ITERATIONS=10; SCALE_ITERATIONS=50; MASTER="local[2]"
SCALE=true; JMH=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --iterations) ITERATIONS="$2"; shift 2 ;;
    --mllib-iterations) MLLIB_ITERATIONS="$2"; shift 2 ;;
    --scale-iterations) SCALE_ITERATIONS="$2"; shift 2 ;;
    --master) MASTER="$2"; shift 2 ;;
    --no-scale) SCALE=false; shift ;;
    --jmh) JMH=true; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

echo "bench: building with the bench profile..." >&2
mvn -q -B -Pbench -DskipTests package >&2
BENCH_CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench-classpath.txt")"
JAVA=(java -Xmx${DIGITNET_DRIVER_MEMORY:-4g} @"$ROOT/conf/jvm.options"
      -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties")

DATA_DIR="$ROOT/target/bench"
OUT="$DATA_DIR/results-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
SMALL="$DATA_DIR/train-42k.csv"
BIG="$DATA_DIR/train-420k.csv"
make_data() {   # FILE ROWS
  [ -f "$1" ] || { echo "bench: writing $1 ($2 rows: real digits and shifted copies)" >&2
                   "${JAVA[@]}" -cp "$BENCH_CP" digitnet.bench.MakeBenchData "$1" "$2"; }
}
make_data "$SMALL" 42000

NOTEBOOK="$ROOT/src/bench/python/notebook_numpy.py"
# NumPy from the project's Python environment, which scripts/python-env.sh makes on first use.
PYTHON="$("$ROOT/scripts/python-env.sh")"
HAVE_NUMPY=false
"$PYTHON" -c 'import numpy' 2>/dev/null && HAVE_NUMPY=true
HAVE_TIME=false
[ -x /usr/bin/time ] && HAVE_TIME=true

# Runs a command, appending its output to LOG, with wall seconds and peak RSS (MB) in LOG.wall/.mem.
measure() {   # LOG COMMAND...
  local log="$1"; shift
  local start end
  start=$(date +%s.%N)
  # A failed step is reported and leaves n/a in the table; the rest of the run goes on.
  if $HAVE_TIME; then
    /usr/bin/time -f '%M' -o "$log.mem" "$@" >"$log" 2>"$log.err" || echo "bench: FAILED: $* (see $log.err)" >&2
  else
    { "$@" >"$log" 2>"$log.err" || echo "bench: FAILED: $* (see $log.err)" >&2; }; echo 0 >"$log.mem"
  fi
  end=$(date +%s.%N)
  echo "$start $end" | awk '{printf "%.2f\n", $2 - $1}' >"$log.wall"
  awk '{printf "%.0f\n", $1 / 1024}' "$log.mem" >"$log.mb"
}
json() {      # FILE KEY -> the number after "KEY" : in digitnet's run.json
  sed -n "s/.*\"$2\" : \([-0-9.eE]*\).*/\1/p" "$1" | head -1
}
kv() {        # FILE KEY -> the value of KEY=VALUE in a harness's output line
  tr ' ' '\n' <"$1" | sed -n "s/^$2=//p" | head -1
}

# digitnet runs as a user runs it, through scripts/run-local.sh (with its class-data archive,
# recorded here before the first measured run).
digitnet_train() {   # NAME FILE HIDDEN ITERATIONS [MASTER]
  measure "$OUT/$1.log" "$ROOT/scripts/run-local.sh" train --data "$2" --hidden "$3" --iterations "$4" \
    --master "${5:-$MASTER}" --eval-every 1000000 --out "$OUT/$1"
}
"$ROOT/scripts/run-local.sh" train --data "$ROOT/data/mnist-10k.csv.gz" --iterations 1 --quiet \
  --out "$OUT/class-data-archive" >&2

for round in $(seq 1 "$ROUNDS"); do
  echo "bench: round $round/$ROUNDS: digitnet ($ITERATIONS iterations)" >&2
  digitnet_train "digitnet-$round" "$SMALL" 10 "$ITERATIONS"
  echo "bench: round $round/$ROUNDS: digitnet hidden 128 ($SCALE_ITERATIONS iterations)" >&2
  digitnet_train "digitnet128-$round" "$SMALL" 128 "$SCALE_ITERATIONS"
  # What the second core buys: the same runs on one core (one partition).
  echo "bench: round $round/$ROUNDS: digitnet on local[1], hidden 10 and 128" >&2
  digitnet_train "digitnet1core-$round" "$SMALL" 10 "$ITERATIONS" "local[1]"
  digitnet_train "digitnet1core128-$round" "$SMALL" 128 "$SCALE_ITERATIONS" "local[1]"
  echo "bench: round $round/$ROUNDS: MLlib MLP ($MLLIB_ITERATIONS iterations)" >&2
  measure "$OUT/mllib-$round.log" "${JAVA[@]}" -cp "$BENCH_CP" digitnet.bench.MllibMlp \
    "$SMALL" "$MLLIB_ITERATIONS" 10 0.1 "$MASTER"
  if $HAVE_NUMPY; then
    echo "bench: round $round/$ROUNDS: NumPy notebook ($ITERATIONS iterations)" >&2
    measure "$OUT/numpy-$round.log" "$PYTHON" "$NOTEBOOK" "$SMALL" --iters "$ITERATIONS" --fixed
    echo "bench: round $round/$ROUNDS: NumPy notebook hidden 128 ($SCALE_ITERATIONS iterations)" >&2
    measure "$OUT/numpy128-$round.log" "$PYTHON" "$NOTEBOOK" "$SMALL" --iters "$SCALE_ITERATIONS" --hidden 128 --fixed
  fi
done

echo "bench: kernel and Spark overhead at 1x, hidden 10 and 128" >&2
# At hidden 10 the median iteration of the 500-iteration runs above comes after the JVM's first
# couple of hundred jobs, which run slower while the JIT compiles Spark's scheduling code on the
# tasks' two cores; so the split into kernel and overhead is measured after 200 warm-up jobs
# (150 at hidden 128, whose jobs are longer). The 50-iteration runs at hidden 128 lie inside
# that warm-up, so the second core's gain is also measured here, in the steady state: the same
# jobs on local[1] with one partition.
WARM_UP_JOBS=200
WARM_UP_JOBS_128=150
measure "$OUT/cost-1x.log" "${JAVA[@]}" -cp "$BENCH_CP" digitnet.train.IterationCost "$SMALL" 10 "$SCALE_ITERATIONS" 2 "$MASTER" "$WARM_UP_JOBS"
measure "$OUT/cost-1x-128.log" "${JAVA[@]}" -cp "$BENCH_CP" digitnet.train.IterationCost "$SMALL" 128 "$SCALE_ITERATIONS" 2 "$MASTER" "$WARM_UP_JOBS_128"
echo "bench: the same on one core, local[1]" >&2
measure "$OUT/cost-1core.log" "${JAVA[@]}" -cp "$BENCH_CP" digitnet.train.IterationCost "$SMALL" 10 "$SCALE_ITERATIONS" 1 "local[1]" "$WARM_UP_JOBS"
measure "$OUT/cost-1core-128.log" "${JAVA[@]}" -cp "$BENCH_CP" digitnet.train.IterationCost "$SMALL" 128 "$SCALE_ITERATIONS" 1 "local[1]" "$WARM_UP_JOBS_128"
# The same measurement on a standalone cluster: local-cluster[2,1,2048] runs a Master and two
# Workers in the driver's JVM and two executor JVMs of one core each, as ../shared/CLUSTER.md
# describes (a SPARK_HOME of links to the Maven jars); task closures and results cross processes.
echo "bench: kernel and Spark overhead on a standalone cluster of 2 one-core executors" >&2
SPARK_LINKS="$DATA_DIR/spark-home"
mkdir -p "$SPARK_LINKS/jars"
tr ':' '\n' <"$ROOT/target/classpath.txt" | grep '\.jar$' | xargs -I{} ln -sf {} "$SPARK_LINKS/jars/"
jar cf "$DATA_DIR/bench-classes.jar" -C "$ROOT/target/test-classes" .
SPARK_HOME="$SPARK_LINKS" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
  measure "$OUT/cost-cluster.log" "${JAVA[@]}" -Dspark.jars="$ROOT/target/digitnet.jar,$DATA_DIR/bench-classes.jar" \
  -cp "$BENCH_CP" digitnet.train.IterationCost "$SMALL" 10 "$SCALE_ITERATIONS" 2 "local-cluster[2,1,2048]" "$WARM_UP_JOBS"
if $SCALE; then
  make_data "$BIG" 420000
  echo "bench: kernel and Spark overhead at 10x" >&2
  measure "$OUT/cost-10x.log" "${JAVA[@]}" -cp "$BENCH_CP" digitnet.train.IterationCost "$BIG" 10 "$SCALE_ITERATIONS" 2 "$MASTER" "$WARM_UP_JOBS"
fi
for kernel in "10 VECTOR 200" "10 SCALAR 100" "128 VECTOR 60" "128 SCALAR 20"; do   # hidden, loops, passes
  set -- $kernel
  echo "bench: kernel CPU time, hidden $1, $2 loops" >&2
  "${JAVA[@]}" -cp "$BENCH_CP" digitnet.nn.KernelCpuTime "$1" "$2" "$3" >"$OUT/kernel-$1-$2.log" 2>"$OUT/kernel-$1-$2.log.err" \
    || echo "bench: FAILED: kernel CPU time $* (see $OUT/kernel-$1-$2.log.err)" >&2
done
if $JMH; then
  echo "bench: JMH kernel benchmarks" >&2
  "${JAVA[@]}" -cp "$BENCH_CP" org.openjdk.jmh.Main KernelBench -rf text -rff "$OUT/jmh.txt" >"$OUT/jmh.log" 2>&1
fi

# ---- the table: medians over the rounds ----
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
over_rounds() {   # SYSTEM EXTRACTOR
  for round in $(seq 1 "$ROUNDS"); do "$2" "$1-$round"; done | median
}
d_iter() { json "$OUT/$1/run.json" median_iteration_ms; }
d_load() { json "$OUT/$1/run.json" load_seconds; }
d_train_acc() { json "$OUT/$1/run.json" train_accuracy; }
d_dev_acc() { json "$OUT/$1/run.json" dev_accuracy; }
d_first() { sed -n '2p' "$OUT/$1/metrics.csv" | cut -d, -f5; }   # iteration 0's ms
# The median ms of iterations FIRST..LAST (counted from 1) of a run, from its metrics.csv.
d_window() {  # RUN FIRST LAST
  awk -F, -v a="$2" -v b="$3" 'NR > 1 && $1 + 1 >= a && $1 + 1 <= b { print $5 }' "$OUT/$1/metrics.csv" | median
}
d_1_50() { d_window "$1" 1 50; }
d_1_25() { d_window "$1" 1 25; }
d_last_50() { d_window "$1" $((ITERATIONS - 49)) "$ITERATIONS"; }
# The run's iterations by fifties: the median of each, medians over the rounds, as one table row.
per_fifty() {  # SYSTEM
  local from row=""
  for from in $(seq 1 50 "$ITERATIONS"); do
    row+=" $(for r in $(seq 1 "$ROUNDS"); do d_window "$1-$r" "$from" $((from + 49)); done | median) |"
  done
  echo "$row"
}
m_iter() { kv "$OUT/$1.log" iter_ms_median; }
m_load() { kv "$OUT/$1.log" load_s; }
m_acc() { kv "$OUT/$1.log" train_acc; }
n_iter() { kv "$OUT/$1.log" iter_ms_median; }
n_load() { kv "$OUT/$1.log" load_s; }
n_train_acc() { kv "$OUT/$1.log" train_acc; }
n_dev_acc() { kv "$OUT/$1.log" dev_acc; }
wall() { cat "$OUT/$1.log.wall"; }
mem() { cat "$OUT/$1.log.mb"; }

D_ITER=$(over_rounds digitnet d_iter); D_LOAD=$(over_rounds digitnet d_load)
D_WALL=$(over_rounds digitnet wall); D_MEM=$(over_rounds digitnet mem)
D_TACC=$(over_rounds digitnet d_train_acc); D_DACC=$(over_rounds digitnet d_dev_acc)
D_FIRST=$(over_rounds digitnet d_first)
D_FIRST_50=$(over_rounds digitnet d_1_50); D_LAST_50=$(over_rounds digitnet d_last_50)
D1_FIRST_50=$(over_rounds digitnet1core d_1_50)
D128_FIRST_25=$(over_rounds digitnet128 d_1_25); D1_128_FIRST_25=$(over_rounds digitnet1core128 d_1_25)
D128_ITER=$(over_rounds digitnet128 d_iter); D128_FIRST=$(over_rounds digitnet128 d_first)
D1_ITER=$(over_rounds digitnet1core d_iter); D1_128_ITER=$(over_rounds digitnet1core128 d_iter)
M_ITER=$(over_rounds mllib m_iter); M_LOAD=$(over_rounds mllib m_load)
M_WALL=$(over_rounds mllib wall); M_MEM=$(over_rounds mllib mem); M_ACC=$(over_rounds mllib m_acc)
N_ITER=nan; N_LOAD=nan; N_WALL=nan; N_MEM=nan; N_TACC=nan; N_DACC=nan; N128_ITER=nan
if $HAVE_NUMPY; then
  N_ITER=$(over_rounds numpy n_iter); N_LOAD=$(over_rounds numpy n_load)
  N_WALL=$(over_rounds numpy wall); N_MEM=$(over_rounds numpy mem)
  N_TACC=$(over_rounds numpy n_train_acc); N_DACC=$(over_rounds numpy n_dev_acc)
  N128_ITER=$(over_rounds numpy128 n_iter)
fi
fmt() {       # PRINTF-FORMAT VALUE (nan and empty pass through)
  awk -v f="$1" -v v="$2" 'BEGIN { if (v == "" || v == "nan") print "n/a"; else printf f "\n", v }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "nan" || a == "nan" || b == 0) print "n/a"; else printf "%.3f\n", a / b }'; }

LANES=$(kv "$OUT/kernel-10-VECTOR.log" vector_lanes)
{
  echo "## digitnet vs the NumPy notebook vs MLlib MLP: $(basename "$SMALL"), master $MASTER"
  echo
  echo "Medians over $ROUNDS interleaved rounds. $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"\
"$(grep -q avx512f /proc/cpuinfo && echo ', AVX-512' || echo ', no AVX-512'), Java vectors of ${LANES:-?} doubles,"\
" $(java -version 2>&1 | head -1); load average before: $LOAD_BEFORE, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| | digitnet | NumPy notebook (--fixed) | MLlib MLP (gd) |"
  echo "|---|---:|---:|---:|"
  echo "| iterations run, hidden 10 | $ITERATIONS | $ITERATIONS | $MLLIB_ITERATIONS |"
  echo "| median ms / iteration, hidden 10 | $(fmt %.1f "$D_ITER") | $(fmt %.1f "$N_ITER") | $(fmt %.1f "$M_ITER") |"
  echo "| median ms / iteration, hidden 128 ($SCALE_ITERATIONS iterations) | $(fmt %.1f "$D128_ITER") | $(fmt %.1f "$N128_ITER") | |"
  echo "| median ms / iteration on local[1], hidden 10 / hidden 128 | $(fmt %.1f "$D1_ITER") / $(fmt %.1f "$D1_128_ITER") | | |"
  echo "| first iteration ms, hidden 10 / hidden 128 | $(fmt %.0f "$D_FIRST") / $(fmt %.0f "$D128_FIRST") | | |"
  echo "| load s (CSV to training-ready) | $(fmt %.2f "$D_LOAD") | $(fmt %.2f "$N_LOAD") | $(fmt %.2f "$M_LOAD") |"
  echo "| whole run wall s, hidden 10 (process start to exit) | $(fmt %.1f "$D_WALL") | $(fmt %.1f "$N_WALL") | $(fmt %.1f "$M_WALL") |"
  echo "| peak memory MB (max RSS) | $D_MEM | $N_MEM | $M_MEM |"
  echo "| train accuracy after the iterations run | $(fmt %.4f "$D_TACC") | $(fmt %.4f "$N_TACC") | $(fmt %.4f "$M_ACC") |"
  echo "| dev accuracy (1,000 rows) | $(fmt %.4f "$D_DACC") | $(fmt %.4f "$N_DACC") | |"
  echo
  echo "| ratio | measured | target |"
  echo "|---|---:|---:|"
  echo "| digitnet / NumPy, ms per iteration, hidden 10 | $(ratio "$D_ITER" "$N_ITER") | <= 0.667 |"
  echo "| digitnet / NumPy, ms per iteration, hidden 128 | $(ratio "$D128_ITER" "$N128_ITER") | <= 0.5 |"
  echo "| digitnet / MLlib, ms per iteration | $(ratio "$D_ITER" "$M_ITER") | <= 0.067 |"
  echo "| second core's gain, local[1] / local[2], hidden 10 | $(ratio "$D1_ITER" "$D_ITER") | >= 1.5 |"
  echo "| second core's gain, local[1] / local[2], hidden 128 | $(ratio "$D1_128_ITER" "$D128_ITER") | >= 1.7 |"
  echo "| the same in the steady state (job ms after the warm-up jobs below), hidden 10 / hidden 128 |"\
" $(ratio "$(kv "$OUT/cost-1core.log" job_ms_median)" "$(kv "$OUT/cost-1x.log" job_ms_median)") /"\
" $(ratio "$(kv "$OUT/cost-1core-128.log" job_ms_median)" "$(kv "$OUT/cost-1x-128.log" job_ms_median)") | >= 1.5 / >= 1.7 |"
  echo "| digitnet first iteration / median, hidden 10 | $(ratio "$D_FIRST" "$D_ITER") | <= 3 |"
  echo "| digitnet / NumPy, whole run wall time | $(ratio "$D_WALL" "$N_WALL") | <= 0.5 |"
  echo "| digitnet load s | $(fmt %.2f "$D_LOAD") | <= 2 |"
  echo
  echo "Warm-up: what a run of $ITERATIONS iterations at hidden 10 spends while the JIT compiles (median ms of each fifty iterations, medians over the rounds; the first iteration; the whole run, load and JVM start included):"
  echo
  printf '| iterations |'; for from in $(seq 1 50 "$ITERATIONS"); do printf ' %d-%d |' "$from" $((from + 49)); done; echo ' first | whole run s |'
  printf '|---|'; for from in $(seq 1 50 "$ITERATIONS"); do printf -- '---:|'; done; printf '%s\n' '---:|---:|'
  echo "| digitnet, $MASTER |$(per_fifty digitnet) $(fmt %.0f "$D_FIRST") | $(fmt %.1f "$D_WALL") |"
  echo "| digitnet, local[1] |$(per_fifty digitnet1core) $(fmt %.0f "$(over_rounds digitnet1core d_first)") | $(fmt %.1f "$(over_rounds digitnet1core wall)") |"
  echo
  echo "| short runs, median ms an iteration | digitnet $MASTER | digitnet local[1] | NumPy notebook | MLlib MLP |"
  echo "|---|---:|---:|---:|---:|"
  echo "| hidden 10, iterations 1-50 | $(fmt %.1f "$D_FIRST_50") | $(fmt %.1f "$D1_FIRST_50") | $(fmt %.1f "$N_ITER") | $(fmt %.1f "$M_ITER") |"
  echo "| hidden 128, iterations 1-25 | $(fmt %.1f "$D128_FIRST_25") | $(fmt %.1f "$D1_128_FIRST_25") | $(fmt %.1f "$N128_ITER") | |"
  echo
  echo "| warm-up ratio (the first iteration and the whole run: the table above) | measured | target |"
  echo "|---|---:|---:|"
  echo "| iterations 1-50 / iterations $((ITERATIONS - 49))-$ITERATIONS, hidden 10 | $(ratio "$D_FIRST_50" "$D_LAST_50") | <= 1.25 |"
  echo "| short run, local[1] / $MASTER, hidden 10 / hidden 128 | $(ratio "$D1_FIRST_50" "$D_FIRST_50") / $(ratio "$D1_128_FIRST_25" "$D128_FIRST_25") | >= 1.4 / >= 1.7 |"
  echo "| short run, NumPy / digitnet, hidden 10 / hidden 128 | $(ratio "$N_ITER" "$D_FIRST_50") / $(ratio "$N128_ITER" "$D128_FIRST_25") | >= 2 / >= 2.5 (AVX-512), 1.5 (AVX2) |"
  echo "| short run, MLlib / digitnet, hidden 10 | $(ratio "$M_ITER" "$D_FIRST_50") | >= 20 |"
  echo
  echo "Cached training data: $(fmt %.3f "$(json "$OUT/digitnet-1/run.json" cached_bytes_per_pixel)") bytes a pixel (Spark storage info; target <= 1.5)."
  echo
  echo "| per iteration | rows | hidden | warm-up jobs | job ms | kernel ms (slowest partition) | Spark overhead ms | bare job ms (Spark's floor) | kernel ms, all tasks | kernel CPU ms, all tasks |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for size in 1x 1x-128 1core 1core-128 cluster 10x; do
    f="$OUT/cost-$size.log"
    [ -s "$f" ] && echo "| ${size%-128} | $(kv "$f" rows) | $(kv "$f" hidden) | $(kv "$f" warm_up_jobs) | $(kv "$f" job_ms_median) | $(kv "$f" kernel_ms_critical) | $(kv "$f" spark_overhead_ms) | $(kv "$f" bare_job_ms) | $(kv "$f" kernel_ms_all_tasks) | $(kv "$f" kernel_cpu_ms_all_tasks) |"
  done
  echo
  echo "Spark overhead target: <= 15 ms an iteration in $MASTER (job time minus the slowest task's kernel);"\
" the 1core rows: local[1], one partition; the cluster row: local-cluster[2,1,2048], two executor JVMs of one core each."
  if [ -f "$OUT/cost-10x.log" ]; then
    echo
    echo "Kernel time 10x / 1x: $(ratio "$(kv "$OUT/cost-10x.log" kernel_ms_all_tasks)" "$(kv "$OUT/cost-1x.log" kernel_ms_all_tasks)") (target <= 11)."
  fi
  echo
  GHZ=$(awk -F: '/^cpu MHz/ {printf "%.2f", $2 / 1000; exit}' /proc/cpuinfo)
  echo "| one thread, 10,000 real digits, CPU ms | forward pixel loops | backward pixel loops | rest of the pass | whole pass | pixel loops, G multiply-adds/s | whole pass, G multiply-adds/s | core's FMA peak, G/s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for f in "$OUT"/kernel-*.log; do
    peak=$(awk -v p="$(kv "$f" peak_gmadds_per_s_per_ghz)" -v g="${GHZ:-0}" 'BEGIN { printf "%.0f", p * g }')
    [ "$(kv "$f" loops)" = SCALAR ] && peak=$(awk -v g="${GHZ:-0}" 'BEGIN { printf "%.0f", 2 * g }')
    echo "| hidden $(kv "$f" hidden), $(kv "$f" loops) | $(kv "$f" forward_loops_ms) | $(kv "$f" backward_loops_ms) | $(kv "$f" rest_of_pass_ms) | $(kv "$f" whole_pass_ms) | $(kv "$f" pixel_loops_gmadds_per_s) | $(kv "$f" whole_pass_gmadds_per_s) | $peak |"
  done
  echo
  echo "Multiply-adds: one per non-zero pixel and hidden unit, forward and backward (the useful ones:"\
" the loops also multiply the zeros of a pixel group). Peak: two FMAs a cycle at the nominal clock"\
" of /proc/cpuinfo (${GHZ:-?} GHz), vectors of the kernel's width (scalar: one lane)."
  if [ -f "$OUT/jmh.txt" ]; then
    echo
    echo '```'
    cat "$OUT/jmh.txt"
    echo '```'
  fi
} | tee "$OUT/table.md"
echo "bench: results and logs in $OUT" >&2
