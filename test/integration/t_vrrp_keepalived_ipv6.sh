#!/bin/sh
# t_vrrp_keepalived over IPv6 (v3, ff02::12, link-local sources, 0.1 s):
# the VIP the tests check and the client pings is 2001:db8::10.
VIP4=2001:db8::10 exec "$(dirname "$0")/t_vrrp_keepalived.sh"
