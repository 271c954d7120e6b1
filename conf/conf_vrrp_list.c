/*
 * Entry parsers and dumps of the list blocks shared by vrrp_instance,
 * vrrp_sync_group and the static_* blocks: addresses, routes and rules,
 * references by name, unicast peers. One line may hold several entries
 * ("virtual_ipaddress { 192.0.2.1/24 192.0.2.2/24 }"): an entry ends where
 * a word that cannot continue it starts the next one.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

static const void *
list_at(const struct conf_obj *obj, const struct conf_kw *kw)
{
	return (const char *)obj + kw->off;
}

/* Append " word" to *extra. */
static void
extra_add(char **extra, const char *word)
{
	char *s;

	xasprintf(&s, "%s%s%s", *extra ? *extra : "", *extra ? " " : "",
	    word);
	free(*extra);
	*extra = s;
}

static bool
vip_flag(const char *s)
{
	static const char *const flags[] = { "home", "-nodad", "nodad",
	    "noprefixroute", "autojoin" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(flags); i++)
		if (strcmp(s, flags[i]) == 0)
			return true;
	return false;
}

/* scope: a name as ip-address(8) knows it, or a number 0-255. */
static int
vip_check_scope(struct conf_ctx *ctx, const struct conf_arg *val)
{
	static const char *const scopes[] = { "global", "site", "link",
	    "host", "nowhere" };
	char *end;
	long n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scopes); i++)
		if (strcmp(val->s, scopes[i]) == 0)
			return 0;
	n = strtol(val->s, &end, 10);
	if (*val->s != '\0' && *end == '\0' && n >= 0 && n <= 255)
		return 0;
	conf_error(ctx, &val->loc, "scope '%s' is not one of global, site, "
	    "link, host, nowhere or 0-255%s", val->s,
	    conf_did_you_mean(val->s, scopes, ARRAY_SIZE(scopes)));
	return -1;
}

/* One option of an address entry at args[i]; returns args used or -1. */
static int
vip_option(struct conf_ctx *ctx, struct conf_vip *v,
    const struct conf_arg *args, size_t i, size_t nargs)
{
	const char *o = args[i].s;
	const struct conf_arg *val = i + 1 < nargs ? &args[i + 1] : NULL;

	if (strcmp(o, "no_track") == 0) {
		v->no_track = true;
		return 1;
	}
	if (vip_flag(o)) {
		extra_add(&v->extra, o);
		return 1;
	}
	if (strcmp(o, "brd") && strcmp(o, "broadcast") && strcmp(o, "dev") &&
	    strcmp(o, "scope") && strcmp(o, "label") && strcmp(o, "peer") &&
	    strcmp(o, "preferred_lft") && strcmp(o, "track_group")) {
		conf_error(ctx, &args[i].loc, "'%s' is not an address option "
		    "(brd, dev, scope, label, peer, preferred_lft, no_track, "
		    "home, nodad, noprefixroute, autojoin, track_group)", o);
		return -1;
	}
	if (val == NULL) {
		conf_error(ctx, &args[i].loc, "%s needs a value", o);
		return -1;
	}
	if (conf_str_needs_quotes(val->s)) {
		conf_error(ctx, &val->loc, "%s: '%s' is not a valid value", o,
		    val->s);
		return -1;
	}
	if (strcmp(o, "brd") == 0 || strcmp(o, "broadcast") == 0)
		return conf_parse_addr(ctx, val, o, false, &v->brd) < 0 ? -1 : 2;
	if (strcmp(o, "dev") == 0) {
		if (conf_check_ifname(ctx, val) < 0)
			return -1;
		free(v->dev);
		v->dev = xstrdup(val->s);
		v->dev_loc = val->loc;
		return 2;
	}
	if (strcmp(o, "scope") == 0) {
		if (vip_check_scope(ctx, val) < 0)
			return -1;
		free(v->scope);
		v->scope = xstrdup(val->s);
		return 2;
	}
	if (strcmp(o, "label") == 0) {
		free(v->label);
		v->label = xstrdup(val->s);
		return 2;
	}
	if (strcmp(o, "peer") == 0) {
		struct conf_addr a;

		if (conf_parse_addr(ctx, val, o, true, &a) < 0)
			return -1;
	}
	extra_add(&v->extra, o);
	extra_add(&v->extra, val->s);
	return 2;
}

