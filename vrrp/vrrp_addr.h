/*
 * Virtual IP addresses and virtual routes, through libnl-route
 * (rtnl_addr, rtnl_route) on a request socket from vrrp_nl_open().
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

/* One virtual_routes entry: "[src addr] [to] dst/len [via gw] dev ifname
 * [table n] [metric n]". */
struct vrrp_vroute {
	struct vrrp_ipaddr dst;
	uint8_t		dst_len;
	bool		has_gw;
	struct vrrp_ipaddr gw;		/* same family as dst */
	bool		has_src;
	struct vrrp_ipaddr src;		/* preferred source */
	unsigned int	ifindex;
	uint32_t	table;		/* 0: main */
	uint32_t	metric;
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

/* Add (replacing a route to the same destination) / remove a route;
 * routes carry protocol RTPROT_KEEPALIVED, as keepalived's do. */
int	vrrp_route_add(struct nl_sock *, const struct vrrp_vroute *);
int	vrrp_route_del(struct nl_sock *, const struct vrrp_vroute *);

#endif
