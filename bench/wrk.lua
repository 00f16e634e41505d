-- wrk's script for the bench (bench/wrk.py): counts every answer but a 200 as a failure
-- (wrk itself counts only 4xx and 5xx, and follows no redirect either), and ends with one
-- line of JSON: the requests, the seconds, the failures with their statuses, and the
-- latency at each thousandth (0.1 %, 0.2 %, … 100 %), in microseconds, so that the
-- bench can merge the turns of a page into one distribution.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failed = 0
  statuses = {}
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
    statuses[status] = true
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local failures = errors.connect + errors.read + errors.write + errors.timeout
  local seen = {}
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
    for status in pairs(thread:get("statuses")) do
      seen[#seen + 1] = status
    end
  end
  local quantiles = {}
  if summary.requests > 0 then
    for i = 1, 1000 do
      quantiles[i] = latency:percentile(i / 10)
    end
  end
  io.write(string.format(
    '\n{"requests": %d, "seconds": %.6f, "failures": %d, "socket_errors": %d, ' ..
    '"statuses": [%s], "quantiles_us": [%s]}\n',
    summary.requests, summary.duration / 1e6, failures,
    errors.connect + errors.read + errors.write + errors.timeout,
    table.concat(seen, ","), table.concat(quantiles, ",")
  ))
end
