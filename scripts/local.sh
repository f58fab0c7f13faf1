#!/usr/bin/env bash
# The README's run command: stack up, migrations, sample data, indices, then the API on $PORT (default 3000).
# Ctrl-C stops the API and whatever services this command started (NORAE_KEEP_STACK=1 keeps them running).
set -euo pipefail
# shellcheck source=stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"
stack_session local
[ "${NORAE_KEEP_STACK:-0}" = 1 ] || trap 'stack_down_owned' EXIT
stack_up

export APP_ENV="${APP_ENV:-local}"
export ES_URL
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:$PG_PORT/norae}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
export PORT="${PORT:-$API_PORT}"
npx tsx scripts/prepare.ts --samples
npx tsx src/main.ts
