-- One request, always the same: $BENCH_PATH, with $BENCH_TOKEN_FILE's token as bearer when set (plans by ZIP, the back-office query).
local common = dofile(os.getenv("BENCH_DIR") .. "/lua/common.lua")
local path = os.getenv("BENCH_PATH")
local headers = {}
local token_file = os.getenv("BENCH_TOKEN_FILE")
if token_file and token_file ~= "" then
  local f = assert(io.open(token_file))
  headers["Authorization"] = "Bearer " .. f:read("*l")
  f:close()
end

request = function()
  return wrk.format("GET", path, headers)
end

done = common.done
