# Shell pieces the measured runs share (scripts/loadtest.sh, scripts/wrk.sh).
# Sourced, not run.

say() { printf '\n== %s\n' "$*"; }

# stop PID: SIGINT, up to 30 s to finish (serve allows requests in
# progress 20 s), then SIGKILL. Returns the process's exit status.
stop() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -INT "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  local status=0
  wait "$pid" 2>/dev/null || status=$?
  return "$status"
}
