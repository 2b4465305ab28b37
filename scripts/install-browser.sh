#!/usr/bin/env bash
# Installs what ServeIT, the browser test of `digitnet serve`'s page, drives: Debian's headless
# Chromium and its WebDriver (packages chromium and chromium-driver), unless both are there.
# Needs root, or sudo. .ci/run calls it before the tests; ServeIT calls it when they are missing.
set -euo pipefail

if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "error: chromium and chromium-driver are missing, and installing them needs root or sudo" >&2
  exit 1
fi
echo "install-browser.sh: installing chromium and chromium-driver..." >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q >&2
"${as_root[@]}" apt-get install -y -q chromium chromium-driver >&2
