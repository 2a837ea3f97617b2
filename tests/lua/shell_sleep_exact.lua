-- The shell's `sleep` lets exactly the time typed pass: it steps towards a fixed end in
-- whole µs. (It used to subtract 0.1 s at a time from a float, and `sleep 15h` ended 1 µs
-- early — `sleep 1d` too — so a long session drifted from the durations typed.) Not at a
-- terminal and with no background job, a sleep is one step; stepped (as at a terminal, or
-- while a background job prints), it ends at the same fixed end.
-- An idle playground (no generator, no job, no TaskManager) keeps the hours cheap.
-- expect-output: ^after sleep 15h: 54000000000 us$
-- expect-output: ^after sleep 1d: 140400000000 us$
-- expect-output: ^stepped 1234.567891 s: 141634567891 us$
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
-- 12,346 steps of at most 0.1 s, as a sleep that may be ended early takes them.
assert(sh:advance(1234.567891, nil, function() return false end))
print(string.format("stepped 1234.567891 s: %d us", now_us()))
