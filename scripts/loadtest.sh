#!/usr/bin/env bash
# The load test behind the README's figures, in one command:
#
#   bash scripts/loadtest.sh              # one server on SQLite
#   bash scripts/loadtest.sh --postgres   # two servers sharing one PostgreSQL database
#
# It builds peerline and cmd/loadgen into a temporary folder, makes a
# fictional 100,000-group directory and imports it with `peerline import`,
# starts `peerline serve` on 127.0.0.1 with signatures checked (a made-up
# token) and "text me" sent to a fake Twilio REST API on 127.0.0.1, and
# runs 200 callers and 20 texters for 60 s, then the same load against a
# bare fixed-TwiML handler for the ratios. During the load it takes a
# backup (when this build has `peerline backup`, on SQLite) and checks
# it; after, it reads /metrics and `peerline report` (when present),
# stops the server, and fails if the server's log holds a full phone
# number. It reports each server's CPU time, and per webhook.
#
# With PostgreSQL (--postgres, or LOADTEST_POSTGRES) it creates a fresh
# database, imports the same directory into it, and starts
# LOADTEST_SERVERS (2) `peerline serve` on as many ports against it, all
# checking signatures against the first one's URL, as behind a load
# balancer. loadgen gets every server's URL and sends each request of a
# call or a text conversation to the next server in turn, so that no
# step is answered by the server that answered the step before: a server
# that kept a call's state in memory would fail the run (loadgen checks
# that each answer is the step the call flow leads to, not an apology or
# a call started over). The PostgreSQL server's own CPU time is
# reported too when it runs on this machine. The database is dropped at
# the end (unless LOADTEST_KEEP=1).
#
# All traffic stays on 127.0.0.1. Every wait is bounded; the temporary
# folder and every process it started are removed on exit.
#
# Knobs (environment): LOADTEST_GROUPS (100000), LOADTEST_CALLERS (200),
# LOADTEST_TEXTERS (20), LOADTEST_SECONDS (60), LOADTEST_KEEP=1 keeps
# the temporary folder (and the PostgreSQL database);
# LOADTEST_POSTGRES: unset or empty for SQLite; 1 for a PostgreSQL server
# on this machine: the one $PEERLINE_TEST_POSTGRES names, else a private
# cluster scripts/pg.sh makes in a temporary folder and removes after; or
# a postgres:// URL on 127.0.0.1 (a role that may create databases).
# --postgres is LOADTEST_POSTGRES=1, --postgres=URL that URL.
# LOADTEST_SERVERS: how many servers share the PostgreSQL database (2);
# SQLite has 1. Exit status: 0 when every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: bash scripts/loadtest.sh [--postgres[=URL]]   (knobs: see the top of the script)" >&2
  exit 2
}
for arg in "$@"; do
  case $arg in
    --postgres) LOADTEST_POSTGRES=${LOADTEST_POSTGRES:-1} ;;
    --postgres=?*) LOADTEST_POSTGRES=${arg#--postgres=} ;;
    *) usage ;;
  esac
done
postgres=${LOADTEST_POSTGRES:-}
case $postgres in
  "" | 0) postgres="" servers=${LOADTEST_SERVERS:-1} ;;
  1 | postgres://* | postgresql://*) servers=${LOADTEST_SERVERS:-2} ;;
  *) echo "LOADTEST_POSTGRES=$postgres: want 1 or a postgres:// URL" >&2; usage ;;
esac
if ! [[ $servers =~ ^[1-9]$ ]]; then
  echo "LOADTEST_SERVERS=$servers: want 1 to 9" >&2
  usage
fi
if [ -z "$postgres" ] && [ "$servers" != 1 ]; then
  echo "LOADTEST_SERVERS=$servers: SQLite is served by one process; several need PostgreSQL (--postgres)" >&2
  usage
fi

groups=${LOADTEST_GROUPS:-100000}
callers=${LOADTEST_CALLERS:-200}
texters=${LOADTEST_TEXTERS:-20}
seconds=${LOADTEST_SECONDS:-60}
token=loadtest0made0up0token             # made up; alphanumeric, as Twilio's are
sid=AC00000000000000000000000000000000   # made up

