-- Regression: swarm seed 542732 as the swarm shrank it (10 of 65 steps), "[liveness.running]
-- job … is RUNNING 120 s after healing, not RUNNING with every task RUNNING (ClickEvent Source
-- SCHEDULED=3; …)". A one-way cut jobmanager → taskmanager-1 across two leaderships of the
-- same JobManager (558.3 s: generation 2, ZooKeeper killed 0.5 s later; 572.2 s: generation 3):
-- the leader asked taskmanager-1 for the job's third slot and waited for its offer. Two model
-- defects kept it waiting past the heal, each covered by a test of its own:
-- regress_register_retry_heartbeat.lua (the TaskManager's registration retries kept it alive
-- at the ResourceManager, so the request was never served elsewhere; now it is lost at 577.2 s
-- and the job runs at 577.3 s on taskmanager-2) and regress_stale_rm_slot_request.lua (at the
-- heal the revoked generation's request took the slot the leader's was for). The full seed then
-- showed a third, regress_stale_slot_offer.lua (an offer under a registration the leader had
-- dropped was taken for a later registration's: 1863 restarts in a second after the heal).
-- expect-output: swarm: 45 windows × 6 pages: all 1000, no duplicates; 0 restarts of the last job
local pg = require("playground")
local swarm = require("playground.swarm")
swarm.replay({ ha = true, parallelism = 3, partitions = 2, seed = 542732, sink = "exactly-once", slots = 2, taskmanagers = 2 }, {
  { t = 436.40856826368167, run = function(w) pg.compose.scale("taskmanager", 4) end },
  { t = 463.83710168783057, run = function(w) w:container("kill", "taskmanager-3") end },
  { t = 501.92688787236096, run = function(w) pg.compose.pause("zookeeper") end },
  { t = 514.76878341945303, run = function(w) pg.compose.pause("clickevent-generator") end },
  { t = 514.90085066259678, run = function(w) pg.compose.kill("jobmanager") end },
  { t = 518.60687169753226, run = function(w) pg.compose.unpause("zookeeper") end },
  { t = 541.71689618205528, run = function(w) pg.compose.start("jobmanager") end },
  { t = 558.34542383945745, run = function(w) w:net("partition", "jobmanager", "taskmanager-1", { direction = "to" }) end },
  { t = 558.81455374323821, run = function(w) pg.compose.kill("zookeeper") end },
  { t = 572.2358330536656, run = function(w) pg.compose.start("zookeeper") end },
})
