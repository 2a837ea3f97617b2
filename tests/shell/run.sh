#!/usr/bin/env bash
# `playground shell`'s tests, run by tests/run.sh (stage shell; one "PASS: name" or
# "FAIL: name" line each, details indented; exit 1 on any failure):
#
# 1. The typed tutorial (docs/tutorial.md, its ```console blocks): each session's commands
#    fed through standard input give exactly the output the docs show.
# 2. --record: a session with every kind of command replays with `playground run` to the
#    same trace hash.
# 3. Live HTTP: curl against a running shell on 127.0.0.1 answers every REST route with
#    the bytes pg.flink.http gives at the same simulated instant; requests are recorded and
#    replay; a port in use is a clear error. Loopback only, bounded requests, time limits.
# 4. Bad input: every malformed command says what is wrong, fails the session (exit 1) and
#    changes nothing (the trace hash of a session with them is that of one without).
# 5. Hostile input: a line too long to hold, carriage returns typed or in a request target
#    (no code in the recording), a seed or --record that could not replay, a body declared
#    too big for the port.
# 6. At a terminal (script(1)): Ctrl-C at a question and in a paused sleep, the history.
# 7. --conf and JobManager HA: flink-conf keys checked as pg.up checks them (exit 2, nothing
#    started) and recorded; a standby JobManager scaled in, the leader killed, the job
#    RUNNING under the new one.
set -u
B=${B:-build}
PG="$(pwd)/$B/playground"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -z "${SHELL_PID:-}" ] || kill "$SHELL_PID" 2>/dev/null' EXIT
failures=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); [ -z "${2:-}" ] || tail -25 "$2" | sed 's/^/    /'; }
command -v curl >/dev/null || { fail "curl is not installed (make deps installs it)"; exit 1; }

# ---------------------------------------------------------------- 1. the typed tutorial

bash tests/shell/docs.sh docs/tutorial.md "$tmp/docs" >"$tmp/docs.out" 2>&1; rc=$?
if [ $rc = 0 ]; then sed 's/^/PASS: docs: /' "$tmp/docs.out"
else grep -v '^  ' "$tmp/docs.out" | sed 's/^/FAIL: docs: /'; grep '^  ' "$tmp/docs.out" | head -40; failures=$((failures + 1)); fi

# ---------------------------------------------------------------- 2. --record replays

cat >"$tmp/session.txt" <<'CMDS'
docker-compose up -d
sleep 20s
docker-compose run --no-deps client flink list
curl localhost:8081/jobs/<job-id>
docker-compose exec kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic output --max-messages 7
docker-compose pause taskmanager
sleep 6
docker-compose unpause taskmanager
docker-compose kill taskmanager
sleep 1m
docker-compose up -d taskmanager
docker-compose scale taskmanager=2
sleep 30s
docker-compose run --no-deps client flink savepoint <job-id>
curl -X POST localhost:8081/jobs/<job-id>/stop -d '{"drain": false}'
sleep 3
curl localhost:8081/jobs/<job-id>/savepoints/<trigger-id>
docker-compose run --no-deps client curl -X POST -H "Expect:" \
  -F "jarfile=@/opt/ClickCountJob.jar" http://jobmanager:8081/jars/upload
curl localhost:8081/jars
curl -X POST http://localhost:8081/jars/<jar-id>/run -d '{"parallelism": 1, "programArgs": "--bootstrap.servers kafka:9092"}'
docker-compose run --no-deps client flink run -p 3 -s <savepoint-path> -d /opt/ClickCountJob.jar --bootstrap.servers kafka:9092 --checkpointing --event-time
docker-compose exec kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic output &
sleep 45s
docker-compose stop jobmanager
docker-compose start jobmanager
sleep 10
CMDS
mkdir -p "$tmp/root1" "$tmp/replay"
timeout 120 "$PG" shell --port 0 --root "$tmp/root1" --record "$tmp/rec.lua" <"$tmp/session.txt" >"$tmp/session.out" 2>&1; rc=$?
(cd "$tmp/replay" && timeout 120 "$PG" run "$tmp/rec.lua") >"$tmp/replay.out" 2>&1; rrc=$?
h1=$(grep '^trace-hash: ' "$tmp/session.out"); h2=$(grep '^trace-hash: ' "$tmp/replay.out")
if [ $rc = 0 ] && [ $rrc = 0 ] && [ -n "$h1" ] && [ "$h1" = "$h2" ]; then pass "a recorded session replays to its trace hash ($h1)"
else fail "a recorded session replays to its trace hash (shell exit $rc: '$h1'; replay exit $rrc: '$h2')" "$tmp/replay.out"; tail -20 "$tmp/session.out" | sed 's/^/    /'; fi
if grep -q '^pg.compose.scale("taskmanager", 2)$' "$tmp/rec.lua" && grep -q '^pg.flink.http("POST", "/jobs/[0-9a-f]*/stop", "{\\"drain\\": false}")$' "$tmp/rec.lua" &&
   grep -q '^pg.time.sleep("60.000000s")$' "$tmp/rec.lua" &&
   grep -q '^pg.flink.http("POST", "/jars/upload", nil, { form = { jarfile = "@/opt/ClickCountJob.jar" } })$' "$tmp/rec.lua" &&
   grep -q '^{"jobid":"[0-9a-f]\{32\}"}$' "$tmp/session.out"; then pass "the recording is the Lua API's calls"
else fail "the recording is the Lua API's calls" "$tmp/rec.lua"; fi
if [ -n "$(ls "$tmp/root1/tmp/flink-savepoints-directory" 2>/dev/null)" ] && [ ! -e "$tmp/replay/savepoints" ]; then
  pass "--root holds the savepoint directory"
else fail "--root holds the savepoint directory" "$tmp/session.out"; fi

