#!/usr/bin/env bash
# serve under hostile clients, on loopback only: trains a small model on the bundled digits (once),
# serves it in a JVM of 256 MB heap, and then, all at once, holds SLOW connections that send a
# header a byte at a time and never end it, 2 connections that send one endless header line, 20
# bodies that announce 4,000,000 bytes and stop, and a stream of malformed requests, while a
# well-behaved client posts a digit every 100 ms. Prints the well-behaved client's answer times
# (quiet, then under the hostile clients) and the server's memory (RSS, peak RSS). The figures in
# docs/fuzzing.md come from here. Not part of the README's test command (HostileClientsTest is).
#
#   scripts/hostile-clients.sh [--slow N (100)] [--seconds S (30)]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SLOW=100; DURATION=30
while [ $# -gt 0 ]; do
  case "$1" in
    --slow) SLOW="$2"; shift 2 ;;
    --seconds) DURATION="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "hostile-clients.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

echo "hostile-clients: building..." >&2
mvn -q -B test-compile >&2
OUT=target/hostile
mkdir -p "$OUT"
CP="target/classes:$(cat target/classpath.txt)"
JAVA=(java @conf/jvm.options -Dlog4j2.configurationFile=conf/log4j2.properties)
if [ ! -f "$OUT/run/model.npz" ]; then
  echo "hostile-clients: training a model to serve..." >&2
  "${JAVA[@]}" -Xmx2g -cp "$CP" digitnet.cli.Main train --data data/mnist-10k.csv.gz --iterations 20 \
    --out "$OUT/run" --force --quiet >&2
fi

"${JAVA[@]}" -Xmx256m -cp "$CP" digitnet.cli.Main serve --model "$OUT/run" --port 0 >"$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  grep -q '^serving' "$OUT/serve.log" && break
  kill -0 $SERVER 2>/dev/null || { cat "$OUT/serve.log" >&2; exit 1; }
  sleep 0.5
done
URL=$(grep -o 'http://[^ ]*' "$OUT/serve.log" | head -1)
echo "hostile-clients: serving at $URL (pid $SERVER, heap 256 MB); $SLOW slow connections for $DURATION s" >&2
"${JAVA[@]}" -Xmx512m -cp "target/test-classes:$CP" digitnet.serve.HostileClients "$URL" "$SERVER" "$SLOW" "$DURATION"
kill -0 $SERVER 2>/dev/null && echo "server: still serving"
