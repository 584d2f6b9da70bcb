-- Self-service reads, each by a customer picked at random from tokens.txt ("customerId accountId token" per line, minted by
-- BenchTool generate with the development identity's key) with that customer's bearer token.
-- $BENCH_MODE: accounts (GET /api/accounts/{their account}), summary (GET /api/customer/summary), contracts
-- (GET /api/contracts: their own and those covering accounts they manage), or mixed (the portal's
-- mix: 2 in 10 plans by ZIP, anonymous; 4 account detail; 4 summary; the same weights as the pgbench run's -f …@w).
local common = dofile(os.getenv("BENCH_DIR") .. "/lua/common.lua")
local mode = os.getenv("BENCH_MODE")
local entries = {}

init = function(args)
  common.seed()
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    local c, a, t = line:match("^(%d+) (%d+) (%S+)$")
    if c then entries[#entries + 1] = { c, a, { Authorization = "Bearer " .. t } } end
  end
end

local function account(e) return wrk.format("GET", "/api/accounts/" .. e[2], e[3]) end
local function summary(e) return wrk.format("GET", "/api/customer/summary", e[3]) end
local function contracts(e) return wrk.format("GET", "/api/contracts", e[3]) end

request = function()
  local e = entries[math.random(#entries)]
  if mode == "accounts" then return account(e) end
  if mode == "summary" then return summary(e) end
  if mode == "contracts" then return contracts(e) end
  local r = math.random(10)
  if r <= 2 then return wrk.format("GET", "/api/enrollment/plans?zip=75001") end
  if r <= 6 then return account(e) end
  return summary(e)
end

done = common.done
