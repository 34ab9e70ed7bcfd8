-- wrk script for benchmarks/lookup.py: POST lookups for random households BM-0000000…BM-(N-1).
-- Nine in ten use the head's identity number (0420 + 8 digits); one in ten uses a neighbour's (a failure).
-- LOOKUP_N: households; LOOKUP_FORM=1 posts the HTML form (/tra-cuu/) instead of JSON (/api/v1/lookup).
local n = tonumber(os.getenv("LOOKUP_N") or "1000")
local form = os.getenv("LOOKUP_FORM") == "1"
local counter = 0

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  counter = counter + 1
  local i = math.random(0, n - 1)
  local id = i
  if counter % 10 == 0 then id = (i + 1) % n end
  local code = string.format("BM-%07d", i)
  local number = string.format("0420%08d", id)
  if form then
    return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"},
      "ma_ho=" .. code .. "&so_dinh_danh=" .. number)
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
    '{"household_code": "' .. code .. '", "id_number": "' .. number .. '"}')
end

function done(summary, latency, requests)
  io.write(string.format("status non-2xx/3xx: %d, errors (connect/read/write/timeout): %d/%d/%d/%d\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
end
