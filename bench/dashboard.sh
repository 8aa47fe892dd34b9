#!/bin/sh
# dashboard.sh - the dashboards over HTTP on N generated cases (issue 14;
# 300,000 by default), on SQLite and on PostgreSQL 15 in the same run: the
# demo data, then N cases written straight into the table
# (bench/dashboard_data.sh). For each store, as the demo evaluator on one
# kept-alive connection (curl, ROUNDS requests a page): the province's
# page, a community's, and a community's CSV, served as they are (tables
# worked out at the day's first read, then reused), then with
# --dashboard-refresh 0 (worked out on every read, as the day's first
# read is); and the indicators, the window's and a community's. Prints the
# median and p99 of each. Run through `make bench`; needs the sqlite3 and psql clients and
# PostgreSQL 15 (scripts/install-deps bench check).
set -eu
cd "$(dirname "$0")/.."

N=${N:-300000}
ROUNDS=${ROUNDS:-200}

tmp=$(mktemp -d /tmp/tandem-dashboard-XXXXXX)
chmod 755 "$tmp"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	scripts/pg-test-server stop "$tmp/pg" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# serve DB NAME [ARGS...]: tandem serve on DB; its port in $tmp/NAME.port
serve() {
	db=$1 name=$2
	shift 2
	build/tandem serve --db "$db" --listen 127.0.0.1:0 --access-log off "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pids="$pids $!"
	for _ in $(seq 100); do grep -q listening "$tmp/$name.out" 2>/dev/null && break; sleep 0.1; done
	sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/$name.out" >"$tmp/$name.port"
}

# latency PORT TOKEN PATH COUNT: COUNT GETs of PATH on one connection; the
# median and p99 in ms, and fails on any answer but 200.
latency() {
	args=""
	for _ in $(seq "$4"); do args="$args -o /dev/null http://127.0.0.1:$1$3"; done
	# shellcheck disable=SC2086
	curl -s -H "Authorization: Bearer $2" -w '%{http_code} %{time_total}\n' $args | sort -k2 -n |
		awk -v what="$3" '$1 != 200 { bad++ } { t[NR] = $2 * 1000 }
			END {
				if (bad) { print what ": " bad " answers not 200"; exit 1 }
				p = int(NR * 0.99); if (p < 1) p = 1
				printf "%-36s %5d requests  median %8.2f ms  p99 %8.2f ms\n", what, NR, t[int(NR / 2) + 1], t[p]
			}'
}

lite="$tmp/dashboard.db"
build/tandem init --db "$lite" >/dev/null
build/tandem seed --demo --db "$lite" >/dev/null
start=$(date +%s)
bench/dashboard_data.sh sqlite "$N" | sqlite3 "$lite"
echo "SQLite: $N cases written in $(($(date +%s) - start)) s"

pg=$(scripts/pg-test-server start "$tmp/pg")
pgdb=$(scripts/pg-test-server createdb "$tmp/pg" dashboard)
build/tandem init --db "$pgdb" >/dev/null
build/tandem seed --demo --db "$pgdb" >/dev/null
start=$(date +%s)
bench/dashboard_data.sh pg "$N" | psql -X -q -v ON_ERROR_STOP=1 "$pgdb"
echo "PostgreSQL: $N cases written in $(($(date +%s) - start)) s"
: "$pg"

for store in sqlite pg; do
	db=$lite
	[ "$store" = pg ] && db=$pgdb
	token=$(build/tandem token --db "$db" --email evaluator@tandem.example)
	serve "$db" "$store"
	echo "== $store, $N cases, served (tables reused all day)"
	port=$(cat "$tmp/$store.port")
	for path in /api/v1/province/dashboard /api/v1/communities/1/dashboard /api/v1/communities/2/dashboard.csv; do
		latency "$port" "$token" "$path" "$ROUNDS"
	done
	serve "$db" "$store-fresh" --dashboard-refresh 0
	echo "== $store, $N cases, worked out on every read"
	latency "$(cat "$tmp/$store-fresh.port")" "$token" /api/v1/province/dashboard 20
	# the indicators are worked out on every read (no cache: their quarters are over)
	echo "== $store, $N cases, the indicators"
	latency "$port" "$token" /api/v1/indicators 20
	latency "$port" "$token" "/api/v1/indicators?community=1" 20
done
