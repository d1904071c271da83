-- Connections enter a room, or are seen again. KEYS: seen (zset conn → last seen ms),
-- conns (hash conn → visitor TAB visit id), visitors (hash visitor → connections), peak.
-- ARGV: now, then triples of conn id, visitor, visit id.
-- Returns { online, peak }: online is the number of distinct visitors.
local now = ARGV[1]
for i = 2, #ARGV, 3 do
  local conn, visitor, visit = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('HEXISTS', KEYS[2], conn) == 0 then
    redis.call('HSET', KEYS[2], conn, visitor .. '\t' .. visit)
    redis.call('HINCRBY', KEYS[3], visitor, 1)
  end
  redis.call('ZADD', KEYS[1], now, conn)
end
local online = redis.call('HLEN', KEYS[3])
local peak = tonumber(redis.call('GET', KEYS[4]) or '0')
if online > peak then
  peak = online
  redis.call('SET', KEYS[4], peak)
end
return { online, peak }
