-- Shared by the wrk scripts: the result of a run as one JSON line in $BENCH_RESULT (latencies in microseconds).
local common = {}

function common.done(summary, latency, requests)
  local errors = summary.errors
  local f = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
  f:write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d,"non2xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
  f:close()
end

-- A different sequence in every thread.
function common.seed()
  local address = tonumber(tostring({}):match("0x(%x+)") or "0", 16) or 0
  math.randomseed(os.time() + address % 1000003)
end

return common
