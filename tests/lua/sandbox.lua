-- Checks the sandbox: a scenario cannot reach the host. No io, no os.execute/time/clock/
-- getenv/remove/rename/exit/tmpname/setlocale, no package library, no loadfile/dofile,
-- no binary chunks, require of "playground" (and built-in libraries) only, no debug hooks;
-- os.date needs an explicit time and answers in UTC. Runs without pg.up.
local pg = require("playground")

pg.expect(io == nil, "io is not available")
pg.expect(package == nil, "package is not available")
pg.expect(loadfile == nil and dofile == nil, "loadfile and dofile are not available")
for _, name in ipairs{ "execute", "time", "clock", "getenv", "remove", "rename", "exit", "tmpname", "setlocale" } do
  pg.expect(os[name] == nil, "os." .. name .. " is not available")
end
pg.expect(debug.sethook == nil and debug.getregistry == nil and debug.traceback ~= nil,
          "only debug.traceback is available")

local function fails(pattern, f)
  local ok, err = pcall(f)
  pg.expect(not ok, "expected an error like " .. pattern)
  pg.expect(tostring(err):find(pattern), ("error %q is not like %q"):format(tostring(err), pattern))
end

fails("module 'io' is not available to scenarios", function() return require("io") end)
fails("module 'os' is not available", function() return require("os") end)
fails("module 'debug' is not available", function() return require("debug") end)
pg.expect(require("string") == string and require("playground") == pg, "built-in and playground modules load")

-- text chunks load (into the scenario's globals); binary chunks never do
local f = assert(load("return 1 + 1"))
pg.expect(f() == 2, "load of text works")
local dumped = string.dump(function() return 42 end)
local chunk, err = load(dumped)
pg.expect(chunk == nil and err:find("binary"), "load refuses a binary chunk: " .. tostring(err))
chunk, err = load(dumped, "x", "bt")
pg.expect(chunk == nil and err:find("binary"), "mode 'bt' is still text only: " .. tostring(err))
fails("binary chunks are not allowed", function() return load(dumped, "x", "b") end)

fails("os.date needs an explicit time", function() return os.date("%Y") end)
pg.expect(os.date("%Y-%m-%d %H:%M:%S", 0) == "1970-01-01 00:00:00", "os.date(fmt, t) is UTC")
pg.expect(os.date("!%H", 3600) == "01", "an explicit ! is fine")

-- the pg functions that need the environment say so before pg.up
fails("^tests/lua/sandbox%.lua:%d+: pg%.flink%.list: the environment is not up yet %(call pg%.up first%)",
      function() return pg.flink.list() end)
fails("pg%.time%.sleep: the environment is not up yet", function() pg.time.sleep(1) end)
pg.expect(pg.time.now() == 0, "time is 0 before pg.up")
