#!/usr/bin/env bash
# A private PostgreSQL server for the tests of directory/postgres:
#
#   scripts/pg.sh start DIR   # prints the admin URL on stdout
#   scripts/pg.sh stop DIR
#
# start makes a cluster in DIR (when DIR has none yet) with Debian's
# PostgreSQL binaries (/usr/lib/postgresql/*/bin, the newest; PG_BIN=...
# names another folder), starts it listening on 127.0.0.1 only, on port
# 55432 or, when that is taken, the next free one, and prints one line,
# the URL of its `postgres` database for the role `peerline`:
#
#   postgres://peerline@127.0.0.1:55432/postgres?sslmode=disable
#
# Hand it to the tests with `export PEERLINE_TEST_POSTGRES=<that URL>`.
# start on a cluster already running only prints its URL again; a cluster
# that was stopped starts again on its old port when that is still free.
# stop stops it (and says so, and succeeds, when nothing runs in DIR);
# DIR and the data stay until you remove them.
#
# This is a throwaway test server, not one to keep data in:
#  - anyone on this machine may connect to 127.0.0.1 as any role without a
#    password (trust authentication), and `peerline` is a superuser, so the
#    tests can create and drop their own databases;
#  - fsync, synchronous_commit and full_page_writes are off, to start and
#    run fast: a crash of the machine can lose or corrupt its data;
#  - it has no Unix socket: only TCP on 127.0.0.1.
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# `postgres` user (made by Debian's postgresql package): DIR is chowned to
# it, and initdb, pg_ctl and psql run as it. As any other user they run as
# that user. DIR must be empty or absent, or a cluster this script made.
#
# Nothing is installed here: without the binaries, start says to install
# them (apt-get install postgresql) and fails.
set -euo pipefail

die() { printf 'pg.sh: %s\n' "$*" >&2; exit 1; }
note() { printf 'pg.sh: %s\n' "$*" >&2; }

usage() { die "usage: scripts/pg.sh start|stop DIR"; }
[ $# -eq 2 ] || usage
cmd=$1
[ -n "$2" ] || usage
case $cmd in start | stop) ;; *) usage ;; esac

# DIR as an absolute path: the binaries run from / (as postgres they may
# not be able to enter the caller's folder).
dir=$2
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
dir=${dir%/}
[ -n "$dir" ] || die "DIR must not be /"
data=$dir/data
cd /

# as_pg CMD...: run CMD as the cluster's owner.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 ||
    die "no 'postgres' user, which must own the cluster when run as root: install PostgreSQL with: apt-get install postgresql"
  if command -v runuser >/dev/null 2>&1; then
    as_pg() { runuser -u postgres -- "$@"; }
  else
    as_pg() { su -s /bin/sh postgres -c "$(printf '%q ' "$@")"; }
  fi
else
  as_pg() { "$@"; }
fi

# The folder of PostgreSQL's server binaries: $PG_BIN, or Debian's newest.
find_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/initdb" ] ||
      die "PG_BIN=$PG_BIN has no pg_ctl and initdb"
    echo "$PG_BIN"
    return
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then
      echo "$d"
      return
    fi
  done
  die "PostgreSQL's server binaries are not installed (looked for /usr/lib/postgresql/*/bin/pg_ctl); install them with: apt-get install postgresql"
}

running() { [ -d "$data" ] && as_pg "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; }

# The port of the running server: line 4 of postmaster.pid.
running_port() { sed -n 4p "$data/postmaster.pid"; }

url() { printf 'postgres://peerline@127.0.0.1:%s/postgres?sslmode=disable\n' "$1"; }

# in_use PORT: something answers on 127.0.0.1:PORT.
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ "$cmd" = stop ]; then
  if [ ! -f "$data/PG_VERSION" ]; then
    note "no cluster in $dir: nothing to stop"
    exit 0
  fi
  bin=$(find_bin)
  if ! running; then
    note "the cluster in $dir is not running"
    exit 0
  fi
  as_pg "$bin/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null ||
    die "pg_ctl stop failed; the server's log is $dir/postgres.log"
  note "stopped the cluster in $dir"
  exit 0
fi

# start.
bin=$(find_bin)

if running; then
  url "$(running_port)"
  exit 0
fi

if [ ! -f "$data/PG_VERSION" ]; then
  # A new cluster. Refuse a DIR that holds anything else: it is chowned.
  if [ -e "$dir" ]; then
    [ -d "$dir" ] || die "$dir is not a folder"
    [ -z "$(ls -A "$dir")" ] || die "$dir is neither empty nor a cluster made by this script: give an empty or new folder"
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"
  as_pg test -w "$dir" ||
    die "the postgres user cannot write to $dir (is a folder above it closed to others?): use a folder under /tmp"

  locale=(--no-locale)
  if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
    locale=(--locale=C.UTF-8)
  fi
  note "making a cluster in $dir with $bin"
  if ! as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust \
    --encoding=UTF8 "${locale[@]}" >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  # Test-cluster settings (see the top of this file). fsync,
  # synchronous_commit and full_page_writes off make it start and run fast
  # and are unsafe for data anyone keeps; the port is given at each start.
  as_pg tee -a "$data/postgresql.conf" >/dev/null <<'EOF'

# --- scripts/pg.sh: a throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
fi

# The port: the one used last time, else 55432, else the next free one.
# A port that looks free can still be taken by the time the server binds
# it, so a start that fails to bind tries the next.
ports=()
if [ -f "$dir/port" ]; then
  ports+=("$(cat "$dir/port")")
fi
for p in $(seq 55432 55531); do ports+=("$p"); done

started=
tries=0
log=$dir/postgres.log
for port in "${ports[@]}"; do
  in_use "$port" && continue
  tries=$((tries + 1))
  [ "$tries" -le 5 ] || break
  logsize=$(stat -c %s "$log" 2>/dev/null || echo 0)
  if as_pg "$bin/pg_ctl" start -D "$data" -w -t 60 -l "$log" \
    -o "-p $port" >/dev/null 2>&1; then
    started=$port
    break
  fi
  # Only this attempt's part of the log.
  if tail -c +"$((logsize + 1))" "$log" 2>/dev/null | grep -q 'could not bind\|could not create any TCP/IP sockets'; then
    note "port $port is taken; trying another"
    continue
  fi
  tail -c +"$((logsize + 1))" "$log" 2>/dev/null | tail -n 20 >&2 || true
  die "pg_ctl start failed; the server's log is $log"
done
[ -n "$started" ] || die "found no free port in 55432-55531 on 127.0.0.1"
echo "$started" | as_pg tee "$dir/port" >/dev/null

# The role the tests use: a superuser, so they may create databases.
as_pg "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$started" -U postgres -d postgres \
  -c "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'peerline') THEN
          CREATE ROLE peerline LOGIN SUPERUSER;
        END IF;
      END \$\$;" >/dev/null ||
  die "could not create the role peerline"

note "started PostgreSQL $("$bin/pg_ctl" --version | sed -n 's/.*(PostgreSQL) \([^ ]*\).*/\1/p') in $dir on 127.0.0.1:$started (log: $dir/postgres.log)"
url "$started"
