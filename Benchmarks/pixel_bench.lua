-- wrk script of Benchmarks/pixel_bench.sh: GETs the paths listed in $PIXEL_PATHS (one a line) in
-- turn, each thread from its own offset, and prints one PIXELBENCH summary line when done.
local paths = {}
for line in io.lines(os.getenv("PIXEL_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end

local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

local prepared = {}
local index = 0
function init(args)
  for i, path in ipairs(paths) do prepared[i] = wrk.format("GET", path) end
  index = (offset or 0) % #prepared
end

function request()
  index = index % #prepared + 1
  return prepared[index]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "PIXELBENCH requests=%d duration_us=%d non2xx3xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
