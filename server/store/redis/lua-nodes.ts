/**
 * Sessions, node leases and timers as Lua scripts. A node's lease is its score in `cv:nodes`
 * (lease end, Redis TIME). Sessions of a node whose lease ran out count as dropped from the lease
 * end and are removed after the grace period, by whichever node runs the due timer.
 */

/**
 * ARGV: address perSecond burst — one handshake from the address's bucket, shared by the cluster
 * (nodes with the same rate share it); '1' when let in. The bucket goes once it would be full again.
 */
export const TAKE_HANDSHAKE = String.raw`
local rate, burst = tonumber(ARGV[2]), tonumber(ARGV[3])
local key = 'cv:hs:' .. ARGV[2] .. ':' .. ARGV[1]
local b = redis.call('HMGET', key, 't', 'at')
local tokens, at = tonumber(b[1]) or burst, tonumber(b[2]) or NOW
tokens = math.min(burst, tokens + (NOW - at) / 1000 * rate)
local let_in = tokens >= 1
if let_in then tokens = tokens - 1 end
redis.call('HSET', key, 't', tostring(tokens), 'at', N(NOW))
redis.call('PEXPIRE', key, math.ceil((burst - tokens) / rate * 1000) + 1000)
if let_in then return '1' end
return '0'
`;

/**
 * ARGV: epoch node sid uid userJSON maxSessions — a connection's session registers (or comes
 * back). A user's sessions are the set cv:us:<uid>; one beyond maxSessions is refused.
 */
export const OPEN_SESSION = String.raw`
local epoch, node, sid, uid, userJSON, maxSessions = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local why = refused(epoch, node, nil)
if why then return err(why) end
local S = 'cv:s:' .. sid
if redis.call('EXISTS', S) == 1 then
  if redis.call('HGET', S, 'uid') ~= uid then return '{"ok":true,"otherUser":true}' end
  if redis.call('HGET', S, 'state') == 'ending' then return err('session-gone') end
  local old = redis.call('HGET', S, 'node')
  if old then redis.call('SREM', 'cv:n:' .. old, sid) end
  local seen = redis.call('HGET', S, 'seen')
  redis.call('HSET', S, 'node', node, 'state', 'on')
  redis.call('HDEL', S, 'seen')
  redis.call('SADD', 'cv:n:' .. node, sid)
  redis.call('ZREM', 'cv:timers', 'g:' .. sid)
  local rooms = redis.call('SMEMBERS', S .. ':r')
  local roomsJSON = '[]'
  if #rooms > 0 then roomsJSON = J(rooms) end
  local seenPart = ''
  if seen then seenPart = ',"seen":' .. J(seen) end
  return '{"ok":true,"restored":true,"rooms":' .. roomsJSON .. seenPart .. '}'
end
local US = 'cv:us:' .. uid
if redis.call('SCARD', US) >= maxSessions then
  -- Self-healing: a session whose record is gone no longer counts.
  for _, other in ipairs(redis.call('SMEMBERS', US)) do
    if redis.call('EXISTS', 'cv:s:' .. other) == 0 then redis.call('SREM', US, other) end
  end
  if redis.call('SCARD', US) >= maxSessions then return '{"ok":true,"tooMany":true}' end
end
redis.call('SADD', US, sid)
redis.call('HSET', S, 'uid', uid, 'user', userJSON, 'node', node, 'state', 'on')
redis.call('SADD', 'cv:n:' .. node, sid)
return '{"ok":true,"restored":false,"rooms":[]}'
`;

/** ARGV: epoch node sid graceMs seenJSON — the connection dropped: keep the rooms for the grace period. */
export const DROP_SESSION = String.raw`
local epoch, node, sid, grace, seen = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local why = refused(epoch, node, nil)
if why then return err(why) end
if redis.call('HGET', 'cv:s:' .. sid, 'node') ~= node then return err('session-gone') end
redis.call('HSET', 'cv:s:' .. sid, 'state', 'off')
if seen ~= '' then redis.call('HSET', 'cv:s:' .. sid, 'seen', seen) else redis.call('HDEL', 'cv:s:' .. sid, 'seen') end
redis.call('ZADD', 'cv:timers', NOW + grace, 'g:' .. sid)
return '{"ok":true}'
`;

/** ARGV: epoch node sid — the session ends: it enters nothing more; returns its rooms to leave. */
export const END_SESSION = String.raw`
local epoch, node, sid = ARGV[1], ARGV[2], ARGV[3]
local why = refused(epoch, node, nil)
if why then return err(why) end
local S = 'cv:s:' .. sid
if redis.call('EXISTS', S) == 0 then return '{"ok":true,"rooms":[]}' end
if redis.call('HGET', S, 'node') ~= node then return '{"ok":true,"rooms":[]}' end
redis.call('HSET', S, 'state', 'ending')
local rooms = redis.call('SMEMBERS', S .. ':r')
settle_session(sid)
if #rooms == 0 then return '{"ok":true,"rooms":[]}' end
return '{"ok":true,"rooms":' .. J(rooms) .. '}'
`;

