-- A savepoint operation's result stays in the REST endpoint's cache for 300 s after the
-- operation ended, then GET /jobs/<id>/savepoints/<trigger> answers 404, as Flink 1.9's
-- CompletedOperationCache (expireAfterWrite, COMPLETED_OPERATION_RESULT_CACHE_DURATION_SECONDS
-- = 300). Before, the model answered COMPLETED forever. Failed results expire the same way;
-- the savepoint itself stays in the savepoint directory.
-- expect-output: ^completed: 200 at \+299\.8 s, 404 at \+300\.1 s: Operation not found under key: org\.apache\.flink\.runtime\.rest\.handler\.job\.AsynchronousJobOperationKey@[0-9a-f]+$
-- expect-output: ^failed: 200 at \+299\.8 s, 404 at \+300\.1 s$
-- expect-output: ^the savepoint is still listed: true$
local pg = require("playground")

local job = pg.up{ seed = 5 }
pg.time.sleep(30)

-- Polls the request every 0.1 s until it is no longer IN_PROGRESS; returns the first instant
-- seen, at most 0.1 s after the operation ended.
local function ended(id, rid)
  for _ = 1, 600 do
    local st, body = pg.flink.rest("GET", "/jobs/" .. id .. "/savepoints/" .. rid)
    pg.expect(st == 200, "status answered %d", st)
    if body.status.id == "COMPLETED" then return pg.time.now() end
    pg.time.sleep(0.1)
  end
  error("the savepoint did not end within 60 s")
end

local function expiry(id, rid)
  local t = ended(id, rid)
  pg.time.sleep(t + 299.8 - pg.time.now())
  local before = pg.flink.rest("GET", "/jobs/" .. id .. "/savepoints/" .. rid)
  pg.time.sleep(0.3)
  local after, body = pg.flink.rest("GET", "/jobs/" .. id .. "/savepoints/" .. rid)
  return before, after, body
end

local st, body = pg.flink.rest("POST", "/jobs/" .. job .. "/savepoints", {})
pg.expect(st == 202, "savepoint answered %d", st)
local before, after, gone = expiry(job, body["request-id"])
print(string.format("completed: %d at +299.8 s, %d at +300.1 s: %s", before, after, gone.errors and gone.errors[1]))

-- A failed operation: the job is not there.
st, body = pg.flink.rest("POST", "/jobs/00000000000000000000000000000000/savepoints", {})
pg.expect(st == 202, "savepoint of an unknown job answered %d", st)
before, after = expiry("00000000000000000000000000000000", body["request-id"])
print(string.format("failed: %d at +299.8 s, %d at +300.1 s", before, after))
print("the savepoint is still listed: " .. tostring(#pg.flink.savepoints(job) == 1))
