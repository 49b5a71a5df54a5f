#!/usr/bin/env bash
# The load test behind the README's figures, in one command:
#
#   bash scripts/loadtest.sh
#
# It builds peerline and cmd/loadgen into a temporary folder, makes a
# fictional 100,000-group directory and imports it with `peerline import`,
# starts `peerline serve` on 127.0.0.1 with signatures checked (a made-up
# token) and "text me" sent to a fake Twilio REST API on 127.0.0.1, and
# runs 200 callers and 20 texters for 60 s, then the same load against a
# bare fixed-TwiML handler for the ratios. During the load it takes a
# backup (when this build has `peerline backup`) and checks it; after,
# it reads /metrics and `peerline report` (when present), stops the
# server, and fails if the server's log holds a full phone number.
#
# All traffic stays on 127.0.0.1. Every wait is bounded; the temporary
# folder and every process it started are removed on exit.
#
# Knobs (environment): LOADTEST_GROUPS (100000), LOADTEST_CALLERS (200),
# LOADTEST_TEXTERS (20), LOADTEST_SECONDS (60), LOADTEST_KEEP=1 keeps
# the temporary folder. Exit status: 0 when every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."

groups=${LOADTEST_GROUPS:-100000}
callers=${LOADTEST_CALLERS:-200}
texters=${LOADTEST_TEXTERS:-20}
seconds=${LOADTEST_SECONDS:-60}
token=loadtest0made0up0token             # made up; alphanumeric, as Twilio's are
sid=AC00000000000000000000000000000000   # made up

work=$(mktemp -d "${TMPDIR:-/tmp}/peerline-loadtest.XXXXXX")
server_pid="" twilio_pid="" load_pid=""
failures=()

. scripts/lib.sh # say, stop
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "FAIL: $*"; failures+=("$*"); }

cleanup() {
  local pid
  for pid in "$load_pid" "$server_pid" "$twilio_pid"; do
    stop "$pid" || true
  done
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

say "directory: $groups fictional groups"
db="$work/peerline.db"
timeout 300 "$work/loadgen" --make-directory "$groups" "$work/directory.csv"
start=$(now)
timeout 900 "$work/peerline" import --db "$db" "$work/directory.csv"
echo "imported in $(since "$start") s"
timeout 300 "$work/loadgen" --check-db "$db" --want-groups "$groups"

say "server"
"$work/loadgen" --fake-twilio "$work/twilio.url" --duration 30m >"$work/twilio.log" 2>&1 &
twilio_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/twilio.url" ] && break
  sleep 0.1
done
[ -s "$work/twilio.url" ] || { echo "the fake Twilio API did not start"; cat "$work/twilio.log"; exit 1; }
twilio_url=$(cat "$work/twilio.url")

port=$("$work/loadgen" --free-port)
url="http://127.0.0.1:$port"
# A clean environment: nothing from this shell changes what is measured.
env -i PATH="$PATH" HOME="$HOME" \
  TWILIO_AUTH_TOKEN="$token" PEERLINE_PUBLIC_URL="$url" \
  TWILIO_ACCOUNT_SID="$sid" TWILIO_FROM=+17055550100 TWILIO_API_BASE_URL="$twilio_url" \
  "$work/peerline" serve --addr "127.0.0.1:$port" --db "$db" >"$work/server.log" 2>&1 &
server_pid=$!
healthy=0
for _ in $(seq 1 150); do
  kill -0 "$server_pid" 2>/dev/null || break
  if curl -fsS --max-time 2 "$url/healthz" >/dev/null 2>&1; then
    healthy=1
    break
  fi
  sleep 0.2
done
if [ "$healthy" != 1 ]; then
  echo "peerline serve did not answer /healthz within 30 s:"
  cat "$work/server.log"
  exit 1
fi
echo "peerline serve is up at $url (signatures checked; texts go to the fake Twilio API at $twilio_url)"

say "load: $callers callers and $texters texters for ${seconds}s against peerline, then against the baseline"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_before=$(cpu_ticks "$server_pid")
machine_before=$(cpu_stat)
load_start=$(date +%s)
timeout $((2 * seconds + 120)) "$work/loadgen" --url "$url" --token "$token" --baseline \
  --callers "$callers" --texters "$texters" --duration "${seconds}s" >"$work/load.txt" 2>&1 &
load_pid=$!

# A backup while the line is busy: a third of the way into peerline's run.
sleep $((seconds / 3))
backup_help=$("$work/peerline" backup --help 2>&1) && backup_ok=1 || backup_ok=0
if [ "$backup_ok" = 1 ] || grep -q "usage: peerline backup" <<<"$backup_help"; then
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
# flight); read the server's CPU time then.
left=$((load_start + seconds + 2 - $(date +%s)))
[ "$left" -le 0 ] || sleep "$left"
ticks_after=$(cpu_ticks "$server_pid")
machine_after=$(cpu_stat)

load_status=0
wait "$load_pid" || load_status=$?
load_pid=""
cat "$work/load.txt"
[ "$load_status" = 0 ] || fail "loadgen exited $load_status (requests failed, or it could not run)"
echo
echo "server CPU during peerline's ${seconds}s: $(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }') s of $((seconds * $(nproc))) core-seconds"
echo "the whole machine during peerline's run: $(busy_between "$machine_before" "$machine_after"): the server's, the generator's (above) and any other work's"
grep -E '^(VmHWM|VmRSS)' "/proc/$server_pid/status" | sed 's/^/server /'

say "metrics"
metrics=$(curl -s --max-time 5 "$url/metrics" || true)
if grep -q '^peerline_' <<<"$metrics"; then
  grep '^peerline_' <<<"$metrics" | grep -v '_bucket' | head -60
else
  echo "metrics: not available in this build"
fi

say "report"
report_help=$("$work/peerline" report --help 2>&1) && report_ok=1 || report_ok=0
if [ "$report_ok" = 1 ] || grep -q "usage: peerline report" <<<"$report_help"; then
  timeout 120 "$work/peerline" report --db "$db" | head -60 || fail "peerline report after the load"
else
  echo "report: not available in this build"
fi

say "stop"
serve_status=0
stop "$server_pid" || serve_status=$?
server_pid=""
[ "$serve_status" = 0 ] || fail "peerline serve exited $serve_status on SIGINT"
echo "peerline serve stopped (exit $serve_status)"
stop "$twilio_pid" || true
twilio_pid=""
cat "$work/twilio.log"

say "the server's log"
echo "$(wc -l <"$work/server.log") lines: $(grep -c 'level=WARN' "$work/server.log" || true) warnings, $(grep -c 'level=ERROR' "$work/server.log" || true) errors"
# Each kind of warning and error once, with any digits that follow +1 masked.
grep -E 'level=(WARN|ERROR)' "$work/server.log" | sed -E 's/^time=[^ ]+ //; s/\+1[0-9]+/+1…/g' | sort | uniq -c | sort -rn | head -20 || true
if grep -qE '\+1[0-9]{10}' "$work/server.log"; then
  fail "the server's log holds $(grep -cE '\+1[0-9]{10}' "$work/server.log") lines with a full phone number"
  grep -nE '\+1[0-9]{10}' "$work/server.log" | sed -E 's/\+1[0-9]{8}/+1********/g' | head -5
else
  echo "no full phone number in the server's log"
fi

say "result"
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'FAILED: %s\n' "${failures[@]}"
  exit 1
fi
echo "load test passed: $(cut -d' ' -f1-3 /proc/loadavg) load average after"
