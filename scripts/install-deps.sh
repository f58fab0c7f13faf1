#!/usr/bin/env bash
# Installs node dependencies from the committed lock (npm ci) when they are missing or the lock changed. Runs that
# start together (two test commands in one checkout) take turns: the second finds the first's install done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec 9>"${TMPDIR:-/tmp}/norae-install-deps-$(pwd | cksum | cut -d' ' -f1).lock"
flock 9
if ! cmp -s package-lock.json node_modules/.norae-installed-lock 2>/dev/null; then
  echo "[deps] installing node dependencies from package-lock.json (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.norae-installed-lock
fi
