-- Regression: swarm seed 570953 as the swarm shrank it (2 of 53 steps), "[liveness.running]
-- job … is RUNNING 120 s after healing, not RUNNING with every task RUNNING (ClickEvent Source
-- SCHEDULED=4; …)". The job resumed at p = 4 on the 4 slots of two TaskManagers, then the
-- link jobmanager <-> taskmanager-2 lost 28.4 % of its transmissions until the heal. One
-- heartbeat answer of taskmanager-2 (449.03 s) was lost 11 times in a row, and the model gave
-- it its whole retransmission schedule at once (324.6 s): the JobManager declared the
-- TaskManager lost (454.03 s), and the TaskManager's registrations, sent every second from
-- 455.03 s, waited behind that answer until 773.6 s — past the heal at 600 s, which changed
-- nothing for a message already scheduled. Now a lost transmission is sent again when its
-- retransmission timer runs out and meets the link as it is then (netfault.h, and
-- regress_loss_retransmission_after_heal.lua); this replay's draws come out otherwise, and
-- the job runs through the heal.
-- expect-output: ^\[ *63[0-9]\.[0-9]+s\] swarm: 52 windows × 6 pages: all 1000, [0-9]+ duplicates; [0-9]+ restarts of the last job$
local pg = require("playground")
local swarm = require("playground.swarm")
swarm.replay({ parallelism = 2, partitions = 2, seed = 570953, sink = "at-least-once", slots = 2, taskmanagers = 2 }, {
  { t = 303.86869768418171, run = function(w) w:upgrade(4) end },
  { t = 422.21204037190091, run = function(w) w:net("loss", "jobmanager", "taskmanager-2", 0.284) end },
})
