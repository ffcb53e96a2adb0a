#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, for the results server's tests.
#
#   scripts/with-postgres.sh COMMAND...
#
# Installs Debian's postgresql if it is missing, makes a cluster in a temporary folder, starts
# it on a free port on 127.0.0.1 only, runs COMMAND with TQ_TEST_POSTGRES set to its URL
# (postgres://tq@127.0.0.1:PORT, trust authentication: nothing but this machine reaches it),
# then stops it and removes the folder, whatever COMMAND did.
#
# With TQ_POSTGRES_DATA=FOLDER, the cluster lives in FOLDER instead and is kept when COMMAND
# ends (made there the first time, started again after): make bench-scale keeps its ten
# million completions so, to resume a load or measure again without loading again.
set -euo pipefail

say() { printf '\033[1m[postgres]\033[0m %s\n' "$*"; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(pg_bin)" ]; then
  say "installing Debian's postgresql"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
fi
bin=$(pg_bin)

# initdb refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
keep="${TQ_POSTGRES_DATA:-}"
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  dir=$(cd "$keep" && pwd)
else
  dir=$(mktemp -d /tmp/tq-postgres.XXXXXX)
fi
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -n "$keep" ] || rm -rf "$dir"
}
trap stop EXIT

[ -f "$dir/data/PG_VERSION" ] || as_owner "$bin/initdb" -D "$dir/data" -A trust -U tq >/dev/null
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
say "a throwaway server on 127.0.0.1:$port ($("$bin/postgres" --version))"

export TQ_TEST_POSTGRES="postgres://tq@127.0.0.1:$port"
"$@"
