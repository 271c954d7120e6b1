/* Link and address events from rtnetlink, and interface lookups. */
#include "vrrp/vrrp_link.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/log.h"
#include "common/util.h"
#include "vrrp/vrrp_nl.h"

#define VRRP_LINK_RCVBUF	(1024 * 1024)

struct vrrp_link {
	struct nl_sock		*sk;
	struct nl_cb		*cb;
	vrrp_link_cb		 link_cb;
	vrrp_link_addr_cb	 addr_cb;
	void			*arg;
};

static void
vrrp_link_on_link(struct vrrp_link *l, struct nlmsghdr *h)
{
	struct vrrp_link_event ev;
	struct ifinfomsg *ifi;
	struct nlattr *name;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return;
	ifi = nlmsg_data(h);
	if (ifi->ifi_family == AF_BRIDGE)	/* bridge port notices */
		return;
	memset(&ev, 0, sizeof(ev));
	ev.ifindex = (unsigned int)ifi->ifi_index;
	ev.flags = ifi->ifi_flags;
	ev.up = (ifi->ifi_flags & IFF_UP) != 0;
	ev.running = (ifi->ifi_flags & IFF_RUNNING) != 0;
	ev.deleted = h->nlmsg_type == RTM_DELLINK;
	name = nlmsg_find_attr(h, sizeof(*ifi), IFLA_IFNAME);
	if (name != NULL)
		nla_strlcpy(ev.name, name, sizeof(ev.name));
	l->link_cb(&ev, l->arg);
}

static void
vrrp_link_on_addr(struct vrrp_link *l, struct nlmsghdr *h)
{
	struct vrrp_link_addr_event ev;
	struct ifaddrmsg *ifa;
	struct nlattr *a, *flags;
	size_t alen;

	if (l->addr_cb == NULL || h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return;
	ifa = nlmsg_data(h);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return;
	alen = ifa->ifa_family == AF_INET ? 4 : 16;
	/* IFA_LOCAL is the address itself (IFA_ADDRESS is a peer's on p2p). */
	if ((a = nlmsg_find_attr(h, sizeof(*ifa), IFA_LOCAL)) == NULL)
		a = nlmsg_find_attr(h, sizeof(*ifa), IFA_ADDRESS);
	if (a == NULL || (size_t)nla_len(a) != alen)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.ifindex = ifa->ifa_index;
	ev.addr.family = ifa->ifa_family;
	memcpy(&ev.addr.u, nla_data(a), alen);
	ev.prefixlen = ifa->ifa_prefixlen;
	ev.flags = ifa->ifa_flags;
	if ((flags = nlmsg_find_attr(h, sizeof(*ifa), IFA_FLAGS)) != NULL &&
	    nla_len(flags) == sizeof(uint32_t))
		ev.flags = nla_get_u32(flags);
	ev.deleted = h->nlmsg_type == RTM_DELADDR;
	l->addr_cb(&ev, l->arg);
}

static int
vrrp_link_on_msg(struct nl_msg *msg, void *arg)
{
	struct vrrp_link *l = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);

	switch (h->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		vrrp_link_on_link(l, h);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		vrrp_link_on_addr(l, h);
		break;
	}
	return NL_OK;
}

/* Beyond rmem_max with CAP_NET_ADMIN, so event storms (many links or
 * addresses changing at once) fit; otherwise the kernel's cap stands.
 * v: vrrp_netlink_monitor_rcv_bufs as msg_conf_global carries it (0:
 * this default). */
void
vrrp_link_rcvbuf(struct vrrp_link *l, uint32_t v)
{
	vrrp_rcvbuf_set(nl_socket_get_fd(l->sk), v, VRRP_LINK_RCVBUF, true,
	    "link events: netlink socket");
}

struct vrrp_link *
vrrp_link_open(vrrp_link_cb link_cb, vrrp_link_addr_cb addr_cb, void *arg)
{
	struct vrrp_link *l;
	int err;

	l = xcalloc(1, sizeof(*l));
	l->link_cb = link_cb;
	l->addr_cb = addr_cb;
	l->arg = arg;
	if ((l->sk = nl_socket_alloc()) == NULL) {
		free(l);
		errno = ENOMEM;
		log_warn("link events: netlink socket");
		return NULL;
	}
	nl_socket_disable_seq_check(l->sk);
	nl_socket_modify_cb(l->sk, NL_CB_VALID, NL_CB_CUSTOM, vrrp_link_on_msg,
	    l);
	if ((err = nl_connect(l->sk, NETLINK_ROUTE)) < 0 ||
	    (err = nl_socket_add_memberships(l->sk, RTNLGRP_LINK,
	    RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, 0)) < 0 ||
	    (err = nl_socket_set_nonblocking(l->sk)) < 0 ||
	    (err = nl_socket_set_buffer_size(l->sk, VRRP_LINK_RCVBUF, 0)) < 0) {
		log_warnx("link events: netlink: %s", nl_geterror(err));
		nl_socket_free(l->sk);
		free(l);
		errno = vrrp_nl_errno(err);
		return NULL;
	}
	l->cb = nl_socket_get_cb(l->sk);
	vrrp_link_rcvbuf(l, 0);
	return l;
}

void
vrrp_link_close(struct vrrp_link *l)
{
	if (l == NULL)
		return;
	nl_cb_put(l->cb);
	nl_socket_free(l->sk);
	free(l);
}

