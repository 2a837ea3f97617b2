-- The shell's `sleep` lets exactly the time typed pass: it steps towards a fixed end in
-- whole µs. (It used to subtract 0.1 s at a time from a float, and `sleep 15h` ended 1 µs
-- early — `sleep 1d` too — so a long session drifted from the durations typed.)
-- An idle playground (no generator, no job, no TaskManager) keeps the hours cheap.
-- expect-output: ^after sleep 15h: 54000000000 us$
-- expect-output: ^after sleep 1d: 140400000000 us$
local pg = require("playground")
local shell = require("playground.shell")
local sh = shell.new{ write = function() end }
pg.up{ generator = false, job = false, taskmanagers = 0 }
sh.up = true                        -- the playground `docker-compose up -d` would bring up
local function now_us() return math.floor(pg.time.now() * 1e6 + 0.5) end
assert(sh:feed("sleep 15h"))
print(string.format("after sleep 15h: %d us", now_us()))
assert(sh:feed("sleep 1d"))
print(string.format("after sleep 1d: %d us", now_us()))