void
conf_vip_free(struct conf_vip *v)
{
	free(v->dev);
	free(v->scope);
	free(v->label);
	free(v->extra);
	free(v);
}

void
conf_vip_list_free(struct conf_vip_list *l)
{
	struct conf_vip *v;

	while ((v = TAILQ_FIRST(l)) != NULL) {
		TAILQ_REMOVE(l, v, entry);
		conf_vip_free(v);
	}
}

static int
vip_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	struct conf_vip_list *l = (struct conf_vip_list *)obj;
	struct conf_addr probe;
	struct conf_vip *v;
	size_t i;
	int r;

	v = xcalloc(1, sizeof(*v));
	v->loc = args[0].loc;
	if (conf_parse_addr(ctx, &args[0], "address", true, &v->addr) < 0) {
		conf_vip_free(v);
		return -1;
	}
	for (i = 1; i < nargs; i += r) {
		if (conf_addr_from_str(args[i].s, true, &probe) == 0)
			break;
		if ((r = vip_option(ctx, v, args, i, nargs)) < 0) {
			conf_vip_free(v);
			return -1;
		}
	}
	TAILQ_INSERT_TAIL(l, v, entry);
	return (int)i;
}

const struct conf_block conf_vip_block = {
	.name = "virtual_ipaddress",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = vip_entry,
};

void
conf_vip_list_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vip_list *l = list_at(obj, kw);
	const struct conf_vip *v;

	if (TAILQ_EMPTY(l))
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s {\n", kw->name);
	TAILQ_FOREACH(v, l, entry) {
		conf_dump_indent(out, depth + 1);
		conf_dump_addr(out, &v->addr);
		if (v->brd.family != AF_UNSPEC) {
			fputs(" brd ", out);
			conf_dump_addr(out, &v->brd);
		}
		if (v->dev != NULL)
			fprintf(out, " dev %s", v->dev);
		if (v->scope != NULL)
			fprintf(out, " scope %s", v->scope);
		if (v->label != NULL) {
			fputs(" label ", out);
			conf_dump_str(out, v->label);
		}
		if (v->extra != NULL)
			fprintf(out, " %s", v->extra);
		if (v->no_track)
			fputs(" no_track", out);
		fputc('\n', out);
	}
	conf_dump_indent(out, depth);
	fputs("}\n", out);
}

/* unicast_peer: ADDR [min_ttl N] [max_ttl N] */
static int
peer_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	struct conf_vip_list *l = (struct conf_vip_list *)obj;
	struct conf_vip *v;
	int64_t ttl;
	size_t i;

	v = xcalloc(1, sizeof(*v));
	v->loc = args[0].loc;
	if (conf_parse_addr(ctx, &args[0], "unicast_peer", false,
	    &v->addr) < 0) {
		conf_vip_free(v);
		return -1;
	}
	for (i = 1; i + 1 < nargs && (strcmp(args[i].s, "min_ttl") == 0 ||
	    strcmp(args[i].s, "max_ttl") == 0); i += 2) {
		if (conf_parse_int(ctx, &args[i + 1], args[i].s, 0, 255,
		    &ttl) < 0) {
			conf_vip_free(v);
			return -1;
		}
		extra_add(&v->extra, args[i].s);
		extra_add(&v->extra, args[i + 1].s);
	}
	TAILQ_INSERT_TAIL(l, v, entry);
	return (int)i;
}

const struct conf_block conf_peer_block = {
	.name = "unicast_peer",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = peer_entry,
};

