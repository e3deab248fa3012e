/**
 * Lua shared by every script of the Redis store. Keys: a room's keys share the hash tag
 * `{r:<roomID>}` (KEYS[n] is the room's prefix `cv:{r:<roomID>}:`); sessions `cv:s:<sid>` (hash)
 * and `cv:s:<sid>:r` (its rooms), users `cv:u:<uid>` (rooms the user is a member of), nodes
 * `cv:n:<node>` (its sessions), and the globals `cv:rooms`, `cv:nodes` (leases), `cv:timers`
 * (due times), `cv:epoch`. Time is Redis TIME, the same clock for every node.
 *
 * Scripts return JSON text. Event JSON is built by concatenation, so payloads the node encoded
 * pass through untouched (cjson would turn an empty array into an object).
 */
import { LUA_ENTERED } from './lua-entered.ts';
import { LUA_HISTORY } from './lua-history.ts';

export const LUA_PRELUDE =
  String.raw`
local J = cjson.encode
-- Numbers as integers: Lua's own formatting keeps only 14 digits.
local function N(x) return string.format('%.0f', x) end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local NOW = now_ms()

-- Whether this node may act: the epoch it knows, its lease, and (sid) that it holds the session, connected.
local function refused(epoch, node, sid)
  if redis.call('GET', 'cv:epoch') ~= epoch then return 'epoch' end
  local lease = redis.call('ZSCORE', 'cv:nodes', node)
  if not lease or tonumber(lease) < NOW then return 'swept' end
  if sid then
    local owner = redis.call('HGET', 'cv:s:' .. sid, 'node')
    if owner ~= node then return 'session-gone' end
    -- Only a connected session acts: a dropped one (or one swept from a paused node) does not.
    if redis.call('HGET', 'cv:s:' .. sid, 'state') ~= 'on' then return 'session-gone' end
  end
  return nil
end

local function err(reason) return '{"ok":false,"failure":' .. J(reason) .. '}' end

local function new_event(P, roomID)
  local seq = tonumber(redis.call('HGET', P .. 'meta', 'seq') or '0') + 1
  return { P = P, roomID = roomID, seq = seq, left = {}, pushes = {}, members = {}, destroyed = false }
end

-- The room's log holds its last events for nodes that missed some (logLimits "count:bytes:ttlMs"):
-- at most count events and bytes of them (the newest is always kept), and it goes ttlMs after
-- its last event ("lb" in meta counts its bytes; it starts again from 0 when the log is gone).
local function keep_in_log(P, text, logLimits)
  local maxCount, maxBytes, ttl = string.match(logLimits, '^(%d+):(%d+):(%d+)$')
  local L = P .. 'log'
  local bytes = 0
  if redis.call('EXISTS', L) == 1 then bytes = tonumber(redis.call('HGET', P .. 'meta', 'lb') or '0') end
  local count = redis.call('RPUSH', L, text)
  bytes = bytes + #text
  while count > 1 and (count > tonumber(maxCount) or bytes > tonumber(maxBytes)) do
    bytes = bytes - #redis.call('LPOP', L)
    count = count - 1
  end
  redis.call('HSET', P .. 'meta', 'lb', bytes)
  redis.call('PEXPIRE', L, ttl)
end

-- Publishes the event on the room's channel and keeps it in the room's log (for gaps).
local function emit(ev, logLimits)
  local parts = { '{"roomID":', J(ev.roomID), ',"seq":', N(ev.seq) }
  if #ev.left > 0 then parts[#parts + 1] = ',"left":' .. J(ev.left) end
  if #ev.pushes > 0 then parts[#parts + 1] = ',"pushes":[' .. table.concat(ev.pushes, ',') .. ']' end
  if #ev.members > 0 then parts[#parts + 1] = ',"members":[' .. table.concat(ev.members, ',') .. ']' end
  if ev.destroyed then parts[#parts + 1] = ',"destroyed":true' end
  parts[#parts + 1] = '}'
  local text = table.concat(parts)
  if not ev.destroyed then
    redis.call('HSET', ev.P .. 'meta', 'seq', N(ev.seq))
    keep_in_log(ev.P, text, logLimits)
  end
  redis.call('PUBLISH', ev.P .. 'ev', text)
  return ev.seq
end

local function session_list(P, uid)
  local raw = redis.call('HGET', P .. 'ms', uid)
  if not raw then return nil end
  return cjson.decode(raw)
end

local function has_session(P, uid, sid)
  for _, v in ipairs(session_list(P, uid) or {}) do if v == sid then return true end end
  return false
end

-- Adds the session; true when its user was not a member before.
local function add_session(P, uid, userJSON, sid)
  local list = session_list(P, uid)
  if list then
    for _, v in ipairs(list) do if v == sid then return false end end
    list[#list + 1] = sid
    redis.call('HSET', P .. 'ms', uid, J(list))
    return false
  end
  local mseq = redis.call('HINCRBY', P .. 'meta', 'mseq', 1)
  redis.call('HSET', P .. 'm', uid, userJSON)
  redis.call('HSET', P .. 'ms', uid, J({ sid }))
  redis.call('ZADD', P .. 'mo', mseq, uid)
  return true
end

-- Removes the session; true when its user is no longer a member.
local function remove_session(P, uid, sid)
  local list = session_list(P, uid)
  if not list then return false end
  local rest = {}
  for _, v in ipairs(list) do if v ~= sid then rest[#rest + 1] = v end end
  if #rest > 0 then
    redis.call('HSET', P .. 'ms', uid, J(rest))
    return false
  end
  redis.call('HDEL', P .. 'ms', uid)
  redis.call('HDEL', P .. 'm', uid)
  redis.call('ZREM', P .. 'mo', uid)
  return true
end

-- SPEC 4 batching: a change in a quiet room goes out now and opens a window (flushed by its timer).
local function member_change(ev, kind, userJSON, windowMs)
  local change = '{"seq":' .. N(ev.seq) .. ',"kind":"' .. kind .. '","user":' .. userJSON .. '}'
  if windowMs > 0 and redis.call('HEXISTS', ev.P .. 'meta', 'bu') == 1 then
    redis.call('RPUSH', ev.P .. 'p', change)
    return
  end
  ev.members[#ev.members + 1] = change
  if windowMs > 0 then
    redis.call('HSET', ev.P .. 'meta', 'bu', NOW + windowMs)
    redis.call('ZADD', 'cv:timers', NOW + windowMs, 'b:' .. ev.roomID)
  end
end

local ROOM_KEYS = { 'meta', 'm', 'mo', 'ms', 'a', 'h', 'd', 'dl', 'log', 'p', 'ma', 'mao' }

-- An empty room waiting out its destroy delay counts toward its creator's room limit (cv:ud:<uid>).
local function set_delayed(P, roomID, waiting)
  local creator = redis.call('HGET', P .. 'meta', 'creator')
  if not creator or creator == '' then return end
  if waiting then redis.call('SADD', 'cv:ud:' .. creator, roomID) else redis.call('SREM', 'cv:ud:' .. creator, roomID) end
end

-- Drops the room with everything in it; its sessions and users no longer list it.
local function destroy(ev)
  local P, roomID = ev.P, ev.roomID
  set_delayed(P, roomID, false)
  local hb = tonumber(redis.call('HGET', P .. 'meta', 'hb') or '0')
  if hb ~= 0 then redis.call('DECRBY', 'cv:hbytes', hb) end
  redis.call('ZREM', 'cv:hrooms', roomID)
  local all = redis.call('HGETALL', P .. 'ms')
  for i = 1, #all, 2 do
    redis.call('SREM', 'cv:u:' .. all[i], roomID)
    for _, sid in ipairs(cjson.decode(all[i + 1])) do
      redis.call('SREM', 'cv:s:' .. sid .. ':r', roomID)
      ev.left[#ev.left + 1] = sid
    end
  end
  for _, k in ipairs(ROOM_KEYS) do redis.call('DEL', P .. k) end
  redis.call('SREM', 'cv:rooms', roomID)
  redis.call('ZREM', 'cv:timers', 'b:' .. roomID, 'd:' .. roomID)
  ev.destroyed = true
end

-- A session's step in the store is over when it is ending and left its last room.
local function settle_session(sid)
  local S = 'cv:s:' .. sid
  if redis.call('HGET', S, 'state') == 'ending' and redis.call('SCARD', S .. ':r') == 0 then
    local node, uid = unpack(redis.call('HMGET', S, 'node', 'uid'))
    if node then redis.call('SREM', 'cv:n:' .. node, sid) end
    if uid then redis.call('SREM', 'cv:us:' .. uid, sid) end
    redis.call('DEL', S, S .. ':r')
    redis.call('ZREM', 'cv:timers', 'g:' .. sid)
  end
end

-- SPEC 6b, once uid's last session left: its member attributes go, but for those set with
-- deleteAfterOwnerLeft false by a member who stays; what it kept on members who had left goes too.
-- Members see the change as a push, but not a leaver's plain loss (its roomMemberLeft says it).
local function member_attrs_after_leave(ev, P, roomID, uid)
  if redis.call('HLEN', P .. 'ma') == 0 then return end
  local function member(id) return id ~= uid and redis.call('HEXISTS', P .. 'm', id) == 1 end
  local shown = {}
  local all = redis.call('HGETALL', P .. 'ma')
  for i = 1, #all, 2 do
    local owner, entry = all[i], cjson.decode(all[i + 1])
    local involved = owner == uid
    for _, rec in pairs(entry.attrs) do if rec.setter == uid then involved = true end end
    if involved and not member(owner) then
      local kept, plain, before, after = {}, {}, 0, 0
      for key, rec in pairs(entry.attrs) do
        before = before + 1
        if not rec.deleteAfterOwnerLeft and member(rec.setter) then
          kept[key] = rec
          plain[key] = rec.value
          after = after + 1
        end
      end
      if after ~= before then
        if after == 0 then
          redis.call('HDEL', P .. 'ma', owner)
          redis.call('ZREM', P .. 'mao', owner)
        else
          entry.attrs = kept
          redis.call('HSET', P .. 'ma', owner, J(entry))
        end
        if owner ~= uid or after > 0 then
          shown[#shown + 1] = '{"attributesInfo":{"userID":' .. J(owner) .. ',"attributes":' .. (after > 0 and J(plain) or '{}') .. '}}'
        end
      end
    end
  end
  if #shown > 0 then
    ev.pushes[#ev.pushes + 1] = '{"event":"roomMemberAttributesUpdated","data":{"roomID":' .. J(roomID) .. ',"infos":[' ..
      table.concat(shown, ',') .. '],"operatedInfo":{"userID":' .. J(uid) .. '}}}'
  end
end

-- Takes the session out of the room: the leave, the owner's keys, an empty room's end.
-- Returns last (the user left), destroyed, and the seq of its event.
local function leave_step(P, roomID, sid, uid, userJSON, windowMs, logLimits)
  local ev = new_event(P, roomID)
  ev.left[1] = sid
  local last = remove_session(P, uid, sid)
  redis.call('SREM', 'cv:s:' .. sid .. ':r', roomID)
  if last then
    redis.call('SREM', 'cv:u:' .. uid, roomID)
    member_change(ev, 'leave', userJSON, windowMs)
    local deleted, any = {}, false
    local attrs = redis.call('HGETALL', P .. 'a')
    for i = 1, #attrs, 2 do
      local rec = cjson.decode(attrs[i + 1])
      if rec.owner == uid and rec.deleteAfterOwnerLeft then
        redis.call('HDEL', P .. 'a', attrs[i])
        deleted[attrs[i]] = ''
        any = true
      end
    end
    if any then
      redis.call('HINCRBY', P .. 'meta', 'av', 1)
      ev.pushes[#ev.pushes + 1] = '{"event":"roomAttributesUpdated","data":{"roomID":' .. J(roomID) ..
        ',"infos":[{"action":1,"roomAttributes":' .. J(deleted) .. '}]}}'
    end
    member_attrs_after_leave(ev, P, roomID, uid)
  end
  if redis.call('HLEN', P .. 'm') == 0 then
    local delay = tonumber(redis.call('HGET', P .. 'meta', 'delay') or '0')
    if delay <= 0 then
      destroy(ev)
    else
      redis.call('HSET', P .. 'meta', 'destroyAt', NOW + delay * 1000)
      redis.call('ZADD', 'cv:timers', NOW + delay * 1000, 'd:' .. roomID)
      set_delayed(P, roomID, true)
    end
  end
  local destroyed = ev.destroyed
  local seq = emit(ev, logLimits)
  settle_session(sid)
  return last, destroyed, seq
end

-- Replaces the room's attributes with recordsJSON and publishes pushJSON: one commit.
local function commit_attributes(P, roomID, recordsJSON, pushJSON, logLimits)
  redis.call('DEL', P .. 'a')
  for key, rec in pairs(cjson.decode(recordsJSON)) do redis.call('HSET', P .. 'a', key, J(rec)) end
  redis.call('HINCRBY', P .. 'meta', 'av', 1)
  local ev = new_event(P, roomID)
  ev.pushes[1] = pushJSON
  emit(ev, logLimits)
end
` +
  LUA_HISTORY +
  LUA_ENTERED;
