/**
 * The room steps as Lua scripts: each checks its limits, changes the state and publishes the
 * resulting event with the room's next sequence number, atomically (Redis runs one script at a
 * time). A switch touches two rooms in one script: the store needs a single Redis primary (or
 * Valkey), not Redis Cluster.
 */

/** KEYS[1] target room prefix, KEYS[2] source room prefix (switch) or the target's again.
 * ARGV: epoch node mode roomID roomName delay attrsJSON sid uid userJSON fromRoomID maxRooms
 * maxRoomsPerUser maxMembers cap singleDevice windowMs logLimits creationsPerMinute */
export const ENTER = String.raw`
local epoch, node, mode, roomID, roomName = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local delay, attrsJSON, sid, uid, userJSON, fromID = tonumber(ARGV[6]), ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local maxRooms, maxPerUser, maxMembers, cap = tonumber(ARGV[12]), tonumber(ARGV[13]), tonumber(ARGV[14]), tonumber(ARGV[15])
local single, windowMs, logLimits, creationsPerMinute = ARGV[16] == '1', tonumber(ARGV[17]), ARGV[18], tonumber(ARGV[19])
local P, F = KEYS[1], KEYS[2]
local why = refused(epoch, node, sid)
if why then return err(why) end
local SR, UR = 'cv:s:' .. sid .. ':r', 'cv:u:' .. uid
if fromID ~= '' and redis.call('SISMEMBER', SR, fromID) == 0 then return err('not-in-from') end
local exists = redis.call('EXISTS', P .. 'meta') == 1
if exists and mode == 'create' then return err('exists') end
if not exists and mode == 'join' then return err('not-exist') end

local function from_part()
  if fromID == '' then return '' end
  local last, destroyed = leave_step(F, fromID, sid, uid, userJSON, windowMs, logLimits)
  return ',"from":{"last":' .. tostring(last) .. ',"destroyed":' .. tostring(destroyed) .. '}'
end

if exists and redis.call('SISMEMBER', SR, roomID) == 1 then
  local fromPart = from_part()
  return entered_json(P, roomID, uid, cap, true) .. fromPart .. '}'
end
if redis.call('SISMEMBER', UR, roomID) == 0 then
  local count = redis.call('SCARD', UR)
  if fromID ~= '' and redis.call('SISMEMBER', UR, fromID) == 1 then
    local list = session_list(F, uid) or {}
    if #list == 1 and list[1] == sid then count = count - 1 end
  end
  -- The empty rooms it created that wait out a delay count too; entering one of them moves it.
  local UD = 'cv:ud:' .. uid
  count = count + redis.call('SCARD', UD) - redis.call('SISMEMBER', UD, roomID)
  if count >= maxPerUser then return err('user-limit') end
end
if exists and redis.call('HEXISTS', P .. 'm', uid) == 0 and redis.call('HLEN', P .. 'm') >= maxMembers then
  return err('full')
end
local created = false
if not exists then
  if redis.call('SCARD', 'cv:rooms') >= maxRooms then return err('server-limit') end
  -- Creations of the last minute, one sorted-set entry each (scored by time), at most the limit.
  local UC = 'cv:uc:' .. uid
  if creationsPerMinute > 0 then
    redis.call('ZREMRANGEBYSCORE', UC, '-inf', NOW - 60000)
    if redis.call('ZCARD', UC) >= creationsPerMinute then return err('create-rate') end
  end
  -- A new room's sequence starts past any earlier room of the same ID (nodes may still know it).
  redis.call('HSET', P .. 'meta', 'name', roomName, 'createdAt', NOW, 'delay', delay, 'seq', N(NOW * 1000),
    'mseq', 0, 'msgseq', 0, 'av', 0, 'creator', uid)
  for key, rec in pairs(cjson.decode(attrsJSON)) do redis.call('HSET', P .. 'a', key, J(rec)) end
  redis.call('SADD', 'cv:rooms', roomID)
  if creationsPerMinute > 0 then
    redis.call('ZADD', UC, NOW, N(NOW) .. ':' .. roomID)
    redis.call('PEXPIRE', UC, 60000)
  end
  created = true
end
local ev = new_event(P, roomID)
local first = add_session(P, uid, userJSON, sid)
redis.call('SADD', SR, roomID)
redis.call('SADD', UR, roomID)
if redis.call('HEXISTS', P .. 'meta', 'destroyAt') == 1 then set_delayed(P, roomID, false) end
redis.call('HDEL', P .. 'meta', 'destroyAt')
redis.call('ZREM', 'cv:timers', 'd:' .. roomID)
if first then
  member_change(ev, 'join', userJSON, windowMs)
elseif single then
  for _, other in ipairs(session_list(P, uid) or {}) do
    if other ~= sid then
      remove_session(P, uid, other)
      redis.call('SREM', 'cv:s:' .. other .. ':r', roomID)
      ev.left[#ev.left + 1] = other
      ev.pushes[#ev.pushes + 1] = '{"event":"roomStateChanged","to":' .. J(other) .. ',"data":{"roomID":' .. J(roomID) ..
        ',"state":0,"event":10,"extendedData":""}}'
      settle_session(other)
    end
  end
end
emit(ev, logLimits)
local fromPart = from_part()
return entered_json(P, roomID, uid, cap, false) .. ',"created":' .. tostring(created) .. ',"joined":' .. tostring(first) .. fromPart .. '}'
`;

