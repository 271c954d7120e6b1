/* VMAC interfaces: macvlan with the virtual router MAC, via libnl. */
#include "vrrp/vrrp_vmac.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <netlink/addr.h>
#include <netlink/errno.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/macvlan.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "common/ipc.h"
#include "common/log.h"

_Static_assert(VRRP_VMAC_MODE_PRIVATE == MACVLAN_MODE_PRIVATE &&
    VRRP_VMAC_MODE_BRIDGE == MACVLAN_MODE_BRIDGE, "macvlan modes");

void
vrrp_vmac_addr(int family, uint8_t vrid, uint8_t mac[6])
{
	mac[0] = 0x00;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0x00;
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

void
vrrp_vmac_name(uint8_t vrid, char name[IF_NAMESIZE])
{
	snprintf(name, IF_NAMESIZE, "vrrp.%u", vrid);
}

void
vrrp_vmac_conf_addr(const struct msg_conf_instance *c, int family,
    uint8_t mac[6])
{
	if (c->vmac_mac_set)
		memcpy(mac, c->vmac_mac, 6);
	else
		vrrp_vmac_addr(family, (uint8_t)c->vrid, mac);
}

static int
vrrp_vmac_fail(const char *name, const char *what, int nlerr)
{
	log_warnx("%s: %s: %s", name, what, nl_geterror(nlerr));
	errno = vrrp_nl_errno(nlerr);
	return -1;
}

/* An existing interface called name: usable if a macvlan on base. */
static int
vrrp_vmac_adopt(struct rtnl_link *old, const char *name,
    unsigned int base_ifindex)
{
	if (!rtnl_link_is_macvlan(old) ||
	    rtnl_link_get_link(old) != (int)base_ifindex) {
		log_warnx("%s: exists and is not a macvlan on interface %u",
		    name, base_ifindex);
		errno = EEXIST;
		return -1;
	}
	log_info("%s: reusing the existing VMAC interface", name);
	return 0;
}

static int
vrrp_vmac_add(struct nl_sock *sk, unsigned int base_ifindex, const char *name,
    uint32_t mode)
{
	struct rtnl_link *link;
	int err;

	if ((link = rtnl_link_macvlan_alloc()) == NULL)
		return vrrp_vmac_fail(name, "create VMAC", -NLE_NOMEM);
	rtnl_link_set_name(link, name);
	rtnl_link_set_link(link, (int)base_ifindex);
	rtnl_link_macvlan_set_mode(link, mode);
	err = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(link);
	if (err < 0)
		return vrrp_vmac_fail(name, "create VMAC", err);
	return 0;
}

/* Set the MAC and the macvlan mode, IPv6 address generation off, up. */
static int
vrrp_vmac_setup(struct nl_sock *sk, struct rtnl_link *old, const char *name,
    const uint8_t mac[6], uint32_t mode)
{
	struct rtnl_link *chg;
	struct nl_addr *addr;
	int err;

	if ((chg = rtnl_link_macvlan_alloc()) == NULL)
		return vrrp_vmac_fail(name, "set up VMAC", -NLE_NOMEM);
	if ((addr = nl_addr_build(AF_LLC, mac, 6)) == NULL) {
		rtnl_link_put(chg);
		return vrrp_vmac_fail(name, "set up VMAC", -NLE_NOMEM);
	}
	rtnl_link_set_addr(chg, addr);
	nl_addr_put(addr);
	rtnl_link_macvlan_set_mode(chg, mode);
	rtnl_link_inet6_set_addr_gen_mode(chg, IN6_ADDR_GEN_MODE_NONE);
	err = rtnl_link_change(sk, old, chg, 0);
	if (err >= 0) {
		/* Up only once the MAC and the address mode are in place. */
		rtnl_link_put(chg);
		if ((chg = rtnl_link_alloc()) == NULL)
			return vrrp_vmac_fail(name, "up", -NLE_NOMEM);
		rtnl_link_set_flags(chg, IFF_UP);
		err = rtnl_link_change(sk, old, chg, 0);
	}
	rtnl_link_put(chg);
	if (err < 0)
		return vrrp_vmac_fail(name, "set up VMAC", err);
	return 0;
}

int
vrrp_vmac_create(struct nl_sock *sk, unsigned int base_ifindex,
    const char *name, const uint8_t mac[6], uint32_t mode,
    unsigned int *ifindex)
{
	struct rtnl_link *old;
	int err;

	err = rtnl_link_get_kernel(sk, 0, name, &old);
	if (err >= 0) {
		if (vrrp_vmac_adopt(old, name, base_ifindex) == -1) {
			rtnl_link_put(old);
			return -1;
		}
	} else {
		if (vrrp_vmac_add(sk, base_ifindex, name, mode) == -1)
			return -1;
		if ((err = rtnl_link_get_kernel(sk, 0, name, &old)) < 0)
			return vrrp_vmac_fail(name, "look up new VMAC", err);
	}
	err = vrrp_vmac_setup(sk, old, name, mac, mode);
	*ifindex = (unsigned int)rtnl_link_get_ifindex(old);
	rtnl_link_put(old);
	return err;
}

int
vrrp_vmac_delete(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *link;
	int err;

	if ((link = rtnl_link_alloc()) == NULL)
		return vrrp_vmac_fail(name, "delete VMAC", -NLE_NOMEM);
	rtnl_link_set_name(link, name);
	err = rtnl_link_delete(sk, link);
	rtnl_link_put(link);
	if (err < 0 && err != -NLE_NODEV && err != -NLE_OBJ_NOTFOUND)
		return vrrp_vmac_fail(name, "delete VMAC", err);
	return 0;
}

int
vrrp_vmac_tune(struct nl_sock *sk, unsigned int vmac_ifindex,
    unsigned int base_ifindex)
{
	static const int vmac_conf[][2] = {
		{ IPV4_DEVCONF_ARP_IGNORE, 1 },
		{ IPV4_DEVCONF_ACCEPT_LOCAL, 1 },
		{ IPV4_DEVCONF_RP_FILTER, 0 },
	};
	static const int base_conf[][2] = {
		{ IPV4_DEVCONF_ARP_IGNORE, 1 },
		{ IPV4_DEVCONF_ARPFILTER, 1 },
		/* ARP requests of the base name its own address, not a VIP
		 * on the VMAC: else they point the VIP at the base's MAC. */
		{ IPV4_DEVCONF_ARP_ANNOUNCE, 2 },
	};

	if (vrrp_nl_devconf4(sk, vmac_ifindex, vmac_conf, 3,
	    "VMAC ARP settings") == -1 ||
	    vrrp_nl_devconf4(sk, base_ifindex, base_conf, 3,
	    "base ARP settings") == -1)
		return -1;
	return 0;
}
