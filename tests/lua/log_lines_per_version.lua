-- Checks the JobManager's start-up and savepoint lines per version profile, against each
-- release's sources: 1.9's ResourceManager logs its leadership grant and SlotManagerImpl
-- "Starting the SlotManager." (ResourceManager.onStart logs "Starting the resource
-- manager." only from 1.12 on); 1.9's JobMaster logs no "Triggering savepoint …" or
-- "Triggering stop-with-savepoint …" (1.13's SchedulerBase does), the CheckpointCoordinator's
-- "Triggering checkpoint N @ … for job …" stands for both; TaskManagerRunner's "Starting
-- TaskManager with ResourceID: …" is in both (1.9: the 32-hex id, 1.13: host:port-suffix).
-- (tests/lua/log_lines_113.lua: the 1.13 profile.)
-- expect-output: ^1\.9: start-up, savepoint and stop lines as release-1\.9 logs them$
local pg = require("playground")

local function logs(service)
  local all = {}
  for _, l in ipairs(pg.compose.logs(service)) do all[#all + 1] = l end
  return table.concat(all, "\n")
end

local function has(text, line) return text:find(line, 1, true) ~= nil end

local function run(version)   -- the JobManager's and the TaskManagers' logs after a savepoint and a stop
  local job = pg.up{ config = { ["playground.flink-version"] = version } }
  pg.time.sleep("20s")
  pg.flink.savepoint(job)
  pg.flink.stop(job)
  return logs("jobmanager"), logs("taskmanager")
end

local jm, tm = run("1.9")
pg.expect(has(jm, "org.apache.flink.runtime.resourcemanager.StandaloneResourceManager  - ResourceManager "
  .. "akka.tcp://flink@jobmanager:6123/user/resourcemanager was granted leadership with fencing token "
  .. "00000000000000000000000000000000"), "1.9: the RM's leadership grant")
pg.expect(has(jm, "org.apache.flink.runtime.resourcemanager.slotmanager.SlotManagerImpl  - Starting the SlotManager."),
  "1.9: SlotManagerImpl starts")
pg.expect(not has(jm, "Starting the resource manager."), "1.9 has no 'Starting the resource manager.'")
pg.expect(not has(jm, "Triggering savepoint for job") and not has(jm, "Triggering stop-with-savepoint"),
  "1.9's JobMaster logs no savepoint trigger")
local _, triggers = jm:gsub("CheckpointCoordinator     %- Triggering checkpoint %d+ @ %d+ for job %x+%.", "")
pg.expect(triggers >= 2, "1.9: the coordinator's trigger lines (%d)", triggers)
pg.expect(tm:find("org%.apache%.flink%.runtime%.taskexecutor%.TaskManagerRunner%s+%- Starting TaskManager with ResourceID: %x+\n")
  or tm:find("TaskManagerRunner%s+%- Starting TaskManager with ResourceID: %x+$"), "1.9: the TaskManagerRunner's line")
print("1.9: start-up, savepoint and stop lines as release-1.9 logs them")
