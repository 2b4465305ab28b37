#!/usr/bin/env bash
# Reproduces the tables of docs/better-models.md (the deformed copies' in a table of its own,
# with rows trained on, load and iteration times): trains each configuration below on the
# bundled 10,000 digits with 2,000 held out (seed 0), then Spark MLlib's MLP on the same split,
# and prints the table in Markdown. Each run's outputs stay in runs/tune/<name>/.
#
#   scripts/tune.sh                    the whole table (about an hour and a half on 2 cores)
#   scripts/tune.sh h10                only the rows whose name contains "h10"
#   scripts/tune.sh --no-mllib copies  the "Deformed copies" table (--augment, about 35 minutes)
#   scripts/tune.sh --no-mllib [NAME]  without the MLlib row
#
# Times are the training loop's wall time (run.json timing.train_seconds), excluding loading.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=runs/tune
only=""
mllib=yes
for a in "$@"; do
  case "$a" in
    --no-mllib) mllib=no ;;
    *) only="$a" ;;
  esac
done

COMMON=(--dev-rows 2000 --seed 0 --eval-every 100)

# name | flags (on top of conf/digitnet.properties, the notebook's defaults)
CONFIGS=(
  "h10-gd-notebook|--hidden 10 --iterations 500"
  "h10-momentum|--hidden 10 --init he --optimizer momentum --learning-rate 0.05 --iterations 500"
  "h10-adam|--hidden 10 --init he --optimizer adam --learning-rate 0.01 --iterations 500"
  "h10-adam-l2|--hidden 10 --init he --optimizer adam --learning-rate 0.01 --weight-decay 1e-3 --iterations 500"
  "h10-lbfgs|--hidden 10 --init he --optimizer lbfgs --iterations 100"
  "h128-gd|--hidden 128 --init he --learning-rate 0.1 --iterations 300"
  "h128-momentum|--hidden 128 --init he --optimizer momentum --learning-rate 0.05 --iterations 300"
  "h128-adam|--hidden 128 --init he --optimizer adam --learning-rate 0.01 --lr-schedule cosine --iterations 300"
  "h128-adam-l2|--hidden 128 --init he --optimizer adam --learning-rate 0.01 --lr-schedule cosine --weight-decay 1e-3 --iterations 300"
  "h128-lbfgs|--hidden 128 --init he --optimizer lbfgs --iterations 300"
  "best|--conf conf/best.properties"
  "copies-h128-none|--conf conf/best.properties --patience 0"
  "copies-h128-4|--conf conf/augmented.properties"
  "copies-h128-4-elastic|--conf conf/augmented.properties --augment-elastic"
  "copies-h256-none|--conf conf/best.properties --patience 0 --hidden 256"
  "copies-h256-4|--conf conf/augmented.properties --hidden 256"
  "copies-h800-none|--conf conf/best.properties --patience 0 --hidden 800"
  "copies-h800-4|--conf conf/augmented.properties --hidden 800"
)

# The value of "key" in the "section" object of a run.json (Jackson's indented layout).
json_value() {
  sed -n "/\"$2\" : {/,/}/p" "$1" | grep "\"$3\" :" | head -1 | sed 's/.*: *//; s/,$//; s/"//g'
}

# 40000 as 40,000
grouped() {
  sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"
}

rows=()
copy_rows=()
for config in "${CONFIGS[@]}"; do
  name="${config%%|*}"
  flags="${config#*|}"
  [[ "$name" == *"$only"* ]] || continue
  echo "tune: $name: train $flags" >&2
  # shellcheck disable=SC2086  # flags are words on purpose
  scripts/run-local.sh train --out "$OUT/$name" "${COMMON[@]}" $flags >&2
  run="$OUT/$name/run.json"
  if [[ "$name" == copies-* ]]; then
    copies="$(json_value "$run" settings augment)"
    [ "$(json_value "$run" settings augment_elastic)" = true ] && copies="$copies, elastic"
    copy_rows+=("| $(json_value "$run" settings hidden) | $copies | \`$flags\` \
| $(grouped "$(json_value "$run" data train_rows)") \
| $(printf '%.4f' "$(json_value "$run" saved_model dev_accuracy)") \
| $(printf '%.0f' "$(json_value "$run" timing train_seconds)") \
| $(printf '%.1f' "$(json_value "$run" timing load_seconds)") \
| $(grouped "$(printf '%.0f' "$(json_value "$run" timing median_iteration_ms)")") |")
    continue
  fi
  rows+=("| $(json_value "$run" settings hidden) | $(json_value "$run" settings optimizer) \
| \`$flags\` | $(json_value "$run" settings iterations) \
| $(printf '%.4f' "$(json_value "$run" saved_model dev_accuracy)") \
| $(json_value "$run" saved_model iteration) \
| $(printf '%.0f' "$(json_value "$run" timing train_seconds)") \
| $(json_value "$run" timing gradient_jobs) |")
done

if [ "$mllib" = yes ]; then
  echo "tune: Spark MLlib MLP 784-10-10, l-bfgs, 100 iterations" >&2
  line="$(scripts/compare-mllib.sh --dev-rows 2000 --seed 0 --hidden 10 --iterations 100 | tail -1)"
  accuracy="$(sed 's/.*dev accuracy \([0-9.]*\).*/\1/' <<<"$line")"
  ran="$(sed 's/.*(ran \([0-9]*\)).*/\1/' <<<"$line")"
  seconds="$(sed 's/.*train \([0-9.]*\) s.*/\1/' <<<"$line")"
  rows+=("| 10 | MLlib MLP, l-bfgs | \`scripts/compare-mllib.sh\` | 100 | $accuracy | $ran | $(printf '%.0f' "$seconds") | |")
fi

if [ ${#rows[@]} -gt 0 ]; then
  echo
  echo "| hidden | optimizer | flags | iterations | dev accuracy | saved iteration | train s | gradient jobs |"
  echo "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
fi
if [ ${#copy_rows[@]} -gt 0 ]; then
  echo
  echo "| hidden | copies | flags | train rows | dev accuracy | train s | load s | iteration ms |"
  echo "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${copy_rows[@]}"
fi
