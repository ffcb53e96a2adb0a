-- wrk script for the results server's benchmark: POSTs completions, each with a unique id
-- (thread number and a counter), the body template given in the BODY environment variable
-- with %s where the id goes.
local template = os.getenv("BODY")
local next_thread = 0

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

local counter = 0
function request()
  counter = counter + 1
  local id = string.format("bench%02d%015d", thread_number, counter)
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "transition-quiz-bench/1 (Mozilla/5.0 compatible)",
  }, string.format(template, id))
end

local statuses = {}
function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or socket errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
