/*
 * Route and rule lines, as keepalived reads them (see nlroute.h for the
 * words). Words vigil does not act on are ignored with a warning; a line
 * that names no destination (routes) or a bad address is refused.
 */
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <net/if.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/nlroute.h"

static int
nlr_addr_parse(const char *s, struct nlr_ipaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->u.v4) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, &a->u.v6) == 1)
		a->family = AF_INET6;
	else
		return -1;
	return 0;
}

/* ADDR[/LEN]; "default" and "all" leave a family 0 with length 0. */
static int
nlr_prefix_parse(char *s, struct nlr_ipaddr *a, uint8_t *plen)
{
	char *slash, *end;
	long len, max;

	memset(a, 0, sizeof(*a));
	*plen = 0;
	if (strcmp(s, "default") == 0 || strcmp(s, "all") == 0)
		return 0;
	if ((slash = strchr(s, '/')) != NULL)
		*slash++ = '\0';
	if (nlr_addr_parse(s, a) == -1)
		return -1;
	max = a->family == AF_INET ? 32 : 128;
	len = max;
	if (slash != NULL) {
		len = strtol(slash, &end, 10);
		if (*end != '\0' || len < 0 || len > max)
			return -1;
	}
	*plen = (uint8_t)len;
	return 0;
}

static int
nlr_u32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long n = strtoul(s, &end, 0);

	if (*s == '\0' || *end != '\0' || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* A table number, or one of the names every iproute2 knows (keepalived
 * reads /etc/iproute2/rt_tables; these three are in it everywhere). */
static int
nlr_table(const char *s, uint32_t *v)
{
	if (strcmp(s, "main") == 0)
		*v = 254;
	else if (strcmp(s, "local") == 0)
		*v = 255;
	else if (strcmp(s, "default") == 0)
		*v = 253;
	else
		return nlr_u32(s, v);
	return 0;
}

static bool
nlr_is(const char *tok, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(tok, *words) == 0)
			return true;
	return false;
}

/* One "word value" of a route; -1 if the value is bad. */
static int
nlr_route_word(struct nlr_route *vr, const char *tok, const char *val,
    char dev[IF_NAMESIZE])
{
	if (strcmp(tok, "src") == 0) {
		vr->has_src = true;
		return nlr_addr_parse(val, &vr->src);
	}
	if (strcmp(tok, "dev") == 0) {
		snprintf(dev, IF_NAMESIZE, "%s", val);
		return 0;
	}
	if (strcmp(tok, "table") == 0)
		return nlr_table(val, &vr->table);
	if (strcmp(tok, "metric") == 0)
		return nlr_u32(val, &vr->metric);
	vr->has_gw = true;
	return nlr_addr_parse(val, &vr->gw);
}

int
nlr_route_parse(const char *who, const char *line, struct nlr_route *vr,
    char dev[IF_NAMESIZE])
{
	static const char *const valued[] = { "src", "via", "gw", "dev",
	    "table", "metric", NULL };
	char buf[256], *tok, *val, *save = NULL;
	bool have_dst = false;
	int bad = 0;

	memset(vr, 0, sizeof(*vr));
	dev[0] = '\0';
	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " \t", &save); tok != NULL && !bad;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (strcmp(tok, "to") == 0)
			continue;
		/* track_group NAME: vigil's, not the kernel's */
		if (strcmp(tok, "track_group") == 0) {
			bad = strtok_r(NULL, " \t", &save) == NULL;
			continue;
		}
		if (nlr_is(tok, valued)) {
			if ((val = strtok_r(NULL, " \t", &save)) == NULL)
				bad = 1;
			else
				bad = nlr_route_word(vr, tok, val, dev) == -1;
		} else if (!have_dst) {
			bad = nlr_prefix_parse(tok, &vr->dst,
			    &vr->dst_len) == -1;
			have_dst = true;
		} else
			log_warnx("(%s) route \"%s\": \"%s\" ignored", who,
			    line, tok);
	}
	if (!bad && have_dst && vr->dst.family == 0)	/* "default" */
		vr->dst.family = vr->has_gw ? vr->gw.family : AF_INET;
	if (bad || !have_dst) {
		log_warnx("(%s) route \"%s\" not understood: ignored", who,
		    line);
		return -1;
	}
	return 0;
}

