-- Shared by every scenario: read the targets file, count response statuses,
-- and print one JSON line with the run's figures when wrk is done.
--
-- wrk runs this file in one Lua state per thread plus a main state for
-- setup() and done(); counters live in the thread states and done() collects
-- them with thread:get().

bench = {}

local threads = {}

-- Read a tab-separated targets file: one request target per line.
function bench.read_targets(path)
  local targets = {}
  local file = assert(io.open(path, "r"), "cannot open targets file " .. tostring(path))
  for line in file:lines() do
    if line ~= "" then
      local fields = {}
      for field in (line .. "\t"):gmatch("([^\t]*)\t") do
        table.insert(fields, field)
      end
      table.insert(targets, fields)
    end
  end
  file:close()
  assert(#targets > 0, "no targets in " .. path)
  return targets
end

-- Headers for one target: its Cookie header, when it has one.
function bench.headers(cookie)
  local headers = {}
  if cookie ~= nil and cookie ~= "" then
    headers["Cookie"] = cookie
  end
  return headers
end

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

statuses = {}
cache_hits = 0
first_unexpected = ""

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if headers["X-Mundwerk-Cache"] == "hit" or headers["x-mundwerk-cache"] == "hit" then
    cache_hits = cache_hits + 1
  end
  if first_unexpected == "" and status ~= expected_status then
    first_unexpected = key .. " " .. string.sub(body or "", 1, 300)
  end
end

local function json_string(value)
  local escaped = value:gsub('[%c"\\]', function(char)
    return string.format("\\u%04x", string.byte(char))
  end)
  return '"' .. escaped .. '"'
end

function done(summary, latency, requests)
  local merged = {}
  local hits = 0
  local sample = ""
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("statuses") or {}) do
      merged[key] = (merged[key] or 0) + count
    end
    hits = hits + (thread:get("cache_hits") or 0)
    local unexpected = thread:get("first_unexpected") or ""
    if sample == "" then
      sample = unexpected
    end
  end
  local status_parts = {}
  for key, count in pairs(merged) do
    table.insert(status_parts, string.format('"%s":%d', key, count))
  end
  local errors = summary.errors
  io.write("BENCH_RESULT {",
    string.format('"requests":%d,', summary.requests),
    string.format('"duration_us":%d,', summary.duration),
    string.format('"bytes":%d,', summary.bytes),
    string.format('"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},',
      errors.connect, errors.read, errors.write, errors.timeout),
    string.format('"non_2xx_3xx":%d,', errors.status),
    string.format('"latency_us":{"p50":%d,"p95":%d,"p99":%d,"mean":%.1f,"max":%d},',
      latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.mean, latency.max),
    '"statuses":{', table.concat(status_parts, ","), "},",
    string.format('"cache_hits":%d,', hits),
    '"first_unexpected":', json_string(sample),
    "}\n")
end
