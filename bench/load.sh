#!/bin/sh
# load.sh - GET /api/v1/cases/{id} with a Bearer token at 64 connections, in
# one run next to (a) nginx serving a static file of the same bytes and (b)
# bench/mhd_ceiling answering the same bytes with the same threading. Prints
# requests/s, p99 latency, the ratios, each server's CPU per request, and
# tandem's resident memory.
# Run through `make bench` (which builds and installs wrk and nginx).
#
# The four targets are measured in ROUNDS rounds, each round all four back
# to back, and a ratio is taken within its round: on a shared machine the
# ceiling alone moves by a tenth or more from one minute to the next. The
# summary is the median round.
set -eu
cd "$(dirname "$0")/.."

THREADS=${THREADS:-$((4 * $(nproc)))}   # server threads (tandem's default), for both servers
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
WRK_THREADS=${WRK_THREADS:-2}
ROUNDS=${ROUNDS:-3}

tmp=$(mktemp -d /tmp/tandem-bench-XXXXXX)
chmod 755 "$tmp"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
	|| echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000))
}

build/tandem init --db "$tmp/bench.db" >/dev/null
build/tandem seed --demo --db "$tmp/bench.db" >/dev/null

# tandem, on a free port, without an access log (its cost is measured apart)
build/tandem serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --threads "$THREADS" \
	--access-log "${ACCESS_LOG:-off}" >"$tmp/serve.out" 2>"$tmp/serve.err" &
tandem_pid=$!
pids="$pids $tandem_pid"
for _ in $(seq 50); do grep -q listening "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
tport=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/serve.out")

# The tokens are made once, before the rounds, so that each round reads the
# same rows.
case_id=$(sqlite3 "$tmp/bench.db" "SELECT c.id FROM cases c JOIN memberships m ON m.group_id =
	c.sponsor_group_id JOIN users u ON u.id = m.user_id WHERE u.email = 'sponsor@tandem.example'
	ORDER BY c.id LIMIT 1")
url="http://127.0.0.1:$tport/api/v1/cases/$case_id"
token_sponsor=$(build/tandem token --db "$tmp/bench.db" --email sponsor@tandem.example)
curl -sf -H "Authorization: Bearer $token_sponsor" "$url" >"$tmp/body-sponsor.json"
token_worker=$(build/tandem token --db "$tmp/bench.db" --email worker@tandem.example)

# A process's CPU time so far, user and system, in clock ticks (fields 14
# and 15 of its stat, counted after the name's closing parenthesis).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# wrk against a server, into $1, with the server's CPU time over the run in
# $1.cpu: what a request costs the server apart from what it costs wrk,
# which shares the cores.
load() {   # $1 output, then wrk's arguments
	out=$1
	shift
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" >"$out"
}
measure() {   # $1 output, $2 server pid, then wrk's arguments
	file=$1 server=$2 before=$(cpu_ticks "$2")
	shift 2
	load "$file" "$@"
	echo $(($(cpu_ticks "$server") - before)) >"$file.cpu"
}

run_case() {   # $1 label, $2 token
	( while kill -0 "$tandem_pid" 2>/dev/null; do
		awk '/VmRSS/ {print $2}' "/proc/$tandem_pid/status"; sleep 0.2
	  done ) >>"$tmp/rss-$1.txt" &
	sampler=$!
	measure "$tmp/wrk-$1-$round.txt" "$tandem_pid" -H "Authorization: Bearer $2" "$url"
	kill "$sampler" 2>/dev/null || true
}

# nginx serving the sponsor's response bytes as a static file
mkdir -p "$tmp/www" "$tmp/nginx"
cp "$tmp/body-sponsor.json" "$tmp/www/case.json"
chmod -R a+rX "$tmp/www"
nport=$(free_port)
cat >"$tmp/nginx.conf" <<CONF
worker_processes $THREADS;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $tmp/nginx;
	proxy_temp_path $tmp/nginx;
	fastcgi_temp_path $tmp/nginx;
	uwsgi_temp_path $tmp/nginx;
	scgi_temp_path $tmp/nginx;
	default_type application/json;
	server { listen 127.0.0.1:$nport; root $tmp/www; }
}
CONF
nginx -c "$tmp/nginx.conf" -e "$tmp/nginx/error.log" &
pids="$pids $!"

mport=$(free_port)
build/bench/mhd_ceiling "$mport" "$THREADS" "$tmp/body-sponsor.json" &
mhd_pid=$!
pids="$pids $mhd_pid"
sleep 0.5

rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
errs() { awk '/Non-2xx|Socket errors/ {print}' "$1" | tr '\n' ' '; }
ratio() {   # $1's requests/s as a percentage of $2's
	awk -v t="$(rps "$1")" -v m="$(rps "$2")" 'BEGIN { printf "%.0f%%", 100 * t / m }'
}
row() { printf '%-44s %12s %10s\n' "$1" "$(rps "$2")" "$(p99 "$2")"; }
hz=$(getconf CLK_TCK)
cpu_us() {   # the server's CPU per request in µs, from measure's files
	awk -v t="$(cat "$1.cpu")" -v hz="$hz" '/ requests in / { printf "%.1f", t * 1e6 / hz / $1 }' "$1"
}

for round in $(seq "$ROUNDS"); do
	measure "$tmp/wrk-mhd-$round.txt" "$mhd_pid" "http://127.0.0.1:$mport/"
	# (1) a sponsor reading their group's case: policy, consent and store, no audit write
	run_case sponsor "$token_sponsor"
	# (2) the assigned worker reading it: health and notes are read, so every
	#     request also commits two audit records (fsync'd, synchronous=FULL)
	run_case worker "$token_worker"
	load "$tmp/wrk-nginx-$round.txt" "http://127.0.0.1:$nport/case.json"
done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); $(date -u +%Y-%m-%d)"
echo "load: wrk -t$WRK_THREADS -c$CONNS -d$DURATION; server threads: $THREADS; body: $(wc -c <"$tmp/body-sponsor.json") bytes;" \
	"$ROUNDS rounds"
printf '%-6s %10s %10s %10s %10s %10s %10s %8s %8s\n' round nginx ceiling sponsor p99 worker p99 "sp/ceil" "wk/ceil"
for round in $(seq "$ROUNDS"); do
	printf '%-6s %10s %10s %10s %10s %10s %10s' "$round" "$(rps "$tmp/wrk-nginx-$round.txt")" \
		"$(rps "$tmp/wrk-mhd-$round.txt")" "$(rps "$tmp/wrk-sponsor-$round.txt")" "$(p99 "$tmp/wrk-sponsor-$round.txt")" \
		"$(rps "$tmp/wrk-worker-$round.txt")" "$(p99 "$tmp/wrk-worker-$round.txt")"
	printf ' %8s %8s\n' "$(ratio "$tmp/wrk-sponsor-$round.txt" "$tmp/wrk-mhd-$round.txt")" \
		"$(ratio "$tmp/wrk-worker-$round.txt" "$tmp/wrk-mhd-$round.txt")"
done
echo "server CPU per request, µs (user and system, over each run):"
printf '%-6s %10s %10s %10s\n' round ceiling sponsor worker
for round in $(seq "$ROUNDS"); do
	printf '%-6s %10s %10s %10s\n' "$round" "$(cpu_us "$tmp/wrk-mhd-$round.txt")" \
		"$(cpu_us "$tmp/wrk-sponsor-$round.txt")" "$(cpu_us "$tmp/wrk-worker-$round.txt")"
done

# The median round by the sponsor's ratio to the ceiling (of an even number
# of rounds, the lower middle one), in full.
round=$(for r in $(seq "$ROUNDS"); do
	echo "$(awk -v t="$(rps "$tmp/wrk-sponsor-$r.txt")" -v m="$(rps "$tmp/wrk-mhd-$r.txt")" \
		'BEGIN { print t / m }') $r"
done | sort -n | awk '{ r[NR] = $2 } END { print r[int((NR + 1) / 2)] }')
echo "median round ($round of $ROUNDS):"
printf '%-44s %12s %10s\n' "target" "requests/s" "p99"
row "nginx, static file of the same bytes" "$tmp/wrk-nginx-$round.txt"
row "mhd_ceiling, same bytes, same threads" "$tmp/wrk-mhd-$round.txt"
row "tandem GET /cases/{id}, sponsor (no audit)" "$tmp/wrk-sponsor-$round.txt"
row "tandem GET /cases/{id}, worker (2 audits)" "$tmp/wrk-worker-$round.txt"
for who in sponsor worker; do
	echo "tandem ($who) / mhd_ceiling: $(ratio "$tmp/wrk-$who-$round.txt" "$tmp/wrk-mhd-$round.txt")" \
		"  tandem ($who) / nginx: $(ratio "$tmp/wrk-$who-$round.txt" "$tmp/wrk-nginx-$round.txt")"
done
echo "tandem resident memory, peak sampled during the runs: sponsor $(($(sort -n "$tmp/rss-sponsor.txt" | tail -1) / 1024))" \
	"MiB, worker $(($(sort -n "$tmp/rss-worker.txt" | tail -1) / 1024)) MiB"
for f in "$tmp"/wrk-*.txt; do
	e=$(errs "$f")
	[ -n "$e" ] && echo "warning ($(basename "$f" .txt)): $e"
done
exit 0
