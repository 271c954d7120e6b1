/* Netlink helpers for the vrrp child: request socket and error mapping. */
#include "vrrp/vrrp_nl.h"

#include <errno.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

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
