-- Every request a different query text (a numbered comment appended), so that no server can
-- answer a repeat from a cache: each answer is computed. Reports as wrk_report.lua does.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local made = 0
setup = function(thread)
  made = made + 1
  thread:set("tid", made)
end

init = function(args)
  counter = 0
end

request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "%0A%23" .. tid .. "-" .. counter)
end
