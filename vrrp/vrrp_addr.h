/*
 * Virtual IP addresses through libnl-route (rtnl_addr) on a request
 * socket from vrrp_nl_open(); routes and rules: common/nlroute.h.
 *
 * Every operation is idempotent: adding an address or route that is
 * already there, or removing one that is not, succeeds. Failures return -1
 * with errno set and a warning naming the interface and the address.
 */
#ifndef VIGIL_VRRP_ADDR_H
#define VIGIL_VRRP_ADDR_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp/vrrp.h"
#include "vrrp/vrrp_nl.h"
#include "common/nlroute.h"

/* One virtual_ipaddress entry. */
struct vrrp_vip {
	struct vrrp_ipaddr addr;	/* IPv4 or IPv6 */
	uint8_t		prefixlen;	/* 0: /32 or /128 (keepalived) */
	unsigned int	ifindex;
	char		label[IF_NAMESIZE];	/* IPv4 only; "" for none */
	uint8_t		scope;		/* RT_SCOPE_*, 0 = universe */
	bool		has_brd;	/* IPv4 broadcast given */
	struct in_addr	brd;
};

/* Add (IPv6 with IFA_F_NODAD) / remove one VIP. */
int	vrrp_addr_add(struct nl_sock *, const struct vrrp_vip *);
int	vrrp_addr_del(struct nl_sock *, const struct vrrp_vip *);

/*
 * For each of the n VIPs, set present[i] to whether that address (address
 * and interface; prefix length ignored) is on its interface now.
 * Used at start to remove VIPs left by an earlier crash.
 */
int	vrrp_addr_present(struct nl_sock *, const struct vrrp_vip *vips,
	    size_t n, bool *present);

/*
 * Set promote_secondaries on the interface (as keepalived does where it
 * adds VIPs): removing a VIP that is the primary address of its subnet
 * then promotes the next address instead of deleting them all.
 */
int	vrrp_addr_promote_secondaries(struct nl_sock *, unsigned int ifindex);

#endif
