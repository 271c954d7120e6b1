/* use_ipvlan: an L2 ipvlan interface on the instance's interface, via
 * libnl (rtnl_link_ipvlan). */
#include "vrrp/vrrp_ipvlan.h"

#include <errno.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <netlink/errno.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvlan.h>

#include "common/log.h"

static int
vrrp_ipvlan_fail(const char *name, const char *what, int nlerr)
{
	log_warnx("%s: %s: %s%s", name, what, nl_geterror(nlerr),
	    nlerr == -NLE_OPNOTSUPP || nlerr == -NLE_INVAL ?
	    " (does this kernel have ipvlan, CONFIG_IPVLAN?)" : "");
	errno = vrrp_nl_errno(nlerr);
	return -1;
}

int
vrrp_ipvlan_create(struct nl_sock *sk, unsigned int base_ifindex,
    const char *name, unsigned int *ifindex)
{
	struct rtnl_link *link, *old, *chg;
	int err;

	if (rtnl_link_get_kernel(sk, 0, name, &old) >= 0) {
		if (!rtnl_link_is_ipvlan(old) ||
		    rtnl_link_get_link(old) != (int)base_ifindex) {
			log_warnx("%s: exists and is not an ipvlan on interface "
			    "%u", name, base_ifindex);
			rtnl_link_put(old);
			errno = EEXIST;
			return -1;
		}
		log_info("%s: reusing the existing ipvlan interface", name);
	} else {
		if ((link = rtnl_link_ipvlan_alloc()) == NULL)
			return vrrp_ipvlan_fail(name, "create ipvlan",
			    -NLE_NOMEM);
		rtnl_link_set_name(link, name);
		rtnl_link_set_link(link, (int)base_ifindex);
		rtnl_link_ipvlan_set_mode(link, IPVLAN_MODE_L2);
		err = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
		rtnl_link_put(link);
		if (err < 0)
			return vrrp_ipvlan_fail(name, "create ipvlan", err);
		if ((err = rtnl_link_get_kernel(sk, 0, name, &old)) < 0)
			return vrrp_ipvlan_fail(name, "look up new ipvlan",
			    err);
	}
	*ifindex = (unsigned int)rtnl_link_get_ifindex(old);
	if ((chg = rtnl_link_alloc()) == NULL) {
		rtnl_link_put(old);
		return vrrp_ipvlan_fail(name, "up", -NLE_NOMEM);
	}
	rtnl_link_set_flags(chg, IFF_UP);
	err = rtnl_link_change(sk, old, chg, 0);
	rtnl_link_put(chg);
	rtnl_link_put(old);
	if (err < 0)
		return vrrp_ipvlan_fail(name, "up", err);
	return 0;
}