/** ARGV: epoch node sid — a grace timer fell due: this node takes the session over to end it. */
export const EXPIRE_SESSION = String.raw`
local epoch, node, sid = ARGV[1], ARGV[2], ARGV[3]
local why = refused(epoch, node, nil)
if why then return err(why) end
local S = 'cv:s:' .. sid
redis.call('ZREM', 'cv:timers', 'g:' .. sid)
local state = redis.call('HGET', S, 'state')
if state ~= 'off' then return '{"ok":true,"expired":false}' end
local old = redis.call('HGET', S, 'node')
if old then redis.call('SREM', 'cv:n:' .. old, sid) end
redis.call('HSET', S, 'node', node, 'state', 'ending')
redis.call('SADD', 'cv:n:' .. node, sid)
local rooms = redis.call('SMEMBERS', S .. ':r')
local user = redis.call('HGET', S, 'user')
settle_session(sid)
local roomsJSON = '[]'
if #rooms > 0 then roomsJSON = J(rooms) end
return '{"ok":true,"expired":true,"user":' .. user .. ',"rooms":' .. roomsJSON .. '}'
`;

/**
 * ARGV: epoch node leaseMs graceMs registered — renews this node's lease and sweeps dead ones.
 * `registered` 1: the node had a lease; finding none means it was swept (paused past its lease).
 */
export const RENEW_AND_SWEEP = String.raw`
local epoch, node, leaseMs, grace, registered = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
if redis.call('GET', 'cv:epoch') ~= epoch then return '{"ok":false,"failure":"epoch"}' end
-- Marks a node's sessions dropped from its lease end (removed after the grace period) and drops the node.
local function sweep(dead, leaseEnd)
  for _, sid in ipairs(redis.call('SMEMBERS', 'cv:n:' .. dead)) do
    local S = 'cv:s:' .. sid
    if redis.call('HGET', S, 'state') == 'on' then redis.call('HSET', S, 'state', 'off') end
    redis.call('ZADD', 'cv:timers', 'NX', leaseEnd + grace, 'g:' .. sid)
  end
  redis.call('ZREM', 'cv:nodes', dead)
end
local mine = redis.call('ZSCORE', 'cv:nodes', node)
if registered == '1' and (not mine or tonumber(mine) < NOW) then
  -- Paused past its lease: whether or not another node swept it yet, its sessions are dropped.
  sweep(node, tonumber(mine or NOW))
  return '{"ok":false,"failure":"swept"}'
end
redis.call('ZADD', 'cv:nodes', NOW + leaseMs, node)
local swept = 0
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', 'cv:nodes', '-inf', NOW - 1)) do
  sweep(dead, tonumber(redis.call('ZSCORE', 'cv:nodes', dead)))
  swept = swept + 1
end
return '{"ok":true,"swept":' .. N(swept) .. '}'
`;

/** ARGV: epoch node graceMs — SIGTERM: this node's sessions stay resumable on the others. */
export const HAND_OVER = String.raw`
local epoch, node, grace = ARGV[1], ARGV[2], tonumber(ARGV[3])
if redis.call('GET', 'cv:epoch') ~= epoch then return '{"ok":false,"failure":"epoch"}' end
for _, sid in ipairs(redis.call('SMEMBERS', 'cv:n:' .. node)) do
  local S = 'cv:s:' .. sid
  if redis.call('HGET', S, 'state') == 'on' then
    redis.call('HSET', S, 'state', 'off')
    redis.call('ZADD', 'cv:timers', 'NX', NOW + grace, 'g:' .. sid)
  end
end
redis.call('ZREM', 'cv:nodes', node)
return '{"ok":true}'
`;

/** ARGV: limit retryMs — claims due timers (their score moves on, so a dead claimer's run again). */
export const CLAIM_TIMERS = String.raw`
local limit, retry = tonumber(ARGV[1]), tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', 'cv:timers', '-inf', NOW, 'LIMIT', 0, limit)
for _, member in ipairs(due) do redis.call('ZADD', 'cv:timers', NOW + retry, member) end
if #due == 0 then return '[]' end
return J(due)
`;

/** ARGV: epochCandidate — the store's epoch: set once; a Redis that lost its data gets a new one. */
export const EPOCH = String.raw`
redis.call('SET', 'cv:epoch', ARGV[1], 'NX')
return J(redis.call('GET', 'cv:epoch'))
`;
