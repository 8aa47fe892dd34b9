#!/bin/bash
# Several tandem processes behind HAProxy on a PostgreSQL primary with a
# synchronous standby, through the loss of a process and a failover:
#
#   tests/cluster/run.sh [--writes N]      (make check-cluster; default 300)
#
# Writers post messages to a case thread through HAProxy; after a third of
# them one tandem process is killed (SIGKILL), after two thirds the primary
# is killed (immediate shutdown) and the standby promoted. Passes when every
# write that was acknowledged (201) is on the promoted server, writes are
# acknowledged again after the failover without restarting tandem, the audit
# chain verifies, and a session made on the killed process still works on
# the others. Everything listens on 127.0.0.1 (PostgreSQL on Unix sockets).
# Prints one line per check and "N passed, M failed"; exits non-zero on any
# failure. Run from anywhere; needs build/tandem, haproxy and PostgreSQL 15.
set -u
cd "$(dirname "$0")/../.."

WRITES=300
WRITERS=3
DEADLINE=60                  # seconds for the writes, failover included
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
TANDEM=${TANDEM_BIN:-build/tandem}
WORKER=worker@tandem.example
PASSWORD=tandem-demo-2026

while [ $# -gt 0 ]; do
	case "$1" in
	--writes) WRITES=$2; shift 2 ;;
	*) echo "usage: tests/cluster/run.sh [--writes N]" >&2; exit 2 ;;
	esac
done

for need in haproxy curl psql "$PG_BIN/pg_basebackup" "$TANDEM"; do
	command -v "$need" >/dev/null || { echo "cluster: $need is missing (scripts/install-deps check)" >&2; exit 1; }
done

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}
started=$(now_ms)
passed=0
failed=0
check() {   # check NAME COMMAND...: one line, counted
	local name=$1
	shift
	if "$@"; then
		echo "ok   cluster: $name"
		passed=$((passed + 1))
	else
		echo "FAIL cluster: $name"
		failed=$((failed + 1))
	fi
}
say() {   # a step, with the time since the start
	local t=$(($(now_ms) - started))
	echo "#    $((t / 1000)).$((t % 1000 / 100)) s: $*"
}
die() {
	echo "FAIL cluster: $*" >&2
	exit 1
}

# The run's directory: short, for the sockets' paths, and reachable by the
# postgres user that owns the clusters when we are root.
run=$(mktemp -d /tmp/tcl-XXXXXX)
chmod 755 "$run"
pids=()
cleanup() {
	for pid in "${pids[@]}"; do
		kill -9 "$pid" 2>/dev/null
	done
	wait 2>/dev/null
	for c in "$run/p" "$run/s"; do
		[ -d "$c" ] && scripts/pg-test-server stop "$c" >/dev/null 2>&1
	done
	rm -rf "$run"
}
trap cleanup EXIT

