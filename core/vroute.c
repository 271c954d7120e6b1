/*
 * After a vrrp child crash, before it is restarted: remove the virtual
 * routes and virtual rules of the instances, as vip.c removes their VIPs
 * (the restarted child adds them back on the instances it makes master).
 * For vigild --release, also the static_ipaddress, static_routes and
 * static_rules entries, which a crash leaves in place (vrrp/vrrp_static.c)
 * but a stop removes.
 */
#include <arpa/inet.h>
#include <net/if.h>

#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>

#include "common/log.h"
#include "common/nlroute.h"
#include "core/core.h"

/* The interface a line's route goes through by default: its instance's. */
static unsigned int
vroute_default_if(const struct conf_set *s, const char *instance)
{
	const struct msg_conf_instance *in;

	if (instance[0] == '\0' || (in = conf_set_instance(s, instance)) == NULL)
		return 0;
	return if_nametoindex(in->ifname);
}

static void
vroute_remove_line(struct nl_sock *sk, const struct conf_set *s,
    const struct msg_conf_route *m)
{
	const char *who = m->instance[0] != '\0' ? m->instance : "static";
	struct nlr_route rt;
	struct nlr_rule ru;
	char dev[IF_NAMESIZE];

	if (m->flags & ROUTE_F_RULE) {
		if (nlr_rule_parse(who, m->route, &ru) == 0 &&
		    nlr_rule_del(sk, &ru) == 0)
			log_info("removed rule \"%s\" (%s)", m->route, who);
		return;
	}
	if (nlr_route_parse(who, m->route, &rt, dev) == -1)
		return;
	rt.ifindex = dev[0] != '\0' ? if_nametoindex(dev) :
	    vroute_default_if(s, m->instance);
	if ((dev[0] != '\0' || m->instance[0] != '\0') && rt.ifindex == 0)
		return;		/* its interface is gone, and the route too */
	if (nlr_route_del(sk, &rt) == 0)
		log_info("removed route \"%s\" (%s)", m->route, who);
}

/* A static address: deleted by address, prefix and interface. */
static void
vroute_remove_static_addr(struct nl_sock *sk, const struct msg_conf_vip *v)
{
	char buf[INET6_ADDRSTRLEN];
	struct rtnl_addr *a;
	struct nl_addr *local;
	int ifindex, err;

	if ((ifindex = (int)if_nametoindex(v->ifname)) == 0 ||
	    (a = rtnl_addr_alloc()) == NULL)
		return;
	local = nl_addr_build((int)v->family, v->addr,
	    v->family == AF_INET ? 4 : 16);
	if (local != NULL) {
		nl_addr_set_prefixlen(local, v->plen != 0 ? (int)v->plen :
		    v->family == AF_INET ? 32 : 128);
		rtnl_addr_set_family(a, (int)v->family);
		rtnl_addr_set_ifindex(a, ifindex);
		rtnl_addr_set_local(a, local);
		inet_ntop((int)v->family, v->addr, buf, sizeof(buf));
		err = rtnl_addr_delete(sk, a, 0);
		if (err == 0)
			log_info("removed static address %s from %s", buf,
			    v->ifname);
		else if (err != -NLE_NOADDR && err != -NLE_OBJ_NOTFOUND)
			log_warnx("cannot remove static address %s from %s: "
			    "%s", buf, v->ifname, nl_geterror(err));
		nl_addr_put(local);
	}
	rtnl_addr_put(a);
}

void
vroute_remove_all(const struct conf_set *s, bool statics)
{
	struct nl_sock *sk;
	size_t i;

	if (s->nroute == 0 && !statics)
		return;
	if ((sk = nlr_open()) == NULL)
		return;
	for (i = 0; i < s->nroute; i++)
		if (statics || !(s->route[i].flags & ROUTE_F_STATIC))
			vroute_remove_line(sk, s, &s->route[i]);
	for (i = 0; statics && i < s->nvip; i++)
		if (s->vip[i].flags & VIP_F_STATIC)
			vroute_remove_static_addr(sk, &s->vip[i]);
	nlr_close(sk);
}
