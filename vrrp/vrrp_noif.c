/*
 * Unicast instances with no interface (conf/conf_vrf.c): the socket is
 * bound to no device, or to the VRF device of vrf NAME, and the kernel
 * routes the adverts to the peers (in the VRF's table). The instance's
 * own link, tracked like an interface, is then the VRF device, or none.
 */
#include <net/if.h>
#include <string.h>

#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_link.h"

/* The link the instance runs on: its interface, its VRF, or "". */
const char *
vrrp_rt_link(const struct vrrp_rt *rt)
{
	return rt->conf.ifname[0] != '\0' ? rt->conf.ifname : rt->conf.vrf;
}

/* Name for the socket, in logs: the link, or "any" when unbound. */
const char *
vrrp_rt_sockname(const struct vrrp_rt *rt)
{
	return vrrp_rt_link(rt)[0] != '\0' ? vrrp_rt_link(rt) : "any";
}

/* ii for an instance without interface: its VRF's link (-1 while the VRF
 * is missing), or no link at all (ifindex 0). */
int
vrrp_noif_lookup(const struct vrrp_rt *rt, struct vrrp_ifinfo *ii)
{
	memset(ii, 0, sizeof(*ii));
	if (rt->conf.vrf[0] == '\0')
		return 0;
	/* Missing: said once by the caller ("waiting for vrf"). */
	if (if_nametoindex(rt->conf.vrf) == 0)
		return -1;
	return vrrp_link_lookup(vrrp_eng.nl, rt->conf.vrf, 0, ii);
}
