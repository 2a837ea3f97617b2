-- docs/tutorial.md section 3, "Flink CLI": flink --help.
local pg = require("playground")
pg.up{}
print((pg.flink.cli("--help")))
