#!/bin/sh
# test: exclusive
# HTTP_GET and SSL_GET probes (check_http.c through build/tools/probe_http)
# and vigild --genhash, from namespace "cli" (192.0.2.100) to "srv":
# 1. Debian's nginx on 192.0.2.1 (its own configuration in $T_DIR/srv),
#    HTTP on 80 and HTTPS on 443 (self-signed certificates made here),
#    a default server and a.example.org chosen by Host or SNI:
#    good and wrong digests, status codes, several urls (the second
#    failing), virtualhost per check and per url, HTTP/1.1 chunked
#    (SSI pages), the request as keepalived sends it, SNI, a ca, a
#    client certificate with its key under a password.
# 2. Hostile servers (http_hostile.py) on 192.0.2.2: a 10 MiB body, an
#    endless header, no status line, a bad code, a reset mid-body, a
#    server that never answers, TLS answered in plain text, an endless
#    body, an endless chunk size line: each a FAIL saying why, soon, in
#    bounded memory (maximum RSS compared with a small page's); TLS
#    closed without close_notify after a body up to the end: OK, before
#    the end of a Content-Length: FAIL.
# 3. vigild --genhash gives md5sum's digest of the file, over HTTP and TLS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_nginx.sh"
need_root
HERE=$(cd "$(dirname "$0")" && pwd)
PR=${PROBE_HTTP:-$T_ROOT/build/tools/probe_http}
[ -x "$PR" ] || fail "$PR not built (make tools)"
command -v python3 >/dev/null || fail "python3 needed"
command -v openssl >/dev/null || fail "openssl needed"
[ -x /usr/bin/time ] || fail "/usr/bin/time needed (make deps)"

ns_create cli
ns_create srv
ns_veth cli eth0 srv eth0
ip -n "$(ns cli)" addr add 192.0.2.100/24 dev eth0
ip -n "$(ns srv)" addr add 192.0.2.1/24 dev eth0
ip -n "$(ns srv)" addr add 192.0.2.2/24 dev eth0
ip -n "$(ns cli)" addr add 2001:db8::100/64 dev eth0 nodad
ip -n "$(ns srv)" addr add 2001:db8::1/64 dev eth0 nodad
wait_for 5 ns_exec cli ping -c1 -W1 192.0.2.1 || fail "no link"

# --- nginx ---------------------------------------------------------------
d=$T_DIR/srv
mkdir -p "$d/html/ssi" "$d/a"
chmod 755 "$T_DIR" "$d" "$d/html" "$d/html/ssi" "$d/a"
echo "default page" >"$d/html/index.html"
echo "page of a.example.org" >"$d/a/index.html"
echo "second" >"$d/html/second.html"
# An SSI page: nginx drops its length and chunks it for HTTP/1.1.
awk 'BEGIN { for (i = 0; i < 8000; i++) printf "line %d of a chunked page\n", i }' \
    >"$d/html/ssi/big.html"
head -c 10485760 /dev/zero >"$d/html/big.bin"
chmod 644 "$d/html/index.html" "$d/a/index.html" "$d/html/second.html" \
    "$d/html/ssi/big.html" "$d/html/big.bin"
for n in default a; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -days 2 -subj "/CN=$n.example.org" -keyout "$d/$n.key" \
	    -out "$d/$n.crt" 2>/dev/null || fail "openssl req"
done
# A client certificate with its key under a password, for the SSL
# block's certificate, key and password (nginx verifies it on 8443).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -days 2 -subj "/CN=client" -passout pass:secret -keyout "$d/client.key" \
    -out "$d/client.crt" 2>/dev/null || fail "openssl req (client)"
