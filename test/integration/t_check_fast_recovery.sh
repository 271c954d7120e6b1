#!/bin/sh
# HTTP_GET's fast_recovery against Debian's nginx: vigild in namespace
# "dir" (192.0.2.100) checks three real servers of one nginx in "srv"
# (192.0.2.1): HTTP_GET on ports 80 and 8081, SSL_GET on 8443, all
# alpha, four urls each, delay_loop 3, retry 0; 8081 and 8443 have
# fast_recovery, 80 not.
# 1. At start (alpha: both down), 80 fetches one url a delay_loop and is
#    up only once the fourth has passed, three delay_loops after the
#    first (nginx's log shows the urls 3 s apart); 8081 fetches the four
#    back to back and is up within about one delay_loop of the start,
#    and so does 8443 over TLS.
#    The state is read from vigilctl status --json.
# 2. nginx stops: both go down.
# 3. nginx starts again: the same as at start, counted from nginx's
#    start: 80 up after three more delay_loops, 8081 and 8443 within one.
# Seconds-scale margins: the windows are [9 s, 12 s] and [0 s, 3 s].
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_nginx.sh"
need_root
PY=$(python3 -c 'import sys; print(sys.executable)')
[ -x "$NGINX" ] || fail "$NGINX not installed (make deps)"
command -v openssl >/dev/null || fail "openssl needed"

ns_create dir
ns_create srv
ns_veth dir eth0 srv eth0
ip -n "$(ns dir)" addr add 192.0.2.100/24 dev eth0
ip -n "$(ns srv)" addr add 192.0.2.1/24 dev eth0
wait_for 5 ns_exec dir ping -c1 -W1 192.0.2.1 || fail "no link"

d=$T_DIR/srv
mkdir -p "$d/html"
chmod 755 "$T_DIR" "$d" "$d/html"
for i in 1 2 3 4; do
	echo "page $i" >"$d/html/$i.html"
	chmod 644 "$d/html/$i.html"
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -days 2 -subj "/CN=srv.example.org" -keyout "$d/srv.key" \
    -out "$d/srv.crt" 2>/dev/null || fail "openssl req"
cat >"$d/nginx.conf" <<EOF
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events {
	worker_connections 64;
}
http {
	log_format t '\$msec \$server_port \$request_uri \$status';
	access_log $d/access.log t;
	client_body_temp_path $d/body;
	proxy_temp_path $d/proxy;
	fastcgi_temp_path $d/fastcgi;
	uwsgi_temp_path $d/uwsgi;
	scgi_temp_path $d/scgi;
	server {
		listen 192.0.2.1:80;
		listen 192.0.2.1:8081;
		listen 192.0.2.1:8443 ssl;
		ssl_certificate $d/srv.crt;
		ssl_certificate_key $d/srv.key;
		root $d/html;
	}
}
EOF
T_NGINX_HOSTS=srv
t_at_exit nginx_cleanup
nginx_start srv

urls=$(for i in 1 2 3 4; do
	printf '            url {\n                path /%s.html\n            }\n' "$i"
done)
cat >"$T_DIR/dir.conf" <<EOF
global_defs {
    router_id dir
}
virtual_server 192.0.2.200 80 {
    delay_loop 3
    lvs_sched rr
    lvs_method NAT
    protocol TCP
    real_server 192.0.2.1 80 {
        HTTP_GET {
            alpha
            connect_timeout 1
            retry 0
$urls
        }
    }
    real_server 192.0.2.1 8081 {
        HTTP_GET {
            alpha
            fast_recovery
            connect_timeout 1
            retry 0
$urls
        }
    }
    real_server 192.0.2.1 8443 {
        SSL_GET {
            alpha
            fast_recovery
            connect_timeout 1
            retry 0
$urls
        }
    }
}
EOF
"$VIGILD" -t -f "$T_DIR/dir.conf" >"$T_DIR/t.out" 2>&1 ||
    fail "vigild -t: $(cat "$T_DIR/t.out")"
! grep -q 'fast_recovery.*not supported' "$T_DIR/t.out" ||
    fail "fast_recovery still reported as not supported: $(cat "$T_DIR/t.out")"
L=$T_DIR/dir.log

now() { date +%s.%N; }

