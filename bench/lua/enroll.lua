-- POST /api/enrollment, every request a new customer at its own free service point: row offset + thread + n × threads of
-- enrollable.txt ("j|street|city|zip", written by BenchTool generate; the service point's and its meter's id are both j).
-- $BENCH_ROW_OFFSET, $BENCH_THREADS, $BENCH_START_DATE (a switch date inside the window), $BENCH_PLAN (offered at those ZIPs).
local common = dofile(os.getenv("BENCH_DIR") .. "/lua/common.lua")
local rows = {}
local offset = tonumber(os.getenv("BENCH_ROW_OFFSET"))
local threads = tonumber(os.getenv("BENCH_THREADS"))
local start_date = os.getenv("BENCH_START_DATE")
local plan = os.getenv("BENCH_PLAN")
sent = 0 -- requests this thread has built (a global: done reads it with thread:get)
local next_thread = 0
local all_threads = {}

setup = function(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
  all_threads[#all_threads + 1] = thread
end

init = function(args)
  for line in io.lines(os.getenv("BENCH_ENROLLABLE")) do
    local j, street, city, zip = line:match("^(%d+)|([^|]+)|([^|]+)|(%d+)$")
    rows[#rows + 1] = { j, street, city, zip }
  end
end

local headers = { ["Content-Type"] = "application/json" }

request = function()
  local index = offset + thread_index + sent * threads
  sent = sent + 1
  local r = rows[(index % #rows) + 1]
  local body = string.format(
    '{"customerType":"individual","enrollmentType":"switch","firstName":"Bench","lastName":"Enrollee","email":"enroll.%s@bench.example",' ..
    '"phone":"(214) 555-%04d","serviceAddress":{"street":"%s","city":"%s","state":"TX","zip":"%s"},"serviceStartDate":"%s",' ..
    '"selectedPlanId":%s,"selectedMeterIds":[%s],"acceptedTerms":true}',
    r[1], tonumber(r[1]) % 10000, r[2], r[3], r[4], start_date, plan, r[1])
  return wrk.format("POST", "/api/enrollment", headers, body)
end

-- Besides the result: the first row no thread has used ($BENCH_RESULT.next-row), where the next run may start. Threads
-- make unequal numbers of requests, each counting from its own row, so that is past every thread's last row, sent or in flight.
done = function(summary, latency, requests)
  common.done(summary, latency, requests)
  local most = 0
  for _, thread in ipairs(all_threads) do
    local count = thread:get("sent") or 0
    if count > most then most = count end
  end
  local f = assert(io.open(os.getenv("BENCH_RESULT") .. ".next-row", "w"))
  f:write(string.format("%d\n", offset + most * threads))
  f:close()
end
