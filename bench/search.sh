#!/bin/sh
# search.sh - the directory's search over HTTP on 100,000 services (issue
# 12), on SQLite and on PostgreSQL 15 in the same run: the demo data, then
# N generated services written straight into the HSDS tables as an import
# would (bench/search_data.sh; the databases' triggers index them), then
# bench/search as the demo sponsor, one client, a request at a time: the
# median and p99 of one-word, multi-word, filtered and misspelled queries.
# Run through `make bench`; needs the sqlite3 and psql clients and
# PostgreSQL 15 (scripts/install-deps bench check).
set -eu
cd "$(dirname "$0")/.."

N=${N:-100000}
ROUNDS=${ROUNDS:-50}

tmp=$(mktemp -d /tmp/tandem-search-XXXXXX)
chmod 755 "$tmp"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	scripts/pg-test-server stop "$tmp/pg" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# serve DB NAME: starts tandem serve on DB; its port goes to $tmp/NAME.port
serve() {
	build/tandem serve --db "$1" --listen 127.0.0.1:0 --access-log off >"$tmp/$2.out" 2>"$tmp/$2.err" &
	pids="$pids $!"
	for _ in $(seq 100); do grep -q listening "$tmp/$2.out" 2>/dev/null && break; sleep 0.1; done
	sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/$2.out" >"$tmp/$2.port"
}

lite="$tmp/search.db"
build/tandem init --db "$lite" >/dev/null
build/tandem seed --demo --db "$lite" >/dev/null
start=$(date +%s)
bench/search_data.sh sqlite "$N" | sqlite3 "$lite"
echo "SQLite: $N services written and indexed in $(($(date +%s) - start)) s"

pg=$(scripts/pg-test-server start "$tmp/pg")
pgdb=$(scripts/pg-test-server createdb "$tmp/pg" search)
build/tandem init --db "$pgdb" >/dev/null
build/tandem seed --demo --db "$pgdb" >/dev/null
start=$(date +%s)
bench/search_data.sh pg "$N" | psql -X -q -v ON_ERROR_STOP=1 "$pgdb"
psql -X -q "$pgdb" -c "VACUUM ANALYZE"
echo "PostgreSQL: $N services written and indexed in $(($(date +%s) - start)) s"
: "$pg"

for store in sqlite pg; do
	db=$lite
	[ "$store" = pg ] && db=$pgdb
	serve "$db" "$store"
	token=$(build/tandem token --db "$db" --email sponsor@tandem.example)
	echo "== $store, $N + 320 services, $ROUNDS rounds"
	build/bench/search "$(cat "$tmp/$store.port")" "$token" "$ROUNDS"
done
