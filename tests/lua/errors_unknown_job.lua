-- Checks: a well-formed but unknown job id is an error naming it and the known jobs; a
-- malformed id says what a job id looks like.
-- expect-exit: 1
-- expect-output: ^tests/lua/errors_unknown_job\.lua:12: pg\.flink\.job: unknown job id 0123456789abcdef0123456789abcdef \(jobs: [0-9a-f]{32}\) \(t=5\.000s, seed 1\)$
local pg = require("playground")
local job = pg.up{}
pg.time.sleep(5)
local ok, err = pcall(function() return pg.flink.job("not-a-job") end)
pg.expect(not ok and err:find("expected a job id %(32 lowercase hex characters"), err)
ok, err = pcall(function() return pg.flink.job(job:upper()) end)
pg.expect(not ok, "job ids are lowercase")
pg.flink.job("0123456789abcdef0123456789abcdef")
