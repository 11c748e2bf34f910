#!/usr/bin/env bash
# Load (issue 7): a release server on loopback; 56 concurrent clients for 30 s — 48 searching,
# 8 contributing — measured with wrk (Debian package). Prints requests/s, latency percentiles
# and errors per kind. Usage: scripts/load-test.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
command -v wrk >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
swift build -c release --product patterngate >/dev/null
PG=.build/release/patterngate
WORK=$(mktemp -d /tmp/pg-load-XXXXXX)
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TOKEN=$($PG token create --data-dir "$WORK/data" --role deployment --deployment-id load-deployment)
$PG serve --data-dir "$WORK/data" --port "$PORT" --log-level error 2>"$WORK/serve.log" &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT"
curl -sf -X PUT "$URL/api/v1/consent" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"action":"grant"}' >/dev/null
# Something to find: 5,000 contributions over a spread of patterns.
python3 - "$URL" "$TOKEN" <<'PY'
import json, sys, urllib.request, random
url, token = sys.argv[1], sys.argv[2]
types = ["EC2", "S3", "RDS", "Lambda", "DynamoDB", "EBS", "ELB", "SQS", "SNS", "EFS"]
rng = random.Random(20261125)
for batch in range(5):
    items = [{"migrationId": f"seed-{batch}-{n}", "sourceCloud": "aws", "targetCloud": rng.choice(["azure", "gcp"]),
              "resourceTypes": rng.sample(types, rng.randint(1, 4)), "strategy": rng.choice(["rehost", "replatform", "refactor"]),
              "steps": [{"action": "create_vm", "durationSeconds": 60, "success": True}],
              "successRate": rng.random(), "durationHours": rng.randint(1, 40), "costSavingsPercent": rng.randint(0, 60)} for n in range(1000)]
    request = urllib.request.Request(url + "/api/v1/patterns/contribute/batch", data=json.dumps(items).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=120).read()
PY
export PG_TOKEN=$TOKEN PG_RUN=$RANDOM
echo "== search: 48 connections, ${SECONDS_RUN}s (while 8 connections contribute) =="
wrk -t2 -c48 -d"${SECONDS_RUN}s" --latency -s scripts/load/search.lua "$URL" >"$WORK/search.txt" &
SEARCH=$!
echo "== contribute: 8 connections, ${SECONDS_RUN}s =="
wrk -t1 -c8 -d"${SECONDS_RUN}s" --latency -s scripts/load/contribute.lua "$URL" >"$WORK/contribute.txt"
wait $SEARCH
echo "--- search"; cat "$WORK/search.txt"
echo "--- contribute"; cat "$WORK/contribute.txt"
curl -sf "$URL/healthz"; echo
