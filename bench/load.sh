#!/bin/sh
# load.sh - GET /api/v1/cases/{id} with a Bearer token at 64 connections, in
# one run next to (a) nginx serving a static file of the same bytes and (b)
# bench/mhd_ceiling answering the same bytes with the same threading. Prints
# requests/s, p99 latency, the ratios, and tandem's resident memory.
# Run through `make bench` (which builds and installs wrk and nginx).
set -eu
cd "$(dirname "$0")/.."

THREADS=${THREADS:-$((4 * $(nproc)))}   # server threads (tandem's default), for both servers
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
WRK_THREADS=${WRK_THREADS:-2}

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

run_case() {   # $1 label, $2 e-mail of the reader
	token=$(build/tandem token --db "$tmp/bench.db" --email "$2")
	case_id=$(sqlite3 "$tmp/bench.db" "SELECT c.id FROM cases c JOIN memberships m ON m.group_id =
		c.sponsor_group_id JOIN users u ON u.id = m.user_id WHERE u.email = 'sponsor@tandem.example'
		ORDER BY c.id LIMIT 1")
	url="http://127.0.0.1:$tport/api/v1/cases/$case_id"
	curl -sf -H "Authorization: Bearer $token" "$url" >"$tmp/body-$1.json"
	rss_max=0
	( while kill -0 "$tandem_pid" 2>/dev/null; do
		awk '/VmRSS/ {print $2}' "/proc/$tandem_pid/status"; sleep 0.2
	  done ) >"$tmp/rss-$1.txt" &
	sampler=$!
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "$url" \
		>"$tmp/wrk-$1.txt"
	kill "$sampler" 2>/dev/null || true
	rss_max=$(sort -n "$tmp/rss-$1.txt" | tail -1)
	echo "$rss_max" >"$tmp/rss-max-$1"
}

# (1) a sponsor reading their group's case: policy, consent and store, no audit write
run_case sponsor sponsor@tandem.example
# (2) the assigned worker reading it: health and notes are read, so every
#     request also commits two audit records (fsync'd, synchronous=FULL)
run_case worker worker@tandem.example

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
pids="$pids $!"
sleep 0.5

wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$nport/case.json" >"$tmp/wrk-nginx.txt"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$mport/" >"$tmp/wrk-mhd.txt"

rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
errs() { awk '/Non-2xx|Socket errors/ {print}' "$1" | tr '\n' ' '; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); $(date -u +%Y-%m-%d)"
echo "load: wrk -t$WRK_THREADS -c$CONNS -d$DURATION; server threads: $THREADS; body: $(wc -c <"$tmp/body-sponsor.json") bytes"
printf '%-44s %12s %10s\n' "target" "requests/s" "p99"
printf '%-44s %12s %10s\n' "nginx, static file of the same bytes" "$(rps "$tmp/wrk-nginx.txt")" "$(p99 "$tmp/wrk-nginx.txt")"
printf '%-44s %12s %10s\n' "mhd_ceiling, same bytes, same threads" "$(rps "$tmp/wrk-mhd.txt")" "$(p99 "$tmp/wrk-mhd.txt")"
printf '%-44s %12s %10s\n' "tandem GET /cases/{id}, sponsor (no audit)" "$(rps "$tmp/wrk-sponsor.txt")" "$(p99 "$tmp/wrk-sponsor.txt")"
printf '%-44s %12s %10s\n' "tandem GET /cases/{id}, worker (2 audits)" "$(rps "$tmp/wrk-worker.txt")" "$(p99 "$tmp/wrk-worker.txt")"
awk -v t="$(rps "$tmp/wrk-sponsor.txt")" -v m="$(rps "$tmp/wrk-mhd.txt")" -v n="$(rps "$tmp/wrk-nginx.txt")" \
	'BEGIN { printf "tandem (sponsor) / mhd_ceiling: %.0f%%   tandem (sponsor) / nginx: %.0f%%\n", 100*t/m, 100*t/n }'
awk -v t="$(rps "$tmp/wrk-worker.txt")" -v m="$(rps "$tmp/wrk-mhd.txt")" -v n="$(rps "$tmp/wrk-nginx.txt")" \
	'BEGIN { printf "tandem (worker)  / mhd_ceiling: %.0f%%   tandem (worker)  / nginx: %.0f%%\n", 100*t/m, 100*t/n }'
echo "tandem resident memory, peak sampled during the run: sponsor $(($(cat "$tmp/rss-max-sponsor") / 1024)) MiB," \
	"worker $(($(cat "$tmp/rss-max-worker") / 1024)) MiB"
for f in sponsor worker nginx mhd; do
	e=$(errs "$tmp/wrk-$f.txt")
	[ -n "$e" ] && echo "warning ($f): $e"
done
exit 0
