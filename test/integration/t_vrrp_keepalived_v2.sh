#!/bin/sh
# t_vrrp_keepalived with VRRPv2 at advert_int 1 and PASS authentication.
KA_EXTRA="version 2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass vigil
	}" KA_WAIT=6 KA_STATE200=MASTER exec "$(dirname "$0")/t_vrrp_keepalived.sh"
