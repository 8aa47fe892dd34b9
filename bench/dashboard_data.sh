#!/bin/sh
# dashboard_data.sh - SQL that writes N cases for the dashboard's bench, in
# the dialect of STORE (sqlite or pg): spread over the eight demo
# communities, twelve languages and the three streams; a third still
# expected in the coming twelve weeks, a third open and arrived over the
# past two years, a third closed; some without an agency or a worker.
# Usage: dashboard_data.sh STORE N | sqlite3 DB  (or | psql DB)
set -eu
store=$1
n=$2
cols="family_name, preferred_language, stream, status, expected_arrival, actual_arrival, community_id,
	spo_org_id, created_at, updated_at"
lang="CASE i % 12 WHEN 0 THEN 'ar' WHEN 1 THEN 'ti' WHEN 2 THEN 'prs' WHEN 3 THEN 'so' WHEN 4 THEN 'ku'
	WHEN 5 THEN 'uk' WHEN 6 THEN 'fa' WHEN 7 THEN 'ps' WHEN 8 THEN 'am' WHEN 9 THEN 'es' WHEN 10 THEN 'fr'
	ELSE 'ar' END"
stream="CASE i % 10 WHEN 0 THEN 'PSR' WHEN 1 THEN 'BVOR' ELSE 'GAR' END"
status="CASE i % 3 WHEN 0 THEN 'referred' WHEN 1 THEN 'active' ELSE 'closed' END"
if [ "$store" = sqlite ]; then
	day="date('now', (CASE i % 3 WHEN 0 THEN i % 84 ELSE -(i % 730) END) || ' days')"
	echo "BEGIN;"
	echo "INSERT INTO cases ($cols) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $n)"
	echo " SELECT 'Bench', $lang, $stream, $status, $day, CASE i % 3 WHEN 0 THEN NULL ELSE $day END,"
	echo " i % 8 + 1, CASE WHEN i % 7 = 0 THEN NULL ELSE 9 END, 1, 1 FROM n;"
	echo "COMMIT; ANALYZE;"
else
	day="(current_date + (CASE i % 3 WHEN 0 THEN i % 84 ELSE -(i % 730) END))::text"
	echo "INSERT INTO cases ($cols)"
	echo " SELECT 'Bench', $lang, $stream, $status, $day, CASE i % 3 WHEN 0 THEN NULL ELSE $day END,"
	echo " i % 8 + 1, CASE WHEN i % 7 = 0 THEN NULL ELSE 9 END, 1, 1 FROM generate_series(1, $n) AS i;"
	echo "VACUUM ANALYZE;"
fi
