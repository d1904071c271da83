-- Connections leave a room: named ones (ARGV[1] = 'ids', then the ids), or every one last seen
-- before a time (ARGV[1] = 'before', ARGV[2] = cutoff ms). KEYS as in presence-touch.lua.
-- Returns a flat list: conn id, visitor TAB visit id, last seen ms — for each that was present.
local ids
if ARGV[1] == 'before' then
  ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
else
  ids = {}
  for i = 2, #ARGV do ids[#ids + 1] = ARGV[i] end
end
local out = {}
for _, conn in ipairs(ids) do
  local value = redis.call('HGET', KEYS[2], conn)
  if value then
    local seen = redis.call('ZSCORE', KEYS[1], conn) or '0'
    local visitor = string.sub(value, 1, string.find(value, '\t', 1, true) - 1)
    redis.call('HDEL', KEYS[2], conn)
    redis.call('ZREM', KEYS[1], conn)
    if redis.call('HINCRBY', KEYS[3], visitor, -1) <= 0 then
      redis.call('HDEL', KEYS[3], visitor)
    end
    out[#out + 1] = conn
    out[#out + 1] = value
    out[#out + 1] = seen
  end
end
return out
