#!/usr/bin/env bash
# How long `peerline import` takes with a 100,000-group HSDS 3 package
# (issue 13: under 10 s into SQLite, under 30 s into PostgreSQL):
#
#   bash scripts/importbench.sh
#   PEERLINE_TEST_POSTGRES=postgres://peerline@127.0.0.1:55432/postgres?sslmode=disable bash scripts/importbench.sh
#
# It builds peerline and cmd/loadgen into a temporary folder. The package
# is made once and kept: loadgen --make-directory writes the fictional
# directory the load test uses (directory.Synthetic, the flat CSV),
# `peerline import` loads it into a scratch SQLite file, and `peerline
# export --format hsds` writes the package from it, as staff would get
# one. Then each run times the real command, `peerline import --db DB
# PACKAGE`, into a new SQLite file, and, when $PEERLINE_TEST_POSTGRES
# names a server (the URL of a role that may create databases, as for
# the tests), into a new PostgreSQL database made with psql and dropped
# after. It prints the seconds of every run and their median.
#
# Knobs (environment): IMPORTBENCH_GROUPS (100000), IMPORTBENCH_RUNS (3),
# IMPORTBENCH_CACHE (where the package is kept: ${TMPDIR:-/tmp}/peerline-importbench),
# IMPORTBENCH_PEERLINE (a peerline binary to time instead of this tree's,
# e.g. one built from an older commit; the package is still made with
# this tree's), IMPORTBENCH_ENGINES ("sqlite postgres"). Exit status: 0
# when every import succeeded.
set -euo pipefail
cd "$(dirname "$0")/.."

groups=${IMPORTBENCH_GROUPS:-100000}
runs=${IMPORTBENCH_RUNS:-3}
cache=${IMPORTBENCH_CACHE:-${TMPDIR:-/tmp}/peerline-importbench}
engines=${IMPORTBENCH_ENGINES:-sqlite postgres}
admin=${PEERLINE_TEST_POSTGRES:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/peerline-importbench-run.XXXXXX")
dbs=() # PostgreSQL databases made, dropped on exit

. scripts/lib.sh # say

cleanup() {
  local db
  for db in "${dbs[@]}"; do
    psql "$admin" -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
      echo "could not drop the database $db; drop it by hand"
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

say "machine"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "system: $(uname -sr), $(go version | cut -d' ' -f3)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on these cores slows every figure)"

say "build"
export CGO_ENABLED=1
timeout 900 go build -o "$work/peerline" ./cmd/peerline
timeout 900 go build -o "$work/loadgen" ./cmd/loadgen
peerline=${IMPORTBENCH_PEERLINE:-$work/peerline}
echo "timing $peerline"

pkg=$cache/hsds-$groups
say "package: $groups groups"
if [ -f "$pkg/datapackage.json" ]; then
  echo "kept from before: $pkg (remove $cache to make it again)"
else
  mkdir -p "$cache"
  scratch=$(mktemp -d "$cache/making.XXXXXX")
  timeout 300 "$work/loadgen" --make-directory "$groups" "$scratch/directory.csv"
  timeout 900 "$work/peerline" import --db "$scratch/scratch.db" "$scratch/directory.csv" >/dev/null
  timeout 900 "$work/peerline" export --db "$scratch/scratch.db" --format hsds "$scratch/package"
  rm -rf "$pkg"
  mv "$scratch/package" "$pkg"
  rm -rf "$scratch"
  echo "made $pkg ($(du -sh "$pkg" | cut -f1))"
fi

# db_url NAME: the admin URL with its database replaced by NAME.
db_url() {
  local base=${admin%%\?*} query=
  [ "$base" = "$admin" ] || query="?${admin#*\?}"
  local rest=${base#*://}
  if [[ $rest == */* ]]; then
    base=${base%/*}
  fi
  printf '%s/%s%s\n' "$base" "$1" "$query"
}

# import_into DB: one timed `peerline import`; prints the seconds, and
# the CPU seconds (user + system) the command used when /usr/bin/time can
# say: on a busy machine the wall clock alone misleads.
import_into() {
  local start out took cpu=
  start=$(now)
  if [ -x /usr/bin/time ]; then
    out=$(timeout 900 /usr/bin/time -f '%U %S' -o "$work/time" "$peerline" import --db "$1" "$pkg" 2>&1) || {
      echo "peerline import failed:" >&2
      echo "$out" >&2
      return 1
    }
    cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$work/time")
  elif ! out=$(timeout 900 "$peerline" import --db "$1" "$pkg" 2>&1); then
    echo "peerline import failed:" >&2
    echo "$out" >&2
    return 1
  fi
  took=$(since "$start")
  if ! grep -q " $groups added" <<<"$out"; then
    echo "peerline import did not add $groups groups:" >&2
    echo "$out" >&2
    return 1
  fi
  echo "$took $cpu"
}

declare -A results
for engine in $engines; do
  case $engine in
  sqlite) ;;
  postgres)
    if [ -z "$admin" ]; then
      say "postgres: skipped (set PEERLINE_TEST_POSTGRES to a server's admin URL)"
      continue
    fi
    command -v psql >/dev/null || { say "postgres: skipped (no psql to make a database with)"; continue; }
    ;;
  *)
    echo "unknown engine $engine (sqlite, postgres)" >&2
    exit 2
    ;;
  esac
  say "$engine: $runs imports of $groups groups into an empty database"
  for i in $(seq 1 "$runs"); do
    if [ "$engine" = sqlite ]; then
      db=$work/import-$i.db
    else
      name=peerline_importbench_$$_$i
      psql "$admin" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$name\" TEMPLATE template0 ENCODING 'UTF8'" >/dev/null
      dbs+=("$name")
      db=$(db_url "$name")
    fi
    res=$(import_into "$db")
    read -r s cpu <<<"$res"
    echo "run $i: $s s${cpu:+, $cpu s of CPU} (load average $(cut -d' ' -f1 /proc/loadavg))"
    results[$engine]="${results[$engine]:-} $s"
    if [ "$engine" = sqlite ]; then
      rm -f "$db" "$db-wal" "$db-shm"
    fi
  done
done

say "summary: peerline import of $groups groups (seconds)"
for engine in $engines; do
  [ -n "${results[$engine]:-}" ] || continue
  target=10
  [ "$engine" = postgres ] && target=30
  echo "$engine:${results[$engine]}  median $(median <<<"${results[$engine]}")  (target: under $target)"
done
