#!/bin/sh
# The LVS director's health checks on this host's kernel (no IPVS here:
# the table itself is checked by t_ipvs_qemu.sh under a real kernel).
# vigild in namespace "dir" (192.0.2.100) checks real servers in "srv"
# (192.0.2.1, .2: TCP listeners; .3: a MISC_CHECK whose exit status is a
# file; .4 added at a reload, without checkers).
# 1. At start every real server is up (no alpha) and added.
# 2. The TCP_CHECK of 192.0.2.1 is configured under two virtual servers:
#    one probe a second reaches it, not two, and one verdict takes it out
#    of both.
# 3. Its listener stops: the check is retried `retry` times,
#    delay_before_retry apart, and only then is the server removed
#    (notify_down runs); the quorum of 2 is lost: quorum_down runs and
#    the sorry server stands in (the other live server leaves the table).
#    vigilctl events reads the checker's verdict and the real server's
#    removal from each virtual server as JSON lines.
# 3b. vigilctl status (text and --json) shows the same as the data dump.
# 4. The listener is back: up within delay_loop, notify_up, quorum_up,
#    the sorry server out, the live server back in.
#    Each change of 192.0.2.1 and of the quorum is mailed (smtp_alert:
#    the real servers' default, on for the virtual server) to a relay in
#    "srv" (smtp_sink.py, 192.0.2.25:2525).
#    lvs_notify_fifo and notify_fifo get keepalived's RS and VS lines
#    for these changes, through their scripts (the FIFO's path last).
# 5. misc_dynamic: exit status 7 gives weight 5 (no notify_up: no
#    transition). SMTP_CHECK (HELO with
#    its helo_name reaches the relay) and DNS_CHECK (an A query for its
#    name reaches dns_responder.py) keep 192.0.2.25 up; NXDOMAIN (at the
#    last reload) takes it down.
# 5b. FILE_CHECK: 192.0.2.5 (weight 10) follows track_file tf
#    (weight 2),
#    192.0.2.6 the same file with weight 0: 3 in the file gives .5
#    weight 16 and takes .6 out; -6 takes .5 out (10 - 12 < 0); 0 (a new
#    file renamed over it) puts both back with their configured weights.
# 6. A reload of the same file changes nothing; a reload that adds a
#    real server adds that one only.
# 7. ha_suspend: the checks of VS 192.0.2.202 (not on the director) do
#    not run until the address is added there.
# 8. At stop the virtual servers are removed.
. "$(dirname "$0")/lib.sh"
need_root
PY=$(python3 -c 'import sys; print(sys.executable)')
HERE=$(cd "$(dirname "$0")" && pwd)

ns_create sw
br_create sw br0
host_add dir sw br0 192.0.2.100/24
host_add srv sw br0 192.0.2.1/24
ip -n "$(ns srv)" addr add 192.0.2.2/24 dev eth0
ip -n "$(ns srv)" addr add 192.0.2.25/24 dev eth0

listener() {	# listener NAME ADDR
	rm -f "$T_DIR/$1.pid"
	daemon_start srv "$T_DIR/$1.stderr" "$PY" "$HERE/tcp_listener.py" \
	    "$2" 80 "$T_DIR/$1"
	eval "PID_$1=\$DAEMON_PID"
	wait_for 5 test -s "$T_DIR/$1.pid" || fail "listener $1 not up"
}
listener rs1 192.0.2.1
listener rs2 192.0.2.2
rm -f "$T_DIR/ha.pid"
daemon_start srv "$T_DIR/ha.stderr" "$PY" "$HERE/tcp_listener.py" \
    192.0.2.2 8080 "$T_DIR/ha"
wait_for 5 test -s "$T_DIR/ha.pid" || fail "listener ha not up"
echo 0 >"$T_DIR/rs3"
# The check child is not root: its file is where it may read and watch.
chmod 711 "$T_DIR"
mkdir -m 755 "$T_DIR/tf.d"
echo 0 >"$T_DIR/tf.d/tf"
daemon_start srv "$T_DIR/sink.stderr" "$PY" "$HERE/smtp_sink.py" \
    192.0.2.25 2525 "$T_DIR/mails"
wait_for 5 test -s "$T_DIR/mails.pid" || fail "smtp sink not up"
daemon_start srv "$T_DIR/dns.stderr" "$PY" "$HERE/dns_responder.py" \
    192.0.2.25 "$T_DIR/dns" 5300:ok 5301:nxdomain
