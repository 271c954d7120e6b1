/* Netlink helpers for the vrrp child: request socket, IPv4 devconf, errors. */
#include "vrrp/vrrp_nl.h"

#include <errno.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet.h>
#include <netlink/socket.h>
#include <net/if.h>
#include <stdio.h>

#include "common/log.h"

struct nl_sock *
vrrp_nl_open(void)
{
	struct nl_sock *sk;
	int err;

	if ((sk = nl_socket_alloc()) == NULL) {
		errno = ENOMEM;
		log_warn("netlink socket");
		return NULL;
	}
	if ((err = nl_connect(sk, NETLINK_ROUTE)) < 0) {
		nl_socket_free(sk);
		log_warnx("netlink connect: %s", nl_geterror(err));
		errno = vrrp_nl_errno(err);
		return NULL;
	}
	return sk;
}

void
vrrp_nl_close(struct nl_sock *sk)
{
	if (sk != NULL)
		nl_socket_free(sk);
}

int
vrrp_nl_devconf4(struct nl_sock *sk, unsigned int ifindex,
    const int (*conf)[2], size_t n, const char *what)
{
	struct rtnl_link *link;
	char name[IF_NAMESIZE];
	size_t i;
	int err = 0;

	if ((link = rtnl_link_alloc()) == NULL)
		err = -NLE_NOMEM;
	else {
		/* Family stays AF_UNSPEC: for a bridge, libnl would send
		 * AF_BRIDGE, whose handler ignores IFLA_AF_SPEC. */
		rtnl_link_set_ifindex(link, (int)ifindex);
		for (i = 0; i < n && err >= 0; i++)
			err = rtnl_link_inet_set_conf(link, conf[i][0],
			    (uint32_t)conf[i][1]);
		if (err >= 0)
			err = rtnl_link_change(sk, link, link, 0);
		rtnl_link_put(link);
	}
	if (err < 0) {
		if (if_indextoname(ifindex, name) == NULL)
			snprintf(name, sizeof(name), "if%u", ifindex);
		log_warnx("%s: %s: %s", name, what, nl_geterror(err));
		errno = vrrp_nl_errno(err);
		return -1;
	}
	return 0;
}

int
vrrp_nl_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_SUCCESS:	return 0;
	case NLE_INTR:		return EINTR;
	case NLE_BAD_SOCK:	return EBADF;
	case NLE_AGAIN:		return EAGAIN;
	case NLE_NOMEM:		return ENOMEM;
	case NLE_EXIST:		return EEXIST;
	case NLE_INVAL:		return EINVAL;
	case NLE_RANGE:		return ERANGE;
	case NLE_MSGSIZE:	return EMSGSIZE;
	case NLE_OPNOTSUPP:	return EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:	return EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:	return ESRCH;
	case NLE_NOATTR:	return ENOENT;
	case NLE_PERM:		return EPERM;
	case NLE_BUSY:		return EBUSY;
	case NLE_NODEV:		return ENODEV;
	case NLE_NOADDR:	return EADDRNOTAVAIL;
	default:		return EIO;
	}
}
