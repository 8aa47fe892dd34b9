#!/bin/sh
# followups.sh - GET /api/v1/followups for the busiest demo worker, one
# request at a time (latency, not throughput): median and p99 from wrk.
# Run through `make bench`.
set -eu
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
tmp=$(mktemp -d /tmp/tandem-bench-XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

build/tandem init --db "$tmp/bench.db" >/dev/null
build/tandem seed --demo --db "$tmp/bench.db" >/dev/null
build/tandem serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --access-log off >"$tmp/serve.out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q listening "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/serve.out")

# the worker with the most cases, and a manager for comparison
busy=$(sqlite3 "$tmp/bench.db" "SELECT u.email FROM users u JOIN cases c ON c.worker_id = u.id
	GROUP BY u.id ORDER BY count(*) DESC LIMIT 1")
cases=$(sqlite3 "$tmp/bench.db" "SELECT count(*) FROM cases c JOIN users u ON u.id = c.worker_id
	WHERE u.email = '$busy'")
for who in "$busy" manager@tandem.example; do
	token=$(build/tandem token --db "$tmp/bench.db" --email "$who")
	items=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/followups" \
		| grep -o '"case_id"' | wc -l)
	wrk -t1 -c1 -d"$DURATION" --latency -H "Authorization: Bearer $token" \
		"http://127.0.0.1:$port/api/v1/followups" >"$tmp/wrk.txt"
	printf '%-28s items %3s  median %8s  p99 %8s  (%s requests/s, one at a time)\n' "$who" "$items" \
		"$(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt")" "$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")" \
		"$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk.txt")"
done
echo "busiest worker: $busy with $cases cases; $(date -u +%Y-%m-%d), $(nproc) cores"