grep -q ENCRYPTED "$d/client.key" || fail "the client key is not encrypted"
sni_loc='location = /sni { return 200 "sni=$ssl_server_name\n"; }'
cat >"$d/nginx.conf" <<CONF
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events {
	worker_connections 64;
}
http {
	log_format host '\$remote_addr "\$request" \$status "\$http_host" '
	    '"\$http_user_agent"';
	access_log $d/access.log host;
	client_body_temp_path $d/body;
	proxy_temp_path $d/proxy;
	fastcgi_temp_path $d/fastcgi;
	uwsgi_temp_path $d/uwsgi;
	scgi_temp_path $d/scgi;
	default_type text/html;
	server {
		listen 192.0.2.1:80 default_server;
		listen [2001:db8::1]:8080 default_server;
		listen 192.0.2.1:443 ssl default_server;
		ssl_certificate $d/default.crt;
		ssl_certificate_key $d/default.key;
		root $d/html;
		location /ssi/ { ssi on; }
		location = /503 { return 503; }
		$sni_loc
	}
	server {
		listen 192.0.2.1:8443 ssl;
		ssl_certificate $d/default.crt;
		ssl_certificate_key $d/default.key;
		ssl_client_certificate $d/client.crt;
		ssl_verify_client on;
		root $d/html;
	}
	server {
		listen 192.0.2.1:80;
		listen 192.0.2.1:443 ssl;
		server_name a.example.org;
		ssl_certificate $d/a.crt;
		ssl_certificate_key $d/a.key;
		root $d/a;
		$sni_loc
	}
}
CONF
T_NGINX_HOSTS=srv
t_at_exit nginx_cleanup
nginx_start srv

md5() { md5sum | cut -d' ' -f1; }
M_INDEX=$(md5 <"$d/html/index.html")
M_A=$(md5 <"$d/a/index.html")
M_BIG=$(md5 <"$d/html/ssi/big.html")
M_SNI_A=$(printf 'sni=a.example.org\n' | md5)
M_SNI_NONE=$(printf 'sni=\n' | md5)
M_10M=$(head -c 10485760 /dev/zero | md5)
ZERO=00000000000000000000000000000000

# probe ARGS...: run probe_http in cli; OUT (its line), RC, MS (elapsed)
# and RSS (its maximum resident set, KiB). PROBE_HTTP may name one built
# with sanitizers: a report fails the test.
probe() {
	t0=$(date +%s%N)
	ns_exec cli /usr/bin/time -f '%M' -o "$T_DIR/rss" "$PR" "$@" \
	    >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	MS=$(( ($(date +%s%N) - t0) / 1000000 ))
	OUT=$(cat "$T_DIR/out")
	RSS=$(tail -n 1 "$T_DIR/rss")
	! grep -q 'Sanitizer\|runtime error' "$T_DIR/err" ||
	    fail "probe_http $*: $(cat "$T_DIR/err")"
}

# ok ARGS...: the probe succeeds.
ok() {
	probe "$@"
	[ "$RC" = 0 ] && [ "$OUT" = OK ] ||
	    fail "probe_http $*: want OK, got rc $RC: $OUT $(cat "$T_DIR/err")"
	log "OK   $*"
}

# ko TEXT ARGS...: the probe fails, its line containing TEXT.
ko() {
	want=$1; shift
	probe "$@"
	[ "$RC" = 1 ] || fail "probe_http $*: want FAIL, got rc $RC: $OUT"
	case $OUT in
	"FAIL: "*"$want"*) ;;
	*) fail "probe_http $*: want FAIL with '$want', got: $OUT" ;;
	esac
	log "FAIL $* -> ${OUT#FAIL: } (${MS} ms)"
}

W=192.0.2.1
# --- 1. nginx over HTTP ---------------------------------------------------
ok http $W 80 2000 -u /index.html -d "$M_INDEX"
BASE_RSS=$RSS BASE_HTTP_RSS=$RSS
ko "url 1 (/index.html): MD5 digest error, expecting MD5SUM [$ZERO] but received [$M_INDEX]" \
    http $W 80 2000 -u /index.html -d $ZERO
# A long path is cut so that the two digests fit in the result.
ko "url 1 (/index.html?aaaaaaaaaaaa...): MD5 digest error, expecting MD5SUM [$ZERO] but received [$M_INDEX]" \
    http $W 80 2000 -u /index.html?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa -d $ZERO
ok http $W 80 2000 -u /index.html
ko "url 1 (/missing.html): HTTP status code error, status_code [404]" \
    http $W 80 2000 -u /missing.html
