#!/usr/bin/env bash
# The whole test suite: unit and data tests on embedded PGlite, the data tests again on a
# throwaway PostgreSQL server, then the browser journeys in Debian's Chromium.
# Installs what is missing (postgresql, chromium, poppler-utils) first; needs root or passwordless apt.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/node_modules/.bin:$PATH"
log() { printf '\n== %s\n' "$*"; }

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/postgres" ] || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
# pdftotext reads a PDF back as text, for the tests that check what a PDF holds (issue 7: no names in it).
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing ${missing[*]}"
  apt_install "${missing[@]}"
fi

log "Building the stylesheet"
npm run --silent build:css

log "Type check and lint"
tsc -p tsconfig.lint.json
eslint --max-warnings=0 .
prettier --check . >/dev/null || { prettier --check .; exit 1; }

# A throwaway PostgreSQL server on 127.0.0.1, owned by an unprivileged user, removed on exit.
PGBIN="$(pg_bin)"
PGDIR="$(mktemp -d /tmp/harbour-pg-XXXXXX)"
PGPORT="${HARBOUR_TEST_PG_PORT:-$((20000 + RANDOM % 20000))}"
run_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  run_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] && chown postgres "$PGDIR"
log "Starting a throwaway PostgreSQL server on 127.0.0.1:$PGPORT"
run_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
  -o "-h 127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
export HARBOUR_TEST_PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"

log "Unit and data tests on embedded PGlite"
HARBOUR_TEST_DB=pglite vitest run

log "Data tests on PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
HARBOUR_TEST_DB=postgres vitest run --exclude 'src/domain/**'

log "Browser journeys in Chromium"
HARBOUR_TEST_DB=pglite vitest run --config vitest.e2e.config.ts

log "All tests passed"
