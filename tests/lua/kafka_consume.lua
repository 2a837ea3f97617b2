-- Checks pg.kafka: consume returns records ordered by partition then offset, each with
-- its exact JSON value and the decoded fields; end_offsets is 0-based by partition and
-- agrees with consume; lag is a number of records.
local pg = require("playground")
pg.up{ partitions = 2 }
pg.time.sleep("1m")

local ends = pg.kafka.end_offsets("input")
pg.expect(ends[0] > 0 and ends[1] > 0 and ends[2] == nil, "two partitions, 0-based")
local input = pg.kafka.consume("input", { isolation = "read_uncommitted", from = "earliest" })
pg.expect(#input == ends[0] + ends[1], ("consume returns every record: %d vs %d"):format(#input, ends[0] + ends[1]))
local prev
for _, r in ipairs(input) do
  if prev then
    pg.expect(r.partition > prev.partition or (r.partition == prev.partition and r.offset == prev.offset + 1),
              "ordered by partition then offset")
  end
  pg.expect(math.type(r.timestamp) == "integer" and type(r.page) == "string", "decoded input fields")
  prev = r
end
local first = input[1]
pg.expect(first.partition == 0 and first.offset == 0, "starts at partition 0, offset 0")
pg.expect(first.value:match('^{"timestamp":"%d%d%-%d%d%-%d%d%d%d %d%d:%d%d:%d%d:%d%d%d","page":"/%a+"}$'),
          "input JSON as the playground writes it: " .. first.value)
pg.expect(first.value:find(first.page, 1, true), "the value names the page")

local output = pg.kafka.consume("output")
pg.expect(#output > 0, "windows were written")
for _, r in ipairs(output) do
  pg.expect(r.window_end - r.window_start == 15000 and r.count == 1000, "decoded output fields")
  pg.expect(r.value:match('^{"windowStart":"[^"]+","windowEnd":"[^"]+","page":"/%a+","count":1000}$'), r.value)
end
local lag = pg.kafka.lag()
pg.expect(math.type(lag) == "integer" and lag >= 0, "lag is a count of records: " .. tostring(lag))
pg.expect(pg.kafka.lag("click-event-count") == lag, "the job's group is the default")
local ok, err = pcall(function() return pg.kafka.consume("clicks") end)
pg.expect(not ok and err:find("unknown topic 'clicks'"), tostring(err))
ok, err = pcall(function() return pg.kafka.consume("input", { isolation = "serializable" }) end)
pg.expect(not ok and err:find('option \'isolation\' must be "read_uncommitted" or "read_committed"'), tostring(err))
