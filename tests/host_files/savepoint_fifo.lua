-- A FIFO as a savepoint path is refused at once, never read (which would block forever).
--
-- tests/run.sh makes the FIFOs the sandbox cannot make and passes them in: arg[1] is a FIFO,
-- arg[2] a directory whose _metadata is a FIFO. Character devices need no setup. Each
-- pg.flink.run must raise naming the path and what it is, create no job, and leave the
-- running job alone; the run prints FIFO REFUSED at the end.
local pg = require("playground")
assert(arg[1] and arg[2], "usage: playground run savepoint_fifo.lua -- FIFO DIR-WITH-FIFO")
local job = pg.up{ taskmanagers = 2 }
pg.time.sleep("15s")   -- the JobManager starts in 5 s, the job runs from ~5.4 s

local function refused(path, want)
  local before = #pg.flink.list{ all = true }
  local ok, err = pcall(function() return pg.flink.run{ savepoint = path } end)
  pg.expect(not ok, path .. " must be refused")
  pg.expect(err:find(want, 1, true), "the error names the problem (" .. want .. "): " .. tostring(err))
  pg.expect(err:find("savepoint_fifo.lua:", 1, true), "the error names the scenario line")
  pg.expect(#pg.flink.list{ all = true } == before, "no job was created")
  pg.log("refused %s: %s", path, err)
end

refused(arg[1], "savepoint " .. arg[1] .. " is a FIFO (named pipe), not a regular file")
refused(arg[2], "savepoint " .. arg[2] .. "/_metadata is a FIFO (named pipe), not a regular file")
refused("/dev/zero", "savepoint /dev/zero is a character device, not a regular file")
pg.expect(pg.flink.job(job).state == "RUNNING", "the running job is untouched")
print("FIFO REFUSED")
