-- wrk: search requests over a rotation of queries (scripts/load-test.sh). The requests are
-- built once per thread, so the generator spends its CPU on sending, not on formatting.
local queries = {
  "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2,S3",
  "sourceCloud=aws&targetCloud=gcp&resourceTypes=EC2",
  "sourceCloud=aws&targetCloud=gcp&resourceTypes=Lambda,DynamoDB,SQS",
  "sourceCloud=aws&targetCloud=azure&resourceTypes=RDS,EC2,S3&limit=20",
  "sourceCloud=aws&targetCloud=azure&resourceTypes=EBS,ELB",
}
local requests = {}
init = function(args)
  for i, query in ipairs(queries) do
    requests[i] = wrk.format("GET", "/api/v1/patterns/search?" .. query,
      { ["Authorization"] = "Bearer " .. os.getenv("PG_TOKEN") })
  end
end
local n = 0
request = function()
  n = n + 1
  return requests[(n % #requests) + 1]
end
