-- The scenario behind tests/shell/run.sh's `run --live` tests: the playground up, its job
-- RUNNING (5.3 s in: the JobManager's JVM takes 5 s to start), then arg[1] of simulated time
-- (default 1m) for curl to ask about it.
-- (steady_state.lua served them before: its ten minutes were 36 s of waiting at --speed 20.)
local pg = require("playground")
local job = pg.up{}
pg.time.wait_until(function() return pg.flink.job(job).state == "RUNNING" end, "30s")
pg.time.sleep(arg[1] or "1m")
