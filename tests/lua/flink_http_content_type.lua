-- Checks pg.flink.http's content_type option, how the shell records an upload a real curl -F
-- sent to the live port: the body's bytes (NUL and bytes above 0x7f included) go through with
-- that Content-Type, so a multipart body uploads its file; the trace names the type without
-- its boundary; a body that is no string, a type that is no string, and form with
-- content_type, and the bytes without the type (a JSON body has no NUL byte) are errors that
-- upload nothing.
-- args: --trace -
-- expect-output: http POST /jars/upload \(multipart/form-data\)$
-- expect-output: ^content_type: uploaded Other\.jar$
local pg = require("playground")
pg.up{}
pg.time.sleep("10s")
local function rejects(pattern, f)
  local ok, err = pcall(f)
  pg.expect(not ok and err:find("^tests/lua/flink_http_content_type%.lua:%d+: ") and err:find(pattern), tostring(err))
end
local B = "------------------------4f1c2a"
local body = "--" .. B .. '\r\nContent-Disposition: form-data; name="jarfile"; filename="Other.jar"\r\n'
  .. "Content-Type: application/octet-stream\r\n\r\nPK\3\4\0\255 bytes\r\n--" .. B .. "--\r\n"
local TYPE = "multipart/form-data; boundary=" .. B
rejects("pg.flink.http: with option 'content_type' the body must be a string %(the bytes sent%), got nil",
        function() pg.flink.http("POST", "/jars/upload", nil, { content_type = TYPE }) end)
rejects("pg.flink.http: option 'content_type' must be a string",
        function() pg.flink.http("POST", "/jars/upload", body, { content_type = 7 }) end)
rejects("pg.flink.http: options 'form' and 'content_type' do not go together",
        function() pg.flink.http("POST", "/jars/upload", nil, { content_type = TYPE, form = { jarfile = "@/opt/ClickCountJob.jar" } }) end)
local st, jars = pg.flink.rest("GET", "/jars")
pg.expect(st == 200 and #jars.files == 0, "the rejected calls uploaded nothing")
-- Without its type the bytes are a JSON body, which has no NUL byte.
rejects("pg.flink.http: the body must not contain a NUL byte", function() pg.flink.http("POST", "/jars/upload", body) end)
local code, text = pg.flink.http("POST", "/jars/upload", body, { content_type = TYPE })
pg.expect(code == 200 and text:find('/flink%-web%-upload/[%x-]+_Other%.jar","status":"success"}$'), "upload: " .. text)
st, jars = pg.flink.rest("GET", "/jars")
pg.expect(st == 200 and #jars.files == 1 and jars.files[1].name == "Other.jar", "GET /jars lists it")
print(string.format("content_type: uploaded %s", jars.files[1].name))
