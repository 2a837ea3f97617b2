-- Checks pg.log: "[   123.456s] text" with string.format semantics, tables shown
-- without host addresses, the simulated time right-aligned in ten characters.
-- expect-output: ^\[     0\.000s\] hello 42 0\.50$
-- expect-output: ^\[    90\.250s\] later table: #1$
-- expect-output: ^\[  3690\.250s\] an hour on$
local pg = require("playground")
pg.up{ job = false }
pg.log("hello %d %.2f", 42, 0.5)
pg.time.sleep(90.25)
pg.log("later %s", {})
pg.time.sleep("1h")
pg.log("an hour on")
