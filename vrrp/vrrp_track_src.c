/*
 * track_src_ip: an instance whose mcast_src_ip / unicast_src_ip is not
 * on its interface is in FAULT. The tracker (type VRRP_TRACK_SRC_IP,
 * named by the address) is up while the address is on the interface and
 * usable (an IPv6 address still in DAD, or whose DAD failed, is not);
 * it is looked at when the instance starts or a reload adds it, then
 * follows the address events of the link socket.
 */
#include <linux/if_addr.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/route/addr.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_link.h"
#include "vrrp/vrrp_track.h"

#define VRRP_TSRC_UNUSABLE	(IFA_F_TENTATIVE | IFA_F_DADFAILED)

/* The configured source address; false when the instance has none. */
static bool
vrrp_tsrc_addr(const struct vrrp_rt *rt, struct vrrp_ipaddr *a)
{
	if (rt->conf.src_family != AF_INET && rt->conf.src_family != AF_INET6)
		return false;
	memset(a, 0, sizeof(*a));
	a->family = rt->conf.src_family;
	memcpy(&a->u, rt->conf.src_addr, vrrp_ipaddr_len(a->family));
	return true;
}

/* The tracker's name: the address as text. */
bool
vrrp_tsrc_name(const struct vrrp_rt *rt, char *buf, size_t len)
{
	struct vrrp_ipaddr a;

	if (!rt->conf.track_src_ip || !vrrp_tsrc_addr(rt, &a))
		return false;
	vrrp_ipaddr_str(&a, buf, len);
	return true;
}

/* An instance without interface (unicast) takes its address on any. */
#define VRRP_TSRC_ANY	((unsigned int)-1)

/* Whether a is on the interface ifindex (or any) and usable, asked of
 * the kernel. */
static bool
vrrp_tsrc_present(unsigned int ifindex, const struct vrrp_ipaddr *a)
{
	struct nl_cache *cache;
	struct nl_object *obj;
	struct rtnl_addr *ra;
	struct nl_addr *local;
	size_t alen = vrrp_ipaddr_len(a->family);
	bool found = false;
	int err;

	if (ifindex == 0)
		return false;
	if ((err = rtnl_addr_alloc_cache(vrrp_eng.nl, &cache)) < 0) {
		log_warnx("track_src_ip: address dump: %s", nl_geterror(err));
		return false;
	}
	for (obj = nl_cache_get_first(cache); obj != NULL && !found;
	    obj = nl_cache_get_next(obj)) {
		ra = (struct rtnl_addr *)obj;
		local = rtnl_addr_get_local(ra);
		found = (ifindex == VRRP_TSRC_ANY ||
		    (unsigned int)rtnl_addr_get_ifindex(ra) == ifindex) &&
		    rtnl_addr_get_family(ra) == a->family && local != NULL &&
		    nl_addr_get_len(local) == alen &&
		    memcmp(nl_addr_get_binary_addr(local), &a->u, alen) == 0 &&
		    !(rtnl_addr_get_flags(ra) & VRRP_TSRC_UNUSABLE);
	}
	nl_cache_free(cache);
	return found;
}

/* The interface the address must be on: the instance's own (the base
 * interface with use_vmac). */
static unsigned int
vrrp_tsrc_ifindex(const struct vrrp_rt *rt)
{
	struct vrrp_ifinfo ii;

	if (rt->conf.ifname[0] == '\0')
		return VRRP_TSRC_ANY;
	if (rt->base_ifindex != 0)
		return rt->base_ifindex;
	if (vrrp_link_lookup(vrrp_eng.nl, rt->conf.ifname, 0, &ii) == -1)
		return 0;
	return ii.ifindex;
}

/* Set t (a VRRP_TRACK_SRC_IP tracker of rt) from the kernel's view. */
void
vrrp_tsrc_refresh(const struct vrrp_rt *rt, struct vrrp_track_if *t)
{
	struct vrrp_ipaddr a;

	if (!vrrp_tsrc_addr(rt, &a))
		return;
	t->up = vrrp_tsrc_present(vrrp_tsrc_ifindex(rt), &a);
	t->known = true;
}

/* Address events (the link socket's address callback). */
void
vrrp_tsrc_addr_cb(const struct vrrp_link_addr_event *ev, void *arg)
{
	struct vrrp_rt *rt;
	struct vrrp_ipaddr a;
	char name[INET6_ADDRSTRLEN];
	bool up;

	(void)arg;
	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry) {
		if (!rt->started || !rt->conf.track_src_ip ||
		    !vrrp_tsrc_addr(rt, &a) || (ev->ifindex != rt->base_ifindex &&
		    rt->conf.ifname[0] != '\0') ||
		    !vrrp_ipaddr_eq(&a, &ev->addr))
			continue;
		up = !ev->deleted && !(ev->flags & VRRP_TSRC_UNUSABLE);
		vrrp_ipaddr_str(&a, name, sizeof(name));
		vrrp_rt_track(rt, VRRP_TRACK_SRC_IP, name, up, 0);
	}
}

/* After lost events (a netlink overflow): every tracker asks again. */
void
vrrp_tsrc_resync(void)
{
	struct vrrp_rt *rt;
	struct vrrp_track_if t;
	char name[INET6_ADDRSTRLEN];

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry) {
		if (!rt->started || !vrrp_tsrc_name(rt, name, sizeof(name)))
			continue;
		memset(&t, 0, sizeof(t));
		vrrp_tsrc_refresh(rt, &t);
		vrrp_rt_track(rt, VRRP_TRACK_SRC_IP, name, t.up, 0);
	}
}
