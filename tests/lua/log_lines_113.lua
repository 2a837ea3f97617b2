-- Checks the 1.13 profile keeps release-1.13's wording of the lines 1.9 logs differently
-- (tests/lua/log_lines_per_version.lua): ResourceManager.onStart's "Starting the resource
-- manager.", SchedulerBase's "Triggering savepoint for job …" and "Triggering
-- stop-with-savepoint for job …" (logged as the JobMaster), and no 1.9 SlotManagerImpl.
-- expect-output: ^1\.13: start-up, savepoint and stop lines as release-1\.13 logs them$
local pg = require("playground")
local job = pg.up{ config = { ["playground.flink-version"] = "1.13" } }
pg.time.sleep("20s")
pg.flink.savepoint(job)
pg.flink.stop(job)
local jm = table.concat(pg.compose.logs("jobmanager"), "\n")
local function has(line) return jm:find(line, 1, true) ~= nil end
pg.expect(has("org.apache.flink.runtime.resourcemanager.StandaloneResourceManager [] - Starting the resource manager."),
  "1.13: Starting the resource manager.")
pg.expect(jm:find("org%.apache%.flink%.runtime%.jobmaster%.JobMaster +%[%] %- Triggering savepoint for job " .. job .. "%."),
  "1.13: the savepoint trigger")
pg.expect(jm:find("org%.apache%.flink%.runtime%.jobmaster%.JobMaster +%[%] %- Triggering stop%-with%-savepoint for job " .. job .. "%."),
  "1.13: the stop-with-savepoint trigger")
pg.expect(not has("SlotManagerImpl"), "1.13 has no 1.9 SlotManagerImpl")
print("1.13: start-up, savepoint and stop lines as release-1.13 logs them")
