/**
 * The member attribute (SPEC 6b) and server API (SPEC 12) steps as Lua scripts, the Redis side of
 * server/store/extensions.ts. A room's member attributes live in `ma` (userID → JSON
 * `{ seq, attrs: { key: { value, setter, deleteAfterOwnerLeft } } }`) and `mao` (list order); the
 * leave step's clean-up is `member_attrs_after_leave` in the prelude.
 */

/** KEYS[1] room prefix. ARGV: epoch node roomID sid uid attrsJSON userIDsJSON deleteAfterOwnerLeft users pairs totalBytes logLimits */
export const SET_MEMBER_ATTRIBUTES = String.raw`
local epoch, node, roomID, sid, uid = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local attrs, targets, dal = cjson.decode(ARGV[6]), cjson.decode(ARGV[7]), ARGV[8] == '1'
local maxUsers, maxPairs, maxBytes, logLimits = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12]
local P = KEYS[1]
local why = refused(epoch, node, sid)
if why then return err(why) end
if not has_session(P, uid, sid) then return err('not-in-room') end
local seen, order, nexts, errors, newcomers = {}, {}, {}, {}, 0
for _, target in ipairs(targets) do
  if not seen[target] then
    seen[target] = true
    if redis.call('HEXISTS', P .. 'm', target) == 0 then
      errors[#errors + 1] = target
    else
      local raw = redis.call('HGET', P .. 'ma', target)
      local entry = raw and cjson.decode(raw) or { seq = 0, attrs = {} }
      for key, value in pairs(attrs) do
        entry.attrs[key] = { value = value, setter = uid, deleteAfterOwnerLeft = dal }
      end
      local pairsCount, bytes = 0, 0
      for key, rec in pairs(entry.attrs) do
        pairsCount = pairsCount + 1
        bytes = bytes + #key + #rec.value
      end
      if pairsCount > maxPairs then return '{"ok":false,"failure":"pairs","userID":' .. J(target) .. '}' end
      if bytes > maxBytes then return '{"ok":false,"failure":"bytes","userID":' .. J(target) .. '}' end
      if not raw and pairsCount > 0 then newcomers = newcomers + 1 end
      order[#order + 1] = target
      nexts[target] = { entry = entry, new = not raw }
    end
  end
end
if newcomers > 0 and redis.call('HLEN', P .. 'ma') + newcomers > maxUsers then return err('users') end
local infos = {}
for _, target in ipairs(order) do
  local plain = {}
  local any = false
  for key, rec in pairs(nexts[target].entry.attrs) do plain[key] = rec.value; any = true end
  infos[#infos + 1] = '{"userID":' .. J(target) .. ',"attributes":' .. (any and J(plain) or '{}') .. '}'
end
local changed = next(attrs) ~= nil and #order > 0
if changed then
  for _, target in ipairs(order) do
    local item = nexts[target]
    if item.new then
      item.entry.seq = redis.call('HINCRBY', P .. 'meta', 'maseq', 1)
      redis.call('ZADD', P .. 'mao', item.entry.seq, target)
    end
    redis.call('HSET', P .. 'ma', target, J(item.entry))
  end
  local shown = {}
  for i, info in ipairs(infos) do shown[i] = '{"attributesInfo":' .. info .. '}' end
  local ev = new_event(P, roomID)
  ev.pushes[1] = '{"event":"roomMemberAttributesUpdated","data":{"roomID":' .. J(roomID) .. ',"infos":[' ..
    table.concat(shown, ',') .. '],"operatedInfo":{"userID":' .. J(uid) .. '}}}'
  emit(ev, logLimits)
end
return '{"ok":true,"infos":[' .. table.concat(infos, ',') .. '],"errorUserList":' .. (#errors > 0 and J(errors) or '[]') .. '}'
`;

/** KEYS[1] room prefix. ARGV: epoch node roomID roomName delay attrsJSON maxRooms */
export const CREATE_EMPTY_ROOM = String.raw`
local epoch, node, roomID, roomName, delay, attrsJSON, maxRooms = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7])
local P = KEYS[1]
local why = refused(epoch, node, nil)
if why then return err(why) end
if redis.call('EXISTS', P .. 'meta') == 1 then return err('exists') end
if redis.call('SCARD', 'cv:rooms') >= maxRooms then return err('server-limit') end
redis.call('HSET', P .. 'meta', 'name', roomName, 'createdAt', NOW, 'delay', delay, 'seq', N(NOW * 1000),
  'mseq', 0, 'msgseq', 0, 'av', 0, 'creator', '', 'destroyAt', NOW + delay * 1000)
for key, rec in pairs(cjson.decode(attrsJSON)) do redis.call('HSET', P .. 'a', key, J(rec)) end
redis.call('SADD', 'cv:rooms', roomID)
redis.call('ZADD', 'cv:timers', NOW + delay * 1000, 'd:' .. roomID)
return '{"ok":true}'
`;

