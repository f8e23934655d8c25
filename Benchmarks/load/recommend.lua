-- wrk script: GET /v1/members/{id}/recommendations for ids read from $IDS_FILE, round robin per thread.
local ids = {}
local counter = 0

function init(args)
  local path = os.getenv("IDS_FILE") or "ids.txt"
  for line in io.lines(path) do ids[#ids + 1] = line end
  counter = math.random(#ids)
end

function request()
  counter = counter % #ids + 1
  return wrk.format("GET", "/v1/members/" .. ids[counter] .. "/recommendations?limit=10")
end

-- Count statuses by class, so that the summary can say "no errors" with evidence.
local classes = {}
function response(status, headers, body)
  local class = math.floor(status / 100)
  classes[class] = (classes[class] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("LOAD requests=%d errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout))
  io.write(string.format("LOAD rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