# The exports, as run writes them.
printf 'docker-compose up -d\nsleep 30\ndocker-compose kill taskmanager\nsleep 30\n' |
  timeout 60 "$PG" shell --port 0 --root "$tmp/root4" --trace "$tmp/x.trace" --timeline "$tmp/x.json" \
    --metrics "$tmp/x.csv" --json "$tmp/x.sum" >"$tmp/x.out" 2>&1; xrc=$?
if [ $xrc = 0 ] && grep -q ' command docker-compose kill taskmanager-1$' "$tmp/x.trace" &&
   "$B/tests/tools/check_timeline" "$tmp/x.json" RUNNING RESTARTING "taskmanager-1 killed" >/dev/null 2>&1 &&
   [ "$(wc -l <"$tmp/x.csv")" -ge 60 ] && grep -q '"verdict": "passed"' "$tmp/x.sum"; then
  pass "shell --trace, --timeline, --metrics and --json"
else fail "shell --trace, --timeline, --metrics and --json (exit $xrc)" "$tmp/x.out"; fi

# ---------------------------------------------------------------- 3. live HTTP

port=$((20000 + $$ % 20000))
mkfifo "$tmp/in"
timeout 120 "$PG" shell --port "$port" --root "$tmp/root2" --record "$tmp/live.lua" <"$tmp/in" >"$tmp/live.out" 2>&1 &
SHELL_PID=$!
exec 7>"$tmp/in"
printf 'docker-compose up -d\nsleep 30s\n' >&7
up=0
for _ in $(seq 1 100); do curl -s -m 2 "127.0.0.1:$port/jobs" 2>/dev/null | grep -q RUNNING && { up=1; break; }; sleep 0.1; done
# Listening on 127.0.0.1 only (/proc/net/tcp: local address 0100007F, state 0A = LISTEN).
phex=$(printf '%04X' "$port")
if grep -q " 0100007F:$phex 00000000:0000 0A " /proc/net/tcp && ! grep -q " 00000000:$phex 00000000:0000 0A " /proc/net/tcp; then
  loopback=1; else loopback=0; fi
