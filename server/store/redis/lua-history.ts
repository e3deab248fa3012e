/**
 * Lua for a room's message history (part of the prelude every script gets): a message's
 * messageID, the room's last historySize messages, and the cluster's history budget (SPEC 11b).
 */
export const LUA_HISTORY = String.raw`
-- Drops a room's oldest kept message, counting it off the room's and the cluster's history bytes.
local function drop_oldest(RP)
  local old = redis.call('LPOP', RP .. 'h')
  if not old then return false end
  redis.call('HINCRBY', RP .. 'meta', 'hb', -#old)
  redis.call('DECRBY', 'cv:hbytes', #old)
  return true
end

-- Gives a message the room's next messageID and keeps it in history: the stored JSON and its head.
-- At most historySize per room, and budget bytes in all rooms of the cluster (cv:hbytes): past it,
-- rooms give up their oldest message in turn, the oldest rooms first (cv:hrooms scores each room
-- holding history by its turn; a new room, or one that just gave, goes to the back).
local function keep_message(P, roomID, messageJSON, historySize, budget)
  local id = redis.call('HINCRBY', P .. 'meta', 'msgseq', 1)
  local head = '{"messageID":"' .. id .. '",'
  local message = head .. string.sub(messageJSON, 2)
  if historySize <= 0 then return message, head end
  redis.call('RPUSH', P .. 'h', message)
  redis.call('HINCRBY', P .. 'meta', 'hb', #message)
  redis.call('INCRBY', 'cv:hbytes', #message)
  if not redis.call('ZSCORE', 'cv:hrooms', roomID) then
    redis.call('ZADD', 'cv:hrooms', redis.call('INCR', 'cv:hturn'), roomID)
  end
  while redis.call('LLEN', P .. 'h') > historySize do drop_oldest(P) end
  for _ = 1, 10000 do
    if tonumber(redis.call('GET', 'cv:hbytes') or '0') <= budget then break end
    local first = redis.call('ZRANGE', 'cv:hrooms', 0, 0)[1]
    if not first then break end
    local RP = 'cv:{r:' .. first .. '}:'
    if drop_oldest(RP) and redis.call('LLEN', RP .. 'h') > 0 then
      redis.call('ZADD', 'cv:hrooms', 'XX', redis.call('INCR', 'cv:hturn'), first)
    else
      redis.call('ZREM', 'cv:hrooms', first)
    end
  end
  return message, head
end
`;