ok http $W 80 2000 -u /missing.html -c 404
ko "status_code [200]" http $W 80 2000 -u /index.html -c 300-599
ko "url 1 (/503): HTTP status code error, status_code [503]" \
    http $W 80 2000 -u /503
ok http $W 80 2000 -u /503 -c 200-299,503
# IPv6, a port other than 80: "Host: [2001:db8::1]:8080" as logged.
ok http 2001:db8::1 8080 2000 -u /index.html?v6 -d "$M_INDEX"
grep -Fq '"GET /index.html?v6 HTTP/1.0" 200 "[2001:db8::1]:8080" "KeepAliveClient"' \
    "$d/access.log" || fail "no IPv6 request with its Host in nginx's log"
# Several urls: all must pass; the second fails.
ok http $W 80 2000 -u /index.html -d "$M_INDEX" -u /second.html
ko "url 2 (/missing.html): HTTP status code error, status_code [404]" \
    http $W 80 2000 -u /index.html -d "$M_INDEX" -u /missing.html
ko "url 2 (/second.html): MD5 digest error" \
    http $W 80 2000 -u /index.html -u /second.html -d "$M_INDEX"
# Virtual hosts: the check's, a url's own over the check's.
ok http $W 80 2000 -V a.example.org -u /index.html -d "$M_A"
ko "received [$M_INDEX]" http $W 80 2000 -u /index.html -d "$M_A"
ok http $W 80 2000 -V other.example.org -u /index.html -d "$M_INDEX" \
    -u /index.html -d "$M_A" -v a.example.org
# HTTP/1.1: nginx chunks the SSI page (checked with curl first).
ns_exec cli curl -s --http1.1 -D - -o /dev/null "http://$W/ssi/big.html" |
    grep -qi '^transfer-encoding: chunked' ||
    fail "nginx does not chunk /ssi/big.html: the test proves nothing"
ok http $W 80 3000 -P 1.1 -u /ssi/big.html -d "$M_BIG"
ko "MD5 digest error" http $W 80 3000 -P 1.1 -u /ssi/big.html -d "$M_INDEX"
ok http $W 80 3000 -P 1.0 -u /ssi/big.html -d "$M_BIG"
ok http $W 80 3000 -P 1.0C -u /index.html -d "$M_INDEX"
# regex (PCRE2) matched while the body streams: the chunked page's last
# line (its $ at the body's end), over HTTP/1.1 and TLS; regex_no_match,
# caseless, regex_min_offset and regex_max_offset ("page" is at 8).
ok http $W 80 3000 -P 1.1 -u /ssi/big.html -r 'line 7999 of a [a-z]+ page$'
ko "url 1 (/ssi/big.html): Regex match failed" \
    http $W 80 3000 -P 1.1 -u /ssi/big.html -r 'line 8000 of'
ok ssl $W 443 3000 -P 1.1 -u /ssi/big.html -r 'line 4321 of' -d "$M_BIG"
ko "Regex match failed" http $W 80 2000 -u /index.html -r 'default' -N
ok http $W 80 2000 -u /index.html -r 'nothing' -N
ok http $W 80 2000 -u /index.html -r 'DEFAULT' -i
ko "Regex match failed" http $W 80 2000 -u /index.html -r 'DEFAULT'
ko "Regex match failed" http $W 80 2000 -u /index.html -r 'page' -m 9
ok http $W 80 2000 -u /index.html -r 'page' -m 8 -M 8
ko "Regex match failed" http $W 80 2000 -u /index.html -r 'page' -M 7
# The requests as nginx logged them: version and keepalived's agent.
grep -q '"GET /ssi/big.html HTTP/1.1" 200 .*"KeepAliveClient"' \
    "$d/access.log" || fail "no HTTP/1.1 request in nginx's log"
grep -q '"GET /index.html HTTP/1.0" 200 .*"KeepAliveClient"' \
    "$d/access.log" || fail "no HTTP/1.0 request in nginx's log"
# Host: the address without ":80", the virtualhost.
grep -Fq '"GET /index.html HTTP/1.0" 200 "192.0.2.1" "KeepAliveClient"' \
    "$d/access.log" || fail "no request with Host 192.0.2.1 in nginx's log"
