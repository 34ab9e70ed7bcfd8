-- wrk script for benchmarks/assess_api.sh: POST /api/v1/assess with varied households.
local bodies = {}

function init(args)
  local areas = {"rural", "urban"}
  local sets = {'[]', '["water"]', '["water","employment","nutrition"]', '["telecom","info_access"]'}
  for i = 1, 64 do
    local income = 900000 + (i * 61803) % 2500000
    bodies[i] = string.format('{"standard":"2022-2025","area":"%s","members":%d,"income_per_capita":%d,' ..
      '"deprivations":%s}', areas[(i % 2) + 1], (i % 6) + 1, income, sets[(i % 4) + 1])
  end
end

local counter = 0
function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/assess", {["Content-Type"] = "application/json"}, bodies[(counter % 64) + 1])
end

function done(summary, latency, requests)
  io.write(string.format("requests: %d, non-2xx: %d, socket errors: %d\n", summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
  io.write(string.format("req/s: %.0f, p50: %.1f ms, p90: %.1f ms, p99: %.1f ms\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000))
end
