-- wrk: search requests over a rotation of queries (scripts/load-test.sh).
local queries = {
  "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2,S3",
  "sourceCloud=aws&targetCloud=gcp&resourceTypes=EC2",
  "sourceCloud=aws&targetCloud=gcp&resourceTypes=Lambda,DynamoDB,SQS",
  "sourceCloud=aws&targetCloud=azure&resourceTypes=RDS,EC2,S3&limit=20",
  "sourceCloud=aws&targetCloud=azure&resourceTypes=EBS,ELB",
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/patterns/search?" .. queries[(n % #queries) + 1],
    { ["Authorization"] = "Bearer " .. os.getenv("PG_TOKEN") })
end
