-- Backpressure you can see.
--
-- Tutorial step: "Variants" — the job started with `--backpressure`. A `Backpressure`
-- map between Timestamps/Watermarks and the counter sleeps 100 ms per record whenever the
-- TaskManager's clock shows an even minute. Its input buffers fill, the credits it grants
-- run out, the Timestamps/Watermarks tasks cannot get output buffers (back-pressured,
-- outPoolUsage near 1), and then neither can the sources: Kafka's lag grows. In the odd
-- minute the map is fast again and the backlog drains. Nothing here is scripted — and every
-- window still counts exactly 1000.
--
-- Flink 1.9 (the default) finds back pressure by sampling the tasks' stack traces when the
-- back-pressure view is asked: the first request starts a sample (100 traces, 50 ms apart)
-- and answers {"status": "deprecated"}; the ratios come 5 s later and are kept for
-- web.backpressure.refresh-interval — 60 s by default, 10 s here so that every poll sees a
-- fresh sample. The map's own load shows in its input buffers (inPoolUsage).
-- expect-output: every window counts exactly 1000
-- expect-output: Timestamps/Watermarks is HIGH in even minutes and OK in odd ones
local pg = require("playground")

local job = pg.up{ job = { backpressure = true }, config = { ["web.backpressure.refresh-interval"] = 10000 } }
pg.time.wait_until(function() return pg.flink.job(job).state == "RUNNING" end, "10s")
local vertices = pg.flink.job(job).vertices
local function vid(name)
  for _, v in ipairs(vertices) do if v.name == name then return v.id end end
end
local wm, bp = vid("Timestamps/Watermarks"), vid("Backpressure")

local function level(v)
  local status, body = pg.flink.rest("GET", "/jobs/" .. job .. "/vertices/" .. v .. "/backpressure")
  pg.expect(status == 200, "the backpressure view answers")
  return body["backpressure-level"] or body.status        -- "deprecated" until the first sample
end
local function metric(v, name)
  local _, body = pg.flink.rest("GET", "/jobs/" .. job .. "/vertices/" .. v .. "/metrics?get=0." .. name)
  return tonumber(body[1].value)
end

local seen = { even = {}, odd = {} }
pg.time.every("10s", function(now)
  local minute = math.floor(now / 60)
  local parity = minute % 2 == 0 and "even" or "odd"
  local lvl = level(wm)
  seen[parity][lvl] = (seen[parity][lvl] or 0) + 1
  pg.log("minute %d (%s): Timestamps/Watermarks %-10s outPoolUsage %.2f | Backpressure inPoolUsage %.2f | lag %6d",
    minute, parity, lvl, metric(wm, "Shuffle.Netty.Output.Buffers.outPoolUsage"),
    metric(bp, "Shuffle.Netty.Input.Buffers.inPoolUsage"), pg.kafka.lag())
end)
pg.time.sleep("4m")

-- Even minutes: HIGH once the buffers are full; odd minutes: OK once drained.
pg.expect((seen.even.high or 0) >= 6, "back-pressured (high) through most of the even minutes")
pg.expect((seen.odd.ok or 0) >= 6, "no backpressure through most of the odd minutes")
pg.log("Timestamps/Watermarks is HIGH in even minutes and OK in odd ones")

local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(r.ok, "every window counts exactly 1000")
pg.log("every window counts exactly 1000")