int
vrrp_link_fd(const struct vrrp_link *l)
{
	return nl_socket_get_fd(l->sk);
}

int
vrrp_link_dispatch(struct vrrp_link *l)
{
	int n;

	while ((n = nl_recvmsgs_report(l->sk, l->cb)) > 0)
		;
	if (n == -NLE_NOMEM) {
		/* ENOBUFS: events were lost; report every link afresh. */
		log_warnx("link events: netlink queue overflow, resynchronising");
		return vrrp_link_dump(l) == -1 ? -1 : 1;
	}
	if (n < 0 && n != -NLE_AGAIN) {
		log_warnx("link events: netlink receive: %s", nl_geterror(n));
		errno = vrrp_nl_errno(n);
		return -1;
	}
	return 0;
}

static void
vrrp_link_report(struct vrrp_link *l, struct rtnl_link *link)
{
	struct vrrp_link_event ev;
	const char *name;

	memset(&ev, 0, sizeof(ev));
	ev.ifindex = (unsigned int)rtnl_link_get_ifindex(link);
	ev.flags = rtnl_link_get_flags(link);
	ev.up = (ev.flags & IFF_UP) != 0;
	ev.running = (ev.flags & IFF_RUNNING) != 0;
	if ((name = rtnl_link_get_name(link)) != NULL)
		snprintf(ev.name, sizeof(ev.name), "%s", name);
	l->link_cb(&ev, l->arg);
}

int
vrrp_link_dump(struct vrrp_link *l)
{
	struct nl_sock *sk;
	struct nl_cache *cache;
	struct nl_object *obj;
	int err;

	if ((sk = vrrp_nl_open()) == NULL)
		return -1;
	err = rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache);
	vrrp_nl_close(sk);
	if (err < 0) {
		log_warnx("link dump: %s", nl_geterror(err));
		errno = vrrp_nl_errno(err);
		return -1;
	}
	for (obj = nl_cache_get_first(cache); obj != NULL;
	    obj = nl_cache_get_next(obj))
		vrrp_link_report(l, (struct rtnl_link *)obj);
	nl_cache_free(cache);
	return 0;
}

/* The interface's first primary IPv4 and first usable link-local. */
static void
vrrp_link_pick_addr(struct vrrp_ifinfo *ii, struct rtnl_addr *ra)
{
	struct nl_addr *local = rtnl_addr_get_local(ra);
	unsigned int flags = rtnl_addr_get_flags(ra);
	const void *bin;

	if ((unsigned int)rtnl_addr_get_ifindex(ra) != ii->ifindex ||
	    local == NULL)
		return;
	bin = nl_addr_get_binary_addr(local);
	if (rtnl_addr_get_family(ra) == AF_INET && !ii->has_v4 &&
	    nl_addr_get_len(local) == 4 && !(flags & IFA_F_SECONDARY)) {
		ii->v4.family = AF_INET;
		memcpy(&ii->v4.u.v4, bin, 4);
		ii->has_v4 = true;
	} else if (rtnl_addr_get_family(ra) == AF_INET6 && !ii->has_ll6 &&
	    nl_addr_get_len(local) == 16 &&
	    IN6_IS_ADDR_LINKLOCAL((const struct in6_addr *)bin) &&
	    !(flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))) {
		ii->ll6.family = AF_INET6;
		memcpy(&ii->ll6.u.v6, bin, 16);
		ii->has_ll6 = true;
	}
}

static int
vrrp_link_lookup_addrs(struct nl_sock *sk, struct vrrp_ifinfo *ii)
{
	struct nl_cache *cache;
	struct nl_object *obj;
	int err;

	if ((err = rtnl_addr_alloc_cache(sk, &cache)) < 0) {
		log_warnx("%s: address dump: %s", ii->name, nl_geterror(err));
		errno = vrrp_nl_errno(err);
		return -1;
	}
	for (obj = nl_cache_get_first(cache); obj != NULL;
	    obj = nl_cache_get_next(obj))
		vrrp_link_pick_addr(ii, (struct rtnl_addr *)obj);
	nl_cache_free(cache);
	return 0;
}

int
vrrp_link_lookup(struct nl_sock *sk, const char *name, unsigned int ifindex,
    struct vrrp_ifinfo *ii)
{
	struct rtnl_link *link;
	struct nl_addr *mac;
	int err;

	memset(ii, 0, sizeof(ii[0]));
	if ((err = rtnl_link_get_kernel(sk, (int)ifindex, name, &link)) < 0) {
		if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV)
			err = -NLE_NODEV;
		if (name != NULL)
			log_warnx("%s: interface lookup: %s", name,
			    nl_geterror(err));
		else
			log_warnx("interface %u: lookup: %s", ifindex,
			    nl_geterror(err));
		errno = vrrp_nl_errno(err);
		return -1;
	}
	ii->ifindex = (unsigned int)rtnl_link_get_ifindex(link);
	snprintf(ii->name, sizeof(ii->name), "%s", rtnl_link_get_name(link));
	ii->flags = rtnl_link_get_flags(link);
	if ((mac = rtnl_link_get_addr(link)) != NULL &&
	    nl_addr_get_len(mac) == sizeof(ii->mac)) {
		memcpy(ii->mac, nl_addr_get_binary_addr(mac), sizeof(ii->mac));
		ii->has_mac = true;
	}
	rtnl_link_put(link);
	return vrrp_link_lookup_addrs(sk, ii);
}
