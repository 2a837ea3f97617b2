-- Every fault the view draws at once (tests/viz/run.sh, docs/images/network-faults.png):
-- a one-way cut, a cut both ways, a delay with jitter, a loss, a skewed clock and a slow
-- CPU; then a heal of everything. Three TaskManagers so that lines go between boxes too.
local pg = require("playground")
local job = pg.up{ taskmanagers = 3 }
pg.time.sleep("30s")
pg.log("every fault at once: two cuts, a delay, a loss, two clocks, a slow CPU")
pg.net.partition("jobmanager", "taskmanager-1", { direction = "to" })
pg.net.partition("taskmanager-2", "taskmanager-3")
pg.net.delay("kafka", "taskmanager-3", "200ms", { jitter = "50ms" })
pg.net.loss("kafka", "zookeeper", 0.1)
pg.compose.clock("taskmanager-2", "+30s")
pg.compose.cpu("taskmanager-3", 0.25)
pg.compose.clock("kafka", "-2m")
pg.time.sleep("10s")
pg.log("pg.net.heal(): every link heals; the clocks and the CPU stay as they are")
pg.net.heal()
pg.time.sleep("10s")
