/* Sanity of the parameters the VRRP engine runs an instance with. */
#include "vrrp/vrrp.h"

static bool
vrrp_params_addrs_ok(const struct vrrp_ipaddr *a, size_t n, sa_family_t fam)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].family != fam)
			return false;
	return true;
}

const char *
vrrp_params_check(const struct vrrp_params *p)
{
	if (p->vrid == 0)
		return "virtual router id must be 1-255";
	if (p->version != VRRP_VERSION_2 && p->version != VRRP_VERSION_3)
		return "version must be 2 or 3";
	if (p->family != AF_INET && p->family != AF_INET6)
		return "address family must be IPv4 or IPv6";
	if (p->priority == 0)
		return "priority must be 1-255";
	if (p->version == VRRP_VERSION_2 && (p->advert_int_cs < 100 ||
	    p->advert_int_cs > 25500 || p->advert_int_cs % 100 != 0))
		return "VRRPv2 advert interval must be whole seconds, 1-255";
	if (p->version == VRRP_VERSION_3 && (p->advert_int_cs == 0 ||
	    p->advert_int_cs > VRRP_V3_MAX_INT_CS))
		return "VRRPv3 advert interval must be 0.01-40.95 s";
	if (p->nvips > VRRP_MAX_ADDRS)
		return "at most 255 virtual addresses per instance";
	if (!vrrp_params_addrs_ok(p->vips, p->nvips, p->family) ||
	    !vrrp_params_addrs_ok(p->peers, p->npeers, p->family) ||
	    !vrrp_params_addrs_ok(&p->primary, 1, p->family))
		return "addresses must all be of the instance's family";
	if (p->auth_type != VRRP_AUTH_NONE && (p->version != VRRP_VERSION_2 ||
	    p->family != AF_INET || p->auth_type != VRRP_AUTH_PASS))
		return "authentication is PASS with VRRPv2 over IPv4 only";
	return NULL;
}
