-- Checks: the words after `--` reach the scenario as arg[1], arg[2], … (strings), and
-- arg[0] is the scenario file.
-- args: -- hello 42 three
-- expect-output: ^args: hello 42 3$
local pg = require("playground")
pg.expect(arg[1] == "hello", "arg[1] is hello")
pg.expect(arg[2] == "42" and type(arg[2]) == "string", "arg[2] is the string 42")
pg.expect(arg[0]:match("cli_scenario_args%.lua$"), "arg[0] is the scenario file")
print("args: " .. arg[1] .. " " .. arg[2] .. " " .. #arg)
