-- Crafted savepoints: a checksum that matches does not make the content true.
--
-- Each fixture in tests/fixtures/savepoints/ is the valid savepoint with one value pushed
-- past a limit or made inconsistent, then sealed with a correct checksum (seal.lua), so only
-- the reader's limits and consistency rules (docs/savepoint-format.md) stand between it and
-- the model: ids and counts that would overflow, window starts of INT64_MIN or past the year
-- 9999, key groups that do not match the page, the subtask or the max parallelism, entries
-- given twice, more open windows than a job of this shape holds, overlong lines. Every one
-- must be refused with an error naming the file and the problem, and no job may appear.
-- expect-output: all 22 crafted savepoints refused
local pg = require("playground")
local job = pg.up{ taskmanagers = 2 }
local dir = "tests/fixtures/savepoints/"

local crafted = {
  { "checkpoint-id-max", "line 4: checkpoint-id 9223372036854775807 is out of range (1 … 9007199254740991" },
  { "trigger-time-negative", "line 5: trigger-time -9223372036854775808 is out of range" },
  { "max-parallelism-above-flink", "line 6: max-parallelism 65536 is out of range (1 … 32768" },
  { "parallelism-above-slots", "line 7: parallelism 200 is out of range (1 … 128" },
  { "max-parallelism-mismatch", "key group 16 does not hold page /index: at max-parallelism 256" },
  { "window-count-int64-max", "window count 9223372036854775807 is out of range (1 … 2147483647" },
  { "window-count-over-int32", "window count 4294967297 is out of range (1 … 2147483647" },
  { "window-start-int64-min", "window start -9223372036854775808 is out of range (0 … 253402300785000" },
  { "window-start-overflows", "window start 9223372036854770000 is out of range" },
  { "window-start-unaligned", "window start 45001 is not aligned to the 15 s window" },
  { "window-duplicate", "line 24: a second window /news 45000" },
  { "window-wrong-key-group", "key group 17 does not hold page /jobs: at max-parallelism 128 the page is in key group 15" },
  { "window-other-subtask", "key group 73 is not in subtask 0's range 0 … 63" },
  { "windows-too-many", "line 85: more than 64 open windows of page /jobs" },
  { "offset-duplicate-partition", "line 12: a second offset for partition 0" },
  { "offset-partition-out-of-range", "partition 64 is out of range (0 … 63" },
  { "subtask-duplicate", "a second 'subtask 0' in operator 651b50f8d58384593307d7d2a1c23cb4" },
  { "operator-duplicate", "a second 'operator 651b50f8d58384593307d7d2a1c23cb4'" },
  { "txn-checkpoint-ahead", "txn checkpoint id 42 is out of range (1 … 41" },
  { "txn-duplicate-id", "a second txn of transactional id 1" },
  { "txn-version-1", "a version 1 'txn' line cannot be restored" },
  { "line-overlong", "line 22: the line is longer than 511 bytes" },
}

pg.time.sleep("15s")   -- the JobManager starts in 5 s, the job runs from ~5.4 s
local before = #pg.flink.list{ all = true }
for _, case in ipairs(crafted) do
  local path = dir .. case[1]
  local ok, err = pcall(function() return pg.flink.run{ savepoint = path } end)
  pg.expect(not ok, path .. " must be refused")
  pg.expect(err:find("savepoint " .. path .. "/_metadata is corrupt: ", 1, true), "the error names the file: " .. err)
  pg.expect(err:find(case[2], 1, true), "the error names the problem (" .. case[2] .. "): " .. err)
  pg.expect(err:find("savepoint_crafted.lua:", 1, true), "the error names the scenario line")
  pg.expect(#pg.flink.list{ all = true } == before, "no job was created for " .. path)
end
pg.expect(pg.flink.job(job).state == "RUNNING", "the running job is untouched")
pg.log("all %d crafted savepoints refused", #crafted)