/** KEYS[1] room prefix. ARGV: epoch node roomID userIDsJSON extendedData windowMs logLimits */
export const KICK_MEMBERS = String.raw`
local epoch, node, roomID, targets, extendedData = ARGV[1], ARGV[2], ARGV[3], cjson.decode(ARGV[4]), ARGV[5]
local windowMs, logLimits = tonumber(ARGV[6]), ARGV[7]
local P = KEYS[1]
local why = refused(epoch, node, nil)
if why then return err(why) end
if redis.call('EXISTS', P .. 'meta') == 0 then return err('not-exist') end
local seen, kicked, errors, destroyed = {}, {}, {}, false
for _, uid in ipairs(targets) do
  if not seen[uid] then
    seen[uid] = true
    local list = session_list(P, uid)
    local userJSON = redis.call('HGET', P .. 'm', uid)
    if not list or not userJSON then
      errors[#errors + 1] = uid
    else
      -- Told first, while it still receives the room; then its sessions leave, the last as a Kickout.
      local ev = new_event(P, roomID)
      for _, sid in ipairs(list) do
        ev.pushes[#ev.pushes + 1] = '{"event":"roomStateChanged","to":' .. J(sid) .. ',"data":{"roomID":' .. J(roomID) ..
          ',"state":0,"event":8,"extendedData":' .. J(extendedData) .. '}}'
      end
      emit(ev, logLimits)
      for _, sid in ipairs(list) do
        local _, gone = leave_step(P, roomID, sid, uid, userJSON, windowMs, logLimits)
        if gone then destroyed = true end
      end
      kicked[#kicked + 1] = uid
    end
  end
end
return '{"ok":true,"kicked":' .. (#kicked > 0 and J(kicked) or '[]') .. ',"errorUserList":' .. (#errors > 0 and J(errors) or '[]') ..
  ',"destroyed":' .. tostring(destroyed) .. '}'
`;

/** KEYS[1] room prefix. ARGV: epoch node roomID logLimits */
export const DESTROY_NOW = String.raw`
local epoch, node, roomID, logLimits = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local P = KEYS[1]
local why = refused(epoch, node, nil)
if why then return err(why) end
if redis.call('EXISTS', P .. 'meta') == 0 then return err('not-exist') end
local ev = new_event(P, roomID)
local users, sessions = {}, {}
local all = redis.call('HGETALL', P .. 'ms')
for i = 1, #all, 2 do
  users[#users + 1] = all[i]
  for _, sid in ipairs(cjson.decode(all[i + 1])) do
    sessions[#sessions + 1] = sid
    ev.pushes[#ev.pushes + 1] = '{"event":"roomStateChanged","to":' .. J(sid) .. ',"data":{"roomID":' .. J(roomID) ..
      ',"state":0,"event":3,"extendedData":""}}'
  end
end
destroy(ev)
emit(ev, logLimits)
for _, sid in ipairs(sessions) do settle_session(sid) end
return '{"ok":true,"userIDs":' .. (#users > 0 and J(users) or '[]') .. '}'
`;

/** KEYS[1] room prefix. ARGV: epoch node roomID messageJSON wireJSON historySize logLimits historyBudget */
export const SERVER_SEND = String.raw`
local epoch, node, roomID, messageJSON, wireJSON = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local historySize, logLimits, historyBudget = tonumber(ARGV[6]), ARGV[7], tonumber(ARGV[8])
local P = KEYS[1]
local why = refused(epoch, node, nil)
if why then return err(why) end
if redis.call('EXISTS', P .. 'meta') == 0 then return err('not-exist') end
local message, head = keep_message(P, roomID, messageJSON, historySize, historyBudget)
local ev = new_event(P, roomID)
ev.pushes[1] = '{"event":"receiveRoomMessage","data":{"messageList":[' .. head .. string.sub(wireJSON, 2) ..
  '],"fromConversationID":' .. J(roomID) .. '}}'
emit(ev, logLimits)
return '{"ok":true,"message":' .. message .. '}'
`;

/** KEYS[1] room prefix. ARGV: epoch node roomID version recordsJSON pushJSON logLimits */
export const SERVER_COMMIT_ATTRIBUTES = String.raw`
local epoch, node, roomID, version, recordsJSON, pushJSON, logLimits = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local P = KEYS[1]
local why = refused(epoch, node, nil)
if why then return err(why) end
if redis.call('EXISTS', P .. 'meta') == 0 then return err('not-exist') end
if (redis.call('HGET', P .. 'meta', 'av') or '0') ~= version then return err('conflict') end
commit_attributes(P, roomID, recordsJSON, pushJSON, logLimits)
return '{"ok":true}'
`;
