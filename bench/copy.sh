#!/bin/sh
# copy.sh - tandem copy of a 300,000-case SQLite database into a fresh
# PostgreSQL database: wall time and the copying process's peak resident
# memory. Not part of `make bench` (it needs PostgreSQL 15's server binaries).
#
# The database is the demo seed's 300 cases with their people, multiplied a
# thousandfold inside sqlite3 (ids shifted, so every copy is a row of its
# own); the other tables stay at their demo size.
set -eu
cd "$(dirname "$0")/.."

FACTOR=${FACTOR:-1000}
tmp=$(mktemp -d /tmp/tandem-bench-XXXXXX)
# The cluster lives outside tmp, which only we may enter (as root the
# server runs as postgres).
pgdir=/tmp/tandem-bench-pg-$$
cleanup() {
	scripts/pg-test-server stop "$pgdir" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

make -s build/tandem
db=$tmp/big.db
build/tandem init --db "$db" >/dev/null
build/tandem seed --demo --db "$db" >/dev/null
sqlite3 "$db" <<EOF
BEGIN;
CREATE TEMP TABLE k AS WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < $FACTOR - 1)
	SELECT n FROM k;
INSERT INTO cases (id, family_name, preferred_language, contact_phone, contact_email, address, stream, status,
	expected_arrival, actual_arrival, sponsor_group_id, community_id, spo_org_id, worker_id, high_needs,
	health_notes, worker_notes, created_at, updated_at)
SELECT c.id + k.n * 1000, c.family_name, c.preferred_language, c.contact_phone, c.contact_email, c.address,
	c.stream, c.status, c.expected_arrival, c.actual_arrival, c.sponsor_group_id, c.community_id,
	c.spo_org_id, c.worker_id, c.high_needs, c.health_notes, c.worker_notes, c.created_at, c.updated_at
FROM cases c, k WHERE c.id < 1000;
INSERT INTO persons (id, case_id, user_id, given_name, family_name, relationship, birth_year, languages, phone, email)
SELECT p.id + k.n * 10000, p.case_id + k.n * 1000, NULL, p.given_name, p.family_name, p.relationship,
	p.birth_year, p.languages, p.phone, p.email
FROM persons p, k WHERE p.id < 10000;
COMMIT;
EOF
cases=$(sqlite3 "$db" "SELECT count(*) FROM cases")
persons=$(sqlite3 "$db" "SELECT count(*) FROM persons")
size=$(du -m "$db" | cut -f1)

pg=$(scripts/pg-test-server start "$pgdir")
build/tandem init --db "$pg" >/dev/null
if [ -x /usr/bin/time ]; then
	/usr/bin/time -v build/tandem copy --from "sqlite:$db" --to "$pg" >"$tmp/copy.out" 2>"$tmp/time.txt"
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time.txt")
	peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
else
	start=$(date +%s)
	build/tandem copy --from "sqlite:$db" --to "$pg" >"$tmp/copy.out" &
	cpid=$!
	peak=0
	while kill -0 "$cpid" 2>/dev/null; do
		hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$cpid/status" 2>/dev/null || true)
		[ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
		sleep 0.2
	done
	wait "$cpid"
	wall="$(($(date +%s) - start)) s"
fi
rows=$(sed -n 's/^copied [0-9]* tables, \([0-9]*\) rows.*/\1/p' "$tmp/copy.out")
echo "source: $cases cases, $persons persons, $rows rows in all, $size MiB of SQLite"
echo "tandem copy to PostgreSQL: wall $wall, peak RSS $((peak / 1024)) MiB"
echo "$(date -u +%Y-%m-%d), $(nproc) cores"