grep -Fq '"GET /index.html HTTP/1.0" 200 "a.example.org" "KeepAliveClient"' \
    "$d/access.log" || fail "no request with Host a.example.org in nginx's log"

# --- 1b. nginx over TLS -------------------------------------------------
ok ssl $W 443 2000 -u /index.html -d "$M_INDEX"
BASE_TLS_RSS=$RSS
ko "MD5 digest error" ssl $W 443 2000 -u /index.html -d $ZERO
ko "status_code [404]" ssl $W 443 2000 -u /missing.html
# SNI: nginx sees the name only with -I (enable_sni), and picks a's server.
ok ssl $W 443 2000 -I -V a.example.org -u /sni -d "$M_SNI_A"
ok ssl $W 443 2000 -V a.example.org -u /sni -d "$M_SNI_NONE"
ok ssl $W 443 2000 -I -u /index.html -d "$M_A" -v a.example.org
# A ca: a's certificate verifies a's server, not the default one.
ok ssl $W 443 2000 -C "$d/a.crt" -I -V a.example.org -u /index.html -d "$M_A"
ko "TLS handshake failed: " ssl $W 443 2000 -C "$d/a.crt" -u /index.html
case $OUT in *"certificate verify failed"*) ;;
*) fail "a wrong ca: $OUT" ;; esac
# The SSL block's certificate, key and password: nginx wants them on 8443.
ko "status_code [400]" ssl $W 8443 2000 -u /index.html
ok ssl $W 8443 2000 -E "$d/client.crt" -Y "$d/client.key" -W secret \
    -u /index.html -d "$M_INDEX"
probe ssl $W 8443 2000 -E "$d/client.crt" -Y "$d/client.key" -W wrong \
    -u /index.html
[ "$RC" = 2 ] && grep -q "cannot load key" "$T_DIR/err" ||
    fail "a wrong key password: rc $RC, $OUT $(cat "$T_DIR/err")"
log "a wrong key password: $(cat "$T_DIR/err")"
# HTTP/1.1 chunked over TLS.
ok ssl $W 443 3000 -P 1.1 -u /ssi/big.html -d "$M_BIG"
# 10 MiB through TLS, hashed as it comes (bounded() is defined below).
ok ssl $W 443 5000 -u /big.bin -d "$M_10M"
TLS_BIG_RSS=$RSS

# --- 2. hostile servers ---------------------------------------------------
daemon_start srv "$T_DIR/hostile.log" python3 "$HERE/http_hostile.py" \
    192.0.2.2 "$T_DIR/hostile.pid" "$d/default.crt" "$d/default.key"
wait_for 5 test -s "$T_DIR/hostile.pid" || fail "http_hostile.py did not start"
H=192.0.2.2
# The RSS of a probe that read a 10 MiB body, or one for a second, may
# not exceed that of a small page's by more than 4 MiB (a sanitizer's
# allocator takes some: without, it is about the same).
bounded() {
	[ "$RSS" -le $((BASE_RSS + 4096)) ] ||
	    fail "$1: maximum RSS $RSS KiB, a small page's $BASE_RSS KiB"
	log "     $1: maximum RSS $RSS KiB (a small page's $BASE_RSS KiB)"
}
ok http $H 8001 5000 -u /big -d "$M_10M"
bounded "10 MiB body"
RSS=$TLS_BIG_RSS BASE_RSS=$BASE_TLS_RSS
bounded "10 MiB body over TLS"
BASE_RSS=$BASE_HTTP_RSS
ko "MD5 digest error" http $H 8001 5000 -u /big -d $ZERO
# A regex over 10 MiB: read through in bounded memory when it never
# matches; decided without reading on once it matches, or once
# regex_max_offset is passed.
ko "Regex match failed" http $H 8001 5000 -u /big -r 'x'
bounded "10 MiB body through a regex"
ok http $H 8001 5000 -u /big -r '^\x00{100}'
[ "$MS" -lt 1000 ] || fail "a regex matched at once: $MS ms (read on?)"
ko "Regex match failed" http $H 8001 5000 -u /big -r 'x' -M 100
[ "$MS" -lt 1000 ] || fail "past regex_max_offset: $MS ms (read on?)"
ok http $H 8001 5000 -u /big
[ "$MS" -lt 1000 ] || fail "10 MiB body without digest: $MS ms (read?)"
ko "header too long" http $H 8002 3000 -u /
[ "$MS" -lt 1500 ] || fail "an endless header took $MS ms"
bounded "endless header"
ko "invalid status line" http $H 8003 3000 -u /
ko "invalid status code 999" http $H 8004 3000 -u /
ko "read error: Connection reset by peer" http $H 8005 3000 -u / -d $ZERO
ko "timeout after 500 ms waiting for the answer" http $H 8006 500 -u /
[ "$MS" -ge 450 ] && [ "$MS" -lt 1500 ] ||
    fail "a silent server: $MS ms for a 500 ms timeout"