# --- PostgreSQL: a primary, tandem's demo data, a synchronous standby ---------
P=$(scripts/pg-test-server start "$run/p") || die "cannot start the primary"
P=${P#host=}; P=${P%% *}
# The demo data need not wait for each commit's flush: the standby is copied
# from the primary after them, and the writes under test wait for both.
export PGOPTIONS="-c synchronous_commit=off"
"$TANDEM" init --db "host=$P dbname=tandem user=tandem" >/dev/null || die "tandem init failed"
"$TANDEM" seed --demo --db "host=$P dbname=tandem user=tandem" >/dev/null || die "tandem seed failed"
unset PGOPTIONS
say "primary up, with tandem's demo data"
scripts/pg-test-server standby "$run/p" "$run/s" >/dev/null || die "cannot start the standby"
S=$run/s
psql_on() {   # psql_on SOCKET_DIR SQL: the answer, unaligned
	psql -X -q -At -h "$1" -U tandem -d tandem -c "$2"
}
# Every commit now waits until the standby has it on disk.
psql_on "$P" "ALTER SYSTEM SET synchronous_standby_names = '*'" || die "cannot make replication synchronous"
psql_on "$P" "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 50); do
	[ "$(psql_on "$P" "SELECT sync_state FROM pg_stat_replication")" = sync ] && break
	sleep 0.1
done
[ "$(psql_on "$P" "SELECT sync_state FROM pg_stat_replication")" = sync ] || die "the standby is not synchronous"
say "primary and synchronous standby up"
CASE=$(psql_on "$P" "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id WHERE u.email = '$WORKER'")

# --- three tandem processes, each finding the primary among both servers -----
DB="host=$P,$S dbname=tandem user=tandem target_session_attrs=read-write"
tport=()
tpid=()
for i in 1 2 3; do
	"$TANDEM" serve --db "$DB" --listen 127.0.0.1:0 --threads 4 --web web >"$run/t$i.out" 2>"$run/t$i.log" &
	pids+=($!)
	tpid[$i]=$!
done
for i in 1 2 3; do
	for _ in $(seq 100); do
		grep -q '^listening on' "$run/t$i.out" && break
		sleep 0.05
	done
	tport[$i]=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$run/t$i.out")
	[ -n "${tport[$i]}" ] || die "tandem $i did not start: $(tail -3 "$run/t$i.log")"
done

# --- HAProxy in front, on a free port (tried until one binds) ----------------
haproxy_config() {   # the snippet of docs/operations.md, on this run's ports and files
	cat <<EOF
global
	maxconn 512
defaults
	mode http
	timeout connect 1s
	timeout client 30s
	timeout server 30s
	# A request that could not reach a server at all goes to another one.
	retries 2
	option redispatch
	# When no process is up, haproxy answers in tandem's error shape.
	errorfile 503 $run/503.http
frontend tandem_api
	bind 127.0.0.1:$1
	default_backend tandem
backend tandem
	balance roundrobin
	option httpchk GET /readyz
	http-check expect status 200
	default-server inter 500ms fall 2 rise 1
	server t1 127.0.0.1:${tport[1]} check
	server t2 127.0.0.1:${tport[2]} check
	server t3 127.0.0.1:${tport[3]} check
EOF
}
printf '%s\r\n' "HTTP/1.0 503 Service Unavailable" "Cache-Control: no-cache" "Connection: close" \
	"Content-Type: application/json" "Retry-After: 1" "" >"$run/503.http"
echo '{"error":{"code":"unavailable","message":"No tandem server is available; try again shortly."}}' \
	>>"$run/503.http"
HP=
for _ in $(seq 20); do
	port=$((20000 + RANDOM % 40000))
	haproxy_config "$port" >"$run/haproxy.cfg"
	haproxy -db -f "$run/haproxy.cfg" >"$run/haproxy.log" 2>&1 &
	hpid=$!
	for _ in $(seq 40); do
		kill -0 "$hpid" 2>/dev/null || break
		curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && { HP=$port; break; }
		sleep 0.05
	done
	# An haproxy that could not bind exits at once: one still running after
	# an answer is the one that answered, not something else on the port.
	sleep 0.2
	[ -n "$HP" ] && kill -0 "$hpid" 2>/dev/null && { pids+=("$hpid"); break; }
	HP=
	kill "$hpid" 2>/dev/null
	wait "$hpid" 2>/dev/null
done
[ -n "$HP" ] || die "haproxy did not start: $(tail -3 "$run/haproxy.log")"
API=http://127.0.0.1:$HP
say "3 tandem processes behind haproxy on port $HP"

# --- sessions ----------------------------------------------------------------
sign_in() {   # sign_in BASE_URL FILE: the cookie and CSRF token into FILE
	local body
	body=$(curl -s -c "$2.jar" -H 'Content-Type: application/json' \
		-d "{\"email\":\"$WORKER\",\"password\":\"$PASSWORD\"}" "$1/api/v1/session") || return 1
	sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' <<<"$body" >"$2"
	[ -s "$2" ]
}
# A session made on process 1 itself, which is the one killed.
sign_in "http://127.0.0.1:${tport[1]}" "$run/killed-session" || die "cannot sign in on tandem 1"
sign_in "$API" "$run/session" || die "cannot sign in through haproxy"

# --- the writes ----------------------------------------------------------------
# Each writer posts its own numbered messages until told to stop; "ID BODY"
# of each 201 goes to its acked file and the time it came (ms) to its times
# file, the status and error code of each other answer to its refused file.
writer() {
	local w=$1 i=0 code body
	: >"$run/acked.$w"
	: >"$run/times.$w"
	: >"$run/refused.$w"
	while [ ! -e "$run/stop" ]; do
		i=$((i + 1))
		body="cw-$w-$i"
		code=$(curl -s -o "$run/resp.$w" -w '%{http_code}' --max-time 10 -b "$run/session.jar" \
			-H "X-CSRF-Token: $(cat "$run/session")" -H 'Content-Type: application/json' \
			-d "{\"body\":\"$body\"}" "$API/api/v1/cases/$CASE/messages")
		if [ "$code" = 201 ]; then
			echo "$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$run/resp.$w") $body" >>"$run/acked.$w"
			now_ms >>"$run/times.$w"
		else
			# the error's code: haproxy's "unavailable" when no process was up
			echo "$code $(sed -n 's/.*"code":"\([^"]*\)".*/\1/p' "$run/resp.$w" | grep . || echo '(not JSON)')" \
				>>"$run/refused.$w"
			sleep 0.1
		fi
	done
}
acked() {
	cat "$run"/acked.* 2>/dev/null | wc -l
}
wait_acked() {   # wait_acked N: until N writes are acknowledged; false at the deadline
	while [ "$(acked)" -lt "$1" ]; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

deadline=$(($(date +%s) + DEADLINE))
wpids=()
for w in $(seq "$WRITERS"); do
	writer "$w" &
	pids+=($!)
	wpids+=($!)
done

wait_acked $((WRITES / 3)) || die "too few writes acknowledged before the kill: $(acked)"
kill -9 "${tpid[1]}"
wait "${tpid[1]}" 2>/dev/null    # quietly: no "Killed" from the shell
say "$(acked) writes acknowledged; tandem 1 killed"
wait_acked $((WRITES * 2 / 3)) || die "too few writes acknowledged after tandem 1 was killed: $(acked)"
killed_at=$(now_ms)
scripts/pg-test-server kill "$run/p" >/dev/null || die "cannot kill the primary"
say "$(acked) writes acknowledged; primary killed"
sleep 1    # as a failover manager would take its time; writes fail meanwhile
scripts/pg-test-server promote "$S" >/dev/null || die "cannot promote the standby"
promoted_at=$(now_ms)
say "standby promoted"
wait_acked "$WRITES" || die "only $(acked) of $WRITES writes acknowledged by the deadline"
touch "$run/stop"
say "$(acked) writes acknowledged; writers stopped"
wait "${wpids[@]}"

# --- the checks ------------------------------------------------------------------
# A write may have committed while its answer was lost (503): only the
# acknowledged ones must be there, each exactly as acknowledged.
cat "$run"/acked.* | sort >"$run/acked"
psql_on "$S" "SELECT id || ' ' || body FROM messages WHERE body LIKE 'cw-%'" | sort >"$run/stored"
comm -23 "$run/acked" "$run/stored" >"$run/lost"
n_acked=$(wc -l <"$run/acked")
n_lost=$(wc -l <"$run/lost")
n_refused=$(cat "$run"/refused.* | wc -l)
# Acknowledged after the promotion, so committed on the promoted server by
# connections tandem made again by itself.
n_after=$(cat "$run"/times.* | awk -v t="$promoted_at" '$1 > t' | wc -l)
first_after=$(cat "$run"/times.* | awk -v t="$promoted_at" '$1 > t' | sort -n | head -1)
check "every acknowledged write is on the promoted server ($n_acked acknowledged, $n_lost lost)" \
	test "$n_lost" -eq 0
check "writes were acknowledged after the failover ($n_after)" test "$n_after" -gt 0
check "the promoted server takes writes" test "$(psql_on "$S" "SELECT pg_is_in_recovery()")" = f
audit_verifies() {
	"$TANDEM" audit verify --db "host=$S dbname=tandem user=tandem" >/dev/null
}
check "the audit chain verifies on the promoted server" audit_verifies
me_status() {   # me_status FILE: the status of GET /me through haproxy with that session
	curl -s -o /dev/null -w '%{http_code}' -b "$1.jar" "$API/api/v1/me"
}
check "a session made on the killed process works through the others" test "$(me_status "$run/killed-session")" = 200
check "the two processes left serve on (ready)" \
	test "$(curl -s "http://127.0.0.1:${tport[2]}/readyz")$(curl -s "http://127.0.0.1:${tport[3]}/readyz")" = readyready
[ "$n_lost" -eq 0 ] || { echo "lost writes:"; head -20 "$run/lost"; }

took_ms=$(($(now_ms) - started))
failover_ms=$((${first_after:-$killed_at} - killed_at))
echo "cluster: $n_acked writes acknowledged, $n_lost lost, $n_refused refused" \
	"($(cat "$run"/refused.* | sort | uniq -c | awk '{printf "%s%s x %s %s", s, $1, $2, $3; s=", "}'));" \
	"no write acknowledged for $((failover_ms / 1000)).$((failover_ms % 1000 / 100)) s from the primary's loss;" \
	"$((took_ms / 1000)).$((took_ms % 1000 / 100)) s in all"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
