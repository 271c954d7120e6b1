/*
 * After a vrrp child crash, before it is restarted: remove every VIP the
 * configuration assigns to this host, and the VMACs of use_vmac instances
 * (which carry their VIPs and the virtual router MAC), so that a crash
 * never leaves a VIP up on two hosts (libnl-route); then vigil's
 * nftables table of no_accept (vrrp_nft_table_delete). The only netlink
 * actions the parent takes; vigild --release takes them too.
 */
#include <arpa/inet.h>
#include <net/if.h>

#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "common/log.h"
#include "core/core.h"
#include "vrrp/vrrp_nft.h"

/* Find the address v on its interface in cache; NULL if not there. */
static struct rtnl_addr *
vip_find(struct nl_cache *cache, const struct msg_conf_vip *v, int ifindex)
{
	struct nl_object *o;
	struct rtnl_addr *a;
	struct nl_addr *local;
	size_t alen = v->family == AF_INET ? 4 : 16;

	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		a = (struct rtnl_addr *)o;
		local = rtnl_addr_get_local(a);
		if (rtnl_addr_get_ifindex(a) != ifindex || local == NULL ||
		    rtnl_addr_get_family(a) != (int)v->family ||
		    nl_addr_get_len(local) != alen)
			continue;
		if (memcmp(nl_addr_get_binary_addr(local), v->addr, alen) == 0)
			return a;
	}
	return NULL;
}

static void
vip_remove(struct nl_sock *sk, struct nl_cache *cache,
    const struct msg_conf_vip *v)
{
	char buf[INET6_ADDRSTRLEN];
	struct rtnl_addr *a;
	int ifindex, err;

	inet_ntop(v->family, v->addr, buf, sizeof(buf));
	if ((ifindex = if_nametoindex(v->ifname)) == 0)
		return;
	if ((a = vip_find(cache, v, ifindex)) == NULL)
		return;
	if ((err = rtnl_addr_delete(sk, a, 0)) < 0)
		log_warnx("cannot remove VIP %s from %s: %s", buf, v->ifname,
		    nl_geterror(err));
	else
		log_info("removed VIP %s from %s (%s)", buf, v->ifname,
		    v->instance);
}

/* Whether mac is in's VMAC MAC: use_vmac's own, else 00:00:5e:00:0X:VRID
 * (X 1 for IPv4, 2 for IPv6). */
static int
vip_vmac_mac_is(const struct msg_conf_instance *in, const uint8_t *mac)
{
	if (in->vmac_mac_set)
		return memcmp(mac, in->vmac_mac, 6) == 0;
	return mac[0] == 0x00 && mac[1] == 0x00 && mac[2] == 0x5e &&
	    mac[3] == 0x00 && (mac[4] == 0x01 || mac[4] == 0x02) &&
	    mac[5] == in->vrid;
}

/* Whether ifindex is the interface of one of in's VIPs (use_vmac_addr
 * puts a VMAC there). */
static bool
vip_vmac_addr_base(const struct conf_set *s,
    const struct msg_conf_instance *in, int ifindex)
{
	size_t i;

	if (!in->use_vmac_addr)
		return false;
	for (i = 0; i < s->nvip; i++)
		if (strcmp(s->vip[i].instance, in->name) == 0 &&
		    !(s->vip[i].flags & VIP_F_PEER) &&
		    (int)if_nametoindex(s->vip[i].ifname) == ifindex)
			return true;
	return false;
}

/*
 * Whether link is the VMAC of a use_vmac instance: a macvlan on the
 * instance's interface with its VMAC MAC (vip_vmac_mac_is), whatever its
 * name (use_vmac NAME, PREFIX.VRID, PREFIXN.VRID). The instance's name,
 * or NULL.
 */
static const char *
vip_vmac_of(const struct conf_set *s, struct rtnl_link *link)
{
	const struct msg_conf_instance *in;
	const char *kind = rtnl_link_get_type(link);
	struct nl_addr *a = rtnl_link_get_addr(link);
	const uint8_t *mac;
	size_t i;

	if (kind == NULL || strcmp(kind, "macvlan") != 0 || a == NULL ||
	    nl_addr_get_len(a) != 6)
		return NULL;
	mac = nl_addr_get_binary_addr(a);
	for (i = 0; i < s->ninst; i++) {
		in = &s->inst[i];
		if (!vip_vmac_mac_is(in, mac))
			continue;
		if (in->use_vmac &&
		    (int)if_nametoindex(in->ifname) == rtnl_link_get_link(link))
			return in->name;
		if (vip_vmac_addr_base(s, in, rtnl_link_get_link(link)))
			return in->name;
	}
	return NULL;
}

/* Delete the VMACs the configuration's use_vmac instances made. */
static void
vip_remove_vmacs(struct nl_sock *sk, const struct conf_set *s)
{
	struct nl_cache *cache;
	struct nl_object *o;
	struct rtnl_link *link;
	const char *inst;
	size_t i;
	int err;

	for (i = 0; i < s->ninst; i++)
		if (s->inst[i].use_vmac || s->inst[i].use_vmac_addr)
			break;
	if (i == s->ninst)
		return;
	if ((err = rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache)) < 0) {
		log_warnx("VMAC removal: netlink: %s", nl_geterror(err));
		return;
	}
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		link = (struct rtnl_link *)o;
		if ((inst = vip_vmac_of(s, link)) == NULL)
			continue;
		if ((err = rtnl_link_delete(sk, link)) < 0)
			log_warnx("cannot remove VMAC %s: %s",
			    rtnl_link_get_name(link), nl_geterror(err));
		else
			log_info("removed VMAC %s (%s)",
			    rtnl_link_get_name(link), inst);
	}
	nl_cache_free(cache);
}

/* no_accept's nftables table, after the addresses (vrrp/vrrp_nft.h). */
static void
vip_remove_nft(const struct conf_set *s)
{
	if (vrrp_nft_table_delete(s->global.nft_table) == 1)
		log_info("removed nftables table inet %s",
		    vrrp_nft_table_name(s->global.nft_table));
}

void
vip_remove_all(const struct conf_set *s)
{
	struct nl_cache *cache;
	struct nl_sock *sk;
	size_t i;
	int err;

	if (s->nvip == 0 && s->ninst == 0)
		return;
	if ((sk = nl_socket_alloc()) == NULL) {
		log_warnx("VIP removal: cannot allocate a netlink socket");
		return;
	}
	if ((err = nl_connect(sk, NETLINK_ROUTE)) < 0 ||
	    (err = rtnl_addr_alloc_cache(sk, &cache)) < 0) {
		log_warnx("VIP removal: netlink: %s", nl_geterror(err));
		nl_socket_free(sk);
		return;
	}
	for (i = 0; i < s->nvip; i++)
		if (!(s->vip[i].flags & (VIP_F_PEER | VIP_F_STATIC)))
			vip_remove(sk, cache, &s->vip[i]);
	nl_cache_free(cache);
	vip_remove_vmacs(sk, s);
	nl_socket_free(sk);
	vip_remove_nft(s);
}
