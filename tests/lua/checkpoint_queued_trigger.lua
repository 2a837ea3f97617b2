-- A periodic trigger that finds a checkpoint still in progress is queued (Flink's
-- checkConcurrentCheckpoints: triggerRequestQueued, the periodic timer cancelled); when that
-- checkpoint ends, the next is triggered at once and the fixed rate starts again from there
-- (triggerQueuedRequests: scheduleTriggerWithDelay(0)). Here the TaskManager is paused for about 3 s
-- (under the heartbeat timeout) while a checkpoint is in flight. (The model once waited for the
-- next tick of the old rate.)
-- expect-output: the next checkpoint followed the slow one at once
local pg = require("playground")
local job = pg.up{ seed = 3, taskmanagers = 1, job = { parallelism = 2 } }
local function checkpoints()
  local _, c = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
  return c
end
pg.time.sleep(30)
pg.compose.pause("taskmanager-1")
pg.expect(pg.time.wait_until(function() return checkpoints().counts.in_progress > 0 end, 2), "a checkpoint in flight")
local slow = checkpoints().history[1].id
pg.time.sleep(2.5)
pg.compose.unpause("taskmanager-1")
pg.time.sleep(3)
local by_id = {}
for _, h in ipairs(checkpoints().history) do by_id[h.id] = h end
local a, b = by_id[slow], by_id[slow + 1]
pg.expect(a and a.status == "COMPLETED" and b, "the slow checkpoint completed, another followed")
local done = a.trigger_timestamp + a.end_to_end_duration
pg.log("checkpoint %d took %d ms; %d was triggered %d ms after its end", slow, a.end_to_end_duration, slow + 1,
       b.trigger_timestamp - done)
pg.expect(a.end_to_end_duration > 2000, "the checkpoint waited for the paused TaskManager")
pg.expect(b.trigger_timestamp - done >= 0 and b.trigger_timestamp - done <= 5,
          "the queued trigger followed at once: %d ms", b.trigger_timestamp - done)
pg.log("the next checkpoint followed the slow one at once")
