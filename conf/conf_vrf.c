/*
 * Unicast instances with no interface, and vrf NAME (keepalived.conf's
 * "vrf VRF_IF"): the instance's socket is bound to no device, or to the
 * VRF device, and the kernel routes the adverts to the unicast peers (in
 * the VRF's table with vrf). The VIPs go on their own dev. The vrrp
 * child's side is vrrp/vrrp_noif.c.
 */
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "common/util.h"
#include "conf/conf_global.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

int
conf_vrf_inst(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	((struct conf_vrrp_instance *)obj)->vrf_loc = n->args[0].loc;
	return 0;
}

static bool
conf_addr_ll6(const struct conf_addr *a)
{
	return a->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&a->u.v6);
}

/* vrf where it cannot act: said, then dropped (as keepalived does). */
static void
conf_vrf_drop(struct conf_ctx *ctx, struct conf_vrrp_instance *vi,
    const char *why)
{
	conf_warning(ctx, &vi->vrf_loc, "vrrp_instance %s: vrf %s is ignored: "
	    "%s; vrf is for unicast instances (unicast_peer) without "
	    "interface", vi->name, vi->vrf, why);
	free(vi->vrf);
	vi->vrf = NULL;
}

/*
 * Called when the instance names no interface: whether it runs bound to
 * no interface (true), which needs unicast peers and, as in keepalived,
 * unicast_src_ip. Otherwise the caller falls back to default_interface.
 */
bool
conf_vrf_no_interface(struct conf_ctx *ctx, struct conf_vrrp_instance *vi)
{
	const struct conf_vip *p;
	bool ok = true;

	if (TAILQ_EMPTY(&vi->peers)) {
		if (vi->vrf != NULL)
			conf_vrf_drop(ctx, vi, "the instance has no "
			    "unicast_peer");
		return false;
	}
	if (vi->src_ip.family == AF_UNSPEC) {
		if (vi->vrf != NULL)
			conf_error(ctx, &vi->vrf_loc, "vrrp_instance %s: vrf "
			    "without interface needs unicast_src_ip (the "
			    "address the adverts are sent from)", vi->name);
		return false;
	}
	if (conf_addr_ll6(&vi->src_ip)) {
		conf_error(ctx, &vi->obj.loc, "vrrp_instance %s: without "
		    "interface, unicast_src_ip cannot be link-local; give "
		    "interface or a global address", vi->name);
		ok = false;
	}
	TAILQ_FOREACH(p, &vi->peers, entry)
		if (conf_addr_ll6(&p->addr)) {
			conf_error(ctx, &p->loc, "vrrp_instance %s: without "
			    "interface, unicast_peer cannot be link-local; "
			    "give interface", vi->name);
			ok = false;
		}
	if (vi->use_vmac || vi->use_ipvlan) {
		conf_error(ctx, &vi->obj.loc, "vrrp_instance %s: %s needs "
		    "interface", vi->name, vi->use_vmac ? "use_vmac" :
		    "use_ipvlan");
		ok = false;
	}
	vi->no_interface = ok;
	return ok;
}

/* The link's kind ("vrf", "veth" ...; "" for none) and master index; -1
 * when there is no such link. */
static int
conf_vrf_link(struct nl_sock *sk, const char *name, char *kind, size_t len,
    int *master, int *ifindex)
{
	struct rtnl_link *l;
	const char *t;

	if (sk == NULL || rtnl_link_get_kernel(sk, 0, name, &l) < 0)
		return -1;
	t = rtnl_link_get_type(l);
	snprintf(kind, len, "%s", t != NULL ? t : "");
	*master = rtnl_link_get_master(l);
	*ifindex = rtnl_link_get_ifindex(l);
	rtnl_link_put(l);
	return 0;
}

/* With the VRF present: each VIP's dev should be one of its slaves, else
 * the VIP is outside the VRF the adverts run in. */
static void
conf_vrf_vips(struct conf_ctx *ctx, const struct conf_global *g,
    struct conf_vrrp_instance *vi, struct nl_sock *sk, int vrf_index)
{
	const struct conf_vip_list *lists[] = { &vi->vips, &vi->evips };
	const struct conf_vip *v;
	char kind[32];
	const char *dev;
	int master, ifindex;
	size_t i;

	for (i = 0; i < 2; i++)
		TAILQ_FOREACH(v, lists[i], entry) {
			dev = v->dev != NULL ? v->dev : g->default_interface;
			if (conf_vrf_link(sk, dev, kind, sizeof(kind), &master,
			    &ifindex) == -1 || master == vrf_index)
				continue;
			conf_warning(ctx, v->dev != NULL ? &v->dev_loc :
			    &v->loc, "vrrp_instance %s: interface %s is not in "
			    "vrf %s, so this address is outside the VRF the "
			    "adverts run in; vigild does not move it (ip link "
			    "set %s master %s)", vi->name, dev, vi->vrf, dev,
			    vi->vrf);
		}
}

/* After conf_vrf_no_interface: the VIPs without dev, and (check_host:
 * -t on this host) whether the VRF exists and is one. */
void
conf_vrf_check(struct conf_ctx *ctx, const struct conf_global *g,
    struct conf_vrrp_instance *vi, bool check_host)
{
	const struct conf_vip_list *lists[] = { &vi->vips, &vi->evips };
	const struct conf_vip *v;
	struct nl_sock *sk;
	char kind[32];
	int master, ifindex;
	size_t i;

	if (vi->interface != NULL && vi->vrf != NULL)
		conf_vrf_drop(ctx, vi, "the instance has interface");
	if (!vi->no_interface)
		return;
	for (i = 0; i < 2; i++)
		TAILQ_FOREACH(v, lists[i], entry)
			if (v->dev == NULL)
				conf_warning(ctx, &v->loc, "vrrp_instance %s has "
				    "no interface: this address goes on "
				    "default_interface %s; add dev IFNAME",
				    vi->name, g->default_interface);
	if (!check_host || vi->vrf == NULL)
		return;
	if ((sk = nl_socket_alloc()) != NULL && nl_connect(sk,
	    NETLINK_ROUTE) < 0) {
		nl_socket_free(sk);
		sk = NULL;
	}
	if (conf_vrf_link(sk, vi->vrf, kind, sizeof(kind), &master,
	    &ifindex) == -1)
		conf_warning(ctx, &vi->vrf_loc, "vrf %s not found on this "
		    "host; instance %s will wait until it appears (ip link add "
		    "%s type vrf table N)", vi->vrf, vi->name, vi->vrf);
	else if (strcmp(kind, "vrf") != 0)
		conf_warning(ctx, &vi->vrf_loc, "vrf %s is not a VRF device "
		    "(its kind is %s); instance %s binds its socket to it as "
		    "to an interface", vi->vrf, kind[0] != '\0' ? kind :
		    "none", vi->name);
	else
		conf_vrf_vips(ctx, g, vi, sk, ifindex);
	if (sk != NULL)
		nl_socket_free(sk);
}
