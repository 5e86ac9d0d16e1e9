#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on loopback, then remove it.
#
#   tools/with_postgres.sh .venv/bin/python -m pytest -q -p no:cacheprovider tests/core
#
# The cluster lives in a temporary folder, listens on 127.0.0.1 only, on a free port,
# with trust authentication (nothing else can reach it). The command sees
# CATTOOL_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/postgres, which
# makes the test fixtures create a fresh database per test. Run as root, the server runs
# as the `postgres` user (PostgreSQL refuses to run as root). Needs the distribution's
# PostgreSQL server package (Debian/Ubuntu: postgresql).
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
    bindir=$candidate
    break
  fi
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v initdb)")
fi
if [ -z "$bindir" ]; then
  echo "$0: PostgreSQL server programs (initdb, pg_ctl) not found; install 'postgresql'." >&2
  exit 2
fi

run_as=()
if [ "$(id -u)" = "0" ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "$0: running as root needs a 'postgres' user (the postgresql package makes one)." >&2
    exit 2
  fi
  run_as=(runuser -u postgres --)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cattool-pg.XXXXXX")
chmod 755 "$tmp"
if [ ${#run_as[@]} -gt 0 ]; then chown postgres "$tmp"; fi
data="$tmp/data"

cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap "exit 143" TERM
trap "exit 130" INT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
  >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
# Speed over durability: a throwaway cluster for tests.
"${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$tmp/server.log" >&2; exit 1; }

export CATTOOL_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
echo "$("$bindir/postgres" --version) on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
set -e
exit $status
