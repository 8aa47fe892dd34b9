#!/bin/sh
# signin.sh - a flood of sign-ins with random e-mails from 64 clients (issue
# 9, finding 7) against tandem serve with its default threads and sign-in
# slots, behind a trusted proxy so that each flooding client has its own
# address and the per-address limit does not hide the flood. Prints another
# client's read latency at rest and during the flood, and the server's memory
# (bench/signin_flood.c). Run through `make bench`.
set -eu
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15}
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
token=$(build/tandem token --db "$tmp/bench.db" --email worker@tandem.example)
case_id=$(sqlite3 "$tmp/bench.db" "SELECT c.id FROM cases c JOIN users u ON u.id = c.worker_id
	WHERE u.email = 'worker@tandem.example' ORDER BY c.id LIMIT 1")
build/tandem serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --access-log off \
	--trusted-proxy 127.0.0.1 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
for _ in $(seq 50); do grep -q listening "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/serve.out")
echo "sign-in flood: 64 clients, random e-mails, ${DURATION} s; $(nproc) cores, tandem's default threads and slots"
build/bench/signin_flood "$port" "$pid" "$token" "$case_id" "$DURATION"