/* One "word value" of a rule; -1 if the value is bad. */
static int
nlr_rule_word(struct nlr_rule *r, const char *tok, char *val)
{
	char *slash;

	if (strcmp(tok, "from") == 0)
		return nlr_prefix_parse(val, &r->from, &r->from_len);
	if (strcmp(tok, "to") == 0)
		return nlr_prefix_parse(val, &r->to, &r->to_len);
	if (strcmp(tok, "table") == 0 || strcmp(tok, "lookup") == 0) {
		r->action = FR_ACT_TO_TBL;
		return nlr_table(val, &r->table);
	}
	if (strcmp(tok, "goto") == 0) {
		r->action = FR_ACT_GOTO;
		return nlr_u32(val, &r->goto_prio);
	}
	if (strcmp(tok, "iif") == 0 || strcmp(tok, "oif") == 0) {
		snprintf(tok[0] == 'i' ? r->iif : r->oif, IF_NAMESIZE, "%s",
		    val);
		return 0;
	}
	if (strcmp(tok, "fwmark") == 0) {
		r->has_mark = true;
		r->mask = UINT32_MAX;
		if ((slash = strchr(val, '/')) != NULL) {
			*slash++ = '\0';
			if (nlr_u32(slash, &r->mask) == -1)
				return -1;
		}
		return nlr_u32(val, &r->mark);
	}
	if (strcmp(tok, "tos") == 0 || strcmp(tok, "dsfield") == 0) {
		uint32_t v;

		if (nlr_u32(val, &v) == -1 || v > 255)
			return -1;
		r->tos = (uint8_t)v;
		return 0;
	}
	r->has_prio = true;		/* priority, preference, pref, prio */
	return nlr_u32(val, &r->prio);
}

/* A word without a value; false if it is not one. */
static bool
nlr_rule_flag(struct nlr_rule *r, const char *tok)
{
	if (strcmp(tok, "inet") == 0)
		r->family = AF_INET;
	else if (strcmp(tok, "inet6") == 0)
		r->family = AF_INET6;
	else if (strcmp(tok, "blackhole") == 0)
		r->action = FR_ACT_BLACKHOLE;
	else if (strcmp(tok, "unreachable") == 0)
		r->action = FR_ACT_UNREACHABLE;
	else if (strcmp(tok, "prohibit") == 0)
		r->action = FR_ACT_PROHIBIT;
	else if (strcmp(tok, "no_track") != 0)
		return false;
	return true;
}

/* The family: given, or the addresses', or IPv4; -1 if they differ. */
static int
nlr_rule_family(struct nlr_rule *r)
{
	sa_family_t f = r->family;

	if (r->from.family != 0 && f != 0 && r->from.family != f)
		return -1;
	if (r->from.family != 0)
		f = r->from.family;
	if (r->to.family != 0 && f != 0 && r->to.family != f)
		return -1;
	if (r->to.family != 0)
		f = r->to.family;
	r->family = f != 0 ? f : AF_INET;
	return 0;
}

int
nlr_rule_parse(const char *who, const char *line, struct nlr_rule *r)
{
	static const char *const valued[] = { "from", "to", "table",
	    "lookup", "goto", "iif", "oif", "fwmark", "tos", "dsfield",
	    "priority", "preference", "pref", "prio", NULL };
	char buf[256], *tok, *val, *save = NULL;
	int bad = 0;

	memset(r, 0, sizeof(*r));
	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " \t", &save); tok != NULL && !bad;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (strcmp(tok, "track_group") == 0) {
			bad = strtok_r(NULL, " \t", &save) == NULL;
			continue;
		}
		if (nlr_is(tok, valued)) {
			if ((val = strtok_r(NULL, " \t", &save)) == NULL)
				bad = 1;
			else
				bad = nlr_rule_word(r, tok, val) == -1;
		} else if (!nlr_rule_flag(r, tok))
			log_warnx("(%s) rule \"%s\": \"%s\" ignored", who,
			    line, tok);
	}
	if (!r->has_prio) {
		r->has_prio = r->prio_default = true;
		r->prio = NLR_RULE_PRIO;
	}
	if (bad || nlr_rule_family(r) == -1 || r->action == FR_ACT_UNSPEC) {
		log_warnx("(%s) rule \"%s\" not understood%s: ignored", who,
		    line, !bad && r->action == FR_ACT_UNSPEC ?
		    " (no table, goto or action)" : "");
		return -1;
	}
	return 0;
}

bool
nlr_ipaddr_eq(const struct nlr_ipaddr *a, const struct nlr_ipaddr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
	return true;
}

bool
nlr_route_eq(const struct nlr_route *x, const struct nlr_route *y)
{
	return nlr_ipaddr_eq(&x->dst, &y->dst) && x->dst_len == y->dst_len &&
	    x->has_gw == y->has_gw && (!x->has_gw ||
	    nlr_ipaddr_eq(&x->gw, &y->gw)) && x->has_src == y->has_src &&
	    (!x->has_src || nlr_ipaddr_eq(&x->src, &y->src)) &&
	    x->table == y->table && x->metric == y->metric &&
	    x->ifindex == y->ifindex;
}

bool
nlr_rule_eq(const struct nlr_rule *x, const struct nlr_rule *y)
{
	return x->family == y->family && nlr_ipaddr_eq(&x->from, &y->from) &&
	    x->from_len == y->from_len && nlr_ipaddr_eq(&x->to, &y->to) &&
	    x->to_len == y->to_len && x->table == y->table &&
	    x->has_prio == y->has_prio && (!x->has_prio ||
	    x->prio == y->prio) && strcmp(x->iif, y->iif) == 0 &&
	    strcmp(x->oif, y->oif) == 0 && x->has_mark == y->has_mark &&
	    (!x->has_mark || (x->mark == y->mark && x->mask == y->mask)) &&
	    x->tos == y->tos && x->action == y->action &&
	    x->goto_prio == y->goto_prio;
}
