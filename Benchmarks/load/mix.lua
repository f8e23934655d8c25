-- wrk script: the 90/10 mix of Benchmarks/load/mixed.py, at wrk's rate, checked for errors and for privacy.
--   IDS_FILE=ids.txt NAMES_FILE=names.tsv TOKEN=... [WRITES=0.10] [MIX_OUT=DIR] wrk -s mix.lua URL
-- ids.txt: every discoverable member, one id a line; names.tsv: ID<TAB>NAME (names for profile edits).
-- Reads (1 - WRITES): GET /v1/members/{id}/recommendations?limit=10 for a random member of ids.txt (with
-- ROUND_ROBIN=1: each thread asks for the members of its slice in turn, a warm-up).
-- Writes (WRITES), as mixed.py chooses them: dismiss 40 %, connected 25 %, profile edit 25 %, opt-out 7 %,
-- erasure 3 %. Every wrk thread owns a disjoint slice of the ids (position mod threads) and writes only to and
-- about members of its slice, so no thread erases a member that another one then edits back into existence.
-- Privacy: a thread remembers whom it hid or erased and the number of requests it had sent when the server
-- answered; every later-sent answer it receives must not name one of them as a suggestion ("id":"...").
-- wrk's response() does not say which request it answers, so every answer is matched by its body: a
-- recommendation names its asker ("member"), a 404 says "no member 'ID'", an opt-out's answer is the profile with
-- "discoverable":false and its id; an erasure answers 204 with no body, so a thread has one erasure in flight at
-- most. Errors: any status but 2xx, except 404 for an asker that was hidden or erased (by this thread: never
-- asked; by another thread: counted as foreign_404 and written to MIX_OUT for the shell to check).
-- done() prints MIX lines; with MIX_OUT, each thread's hidden ids and foreign 404s go to files there.

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("slice", thread_count - 1)
  threads[thread_count] = thread
end

local ids, own, owned, names = {}, {}, {}, {}
local token, writes
local seq = 0                -- requests sent by this thread
local pending = {}           -- asker -> list of the seq numbers of requests in flight for them
local hiding = {}            -- member -> true while the write that hides them is in flight
hidden = {}                  -- member -> seq when the server answered the write that hid or erased them
hidden_list = {}
erasing = nil                -- the member whose erasure is in flight (its answer carries no id)
local erasing_since = 0
reads, writes_sent, answers_checked = 0, 0, 0
errors, privacy_misses, foreign_404 = 0, 0, 0
error_samples, privacy_samples, foreign_list = {}, {}, {}
local first = true
local topics = { "inpatient falls", "sepsis", "delirium", "discharge planning", "frailty", "patient safety",
                 "mental health", "primary care access" }

