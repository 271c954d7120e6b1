/*
 * Routes and rules through libnl-route (rtnl_route, rtnl_rule): build
 * the kernel object from a parsed line, add it, remove it.
 */
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/nlroute.h"

#ifndef RTPROT_KEEPALIVED
#define RTPROT_KEEPALIVED	18
#endif

static size_t
nlr_alen(sa_family_t family)
{
	return family == AF_INET ? 4 : 16;
}

static struct nl_addr *
nlr_nladdr(const struct nlr_ipaddr *a, uint8_t plen)
{
	struct nl_addr *n;

	if ((n = nl_addr_build(a->family, &a->u, nlr_alen(a->family))) != NULL)
		nl_addr_set_prefixlen(n, plen);
	return n;
}

struct nl_sock *
nlr_open(void)
{
	struct nl_sock *sk;
	int err;

	if ((sk = nl_socket_alloc()) == NULL) {
		log_warnx("netlink: cannot allocate a socket");
		return NULL;
	}
	if ((err = nl_connect(sk, NETLINK_ROUTE)) < 0) {
		log_warnx("netlink connect: %s", nl_geterror(err));
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

void
nlr_close(struct nl_sock *sk)
{
	if (sk != NULL)
		nl_socket_free(sk);
}

static const char *
nlr_ip_str(const struct nlr_ipaddr *a, char *buf, size_t len)
{
	if (a->family == 0)
		return "all";
	return inet_ntop(a->family, &a->u, buf, (socklen_t)len);
}

const char *
nlr_route_str(const struct nlr_route *vr, char *buf, size_t len)
{
	char d[INET6_ADDRSTRLEN], g[INET6_ADDRSTRLEN], ifn[IF_NAMESIZE];

	snprintf(buf, len, "route %s/%u%s%s%s%s", nlr_ip_str(&vr->dst, d,
	    sizeof(d)), vr->dst_len, vr->has_gw ? " via " : "",
	    vr->has_gw ? nlr_ip_str(&vr->gw, g, sizeof(g)) : "",
	    vr->ifindex != 0 ? " dev " : "", vr->ifindex != 0 &&
	    if_indextoname(vr->ifindex, ifn) != NULL ? ifn : "");
	return buf;
}

const char *
nlr_rule_str(const struct nlr_rule *r, char *buf, size_t len)
{
	char f[INET6_ADDRSTRLEN], t[INET6_ADDRSTRLEN];

	snprintf(buf, len, "rule from %s/%u to %s/%u table %u",
	    nlr_ip_str(&r->from, f, sizeof(f)), r->from_len,
	    nlr_ip_str(&r->to, t, sizeof(t)), r->to_len, r->table);
	return buf;
}

/* Build the rtnl_route for vr; NULL on allocation failure. */
static struct rtnl_route *
nlr_route_build(const struct nlr_route *vr)
{
	struct rtnl_route *rt;
	struct rtnl_nexthop *nh;
	struct nl_addr *dst, *gw = NULL, *src = NULL;
	size_t alen = nlr_alen(vr->dst.family);

	if ((rt = rtnl_route_alloc()) == NULL)
		return NULL;
	if ((nh = rtnl_route_nh_alloc()) == NULL) {
		rtnl_route_put(rt);
		return NULL;
	}
	dst = nl_addr_build(vr->dst.family, &vr->dst.u, alen);
	if (vr->has_gw)
		gw = nl_addr_build(vr->dst.family, &vr->gw.u, alen);
	if (vr->has_src)
		src = nl_addr_build(vr->dst.family, &vr->src.u, alen);
	if (dst == NULL || (vr->has_gw && gw == NULL) ||
	    (vr->has_src && src == NULL)) {
		nl_addr_put(dst);
		nl_addr_put(gw);
		nl_addr_put(src);
		rtnl_route_nh_free(nh);
		rtnl_route_put(rt);
		return NULL;
	}
	nl_addr_set_prefixlen(dst, vr->dst_len);
	rtnl_route_set_family(rt, vr->dst.family);
	rtnl_route_set_dst(rt, dst);
	rtnl_route_set_table(rt, vr->table != 0 ? vr->table : RT_TABLE_MAIN);
	rtnl_route_set_protocol(rt, RTPROT_KEEPALIVED);
	rtnl_route_set_scope(rt, vr->has_gw ? RT_SCOPE_UNIVERSE :
	    RT_SCOPE_LINK);
	if (vr->metric != 0)
		rtnl_route_set_priority(rt, vr->metric);
	if (src != NULL)
		rtnl_route_set_pref_src(rt, src);
	if (vr->ifindex != 0)
		rtnl_route_nh_set_ifindex(nh, (int)vr->ifindex);
	if (gw != NULL)
		rtnl_route_nh_set_gateway(nh, gw);
	rtnl_route_add_nexthop(rt, nh);
	nl_addr_put(dst);
	nl_addr_put(gw);
	nl_addr_put(src);
	return rt;
}

int
nlr_route_add(struct nl_sock *sk, const struct nlr_route *vr)
{
	struct rtnl_route *rt;
	char buf[128];
	int err;

	if ((rt = nlr_route_build(vr)) == NULL)
		err = -NLE_NOMEM;
	else {
		err = rtnl_route_add(sk, rt, NLM_F_REPLACE);
		rtnl_route_put(rt);
	}
	if (err < 0 && err != -NLE_EXIST) {
		log_warnx("cannot add %s: %s", nlr_route_str(vr, buf,
		    sizeof(buf)), nl_geterror(err));
		return -1;
	}
	return 0;
}

int
nlr_route_del(struct nl_sock *sk, const struct nlr_route *vr)
{
	struct rtnl_route *rt;
	char buf[128];
	int err;

	if ((rt = nlr_route_build(vr)) == NULL)
		err = -NLE_NOMEM;
	else {
		err = rtnl_route_delete(sk, rt, 0);
		rtnl_route_put(rt);
	}
	if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_NOADDR &&
	    err != -NLE_NODEV) {
		log_warnx("cannot remove %s: %s", nlr_route_str(vr, buf,
		    sizeof(buf)), nl_geterror(err));
		return -1;
	}
	return 0;
}

/* Build the rtnl_rule for r; NULL on allocation failure. */
static struct rtnl_rule *
nlr_rule_build(const struct nlr_rule *r)
{
	struct rtnl_rule *ru;
	struct nl_addr *a;

	if ((ru = rtnl_rule_alloc()) == NULL)
		return NULL;
	rtnl_rule_set_family(ru, r->family);
	rtnl_rule_set_action(ru, r->action);
	rtnl_rule_set_protocol(ru, RTPROT_KEEPALIVED);
	if (r->action == FR_ACT_TO_TBL)
		rtnl_rule_set_table(ru, r->table);
	if (r->action == FR_ACT_GOTO)
		rtnl_rule_set_goto(ru, r->goto_prio);
	if (r->has_prio)
		rtnl_rule_set_prio(ru, r->prio);
	if (r->has_mark) {
		rtnl_rule_set_mark(ru, r->mark);
		rtnl_rule_set_mask(ru, r->mask);
	}
	if (r->tos != 0)
		rtnl_rule_set_dsfield(ru, r->tos);
	if (r->iif[0] != '\0')
		rtnl_rule_set_iif(ru, r->iif);
	if (r->oif[0] != '\0')
		rtnl_rule_set_oif(ru, r->oif);
	if (r->from.family != 0 && (a = nlr_nladdr(&r->from,
	    r->from_len)) != NULL) {
		rtnl_rule_set_src(ru, a);
		nl_addr_put(a);
	}
	if (r->to.family != 0 && (a = nlr_nladdr(&r->to, r->to_len)) != NULL) {
		rtnl_rule_set_dst(ru, a);
		nl_addr_put(a);
	}
	return ru;
}

int
nlr_rule_add(struct nl_sock *sk, const struct nlr_rule *r)
{
	struct rtnl_rule *ru;
	char buf[160];
	int err;

	if ((ru = nlr_rule_build(r)) == NULL)
		err = -NLE_NOMEM;
	else {
		err = rtnl_rule_add(sk, ru, NLM_F_EXCL);
		rtnl_rule_put(ru);
	}
	if (err < 0 && err != -NLE_EXIST) {
		log_warnx("cannot add %s: %s", nlr_rule_str(r, buf,
		    sizeof(buf)), nl_geterror(err));
		return -1;
	}
	return 0;
}

int
nlr_rule_del(struct nl_sock *sk, const struct nlr_rule *r)
{
	struct rtnl_rule *ru;
	char buf[160];
	int err;

	if ((ru = nlr_rule_build(r)) == NULL)
		err = -NLE_NOMEM;
	else {
		err = rtnl_rule_delete(sk, ru, 0);
		rtnl_rule_put(ru);
	}
	if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_NOADDR) {
		log_warnx("cannot remove %s: %s", nlr_rule_str(r, buf,
		    sizeof(buf)), nl_geterror(err));
		return -1;
	}
	return 0;
}