wait_for 5 test -s "$T_DIR/dns.pid" || fail "dns responder not up"

# A FIFO reader: appends what the FIFO (its last argument) gives to $1.
printf '#!/bin/sh\nout=$1\nfor f; do :; done\nexec cat "$f" >>"$out"\n' \
    >"$T_DIR/reader.sh"
chmod 755 "$T_DIR/reader.sh"

write_conf() {	# write_conf [extra real server lines for VS .201]
	cat >"$T_DIR/dir.conf" <<EOF
global_defs {
    router_id dir
    lvs_notify_fifo $T_DIR/lvs.fifo
    lvs_notify_fifo_script "$T_DIR/reader.sh $T_DIR/lvs.lines"
    notify_fifo $T_DIR/all.fifo
    notify_fifo_script "$T_DIR/reader.sh $T_DIR/all.lines"
    notification_email {
        ops@example.org
    }
    notification_email_from vigil@example.org
    smtp_server 192.0.2.25 2525
}
track_file tf {
    file $T_DIR/tf.d/tf
    weight 2
}
virtual_server 192.0.2.200 80 {
    delay_loop 1
    lb_algo wlc
    lb_kind NAT
    protocol TCP
    quorum 2
    smtp_alert
    quorum_up "/bin/sh -c 'echo up >> $T_DIR/quorum'"
    quorum_down "/bin/sh -c 'echo down >> $T_DIR/quorum'"
    sorry_server 192.0.2.99 80
    real_server 192.0.2.1 80 {
        notify_up "/bin/sh -c 'echo up >> $T_DIR/rs1.notify'"
        notify_down "/bin/sh -c 'echo down >> $T_DIR/rs1.notify'"
        TCP_CHECK {
            connect_timeout 1
            retry 2
            delay_before_retry 1
        }
    }
    real_server 192.0.2.2 80 {
        TCP_CHECK {
            connect_timeout 1
            retry 2
            delay_before_retry 1
        }
    }
}
virtual_server 192.0.2.202 8080 {
    delay_loop 1
    protocol TCP
    ha_suspend
    real_server 192.0.2.2 8080 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 192.0.2.201 80 {
    delay_loop 1
    protocol TCP
    real_server 192.0.2.1 80 {
        TCP_CHECK {
            connect_timeout 1
            retry 2
            delay_before_retry 1
        }
    }
    real_server 192.0.2.3 80 {
        notify_up "/bin/sh -c 'echo up >> $T_DIR/rs3.notify'"
        MISC_CHECK {
            misc_path "/bin/sh -c 'exit \$(cat $T_DIR/rs3)'"
            misc_dynamic
        }
    }
    real_server 192.0.2.5 80 {
        weight 10
        FILE_CHECK {
            track_file tf
        }
    }
    real_server 192.0.2.6 80 {
        weight 3
        FILE_CHECK {
            track_file tf
            weight 0
        }
    }
    real_server 192.0.2.25 2525 {
        SMTP_CHECK {
            helo_name probe.example.org
        }
        DNS_CHECK {
            connect_port ${DNS_PORT:-5300}
            type A
            name www.example.org
        }
    }
$1
}
EOF
}
write_conf ""
L=$T_DIR/dir.log
vigil_start dir "$T_DIR/dir.conf" -D

# 1.
for rs in 1 2; do
	for vs in 200 201; do
		[ $rs = 2 ] && [ $vs = 201 ] && continue
		wait_log "$L" "Adding service \[192.0.2.$rs\]:tcp:80 to VS \[192.0.2.$vs\]:tcp:80" 5 ||
		    fail "192.0.2.$rs not added to VS .$vs at start"
	done
done
wait_log "$L" "configuration 1 applied" 5 || fail "configuration not applied"

# 2. Two seconds for the spread first runs, then four of one probe a second.
sleep 2
a=$(wc -l <"$T_DIR/rs1")
sleep 4
n=$(( $(wc -l <"$T_DIR/rs1") - a ))
log "192.0.2.1 was probed $n times in 4 s (delay_loop 1, two virtual servers)"
[ "$n" -ge 3 ] && [ "$n" -le 5 ] ||
    fail "192.0.2.1 probed $n times in 4 s: one probe a second expected"

# 3.
vigil_ctl dir events >"$T_DIR/events" 2>&1 &
track_pid $!
wait_for 3 grep -q '"type":"events"' "$T_DIR/events" || fail "vigilctl events: nothing"
stop_pid "$PID_rs1" 3
wait_log "$L" 'TCP_CHECK on service \[192.0.2.1\]:tcp:80 failed after 2 retries' 8 ||
    fail "192.0.2.1 not found down"
grep -E 'TCP_CHECK on service \[192.0.2.1\]:tcp:80 failed \(.*\), retry (1|2) of 2' "$L" |
    sed 's/.*retry/retry/' >"$T_DIR/retries"
[ "$(tr '\n' ' ' <"$T_DIR/retries")" = "retry 1 of 2 retry 2 of 2 " ] ||
    fail "not retried twice before going down: $(cat "$T_DIR/retries")"
for vs in 200 201; do
	[ "$(count_log "$L" "Removing service \[192.0.2.1\]:tcp:80 from VS \[192.0.2.$vs\]:tcp:80")" = 1 ] ||
	    fail "192.0.2.1 not removed once from VS .$vs"
done
wait_log "$L" 'Lost quorum 2-0=2 > 1 for VS \[192.0.2.200\]:tcp:80' 3 ||
    fail "quorum not lost"
wait_log "$L" 'Adding sorry server to VS \[192.0.2.200\]:tcp:80' 3 ||
    fail "sorry server not added"
wait_for 5 grep -qx down "$T_DIR/quorum" || fail "quorum_down did not run"
wait_for 5 grep -qx down "$T_DIR/rs1.notify" || fail "notify_down did not run"
grep -q '"type":"checker","checker":"TCP_CHECK","service":"\[192.0.2.1\]:tcp:80","result":"down","reason":"' "$T_DIR/events" ||
	fail "vigilctl events: no checker line: $(cat "$T_DIR/events")"
for vs in 200 201; do
	grep -q '"type":"real_server","virtual_server":"\[192.0.2.'$vs'\]:tcp:80","real_server":"\[192.0.2.1\]:tcp:80","state":"down"' "$T_DIR/events" ||
		fail "vigilctl events: no real_server down line for VS .$vs: $(cat "$T_DIR/events")"
done
kill -USR1 "$VIGIL_PID"
D=$(vigil_dump dir data)
wait_for 5 grep -q 'Real Server = \[192.0.2.2\]:tcp:80' "$D" || fail "no data dump"
grep -q 'Real Server = \[192.0.2.2\]:tcp:80, UP, .* not in IPVS' "$D" ||
    fail "the live 192.0.2.2 is still in the table under the sorry server: $(grep 192.0.2.2 "$D")"
grep -q 'Real Server = \[192.0.2.1\]:tcp:80, DOWN' "$D" ||
    fail "192.0.2.1 not DOWN in the dump"
grep -q 'Sorry server = in use' "$D" || fail "sorry server not in use in the dump"
# The same through vigilctl (status --json, status).
vigil_ctl dir status --json | "$PY" -c 'import json, sys
d = json.load(sys.stdin)
vs = {v["name"]: v for v in d["virtual_servers"]}["[192.0.2.200]:tcp:80"]
assert (vs["state"], vs["sorry"], vs["quorum"]) == ("DOWN", "in_use", 2), vs
rs = {r["name"]: r for r in vs["real_servers"]}
assert rs["[192.0.2.1]:tcp:80"]["state"] == "DOWN", rs
assert (rs["[192.0.2.2]:tcp:80"]["state"],
    rs["[192.0.2.2]:tcp:80"]["in_ipvs"]) == ("UP", 0), rs
assert d["checkers"]["attempts"] > d["checkers"]["failures"] > 0, d["checkers"]' ||
	fail "vigilctl status --json: virtual servers"
vigil_ctl dir status | grep -q '^    \[192.0.2.1\]:tcp:80 DOWN weight' ||
	fail "vigilctl status: $(vigil_ctl dir status)"

# 4.
listener rs1 192.0.2.1
wait_log "$L" 'TCP connection to \[192.0.2.1\]:tcp:80 success.' 4 ||
    fail "192.0.2.1 not back up within delay_loop"
wait_log "$L" 'Gained quorum 2\+0=2 <= 2 for VS \[192.0.2.200\]:tcp:80' 3 ||
    fail "quorum not regained"
wait_log "$L" 'Removing sorry server from VS \[192.0.2.200\]:tcp:80' 3 ||
    fail "sorry server not removed"
wait_for 5 grep -qx up "$T_DIR/quorum" || fail "quorum_up did not run"
wait_for 5 grep -qx up "$T_DIR/rs1.notify" || fail "notify_up did not run"

subjects() {
	"$PY" -c 'import json, sys
for l in open(sys.argv[1]):
    print(json.loads(l)["data"].split("Subject: ")[1].split("\n")[0].strip())' \
	    "$T_DIR/mails" 2>/dev/null
}
want="[dir] Realserver [192.0.2.1]:tcp:80 of virtual server [192.0.2.200]:tcp:80 - DOWN
[dir] Realserver [192.0.2.1]:tcp:80 of virtual server [192.0.2.201]:tcp:80 - DOWN
[dir] Virtualserver [192.0.2.200]:tcp:80 - DOWN
[dir] Realserver [192.0.2.1]:tcp:80 of virtual server [192.0.2.200]:tcp:80 - UP
[dir] Realserver [192.0.2.1]:tcp:80 of virtual server [192.0.2.201]:tcp:80 - UP
[dir] Virtualserver [192.0.2.200]:tcp:80 - UP"
wait_for 10 sh -c '[ "$(grep -c . "$0")" -ge 6 ]' "$T_DIR/mails" ||
    fail "6 alerts expected, got: $(subjects)"
[ "$(subjects | sort)" = "$(echo "$want" | sort)" ] ||
    fail "alerts differ: $(subjects)"
want="RS [192.0.2.1]:tcp:80 [192.0.2.200]:tcp:80 DOWN
RS [192.0.2.1]:tcp:80 [192.0.2.201]:tcp:80 DOWN
VS [192.0.2.200]:tcp:80 DOWN
RS [192.0.2.1]:tcp:80 [192.0.2.200]:tcp:80 UP
RS [192.0.2.1]:tcp:80 [192.0.2.201]:tcp:80 UP
VS [192.0.2.200]:tcp:80 UP"
for f in lvs all; do
	wait_for 5 sh -c '[ "$(grep -c . "$0")" -ge 6 ]' "$T_DIR/$f.lines" ||
	    fail "$f FIFO: 6 lines expected, got: $(cat "$T_DIR/$f.lines")"
	[ "$(sort "$T_DIR/$f.lines")" = "$(echo "$want" | sort)" ] ||
	    fail "$f FIFO lines differ: $(cat "$T_DIR/$f.lines")"
done
log "lvs_notify_fifo: $(tr '\n' ';' <"$T_DIR/lvs.lines")"

# 5.
echo 1 >"$T_DIR/rs3"
wait_log "$L" 'Removing service \[192.0.2.3\]:tcp:80 from VS \[192.0.2.201\]:tcp:80' 4 ||
    fail "192.0.2.3 not down on exit status 1"
echo 0 >"$T_DIR/rs3"
wait_for 4 grep -qx up "$T_DIR/rs3.notify" || fail "192.0.2.3's notify_up did not run"
echo 7 >"$T_DIR/rs3"
wait_log "$L" 'Changing weight of service \[192.0.2.3\]:tcp:80 in VS \[192.0.2.201\]:tcp:80 from 1 to 5' 4 ||
    fail "misc_dynamic weight not applied"
sleep 1
[ "$(grep -c . "$T_DIR/rs3.notify")" = 1 ] ||
    fail "a weight change alone ran notify_up: $(cat "$T_DIR/rs3.notify")"

grep -q 'HELO probe.example.org' "$T_DIR/mails.log" ||
    fail "SMTP_CHECK's HELO did not reach the server"
grep -q '^ok peer 192.0.2.100 [0-9]* www.example.org. 1 id' "$T_DIR/dns" ||
    fail "DNS_CHECK's query did not reach the server: $(cat "$T_DIR/dns")"
grep -q 'Removing service \[192.0.2.25\]:tcp:2525' "$L" &&
    fail "192.0.2.25 went down: $(grep 192.0.2.25 "$L" | tail -3)"

# 5b.
for rs in 5 6; do
	grep -q "Adding service \[192.0.2.$rs\]:tcp:80 to VS \[192.0.2.201\]:tcp:80" "$L" ||
	    fail "FILE_CHECK: 192.0.2.$rs not up with 0 in the file"
done
echo 3 >"$T_DIR/tf.d/tf"
wait_log "$L" 'Changing weight of service \[192.0.2.5\]:tcp:80 in VS \[192.0.2.201\]:tcp:80 from 10 to 16' 3 ||
    fail "FILE_CHECK: 3 x 2 not added to 192.0.2.5's weight"
wait_log "$L" 'Removing service \[192.0.2.6\]:tcp:80 from VS \[192.0.2.201\]:tcp:80' 3 ||
    fail "FILE_CHECK weight 0: 3 did not take 192.0.2.6 down"
wait_for 3 grep -q '"type":"checker","checker":"FILE_CHECK","service":"\[192.0.2.6\]:tcp:80","result":"down","reason":"value 3"' "$T_DIR/events" ||
	fail "vigilctl events: no FILE_CHECK line: $(grep FILE_CHECK "$T_DIR/events")"
vigil_ctl dir status | grep -q '^    \[192.0.2.5\]:tcp:80 UP weight 16' ||
	fail "vigilctl status: 192.0.2.5 not at weight 16: $(vigil_ctl dir status)"
echo -6 >"$T_DIR/tf.d/tf"
wait_log "$L" 'Removing service \[192.0.2.5\]:tcp:80 from VS \[192.0.2.201\]:tcp:80' 3 ||
    fail "FILE_CHECK: -6 x 2 did not take 192.0.2.5 down"
echo 0 >"$T_DIR/tf.d/tf.new"	# replaced by rename, as editors do
mv "$T_DIR/tf.d/tf.new" "$T_DIR/tf.d/tf"
wait_for 3 sh -c '[ "$(grep -c "Adding service \[192.0.2.[56]\]:tcp:80" "$0")" = 4 ]' "$L" ||
    fail "FILE_CHECK: 0 did not bring 192.0.2.5 and .6 back"
vigil_ctl dir status | grep -q '^    \[192.0.2.5\]:tcp:80 UP weight 10' ||
	fail "vigilctl status: 192.0.2.5 not back at weight 10: $(vigil_ctl dir status)"

# 6.
marks() { grep -cE 'Adding service|Removing service|Activating|Removing Virtual|Lost quorum|Gained quorum' "$L"; }
before=$(marks)
kill -HUP "$VIGIL_PID"
wait_log "$L" 'configuration 2 applied' 5 || fail "reload not applied"
sleep 2
[ "$(marks)" = "$before" ] ||
    fail "a reload of the same file changed the table: $(grep -E 'Adding service|Removing service' "$L" | tail -3)"
write_conf "    real_server 192.0.2.4 80 {
    }"
