-- Two processes, part 2: a new process with the same seed brings the playground up
-- without a job, lets the generator write the same clicks for the same two minutes, then
-- restores the savepoint written by the other process (arg[1]). The restored windows and
-- offsets must line up with the input exactly: every window counts 1000.
local pg = require("playground")
pg.up{ seed = 21, job = false }
pg.time.sleep("2m")
local job = pg.flink.run{ savepoint = arg[1] }
pg.time.sleep("2m")
local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(r.ok and r.windows >= 8, "the savepoint of another process restores exactly")
print("RESUMED " .. job)