/* Routes and rules: words that introduce an address. */
static bool
route_addr_word(const char *s)
{
	static const char *const w[] = { "from", "to", "src", "via", "gw",
	    "blackhole", "unreachable", "prohibit", "throw" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(w); i++)
		if (strcmp(s, w[i]) == 0)
			return true;
	return false;
}

/* Route types, which are also rule actions. */
static bool
route_type_word(const char *s)
{
	return strcmp(s, "blackhole") == 0 || strcmp(s, "unreachable") == 0 ||
	    strcmp(s, "prohibit") == 0 || strcmp(s, "throw") == 0;
}

static bool
route_addr_like(const char *c)
{
	return strchr(c, '/') != NULL || strchr(c, ':') != NULL ||
	    (*c >= '0' && *c <= '9') || strcmp(c, "default") == 0;
}

static int
route_check_addr(struct conf_ctx *ctx, const struct conf_arg *a)
{
	struct conf_addr addr;

	if (strcmp(a->s, "all") == 0 || strcmp(a->s, "default") == 0)
		return 0;
	return conf_parse_addr(ctx, a, "address", true, &addr);
}

/* A whole line is one route or rule; its addresses are checked. */
static int
route_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	struct conf_route_list *l = (struct conf_route_list *)obj;
	struct conf_route *r;
	const char *c = args[0].s;
	size_t i;

	for (i = 0; i < nargs; i++)
		if (conf_str_needs_quotes(args[i].s)) {
			conf_error(ctx, &args[i].loc, "'%s' is not valid in a "
			    "route or rule", args[i].s);
			return -1;
		}
	if (!route_addr_word(c) && strcmp(c, "default") != 0 &&
	    route_addr_like(c) && route_check_addr(ctx, &args[0]) < 0)
		return -1;
	for (i = 0; i + 1 < nargs; i++) {
		if (!route_addr_word(args[i].s))
			continue;
		/* A rule's action ("unreachable priority 2005") takes no
		 * address; a route's type ("blackhole 203.0.113.0/24") does. */
		if (route_type_word(args[i].s) &&
		    !route_addr_like(args[i + 1].s))
			continue;
		/* "via inet6 fe80::1": the family may come first. */
		if ((strcmp(args[i + 1].s, "inet") == 0 ||
		    strcmp(args[i + 1].s, "inet6") == 0) && ++i + 1 >= nargs)
			break;
		if (route_check_addr(ctx, &args[i + 1]) < 0)
			return -1;
	}
	r = xcalloc(1, sizeof(*r));
	r->loc = args[0].loc;
	r->text = conf_join_args(args, nargs);
	TAILQ_INSERT_TAIL(l, r, entry);
	return (int)nargs;
}

const struct conf_block conf_route_block = {
	.name = "virtual_routes",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = route_entry,
};

void
conf_route_list_free(struct conf_route_list *l)
{
	struct conf_route *r;

	while ((r = TAILQ_FIRST(l)) != NULL) {
		TAILQ_REMOVE(l, r, entry);
		free(r->text);
		free(r);
	}
}

void
conf_route_list_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_route_list *l = list_at(obj, kw);
	const struct conf_route *r;

	if (TAILQ_EMPTY(l))
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s {\n", kw->name);
	TAILQ_FOREACH(r, l, entry) {
		conf_dump_indent(out, depth + 1);
		fprintf(out, "%s\n", r->text);
	}
	conf_dump_indent(out, depth);
	fputs("}\n", out);
}

/* NAME [weight N [reverse]]; interfaces also check the name's syntax;
 * other objects also take noreverse (or no_reverse): with a weight of
 * their own they otherwise keep the reverse of their definition. */