/** KEYS[1] room prefix. ARGV: epoch node roomID sid uid userJSON windowMs logLimits force */
export const LEAVE = String.raw`
local epoch, node, roomID, sid, uid, userJSON = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local windowMs, logLimits = tonumber(ARGV[7]), ARGV[8]
local P = KEYS[1]
local why = refused(epoch, node, nil)
if why then return err(why) end
if redis.call('HGET', 'cv:s:' .. sid, 'node') ~= node and redis.call('EXISTS', 'cv:s:' .. sid) == 1 then return err('session-gone') end
if not has_session(P, uid, sid) then return err('not-in-room') end
local last, destroyed, seq = leave_step(P, roomID, sid, uid, userJSON, windowMs, logLimits)
return '{"ok":true,"seq":' .. N(seq) .. ',"last":' .. tostring(last) .. ',"destroyed":' .. tostring(destroyed) .. '}'
`;

/** KEYS[1] room prefix. ARGV: epoch node roomID sid uid cap */
export const IN_ROOM = String.raw`
local roomID, sid, uid, cap = ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local P = KEYS[1]
if redis.call('EXISTS', P .. 'meta') == 0 or redis.call('SISMEMBER', 'cv:s:' .. sid .. ':r', roomID) == 0 then
  return err('not-in-room')
end
return entered_json(P, roomID, uid, cap, true) .. '}'
`;

/**
 * KEYS[1] room prefix. ARGV: epoch node roomID sid uid dedupKey messageJSON wireJSON historySize
 * dedupSize logLimits sentTail historyBudget — a retry key keeps "messageID|" .. sentTail ("timestamp|digest"),
 * never the message; a retry gets that record back as "earlier".
 */
export const SEND = String.raw`
local epoch, node, roomID, sid, uid, dedupKey = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local messageJSON, wireJSON = ARGV[7], ARGV[8]
local historySize, dedupSize, logLimits, sentTail = tonumber(ARGV[9]), tonumber(ARGV[10]), ARGV[11], ARGV[12]
local historyBudget = tonumber(ARGV[13])
local P = KEYS[1]
local why = refused(epoch, node, sid)
if why then return err(why) end
if not has_session(P, uid, sid) then return err('not-in-room') end
if dedupKey ~= '' then
  local earlier = redis.call('HGET', P .. 'd', dedupKey)
  if earlier then return '{"ok":true,"duplicate":true,"earlier":' .. J(earlier) .. '}' end
end
local message, head = keep_message(P, roomID, messageJSON, historySize, historyBudget)
if dedupKey ~= '' then
  redis.call('HSET', P .. 'd', dedupKey, string.match(head, '"messageID":"(%d+)"') .. '|' .. sentTail)
  redis.call('RPUSH', P .. 'dl', dedupKey)
  if redis.call('LLEN', P .. 'dl') > dedupSize then redis.call('HDEL', P .. 'd', redis.call('LPOP', P .. 'dl')) end
end
local ev = new_event(P, roomID)
ev.pushes[1] = '{"event":"receiveRoomMessage","data":{"messageList":[' .. head .. string.sub(wireJSON, 2) ..
  '],"fromConversationID":' .. J(roomID) .. '},"except":[' .. J(sid) .. ']}'
emit(ev, logLimits)
return '{"ok":true,"duplicate":false,"message":' .. message .. '}'
`;

/** KEYS[1] room prefix. ARGV: epoch node roomID sid uid version recordsJSON pushJSON logLimits */
export const COMMIT_ATTRIBUTES = String.raw`
local epoch, node, roomID, sid, uid, version = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local recordsJSON, pushJSON, logLimits = ARGV[7], ARGV[8], ARGV[9]
local P = KEYS[1]
local why = refused(epoch, node, sid)
if why then return err(why) end
if not has_session(P, uid, sid) then return err('not-in-room') end
if (redis.call('HGET', P .. 'meta', 'av') or '0') ~= version then return err('conflict') end
commit_attributes(P, roomID, recordsJSON, pushJSON, logLimits)
return '{"ok":true}'
`;

/** KEYS[1] room prefix. ARGV: roomID windowMs logLimits — the end of a batching window. */
export const FLUSH = String.raw`
local roomID, windowMs, logLimits = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local P = KEYS[1]
if redis.call('EXISTS', P .. 'meta') == 0 then
  redis.call('ZREM', 'cv:timers', 'b:' .. roomID)
  return '{"ok":true}'
end
local batched = redis.call('LRANGE', P .. 'p', 0, -1)
if #batched == 0 then
  redis.call('HDEL', P .. 'meta', 'bu')
  redis.call('ZREM', 'cv:timers', 'b:' .. roomID)
  return '{"ok":true}'
end
redis.call('DEL', P .. 'p')
local ev = new_event(P, roomID)
ev.members = batched
emit(ev, logLimits)
redis.call('HSET', P .. 'meta', 'bu', NOW + windowMs)
redis.call('ZADD', 'cv:timers', NOW + windowMs, 'b:' .. roomID)
return '{"ok":true}'
`;

/** KEYS[1] room prefix. ARGV: roomID logLimits — a destroy delay ran out. */
export const DESTROY_IF_EMPTY = String.raw`
local roomID, logLimits = ARGV[1], ARGV[2]
local P = KEYS[1]
local at = redis.call('HGET', P .. 'meta', 'destroyAt')
if not at or redis.call('HLEN', P .. 'm') > 0 then
  redis.call('ZREM', 'cv:timers', 'd:' .. roomID)
  return '{"destroyed":false}'
end
if tonumber(at) > NOW then
  redis.call('ZADD', 'cv:timers', at, 'd:' .. roomID)
  return '{"destroyed":false}'
end
local ev = new_event(P, roomID)
destroy(ev)
emit(ev, logLimits)
return '{"destroyed":true}'
`;
