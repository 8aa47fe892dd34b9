#!/bin/sh
# stores.sh - the read bench of load.sh on each store, in one run: GET
# /api/v1/cases/{id} as the sponsor (no audit) and as the assigned worker
# (two audit records committed per request), on SQLite (one tandem serve),
# on PostgreSQL 15 with one and with two tandem serve processes behind
# HAProxy, next to bench/mhd_ceiling answering the same bytes. Prints
# requests/s and p99 for each. Run through `make bench`; needs wrk, HAProxy
# and PostgreSQL 15 (scripts/install-deps bench check).
set -eu
cd "$(dirname "$0")/.."

THREADS=${THREADS:-$((4 * $(nproc)))}   # server threads of each tandem serve
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
WRK_THREADS=${WRK_THREADS:-2}

tmp=$(mktemp -d /tmp/tandem-stores-XXXXXX)
chmod 755 "$tmp"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	scripts/pg-test-server stop "$tmp/pg" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# serve DB NAME: starts tandem serve on DB; its port goes to $tmp/NAME.port
serve() {
	build/tandem serve --db "$1" --listen 127.0.0.1:0 --threads "$THREADS" --access-log off \
		>"$tmp/$2.out" 2>"$tmp/$2.err" &
	pids="$pids $!"
	for _ in $(seq 100); do grep -q listening "$tmp/$2.out" 2>/dev/null && break; sleep 0.1; done
	sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/$2.out" >"$tmp/$2.port"
}

# haproxy NAME PORT...: HAProxy on a free port in front of the ports given;
# its port goes to $tmp/NAME.port
haproxy_front() {
	name=$1
	shift
	port=$(free_port)
	{
		echo "global"
		echo "    maxconn 4096"
		echo "defaults"
		echo "    mode http"
		echo "    timeout connect 2s"
		echo "    timeout client 30s"
		echo "    timeout server 30s"
		echo "frontend f"
		echo "    bind 127.0.0.1:$port"
		echo "    default_backend b"
		echo "backend b"
		echo "    balance roundrobin"
		echo "    http-reuse always"
		n=0
		for p in "$@"; do
			n=$((n + 1))
			echo "    server t$n 127.0.0.1:$p"
		done
	} >"$tmp/$name.cfg"
	haproxy -f "$tmp/$name.cfg" -db >"$tmp/$name.log" 2>&1 &
	pids="$pids $!"
	echo "$port" >"$tmp/$name.port"
	sleep 0.3
}

# bench NAME PORT TOKEN CASE: wrk against one case, as the token's reader
bench() {
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Authorization: Bearer $3" \
		"http://127.0.0.1:$2/api/v1/cases/$4" >"$tmp/wrk-$1.txt"
}

# The SQLite database and the PostgreSQL one, with the same demo data.
lite="$tmp/bench.db"
build/tandem init --db "$lite" >/dev/null
build/tandem seed --demo --db "$lite" >/dev/null
scripts/pg-test-server start "$tmp/pg" >/dev/null
pg=$(scripts/pg-test-server createdb "$tmp/pg" bench)
build/tandem init --db "$pg" >/dev/null
build/tandem seed --demo --db "$pg" >/dev/null

q="SELECT c.id FROM cases c JOIN memberships m ON m.group_id = c.sponsor_group_id JOIN users u
	ON u.id = m.user_id WHERE u.email = 'sponsor@tandem.example' ORDER BY c.id LIMIT 1"
case_id=$(sqlite3 "$lite" "$q")
[ "$case_id" = "$(psql -X -A -t -q "$pg" -c "$q")" ] || { echo "stores.sh: the two seeds differ" >&2; exit 1; }

serve "$lite" lite
serve "$pg" pg1
haproxy_front one "$(cat "$tmp/pg1.port")"
serve "$pg" pg2
haproxy_front two "$(cat "$tmp/pg1.port")" "$(cat "$tmp/pg2.port")"

for reader in sponsor worker; do
	tl=$(build/tandem token --db "$lite" --email "$reader@tandem.example")
	tp=$(build/tandem token --db "$pg" --email "$reader@tandem.example")
	bench "lite-$reader" "$(cat "$tmp/lite.port")" "$tl" "$case_id"
	bench "one-$reader" "$(cat "$tmp/one.port")" "$tp" "$case_id"
	bench "two-$reader" "$(cat "$tmp/two.port")" "$tp" "$case_id"
done

curl -sf -H "Authorization: Bearer $tl" "http://127.0.0.1:$(cat "$tmp/lite.port")/api/v1/cases/$case_id" \
	>"$tmp/body.json"
mport=$(free_port)
build/bench/mhd_ceiling "$mport" "$THREADS" "$tmp/body.json" &
pids="$pids $!"
sleep 0.5
wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$mport/" >"$tmp/wrk-mhd.txt"

rps() { awk '/^Requests\/sec/ {print $2}' "$tmp/wrk-$1.txt"; }
p99() { awk '$1 == "99%" {print $2}' "$tmp/wrk-$1.txt"; }
row() { printf '%-52s %12s %10s\n' "$1" "$(rps "$2")" "$(p99 "$2")"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); $(date -u +%Y-%m-%d)"
echo "load: wrk -t$WRK_THREADS -c$CONNS -d$DURATION; server threads: $THREADS each; everything on this machine"
printf '%-52s %12s %10s\n' "target" "requests/s" "p99"
row "mhd_ceiling, same bytes, same threads" mhd
for reader in sponsor worker; do
	[ "$reader" = sponsor ] && what="sponsor (no audit)" || what="worker (2 audits)"
	row "SQLite, 1 tandem serve, $what" "lite-$reader"
	row "PostgreSQL, 1 tandem serve behind HAProxy, $what" "one-$reader"
	row "PostgreSQL, 2 tandem serve behind HAProxy, $what" "two-$reader"
done
for reader in sponsor worker; do
	awk -v l="$(rps "lite-$reader")" -v o="$(rps "one-$reader")" -v t="$(rps "two-$reader")" -v r="$reader" \
		'BEGIN { printf "%s: PostgreSQL / SQLite: %.0f%% with 1 process, %.0f%% with 2\n", r, 100*o/l, 100*t/l }'
done
for f in mhd lite-sponsor lite-worker one-sponsor one-worker two-sponsor two-worker; do
	e=$(awk '/Non-2xx|Socket errors/ {print}' "$tmp/wrk-$f.txt" | tr '\n' ' ')
	[ -n "$e" ] && echo "warning ($f): $e"
done
exit 0
