/*
 * Route and rule lines in the words keepalived writes to keepalived.json
 * ("vroutes", "vrules"), so that vigil.json holds the same strings for the
 * same virtual_routes and virtual_rules (observed on keepalived 2.2.7):
 *   prepend 198.51.100.0/24 src 192.0.2.10 via inet 192.0.2.254 dev eth0
 *       table 7 proto 18 metric 9
 *   from 192.0.2.0/24 to 198.51.100.0/24 priority 2002 tos 0x0 fwmark 0x5/0xff
 *       iif eth0 oif eth1 protocol 18 lookup 100
 A route without a device ends in " no_track", as keepalived's does.
 * keepalived 2.2.7 also appends " [installed ifindex 0]" to IPv6 routes
 * with a device, a note on its own bookkeeping that vigil does not copy.
 */
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <stdarg.h>
#include <stdio.h>

#include "common/nlroute.h"

#define KA_PROTO	18	/* RTPROT_KEEPALIVED */

struct kabuf {
	char	*p;
	size_t	 len, n;
};

static void ka_add(struct kabuf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
ka_add(struct kabuf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (b->n >= b->len)
		return;
	va_start(ap, fmt);
	r = vsnprintf(b->p + b->n, b->len - b->n, fmt, ap);
	va_end(ap);
	if (r > 0)
		b->n += (size_t)r;
}

static const char *
ka_ip(const struct nlr_ipaddr *a, char *buf, size_t len)
{
	if (inet_ntop(a->family, &a->u, buf, (socklen_t)len) == NULL)
		buf[0] = '\0';
	return buf;
}

/* ADDR, or ADDR/LEN where LEN is not the whole address. */
static void
ka_prefix(struct kabuf *b, const struct nlr_ipaddr *a, unsigned int plen)
{
	char s[INET6_ADDRSTRLEN];
	unsigned int max = a->family == AF_INET ? 32 : 128;

	ka_add(b, "%s", ka_ip(a, s, sizeof(s)));
	if (plen != max)
		ka_add(b, "/%u", plen);
}

const char *
nlr_route_ka_str(const struct nlr_route *r, const char *dev, char *buf,
    size_t len)
{
	struct kabuf b = { buf, len, 0 };
	char s[INET6_ADDRSTRLEN];

	if (len == 0)
		return buf;
	buf[0] = '\0';
	ka_add(&b, "prepend ");
	ka_prefix(&b, &r->dst, r->dst_len);
	if (r->has_src)
		ka_add(&b, " src %s", ka_ip(&r->src, s, sizeof(s)));
	if (r->has_gw)
		ka_add(&b, " via %s %s", r->gw.family == AF_INET6 ? "inet6" :
		    "inet", ka_ip(&r->gw, s, sizeof(s)));
	if (dev != NULL && dev[0] != '\0')
		ka_add(&b, " dev %s", dev);
	if (r->table != 0 && r->table != 254)
		ka_add(&b, " table %u", r->table);
	ka_add(&b, " proto %d", KA_PROTO);
	if (r->metric != 0)
		ka_add(&b, " metric %u", r->metric);
	if (dev == NULL || dev[0] == '\0')
		ka_add(&b, " no_track");
	return buf;
}

const char *
nlr_rule_ka_str(const struct nlr_rule *r, char *buf, size_t len)
{
	struct kabuf b = { buf, len, 0 };

	if (len == 0)
		return buf;
	buf[0] = '\0';
	ka_add(&b, "from ");
	if (r->from.family != 0)
		ka_prefix(&b, &r->from, r->from_len);
	else
		ka_add(&b, "all");
	if (r->to.family != 0) {
		ka_add(&b, " to ");
		ka_prefix(&b, &r->to, r->to_len);
	}
	ka_add(&b, " priority %u tos 0x%x", r->prio, r->tos);
	if (r->has_mark) {
		ka_add(&b, " fwmark 0x%x", r->mark);
		if (r->mask != 0xffffffffu)
			ka_add(&b, "/0x%x", r->mask);
	}
	if (r->iif[0] != '\0')
		ka_add(&b, " iif %s", r->iif);
	if (r->oif[0] != '\0')
		ka_add(&b, " oif %s", r->oif);
	ka_add(&b, " protocol %d", KA_PROTO);
	switch (r->action) {
	case FR_ACT_GOTO:
		ka_add(&b, " goto %u", r->goto_prio);
		break;
	case FR_ACT_BLACKHOLE:
		ka_add(&b, " type blackhole");
		break;
	case FR_ACT_UNREACHABLE:
		ka_add(&b, " type unreachable");
		break;
	case FR_ACT_PROHIBIT:
		ka_add(&b, " type prohibit");
		break;
	default:
		ka_add(&b, " lookup %u", r->table != 0 ? r->table : 254);
		break;
	}
	return buf;
}
