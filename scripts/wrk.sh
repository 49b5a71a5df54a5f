#!/usr/bin/env bash
# Throughput and paced latency of single webhook steps, with wrk, against
# peerline and against a bare handler answering the same documents:
#
#   bash scripts/wrk.sh
#
# It builds peerline and cmd/loadgen into a temporary folder, imports a
# fictional 100,000-group directory, and starts `peerline serve` on
# 127.0.0.1 as production starts it (signatures checked with a made-up
# token against PEERLINE_PUBLIC_URL; texts offered, sent to a fake Twilio
# API). `loadgen --wrk-prepare` then signs the requests (wrk cannot), and
# seeds one call waiting at "search around here?" for every results
# request; `loadgen --bare-docs` serves peerline's own answers to the
# three kinds of request from a bare net/http handler. wrk sends them
# (scripts/wrk.lua):
#
#   greeting    a call comes in from a Sault Ste. Marie exchange
#   results     1 at "search around Sault Ste. Marie?" for grief: the search, group 1
#   sms         a text "grief 705" from a new number
#
# Each kind runs against peerline and then against the bare handler,
# WRK_SECONDS each, with WRK_CONNECTIONS connections, and the whole
# repeats WRK_ROUNDS times (fresh calls each round); the ratios are of
# runs next to each other. Then the paced run: WRK_PACED connections,
# each pausing about WRK_PACE_MS before every request, the results step
# against peerline and the bare handler, for WRK_PACED_SECONDS each; and
# WRK_PACED loadgen callers, pausing about 1 s before each key, through
# whole calls, against peerline and loadgen's own baseline.
#
# After each results run the script counts the seeded calls by the step
# they wait at: every request must have moved one call to "result".
#
# wrk comes from Debian's `wrk` package; the script installs it with
# apt-get when it is missing. All traffic stays on 127.0.0.1.
#
# Knobs (environment): WRK_GROUPS (100000), WRK_SECONDS (15),
# WRK_CONNECTIONS (50), WRK_THREADS (2), WRK_ROUNDS (2), WRK_CALLS
# (requests prepared of each kind, 250000), WRK_PACED (200), WRK_PACE_MS
# (1000), WRK_PACED_SECONDS (30), WRK_KEEP=1 keeps the temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."

groups=${WRK_GROUPS:-100000}
seconds=${WRK_SECONDS:-15}
connections=${WRK_CONNECTIONS:-50}
threads=${WRK_THREADS:-2}
rounds=${WRK_ROUNDS:-2}
calls=${WRK_CALLS:-250000}
paced=${WRK_PACED:-200}
pace_ms=${WRK_PACE_MS:-1000}
paced_seconds=${WRK_PACED_SECONDS:-30}
token=wrk0made0up0token                  # made up; alphanumeric, as Twilio's are
sid=AC00000000000000000000000000000000   # made up
lua=$(pwd)/scripts/wrk.lua

work=$(mktemp -d "${TMPDIR:-/tmp}/peerline-wrk.XXXXXX")
server_pid="" twilio_pid="" bare_pid=""

. scripts/lib.sh # say, stop

