#!/usr/bin/env bash
# Installs node dependencies when they are missing or package-lock.json changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! cmp -s package-lock.json node_modules/.norae-installed-lock 2>/dev/null; then
  echo "[deps] installing node dependencies" >&2
  # npm install rather than npm ci: with omit-lockfile-registry-resolved, npm 11 ci rejects a lock that lacks
  # other platforms' optional binaries (e.g. @swc/core-darwin-*)
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.norae-installed-lock
fi
