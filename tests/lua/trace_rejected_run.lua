-- Checks: a rejected action is not in the trace. Each pg.flink.run below is refused by the
-- model (after the bindings accepted its options); none may leave a command line, draw a
-- job id or change anything else, so the run's trace — and its hash — is exactly that of
-- the same scenario without them (`playground run tests/lua/trace_rejected_run.lua` without
-- `-- rejected` prints the same two lines), and the accepted job gets the same id.
-- Nothing lets time pass, so the pinned hash covers only start-up and one submission.
-- args: -- rejected
-- expect-output: ^job 9ea6f1b50dec61363d0e9ea7f10baf9c$
-- expect-output: ^trace-hash: 0c3ef072e5beb271$
local pg = require("playground")
pg.up{ job = false, generator = false, taskmanagers = 0 }
local refusals = {
  { parallelism = 200 },                                         -- above the 128 slots of one job
  { savepoint = "tests/fixtures/savepoints/does-not-exist" },
  { savepoint = "tests/fixtures/savepoints/other-topology" },     -- an operator the job lacks
  { savepoint = "tests/fixtures/savepoints/valid", max_parallelism = 64 },
  { chaining = true },
}
if arg[1] == "rejected" then
  for _, opts in ipairs(refusals) do
    local ok, err = pcall(function() return pg.flink.run(opts) end)
    pg.expect(not ok and err:find("^tests/lua/trace_rejected_run%.lua:%d+: pg%.flink%.run: "), tostring(err))
  end
  pg.expect(#pg.flink.list{ all = true } == 0, "no job was created")
end
print("job " .. pg.flink.run{})
