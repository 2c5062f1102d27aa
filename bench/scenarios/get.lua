-- GET scenarios (reference, topic_anon, topic_member, space_member, home_member,
-- profile_anon): rotate over the targets file's lines, "path<TAB>cookie", the
-- cookie empty for a logged-out reader. Each thread starts at its own offset.
--
-- wrk ... -s get.lua http://127.0.0.1:PORT -- targets.tsv

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")

expected_status = 200

local prepared = {}
local position = 0

function init(args)
  for _, fields in ipairs(bench.read_targets(args[1])) do
    table.insert(prepared, wrk.format("GET", fields[1], bench.headers(fields[2])))
  end
  position = ((thread_number or 1) - 1) * 7 % #prepared
end

function request()
  position = position % #prepared + 1
  return prepared[position]
end