# rs_watch STATE T0 LIMIT: poll vigilctl status --json until the three
# real servers are in STATE (UP or DOWN), at most LIMIT seconds; prints
# "80 SECONDS 8081 SECONDS 8443 SECONDS", each the time from T0 (epoch
# seconds) at which that server was first seen in STATE, "never" if not.
rs_watch() {
	"$PY" - "$VIGILCTL" "$T_DIR/dir.sock" "$1" "$2" "$3" <<'EOF'
import json, subprocess, sys, time
ctl, sock, want, t0, limit = sys.argv[1:6]
t0, limit = float(t0), float(limit)
seen = {}
while time.time() - t0 < limit and len(seen) < 3:
    out = subprocess.run([ctl, "-s", sock, "status", "--json"],
                         capture_output=True, text=True).stdout
    try:
        d = json.loads(out)
    except ValueError:
        d = {}
    for vs in d.get("virtual_servers", []):
        for rs in vs.get("real_servers", []):
            port = rs["name"].rsplit(":", 1)[1]
            if rs["state"] == want and port not in seen:
                seen[port] = time.time() - t0
    time.sleep(0.2)
print("80 %s 8081 %s 8443 %s" % tuple(
    "%.1f" % seen[p] if p in seen else "never"
    for p in ("80", "8081", "8443")))
EOF
}

# check_times WHAT "80 S 8081 S 8443 S": 80 in [7.5, 17], 8081 and 8443
# at most 6.
check_times() {
	set -- "$1" $2
	log "$1: up after $3 s without fast_recovery, $5 s with (SSL_GET: $7 s)"
	case "$3 $5 $7" in *never*)
	    fail "$1: not all up within 20 s (80: $3, 8081: $5, 8443: $7)" ;;
	esac
	awk -v s="$3" 'BEGIN { exit !(s >= 7.5 && s <= 17) }' ||
	    fail "$1: without fast_recovery up after $3 s, not three delay_loops (9-12 s)"
	awk -v s="$5" -v t="$7" 'BEGIN { exit !(s <= 6 && t <= 6) }' ||
	    fail "$1: with fast_recovery up after $5 s (SSL_GET: $7 s), not within about one delay_loop"
}

# paced SINCE: nginx's log from epoch SINCE shows, on port 80, the
# first successful fetch of each url 2.5 s or more after the previous
# url's, and on 8081 and 8443 the four within a second.
paced() {
	awk -v since="$1" '$1 >= since && $4 == 200 {
		u = $3; p = $2
		if (!((p, u) in first)) first[p, u] = $1
	}
	END {
		for (i = 2; i <= 4; i++) {
			a = first[80, "/" (i - 1) ".html"]; b = first[80, "/" i ".html"]
			if (a == "" || b == "" || b - a < 2.5) {
				printf "80: /%d.html at %s, /%d.html at %s\n", i - 1, a, i, b
				exit 1
			}
		}
		split("8081 8443", fast)
		for (k = 1; k <= 2; k++) {
			p = fast[k]
			a = first[p, "/1.html"]; b = first[p, "/4.html"]
			if (a == "" || b == "" || b - a > 1) {
				printf "%d: /1.html at %s, /4.html at %s\n", p, a, b
				exit 1
			}
		}
	}' "$d/access.log"
}

# 1.
t0=$(now)
vigil_start dir "$T_DIR/dir.conf"
times=$(rs_watch UP "$t0" 20)
check_times start "$times"
why=$(paced "$t0") || fail "start: urls not paced as expected: $why"
[ "$(count_log "$L" 'tcp:(8081|8443): url [0-9] of 4')" = 0 ] ||
    fail "fast_recovery paced its urls: $(grep -E 'tcp:(8081|8443): url' "$L")"
[ "$(count_log "$L" 'tcp:80: url [1-3] of 4 \(/[1-3].html\) passed')" = 3 ] ||
    fail "80: not three urls passed before the last: $(grep 'tcp:80: url' "$L")"
wait_log "$L" 'HTTP_GET on service \[192.0.2.1\]:tcp:80 success' 1 ||
    fail "no success line for 80"

# 2.
t1=$(now)
nginx_stop srv
times=$(rs_watch DOWN "$t1" 12)
case $times in *never*) fail "not all down after nginx stopped: $times" ;; esac
log "nginx stopped: down after $times"

# 3.
sleep 1
t2=$(now)
nginx_start srv
times=$(rs_watch UP "$t2" 20)
check_times recovery "$times"
why=$(paced "$t2") || fail "recovery: urls not paced as expected: $why"
[ "$(count_log "$L" 'tcp:80: url [1-3] of 4 \(/[1-3].html\) passed')" = 6 ] ||
    fail "80: not three more urls passed one by one: $(grep 'tcp:80: url' "$L")"
pass
