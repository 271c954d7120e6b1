/*
 * Netlink helpers shared by the vrrp child's kernel-facing modules
 * (vrrp_addr, vrrp_link, vrrp_vmac): a NETLINK_ROUTE request socket and
 * libnl error codes mapped onto errno.
 */
#ifndef VIGIL_VRRP_NL_H
#define VIGIL_VRRP_NL_H

#include <netinet/in.h>

struct nl_sock;

/* An IPv4 or IPv6 address, network byte order; the family travels beside. */
union vrrp_ip {
	struct in_addr	v4;
	struct in6_addr	v6;
};

/*
 * A connected, blocking NETLINK_ROUTE socket for requests (add/remove
 * addresses, routes, links; dumps). Requests wait for the kernel's ack.
 * Returns NULL with errno set and a warning logged.
 */
struct nl_sock	*vrrp_nl_open(void);
void		 vrrp_nl_close(struct nl_sock *);

/* Map a libnl error (negative NLE_*) to an errno value. */
int		 vrrp_nl_errno(int nlerr);

/* Format an address of family af; buf must hold INET6_ADDRSTRLEN. */
const char	*vrrp_ip_ntop(int af, const union vrrp_ip *, char *buf);

#endif
