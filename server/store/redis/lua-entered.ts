/** Lua for what a room step answers about the room (part of the prelude every script gets). */
export const LUA_ENTERED = String.raw`
local function meta_json(P, roomID)
  local m = redis.call('HMGET', P .. 'meta', 'name', 'createdAt', 'delay', 'destroyAt')
  local out = '{"roomID":' .. J(roomID) .. ',"roomName":' .. J(m[1]) .. ',"createdAt":' .. m[2] .. ',"destroyDelaySeconds":' .. m[3]
  if m[4] then out = out .. ',"destroyAt":' .. m[4] end
  return out .. '}'
end

-- What an entering session sees: its own user first, then the first cap members in join order
-- (cap 0: only its own user; "mseq" marks the join order at this step, so the rest can be read
-- after the step exactly as it stood here). Returns an open JSON object: the caller appends its own fields and the closing brace.
local function entered_json(P, roomID, uid, cap, already)
  local list = {}
  local me = redis.call('HGET', P .. 'm', uid)
  if me then list[1] = me end
  local ids = {}
  if cap > 0 then ids = redis.call('ZRANGE', P .. 'mo', 0, cap - 1) end
  if #ids > 0 then
    local users = redis.call('HMGET', P .. 'm', unpack(ids))
    for i, id in ipairs(ids) do
      if id ~= uid and users[i] then list[#list + 1] = users[i] end
    end
  end
  local limit = math.max(cap, 1)
  while #list > limit do table.remove(list) end
  local attrs = {}
  local raw = redis.call('HGETALL', P .. 'a')
  for i = 1, #raw, 2 do attrs[raw[i]] = cjson.decode(raw[i + 1]).value end
  local attrsJSON = '{}'
  if #raw > 0 then attrsJSON = J(attrs) end
  return '{"ok":true,"already":' .. tostring(already) .. ',"seq":' .. (redis.call('HGET', P .. 'meta', 'seq') or '0') ..
    ',"mseq":' .. (redis.call('HGET', P .. 'meta', 'mseq') or '0') ..
    ',"meta":' .. meta_json(P, roomID) .. ',"memberList":[' .. table.concat(list, ',') .. '],"attributes":' .. attrsJSON
end
`;