work=$(mktemp -d "${TMPDIR:-/tmp}/peerline-loadtest.XXXXXX")
server_pids=() twilio_pid="" load_pid=""
pg_dir=""  # the private cluster's folder, when this run made one
admin=""   # PostgreSQL: a URL to create and drop the database through
db_name="" # PostgreSQL: the database this run created
failures=()

. scripts/lib.sh # say, stop
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "FAIL: $*"; failures+=("$*"); }

cleanup() {
  local pid
  for pid in "$load_pid" "${server_pids[@]}" "$twilio_pid"; do
    stop "$pid" || true
  done
  if [ -n "$db_name" ]; then
    if [ "${LOADTEST_KEEP:-0}" = 1 ]; then
      echo "kept the database $db_name"
    else
      # WITH (FORCE) (PostgreSQL 13 and later) ends any session left over.
      timeout 60 psql -X -q "$admin" -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" >/dev/null 2>&1 ||
        timeout 60 psql -X -q "$admin" -c "DROP DATABASE IF EXISTS $db_name" >/dev/null 2>&1 ||
        echo "could not drop the database $db_name"
    fi
  fi
  if [ -n "$pg_dir" ]; then
    timeout 120 scripts/pg.sh stop "$pg_dir" 2>/dev/null || true
    [ "${LOADTEST_KEEP:-0}" = 1 ] || rm -rf "$pg_dir"
  fi
  if [ "${LOADTEST_KEEP:-0}" = 1 ]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "machine"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "system: $(uname -sr)"
echo "go:     $(go version)"
# How busy the machine already is: other work lowers every figure below.
# busy, idle and stolen (by the hypervisor) ticks, all cores together
cpu_stat() { awk '/^cpu / {print $2+$3+$4+$7+$8, $5+$6, $9}' /proc/stat; }
busy_between() { # the share of CPU time that was busy, and stolen, between two cpu_stat readings
  awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { split(a, x, " "); split(b, y, " "); w = y[1]-x[1]; s = y[3]-x[3]; t = w + y[2]-x[2] + s
    printf "%.0f%% busy (%.1f core-seconds), %.0f%% stolen", t ? 100*w/t : 0, w / hz, t ? 100*s/t : 0 }'
}
before=$(cpu_stat)
sleep 2
echo "CPU before the test: $(busy_between "$before" "$(cpu_stat)") (load average $(cut -d' ' -f1-3 /proc/loadavg)); the generator and the server share these cores"

say "build"
export CGO_ENABLED=1
timeout 900 go build -o "$work/peerline" ./cmd/peerline
timeout 900 go build -o "$work/loadgen" ./cmd/loadgen
echo "built peerline and loadgen into $work"

if [ -n "$postgres" ]; then
  say "PostgreSQL"
  command -v psql >/dev/null || { echo "psql is missing: install PostgreSQL's client (apt-get install postgresql-client)"; exit 1; }
  if [ "$postgres" != 1 ]; then
    admin=$postgres
    echo "the server LOADTEST_POSTGRES names"
  elif [ -n "${PEERLINE_TEST_POSTGRES:-}" ]; then
    admin=$PEERLINE_TEST_POSTGRES
    echo "the server PEERLINE_TEST_POSTGRES names"
  else
    # Its own folder: as root, scripts/pg.sh hands it to the postgres
    # user, who cannot enter $work.
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/peerline-loadtest-pg.XXXXXX")
    admin=$(timeout 180 scripts/pg.sh start "$pg_dir")
    echo "a private cluster in $pg_dir (scripts/pg.sh)"
  fi
  # The database's URL: the admin URL's, with the database renamed.
  if ! [[ $admin =~ ^(postgres(ql)?://[^/?]+)(/[^?]*)?(\?.*)?$ ]]; then
    echo "the PostgreSQL URL does not read as postgres://user@host:port/database"
    exit 1
  fi
  authority=${BASH_REMATCH[1]} params=${BASH_REMATCH[4]}
  host=${authority#*://}
  host=${host##*@}
  case $host in
    127.0.0.1 | 127.0.0.1:* | localhost | localhost:* | "[::1]" | "[::1]:"*) ;;
    *) echo "PostgreSQL at $host: this run only talks to 127.0.0.1"; exit 1 ;;
  esac
  timeout 30 psql -X -q -v ON_ERROR_STOP=1 "$admin" -c "SELECT 1" >/dev/null || { echo "cannot reach PostgreSQL at $host"; exit 1; }
  db_name="peerline_loadtest_$$_$RANDOM"
  timeout 60 psql -X -q -v ON_ERROR_STOP=1 "$admin" -c "CREATE DATABASE $db_name" >/dev/null
  db="$authority/$db_name$params"
  echo "PostgreSQL $(psql -X -Atq "$db" -c 'SHOW server_version') at $host: a fresh database $db_name"
  echo "settings: $(psql -X -Atq "$db" -c "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'max_connections', 'shared_buffers', 'full_page_writes')")"
fi

say "directory: $groups fictional groups"
[ -n "$postgres" ] || db="$work/peerline.db"
timeout 300 "$work/loadgen" --make-directory "$groups" "$work/directory.csv"
start=$(now)
timeout 900 "$work/peerline" import --db "$db" "$work/directory.csv"
echo "imported in $(since "$start") s"
if [ -n "$postgres" ]; then
  got=$(psql -X -Atq "$db" -c "SELECT count(*) FROM groups")
  [ "$got" = "$groups" ] || { echo "the database holds $got groups, not $groups"; exit 1; }
  echo "$db_name: $got groups, $(psql -X -Atq "$db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
else
  timeout 300 "$work/loadgen" --check-db "$db" --want-groups "$groups"
fi

say "servers"
"$work/loadgen" --fake-twilio "$work/twilio.url" --duration 30m >"$work/twilio.log" 2>&1 &
twilio_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/twilio.url" ] && break
  sleep 0.1
done
[ -s "$work/twilio.url" ] || { echo "the fake Twilio API did not start"; cat "$work/twilio.log"; exit 1; }
twilio_url=$(cat "$work/twilio.url")

urls=()
for i in $(seq 1 "$servers"); do
  urls+=("http://127.0.0.1:$("$work/loadgen" --free-port)")
done
# Every server checks signatures against the first one's URL: the one
# address Twilio calls (a load balancer's, with several).
public=${urls[0]}
for i in "${!urls[@]}"; do
  # A clean environment: nothing from this shell changes what is measured.
  env -i PATH="$PATH" HOME="$HOME" \
    TWILIO_AUTH_TOKEN="$token" PEERLINE_PUBLIC_URL="$public" \
    TWILIO_ACCOUNT_SID="$sid" TWILIO_FROM=+17055550100 TWILIO_API_BASE_URL="$twilio_url" \
    "$work/peerline" serve --addr "${urls[$i]#http://}" --db "$db" >"$work/server$((i + 1)).log" 2>&1 &
  server_pids+=($!)
done
for i in "${!urls[@]}"; do
  healthy=0
  for _ in $(seq 1 150); do
    kill -0 "${server_pids[$i]}" 2>/dev/null || break
    if curl -fsS --max-time 2 "${urls[$i]}/healthz" >/dev/null 2>&1; then
      healthy=1
      break
    fi
    sleep 0.2
  done
  if [ "$healthy" != 1 ]; then
    echo "peerline serve $((i + 1)) did not answer /healthz within 30 s:"
    cat "$work/server$((i + 1)).log"
    exit 1
  fi
done
if [ "$servers" = 1 ]; then
  echo "peerline serve is up at ${urls[0]} (signatures checked; texts go to the fake Twilio API at $twilio_url)"
else
  echo "$servers peerline serve are up at ${urls[*]}, on one database (signatures checked against $public; texts go to the fake Twilio API at $twilio_url)"
fi

# PostgreSQL's processes, when they run on this machine: the postmaster
# is the parent of its checkpointer (a process that lives as long as it).
pg_master=""
if [ -n "$postgres" ]; then
  backend=$(psql -X -Atq "$db" -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'" 2>/dev/null || true)
  if [ -n "$backend" ] && [ -r "/proc/$backend/status" ]; then
    pg_master=$(awk '/^PPid:/ {print $2}' "/proc/$backend/status")
    [ "$(cat "/proc/$pg_master/comm" 2>/dev/null)" = postgres ] || pg_master=""
  fi
  [ -n "$pg_master" ] || echo "PostgreSQL's processes are not visible here: its CPU time is not measured"
fi

say "load: $callers callers and $texters texters for ${seconds}s against peerline ($servers server$([ "$servers" = 1 ] || echo s)), then against the baseline"
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; } # in the kernel: system calls, the network
# pg_stats: the database's transactions and rows read so far.
pg_stats() { psql -X -Atq -F' ' "$db" -c "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched FROM pg_stat_database WHERE datname = current_database()" 2>/dev/null || echo "0 0"; }
# tree_ticks PID: the CPU ticks of a process and its children, living and
# reaped (PostgreSQL's postmaster and its backends).
tree_ticks() {
  local t=0 pid
  for pid in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
    t=$((t + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
declare -a ticks_before ticks_after sys_before sys_after
for i in "${!server_pids[@]}"; do
  ticks_before[$i]=$(cpu_ticks "${server_pids[$i]}") sys_before[$i]=$(sys_ticks "${server_pids[$i]}")
done
[ -z "$pg_master" ] || pg_before=$(tree_ticks "$pg_master")
[ -z "$postgres" ] || pg_stats_before=$(pg_stats)
machine_before=$(cpu_stat)
load_start=$(date +%s)
url_list=$(IFS=,; echo "${urls[*]}")
timeout $((2 * seconds + 120)) "$work/loadgen" --url "$url_list" --public-url "$public" --token "$token" --baseline \
  --callers "$callers" --texters "$texters" --duration "${seconds}s" >"$work/load.txt" 2>&1 &
load_pid=$!

# A backup while the line is busy: a third of the way into peerline's run.
sleep $((seconds / 3))
backup_help=$("$work/peerline" backup --help 2>&1) && backup_ok=1 || backup_ok=0
if [ -n "$postgres" ]; then
  echo "backup: not taken (peerline backup copies SQLite; PostgreSQL is backed up with its own tools)"
elif [ "$backup_ok" = 1 ] || grep -q "usage: peerline backup" <<<"$backup_help"; then
  echo "backup during the load, $(($(date +%s) - load_start)) s into peerline's run:"
  start=$(now)
  if timeout 120 "$work/peerline" backup --db "$db" "$work/backup.db"; then
    echo "  took $(since "$start") s"
    timeout 300 "$work/loadgen" --check-db "$work/backup.db" --want-groups "$groups" || fail "the backup taken under load does not pass the check"
  else
    fail "peerline backup under load"
  fi
else
  echo "backup: not available in this build"
fi
# Peerline's share of the run ends after $seconds (and requests in
# flight); read the servers' CPU time then.
left=$((load_start + seconds + 2 - $(date +%s)))
[ "$left" -le 0 ] || sleep "$left"
for i in "${!server_pids[@]}"; do
  ticks_after[$i]=$(cpu_ticks "${server_pids[$i]}") sys_after[$i]=$(sys_ticks "${server_pids[$i]}")
done
[ -z "$pg_master" ] || pg_after=$(tree_ticks "$pg_master")
[ -z "$postgres" ] || pg_stats_after=$(pg_stats)
machine_after=$(cpu_stat)

load_status=0
wait "$load_pid" || load_status=$?
load_pid=""
cat "$work/load.txt"
[ "$load_status" = 0 ] || fail "loadgen exited $load_status (requests failed, or it could not run)"
echo
# Each server's CPU time, and per webhook: per HTTP request loadgen sent it.
servers_cpu=0 webhooks=0
for i in "${!server_pids[@]}"; do
  t=$((ticks_after[i] - ticks_before[i]))
  servers_cpu=$((servers_cpu + t))
  sent=$(awk -v u="${urls[$i]}:" '$1 == "sent" && $3 == u {print $4; exit}' "$work/load.txt")
  webhooks=$((webhooks + ${sent:-0}))
  awk -v n=$((i + 1)) -v t="$t" -v sys=$((sys_after[i] - sys_before[i])) -v hz="$hz" -v sent="${sent:-0}" -v s="$seconds" -v c="$(nproc)" 'BEGIN {
    printf "server %d CPU during peerline'\''s %ds: %.1f s of %d core-seconds (%.0f%% in the kernel)", n, s, t / hz, s * c, t ? 100 * sys / t : 0
    if (sent > 0) printf ", %.3f ms per webhook (%d webhooks)", 1000 * t / hz / sent, sent
    printf "\n" }'
done
pg_cpu=0
if [ -n "$pg_master" ]; then
  pg_cpu=$((pg_after - pg_before))
  awk -v t="$pg_cpu" -v hz="$hz" -v n="$webhooks" 'BEGIN {
    printf "PostgreSQL CPU (postmaster and backends): %.1f s", t / hz
    if (n > 0) printf ", %.3f ms per webhook", 1000 * t / hz / n
    printf "\n" }'
fi
if [ -n "$postgres" ]; then
  awk -v a="$pg_stats_before" -v b="$pg_stats_after" -v n="$webhooks" 'BEGIN { split(a, x, " "); split(b, y, " ")
    printf "PostgreSQL: %d transactions (%.1f per webhook), %d rows read\n", y[1] - x[1], n ? (y[1] - x[1]) / n : 0, y[2] - x[2] }'
fi
echo "the whole machine during peerline's run: $(busy_between "$machine_before" "$machine_after"): the servers', the generator's (above)$([ -z "$postgres" ] || echo ", PostgreSQL's") and any other work's"
awk -v a="$machine_before" -v b="$machine_after" -v sv="$servers_cpu" -v pg="$pg_cpu" -v hz="$hz" \
  -v gen="$(awk '/^CPU used by the generator:/ {print $6; exit}' "$work/load.txt")" 'BEGIN {
  split(a, x, " "); split(b, y, " "); w = (y[1] - x[1]) / hz
  printf "  of which: servers %.1f, generator %.1f", sv / hz, gen
  if (pg > 0) printf ", PostgreSQL %.1f", pg / hz
  printf ", other processes %.1f core-seconds\n", w - sv / hz - gen - pg / hz }'
for i in "${!server_pids[@]}"; do
  grep -E '^(VmHWM|VmRSS)' "/proc/${server_pids[$i]}/status" | sed "s/^/server $((i + 1)) /"
done

say "metrics"
for i in "${!urls[@]}"; do
  metrics=$(curl -s --max-time 5 "${urls[$i]}/metrics" || true)
  if ! grep -q '^peerline_' <<<"$metrics"; then
    echo "metrics: not available in this build"
    break
  fi
  if [ "$servers" = 1 ]; then
    grep '^peerline_' <<<"$metrics" | grep -v '_bucket' | head -60
  else
    echo "server $((i + 1)) (searches by category left out):"
    grep '^peerline_' <<<"$metrics" | grep -v '_bucket' | grep -v '^peerline_searches_total' | head -60 | sed 's/^/  /'
  fi
done

say "report"
report_help=$("$work/peerline" report --help 2>&1) && report_ok=1 || report_ok=0
if [ "$report_ok" = 1 ] || grep -q "usage: peerline report" <<<"$report_help"; then
  timeout 120 "$work/peerline" report --db "$db" | head -60 || fail "peerline report after the load"
else
  echo "report: not available in this build"
fi

say "stop"
for i in "${!server_pids[@]}"; do
  serve_status=0
  stop "${server_pids[$i]}" || serve_status=$?
  server_pids[i]=""
  [ "$serve_status" = 0 ] || fail "peerline serve $((i + 1)) exited $serve_status on SIGINT"
  echo "peerline serve $((i + 1)) stopped (exit $serve_status)"
done
stop "$twilio_pid" || true
twilio_pid=""
cat "$work/twilio.log"

for i in "${!urls[@]}"; do
  log="$work/server$((i + 1)).log"
  if [ "$servers" = 1 ]; then say "the server's log"; else say "server $((i + 1))'s log"; fi
  echo "$(wc -l <"$log") lines: $(grep -c 'level=WARN' "$log" || true) warnings, $(grep -c 'level=ERROR' "$log" || true) errors"
  # Each kind of warning and error once, with any digits that follow +1 masked.
  grep -E 'level=(WARN|ERROR)' "$log" | sed -E 's/^time=[^ ]+ //; s/\+1[0-9]+/+1…/g' | sort | uniq -c | sort -rn | head -20 || true
  if grep -qE '\+1[0-9]{10}' "$log"; then
    fail "server $((i + 1))'s log holds $(grep -cE '\+1[0-9]{10}' "$log") lines with a full phone number"
    grep -nE '\+1[0-9]{10}' "$log" | sed -E 's/\+1[0-9]{8}/+1********/g' | head -5
  else
    echo "no full phone number in the log"
  fi
done

say "result"
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'FAILED: %s\n' "${failures[@]}"
  exit 1
fi
echo "load test passed: $(cut -d' ' -f1-3 /proc/loadavg) load average after"