function init(args)
  for line in io.lines(os.getenv("IDS_FILE") or "ids.txt") do
    if line ~= "" then ids[#ids + 1] = line end
  end
  for line in io.lines(os.getenv("NAMES_FILE") or "names.tsv") do
    local id, name = line:match("^([^\t]+)\t(.*)$")
    if id then names[id] = name end
  end
  local total = tonumber(os.getenv("WRK_THREADS") or "2")  -- wrk -t, the number of slices
  for index = 1, #ids do
    if (index - 1) % total == slice then own[#own + 1] = ids[index]; owned[ids[index]] = true end
  end
  token = os.getenv("TOKEN") or ""
  writes = tonumber(os.getenv("WRITES") or "0.10")
  math.randomseed(os.time() * 1000 + slice * 7919)
end

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

local function gone(member) return hidden[member] ~= nil or hiding[member] or erasing == member end

local round_robin, next_own = os.getenv("ROUND_ROBIN") == "1", 0
local function read()
  local asker
  if round_robin then  -- a warm-up: every member of the slice in turn
    next_own = next_own % #own + 1
    return own[next_own]
  end
  repeat asker = ids[math.random(#ids)] until not gone(asker)
  return asker
end

local function own_member()
  for _ = 1, 20 do
    local member = own[math.random(#own)]
    if not gone(member) then return member end
  end
  return nil
end

local function note_error(text)
  errors = errors + 1
  if #error_samples < 10 then error_samples[#error_samples + 1] = text end
end

function request()
  if first then  -- wrk calls request() once to check it, and sends nothing: no bookkeeping for that one
    first = false
    return wrk.format("GET", "/v1/members/" .. ids[1] .. "/recommendations?limit=10")
  end
  seq = seq + 1
  if erasing and seq - erasing_since > 20000 then  -- its answer was lost: stop waiting, never ask for them again
    hiding[erasing] = true
    erasing = nil
  end
  if math.random() < writes then
    local member, other = own_member(), own_member()
    if member and other and member ~= other then
      local kind = math.random()
      local auth = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
      local path = "/v1/members/" .. member
      local name = json_string(names[member] or ("Member " .. member))
      writes_sent = writes_sent + 1
      if kind < 0.40 then
        return wrk.format("POST", path .. "/feedback", auth,
          '{"other":' .. json_string(other) .. ',"action":"dismiss"}')
      elseif kind < 0.65 then
        return wrk.format("POST", path .. "/feedback", auth,
          '{"other":' .. json_string(other) .. ',"action":"connected"}')
      elseif kind < 0.90 then
        local a = math.random(#topics)
        local b = (a + math.random(#topics - 1) - 1) % #topics + 1
        return wrk.format("PUT", path, auth, '{"name":' .. name .. ',"bio":"edited at ' ..
          string.format("%.3f", os.time()) .. '","topics":[' .. json_string(topics[a]) .. ',' ..
          json_string(topics[b]) .. ']}')
      elseif kind < 0.97 then
        hiding[member] = true
        return wrk.format("PUT", path, auth, '{"name":' .. name .. ',"discoverable":false}')
      elseif not erasing then
        erasing, erasing_since = member, seq
        return wrk.format("DELETE", path, { ["Authorization"] = "Bearer " .. token })
      end
      writes_sent = writes_sent - 1  -- an erasure is in flight already: a read instead
    end
  end
  local asker = read()
  reads = reads + 1
  local list = pending[asker]
  if not list then list = {}; pending[asker] = list end
  list[#list + 1] = seq
  return wrk.format("GET", "/v1/members/" .. asker .. "/recommendations?limit=10")
end

local function hide(member)
  hiding[member] = nil
  if hidden[member] == nil then
    hidden[member] = seq
    hidden_list[#hidden_list + 1] = member
  end
end

local function sent_at(asker)  -- the oldest request in flight for this asker (the safe guess)
  local list = pending[asker]
  if not list or #list == 0 then return nil end
  local oldest, at = list[1], 1
  for i = 2, #list do if list[i] < oldest then oldest, at = list[i], i end end
  table.remove(list, at)
  if #list == 0 then pending[asker] = nil end
  return oldest
end

function response(status, headers, body)
  if status == 204 then  -- an erasure
    if erasing then hide(erasing); erasing = nil end
    return
  end
  local asker = body:match('^{"blend":"[^"]*","member":"([^"]+)"') or body:match('"member":"([^"]+)","recommendations"')
  if status == 200 and asker then
    local sent = sent_at(asker)
    if sent then
      answers_checked = answers_checked + 1
      for id in body:gmatch('"id":"([^"]+)"') do
        local at = hidden[id]
        if at and at < sent then
          privacy_misses = privacy_misses + 1
          if #privacy_samples < 10 then
            privacy_samples[#privacy_samples + 1] = "GET /v1/members/" .. asker ..
              "/recommendations?limit=10 named " .. id .. " (hidden at request " .. at .. ", asked at " .. sent ..
              "): " .. body:sub(1, 400)
          end
        end
      end
    end
    return
  end
  if status == 200 and body:find('"discoverable":false', 1, true) then  -- an opt-out's answer
    local member = body:match('"id":"([^"]+)"')
    if member and hiding[member] then hide(member) end
    return
  end
  if status >= 200 and status < 300 then return end
  local missing = status == 404 and body:match("no member '([^']+)'")
  if missing then
    sent_at(missing)
    if hidden[missing] or hiding[missing] or erasing == missing then return end
    if not owned[missing] then
      foreign_404 = foreign_404 + 1
      foreign_list[#foreign_list + 1] = missing
      return
    end
  end
  note_error(status .. " " .. body:sub(1, 200))
end

function done(summary, latency, requests)
  local out = os.getenv("MIX_OUT")
  local totals = { reads = 0, writes = 0, checked = 0, errors = 0, privacy = 0, foreign = 0, hidden = 0 }
  for index, thread in ipairs(threads) do
    totals.reads = totals.reads + thread:get("reads")
    totals.writes = totals.writes + thread:get("writes_sent")
    totals.checked = totals.checked + thread:get("answers_checked")
    totals.errors = totals.errors + thread:get("errors")
    totals.privacy = totals.privacy + thread:get("privacy_misses")
    totals.foreign = totals.foreign + thread:get("foreign_404")
    local list = thread:get("hidden_list")
    totals.hidden = totals.hidden + #list
    for _, text in ipairs(thread:get("error_samples")) do io.write("  error: " .. text .. "\n") end
    for _, text in ipairs(thread:get("privacy_samples")) do io.write("  privacy miss: " .. text .. "\n") end
    if out and out ~= "" then
      local file = io.open(out .. "/hidden-" .. index .. ".txt", "w")
      for _, id in ipairs(list) do file:write(id, "\n") end
      file:close()
      file = io.open(out .. "/foreign-404-" .. index .. ".txt", "w")
      for _, id in ipairs(thread:get("foreign_list")) do file:write(id, "\n") end
      file:close()
    end
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("MIX requests=%d reads=%d writes=%d seconds=%.1f threads=%d\n", summary.requests,
    totals.reads, totals.writes, summary.duration / 1e6, #threads))
  io.write(string.format("MIX rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("MIX errors=%d (status %d, socket %d) privacy_misses=%d answers_checked=%d " ..
    "hidden_or_erased=%d foreign_404=%d\n", totals.errors + socket, totals.errors, socket, totals.privacy,
    totals.checked, totals.hidden, totals.foreign))
end
