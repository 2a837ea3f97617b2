-- Checks: the supported keys an unknown config key's error lists are all of them. The
-- message was built in 1024 bytes, which the HA keys outgrew: the list ended mid-word
-- ("…, playground.startup.taskmanager, playg"), without the HA keys a learner looks for.
-- expect-output: the list of supported keys is whole
local pg = require("playground")
local ok, err = pcall(pg.up, { config = { ["high-availability.zookeper.quorum"] = "zookeeper:2181" } })
pg.expect(not ok, "an unknown key is refused")
local list = err:match("^pg%.up: config: unknown config key 'high%-availability%.zookeper%.quorum' %(supported: (.*)%)$")
pg.expect(list, "the message ends with the list and its parenthesis: %s", err:sub(-80))
local seen = {}
for key in list:gmatch("[^, ]+") do seen[key] = true end
for _, key in ipairs{ "heartbeat.timeout", "high-availability", "high-availability.zookeeper.quorum",
                      "high-availability.storageDir", "high-availability.jobmanager.port" } do
  pg.expect(seen[key], "the list names %s", key)
end
pg.log("the list of supported keys is whole")
