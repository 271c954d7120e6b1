#!/bin/sh
# Without -l, vigild logs to syslog with one ident per process (vigild,
# vigild_vrrp, vigild_check) and the facility of -S. The test plays
# syslogd on /dev/log inside a private mount namespace (a tmpfs over /dev
# there only), so the host's /dev is never touched.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24
OUT=$T_DIR/syslog.out
syslogd_start a "$T_DIR/a.log" "$OUT" "" "$VIGILD" -n -S local3 \
    -f "$T_DIR/vigil.conf" -p "$T_DIR/a.pid" -r "$T_DIR/a.vrrp.pid" \
    -c "$T_DIR/a.check.pid" --control-socket="$T_DIR/a.sock"
wait_for 5 grep -q 'configuration 1 running in every process' "$OUT" ||
	fail "no readiness line in syslog"
P=$(vigil_pid a)
V=$(vigil_pid a vrrp)
C=$(vigil_pid a check)
# <158> = LOG_LOCAL3 (19 * 8) + LOG_INFO (6)
grep -Eq "^<158>.*vigild\[$P\]: core: started vrrp child" "$OUT" ||
	fail "parent: no 'vigild[$P]: core:' line with facility local3"
grep -Eq "^<158>.*vigild_vrrp\[$V\]: vrrp: " "$OUT" ||
	fail "vrrp child: no 'vigild_vrrp[$V]' line"
grep -Eq "^<158>.*vigild_check\[$C\]: check: " "$OUT" ||
	fail "check child: no 'vigild_check[$C]' line"
[ -z "$(other_lines "$T_DIR/a.log")" ] ||
	fail "output on stderr: $(cat "$T_DIR/a.log")"
# Syslog lines only: no IPC message (a child started before its sibling
# once took the syslog socket, fd 4, for the sibling channel).
! grep -aqv '^<[0-9]*>' "$OUT" ||
	fail "not a syslog line: $(grep -av '^<[0-9]*>' "$OUT" | od -c | head -n 2)"
kill -TERM "$P"
wait_for 5 sh -c "! kill -0 $P 2>/dev/null" || fail "did not stop"
pass
