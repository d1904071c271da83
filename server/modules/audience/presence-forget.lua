-- Drops a room from the rooms index when it was last touched before the cutoff.
-- KEYS: the rooms index. ARGV: room id, cutoff ms.
local touched = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '0')
if touched < tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