static int
ref_entry_common(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs, bool ifname, int64_t lim)
{
	struct conf_ref_list *l = (struct conf_ref_list *)obj;
	struct conf_ref *r;
	int64_t w = 0;
	size_t i = 1;

	if (ifname && conf_check_ifname(ctx, &args[0]) < 0)
		return -1;
	if (nargs > 1 && strncmp(args[1].s, "weight=", 7) == 0) {
		/* keepalived: "unknown track script option", and the
		 * track is dropped: the script is not used. */
		conf_error(ctx, &args[1].loc, "'%s' is not an option: weight "
		    "and its value are separate words; write '%s weight %s' "
		    "(keepalived 2.2.7 drops this track: %s is not tracked)",
		    args[1].s, args[0].s, args[1].s + 7, args[0].s);
		return -1;
	}
	if (nargs > 1 && strcmp(args[1].s, "weight") == 0) {
		if (nargs < 3) {
			conf_error(ctx, &args[1].loc, "weight needs a value");
			return -1;
		}
		if (conf_parse_int(ctx, &args[2], "weight", -lim, lim, &w) < 0)
			return -1;
		i = 3;
	}
	r = xcalloc(1, sizeof(*r));
	r->loc = args[0].loc;
	r->name = xstrdup(args[0].s);
	r->weight = (int)w;
	r->has_weight = i == 3;
	if (i < nargs && strcmp(args[i].s, "reverse") == 0) {
		r->reverse = true;
		i++;
	} else if (i < nargs && !ifname && r->has_weight &&
	    (strcmp(args[i].s, "noreverse") == 0 ||
	    strcmp(args[i].s, "no_reverse") == 0)) {
		r->noreverse = true;
		i++;
	}
	TAILQ_INSERT_TAIL(l, r, entry);
	return (int)i;
}

static int
ref_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	return ref_entry_common(ctx, obj, args, nargs, false, 253);
}

/* track_file and track_process take -254..254, as in keepalived. */
static int
wref_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	return ref_entry_common(ctx, obj, args, nargs, false, 254);
}

static int
ifref_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	return ref_entry_common(ctx, obj, args, nargs, true, 253);
}

/* Names only: sync group members. */
static int
name_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	struct conf_ref_list *l = (struct conf_ref_list *)obj;
	struct conf_ref *r = xcalloc(1, sizeof(*r));

	r->loc = args[0].loc;
	r->name = xstrdup(args[0].s);
	TAILQ_INSERT_TAIL(l, r, entry);
	return 1;
}

const struct conf_block conf_ref_block = {
	.name = "track_script",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = ref_entry,
};

const struct conf_block conf_wref_block = {
	.name = "track_file",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = wref_entry,
};

const struct conf_block conf_ifref_block = {
	.name = "track_interface",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = ifref_entry,
};

const struct conf_block conf_name_block = {
	.name = "group",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = name_entry,
};

void
conf_ref_list_free(struct conf_ref_list *l)
{
	struct conf_ref *r;

	while ((r = TAILQ_FIRST(l)) != NULL) {
		TAILQ_REMOVE(l, r, entry);
		free(r->name);
		free(r);
	}
}

/* Lists of references are printed even when empty only for "group". */
void
conf_ref_list_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_ref_list *l = list_at(obj, kw);
	const struct conf_ref *r;

	if (TAILQ_EMPTY(l))
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s {\n", kw->name);
	TAILQ_FOREACH(r, l, entry) {
		conf_dump_indent(out, depth + 1);
		conf_dump_str(out, r->name);
		if (r->has_weight)
			fprintf(out, " weight %d", r->weight);
		if (r->reverse)
			fputs(" reverse", out);
		if (r->noreverse)
			fputs(" noreverse", out);
		fputc('\n', out);
	}
	conf_dump_indent(out, depth);
	fputs("}\n", out);
}

/* A name referred to but not defined: error with a suggestion. */
void
conf_ref_unknown(struct conf_ctx *ctx, const struct conf_ref *r,
    const char *what, const char *const *names, size_t n)
{
	conf_error(ctx, &r->loc, "%s %s is not defined%s", what, r->name,
	    conf_did_you_mean(r->name, names, n));
}
