#!/bin/sh
# Install what vigil's build and tests need.
#   --install           install every missing package (apt-get; dnf hint)
#   --check-or-install  as root: install what is missing; otherwise only report
set -eu

# Debian/Ubuntu packages: build, unit tests, fuzzing, integration peers;
# the qemu guest of the IPVS tests (test/qemu/run.sh downloads its kernel
# package itself, without installing it); the package test (make deb with
# debhelper, systemd-analyze verify of the unit, man for its
# Documentation=, rpmspec -P of the RPM spec); nft for the switch filter of
# t_vrrp_splitbrain; FRR's bfdd and keepalived as BFD neighbours; net-snmp
# (snmpd as the AgentX master, snmpwalk, snmptrapd, the agent library) for
# the SNMP subagent.
DEB_PKGS="gcc make pkg-config clang libclang-rt-14-dev libevent-dev libnl-3-dev
libnl-route-3-dev libnl-genl-3-dev libcap-ng-dev libssl-dev libcmocka-dev
libnftnl-dev libmnl-dev nftables
iproute2 iputils-ping libcap2-bin keepalived tshark mandoc procps psmisc
python3 util-linux time nginx curl openssl
qemu-system-x86 busybox-static ipvsadm kmod cpio libjansson-dev
python3-prometheus-client debhelper dpkg-dev systemd man-db rpm libpcre2-dev
frr snmpd snmptrapd snmp libsnmp-dev"
RPM_PKGS="gcc make pkgconf clang compiler-rt libevent-devel libnl3-devel
libcap-ng-devel openssl-devel libcmocka-devel libnftnl-devel libmnl-devel nftables
iproute iputils libcap keepalived
wireshark-cli mandoc procps-ng nginx curl openssl jansson-devel
python3-prometheus_client pcre2-devel frr net-snmp net-snmp-utils net-snmp-devel"

# One dpkg-query for all (it names the installed ones; `make demo` and
# `make check` run this first).
missing_deb() {
	dpkg-query -W -f='${Package} ${Status}\n' $DEB_PKGS 2>/dev/null |
	    awk -v want="$DEB_PKGS" '/ install ok installed$/ { ok[$1] = 1 }
	    END { n = split(want, w); for (i = 1; i <= n; i++) if (!(w[i] in ok)) print w[i] }'
}

install_deb() {
	pkgs=$(missing_deb | tr '\n' ' ')
	[ -z "$pkgs" ] && return 0
	echo "deps: installing $pkgs"
	export DEBIAN_FRONTEND=noninteractive
	# tshark asks whether non-root users may capture: answer no.
	echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
	# The keepalived, nginx, frr and net-snmp packages start their
	# services; vigil's tests run their own instances, in namespaces
	# (nginx: a private config per node).
	# Only a service this run installed is stopped and disabled: one
	# that was there before is the machine's own business.
	for s in keepalived nginx frr snmpd snmptrapd; do
		case " $pkgs " in *" $s "*) ;; *) continue ;; esac
		if command -v systemctl >/dev/null 2>&1 &&
		    [ -d /run/systemd/system ]; then
			systemctl disable --now "$s" >/dev/null 2>&1 || true
		elif [ -x "/etc/init.d/$s" ]; then
			"/etc/init.d/$s" stop >/dev/null 2>&1 || true
			update-rc.d "$s" disable >/dev/null 2>&1 || true
		fi
	done
}

if command -v dpkg-query >/dev/null 2>&1; then
	case "${1:-}" in
	--install)
		[ "$(id -u)" = 0 ] || { echo "deps: run as root (sudo make deps)" >&2; exit 1; }
		install_deb ;;
	--check-or-install)
		m=$(missing_deb | tr '\n' ' ')
		[ -z "$m" ] && exit 0
		if [ "$(id -u)" = 0 ]; then install_deb
		else echo "deps: missing: $m (run: sudo make deps)" >&2; exit 1; fi ;;
	*) echo "usage: $0 --install|--check-or-install" >&2; exit 2 ;;
	esac
elif command -v dnf >/dev/null 2>&1; then
	echo "deps: on Fedora/RHEL run: dnf install -y" $RPM_PKGS
	[ "${1:-}" = --check-or-install ] && exit 0
	exit 1
else
	echo "deps: unknown system; need: $DEB_PKGS" >&2
	exit 1
fi
