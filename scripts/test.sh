#!/usr/bin/env bash
# The README's test command: brings up what the tests need (reusing services that already answer),
# on a separate database, index prefix and Redis prefix, runs jest, and stops whatever it started.
set -euo pipefail
# shellcheck source=stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"
stack_session "test-$$"
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && is_root; then
  log "installing Debian's chromium for the browser tests"
  apt_install chromium || log "could not install chromium"
fi
trap 'stack_down_owned' EXIT
stack_up

# NORAE_TEST_NAME gives parallel runs (several developers on one machine) their own database and prefixes.
name="test${NORAE_TEST_NAME:+_$NORAE_TEST_NAME}"
export APP_ENV=test
export ES_URL
export ES_INDEX_PREFIX="norae_${name}_"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/norae_${name}"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export REDIS_PREFIX="norae:${name}:"
export CRON_ENABLED=false
# suites write far more than a person would; tests of the limits set their own (tests/limits)
export RATE_LIMIT_WRITE_PER_MINUTE=1000000
export RATE_LIMIT_BAD_TOKENS_PER_MINUTE=1000000
export RATE_LIMIT_SIGNUP_PER_MINUTE=1000000
npx tsx scripts/prepare.ts --fresh

set +e
# the whole program typechecks before any test runs (jest compiles each file on its own, without type errors), is
# formatted as .prettierrc.json says, and keeps the layering of .dependency-cruiser.js
if [ "$#" -eq 0 ]; then
  npm run --silent typecheck || exit 1
  npm run --silent format:check || { log "files not formatted: npm run format"; exit 1; }
  npm run --silent deps:check || exit 1
fi
npx jest --runInBand "$@"
code=$?
set -e
exit $code
