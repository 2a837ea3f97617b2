-- Checks: with HA, a job whose cancellation was still in flight when its JobManager lost
-- leadership comes back with the next leader, as in Flink (its graph leaves the job graph
-- store only when the job reaches CANCELED). The swarm's operator then cancels it again
-- (World:cancel_strays): without that, the resurrected job held the slots and the swarm's
-- seed 1444 failed liveness.running with its replacement job SCHEDULED.
-- expect-output: ^cancelled while CANCELLING, leadership lost: the job is RUNNING again$
-- expect-output: ^the operator cancels it again: CANCELED, the replacement keeps RUNNING$
local pg = require("playground")
local swarm = require("playground.swarm")

local w = swarm.world{ ha = true, seed = 1, taskmanagers = 2, slots = 2, partitions = 2, parallelism = 2,
                       sink = "at-least-once" }
pg.time.sleep("60s")
local first = w.job
pg.net.partition("jobmanager", "taskmanager-1", { direction = "to" })  -- the cancel RPCs wait
pg.flink.cancel(first)
pg.expect(pg.flink.job(first).state == "CANCELLING", "CANCELLING: %s", pg.flink.job(first).state)
pg.compose.stop("zookeeper")                                            -- leadership lost now
pg.time.sleep("1s")
pg.net.heal()
pg.compose.start("zookeeper")
pg.expect(pg.time.wait_until(function() return pg.flink.job(first).state == "RUNNING" end, "20s"),
          "recovered by the new leader: %s", pg.flink.job(first).state)
print("cancelled while CANCELLING, leadership lost: the job is " .. pg.flink.job(first).state .. " again")
pg.compose.scale("taskmanager", 3)
w.job = pg.flink.run{ parallelism = 2 }                                 -- its replacement
pg.time.sleep("5s")
w:cancel_strays()
pg.expect(pg.time.wait_until(function() return pg.flink.job(first).state == "CANCELED" end, "10s"),
          "cancelled again: %s", pg.flink.job(first).state)
pg.time.sleep("20s")
pg.expect(pg.flink.job(w.job).state == "RUNNING", "the replacement runs: %s", pg.flink.job(w.job).state)
print("the operator cancels it again: CANCELED, the replacement keeps RUNNING")
