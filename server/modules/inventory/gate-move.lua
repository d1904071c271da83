-- Moves the gate within one generation: a reservation given back, a cancelled order's units,
-- a commit the gate did not count yet, the host's change of flash stock.
-- KEYS[1] stock, KEYS[2] users, KEYS[3] idem, KEYS[4] gen
-- ARGV[1] gen, ARGV[2] stock delta, ARGV[3] userId ('' for none), ARGV[4] hold delta,
-- ARGV[5] idempotency key to forget ('' for none)
-- Returns the remaining stock, -1 when the gate is not loaded, -2 when it is at another generation.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
if tonumber(redis.call('GET', KEYS[4]) or '0') ~= tonumber(ARGV[1]) then
  return -2
end
local remaining = redis.call('INCRBY', KEYS[1], tonumber(ARGV[2]))
if ARGV[3] ~= '' then
  local held = redis.call('HINCRBY', KEYS[2], ARGV[3], tonumber(ARGV[4]))
  if held <= 0 then
    redis.call('HDEL', KEYS[2], ARGV[3])
  end
end
if ARGV[5] ~= '' then
  redis.call('HDEL', KEYS[3], ARGV[5])
end
return remaining
