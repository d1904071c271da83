-- Loads a generation of the gate from the database's figures, unless the gate already holds
-- this generation or a later one (a slower rebuild must not overwrite a newer one).
-- KEYS[1] stock, KEYS[2] users, KEYS[3] idem, KEYS[4] gen
-- ARGV[1] gen, ARGV[2] remaining, then userId, units, userId, units, …
-- The idempotency keys stay: a retry of a request already answered is still recognised.
-- Returns 1 loaded, 0 skipped.
local current = redis.call('GET', KEYS[4])
if current ~= false and redis.call('EXISTS', KEYS[1]) == 1 and tonumber(current) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[4], ARGV[1])
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
return 1