cleanup() {
  local pid
  for pid in "$bare_pid" "$server_pid" "$twilio_pid"; do
    stop "$pid" || true
  done
  if [ "${WRK_KEEP:-0}" = 1 ]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_file FILE: a URL file a helper writes once it listens.
wait_file() {
  local i
  for i in $(seq 1 100); do
    [ -s "$1" ] && return 0
    sleep 0.1
  done
  echo "$1 was not written"
  return 1
}

say "machine"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "system: $(uname -sr)"
echo "go:     $(go version)"
if ! command -v wrk >/dev/null; then
  echo "wrk is missing; installing Debian's wrk package"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
echo "wrk:    $(wrk --version 2>&1 | head -1)"
cpu_stat() { awk '/^cpu / {print $2+$3+$4+$7+$8, $5+$6}' /proc/stat; }
before=$(cpu_stat)
sleep 2
echo "CPU busy before the test: $(awk -v a="$before" -v b="$(cpu_stat)" 'BEGIN { split(a, x); split(b, y); w = y[1]-x[1]; t = w + y[2]-x[2]; printf "%.0f%%", t ? 100*w/t : 0 }') (load average $(cut -d' ' -f1-3 /proc/loadavg))"

say "build"
export CGO_ENABLED=1
go build -o "$work/peerline" ./cmd/peerline
go build -o "$work/loadgen" ./cmd/loadgen

say "directory: $groups fictional groups"
db="$work/peerline.db"
"$work/loadgen" --make-directory "$groups" "$work/directory.csv"
"$work/peerline" import --db "$db" "$work/directory.csv"

say "servers"
"$work/loadgen" --fake-twilio "$work/twilio.url" --duration 30m >"$work/twilio.log" 2>&1 &
twilio_pid=$!
wait_file "$work/twilio.url"
port=$("$work/loadgen" --free-port)
url="http://127.0.0.1:$port"
env -i PATH="$PATH" HOME="$HOME" \
  TWILIO_AUTH_TOKEN="$token" PEERLINE_PUBLIC_URL="$url" \
  TWILIO_ACCOUNT_SID="$sid" TWILIO_FROM=+17055550100 TWILIO_API_BASE_URL="$(cat "$work/twilio.url")" \
  "$work/peerline" serve --addr "127.0.0.1:$port" --db "$db" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  curl -fsS --max-time 2 "$url/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done
curl -fsS --max-time 2 "$url/healthz" >/dev/null || { echo "peerline serve did not start"; cat "$work/server.log"; exit 1; }
echo "peerline serve at $url, signatures checked"

prepare() { # prepare DIR: signed requests, seeded calls, peerline's answers
  "$work/loadgen" --wrk-prepare "$1" --url "$url" --token "$token" --db "$db" --wrk-calls "$calls"
}
prepare "$work/round1"
"$work/loadgen" --bare-docs "$work/round1" --duration 30m "$work/bare.url" >"$work/bare.log" 2>&1 &
bare_pid=$!
wait_file "$work/bare.url"
bare=$(cat "$work/bare.url")
echo "bare handler at $bare, answering peerline's documents: $(wc -c <"$work/round1/greeting.xml") bytes (greeting), $(wc -c <"$work/round1/results.xml") (results), $(wc -c <"$work/round1/sms.xml") (sms)"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run NAME TARGET FILE CONNECTIONS SECONDS [PACE]: one wrk run; prints
# its wrk-result line with the target's CPU time per request.
run() {
  local name=$1 target=$2 file=$3 conns=$4 secs=$5 pace=${6:-0} pid t0 out
  pid=$server_pid
  [ "$target" = "$bare" ] && pid=$bare_pid
  t0=$(ticks "$pid")
  out=$(WRK_REQUESTS="$file" WRK_THREADS="$threads" WRK_PACE_MS="$pace" \
    wrk --threads "$threads" --connections "$conns" --duration "${secs}s" --timeout 15s --script "$lua" "$target" | grep '^wrk-result')
  awk -v o="$out" -v n="$name" -v t=$(($(ticks "$pid") - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(o, f, /[ =]/); req = f[3]
    printf "%-18s %s server-cpu-us/req=%.0f\n", n, o, req ? 1e6 * t / hz / req : 0 }'
}

results="$work/results.txt"
: >"$results"
for r in $(seq 1 "$rounds"); do
  say "round $r of $rounds: $connections connections, ${seconds}s a run"
  dir="$work/round$r"
  [ -d "$dir" ] || prepare "$dir"
  for kind in greeting results sms; do
    run "peerline-$kind" "$url" "$dir/$kind.req" "$connections" "$seconds" | tee -a "$results"
    if [ "$kind" = results ]; then
      "$work/loadgen" --wrk-check "$dir" --db "$db"
    fi
    run "bare-$kind" "$bare" "$dir/$kind.req" "$connections" "$seconds" | tee -a "$results"
  done
done

say "paced: $paced connections, each pausing ${pace_ms} ms (half to one and a half) before each request, ${paced_seconds}s a run"
prepare "$work/paced"
run "paced-peerline" "$url" "$work/paced/results.req" "$paced" "$paced_seconds" "$pace_ms" | tee -a "$results"
"$work/loadgen" --wrk-check "$work/paced" --db "$db"
run "paced-bare" "$bare" "$work/paced/results.req" "$paced" "$paced_seconds" "$pace_ms" | tee -a "$results"

say "paced, whole calls: loadgen, $paced callers pausing about 1 s before each key, ${paced_seconds}s, then its own baseline"
# The generator's callers follow the TwiML through a whole call (the
# README's "Under load"); its baseline answers a smaller fixed document.
"$work/loadgen" --url "$url" --token "$token" --baseline --callers "$paced" --texters 0 --think 1s \
  --duration "${paced_seconds}s" >"$work/loadgen.txt" 2>&1 || echo "loadgen exited $?"
grep -E '^(peerline at|baseline at|step|greeting|search|all) |as a ratio' "$work/loadgen.txt" || cat "$work/loadgen.txt"

say "summary"
# Each peerline run against the bare run right after it.
awk '
  { nf = split($0, f, /[ =]+/); name = f[1]; for (i = 3; i < nf; i += 2) v[f[i]] = f[i+1] }
  name ~ /^(peerline-|paced-peerline)/ { k = name; sub(/^(peerline-|paced-peerline)/, "", k); if (k == "") k = "paced-results"
    rps[k] = v["rps"]; p99[k] = v["p99_ms"]; bad += v["non2xx"] + v["errors"]; if (k ~ /results/) wr += v["wrapped"]; next }
  name ~ /^(bare-|paced-bare)/ { k = name; sub(/^(bare-|paced-bare)/, "", k); if (k == "") k = "paced-results"
    n[k]++; printf "%-14s run %d: peerline %8.1f/s  bare %8.1f/s  throughput %.3fx   p99 %7.2f ms against %6.2f ms: %.2fx\n",
      k, n[k], rps[k], v["rps"], rps[k] / v["rps"], p99[k], v["p99_ms"], p99[k] / v["p99_ms"] }
  END { printf "non-2xx answers and socket errors: %d; results requests that repeated a call (other work than measured): %d\n", bad, wr }
' "$results"
# wrk closes its connections at the end of each run; the requests then
# in flight are cancelled, and the server logs each one.
echo "the server log: $(grep 'level=ERROR' "$work/server.log" | grep -vc 'context canceled' || true) errors, $(grep -c 'level=WARN' "$work/server.log" || true) warnings, $(grep -c 'context canceled' "$work/server.log" || true) requests cut off at the end of a run"
