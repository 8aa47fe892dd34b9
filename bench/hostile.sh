#!/bin/sh
# hostile.sh - one address (127.0.0.2) holds 1,500 slowloris connections and
# 5,000 idle sockets against tandem serve with its default limits, each
# opened again as soon as the server closes it, while a normal client
# (127.0.0.1) reads a case as its sponsor (issue 15). Prints
# the normal client's latencies at rest and under the attack, what became of
# the attacker's connections and the server's memory (bench/hostile.c).
# Bounded: loopback only, DURATION seconds (default 30). Run through
# `make bench`.
set -eu
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30}
TANDEM=${TANDEM_BIN:-build/tandem}
SLOW=${SLOW:-1500}
IDLE=${IDLE:-5000}
tmp=$(mktemp -d /tmp/tandem-bench-XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$TANDEM" init --db "$tmp/bench.db" >/dev/null
"$TANDEM" seed --demo --db "$tmp/bench.db" >/dev/null
token=$("$TANDEM" token --db "$tmp/bench.db" --email sponsor@tandem.example)
case_id=$(sqlite3 "$tmp/bench.db" "SELECT c.id FROM cases c JOIN memberships m ON m.group_id =
	c.sponsor_group_id JOIN users u ON u.id = m.user_id WHERE u.email = 'sponsor@tandem.example'
	ORDER BY c.id LIMIT 1")
"$TANDEM" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --access-log off \
	>"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
for _ in $(seq 50); do grep -q listening "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/serve.out")
echo "hostile connections: $SLOW slowloris + $IDLE idle from 127.0.0.2, ${DURATION} s;" \
	"$(nproc) cores, tandem's default threads and limits"
build/bench/hostile "$port" "$pid" "$token" "/api/v1/cases/$case_id" "$DURATION" "$SLOW" "$IDLE" 127.0.0.2
