-- Bad savepoints are refused with a clear error, no job is created, nothing else changes.
--
-- Fixtures in tests/fixtures/savepoints/: a valid savepoint and damaged copies of it
-- (truncated, garbled, an unknown format version, another topology). Each pg.flink.run must
-- raise naming the problem; the job list stays as it was. The valid one restores, also at
-- parallelism 3, but not above the savepoint's maxParallelism (128).
-- expect-output: all bad savepoints refused
local pg = require("playground")
local job = pg.up{ taskmanagers = 2 }
local dir = "tests/fixtures/savepoints/"

local function refused(path, want, opts)
  opts = opts or {}
  opts.savepoint = path
  local before = #pg.flink.list{ all = true }
  local ok, err = pcall(function() return pg.flink.run(opts) end)
  pg.expect(not ok, tostring(path) .. " must be refused")
  pg.expect(err:find(want, 1, true), "the error names the problem: " .. tostring(err))
  pg.expect(err:find("savepoint_bad_input.lua:", 1, true), "the error names the scenario line")
  pg.expect(#pg.flink.list{ all = true } == before, "no job was created")
  pg.log("refused %s: %s", tostring(path), err)
end

pg.time.sleep("15s")   -- the JobManager starts in 5 s, the job runs from ~5.4 s
refused(dir .. "does-not-exist", "Cannot find checkpoint or savepoint file/directory")
refused(dir .. "truncated", "ends without its 'end' line")
refused(dir .. "garbled", "checksum mismatch")
refused(dir .. "version-9", "unknown savepoint format version 9")
refused(dir .. "other-topology", "Cannot map checkpoint/savepoint state for operator")
refused(dir .. "valid", "The maximum parallelism (128) of the restored state is lower than the configured parallelism (129)",
        { parallelism = 129 })
refused(dir .. "valid", "The maximum parallelism (128) with which the latest checkpoint of the execution job vertex "
        .. "ClickEvent Source has been taken and the current maximum parallelism (64) changed.", { max_parallelism = 64 })
refused(nil, "Vertex ClickEvent Source's parallelism (65) is higher than the max parallelism (64).",
        { parallelism = 65, max_parallelism = 64 })
pg.expect(pg.flink.job(job).state == "RUNNING", "the running job is untouched")

pg.flink.cancel(job)
local restored = pg.flink.run{ savepoint = dir .. "valid", parallelism = 3 }
pg.time.sleep("1m")
pg.expect(pg.flink.job(restored).vertices[3].tasks.RUNNING == 3, "the valid savepoint restores at parallelism 3")
pg.log("all bad savepoints refused")
