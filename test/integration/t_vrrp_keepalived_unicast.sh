#!/bin/sh
# t_vrrp_keepalived over unicast (unicast_src_ip, unicast_peer), v3 0.1 s.
KA_UNICAST=1 exec "$(dirname "$0")/t_vrrp_keepalived.sh"
