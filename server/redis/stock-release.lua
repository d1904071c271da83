-- Gives a reservation back. KEYS as in stock-gate.lua.
-- ARGV[1] userId, ARGV[2] quantity, ARGV[3] idempotencyKey ('' when none)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -4
end
local quantity = tonumber(ARGV[2])
local remaining = redis.call('INCRBY', KEYS[1], quantity)
local held = redis.call('HINCRBY', KEYS[2], ARGV[1], -quantity)
if held <= 0 then
  redis.call('HDEL', KEYS[2], ARGV[1])
end
if ARGV[3] ~= '' then
  redis.call('HDEL', KEYS[3], ARGV[3])
end
return remaining