kill -HUP "$VIGIL_PID"
wait_log "$L" 'configuration 3 applied' 5 || fail "second reload not applied"
sleep 1
[ "$(marks)" = "$((before + 1))" ] ||
    fail "adding one real server changed more: $(grep -E 'Adding service|Removing service' "$L" | tail -3)"
grep -q 'Adding service \[192.0.2.4\]:tcp:80 to VS \[192.0.2.201\]:tcp:80' "$L" ||
    fail "192.0.2.4 not added"
DNS_PORT=5301 write_conf "    real_server 192.0.2.4 80 {
    }"
kill -HUP "$VIGIL_PID"
wait_log "$L" 'DNS_CHECK on service \[192.0.2.25\]:udp:5301 failed after 3 retries: rcode 3 \(NXDOMAIN\)' 20 ||
    fail "NXDOMAIN did not take 192.0.2.25 down"
wait_log "$L" 'Removing service \[192.0.2.25\]:tcp:2525 from VS \[192.0.2.201\]:tcp:80' 3 ||
    fail "192.0.2.25 not removed"

# 7.
grep -q 'Suspending healthchecker for VS \[192.0.2.202\]:tcp:8080' "$L" ||
    fail "VS .202 not suspended"
[ "$(grep -c . "$T_DIR/ha")" = 0 ] ||
    fail "a suspended virtual server's checks ran"
ip -n "$(ns dir)" addr add 192.0.2.202/32 dev lo
wait_log "$L" 'Resuming healthchecker for VS \[192.0.2.202\]:tcp:8080' 4 ||
    fail "VS .202 not resumed once its address is here"
wait_for 4 grep -q peer "$T_DIR/ha" || fail "resumed checks do not run"

# 8.
stop_pid "$VIGIL_PID" 5
for vs in 200 201; do
	grep -q "Removing Virtual Server \[192.0.2.$vs\]:tcp:80" "$L" ||
	    fail "VS .$vs not removed at stop"
done
pass
