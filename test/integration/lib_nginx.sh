# The nginx pair of the tutorials on top of lib.sh and lib_vrrp.sh:
# Debian's nginx in h1 and h2, each a private instance (its own config,
# pid file, logs and temp dirs under $T_DIR/HOST/) serving a page that
# names its node, on the node's address and on the VIP (bound before the
# VIP is there: net.ipv4.ip_nonlocal_bind=1 in the node's namespace, as
# the tutorials set it); a client in "c" fetching http://VIP/ in a loop.
# Source it after lib.sh and lib_vrrp.sh:
#
#   vrrp_lan; nginx_node h1 192.0.2.1; nginx_start h1
#   fetch_start ... fetch_stop; fetch_gap_ms; fetch_first h2 T0
#
# The nodes share the host's processes (only the network namespace
# differs): what a tutorial does by name (killall -0 nginx, pidof) is
# done here through the node's own pid file, never by name.

NGINX=${NGINX:-/usr/sbin/nginx}

# nginx_check_script: $T_DIR/chk_nginx.sh PIDFILE, the tutorials'
# "killall -0 nginx" for one node: success while the nginx master named
# in PIDFILE runs (a zombie does not count).
nginx_check_script() {
	cat >"$T_DIR/chk_nginx.sh" <<'EOF'
#!/bin/sh
pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] &&
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nginx ] &&
    ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
EOF
	chmod 755 "$T_DIR/chk_nginx.sh"
}

# nginx_node HOST ADDR [NAME]: HOST's nginx configuration, page and
# directories; with NAME, HOST's nginx runs as $T_DIR/NAME, a symbolic
# link to Debian's nginx, so that its processes have that name (comm).
nginx_node() {
	[ -x "$NGINX" ] || fail "$NGINX not installed (make deps)"
	d=$T_DIR/$1
	mkdir -p "$d/html"
	if [ -n "${3:-}" ]; then
		ln -s "$NGINX" "$T_DIR/$3" || fail "ln -s $NGINX $T_DIR/$3"
		eval "NGINX_BIN_$1=\$T_DIR/\$3"
	fi
	# The workers (user nobody) read the page: $T_DIR is 0700.
	chmod 755 "$T_DIR" "$d" "$d/html"
	echo "$1" >"$d/html/index.html"
	cat >"$d/nginx.conf" <<EOF
# $1's own nginx, nothing shared with the host's or the other node's.
worker_processes 2;
pid $d/nginx.pid;
error_log $d/error.log;
events {
	worker_connections 64;
}
http {
	access_log $d/access.log;
	client_body_temp_path $d/body;
	proxy_temp_path $d/proxy;
	fastcgi_temp_path $d/fastcgi;
	uwsgi_temp_path $d/uwsgi;
	scgi_temp_path $d/scgi;
	server {
		listen $2:80;
		listen $VIP4:80;
		root $d/html;
	}
}
EOF
	ns_exec "$1" sysctl -qw net.ipv4.ip_nonlocal_bind=1 ||
	    fail "$1: net.ipv4.ip_nonlocal_bind"
	[ -n "${T_NGINX_HOSTS:-}" ] || t_at_exit nginx_cleanup
	T_NGINX_HOSTS="${T_NGINX_HOSTS:-} $1"
}

# nginx_cmd HOST: the command that starts HOST's nginx (as a daemon, as
# `systemctl start nginx` does), for the test and for scripts.
nginx_cmd() {
	eval "b=\${NGINX_BIN_$1:-\$NGINX}"
	echo "$b -c $T_DIR/$1/nginx.conf -e $T_DIR/$1/error.log"
}