# Every route: the GETs, then the actions. Bounded: one request each, 10 s each at most.
job=$(curl -s -m 10 "127.0.0.1:$port/jobs" | grep -o '[0-9a-f]\{32\}' | head -1)
vertex=$(curl -s -m 10 "127.0.0.1:$port/jobs/$job" | grep -o '"vertices":\[{"id":"[0-9a-f]*"' | grep -o '[0-9a-f]\{32\}')
: >"$tmp/curl.txt"
req() {  # method, target[, body]: status and body, as the replay prints them
  local out
  if [ $# -ge 3 ]; then out=$(curl -s -m 10 -X "$1" -d "$3" -w '\n%{http_code}' "127.0.0.1:$port$2")
  else out=$(curl -s -m 10 -X "$1" -w '\n%{http_code}' "127.0.0.1:$port$2"); fi
  printf '%s\n%s\n' "$(printf '%s' "$out" | tail -1)" "$(printf '%s' "$out" | sed '$d')" >>"$tmp/curl.txt"
}
for t in /overview /taskmanagers /jobs /jobs/overview "/jobs/$job" "/jobs/$job/metrics" "/jobs/$job/metrics?get=lastCheckpointSize,uptime" \
         "/jobs/$job/checkpoints" "/jobs/$job/vertices/$vertex/backpressure" "/jobs/$job/vertices/$vertex/metrics" \
         "/jobs/$job/vertices/$vertex/metrics?get=0.numRecordsIn,0.outPoolUsage" /v1/jobs /no/such/route "/jobs/xyz"; do
  req GET "$t"
done
req POST "/jobs/$job/savepoints" '{"cancel-job": false}'
trigger=$(sed -n 's/.*"request-id":"\([0-9a-f]*\)".*/\1/p' "$tmp/curl.txt" | tail -1)
req GET "/jobs/$job/savepoints/$trigger"
# The tutorial's upload with a real curl -F: a multipart body (its Content-Type carries the
# boundary) holding a file's bytes, NUL and bytes above 0x7f included; then the list.
upload() {  # file: as req
  local out
  out=$(curl -s -m 10 -X POST -H "Expect:" -F "jarfile=@$1" -w '\n%{http_code}' "127.0.0.1:$port/jars/upload")
  printf '%s\n%s\n' "$(printf '%s' "$out" | tail -1)" "$(printf '%s' "$out" | sed '$d')" >>"$tmp/curl.txt"
}
printf 'PK\003\004\000\377\r\n"binary"\\ not the playground job\n' >"$tmp/Other.jar"
upload "$tmp/Other.jar"
req GET /jars
req POST "/jobs/$job/stop" '{"drain": false, "unknown": 1}'
req POST "/jobs/$job/stop" '{"drain": false}'
printf 'sleep 2\n' >&7
sleep 0.5
req PATCH "/jobs/$job?mode=cancel"
"$PG" shell --port "$port" </dev/null >"$tmp/busy.out" 2>&1; brc=$?
exec 7>&-
wait "$SHELL_PID"; lrc=$?; SHELL_PID=
nreq=$(grep -c '^pg.flink.http(' "$tmp/live.lua")
# The replay prints every exchange's status and body: they must be curl's bytes.
{ printf 'local pg = require("playground")\nlocal http = pg.flink.http\n'
  printf 'pg.flink.http = function(...) local st, b = http(...); print(st); print(b); return st, b end\n'
  cat "$tmp/live.lua"; } >"$tmp/live-replay.lua"
mkdir -p "$tmp/replay2"
(cd "$tmp/replay2" && timeout 120 "$PG" run "$tmp/live-replay.lua") >"$tmp/live-replay.out" 2>&1
# (the requests before the first req — waiting for the job, finding its ids — come first)
grep -v '^trace-hash: ' "$tmp/live-replay.out" | tail -n "$(wc -l <"$tmp/curl.txt")" >"$tmp/replayed.txt"
if [ $up = 1 ] && [ -n "$job" ] && [ -n "$vertex" ] && [ "$nreq" -ge 20 ] && cmp -s "$tmp/curl.txt" "$tmp/replayed.txt"; then
  pass "curl against a live shell: every route answers as pg.flink.http does ($nreq requests)"
else fail "curl against a live shell: every route answers as pg.flink.http does (up $up, job '$job', vertex '$vertex', $nreq requests)"
  diff "$tmp/curl.txt" "$tmp/replayed.txt" | head -20 | sed 's/^/    /'; fi
if [ "$(grep '^trace-hash: ' "$tmp/live.out")" = "$(grep '^trace-hash: ' "$tmp/live-replay.out")" ] && [ $lrc = 0 ]; then
  pass "a session with live HTTP requests replays to its trace hash"
else fail "a session with live HTTP requests replays to its trace hash (exit $lrc)" "$tmp/live.out"; fi
if grep -q '^3.* command http GET /overview' <("$PG" run "$tmp/live.lua" --trace - 2>/dev/null) 2>/dev/null || \
   (cd "$tmp/replay2" && "$PG" run "$tmp/live.lua" --trace - 2>/dev/null | grep -q ' command http GET /overview$'); then
  pass "HTTP requests are in the trace"
else fail "HTTP requests are in the trace"; fi
if grep -q 'flink-web-upload/[0-9a-f-]*_Other.jar","status":"success"}$' "$tmp/curl.txt" &&
   grep -q '"files":\[{"id":"[0-9a-f-]*_Other.jar","name":"Other.jar"' "$tmp/curl.txt" &&
   grep '^pg.flink.http("POST", "/jars/upload", ' "$tmp/live.lua" | grep -F 'PK\x03\x04\x00\xff\r\n\"binary\"\\ not the' |
     grep -q '{ content_type = "multipart/form-data; boundary=-*[0-9a-f]*" })$'; then
  pass "curl -F uploads a jar to a live shell, and the recording holds the body as received"
else fail "curl -F uploads a jar to a live shell, and the recording holds the body as received" "$tmp/curl.txt"
  grep -n 'jars/upload' "$tmp/live.lua" | cut -c1-300 | sed 's/^/    /'; fi
if [ $brc = 2 ] && grep -q "127.0.0.1:$port: the port is in use" "$tmp/busy.out"; then pass "a port in use is a clear error (exit 2)"
else fail "a port in use is a clear error (exit $brc)" "$tmp/busy.out"; fi
if [ $loopback = 1 ]; then pass "the server listens on 127.0.0.1 only"
else fail "the server listens on 127.0.0.1 only"; grep ":$phex " /proc/net/tcp | sed 's/^/    /'; fi

# run --live: the same API on a scenario run paced by the wall clock.
lport=$((port + 1))
timeout 60 "$PG" run tests/shell/live.lua --live --speed 100 --port "$lport" -- 2m >"$tmp/runlive.out" 2>"$tmp/runlive.err" &
live_pid=$!
got=""
for _ in $(seq 1 200); do got=$(curl -s -m 2 "127.0.0.1:$lport/jobs" 2>/dev/null) && printf '%s' "$got" | grep -q RUNNING && break; sleep 0.02; done
up_got=$(curl -s -m 5 -X POST -H "Expect:" -F "jarfile=@$tmp/Other.jar" "127.0.0.1:$lport/jars/upload")
wait "$live_pid"; rlrc=$?
if [ $rlrc = 0 ] && printf '%s' "$got" | grep -q '"status":"RUNNING"' && grep -q ' http GET /jobs: 200$' "$tmp/runlive.err"; then
  pass "run --live serves the REST API while the scenario runs"
else fail "run --live serves the REST API while the scenario runs (exit $rlrc, got '$got')" "$tmp/runlive.err"; fi
if printf '%s' "$up_got" | grep -q '_Other.jar","status":"success"}$' && grep -q ' http POST /jars/upload: 200$' "$tmp/runlive.err"; then
  pass "run --live takes a curl -F upload"
else fail "run --live takes a curl -F upload (got '$up_got')" "$tmp/runlive.err"; fi

# ---------------------------------------------------------------- 4. bad input

good='docker-compose up -d
sleep 10
docker-compose kill taskmanager
sleep 5'
bad_cmds=(
  'frobnicate'
  'docker-compose frobnicate'
  'docker-compose kill nosuchservice'
  'docker-compose scale jobmanager=2'
  'docker-compose up -d --scale jobmanager=2'
  'docker-compose up -d --scale zookeeper=2'
  'docker kill operations-playground_nosuch_1'
  'docker ps'
  'docker-compose scale taskmanager=99'
  'docker-compose scale taskmanager'
  'docker-compose up'
  'docker-compose exec zookeeper ls'
  'docker-compose run --no-deps client rm -rf /'
  'docker-compose exec kafka kafka-console-consumer.sh --topic output'
  'docker-compose exec kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic nope'
  'docker-compose exec kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic output --max-messages 0'
  'docker-compose exec kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic output --isolation-level sometimes'
  'docker-compose run --no-deps client flink stop deadbeef'
  'docker-compose run --no-deps client flink run -p 0'
  'curl'
  'curl --frobnicate localhost:8081/jobs'
  'curl jobmanager:8081/jobs'
  'curl localhost:9999/jobs'
  'curl ftp://localhost:8081/jobs'
  'curl localhost:8081/jobs/<trigger-id>'
  'curl -X POST -H "Expect:" -F "jarfile=@/opt/ClickCountJob.jar" http://localhost:8081/jars/upload'
  'docker-compose run --no-deps client curl -F "jarfile=@/etc/passwd" http://jobmanager:8081/jars/upload'
  'curl -F jarfile localhost:8081/jars/upload'
  'curl -F a=b -d x localhost:8081/jars/upload'
  'curl -X POST localhost:8081/jars/<jar-id>/run'
  'ls /etc'
  'sleep banana'
  'sleep -5'
  'kill %7'
  'echo hi | cat'
  'flink list > out.txt'
)
printf '%s\n' "$good" >"$tmp/good.txt"
{ printf '%s\n' "${bad_cmds[0]}" "${bad_cmds[1]}"; printf '%s\n' "$good" | head -2; printf '%s\n' "${bad_cmds[@]:2}"; printf '%s\n' "$good" | tail -2; } >"$tmp/bad.txt"
timeout 60 "$PG" shell --port 0 --root "$tmp/root3" <"$tmp/good.txt" >"$tmp/good.out" 2>&1; grc=$?
timeout 60 "$PG" shell --port 0 --root "$tmp/root3" <"$tmp/bad.txt" >"$tmp/bad.out" 2>&1; badrc=$?
if [ $grc = 0 ] && [ $badrc = 1 ] && [ "$(tail -1 "$tmp/good.out")" = "$(tail -1 "$tmp/bad.out")" ]; then
  pass "bad commands fail the session (exit 1) and change nothing (same trace hash)"
else fail "bad commands fail the session (exit $badrc, good $grc) and change nothing" "$tmp/bad.out"; fi
# Each says what is wrong: the line after its echo is a message, not silence.
missing=""
for c in "${bad_cmds[@]}"; do
  msg=$(awk -v c="\$ $c" 'found { print; exit } $0 == c { found = 1 }' "$tmp/bad.out")
  case "$msg" in ""|'$ '*) missing+=" [$c]";; esac
