-- wrk: contributions with unique migration ids per thread (scripts/load-test.sh).
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"migrationId":"load-%s-%d-%d","sourceCloud":"aws","targetCloud":"azure","resourceTypes":["EC2","S3"],' ..
    '"strategy":"rehost","steps":[{"action":"create_vm","durationSeconds":60,"success":true}],' ..
    '"successRate":0.9,"durationHours":2,"costSavingsPercent":12}', os.getenv("PG_RUN"), id, n)
  return wrk.format("POST", "/api/v1/patterns/contribute",
    { ["Authorization"] = "Bearer " .. os.getenv("PG_TOKEN"), ["Content-Type"] = "application/json" }, body)
end
