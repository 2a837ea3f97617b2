-- Checks: the trace is a true record — a path with a line break cannot forge a trace line.
-- A savepoint directory named with "\n" and a fake line after it: the savepoint's path,
-- the restore command and the JobManager's line quote it escaped ("\n" as backslash-n),
-- each still one line in the narration (and so in --trace and the hash, which see the
-- same text). Without the escaping the narration would show a forged "INJECTED" line.
-- args: --narrate
-- expect-output: ^\[ *[0-9.]+s\] command: flink run -d -p 2 -s /tmp/playground-test-nl\\n120\.000000 compose INJECTED/savepoint-[0-9a-f]{6}-[0-9a-f]{12} /opt/ClickCountJob\.jar
-- expect-output: ^\[ *[0-9.]+s\] jobmanager: Received JobGraph submission .*\. Starting job [0-9a-f]{32} from savepoint /tmp/playground-test-nl\\n120\.000000 compose INJECTED/savepoint-
-- expect-output: ^restored from a path with a line break$
local pg = require("playground")
local dir = "/tmp/playground-test-nl\n120.000000 compose INJECTED"
local job = pg.up{ config = { ["state.savepoints.dir"] = dir } }
pg.time.sleep("10s")
local path = pg.flink.stop(job)
pg.expect(path:find(dir, 1, true) == 1, "the savepoint is in the directory with the line break: " .. path)
local again = pg.flink.run{ savepoint = path }
pg.time.sleep("5s")
pg.expect(pg.flink.job(again).state == "RUNNING", "the job restored")
print("restored from a path with a line break")
