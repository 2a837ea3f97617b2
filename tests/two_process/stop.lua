-- Two processes, part 1: run the playground for two minutes, stop the job with a
-- savepoint and print its path (tests/run.sh hands it to resume.lua in a new process).
local pg = require("playground")
local job = pg.up{ seed = 21, config = { ["state.savepoints.dir"] = arg[1] } }
pg.time.sleep("2m")
local path = pg.flink.stop(job)
pg.expect(pg.check.windows{ expected = 1000 }.ok, "every window so far counts 1000")
print("SAVEPOINT " .. path)
