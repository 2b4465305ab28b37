#!/usr/bin/env bash
# mnist8m-size on one machine: generates deformed real digits (digitnet.bench.MakeDeformedDigits:
# the 10,000 bundled digits, then deformed copies, deterministic) in CSV, LIBSVM and Parquet,
# trains on each with scripts/run-local.sh in local[2], predicts and evaluates with each size's
# CSV model on that CSV, and prints the scale table of docs/benchmarks.md: load s, MB/s of input,
# cached bytes, median iteration ms, µs a row, peak RSS.
# With --cluster it also trains on the first size's CSV on a standalone cluster of two one-core
# workers with 1 GB executors (--executor-memory) and compares the model's bytes with local[2]'s.
# Data and results go under target/bench/ (never committed): about 4 GB for 1M rows in all three
# formats, 33 GB for 8.1M.
#
#   scripts/scale-bench.sh                                  1M and 8.1M rows, all formats
#   scripts/scale-bench.sh --rows 1000000 --formats csv --cluster
#   scripts/scale-bench.sh --rows 8100000 --formats csv --cluster --executor-memory 6g --no-predict
#
# Options: --rows "N ..." (1000000 8100000)  --formats "F ..." (csv libsvm parquet)
#          --iterations N (10)  --hidden N (10)  --driver-memory M (16g: in local mode the cache
#          lives in the driver's heap, see docs/cluster.md, Large data)  --cluster  --executor-memory M (1g)
#          --no-predict (nor evaluate)
# Run it on an idle machine: every figure is wall time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROWS="1000000 8100000"; FORMATS="csv libsvm parquet"; ITERATIONS=10; HIDDEN=10; DRIVER_MEMORY=16g
CLUSTER=false; EXECUTOR_MEMORY=1g; PREDICT=true
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --formats) FORMATS="$2"; shift 2 ;;
    --iterations) ITERATIONS="$2"; shift 2 ;;
    --hidden) HIDDEN="$2"; shift 2 ;;
    --driver-memory) DRIVER_MEMORY="$2"; shift 2 ;;
    --cluster) CLUSTER=true; shift ;;
    --executor-memory) EXECUTOR_MEMORY="$2"; shift 2 ;;
    --no-predict) PREDICT=false; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale-bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

echo "scale-bench: building with the bench profile..." >&2
mvn -q -B -Pbench -DskipTests package >&2
# The build is a new jar, so run-local.sh's next Spark command would record its class-data
# archive (see docs/command-line.md, Commands): a short run on the bundled digits does that here, so
# that the first measured run starts as every later one and as a user's runs after their first.
echo "scale-bench: recording run-local.sh's class-data archive..." >&2
"$ROOT/scripts/run-local.sh" train --iterations 1 --out "$ROOT/target/bench/cds-run" --force >/dev/null 2>&1
BENCH_CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench-classpath.txt")"
DATA_DIR="$ROOT/target/bench"
OUT="$DATA_DIR/scale-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

data_file() {   # ROWS FORMAT -> the generated folder, made on first use
  local file="$DATA_DIR/deformed-$1.$2"
  if [ ! -e "$file" ]; then
    echo "scale-bench: writing $file ($1 rows of deformed digits)" >&2
    java -Xmx4g @"$ROOT/conf/jvm.options" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
      -cp "$BENCH_CP" digitnet.bench.MakeDeformedDigits "$file" "$1" "$2" >&2
  fi
  echo "$file"
}
json() {        # FILE KEY -> the number after "KEY" : in run.json
  sed -n "s/.*\"$2\" : \([-0-9.eE]*\).*/\1/p" "$1" | head -1
}
train() {       # NAME DATA FORMAT [MORE FLAGS]: local[2], peak RSS in NAME.rss (KB)
  local name="$1" data="$2" format="$3"; shift 3
  DIGITNET_DRIVER_MEMORY="$DRIVER_MEMORY" /usr/bin/time -f '%M' -o "$OUT/$name.rss" \
    "$ROOT/scripts/run-local.sh" train --data "$data" --format "$format" --iterations "$ITERATIONS" \
    --hidden "$HIDDEN" --dev-rows 10000 --master 'local[2]' --checkpoint-every 0 --eval-every 1000000 \
    --out "$OUT/$name" "$@" >"$OUT/$name.log" 2>&1 || echo "scale-bench: FAILED: $name (see $OUT/$name.log)" >&2
}

