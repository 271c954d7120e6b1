/* VIPs through libnl-route (routes: common/nlroute.c). */
#include "vrrp/vrrp_addr.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/ip.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/route/addr.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"

static uint8_t
vrrp_addr_plen(const struct vrrp_vip *vip)
{
	if (vip->prefixlen != 0)
		return vip->prefixlen;
	return vip->addr.family == AF_INET ? 32 : 128;
}

/* Log "ifname: what 192.0.2.1/32: reason"; errno from the libnl error. */
static void
vrrp_addr_warn(int nlerr, unsigned int ifindex, const char *what,
    const struct vrrp_ipaddr *ip, unsigned int plen)
{
	char ifname[IF_NAMESIZE], abuf[INET6_ADDRSTRLEN];

	if (if_indextoname(ifindex, ifname) == NULL)
		snprintf(ifname, sizeof(ifname), "if%u", ifindex);
	log_warnx("%s: %s %s/%u: %s", ifname, what,
	    vrrp_ipaddr_str(ip, abuf, sizeof(abuf)), plen, nl_geterror(nlerr));
	errno = vrrp_nl_errno(nlerr);
}

/* Build the rtnl_addr for vip; NULL on allocation failure. */
static struct rtnl_addr *
vrrp_addr_build(const struct vrrp_vip *vip)
{
	struct rtnl_addr *ra;
	struct nl_addr *local, *brd = NULL;
	uint8_t plen = vrrp_addr_plen(vip);

	if ((ra = rtnl_addr_alloc()) == NULL)
		return NULL;
	local = nl_addr_build(vip->addr.family, &vip->addr.u,
	    vrrp_ipaddr_len(vip->addr.family));
	if (vip->has_brd && vip->addr.family == AF_INET)
		brd = nl_addr_build(AF_INET, &vip->brd, sizeof(vip->brd));
	if (local == NULL || (vip->has_brd && brd == NULL)) {
		nl_addr_put(local);
		nl_addr_put(brd);
		rtnl_addr_put(ra);
		return NULL;
	}
	nl_addr_set_prefixlen(local, plen);
	rtnl_addr_set_family(ra, vip->addr.family);
	rtnl_addr_set_ifindex(ra, (int)vip->ifindex);
	rtnl_addr_set_local(ra, local);
	rtnl_addr_set_prefixlen(ra, plen);
	rtnl_addr_set_scope(ra, vip->scope);
	if (vip->addr.family == AF_INET && vip->label[0] != '\0')
		rtnl_addr_set_label(ra, vip->label);
	if (vip->addr.family == AF_INET6)
		rtnl_addr_set_flags(ra, IFA_F_NODAD);
	if (brd != NULL)
		rtnl_addr_set_broadcast(ra, brd);
	nl_addr_put(local);
	nl_addr_put(brd);
	return ra;
}

int
vrrp_addr_add(struct nl_sock *sk, const struct vrrp_vip *vip)
{
	struct rtnl_addr *ra;
	int err;

	if ((ra = vrrp_addr_build(vip)) == NULL)
		err = -NLE_NOMEM;
	else {
		err = rtnl_addr_add(sk, ra, 0);
		rtnl_addr_put(ra);
	}
	if (err < 0 && err != -NLE_EXIST) {
		vrrp_addr_warn(err, vip->ifindex, "add VIP",
		    &vip->addr, vrrp_addr_plen(vip));
		return -1;
	}
	return 0;
}

int
vrrp_addr_del(struct nl_sock *sk, const struct vrrp_vip *vip)
{
	struct rtnl_addr *ra;
	int err;

	if ((ra = vrrp_addr_build(vip)) == NULL)
		err = -NLE_NOMEM;
	else {
		err = rtnl_addr_delete(sk, ra, 0);
		rtnl_addr_put(ra);
	}
	if (err < 0 && err != -NLE_NOADDR && err != -NLE_OBJ_NOTFOUND) {
		vrrp_addr_warn(err, vip->ifindex, "remove VIP",
		    &vip->addr, vrrp_addr_plen(vip));
		return -1;
	}
	return 0;
}

/* Whether the cache holds vip's address on vip's interface. */
static bool
vrrp_addr_in_cache(struct nl_cache *cache, const struct vrrp_vip *vip)
{
	struct nl_object *obj;
	size_t alen = vrrp_ipaddr_len(vip->addr.family);

	for (obj = nl_cache_get_first(cache); obj != NULL;
	    obj = nl_cache_get_next(obj)) {
		struct rtnl_addr *ra = (struct rtnl_addr *)obj;
		struct nl_addr *local = rtnl_addr_get_local(ra);

		if (rtnl_addr_get_family(ra) != vip->addr.family ||
		    (unsigned int)rtnl_addr_get_ifindex(ra) != vip->ifindex ||
		    local == NULL || nl_addr_get_len(local) != alen)
			continue;
		if (memcmp(nl_addr_get_binary_addr(local), &vip->addr.u,
		    alen) == 0)
			return true;
	}
	return false;
}

int
vrrp_addr_present(struct nl_sock *sk, const struct vrrp_vip *vips, size_t n,
    bool *present)
{
	struct nl_cache *cache;
	size_t i;
	int err;

	if ((err = rtnl_addr_alloc_cache(sk, &cache)) < 0) {
		log_warnx("dump addresses: %s", nl_geterror(err));
		errno = vrrp_nl_errno(err);
		return -1;
	}
	for (i = 0; i < n; i++)
		present[i] = vrrp_addr_in_cache(cache, &vips[i]);
	nl_cache_free(cache);
	return 0;
}

int
vrrp_addr_promote_secondaries(struct nl_sock *sk, unsigned int ifindex)
{
	static const int conf[][2] = {
		{ IPV4_DEVCONF_PROMOTE_SECONDARIES, 1 },
	};

	return vrrp_nl_devconf4(sk, ifindex, conf, 1, "promote_secondaries");
}
