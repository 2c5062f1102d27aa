-- reply_write: members post replies through the topic page's reply form.
-- Targets file lines: "topic path<TAB>cookie<TAB>csrf token"; the cookie holds
-- the member's session and the matching csrftoken. Each acknowledged reply is
-- a 302 to the new post; the runner compares their count with the rows added.
--
-- wrk ... -s reply_write.lua http://127.0.0.1:PORT -- targets.tsv

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")

expected_status = 302

local targets = {}
local position = 0
local sent = 0

local bodies = {
  "Danke für den Tipp, **genau das** hat bei mir auch geholfen. Ich habe die Kette "
    .. "gereinigt und neu geölt, seitdem läuft alles ruhig. #wartung",
  "Same here: after swapping the brake pads the noise was gone. See "
    .. "[the manual](https://example.org/manual) for the torque values.",
  "Kurze Rückfrage: welchen Reifendruck fahrt ihr im Winter?\n\n"
    .. "- vorne 2,5 bar\n- hinten 3 bar\n\nOder ist das zu viel?",
  "> Das Problem tritt nur bei Kälte auf.\n\nKann ich bestätigen, bei mir "
    .. "ab etwa 5 Grad. Ich melde mich, wenn ich mehr weiß.",
}

local function urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(char)
    return string.format("%%%02X", string.byte(char))
  end))
end

function init(args)
  targets = bench.read_targets(args[1])
  position = ((thread_number or 1) - 1) * 7 % #targets
end

function request()
  position = position % #targets + 1
  sent = sent + 1
  local target = targets[position]
  local text = bodies[sent % #bodies + 1]
    .. string.format("\n\n(%d/%d)", thread_number or 1, sent)
  local headers = bench.headers(target[2])
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local body = "csrfmiddlewaretoken=" .. urlencode(target[3]) .. "&body=" .. urlencode(text)
  return wrk.format("POST", target[1], headers, body)
end
