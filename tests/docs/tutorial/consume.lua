-- docs/tutorial.md section 3, "Kafka topics": both topics 25 s in.
local pg = require("playground")
pg.up{}
pg.time.sleep(25)
for _, r in ipairs(pg.kafka.consume("input")) do print(r.partition, r.offset, r.value) end
for _, r in ipairs(pg.kafka.consume("output")) do print(r.partition, r.offset, r.value) end
