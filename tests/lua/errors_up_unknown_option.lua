-- Checks: a misspelt pg.up option is an error that names it, suggests the right one and
-- lists every accepted option; the message starts with FILE:LINE. Nothing starts.
-- expect-exit: 1
-- expect-output: ^tests/lua/errors_up_unknown_option\.lua:7: pg\.up: unknown option 'taskmanager' \(did you mean 'taskmanagers'\? options: seed, taskmanagers, slots, partitions, generator, rate, config, job, retention\) \(t=0\.000s, seed 1\)$
local pg = require("playground")

pg.up{ taskmanager = 2 }