done
if [ -z "$missing" ]; then pass "every bad command says what is wrong"
else fail "bad commands without a message:$missing" "$tmp/bad.out"; fi
printf '%s\n' "docker-compose up -d" "curl 'localhost:8081/jobs" >"$tmp/open.txt"
timeout 60 "$PG" shell --port 0 --root "$tmp/root3" <"$tmp/open.txt" >"$tmp/open.out" 2>&1; orc=$?
if [ $orc = 1 ] && grep -q 'the last command was not finished' "$tmp/open.out"; then pass "an unfinished quote at the end of input is reported"
else fail "an unfinished quote at the end of input is reported (exit $orc)" "$tmp/open.out"; fi

# ---------------------------------------------------------------- 4b. a newcomer's findings

# docker-compose's own words for an unknown service in logs (not the Lua API's); <jar-id>
# before an upload; ls: a savepoint keeps its inode while it exists (also one the checkpoint
# history no longer shows, 30 s later), plain ls prints names; scale to 0 and down -v print
# docker-compose v1's lines for what they remove. The session replays to its trace hash.
printf '%s\n' 'docker-compose up -d' 'sleep 10' 'docker-compose logs jobmanger' \
  "curl -X POST http://localhost:8081/jars/<jar-id>/run -d '{\"parallelism\": 1}'" \
  'docker-compose run --no-deps client flink savepoint <job-id>' \
  "curl -X POST localhost:8081/jobs/<job-id>/savepoints -d '{\"cancel-job\": false}'" 'sleep 30' \
  'ls -lia /tmp/flink-savepoints-directory' 'docker-compose run --no-deps client flink stop <job-id>' \
  'ls -lia /tmp/flink-savepoints-directory/' 'ls /tmp/flink-savepoints-directory' 'ls -x /tmp/flink-savepoints-directory' \
  'docker-compose up -d --scale taskmanager=2' 'docker-compose scale taskmanager=0' 'docker-compose down -v' >"$tmp/nc.txt"
timeout 60 "$PG" shell --port 0 --root "$tmp/root6" --record "$tmp/nc.lua" <"$tmp/nc.txt" >"$tmp/nc.out" 2>&1; ncrc=$?
after() { awk -v c="\$ $1" 'found && /^(\$ |trace-hash: )/ { exit } found { print } $0 == c { found = 1 }' "$tmp/nc.out"; }
if [ $ncrc = 1 ] && [ "$(after 'docker-compose logs jobmanger')" = 'ERROR: No such service: jobmanger' ] &&
   after "curl -X POST http://localhost:8081/jars/<jar-id>/run -d '{\"parallelism\": 1}'" | grep -q '^<jar-id>: no jar has been uploaded yet'; then
  pass "logs of an unknown service and <jar-id> before an upload say so in the tools' words"
else fail "logs of an unknown service and <jar-id> before an upload say so in the tools' words (exit $ncrc)" "$tmp/nc.out"; fi
after 'ls -lia /tmp/flink-savepoints-directory' | awk '$NF ~ /^savepoint-/ { print $1, $NF }' >"$tmp/ls1"
after 'ls -lia /tmp/flink-savepoints-directory/' | awk '$NF ~ /^savepoint-/ { print $1, $NF }' >"$tmp/ls2"
names=$(after 'ls /tmp/flink-savepoints-directory')
if [ "$(wc -l <"$tmp/ls1")" = 2 ] && [ "$(wc -l <"$tmp/ls2")" = 3 ] && [ -z "$(comm -23 <(sort "$tmp/ls1") <(sort "$tmp/ls2"))" ] &&
   [ "$(cut -d' ' -f1 "$tmp/ls2" | sort -u | wc -l)" = 3 ] && [ "$names" = "$(cut -d' ' -f2 "$tmp/ls2")" ] &&
   after 'ls -x /tmp/flink-savepoints-directory' | grep -q '^ls: option -x is not supported here'; then
  pass "ls: a savepoint keeps its inode, plain ls prints names, other flags are refused"
