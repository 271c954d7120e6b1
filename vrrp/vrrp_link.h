/*
 * Interface state from the kernel.
 *
 * Events: a NETLINK_ROUTE socket subscribed to link and IPv4/IPv6 address
 * changes. Put vrrp_link_fd() on the event loop (EV_READ|EV_PERSIST) and
 * call vrrp_link_dispatch() when it is readable: each link message
 * becomes one call of the link callback, each address message one call of
 * the address callback. The kernel sends RTM_NEWLINK for many reasons, so
 * the same state can be reported repeatedly: callers act on changes. If
 * the kernel's queue overflowed, dispatch resynchronises by reporting
 * every link again (addresses are not replayed; it returns 1 then).
 *
 * Lookups: name or index -> index, name, flags, MAC, the primary IPv4
 * address and the first IPv6 link-local address (the VRRP source and
 * tie-break addresses), on a request socket from vrrp_nl_open(). A
 * link-local still in DAD (tentative) is not usable as a source and is
 * not returned: look up again on the address event that clears it.
 */
#ifndef VIGIL_VRRP_LINK_H
#define VIGIL_VRRP_LINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "vrrp/vrrp.h"
#include "vrrp/vrrp_nl.h"

struct vrrp_link;

struct vrrp_link_event {
	unsigned int	ifindex;
	char		name[IF_NAMESIZE];
	unsigned int	flags;		/* IFF_* as the kernel reports them */
	bool		up;		/* IFF_UP: administratively up */
	bool		running;	/* IFF_RUNNING: up and has carrier */
	bool		deleted;	/* the interface is gone */
};

struct vrrp_link_addr_event {
	unsigned int	ifindex;
	struct vrrp_ipaddr addr;
	uint8_t		prefixlen;
	uint32_t	flags;		/* IFA_F_* */
	bool		deleted;
};

typedef void	(*vrrp_link_cb)(const struct vrrp_link_event *, void *);
typedef void	(*vrrp_link_addr_cb)(const struct vrrp_link_addr_event *,
		    void *);

/* Subscribe; addr_cb may be NULL. NULL with errno on failure. */
struct vrrp_link *vrrp_link_open(vrrp_link_cb link_cb,
		    vrrp_link_addr_cb addr_cb, void *arg);
void		 vrrp_link_close(struct vrrp_link *);
int		 vrrp_link_fd(const struct vrrp_link *);
/* vrrp_netlink_monitor_rcv_bufs (msg_conf_global's nl_mon_rcvbuf; 0:
 * vigil's 1 MiB, forced) */
void		 vrrp_link_rcvbuf(struct vrrp_link *, uint32_t);
/* Handle everything queued: 0, 1 after an overflow resync, -1 on error. */
int		 vrrp_link_dispatch(struct vrrp_link *);
/* Report every existing link through the link callback (at start). */
int		 vrrp_link_dump(struct vrrp_link *);

struct vrrp_ifinfo {
	unsigned int	ifindex;
	char		name[IF_NAMESIZE];
	unsigned int	flags;		/* IFF_* */
	uint8_t		mac[6];
	bool		has_mac;
	bool		has_v4;
	struct vrrp_ipaddr v4;		/* first primary IPv4 address */
	bool		has_ll6;
	struct vrrp_ipaddr ll6;		/* first usable IPv6 link-local */
};

/* Look an interface up by name (ifindex 0) or by index (name NULL).
 * 0, or -1 with errno (ENODEV when there is no such interface). */
int	vrrp_link_lookup(struct nl_sock *, const char *name,
	    unsigned int ifindex, struct vrrp_ifinfo *);

#endif
