-- Checks: no nonsense configuration and no silent limits. Each pg.up below is refused
-- with FILE:LINE, the key, the value and the accepted range (Flink's own rule where it has
-- one); a refused pg.up leaves nothing behind, so the last one starts normally.
-- expect-output: ^every bad config refused$
local pg = require("playground")

local function refused(config, ...)
  local ok, err = pcall(function() pg.up{ job = false, config = config } end)
  pg.expect(not ok and err:find("^tests/lua/errors_config_ranges%.lua:%d+: pg%.up: config: "), tostring(err))
  for _, want in ipairs{ ... } do
    pg.expect(err:find(want, 1, true), ("%q does not say %q"):format(err, want))
  end
end

refused({ ["heartbeat.timeout"] = 1000, ["heartbeat.interval"] = 2000 },
        "heartbeat.timeout (1000 ms) is shorter than heartbeat.interval (2000 ms)")
refused({ ["heartbeat.interval"] = 10000 }, "heartbeat.timeout (5000 ms) is shorter")
refused({ ["heartbeat.timeout"] = "0x10" }, "'0x10' is not a duration: hex numbers are not allowed")
refused({ ["heartbeat.timeout"] = "1e4" }, "exponents are not allowed")
refused({ ["restart-strategy.exponential-delay.jitter-factor"] = 1.5 }, "1.5 is not valid", "from 0 to 1",
        "jitter factor must be >= 0 and <= 1")
refused({ ["restart-strategy.exponential-delay.backoff-multiplier"] = 1 }, "greater than 1")
refused({ ["restart-strategy.exponential-delay.backoff-multiplier"] = "0x2" }, "not a decimal number")
refused({ ["restart-strategy.exponential-delay.initial-backoff"] = "2 min" }, "initial-backoff (120000 ms) is higher than max-backoff (60000 ms)")
refused({ ["restart-strategy.failure-rate.max-failures-per-interval"] = 100 }, "from 1 to 64")
refused({ ["heartbeat.interval"] = 2^60 }, "from 1 to 1152921504606846")
refused({ ["execution.checkpointing.timeout"] = 5 }, "from 10 to", "larger than or equal to 10 ms")

-- Large but sensible values pass: a multiplier of 1e16 has no upper limit in Flink either.
pg.up{ job = false, config = { ["restart-strategy.exponential-delay.backoff-multiplier"] = 1e16,
                               ["heartbeat.timeout"] = "1 min", ["heartbeat.interval"] = "60 s" } }
print("every bad config refused")