else fail "ls: a savepoint keeps its inode, plain ls prints names, other flags are refused" "$tmp/nc.out"; fi
if [ "$(after 'docker-compose scale taskmanager=0' | tail -2)" = "Stopping and removing operations-playground_taskmanager_1 ... done
Stopping and removing operations-playground_taskmanager_2 ... done" ] &&
   [ "$(after 'docker-compose down -v' | tail -3)" = "Removing operations-playground_client_1               ... done
Removing network operations-playground_default
Removing volume operations-playground_flink-checkpoints-directory" ]; then
  pass "scale to 0 and down -v print what they stop and remove, as docker-compose v1"
else fail "scale to 0 and down -v print what they stop and remove, as docker-compose v1" "$tmp/nc.out"; fi
mkdir -p "$tmp/replay6"
(cd "$tmp/replay6" && timeout 60 "$PG" run "$tmp/nc.lua") >"$tmp/nc-replay.out" 2>&1
if [ "$(tail -1 "$tmp/nc.out")" = "$(tail -1 "$tmp/nc-replay.out")" ]; then pass "that session replays to its trace hash"
else fail "that session replays to its trace hash" "$tmp/nc-replay.out"; fi

# ---------------------------------------------------------------- 5. hostile input

# A line longer than the shell holds (64 KiB) is refused whole: its tail is not a command of
# its own (here the tail of a comment would have brought the playground up), and the
# session fails.
{ head -c 65536 /dev/zero | tr '\0' '#'; printf 'docker-compose up -d\nflink list\n'; } >"$tmp/long.txt"
timeout 60 "$PG" shell --port 0 --root "$tmp/root5" <"$tmp/long.txt" >"$tmp/long.out" 2>&1; lgrc=$?
if [ $lgrc = 1 ] && grep -q 'a line of more than 65536 bytes: ignored' "$tmp/long.out" && ! grep -q '^Creating' "$tmp/long.out" &&
   grep -q 'the playground is not up yet' "$tmp/long.out"; then pass "a line too long to hold is refused whole (exit 1)"
else fail "a line too long to hold is refused whole (exit $lgrc)" "$tmp/long.out"; fi

# A carriage return in a typed command stays inside the recording's comment: Lua ends a
# comment there, so the rest of the line was code that the replay ran (a kill here).
printf 'docker-compose up -d\nsleep 5\rpg.compose.kill("jobmanager")\nsleep 5\n' >"$tmp/cr.txt"
timeout 60 "$PG" shell --port 0 --root "$tmp/root5" --record "$tmp/cr.lua" <"$tmp/cr.txt" >"$tmp/cr.out" 2>&1
(cd "$tmp/replay" && timeout 60 "$PG" run "$tmp/cr.lua") >"$tmp/cr-replay.out" 2>&1; crrc=$?
if [ $crrc = 0 ] && [ "$(tail -1 "$tmp/cr.out")" = "$(tail -1 "$tmp/cr-replay.out")" ]; then
  pass "a carriage return in a typed command is no code in the recording"
else fail "a carriage return in a typed command is no code in the recording (replay exit $crrc)" "$tmp/cr-replay.out"; fi

# A placeholder in a comment is not resolved (it failed the command: no savepoint yet), and
# messages say `kill %N` as it is typed. (The JobManager's JVM takes 5 s to start.)
printf '%s\n' 'docker-compose up -d' 'sleep 6' 'flink list   # then: flink run -s <savepoint-path> ...' >"$tmp/ph.txt"
timeout 60 "$PG" shell --port 0 --root "$tmp/root5" <"$tmp/ph.txt" >"$tmp/ph.out" 2>&1; phrc=$?
printf '%s\n' 'kill 1' | timeout 60 "$PG" shell --port 0 --root "$tmp/root5" >"$tmp/kill.out" 2>&1
if [ $phrc = 0 ] && grep -q '^------------------ Running/Restarting Jobs -------------------$' "$tmp/ph.out" && grep -q 'stops background follows: `kill %N`' "$tmp/kill.out"; then
  pass "a placeholder in a comment stays a comment; kill says %N"
else fail "a placeholder in a comment stays a comment (exit $phrc); kill says %N" "$tmp/ph.out"; cat "$tmp/kill.out" | sed 's/^/    /'; fi

# A NUL byte typed (from a pipe): the whole line is echoed, and the API's error says what is
# wrong without the place in lua/shell.lua that called it.
printf 'docker-compose up -d\ncurl -d "a\0b" localhost:8081/jobs\n' | timeout 60 "$PG" shell --port 0 --root "$tmp/root5" >"$tmp/nul.out" 2>&1; nlrc=$?
if [ $nlrc = 1 ] && grep -q '^pg.flink.http: the body must not contain a NUL byte, got "a\\0b"$' "$tmp/nul.out" &&
   [ "$(grep -c -a 'curl -d "a.b" localhost:8081/jobs$' "$tmp/nul.out")" = 1 ]; then
  pass "a NUL byte typed is echoed and refused by the API's own words"
else fail "a NUL byte typed is echoed and refused by the API's own words (exit $nlrc)" "$tmp/nul.out"; fi

# A long session with --record: the file grows by what each command adds (written whole
# after every command, 20000 commands took 43 s instead of 1).
yes jobs | head -20000 >"$tmp/long-rec.txt"
timeout 20 "$PG" shell --port 0 --record "$tmp/long-rec.lua" <"$tmp/long-rec.txt" >/dev/null 2>&1; lrrc=$?
if [ $lrrc = 0 ] && [ "$(grep -c '^-- \$ jobs$' "$tmp/long-rec.lua")" = 20000 ]; then pass "a recording grows by what each command adds"
else fail "a recording grows by what each command adds (exit $lrrc, $(grep -c . "$tmp/long-rec.lua") lines)"; fi

# The seed is pg.up's, which the recording writes: at most 2^63-1, else the recording (no
# seed) replayed another playground.
"$PG" shell --port 0 --seed 9223372036854775808 </dev/null >"$tmp/seed.out" 2>&1; sdrc=$?
if [ $sdrc = 2 ] && grep -q -- '--seed needs an integer from 0 to 9223372036854775807' "$tmp/seed.out"; then
  pass "a seed above 2^63-1 is a usage error"
else fail "a seed above 2^63-1 is a usage error (exit $sdrc)" "$tmp/seed.out"; fi

# --record to a path that cannot be written: said before the session starts (exit 2), not
# as a Lua traceback after its first command has run.
printf 'docker-compose up -d\n' | "$PG" shell --port 0 --root "$tmp/root5" --record /dev/null/rec.lua >"$tmp/norec.out" 2>&1; nrrc=$?
if [ $nrrc = 2 ] && grep -q 'cannot write /dev/null/rec.lua: Not a directory' "$tmp/norec.out" && ! grep -q -e '^Creating' -e traceback "$tmp/norec.out"; then
  pass "an unwritable --record is a usage error before anything runs"
else fail "an unwritable --record is a usage error before anything runs (exit $nrrc)" "$tmp/norec.out"; fi

# From the port: a carriage return in a request target is no code in the recording either
# (a local client could make the replay kill the JobManager), and a body declared over
# 16 MiB is refused with 413 before it is sent (no "100 Continue" to upload it).
hport=$((port + 2))
mkfifo "$tmp/in5"
timeout 60 "$PG" shell --port "$hport" --root "$tmp/root5" --record "$tmp/h5.lua" <"$tmp/in5" >"$tmp/h5.out" 2>&1 &
SHELL_PID=$!
exec 7>"$tmp/in5"
printf 'docker-compose up -d\nsleep 6\n' >&7     # the JobManager's JVM takes 5 s to start
for _ in $(seq 1 100); do curl -sf -m 2 "127.0.0.1:$hport/jobs" >/dev/null 2>&1 && break; sleep 0.1; done
raw() {  # port, a request as bytes: the first line of the answer (3 s at most)
  exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "$2" >&3 && timeout 3 head -1 <&3 | tr -d '\r'; exec 3<&-
}
# What neither the interpreter nor run --live's exchange can take: no path, a NUL byte.
odd_requests() {  # port: the status line of each
  raw "$1" 'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
  raw "$1" 'GET http://localhost:8081/jobs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
  raw "$1" 'POST /jobs/x/stop HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{\0}'
}
cr_status=$(raw "$hport" 'GET /jobs\rpg.compose.kill("jobmanager") HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
big_status=$(raw "$hport" 'POST /jobs/x/stop HTTP/1.1\r\nHost: x\r\nContent-Length: 17000000\r\nExpect: 100-continue\r\n\r\n')
odd_shell=$(odd_requests "$hport")
printf 'sleep 5\n' >&7
exec 7>&-
wait "$SHELL_PID"; SHELL_PID=
(cd "$tmp/replay" && timeout 60 "$PG" run "$tmp/h5.lua") >"$tmp/h5-replay.out" 2>&1; h5rc=$?
if [ $h5rc = 0 ] && [ "$cr_status" = "HTTP/1.1 404 Not Found" ] && [ "$(tail -1 "$tmp/h5.out")" = "$(tail -1 "$tmp/h5-replay.out")" ]; then
  pass "a carriage return in a request target is no code in the recording"
else fail "a carriage return in a request target is no code in the recording (status '$cr_status', replay exit $h5rc)" "$tmp/h5-replay.out"; fi
case "$big_status" in
  "HTTP/1.1 413 "*) pass "a body declared over 16 MiB is refused before it is sent";;
  *) fail "a body declared over 16 MiB is refused before it is sent (got '$big_status')";;
esac

# run --live answers those as the shell does (it answered a NUL body as if it ended there,
# the shell "500 Internal server error" for a target that is no path), and shows a
# client's escape sequence on standard error as \x1b, not to the terminal.
lport2=$((port + 3))
timeout 60 "$PG" run tests/shell/live.lua --live --speed 20 --port "$lport2" -- 1m >"$tmp/live5.out" 2>"$tmp/live5.err" &
live5=$!
for _ in $(seq 1 200); do curl -s -m 2 "127.0.0.1:$lport2/jobs" 2>/dev/null | grep -q RUNNING && break; sleep 0.05; done
odd_live=$(odd_requests "$lport2")
esc_status=$(raw "$lport2" 'GET /jobs\033[2J HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
wait "$live5"
want=$(printf 'HTTP/1.1 400 Bad Request\n%.0s' 1 2 3)
if [ "$odd_shell" = "$want" ] && [ "$odd_live" = "$want" ]; then
  pass "the shell and run --live refuse a target that is no path and a NUL byte alike (400)"
else fail "the shell and run --live refuse a target that is no path and a NUL byte alike (shell: $(echo $odd_shell); live: $(echo $odd_live))"; fi
if [ "$esc_status" = "HTTP/1.1 404 Not Found" ] && grep -q 'http GET /jobs\\x1b\[2J: 404$' "$tmp/live5.err" && ! grep -q "$(printf '\033')" "$tmp/live5.err"; then
  pass "run --live shows a request's control bytes escaped"
else fail "run --live shows a request's control bytes escaped (status '$esc_status')" "$tmp/live5.err"; fi

# ---------------------------------------------------------------- 6. at a terminal

# script(1) gives the shell a terminal; each key is sent once the output shows the shell
# is waiting for it. Ctrl-C at the "which one?" question (two jobs running) drops the
# command, and only it: the next prompt used to take that Ctrl-C as its own as well.
if command -v script >/dev/null; then
  mkfifo "$tmp/keys"
  mkdir -p "$tmp/hist"
  HOME="$tmp" timeout 60 script -qfec "$PG shell --port 0 --speed max --root $tmp/root6" /dev/null \
    <"$tmp/keys" >"$tmp/tty.out" 2>&1 &
  tty_pid=$!
  exec 8>"$tmp/keys"
  seen() { local _; for _ in $(seq 1 200); do [ "$(tr -d '\r' <"$tmp/tty.out" | grep -c -- "$1")" -ge "${2:-1}" ] && return 0; sleep 0.05; done; return 1; }
  key() { printf "$1" >&8; }
  seen '^\$ ' && key 'docker-compose up -d\r' && seen '^\$ ' 2 &&
    key 'flink run -d /opt/ClickCountJob.jar --bootstrap.servers kafka:9092 --checkpointing --event-time\r' &&
    seen 'Job has been submitted' && key 'flink cancel <job-id>\r' && seen 'which one' && key '\003' &&
    seen 'no job chosen' && seen '^\$ ' 4 && key 'flink list\r' && seen '^\$ ' 5 && key 'exit\r'
  exec 8>&-
  wait "$tty_pid"
  tr -d '\r' <"$tmp/tty.out" >"$tmp/tty.txt"
  if grep -q '^which one? \[1-2\] ^C$' "$tmp/tty.txt" && ! grep -q '^\$ ^C' "$tmp/tty.txt" && grep -q '^\$ exit$' "$tmp/tty.txt"; then
    pass "Ctrl-C at a question ends the question only"
  else fail "Ctrl-C at a question ends the question only" "$tmp/tty.txt"; fi

  # Ctrl-C ends a sleep while time is paused (it runs as fast as it can then): it went
  # unseen until the sleep was over, minutes for `sleep 30d`.
  mkfifo "$tmp/keys2"
  HOME="$tmp" timeout 60 script -qfec "$PG shell --port 0 --root $tmp/root6" /dev/null <"$tmp/keys2" >"$tmp/tty.out" 2>&1 &
  tty_pid=$!
  exec 8>"$tmp/keys2"
  seen '^\$ ' && key 'docker-compose up -d\r' && seen '^\$ ' 2 && key 'pause\r' && seen '^\$ ' 3 &&
    key 'sleep 30d\r' && sleep 0.3 && key '\003' && seen '^\$ ' 4 && key 'exit\r'
  exec 8>&-
  wait "$tty_pid"
  tr -d '\r' <"$tmp/tty.out" >"$tmp/tty.txt"
  if grep -q '^\$ sleep 30d$' "$tmp/tty.txt" && grep -q '^\^C$' "$tmp/tty.txt" && grep -q '^\$ exit$' "$tmp/tty.txt"; then
    pass "Ctrl-C ends a sleep while time is paused"
  else fail "Ctrl-C ends a sleep while time is paused" "$tmp/tty.txt"; fi

  # ~/.playground_history keeps the last 1000 lines, not every line of every session.
  { echo '_HiStOrY_V2_'; for _ in $(seq 1 3000); do echo 'docker-compose\040ps'; done; } >"$tmp/hist/.playground_history"
  HOME="$tmp/hist" timeout 60 script -qfec "$PG shell --port 0 --root $tmp/root6" /dev/null <<<'exit' >/dev/null 2>&1
  hist=$(grep -c . "$tmp/hist/.playground_history")
  if [ "$hist" -le 1001 ] && [ "$(tail -1 "$tmp/hist/.playground_history")" = exit ]; then pass "the history file keeps 1000 lines"
  else fail "the history file keeps 1000 lines (it has $hist)"; fi
else fail "script (util-linux) is not installed: the terminal tests need it"; fi

# ---------------------------------------------------------------- 7. --conf and HA

HA=(--conf high-availability=zookeeper --conf high-availability.storageDir=file:///tmp/flink-ha
    --conf high-availability.zookeeper.quorum=zookeeper:2181)
# A key or value pg.up refuses: the same words as pg.up's (after its "pg.up: config: "),
# exit 2, and nothing started — no recording written, no command run.
conf_case() {  # name, the Lua config table, then the shell's --conf words
  local name=$1 lua=$2; shift 2
  rm -f "$tmp/conf.lua"
  printf 'docker-compose up -d\n' | "$PG" shell --port 0 --root "$tmp/root7" --record "$tmp/conf.lua" "$@" >"$tmp/conf.out" 2>&1
  local crc=$?
  printf 'local pg = require("playground")\npg.up{ config = %s }\n' "$lua" >"$tmp/conf-api.lua"
  local want
  want=$("$PG" run "$tmp/conf-api.lua" 2>&1 | sed -n 's/^.*: pg\.up: config: \(.*\) (t=0\.000s, seed 1)$/\1/p')
  local got                      # after "shell: --conf KEY=VALUE: " or "shell: --conf: "
  got=$(sed -n -e 's/^.* shell: --conf: //p' -e 's/^.* shell: --conf [^ ]*: //p' "$tmp/conf.out")
  if [ $crc = 2 ] && [ -n "$want" ] && [ "$got" = "$want" ] && [ ! -e "$tmp/conf.lua" ] && ! grep -q '^\$ ' "$tmp/conf.out"; then
    pass "--conf refuses $name as pg.up does (exit 2, nothing started)"
  else fail "--conf refuses $name as pg.up does (exit $crc; pg.up: '$want'; shell: '$got')" "$tmp/conf.out"; fi
}
conf_case "an unknown key" '{ ["high-availability.zookeper.quorum"] = "zookeeper:2181" }' --conf high-availability.zookeper.quorum=zookeeper:2181
conf_case "a bad value" '{ ["heartbeat.timeout"] = "0x10" }' --conf heartbeat.timeout=0x10
conf_case "the rules between keys" '{ ["heartbeat.timeout"] = "1000", ["heartbeat.interval"] = "2000" }' \
  --conf heartbeat.timeout=1000 --conf heartbeat.interval=2000
conf_case "HA without a quorum" '{ ["high-availability"] = "zookeeper", ["high-availability.storageDir"] = "file:///tmp/flink-ha" }' \
  --conf high-availability=zookeeper --conf high-availability.storageDir=file:///tmp/flink-ha
"$PG" shell --port 0 --conf heartbeat.timeout </dev/null >"$tmp/conf.out" 2>&1; ncrc=$?
if [ $ncrc = 2 ] && grep -q -- "--conf needs KEY=VALUE.*got 'heartbeat.timeout': no '=' between the key and the value" "$tmp/conf.out"; then
  pass "--conf without '=' is a usage error"
else fail "--conf without '=' is a usage error (exit $ncrc)" "$tmp/conf.out"; fi

# The failover, typed: a standby, the leader killed by container name (docker-compose kill
# jobmanager would kill both), 503 while no one leads, the job RUNNING under jobmanager_2.
cat >"$tmp/ha.txt" <<'CMDS'
docker-compose up -d
docker-compose up -d --scale jobmanager=2
sleep 30
docker-compose ps
docker kill operations-playground_jobmanager_1
docker-compose ps
sleep 10
curl -i localhost:8081/jobs
sleep 35
docker-compose run --no-deps client flink list
curl localhost:8081/jobs
docker-compose logs --tail 1 jobmanager-2
docker-compose up -d jobmanager
docker-compose scale jobmanager=1
sleep 10
docker-compose ps
CMDS
mkdir -p "$tmp/root7" "$tmp/replay7"
timeout 120 "$PG" shell --port 0 --root "$tmp/root7" --record "$tmp/ha.lua" "${HA[@]}" --conf heartbeat.timeout=5000 \
  --conf heartbeat.timeout=6000 <"$tmp/ha.txt" >"$tmp/ha.out" 2>&1; harc=$?
(cd "$tmp/replay7" && timeout 120 "$PG" run "$tmp/ha.lua") >"$tmp/ha-replay.out" 2>&1; hrrc=$?
ps_row() {  # which ps (1st, 2nd), container: its State column
  awk -v n="$1" -v c="$2" '/^ +Name +Command/ { k++ } k == n && $1 == c { for (i = 2; i <= NF; i++) if ($i == "Up" || $i == "Exit") { print $i ($i == "Exit" ? " " $(i + 1) : ""); exit } }' "$tmp/ha.out"
}
if [ $harc = 0 ] && grep -q '^WARNING: The "jobmanager" service specifies a port on the host' "$tmp/ha.out" &&
   grep -q '^Creating operations-playground_jobmanager_2 ... done$' "$tmp/ha.out" &&
   [ "$(ps_row 1 operations-playground_jobmanager_2)" = Up ] && [ "$(ps_row 1 operations-playground_jobmanager_1)" = Up ] &&
   grep -qx 'operations-playground_jobmanager_1' "$tmp/ha.out" &&
   [ "$(ps_row 2 operations-playground_jobmanager_1)" = "Exit 137" ] && [ "$(ps_row 2 operations-playground_jobmanager_2)" = Up ]; then
  pass "up -d --scale jobmanager=2 adds a standby; docker kill kills the leader only"
else fail "up -d --scale jobmanager=2 adds a standby; docker kill kills the leader only (exit $harc)" "$tmp/ha.out"; fi
if grep -q '^HTTP/1.1 503 Service Unavailable$' "$tmp/ha.out" &&
   grep -q '^{"errors":\["Service temporarily unavailable due to an ongoing leader election. Please refresh."\]}$' "$tmp/ha.out" &&
   grep -q '^{"jobs":\[{"id":"[0-9a-f]\{32\}","status":"RUNNING"}\]}$' "$tmp/ha.out" &&
   grep -q 'Click Event Count (RUNNING)$' "$tmp/ha.out" && grep -q '^jobmanager_2  *| ' "$tmp/ha.out" &&
   grep -q '^Stopping and removing operations-playground_jobmanager_2 ... done$' "$tmp/ha.out" &&
   grep -q '^Starting operations-playground_jobmanager_1 ... done$' "$tmp/ha.out" &&
   [ "$(ps_row 3 operations-playground_jobmanager_1)" = Up ] && [ -z "$(ps_row 3 operations-playground_jobmanager_2)" ]; then
  pass "curl follows the leader: 503 while no JobManager leads, the job RUNNING under the standby"
else fail "curl follows the leader: 503 while no JobManager leads, the job RUNNING under the standby" "$tmp/ha.out"; fi
h1=$(grep '^trace-hash: ' "$tmp/ha.out"); h2=$(grep '^trace-hash: ' "$tmp/ha-replay.out")
if [ $hrrc = 0 ] && [ -n "$h1" ] && [ "$h1" = "$h2" ] &&
   grep -q '^-- A session of `playground shell` --seed 1 --conf heartbeat.timeout=6000 --conf high-availability=zookeeper ' "$tmp/ha.lua" &&
   grep -q '^pg.up({ config = { \["heartbeat.timeout"\] = "6000", \["high-availability"\] = "zookeeper", ' "$tmp/ha.lua" &&
   grep -q '^pg.compose.scale("jobmanager", 2)$' "$tmp/ha.lua" && grep -q '^pg.compose.kill("jobmanager")$' "$tmp/ha.lua"; then
  pass "a session with --conf replays to its trace hash ($h1)"
else fail "a session with --conf replays to its trace hash ('$h1', replay exit $hrrc: '$h2')" "$tmp/ha.lua"; fi

# docker-compose acts on every container of a service: both JobManagers die; and without
# HA the jobmanager does not scale, in the Lua API's words.
printf '%s\n' 'docker-compose up -d' 'docker-compose up -d --scale jobmanager=2' 'docker-compose kill jobmanager' 'docker-compose ps' |
  timeout 60 "$PG" shell --port 0 --root "$tmp/root7" "${HA[@]}" >"$tmp/ha2.out" 2>&1; ha2rc=$?
printf '%s\n' 'docker-compose up -d' 'docker-compose up -d --scale jobmanager=2' |
  timeout 60 "$PG" shell --port 0 --root "$tmp/root7" >"$tmp/ha3.out" 2>&1; ha3rc=$?
if [ $ha2rc = 0 ] && grep -q '^Killing operations-playground_jobmanager_1 ... done$' "$tmp/ha2.out" &&
   grep -q '^Killing operations-playground_jobmanager_2 ... done$' "$tmp/ha2.out" &&
   [ "$ha3rc" = 1 ] && grep -q '^pg.compose.scale: scaling jobmanager needs high-availability: zookeeper' "$tmp/ha3.out"; then
  pass "docker-compose kill jobmanager kills every JobManager; without HA none is added"
else fail "docker-compose kill jobmanager kills every JobManager (exit $ha2rc); without HA none is added (exit $ha3rc)" "$tmp/ha2.out"; cat "$tmp/ha3.out" | sed 's/^/    /'; fi

[ $failures = 0 ]
