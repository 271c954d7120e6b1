#!/bin/sh
# Hostile adverts injected on the LAN by the client (perl, raw socket),
# all claiming priority 254 for VRID 51: wrong TTL, bad checksum, wrong
# version, truncated, an address count that lies, a wrong interval
# field. Each is dropped and counted by reason, the master (200) keeps
# the VIP, nothing crashes. A well-formed one at 254 then does make the
# master step down: the injector itself works.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

cat >"$T_DIR/inject.pl" <<'EOF2'
use strict;
use Socket;
my ($kind, $ttl) = @ARGV;
my $src = inet_aton("192.0.2.100");
my $dst = inet_aton("224.0.0.18");
my $vip = inet_aton("192.0.2.10");
sub csum {
	my $s = 0;
	my $d = shift;
	$d .= "\0" if length($d) % 2;
	$s += $_ for unpack("n*", $d);
	$s = ($s & 0xffff) + ($s >> 16) while $s >> 16;
	return ~$s & 0xffff;
}
sub advert {
	my ($ver, $naddr, $addrs, $bad) = @_;
	my $m = pack("CCCCnn", ($ver << 4) | 1, 51, 254, $naddr, 10, 0) . $addrs;
	my $c = csum($src . $dst . pack("nn", 112, length($m)) . $m);
	$c ^= 0x5a5a if $bad;
	substr($m, 6, 2) = pack("n", $c);
	return $m;
}
my %pkt = (
	ttl => advert(3, 1, $vip, 0),
	checksum => advert(3, 1, $vip, 1),
	version => advert(2, 1, $vip, 0),
	truncated => substr(advert(3, 1, $vip, 0), 0, 6),
	count => advert(3, 5, $vip, 0),
	good => advert(3, 1, $vip, 0),
);
socket(my $s, PF_INET, SOCK_RAW, 112) or die "socket: $!";
setsockopt($s, 0, 33, pack("i", $ttl)) or die "ttl: $!";
setsockopt($s, 0, 32, $src) or die "mcast if: $!";
for (1 .. 20) {
	send($s, $pkt{$kind}, 0, pack_sockaddr_in(0, $dst)) or die "send: $!";
	select(undef, undef, undef, 0.02);
}
EOF2
inject() { ns_exec c perl "$T_DIR/inject.pl" "$@" || fail "inject $*"; }

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200
vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
V1=$(vigil_pid h1 vrrp)
V2=$(vigil_pid h2 vrrp)
L=$T_DIR/h1.log
inject ttl 64
inject checksum 255
inject version 255
inject truncated 255
inject count 255
for r in ttl checksum version truncated; do
	wait_log "$L" "dropped advert from 192\.0\.2\.100: $r " 2 ||
		fail "h1 did not drop and count the '$r' packets"
	grep -q "dropped advert from 192\.0\.2\.100: $r " "$T_DIR/h2.log" ||
		fail "h2 did not drop and count the '$r' packets"
done
only_on h1 || fail "hostile packets moved the VIP: $(holder)"
[ "$(count_log "$L" 'Entering')" = 2 ] || fail "hostile packets changed h1's state"
grep -q 'Entering MASTER' "$T_DIR/h2.log" && fail "h2 changed state"
alive "$V1" && alive "$V2" || fail "a vrrp process died"
reaches || fail "the client does not reach the VIP"

# Control: the same advert well-formed wins over 200.
inject good 255
wait_log "$L" 'higher priority 254' 2 || fail "a valid advert at 254 was not honoured"
pass
