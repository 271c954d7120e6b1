/*
 * use_ipvlan: an ipvlan interface in mode L2 on the instance's interface
 * (it shares that interface's MAC), carrying the instance's address
 * given with use_ipvlan, its adverts and its VIPs of the instance's
 * family on that interface, as keepalived does.
 */
#ifndef VIGIL_VRRP_IPVLAN_H
#define VIGIL_VRRP_IPVLAN_H

#include "vrrp/vrrp_nl.h"

/* Create (or adopt an ipvlan of that name on base) and bring it up;
 * *ifindex gets its index. 0, or -1 with errno. */
int	vrrp_ipvlan_create(struct nl_sock *, unsigned int base_ifindex,
	    const char *name, unsigned int *ifindex);

#endif
