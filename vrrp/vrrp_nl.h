/*
 * Netlink helpers shared by the vrrp child's kernel-facing modules
 * (vrrp_addr, vrrp_link, vrrp_vmac): a NETLINK_ROUTE request socket and
 * libnl error codes mapped onto errno.
 */
#ifndef VIGIL_VRRP_NL_H
#define VIGIL_VRRP_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl_sock;

/*
 * A connected, blocking NETLINK_ROUTE socket for requests (add/remove
 * addresses, routes, links; dumps). Requests wait for the kernel's ack.
 * Returns NULL with errno set and a warning logged.
 */
struct nl_sock	*vrrp_nl_open(void);
void		 vrrp_nl_close(struct nl_sock *);

/*
 * Set IPv4 per-interface settings (what /proc/sys/net/ipv4/conf/IF/ shows)
 * over netlink: n pairs of (IPV4_DEVCONF_*, value). what names them in the
 * warning on failure. 0, or -1 with errno.
 */
int		 vrrp_nl_devconf4(struct nl_sock *, unsigned int ifindex,
		    const int (*conf)[2], size_t n, const char *what);

/*
 * Receive buffer of fd (vrrp_rcvbuf.c): v as msg_conf_global carries it
 * (bytes, IPC_RCVBUF_FORCE for SO_RCVBUFFORCE); v 0: dflt bytes, forced
 * if dflt_force. what names the socket in warnings.
 */
void		 vrrp_rcvbuf_set(int fd, uint32_t v, int dflt, bool dflt_force,
		    const char *what);

/* Map a libnl error (negative NLE_*) to an errno value. */
int		 vrrp_nl_errno(int nlerr);

#endif
