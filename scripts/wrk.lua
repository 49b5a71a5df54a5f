-- Signed webhook requests for wrk, from a file `loadgen --wrk-prepare`
-- wrote: one request a line, "PATH SIGNATURE BODY". scripts/wrk.sh runs it.
--
-- Environment:
--   WRK_REQUESTS  the file of requests
--   WRK_THREADS   wrk's --threads: thread k sends lines k, k+T, k+2T...,
--                 so no two threads send the same call
--   WRK_PACE_MS   when set, each connection pauses about this long (half
--                 to one and a half times) before each request: paced callers
--
-- A thread that comes to the end of its share starts it again; done()
-- says how often, since a repeated call is other work than a first one.

local file = os.getenv("WRK_REQUESTS")
local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
local pace = tonumber(os.getenv("WRK_PACE_MS") or "0")
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  reqs = {}
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == id then
      local path, sig, body = line:match("^(%S+) (%S+) (%S*)$")
      reqs[#reqs + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = sig,
      }, body)
    end
    i = i + 1
  end
  n = 0
  wrapped = 0
  math.randomseed(id + 1)
end

function request()
  n = n + 1
  if n > #reqs then
    n = 1
    wrapped = wrapped + 1
  end
  return reqs[n]
end

-- Defined only when pacing: wrk then waits before every request.
if pace > 0 then
  function delay()
    return math.random(math.floor(pace / 2), math.floor(pace * 3 / 2))
  end
end

function done(summary, latency, requests)
  local w = 0
  for _, t in ipairs(threads) do
    w = w + t:get("wrapped")
  end
  local e = summary.errors
  io.write(string.format(
    "wrk-result requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d errors=%d wrapped=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, w))
end