echo "| rows | format | input MB | load s | MB/s | cached bytes (a pixel) | median iteration ms | µs a row | peak RSS MB |" >"$OUT/table.md"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|" >>"$OUT/table.md"
for rows in $ROWS; do
  for format in $FORMATS; do
    data=$(data_file "$rows" "$format")
    name="train-$rows-$format"
    echo "scale-bench: training on $data" >&2
    train "$name" "$data" "$format"
    run="$OUT/$name/run.json"
    [ -f "$run" ] || continue
    mb=$(du -sLm --apparent-size "$data" | cut -f1)
    load=$(json "$run" load_seconds); iter=$(json "$run" median_iteration_ms)
    cached=$(json "$run" cached_bytes); per_pixel=$(json "$run" cached_bytes_per_pixel)
    awk -v r="$rows" -v f="$format" -v mb="$mb" -v l="$load" -v c="$cached" -v p="$per_pixel" -v i="$iter" \
        -v rss="$(cat "$OUT/$name.rss")" 'BEGIN { printf "| %.0f | %s | %.0f | %.1f | %.0f | %.0f (%.2f) | %.0f | %.2f | %.0f |\n",
        r, f, mb, l, mb / l, c, p, i, i * 1000 / r, rss / 1024 }' >>"$OUT/table.md"
  done
  if $PREDICT; then
    echo "scale-bench: predict on $rows rows" >&2
    /usr/bin/time -f '%e s, peak RSS %M KB' -o "$OUT/predict-$rows.time" env DIGITNET_DRIVER_MEMORY="$DRIVER_MEMORY" \
      "$ROOT/scripts/run-local.sh" predict --model "$OUT/train-$rows-csv" --data "$(data_file "$rows" csv)" \
      --master 'local[2]' --out "$OUT/submission-$rows.csv" >"$OUT/predict-$rows.log" 2>&1 \
      || echo "scale-bench: FAILED: predict $rows (see $OUT/predict-$rows.log)" >&2
    echo "scale-bench: evaluate on $rows rows" >&2
    /usr/bin/time -f '%e s, peak RSS %M KB' -o "$OUT/evaluate-$rows.time" env DIGITNET_DRIVER_MEMORY="$DRIVER_MEMORY" \
      "$ROOT/scripts/run-local.sh" evaluate --model "$OUT/train-$rows-csv" --data "$(data_file "$rows" csv)" \
      --master 'local[2]' --out "$OUT/evaluate-$rows" >"$OUT/evaluate-$rows.log" 2>&1 \
      || echo "scale-bench: FAILED: evaluate $rows (see $OUT/evaluate-$rows.log)" >&2
  fi
done

if $CLUSTER; then
  rows=$(echo "$ROWS" | cut -d' ' -f1)
  data=$(data_file "$rows" csv)
  echo "scale-bench: standalone cluster, two one-core workers, --executor-memory $EXECUTOR_MEMORY, on $data" >&2
  SPARK_LINKS="$DATA_DIR/spark-home"
  mkdir -p "$SPARK_LINKS/jars" "$OUT/cluster"
  tr ':' '\n' <"$ROOT/target/classpath.txt" | grep '\.jar$' | xargs -I{} ln -sf {} "$SPARK_LINKS/jars/"
  # spark-submit is a class in spark-core; scripts/submit.sh finds it as SPARK_HOME/bin/spark-submit.
  mkdir -p "$SPARK_LINKS/bin"
  printf '#!/usr/bin/env bash\nexec java -cp "%s/jars/*" org.apache.spark.deploy.SparkSubmit "$@"\n' \
    "$SPARK_LINKS" >"$SPARK_LINKS/bin/spark-submit"
  chmod +x "$SPARK_LINKS/bin/spark-submit"
  export SPARK_HOME="$SPARK_LINKS" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
  MASTER_PORT=$(free_port)
  java -Xmx512m -cp "$SPARK_LINKS/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "$MASTER_PORT" --webui-port "$(free_port)" >"$OUT/cluster/master.log" 2>&1 &
  PIDS=($!)
  trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
  until grep -qs "I have been elected leader" "$OUT/cluster/master.log"; do sleep 1; done
  for w in 1 2; do
    java -Xmx512m -cp "$SPARK_LINKS/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
      --cores 1 --memory "$EXECUTOR_MEMORY" --webui-port "$(free_port)" --work-dir "$OUT/cluster/work$w" \
      "spark://127.0.0.1:$MASTER_PORT" >"$OUT/cluster/worker$w.log" 2>&1 &
    PIDS+=($!)
  done
  for w in 1 2; do until grep -qs "Successfully registered" "$OUT/cluster/worker$w.log"; do sleep 1; done; done
  /usr/bin/time -f '%e s' -o "$OUT/cluster/train.time" "$ROOT/scripts/submit.sh" --master "spark://127.0.0.1:$MASTER_PORT" \
    --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 --executor-memory "$EXECUTOR_MEMORY" \
    train --data "$data" --iterations "$ITERATIONS" --hidden "$HIDDEN" --dev-rows 10000 --checkpoint-every 0 \
    --eval-every 1000000 --out "$OUT/cluster/run" >"$OUT/cluster/train.log" 2>&1 \
    || echo "scale-bench: FAILED: cluster training (see $OUT/cluster/train.log)" >&2
  if cmp -s "$OUT/cluster/run/model.npz" "$OUT/train-$rows-csv/model.npz"; then
    echo "cluster (2 × $EXECUTOR_MEMORY executors) on $rows rows: $(cat "$OUT/cluster/train.time"), model.npz identical to local[2]'s" >>"$OUT/table.md"
  else
    echo "cluster (2 × $EXECUTOR_MEMORY executors) on $rows rows: model.npz DIFFERS from local[2]'s or is missing" >>"$OUT/table.md"
  fi
fi

{
  echo
  echo "$(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), driver memory $DRIVER_MEMORY,"\
" hidden $HIDDEN, $ITERATIONS iterations; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  for rows in $ROWS; do
    for command in predict evaluate; do
      [ -f "$OUT/$command-$rows.time" ] && echo "$command of $rows rows (CSV): $(cat "$OUT/$command-$rows.time")"
    done
  done
} >>"$OUT/table.md"
cat "$OUT/table.md"
echo "scale-bench: results in $OUT" >&2