# nginx_pid HOST: the PID of HOST's running nginx master (from its pid
# file, checked to be nginx started with HOST's configuration), or fail.
nginx_pid() {
	p=$(cat "$T_DIR/$1/nginx.pid" 2>/dev/null) && [ -n "$p" ] || return 1
	[ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$NGINX" ] || return 1
	tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null |
	    grep -Fq -- "-c $T_DIR/$1/nginx.conf" || return 1
	echo "$p"
}

nginx_up() { nginx_pid "$1" >/dev/null; }

# nginx_start HOST: start HOST's nginx in its namespace; NGINX_PID.
nginx_start() {
	ns_exec "$1" $(nginx_cmd "$1") || fail "$1: nginx did not start"
	wait_for 5 nginx_up "$1" || fail "$1: no nginx master"
	NGINX_PID=$(nginx_pid "$1")
	wait_for 5 sh -c "ip netns exec $(ns "$1") ss -Hltn |
	    grep -q ':80 '" || fail "$1: nginx does not listen"
}

# running PID: PID is a process that has not exited (a zombie has: here
# it may wait a while for a slow init to reap it, once nginx has gone
# to the background).
running() {
	[ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# kids PID: its children (fast: no walk of /proc where the kernel says).
kids() {
	cat "/proc/$1/task/$1/children" 2>/dev/null || children_of "$1"
}

# nginx_stop HOST: SIGTERM to HOST's nginx master (fast shutdown, as
# `nginx -s stop`), wait until it and its workers are gone.
nginx_stop() {
	p=$(nginx_pid "$1") || fail "$1: nginx is not running"
	w=$(kids "$p")
	kill -TERM "$p"
	for q in $p $w; do
		wait_for 5 eval "! running $q" ||
		    fail "$1: nginx process $q still running"
	done
}

# At exit: every node's nginx still running (the test's, or one a
# script started), master and workers.
nginx_cleanup() {
	for h in $T_NGINX_HOSTS; do
		p=$(nginx_pid "$h") || continue
		w=$(kids "$p")
		kill -TERM "$p" 2>/dev/null
		wait_for 3 sh -c "! kill -0 $p 2>/dev/null" ||
		    kill -KILL "$p" 2>/dev/null
		for q in $w; do
			[ "$(readlink "/proc/$q/exe" 2>/dev/null)" = "$NGINX" ] &&
			    kill -KILL "$q" 2>/dev/null
		done
	done
	return 0
}

# page HOST: what the client gets from HOST's own address ("" if none).
page_of() {
	case $1 in h1) a=192.0.2.1 ;; h2) a=192.0.2.2 ;; esac
	ns_exec c curl -s -m 2 "http://$a/" 2>/dev/null
}

# fetch_start: the client fetches http://VIP/ about every 50 ms (curl
# with short timeouts), one line per try in $T_DIR/fetch.out:
# "SECONDS ok NODE" or "SECONDS fail".
fetch_start() {
	ip netns exec "$(ns c)" sh -c "while :; do
		t=\$(date +%s.%N)
		if r=\$(curl -s -m 0.5 --connect-timeout 0.3 http://$VIP4/); then
			echo \"\$t ok \$r\"
		else
			echo \"\$t fail\"
		fi
		sleep 0.05
	done" >"$T_DIR/fetch.out" 2>&1 &
	FETCH_PID=$!
	track_pid "$FETCH_PID"
	wait_for 5 grep -q ' ok ' "$T_DIR/fetch.out" ||
	    fail "the client gets no page from the VIP"
}

# fetch_stop: stop the loop (its current curl ends within 0.5 s).
fetch_stop() {
	kill -TERM "$FETCH_PID" 2>/dev/null
	wait "$FETCH_PID" 2>/dev/null
	return 0
}

# fetch_mark: the number of lines so far, to look at what comes after.
fetch_mark() { wc -l <"$T_DIR/fetch.out"; }

# fetch_gap_ms [FROM_LINE]: the longest time between two pages, in ms,
# of those ending after FROM_LINE (from the last page before it on).
fetch_gap_ms() {
	awk -v from="${1:-0}" '$2 == "ok" {
		t = $1 * 1000; if (NR > from && p && t - p > m) m = t - p; p = t }
	    END { printf "%d\n", m }' "$T_DIR/fetch.out"
}

# fetch_first NODE SECONDS: seconds from SECONDS (date +%s.%N) to the
# first page from NODE after it (fails if none).
fetch_first() {
	awk -v n="$1" -v t0="$2" '$1 > t0 && $2 == "ok" && $3 == n {
		printf "%.3f\n", $1 - t0; f = 1; exit } END { exit !f }' \
	    "$T_DIR/fetch.out"
}

# fetch_wait NODE TIMEOUT: until the client gets a page from NODE.
fetch_wait() {
	n=$(fetch_mark)
	wait_for "$2" sh -c "tail -n +$((n + 1)) '$T_DIR/fetch.out' |
	    grep -q ' ok $1\$'"
}

# fetch_count FROM_LINE WHAT: lines after FROM_LINE saying WHAT ("ok
# h1", "fail").
fetch_count() {
	tail -n +$(($1 + 1)) "$T_DIR/fetch.out" | grep -c " $2\$" || true
}

# fetch_summary FROM_LINE: what the client got after FROM_LINE, counted.
fetch_summary() {
	tail -n +$(($1 + 1)) "$T_DIR/fetch.out" | awk '{ print $2, $3 }' |
	    sort | uniq -c | tr -s ' \n' ' '
}

now() { date +%s.%N; }

# since T0: seconds since T0 (date +%s.%N), 3 decimals.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f\n", b - a }'; }

# vigil_stop NAME PID: SIGTERM vigild (it leaves gracefully), wait.
vigil_stop() {
	kill -TERM "$2" 2>/dev/null
	wait_for 5 eval "! running $2" ||
	    fail "vigild in $1 did not stop"
}
