-- Checks: contract features the model does not have yet fail clearly — the error starts
-- with FILE:LINE and says "… is not supported yet" — and change nothing (no job appears).
-- Once the model implements one, the call simply works and this test still passes.
local pg = require("playground")

-- a pg.up whose job the model refuses leaves nothing behind: pg.up can be called again
local ok, err = pcall(function() return pg.up{ job = { chaining = true } } end)
if not ok then
  pg.expect(err:find("^tests/lua/unsupported_features%.lua:%d+: pg%.up: .*is not supported yet"), err)
  ok, err = pcall(function() return pg.flink.list() end)
  pg.expect(not ok and err:find("not up yet"), "the refused pg.up left an environment behind")
end

pg.up{ job = false }
pg.time.sleep(5)

local function supported_or_says_so(what, f)
  local before = #pg.flink.list{ all = true }
  local ok, err = pcall(f)
  if not ok then
    pg.expect(err:find("^tests/lua/unsupported_features%.lua:%d+: ") and err:find("is not supported yet"),
              what .. ": unclear error: " .. err)
    pg.expect(#pg.flink.list{ all = true } == before, what .. ": a rejected call created a job")
  end
  return ok
end

supported_or_says_so("sink = exactly-once", function() return pg.flink.run{ sink = "exactly-once" } end)
supported_or_says_so("chaining", function() return pg.flink.run{ chaining = true } end)
supported_or_says_so("backpressure", function() return pg.flink.run{ backpressure = true } end)
supported_or_says_so("pg.flink.rest", function() return pg.flink.rest("GET", "/overview") end)
supported_or_says_so("pg.flink.cli", function() return pg.flink.cli("list") end)
