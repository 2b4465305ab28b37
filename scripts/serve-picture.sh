#!/usr/bin/env bash
# Takes docs/images/serve.png, the README's picture of `digitnet serve`, with a trained model:
# ServeIT (headless Chromium driven by Selenium; scripts/install-browser.sh installs it) draws its
# 7 on the page that `scripts/run-local.sh serve` serves for RUN, checks the page against the
# server, and must get a 7 back; its screenshot is then copied into docs/images.
#
#   scripts/serve-picture.sh          trains conf/best.properties on the bundled digits into
#                                     runs/serve-picture (a few minutes on 2 cores), then the picture
#   scripts/serve-picture.sh RUN      the picture of RUN's model (a run folder)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUN="${1:-runs/serve-picture}"
if [ ! -f "$RUN/model.npz" ]; then
  if [ $# -gt 0 ]; then
    echo "error: $RUN/model.npz: no such file; give a run folder that train wrote" >&2
    exit 2
  fi
  scripts/run-local.sh train --conf conf/best.properties --data data/mnist-10k.csv.gz --out "$RUN" --quiet
fi

# Only ServeIT: no unit test (-Dtest=NONE) and no other integration test. Maven writes terminal
# colour codes even in batch mode and quiet; they are dropped (pipefail keeps Maven's status).
mvn -q -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ServeIT \
  -Dserve.model="$(cd "$RUN" && pwd)" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
cp target/it/serve/serve-page.png docs/images/serve.png
echo "wrote docs/images/serve.png: the page serving $RUN/model.npz, a drawn 7 read as 7"
