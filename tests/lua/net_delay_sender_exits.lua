-- What waits in a container's network queue goes with the container: taskmanager-2's link to
-- the JobManager delays every message by 3 s (tc netem), then taskmanager-2 is stopped. Its
-- goodbye (`disconnectResourceManager`: "The TaskExecutor is shutting down.") was still in the
-- delay queue when the container's network namespace went away, so it never arrives: the
-- JobManager finds out by the heartbeat timeout (5 s after the last answer; polled, seen at
-- 64.1 s), not at 63 s from a container that no longer exists (sim/core/net.c, lost_with_sender).
-- expect-output: ^lost: heartbeat at 64\.1 s$
local pg = require("playground")
pg.up{ seed = 7, taskmanagers = 2, slots = 2, partitions = 2 }
pg.time.at(40, function() pg.net.delay("taskmanager-2", "jobmanager", 3.0) end)
pg.time.at(60, function() pg.compose.stop("taskmanager-2") end)
local how
pg.time.every(0.1, function()
  if how then return end
  for _, l in ipairs(pg.compose.logs("jobmanager", { tail = 40 })) do
    if l:find("Heartbeat of TaskManager with id", 1, true) then how = "heartbeat"
    elseif l:find("The TaskExecutor is shutting down", 1, true) then how = "goodbye" end
  end
  if how then print(string.format("lost: %s at %.1f s", how, pg.time.now())) end
end)
pg.time.sleep(80)
pg.expect(how ~= nil, "the JobManager never noticed")
