-- Flash-sale stock gate: every check happens before the first write.
-- KEYS[1] stock (remaining units), KEYS[2] users (hash userId -> units held),
-- KEYS[3] idem (hash key -> request hash), KEYS[4] gen (the gate's generation)
-- ARGV[1] userId, ARGV[2] quantity, ARGV[3] perUserLimit, ARGV[4] idempotencyKey, ARGV[5] requestHash
-- Returns {code, remaining, gen}: 1 reserved, 2 duplicate of an earlier reservation (gen: the
-- generation that reservation was made in), -1 sold out, -2 limit reached, -3 idempotency key
-- reused with another body, -4 not loaded. The idem hash keeps "requestHash|gen".
local stockValue = redis.call('GET', KEYS[1])
if stockValue == false then
  return {-4, 0, 0}
end
local stock = tonumber(stockValue)
local gen = tonumber(redis.call('GET', KEYS[4]) or '0')
local quantity = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])

local previous = redis.call('HGET', KEYS[3], ARGV[4])
if previous ~= false then
  local bar = string.find(previous, '|', 1, true)
  if bar ~= nil and string.sub(previous, 1, bar - 1) == ARGV[5] then
    return {2, stock, tonumber(string.sub(previous, bar + 1))}
  end
  return {-3, stock, gen}
end

local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held + quantity > limit then
  return {-2, stock, gen}
end
if stock < quantity then
  return {-1, stock, gen}
end

local remaining = redis.call('DECRBY', KEYS[1], quantity)
redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
redis.call('HSET', KEYS[3], ARGV[4], ARGV[5] .. '|' .. gen)
return {1, remaining, gen}