ko "TLS handshake failed" ssl $H 8007 3000 -u /
ok http $H 8008 3000 -u /
ko "timeout after 1000 ms in the body" http $H 8008 1000 -u / -d $ZERO
bounded "endless body"
ko "no data received" http $H 8009 3000 -u /
ko "chunk size line too long" http $H 8010 3000 -P 1.1 -u / -d $ZERO
ko "connect: Connection refused" http $H 9 3000 -u /
# TLS ended without close_notify after a body that runs to the end (as
# many servers do): the body is complete (OpenSSL 3 calls it an error).
ok ssl $H 8011 3000 -u / -d "$(printf 'body up to the end\n' | md5)"
ko "connection closed after 5 of 100 body bytes" ssl $H 8011 3000 -u /short \
    -d $ZERO
# Cancelled while connected and silent, in a TLS handshake, in a body
# being hashed: done never comes (no OK or FAIL line), nothing leaks
# (with PROBE_HTTP built with sanitizers).
for a in "http $H 8006" "ssl $H 8006" "http $H 8008"; do
	probe $a 5000 -u / -d $ZERO -K 300
	[ "$OUT" = CANCELLED ] && [ "$MS" -lt 2000 ] ||
	    fail "probe_http $a -K 300: $OUT ($MS ms)"
	log "CANCELLED $a after 300 ms"
done

# --- 3. vigild --genhash --------------------------------------------------
gh() {
	ns_exec cli "$VIGILD" --genhash "$@" >"$T_DIR/gh" 2>&1 ||
	    fail "vigild --genhash $*: $(cat "$T_DIR/gh")"
	GH=$(cat "$T_DIR/gh")
}
gh -s $W -p 80 -u /index.html
[ "$GH" = "MD5SUM = $M_INDEX" ] || fail "genhash: '$GH', md5sum: $M_INDEX"
# -v: the request, the header, the body, then the same last line.
gh -v -s $W -u /index.html
grep -q '^GET /index.html HTTP/1.0' "$T_DIR/gh" &&
    grep -q '^HTTP/1.1 200 OK$' "$T_DIR/gh" &&
    grep -q '^default page$' "$T_DIR/gh" &&
    [ "$(tail -n 1 "$T_DIR/gh")" = "MD5SUM = $M_INDEX" ] ||
    fail "genhash -v: $GH"
gh -S -s $W -p 443 -u /index.html
[ "$GH" = "MD5SUM = $M_INDEX" ] || fail "genhash -S: '$GH', md5sum: $M_INDEX"
gh -S -I -V a.example.org -s $W -u /index.html
[ "$GH" = "MD5SUM = $M_A" ] || fail "genhash -S -I -V: '$GH', md5sum: $M_A"
gh -P 1.1 -s $W -u /ssi/big.html
[ "$GH" = "MD5SUM = $M_BIG" ] || fail "genhash -P 1.1: '$GH', md5sum: $M_BIG"
ns_exec cli "$VIGILD" --genhash -s $H -p 8006 -t 1 -u / >"$T_DIR/gh" 2>&1 &&
    fail "genhash of a silent server succeeded"
grep -q "timeout" "$T_DIR/gh" || fail "genhash timeout: $(cat "$T_DIR/gh")"
log "genhash: $GH"
pass
