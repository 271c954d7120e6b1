/*
 * virtual_server_group, virtual_server, real_server, the health checkers
 * and SSL: keyword tables, their hooks, the check pass (references,
 * inheritance from virtual to real server to checker, keepalived's
 * defaults) and the dump.
 *
 * What a checker does not set comes from its real server, then its
 * virtual server, then the checker type's own default, as in keepalived.
 * Since a virtual server's keywords may follow its real servers, that
 * inheritance is resolved in the check pass, once everything is read.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define VS(m)	CONF_OFF(struct conf_virtual_server, m)
#define RS(m)	CONF_OFF(struct conf_real_server, m)
#define CK(m)	CONF_OFF(struct conf_check, m)
#define URL(m)	CONF_OFF(struct conf_url, m)
#define HOST(m)	CONF_OFF(struct conf_smtp_host, m)
#define SSLF(m)	CONF_OFF(struct conf_ssl, m)

#define USEC			1000000
#define TIMER_MAX		(INT64_C(4294967295) * USEC)
#define TIMER(n, f, lo)		{ n, CONF_T_DECIMAL, f, .scale = USEC, \
				  .min = (lo), .max = TIMER_MAX }
/* keepalived keeps connect_timeout in microseconds in an unsigned int */
#define CONNECT_TIMEOUT(f)	{ "connect_timeout", CONF_T_DECIMAL, f, \
				  .scale = USEC, .min = 1, .max = UINT32_MAX }
#define UNSUP(n, a)		{ n, .flags = CONF_KW_UNSUPPORTED, \
				  .max_args = (a) }
#define PERSIST_DEFAULT		360		/* keepalived, ipvsadm */
#define PERSIST_MAX		(86400 * 31)
#define WEIGHT_MAX		INT32_MAX

/* Every checker type: its keyword, the table it is read with and
 * keepalived's defaults of retry and delay_before_retry (-1: delay_loop). */
struct check_type {
	const char		*name;
	const struct conf_block	*blk;
	uint32_t		 retry;
	int64_t			 delay_before_retry_us;
	int			 default_port;	/* 0: the real server's only */
};

static const struct check_type check_types[CONF_CHECK_UDP + 1];

static void	lvs_free_rs(struct conf_real_server *);

/* --- names --- */

static const struct conf_enum sched_enums[] = {
	{ "rr", CONF_SCHED_RR }, { "wrr", CONF_SCHED_WRR },
	{ "lc", CONF_SCHED_LC }, { "wlc", CONF_SCHED_WLC },
	{ "lblc", CONF_SCHED_LBLC }, { "lblcr", CONF_SCHED_LBLCR },
	{ "sh", CONF_SCHED_SH }, { "mh", CONF_SCHED_MH },
	{ "dh", CONF_SCHED_DH }, { "fo", CONF_SCHED_FO },
	{ "ovf", CONF_SCHED_OVF }, { "sed", CONF_SCHED_SED },
	{ "nq", CONF_SCHED_NQ }, { "twos", CONF_SCHED_TWOS },
	{ NULL, 0 }
};

static const struct conf_enum proto_enums[] = {
	{ "TCP", CONF_PROTO_TCP }, { "UDP", CONF_PROTO_UDP },
	{ "SCTP", CONF_PROTO_SCTP }, { NULL, 0 }
};

static const struct conf_enum family_enums[] = {
	{ "inet", AF_INET }, { "inet6", AF_INET6 }, { NULL, 0 }
};

static const struct conf_enum http_proto_enums[] = {
	{ "1.0", CONF_HTTP_10 }, { "1.0C", CONF_HTTP_10C },
	{ "1.1", CONF_HTTP_11 }, { NULL, 0 }
};

static const struct conf_enum dns_type_enums[] = {
	{ "A", CONF_DNS_A }, { "NS", CONF_DNS_NS }, { "CNAME", CONF_DNS_CNAME },
	{ "SOA", CONF_DNS_SOA }, { "MX", CONF_DNS_MX }, { "TXT", CONF_DNS_TXT },
	{ "AAAA", CONF_DNS_AAAA }, { NULL, 0 }
};

static const char *const method_names[] = { "NAT", "DR", "TUN" };
static const char *const tun_names[] = { "ipip", "gue", "gre" };
static const char *const csum_names[] = { "nocsum", "csum", "remcsum" };

static const char *
enum_name(const struct conf_enum *e, int v)
{
	for (; e->name != NULL; e++)
		if (e->value == v)
			return e->name;
	return "?";
}

const char *
conf_lvs_sched_name(int sched)
{
	return enum_name(sched_enums, sched);
}

const char *
conf_lvs_method_name(int method)
{
	if (method < 0 || method >= (int)ARRAY_SIZE(method_names))
		return "?";
	return method_names[method];
}

const char *
conf_check_type_name(int type)
{
	if (type < CONF_CHECK_TCP || type > CONF_CHECK_UDP)
		return "?";
	return check_types[type].name;
}

/* --- small helpers --- */

static void *
obj_field(struct conf_obj *obj, const struct conf_kw *kw)
{
	return (char *)obj + kw->off;
}

static const void *
obj_cfield(const struct conf_obj *obj, const struct conf_kw *kw)
{
	return (const char *)obj + kw->off;
}

static int
name_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* A port: a number in [min, 65535] or a service name. */
static int
parse_port(struct conf_ctx *ctx, const struct conf_arg *a, const char *what,
    int min, int *out)
{
	struct servent *se;
	int64_t v;

	if (conf_check_placeholder(ctx, a) < 0)
		return -1;
	if (isdigit((unsigned char)a->s[0])) {
		if (conf_parse_int(ctx, a, what, min, 65535, &v) < 0)
			return -1;
		*out = (int)v;
		return 0;
	}
	if ((se = getservbyname(a->s, NULL)) != NULL) {
		*out = ntohs((uint16_t)se->s_port);
		return 0;
	}
	conf_error(ctx, &a->loc, "%s: '%s' is not a port number (%d-65535) "
	    "or a service name", what, a->s, min);
	return -1;
}

static bool
addr_equal(const struct conf_addr *a, const struct conf_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
}

static int
addr_cmp(const struct conf_addr *a, const struct conf_addr *b)
{
	if (a->family == AF_INET)
		return memcmp(&a->u.v4, &b->u.v4, sizeof(a->u.v4));
	return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6));
}

/* --- generic handlers and dumps for odd syntax --- */

/* A port keyword stored in an int; 0 means not given. */
static int
port_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	return parse_port(ctx, &n->args[0], kw->name, 1, obj_field(obj, kw));
}

static void
dump_port(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	int port = *(const int *)obj_cfield(obj, kw);

	if (port == 0)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s %d\n", kw->name, port);
}

/* A bool printed the keepalived way: the bare keyword when true. */
static void
dump_flag(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	if (!*(const bool *)obj_cfield(obj, kw))
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s\n", kw->name);
}

/* Effective values, resolved by the check pass: always printed. */
static void
dump_timer_always(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	conf_dump_indent(out, depth);
	fprintf(out, "%s ", kw->name);
	conf_dump_decimal(out, *(const int64_t *)obj_cfield(obj, kw), USEC);
	fputc('\n', out);
}

static void
dump_u32_always(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	conf_dump_indent(out, depth);
	fprintf(out, "%s %" PRIu32 "\n", kw->name,
	    *(const uint32_t *)obj_cfield(obj, kw));
}

static void
dump_bool_always(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	conf_dump_indent(out, depth);
	fprintf(out, "%s %s\n", kw->name,
	    *(const bool *)obj_cfield(obj, kw) ? "true" : "false");
}

/* --- lvs_method NAT|DR|TUN [type ipip|gue|gre] [port N] [csum] --- */

static int
tunnel_options(struct conf_ctx *ctx, const struct conf_node *n,
    struct conf_lvs_forward *f)
{
	const struct conf_arg *a;
	bool csum_given = false;
	int i, port = 0, v;
	size_t k;

	for (k = 1; k < n->nargs; k++) {
		a = &n->args[k];
		if (strcmp(a->s, "type") == 0 || strcmp(a->s, "port") == 0) {
			if (k + 1 >= n->nargs) {
				conf_error(ctx, &a->loc, "%s: '%s' needs a "
				    "value", n->kw, a->s);
				return -1;
			}
			if (a->s[0] == 'p') {
				if (parse_port(ctx, &n->args[++k], "tunnel "
				    "port", 1, &port) < 0)
					return -1;
				continue;
			}
			a = &n->args[++k];
			if ((i = name_index(tun_names, 3, a->s)) < 0) {
				conf_error(ctx, &a->loc, "%s: tunnel type '%s' "
				    "is not one of ipip, gue, gre%s", n->kw,
				    a->s,
				    conf_did_you_mean(a->s, tun_names, 3));
				return -1;
			}
			f->tun_type = i;
		} else if ((v = name_index(csum_names, 3, a->s)) >= 0) {
			f->csum = v;
			csum_given = true;
		} else {
			conf_error(ctx, &a->loc, "%s: unknown tunnel option "
			    "'%s' (type, port, nocsum, csum, remcsum)", n->kw,
			    a->s);
			return -1;
		}
	}
	if ((f->tun_type == CONF_TUN_GUE) != (port != 0)) {
		conf_error(ctx, &n->loc, "%s: %s", n->kw, port != 0 ?
		    "only a gue tunnel takes a port" :
		    "a gue tunnel needs 'port N'");
		return -1;
	}
	if (csum_given && f->csum != CONF_CSUM_NOCSUM &&
	    (f->tun_type == CONF_TUN_IPIP || (f->tun_type == CONF_TUN_GRE &&
	    f->csum == CONF_CSUM_REMCSUM))) {
		conf_error(ctx, &n->loc, "%s: a %s tunnel does not support %s",
		    n->kw, tun_names[f->tun_type], csum_names[f->csum]);
		return -1;
	}
	f->tun_port = (uint16_t)port;
	return 0;
}

static int
forward_parse(struct conf_ctx *ctx, const struct conf_node *n,
    struct conf_lvs_forward *out)
{
	struct conf_lvs_forward f = { CONF_LVS_NAT, CONF_TUN_IPIP, 0,
	    CONF_CSUM_NOCSUM };
	const struct conf_arg *a = &n->args[0];
	int i;

	if ((i = name_index(method_names, 3, a->s)) < 0) {
		for (i = 0; i < 3; i++)
			if (strcasecmp(method_names[i], a->s) == 0)
				break;
		if (i < 3)
			conf_note(ctx, &a->loc, "%s '%s' taken as '%s'",
			    n->kw, a->s, method_names[i]);
		else {
			conf_warning(ctx, &a->loc, "%s '%s' is not one of NAT, "
			    "DR, TUN; using NAT%s", n->kw, a->s,
			    conf_did_you_mean(a->s, method_names, 3));
			i = CONF_LVS_NAT;
		}
	}
	f.method = i;
	if (n->nargs > 1 && f.method != CONF_LVS_TUN) {
		conf_error(ctx, &n->args[1].loc, "%s: tunnel options only "
		    "apply to TUN", n->kw);
		return -1;
	}
	if (f.method == CONF_LVS_TUN && tunnel_options(ctx, n, &f) < 0)
		return -1;
	*out = f;
	return 0;
}

static int
forward_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	return forward_parse(ctx, n, obj_field(obj, kw));
}

static void
forward_print(FILE *out, const char *name, const struct conf_lvs_forward *f,
    int depth)
{
	conf_dump_indent(out, depth);
	fprintf(out, "%s %s", name, conf_lvs_method_name(f->method));
	if (f->method == CONF_LVS_TUN) {
		fprintf(out, " type %s", tun_names[f->tun_type]);
		if (f->tun_type == CONF_TUN_GUE)
			fprintf(out, " port %u", f->tun_port);
		if (f->tun_type != CONF_TUN_IPIP)
			fprintf(out, " %s", csum_names[f->csum]);
	}
	fputc('\n', out);
}

static void
dump_forward(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	forward_print(out, kw->name, obj_cfield(obj, kw), depth);
}

/* --- virtual_server_group --- */

/* The end of a range: a whole address, or the last byte (IPv4) or group
 * (IPv6) of the first address ("192.0.2.1-10", "2001:db8::2-9"). */
static int
range_end(struct conf_ctx *ctx, const struct conf_arg *a, const char *s,
    const struct conf_addr *first, struct conf_addr *last)
{
	unsigned long v;
	char *end;

	*last = *first;
	if (strchr(s, '.') != NULL || strchr(s, ':') != NULL) {
		if (conf_addr_from_str(s, false, last) < 0 ||
		    last->family != first->family) {
			conf_error(ctx, &a->loc, "virtual_server_group: '%s' "
			    "is not an address range", a->s);
			return -1;
		}
	} else {
		v = strtoul(s, &end, first->family == AF_INET ? 10 : 16);
		if (*s == '\0' || *end != '\0' ||
		    v > (first->family == AF_INET ? 255UL : 0xffffUL)) {
			conf_error(ctx, &a->loc, "virtual_server_group: '%s' "
			    "is not an address range (the end is a byte of an "
			    "IPv4 or a group of an IPv6 address)", a->s);
			return -1;
		}
		if (first->family == AF_INET)
			((uint8_t *)&last->u.v4)[3] = (uint8_t)v;
		else {
			last->u.v6.s6_addr[14] = (uint8_t)(v >> 8);
			last->u.v6.s6_addr[15] = (uint8_t)v;
		}
	}
	if (addr_cmp(last, first) < 0) {
		conf_error(ctx, &a->loc, "virtual_server_group: range '%s' "
		    "ends before it starts", a->s);
		return -1;
	}
	return 0;
}

/* ADDR, ADDR-END or ADDR/LEN */
static int
vsg_addr(struct conf_ctx *ctx, const struct conf_arg *a,
    struct conf_vs_group_entry *e)
{
	char buf[INET6_ADDRSTRLEN + 48], *dash;

	if (strlen(a->s) >= sizeof(buf)) {
		conf_error(ctx, &a->loc, "virtual_server_group: '%s' is not "
		    "an address", a->s);
		return -1;
	}
	strcpy(buf, a->s);
	if ((dash = strchr(buf, '-')) != NULL)
		*dash++ = '\0';
	if (conf_addr_from_str(buf, dash == NULL, &e->first) < 0) {
		conf_error(ctx, &a->loc, "virtual_server_group: '%s' is not "
		    "an address, range or prefix", a->s);
		return -1;
	}
	if (dash != NULL)
		return range_end(ctx, a, dash, &e->first, &e->last);
	e->last = e->first;
	return 0;
}

/* One entry: "fwmark N [inet|inet6]" or "ADDRESS-SPEC [PORT]". */
static int
vsg_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	struct conf_vs_group *g = (struct conf_vs_group *)obj;
	struct conf_vs_group_entry *e = xcalloc(1, sizeof(*e));
	int used = 1, port;
	int64_t v;

	e->loc = args[0].loc;
	if (strcmp(args[0].s, "fwmark") == 0) {
		if (nargs < 2) {
			conf_error(ctx, &args[0].loc, "fwmark needs a value");
			goto fail;
		}
		if (conf_parse_int(ctx, &args[1], "fwmark", 1, UINT32_MAX,
		    &v) < 0)
			goto fail;
		e->is_fwmark = true;
		e->fwmark = (uint32_t)v;
		used = 2;
		if (nargs > 2 && (strcmp(args[2].s, "inet") == 0 ||
		    strcmp(args[2].s, "inet6") == 0)) {
			e->fwmark_family = args[2].s[4] == '6' ? AF_INET6 :
			    AF_INET;
			used = 3;
		}
	} else {
		if (vsg_addr(ctx, &args[0], e) < 0)
			goto fail;
		if (nargs > 1 && all_digits(args[1].s)) {
			if (parse_port(ctx, &args[1], "port", 0, &port) < 0)
				goto fail;
			e->port = (uint16_t)port;
			used = 2;
		}
	}
	TAILQ_INSERT_TAIL(&g->entries, e, entry);
	g->nentries++;
	return used;
fail:
	free(e);
	return -1;
}

/* Entry lines read as statements (when the group is parsed as a block):
 * the "keyword" is the first word of the entry. */
static int
vsg_unknown(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_node *n)
{
	struct conf_arg *args = xreallocarray(NULL, n->nargs + 1,
	    sizeof(*args));
	size_t i, na = n->nargs + 1;
	int r = 0;

	args[0].s = n->kw;
	args[0].loc = n->loc;
	args[0].quoted = false;
	for (i = 0; i < n->nargs; i++)
		args[i + 1] = n->args[i];
	for (i = 0; i < na; i++)
		if (conf_check_placeholder(ctx, &args[i]) < 0)
			break;
	if (i == na)
		for (i = 0; i < na; i += (size_t)r)
			if ((r = vsg_entry(ctx, obj, &args[i], na - i)) <= 0)
				break;
	if (n->has_block)
		conf_error(ctx, &n->block_loc, "virtual_server_group entries "
		    "do not take a block");
	free(args);
	return 1;
}

static struct conf_obj *
vsg_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_vs_group *g;

	if (node->nargs != 1) {
		conf_error(ctx, &node->loc, "virtual_server_group needs a "
		    "name");
		return NULL;
	}
	TAILQ_FOREACH(g, &conf->lvs.groups, entry)
		if (strcmp(g->name, node->args[0].s) == 0) {
			conf_error(ctx, &node->args[0].loc,
			    "virtual_server_group %s is already defined at "
			    "line %u", g->name,
			    g->obj.loc.line);
			return NULL;
		}
	g = xcalloc(1, sizeof(*g));
	g->obj.loc = node->loc;
	g->name = xstrdup(node->args[0].s);
	TAILQ_INIT(&g->entries);
	TAILQ_INSERT_TAIL(&conf->lvs.groups, g, entry);
	return &g->obj;
}

static void
vsg_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_vs_group *g = (struct conf_vs_group *)obj;

	if (g->nentries == 0)
		conf_error(ctx, &g->obj.loc, "virtual_server_group %s has no "
		    "entries", g->name);
}

const struct conf_block conf_lvs_virtual_server_group_block = {
	.name = "virtual_server_group",
	.kws = (const struct conf_kw[]){ { NULL } },
	.size = sizeof(struct conf_vs_group),
	.open = vsg_open,
	.close = vsg_close,
	.entry = vsg_entry,
	.unknown = vsg_unknown,
};

/* --- url { } of HTTP_GET and SSL_GET --- */

static void
status_set(uint64_t *bits, int code)
{
	bits[(code - 100) / 64] |= UINT64_C(1) << ((code - 100) % 64);
}

static bool
status_has(const uint64_t *bits, int code)
{
	return (bits[(code - 100) / 64] >> ((code - 100) % 64)) & 1;
}

/* status_code 200 200-299 ... */
static int
status_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_url *u = (struct conf_url *)obj;
	uint64_t bits[8] = { 0 };
	struct conf_arg a;
	char buf[32], *dash;
	int64_t lo, hi;
	size_t i;

	for (i = 0; i < n->nargs; i++) {
		a = n->args[i];
		if (strlen(a.s) >= sizeof(buf)) {
			conf_error(ctx, &a.loc, "status_code: '%s' is not a "
			    "code or a range of codes", a.s);
			return -1;
		}
		strcpy(buf, a.s);
		if ((dash = strchr(buf, '-')) != NULL && dash != buf)
			*dash++ = '\0';
		else
			dash = NULL;
		a.s = buf;
		if (conf_parse_int(ctx, &a, "status_code", 100, 599, &lo) < 0)
			return -1;
		hi = lo;
		a.s = dash;
		if (dash != NULL && conf_parse_int(ctx, &a, "status_code", 100,
		    599, &hi) < 0)
			return -1;
		if (hi < lo) {
			conf_error(ctx, &n->args[i].loc, "status_code: range "
			    "'%s' ends before it starts", n->args[i].s);
			return -1;
		}
		for (; lo <= hi; lo++)
			status_set(bits, (int)lo);
	}
	(void)kw;
	memcpy(u->status, bits, sizeof(bits));
	return 0;
}

static void
dump_status(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_url *u = (const struct conf_url *)obj;
	int code, end;

	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	for (code = 100; code <= 599; code++) {
		if (!status_has(u->status, code))
			continue;
		for (end = code; end < 599 && status_has(u->status, end + 1);
		    end++)
			;
		if (end == code)
			fprintf(out, " %d", code);
		else
			fprintf(out, " %d-%d", code, end);
		code = end;
	}
	fputc('\n', out);
}

/* digest: an MD5 sum, 32 hexadecimal digits; stored in lower case. */
static int
digest_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_url *u = (struct conf_url *)obj;
	const char *s = n->args[0].s;
	size_t i;

	for (i = 0; s[i] != '\0' && isxdigit((unsigned char)s[i]); i++)
		;
	if (i != 32 || s[i] != '\0') {
		conf_error(ctx, &n->args[0].loc, "%s '%s' is not an MD5 digest "
		    "(32 hexadecimal digits)", kw->name, s);
		return -1;
	}
	for (i = 0; i < 32; i++)
		u->digest[i] = (char)tolower((unsigned char)u->digest[i]);
	return 0;
}

static const struct conf_kw url_kws[] = {
	{ "path", CONF_T_STRING, URL(path) },
	{ "digest", CONF_T_STRING, URL(digest), .handler = digest_handler },
	{ "status_code", CONF_T_NONE, .min_args = 1, .max_args = CONF_ARGS_ANY,
	  .handler = status_handler, .dump = dump_status },
	{ "virtualhost", CONF_T_STRING, URL(virtualhost) },
	UNSUP("regex", 1),
	UNSUP("regex_no_match", 0),
	UNSUP("regex_options", CONF_ARGS_ANY),
	UNSUP("regex_stack", 2),
	UNSUP("regex_min_offset", 1),
	UNSUP("regex_max_offset", 1),
	{ NULL }
};

static struct conf_obj *
url_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_check *c = (struct conf_check *)parent;
	struct conf_url *u = xcalloc(1, sizeof(*u));

	(void)ctx;
	(void)node;
	TAILQ_INSERT_TAIL(&c->urls, u, entry);
	return &u->obj;
}

static const struct conf_block url_block;

static void
url_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_url *u = (struct conf_url *)obj;
	int code;

	if (u->path == NULL)
		conf_error(ctx, &u->obj.loc, "url needs a path");
	if (!conf_kw_given(&url_block, obj, "status_code"))
		for (code = 200; code <= 299; code++)
			status_set(u->status, code);
}

static const struct conf_block url_block = {
	.name = "url",
	.kws = url_kws,
	.size = sizeof(struct conf_url),
	.open = url_open,
	.close = url_close,
};

/* --- host { } of SMTP_CHECK --- */

static const struct conf_block smtp_block;

/*
 * retry, delay_before_retry, warmup, delay_loop, alpha and
 * log_all_failures written in a host { }: keepalived accepts them there
 * and sets them on the whole SMTP_CHECK, so they are applied (and dumped)
 * there.
 */
static int
host_check_kw(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_smtp_host *h = (struct conf_smtp_host *)obj;

	conf_note(ctx, &n->loc, "%s in host applies to the whole SMTP_CHECK "
	    "(as in keepalived); write it in SMTP_CHECK", n->kw);
	conf_apply_stmt(ctx, &smtp_block, h->check, n);
	return 0;
}

#define HOST_CHECK_KW(n) \
	{ n, CONF_T_NONE, .min_args = 0, .max_args = 1, \
	  .handler = host_check_kw, .flags = CONF_KW_NODUMP | CONF_KW_MULTI }

static const struct conf_kw host_kws[] = {
	{ "connect_ip", CONF_T_IP, HOST(connect_ip) },
	{ "connect_port", CONF_T_NONE, HOST(connect_port), .min_args = 1,
	  .max_args = 1, .handler = port_handler, .dump = dump_port },
	{ "bindto", CONF_T_IP, HOST(bindto) },
	{ "bind_port", CONF_T_NONE, HOST(bind_port), .min_args = 1,
	  .max_args = 1, .handler = port_handler, .dump = dump_port },
	{ "bind_if", CONF_T_IFNAME, HOST(bind_if) },
	CONNECT_TIMEOUT(HOST(connect_timeout_us)),
	{ "fwmark", CONF_T_U32, HOST(fwmark), .min = 1, .max = UINT32_MAX },
	HOST_CHECK_KW("retry"), HOST_CHECK_KW("delay_before_retry"),
	HOST_CHECK_KW("warmup"), HOST_CHECK_KW("delay_loop"),
	HOST_CHECK_KW("alpha"), HOST_CHECK_KW("log_all_failures"),
	{ NULL }
};

static struct conf_obj *
host_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_check *c = (struct conf_check *)parent;
	struct conf_smtp_host *h = xcalloc(1, sizeof(*h));

	(void)ctx;
	(void)node;
	h->check = parent;
	TAILQ_INSERT_TAIL(&c->hosts, h, entry);
	return &h->obj;
}

static const struct conf_block host_block = {
	.name = "host",
	.kws = host_kws,
	.size = sizeof(struct conf_smtp_host),
	.open = host_open,
};

/* --- UDP_CHECK payload and require_reply: free-format hex --- */

static int
hex_digit(int c, bool allow_x, uint8_t *nib, uint8_t *mask)
{
	if (allow_x && (c == 'x' || c == 'X')) {
		*nib = 0;
		*mask = 0;
		return 0;
	}
	if (!isxdigit(c))
		return -1;
	*nib = (uint8_t)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	*mask = 0xf;
	return 0;
}

/* "Ab12f 3 456" is AB 12 0F 03 45 06: each word is read in pairs of digits
 * and an odd last digit is a byte of its own, as keepalived reads it. With
 * allow_x, X stands for a digit that is not compared. */
static int
hex_parse(struct conf_ctx *ctx, const struct conf_node *n, bool allow_x,
    uint8_t **valp, uint8_t **maskp, size_t *lenp)
{
	uint8_t *val, *mask, hi, lo, hm, lm;
	size_t i, k, len = 0, total = 0;
	const char *s;

	for (i = 0; i < n->nargs; i++) {
		s = n->args[i].s;
		for (k = 0; s[k] != '\0'; k++)
			if (hex_digit((unsigned char)s[k], allow_x, &hi,
			    &hm) < 0) {
				conf_error(ctx, &n->args[i].loc, "%s: '%s' is "
				    "not hexadecimal%s", n->kw, s, allow_x ?
				    " (X for any digit)" : "");
				return -1;
			}
		total += (k + 1) / 2;
	}
	if (total > 65535) {
		conf_error(ctx, &n->loc, "%s: more than 65535 bytes", n->kw);
		return -1;
	}
	val = xcalloc(total + 1, 1);
	mask = xcalloc(total + 1, 1);
	for (i = 0; i < n->nargs; i++)
		for (s = n->args[i].s; *s != '\0'; s += s[1] != '\0' ? 2 : 1) {
			hex_digit((unsigned char)s[0], allow_x, &hi, &hm);
			if (s[1] == '\0') {
				val[len] = hi;
				mask[len++] = hm;
				continue;
			}
			hex_digit((unsigned char)s[1], allow_x, &lo, &lm);
			val[len] = (uint8_t)(hi << 4 | lo);
			mask[len++] = (uint8_t)(hm << 4 | lm);
		}
	*valp = val;
	*lenp = len;
	if (maskp != NULL)
		*maskp = mask;
	else
		free(mask);
	return 0;
}

static int
payload_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_check *c = (struct conf_check *)obj;
	uint8_t *val;
	size_t len;

	(void)kw;
	if (hex_parse(ctx, n, false, &val, NULL, &len) < 0)
		return -1;
	free(c->payload);
	c->payload = val;
	c->payload_len = len;
	return 0;
}

static int
reply_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_check *c = (struct conf_check *)obj;
	uint8_t *val, *mask;
	size_t len;

	(void)kw;
	if (hex_parse(ctx, n, true, &val, &mask, &len) < 0)
		return -1;
	free(c->reply);
	free(c->reply_mask);
	c->require_reply = true;
	c->reply = len > 0 ? val : NULL;
	c->reply_mask = len > 0 ? mask : NULL;
	c->reply_len = len;
	if (len == 0) {
		free(val);
		free(mask);
	}
	return 0;
}

static void
hex_print(FILE *out, const uint8_t *val, const uint8_t *mask, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	fputc(' ', out);
	for (i = 0; i < len; i++) {
		fputc(mask == NULL || (mask[i] & 0xf0) ? digits[val[i] >> 4] :
		    'X', out);
		fputc(mask == NULL || (mask[i] & 0x0f) ? digits[val[i] & 0xf] :
		    'X', out);
	}
}

static void
dump_payload(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_check *c = (const struct conf_check *)obj;

	if (c->payload == NULL)
		return;
	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	hex_print(out, c->payload, NULL, c->payload_len);
	fputc('\n', out);
}

static void
dump_reply(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_check *c = (const struct conf_check *)obj;

	if (!c->require_reply)
		return;
	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	if (c->reply != NULL)
		hex_print(out, c->reply, c->reply_mask, c->reply_len);
	fputc('\n', out);
}

/* --- the checkers --- */

#define CHECK_CONN_KWS							\
	{ "connect_ip", CONF_T_IP, CK(connect_ip) },			\
	{ "connect_port", CONF_T_NONE, CK(connect_port), .min_args = 1,	\
	  .max_args = 1, .handler = port_handler, .dump = dump_port },	\
	{ "bindto", CONF_T_IP, CK(bindto) },				\
	{ "bind_port", CONF_T_NONE, CK(bind_port), .min_args = 1,	\
	  .max_args = 1, .handler = port_handler, .dump = dump_port },	\
	{ "bind_if", CONF_T_IFNAME, CK(bind_if) },			\
	{ "fwmark", CONF_T_U32, CK(fwmark), .min = 1, .max = UINT32_MAX }, \
	{ "connect_timeout", CONF_T_DECIMAL, CK(connect_timeout_us),	\
	  .scale = USEC, .min = 1, .max = UINT32_MAX,			\
	  .dump = dump_timer_always }

#define CHECK_COMMON_KWS						\
	{ "retry", CONF_T_U32, CK(retry), .min = 0, .max = UINT32_MAX,	\
	  .dump = dump_u32_always },					\
	{ "nb_get_retry", .alias_of = "retry" },			\
	{ "delay_before_retry", CONF_T_DECIMAL, CK(delay_before_retry_us), \
	  .scale = USEC, .min = 0, .max = TIMER_MAX,	\
	  .dump = dump_timer_always },					\
	{ "warmup", CONF_T_DECIMAL, CK(warmup_us), .scale = USEC,	\
	  .min = 0, .max = TIMER_MAX,			\
	  .dump = dump_timer_always },					\
	{ "delay_loop", CONF_T_DECIMAL, CK(delay_loop_us), .scale = USEC, \
	  .min = 1, .max = TIMER_MAX,			\
	  .dump = dump_timer_always },					\
	{ "alpha", CONF_T_BOOL, CK(alpha), .dump = dump_bool_always },	\
	{ "log_all_failures", CONF_T_BOOL, CK(log_all_failures),	\
	  .dump = dump_bool_always }

static const struct conf_kw tcp_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ NULL }
};

static const struct conf_kw http_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ "url", CONF_T_BLOCK, .sub = &url_block,
	  .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	{ "virtualhost", CONF_T_STRING, CK(virtualhost) },
	{ "http_protocol", CONF_T_ENUM, CK(http_protocol),
	  .enums = http_proto_enums, .fallback = CONF_HTTP_10, .def = "1.0" },
	{ "fast_recovery", CONF_T_BOOL, CK(fast_recovery), .dump = dump_flag },
	{ "enable_sni", CONF_T_FLAG, CK(enable_sni) },
	{ NULL }
};

static const struct conf_kw smtp_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ "helo_name", CONF_T_STRING, CK(helo_name),
	  .def = "smtpchecker.keepalived.org" },
	{ "host", CONF_T_BLOCK, .sub = &host_block,
	  .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	{ NULL }
};

static const struct conf_kw dns_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ "type", CONF_T_ENUM, CK(dns_type), .enums = dns_type_enums,
	  .fallback = CONF_DNS_SOA, .def = "SOA" },
	{ "name", CONF_T_STRING, CK(dns_name), .def = "." },
	{ NULL }
};

static const struct conf_kw misc_kws[] = {
	CHECK_COMMON_KWS,
	{ "misc_path", CONF_T_CMD, CK(misc_path) },
	{ "misc_timeout", CONF_T_DECIMAL, CK(misc_timeout_us), .scale = USEC,
	  .min = 0, .max = TIMER_MAX,
	  .dump = dump_timer_always },
	{ "misc_dynamic", CONF_T_FLAG, CK(misc_dynamic) },
	{ "user", CONF_T_CMD, CK(user), .min_args = 1, .max_args = 2 },
	{ NULL }
};

static const struct conf_kw udp_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ "payload", CONF_T_NONE, .min_args = 1, .max_args = CONF_ARGS_ANY,
	  .handler = payload_handler, .dump = dump_payload },
	{ "require_reply", CONF_T_NONE, .min_args = 0,
	  .max_args = CONF_ARGS_ANY, .handler = reply_handler,
	  .dump = dump_reply },
	{ "min_reply_length", CONF_T_INT, CK(min_reply_length), .min = 0,
	  .max = 65535, .def = "0" },
	{ "max_reply_length", CONF_T_INT, CK(max_reply_length), .min = 0,
	  .max = 65535, .def = "255" },
	{ NULL }
};

static struct conf_obj *
check_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_real_server *rs = (struct conf_real_server *)parent;
	struct conf_check *c;
	int t;

	(void)ctx;
	for (t = CONF_CHECK_TCP; t <= CONF_CHECK_UDP; t++)
		if (strcmp(check_types[t].name, node->kw) == 0)
			break;
	if (t > CONF_CHECK_UDP)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->type = t;
	TAILQ_INIT(&c->urls);
	TAILQ_INIT(&c->hosts);
	TAILQ_INSERT_TAIL(&rs->checks, c, entry);
	rs->nchecks++;
	return &c->obj;
}

static void
check_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_check *c = (struct conf_check *)obj;
	const char *name = check_types[c->type].name;

	if ((c->type == CONF_CHECK_HTTP || c->type == CONF_CHECK_SSL) &&
	    TAILQ_EMPTY(&c->urls))
		conf_error(ctx, &c->obj.loc, "%s needs at least one url { }",
		    name);
	if (c->type == CONF_CHECK_MISC && c->misc_path == NULL)
		conf_error(ctx, &c->obj.loc, "MISC_CHECK needs a misc_path");
	if (c->type == CONF_CHECK_UDP &&
	    c->min_reply_length > c->max_reply_length)
		conf_error(ctx, &c->obj.loc, "UDP_CHECK: min_reply_length %d "
		    "is above max_reply_length %d", c->min_reply_length,
		    c->max_reply_length);
}

#define CHECK_BLOCK(var, n, k)						\
	static const struct conf_block var = {				\
		.name = n, .kws = k, .size = sizeof(struct conf_check),	\
		.open = check_open, .close = check_close,		\
	}

CHECK_BLOCK(tcp_block, "TCP_CHECK", tcp_kws);
CHECK_BLOCK(http_block, "HTTP_GET", http_kws);
CHECK_BLOCK(ssl_get_block, "SSL_GET", http_kws);
CHECK_BLOCK(smtp_block, "SMTP_CHECK", smtp_kws);
CHECK_BLOCK(dns_block, "DNS_CHECK", dns_kws);
CHECK_BLOCK(misc_block, "MISC_CHECK", misc_kws);
CHECK_BLOCK(ping_block, "PING_CHECK", tcp_kws);
CHECK_BLOCK(udp_block, "UDP_CHECK", udp_kws);

/* In enum conf_check_type order. */
static const struct check_type check_types[CONF_CHECK_UDP + 1] = {
	{ "TCP_CHECK", &tcp_block, 1, 1 * USEC, 0 },
	{ "HTTP_GET", &http_block, 1, 3 * USEC, 0 },
	{ "SSL_GET", &ssl_get_block, 1, 3 * USEC, 0 },
	{ "SMTP_CHECK", &smtp_block, 1, 1 * USEC, 25 },
	{ "DNS_CHECK", &dns_block, 3, -1, 53 },
	{ "MISC_CHECK", &misc_block, 0, 1 * USEC, -1 },
	{ "PING_CHECK", &ping_block, 1, 1 * USEC, -1 },
	{ "UDP_CHECK", &udp_block, 1, 1 * USEC, 0 },
};

/* --- real_server --- */

#define CHECK_KW(n, b)	{ n, CONF_T_BLOCK, .sub = &(b), \
			  .flags = CONF_KW_MULTI | CONF_KW_NODUMP }

static const struct conf_kw rs_kws[] = {
	{ "weight", CONF_T_U32, RS(weight), .min = 0, .max = WEIGHT_MAX,
	  .dump = dump_u32_always },
	{ "lvs_method", CONF_T_NONE, RS(fwd), .min_args = 1,
	  .max_args = 7, .handler = forward_handler, .dump = dump_forward },
	{ "notify_up", CONF_T_CMD, RS(notify_up) },
	{ "notify_down", CONF_T_CMD, RS(notify_down) },
	{ "uthreshold", CONF_T_U32, RS(uthreshold), .min = 0,
	  .max = UINT32_MAX },
	{ "lthreshold", CONF_T_U32, RS(lthreshold), .min = 0,
	  .max = UINT32_MAX },
	{ "inhibit_on_failure", CONF_T_BOOL, RS(inhibit_on_failure),
	  .dump = dump_bool_always },
	{ "alpha", CONF_T_BOOL, RS(alpha), .dump = dump_bool_always },
	{ "smtp_alert", CONF_T_BOOL, RS(smtp_alert),
	  .dump = dump_bool_always },
	{ "retry", CONF_T_U32, RS(retry), .min = 0, .max = UINT32_MAX },
	{ "nb_get_retry", .alias_of = "retry" },
	TIMER("delay_before_retry", RS(delay_before_retry_us), 0),
	TIMER("warmup", RS(warmup_us), 0),
	CONNECT_TIMEOUT(RS(connect_timeout_us)),
	TIMER("delay_loop", RS(delay_loop_us), 1),
	{ "virtualhost", CONF_T_STRING, RS(virtualhost) },
	UNSUP("snmp_name", 1),
	CHECK_KW("TCP_CHECK", tcp_block),
	CHECK_KW("HTTP_GET", http_block),
	CHECK_KW("SSL_GET", ssl_get_block),
	CHECK_KW("SMTP_CHECK", smtp_block),
	CHECK_KW("DNS_CHECK", dns_block),
	CHECK_KW("MISC_CHECK", misc_block),
	CHECK_KW("PING_CHECK", ping_block),
	CHECK_KW("UDP_CHECK", udp_block),
	UNSUP("BFD_CHECK", 0),
	UNSUP("FILE_CHECK", 0),
	{ NULL }
};

/* real_server ADDRESS [PORT] */
static struct conf_obj *
rs_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_virtual_server *vs = (struct conf_virtual_server *)parent;
	struct conf_real_server *rs;
	struct conf_addr addr;
	int port = 0;

	if (conf_parse_addr(ctx, &node->args[0], "real_server", false,
	    &addr) < 0)
		return NULL;
	if (node->nargs > 1 && parse_port(ctx, &node->args[1],
	    "real_server port", 0, &port) < 0)
		return NULL;
	rs = xcalloc(1, sizeof(*rs));
	rs->addr = addr;
	rs->port = port;
	TAILQ_INIT(&rs->checks);
	TAILQ_INSERT_TAIL(&vs->real_servers, rs, entry);
	vs->nrs++;
	return &rs->obj;
}

static const struct conf_block rs_block = {
	.name = "real_server",
	.kws = rs_kws,
	.size = sizeof(struct conf_real_server),
	.open = rs_open,
};

/* --- virtual_server --- */

/* persistence_timeout [SECONDS] */
static int
persist_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_virtual_server *vs = (struct conf_virtual_server *)obj;
	int64_t v = PERSIST_DEFAULT;

	if (n->nargs > 0 && conf_parse_int(ctx, &n->args[0], kw->name, 1,
	    PERSIST_MAX, &v) < 0)
		return -1;
	vs->persistence_timeout = (uint32_t)v;
	return 0;
}

static void
dump_persist(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_virtual_server *vs =
	    (const struct conf_virtual_server *)obj;

	if (vs->persistence_timeout == 0)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s %" PRIu32 "\n", kw->name, vs->persistence_timeout);
}

/* persistence_granularity: an IPv4 netmask or an IPv6 prefix length */
static int
pgran_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_virtual_server *vs = (struct conf_virtual_server *)obj;
	const struct conf_arg *a = &n->args[0];
	struct in_addr m;
	uint32_t h;
	int64_t v;
	int plen;

	if (strchr(a->s, '.') == NULL) {
		if (conf_parse_int(ctx, a, kw->name, 1, 128, &v) < 0)
			return -1;
		vs->pgran_family = AF_INET6;
		vs->pgran_plen = (uint8_t)v;
		vs->pgran_set = true;
		return 0;
	}
	if (inet_pton(AF_INET, a->s, &m) != 1) {
		conf_error(ctx, &a->loc, "%s: '%s' is not a netmask", kw->name,
		    a->s);
		return -1;
	}
	h = ntohl(m.s_addr);
	for (plen = 0; plen < 32 && (h & (UINT32_C(1) << (31 - plen))); plen++)
		;
	if (plen == 0 || (plen < 32 && (h << plen) != 0)) {
		conf_error(ctx, &a->loc, "%s: '%s' is not a netmask (its ones "
		    "must be contiguous, at least one)", kw->name, a->s);
		return -1;
	}
	vs->pgran_family = AF_INET;
	vs->pgran_plen = (uint8_t)plen;
	vs->pgran_set = true;
	return 0;
}

static void
dump_pgran(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_virtual_server *vs =
	    (const struct conf_virtual_server *)obj;
	struct in_addr m;
	char buf[INET_ADDRSTRLEN];

	if (!vs->pgran_set)
		return;
	conf_dump_indent(out, depth);
	if (vs->pgran_family == AF_INET6) {
		fprintf(out, "%s %u\n", kw->name, vs->pgran_plen);
		return;
	}
	m.s_addr = htonl(vs->pgran_plen == 32 ? UINT32_MAX :
	    ~(UINT32_MAX >> vs->pgran_plen));
	inet_ntop(AF_INET, &m, buf, sizeof(buf));
	fprintf(out, "%s %s\n", kw->name, buf);
}

/* protocol: dumped once resolved, and never for fwmark services */
static void
dump_protocol(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_virtual_server *vs =
	    (const struct conf_virtual_server *)obj;

	if (vs->protocol == 0)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s %s\n", kw->name, enum_name(proto_enums, vs->protocol));
}

/* sorry_server ADDRESS [PORT] */
static int
sorry_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_virtual_server *vs = (struct conf_virtual_server *)obj;
	struct conf_addr addr;
	int port = 0;

	if (conf_parse_addr(ctx, &n->args[0], kw->name, false, &addr) < 0)
		return -1;
	if (n->nargs > 1 && parse_port(ctx, &n->args[1], "sorry_server port",
	    0, &port) < 0)
		return -1;
	vs->has_sorry = true;
	vs->sorry_addr = addr;
	vs->sorry_port = port;
	return 0;
}

static void
dump_sorry(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_virtual_server *vs =
	    (const struct conf_virtual_server *)obj;

	if (!vs->has_sorry)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s ", kw->name);
	conf_dump_addr(out, &vs->sorry_addr);
	if (vs->sorry_port != 0)
		fprintf(out, " %d", vs->sorry_port);
	fputc('\n', out);
	if (vs->sorry_inhibit) {
		conf_dump_indent(out, depth);
		fputs("sorry_server_inhibit\n", out);
	}
	forward_print(out, "sorry_server_lvs_method", &vs->sorry_fwd, depth);
}

static const struct conf_kw vs_kws[] = {
	{ "delay_loop", CONF_T_DECIMAL, VS(delay_loop_us), .scale = USEC,
	  .min = 1, .max = TIMER_MAX, .def = "60" },
	{ "lvs_sched", CONF_T_ENUM, VS(sched), .enums = sched_enums,
	  .fallback = CONF_SCHED_WLC, .def = "wlc" },
	{ "lb_algo", .alias_of = "lvs_sched" },
	{ "lvs_method", CONF_T_NONE, VS(fwd), .min_args = 1, .max_args = 7,
	  .handler = forward_handler, .dump = dump_forward, .def = "NAT" },
	{ "lb_kind", .alias_of = "lvs_method" },
	{ "protocol", CONF_T_ENUM, VS(protocol), .enums = proto_enums,
	  .fallback = CONF_PROTO_UDP, .dump = dump_protocol },
	{ "persistence_timeout", CONF_T_NONE, .min_args = 0, .max_args = 1,
	  .handler = persist_handler, .dump = dump_persist },
	{ "persistence_granularity", CONF_T_NONE, .min_args = 1,
	  .max_args = 1, .handler = pgran_handler, .dump = dump_pgran },
	{ "persistence_engine", CONF_T_STRING, VS(persistence_engine) },
	{ "ip_family", CONF_T_ENUM, VS(ip_family), .enums = family_enums,
	  .fallback = CONF_NO_FALLBACK },
	{ "connect_timeout", CONF_T_DECIMAL, VS(connect_timeout_us),
	  .scale = USEC, .min = 1, .max = UINT32_MAX, .def = "5" },
	{ "retry", CONF_T_U32, VS(retry), .min = 0, .max = UINT32_MAX },
	{ "nb_get_retry", .alias_of = "retry" },
	TIMER("delay_before_retry", VS(delay_before_retry_us), 0),
	TIMER("warmup", VS(warmup_us), 0),
	{ "inhibit_on_failure", CONF_T_BOOL, VS(inhibit_on_failure),
	  .dump = dump_flag },
	{ "alpha", CONF_T_BOOL, VS(alpha), .dump = dump_flag },
	{ "omega", CONF_T_BOOL, VS(omega), .dump = dump_flag },
	{ "ha_suspend", CONF_T_BOOL, VS(ha_suspend), .dump = dump_flag },
	{ "quorum", CONF_T_U32, VS(quorum), .min = 1, .max = UINT32_MAX,
	  .def = "1" },
	{ "hysteresis", CONF_T_U32, VS(hysteresis), .min = 0,
	  .max = UINT32_MAX, .def = "0" },
	{ "quorum_up", CONF_T_CMD, VS(quorum_up) },
	{ "quorum_down", CONF_T_CMD, VS(quorum_down) },
	{ "weight", CONF_T_U32, VS(weight), .min = 1, .max = WEIGHT_MAX,
	  .def = "1" },
	{ "smtp_alert", CONF_T_BOOL, VS(smtp_alert),
	  .dump = dump_bool_always },
	{ "virtualhost", CONF_T_STRING, VS(virtualhost) },
	{ "ops", CONF_T_FLAG, VS(ops) },
	{ "hashed", CONF_T_FLAG, VS(hashed) },
	{ "flag-1", CONF_T_FLAG, VS(flag1) },
	{ "flag-2", CONF_T_FLAG, VS(flag2) },
	{ "flag-3", CONF_T_FLAG, VS(flag3) },
	{ "sh-port", CONF_T_FLAG, VS(sh_port) },
	{ "sh-fallback", CONF_T_FLAG, VS(sh_fallback) },
	{ "mh-port", CONF_T_FLAG, VS(mh_port) },
	{ "mh-fallback", CONF_T_FLAG, VS(mh_fallback) },
	{ "sorry_server", CONF_T_NONE, .min_args = 1, .max_args = 2,
	  .handler = sorry_handler, .dump = dump_sorry },
	{ "sorry_server_inhibit", CONF_T_FLAG, VS(sorry_inhibit),
	  .flags = CONF_KW_NODUMP },
	{ "sorry_server_lvs_method", CONF_T_NONE, VS(sorry_fwd),
	  .min_args = 1, .max_args = 7, .handler = forward_handler,
	  .flags = CONF_KW_NODUMP },
	UNSUP("snmp_name", 1),
	UNSUP("nat_mask", 1),	/* removed from keepalived, in tutorials */
	{ "real_server", CONF_T_BLOCK, .sub = &rs_block, .min_args = 1,
	  .max_args = 2, .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	{ NULL }
};

/* virtual_server ADDRESS [PORT] | fwmark N | group NAME */
static struct conf_obj *
vs_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_virtual_server vs0, *vs;
	const char *a0 = node->args[0].s;
	int64_t v;

	memset(&vs0, 0, sizeof(vs0));
	if (strcmp(a0, "fwmark") == 0 || strcmp(a0, "group") == 0) {
		if (node->nargs != 2) {
			conf_error(ctx, &node->args[0].loc, "virtual_server "
			    "%s needs a %s", a0, a0[0] == 'f' ? "mark" :
			    "group name");
			return NULL;
		}
		if (a0[0] == 'g') {
			vs0.kind = CONF_VS_GROUP;
			vs0.group_loc = node->args[1].loc;
		} else {
			if (conf_parse_int(ctx, &node->args[1], "fwmark", 1,
			    UINT32_MAX, &v) < 0)
				return NULL;
			vs0.kind = CONF_VS_FWMARK;
			vs0.fwmark = (uint32_t)v;
		}
	} else {
		if (conf_parse_addr(ctx, &node->args[0], "virtual_server",
		    false, &vs0.addr) < 0)
			return NULL;
		if (node->nargs > 1 && parse_port(ctx, &node->args[1],
		    "virtual_server port", 0, &vs0.port) < 0)
			return NULL;
		vs0.kind = CONF_VS_ADDR;
	}
	vs = xcalloc(1, sizeof(*vs));
	*vs = vs0;
	if (vs->kind == CONF_VS_GROUP)
		vs->group = xstrdup(node->args[1].s);
	TAILQ_INIT(&vs->real_servers);
	TAILQ_INSERT_TAIL(&conf->lvs.vss, vs, entry);
	return &vs->obj;
}

const struct conf_block conf_lvs_virtual_server_block = {
	.name = "virtual_server",
	.kws = vs_kws,
	.size = sizeof(struct conf_virtual_server),
	.open = vs_open,
};

/* --- SSL --- */

static const struct conf_kw ssl_kws[] = {
	{ "password", CONF_T_STRING, SSLF(password) },
	{ "ca", CONF_T_PATH, SSLF(ca) },
	{ "certificate", CONF_T_PATH, SSLF(certificate) },
	{ "key", CONF_T_PATH, SSLF(key) },
	{ NULL }
};

static struct conf_obj *
ssl_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;

	if (conf->lvs.ssl != NULL) {
		conf_warning(ctx, &node->loc, "SSL given twice; the last one "
		    "is used");
		conf_free_fields(&conf_lvs_ssl_block, &conf->lvs.ssl->obj);
		free(conf->lvs.ssl);
	}
	conf->lvs.ssl = xcalloc(1, sizeof(*conf->lvs.ssl));
	return &conf->lvs.ssl->obj;
}

const struct conf_block conf_lvs_ssl_block = {
	.name = "SSL",
	.kws = ssl_kws,
	.size = sizeof(struct conf_ssl),
	.open = ssl_open,
};

/* --- the check pass --- */

static bool
given(const struct conf_block *blk, const void *obj, const char *name)
{
	return conf_kw_given(blk, (const struct conf_obj *)obj, name);
}

static void
resolve_group(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_virtual_server *vs)
{
	const char *names[256];
	struct conf_vs_group *g;
	size_t n = 0;

	TAILQ_FOREACH(g, &conf->lvs.groups, entry) {
		if (strcmp(g->name, vs->group) == 0) {
			vs->vsg = g;
			g->used = true;
			return;
		}
		if (n < ARRAY_SIZE(names))
			names[n++] = g->name;
	}
	conf_error(ctx, &vs->group_loc, "virtual_server_group %s is not "
	    "defined%s", vs->group, conf_did_you_mean(vs->group, names, n));
}

/* Whether the service has addresses (else it is made of fwmarks only). */
static bool
vs_has_addresses(const struct conf_virtual_server *vs)
{
	const struct conf_vs_group_entry *e;

	if (vs->kind != CONF_VS_GROUP)
		return vs->kind == CONF_VS_ADDR;
	if (vs->vsg == NULL)
		return true;
	TAILQ_FOREACH(e, &vs->vsg->entries, entry)
		if (!e->is_fwmark)
			return true;
	return false;
}

/* A service without a port must be persistent (keepalived sets it). */
static bool
vs_needs_persistence(const struct conf_virtual_server *vs)
{
	const struct conf_vs_group_entry *e;

	if (vs->kind == CONF_VS_ADDR)
		return vs->port == 0;
	if (vs->kind == CONF_VS_GROUP && vs->vsg != NULL)
		TAILQ_FOREACH(e, &vs->vsg->entries, entry)
			if (!e->is_fwmark && e->port == 0)
				return true;
	return false;
}

static void
vs_check_protocol(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	const struct conf_block *b = &conf_lvs_virtual_server_block;

	if (!vs_has_addresses(vs)) {
		if (given(b, vs, "protocol"))
			conf_warning(ctx, &vs->obj.loc, "protocol is not used "
			    "by a fwmark virtual_server; ignored");
		vs->protocol = 0;
		if (vs->ha_suspend) {
			conf_warning(ctx, &vs->obj.loc, "ha_suspend does not "
			    "apply to a fwmark virtual_server; ignored");
			vs->ha_suspend = false;
		}
		return;
	}
	if (!given(b, vs, "protocol") && vs->protocol == 0) {
		conf_warning(ctx, &vs->obj.loc, "virtual_server has no "
		    "protocol; using UDP as keepalived does (add 'protocol "
		    "TCP' for a TCP service)");
		vs->protocol = CONF_PROTO_UDP;
	}
	if (vs->ops && vs->protocol != CONF_PROTO_UDP) {
		conf_warning(ctx, &vs->obj.loc, "ops (one-packet scheduling) "
		    "needs protocol UDP; ignored");
		vs->ops = false;
	}
}

static void
vs_check_flags(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	bool sh = vs->sched == CONF_SCHED_SH, mh = vs->sched == CONF_SCHED_MH;

	if ((vs->sh_port || vs->sh_fallback) && !sh) {
		conf_warning(ctx, &vs->obj.loc, "sh-port and sh-fallback only "
		    "apply to lvs_sched sh; ignored");
		vs->sh_port = vs->sh_fallback = false;
	}
	if ((vs->mh_port || vs->mh_fallback) && !mh) {
		conf_warning(ctx, &vs->obj.loc, "mh-port and mh-fallback only "
		    "apply to lvs_sched mh; ignored");
		vs->mh_port = vs->mh_fallback = false;
	}
	if (vs_needs_persistence(vs) && vs->persistence_timeout == 0) {
		conf_warning(ctx, &vs->obj.loc, "a virtual_server without a "
		    "port must be persistent; using persistence_timeout %d",
		    PERSIST_DEFAULT);
		vs->persistence_timeout = PERSIST_DEFAULT;
	}
	if (vs->pgran_set && vs->persistence_timeout == 0)
		vs->persistence_timeout = PERSIST_DEFAULT;
	if (vs->pgran_set && vs->kind == CONF_VS_ADDR &&
	    vs->addr.family == AF_INET && vs->pgran_family == AF_INET6 &&
	    vs->pgran_plen > 32)
		conf_error(ctx, &vs->obj.loc, "persistence_granularity /%u is "
		    "too long for an IPv4 service (1-32, or a netmask)",
		    vs->pgran_plen);
	if (vs->pgran_set && vs->kind == CONF_VS_ADDR &&
	    vs->addr.family == AF_INET6 && vs->pgran_family == AF_INET)
		conf_error(ctx, &vs->obj.loc, "persistence_granularity of an "
		    "IPv6 service is a prefix length (1-128), not a netmask");
	if (vs->kind == CONF_VS_ADDR && vs->ip_family != AF_UNSPEC &&
	    vs->ip_family != vs->addr.family)
		conf_error(ctx, &vs->obj.loc, "ip_family %s does not match the "
		    "address of the virtual_server",
		    enum_name(family_enums, vs->ip_family));
}

static bool
global_alert(const struct vigil_conf *conf, bool def)
{
	const struct conf_obj *g = &conf->global.obj;

	if (conf_kw_given(&conf_global_block, g, "smtp_alert_checker"))
		return conf->global.smtp_alert_checker;
	if (conf_kw_given(&conf_global_block, g, "smtp_alert"))
		return conf->global.smtp_alert;
	return def;
}

/* The port of a real (or sorry) server: the service's unless NAT may
 * translate it. */
static int
server_port(struct conf_ctx *ctx, const struct conf_virtual_server *vs,
    int method, int port, const struct conf_loc *loc, const char *what)
{
	if (vs->kind == CONF_VS_ADDR && vs->port != 0) {
		if (port == 0)
			return vs->port;
		if (method != CONF_LVS_NAT && port != vs->port) {
			conf_warning(ctx, loc, "%s port %d differs from the "
			    "virtual_server port %d, which %s forwarding "
			    "keeps; using %d", what, port, vs->port,
			    conf_lvs_method_name(method), vs->port);
			return vs->port;
		}
	} else if (vs->kind != CONF_VS_GROUP && method != CONF_LVS_NAT &&
	    port != 0) {
		conf_warning(ctx, loc, "%s port %d is not used by a virtual_"
		    "server without a port and %s forwarding; ignored", what,
		    port, conf_lvs_method_name(method));
		return 0;
	}
	return port;
}

static const char *
family_name(sa_family_t af)
{
	return af == AF_INET ? "IPv4" : "IPv6";
}

/* The family of the service's addresses, AF_UNSPEC for marks only. */
static sa_family_t
vs_family(const struct conf_virtual_server *vs, const struct conf_loc **loc)
{
	const struct conf_vs_group_entry *e;

	*loc = &vs->obj.loc;
	if (vs->kind == CONF_VS_ADDR)
		return vs->addr.family;
	if (vs->kind == CONF_VS_GROUP && vs->vsg != NULL)
		TAILQ_FOREACH(e, &vs->vsg->entries, entry)
			if (!e->is_fwmark) {
				*loc = &e->loc;
				return e->first.family;
			}
	return AF_UNSPEC;
}

static void
server_family(struct conf_ctx *ctx, const struct conf_virtual_server *vs,
    const struct conf_addr *a, int method, const struct conf_loc *loc,
    const char *what)
{
	const struct conf_vs_group_entry *e;
	const struct conf_loc *at;
	sa_family_t af = vs_family(vs, &at);

	if (method == CONF_LVS_TUN || af == AF_UNSPEC)
		return;
	if (vs->kind == CONF_VS_GROUP)
		TAILQ_FOREACH(e, &vs->vsg->entries, entry)
			if (!e->is_fwmark && e->first.family != a->family) {
				af = e->first.family;
				at = &e->loc;
				break;
			}
	if (a->family == af)
		return;
	conf_error(ctx, loc, "%s is %s but the virtual_server is %s (line %u; "
	    "only TUN forwarding can mix them)", what, family_name(a->family),
	    family_name(af), at->line);
}

static void
rs_inherit(struct conf_ctx *ctx, const struct vigil_conf *conf,
    const struct conf_virtual_server *vs, struct conf_real_server *rs)
{
	if (!given(&rs_block, rs, "weight"))
		rs->weight = vs->weight;
	if (!given(&rs_block, rs, "lvs_method"))
		rs->fwd = vs->fwd;
	if (!given(&rs_block, rs, "inhibit_on_failure"))
		rs->inhibit_on_failure = vs->inhibit_on_failure;
	if (!given(&rs_block, rs, "alpha"))
		rs->alpha = vs->alpha;
	if (!given(&rs_block, rs, "smtp_alert"))
		rs->smtp_alert = global_alert(conf, true);
	if (!given(&rs_block, rs, "connect_timeout"))
		rs->connect_timeout_us = vs->connect_timeout_us;
	if (!given(&rs_block, rs, "delay_loop"))
		rs->delay_loop_us = vs->delay_loop_us;
	server_family(ctx, vs, &rs->addr, rs->fwd.method, &rs->obj.loc,
	    "real_server");
	rs->port = server_port(ctx, vs, rs->fwd.method, rs->port,
	    &rs->obj.loc, "real_server");
}

/* A value of a checker: its own, else the real server's, else the virtual
 * server's, else the checker type's default. */
#define INHERIT(c, rs, vs, kw, f, def) do {				\
	if (given(check_types[(c)->type].blk, (c), kw))			\
		break;							\
	if (given(&rs_block, (rs), kw))					\
		(c)->f = (rs)->f;					\
	else if (given(&conf_lvs_virtual_server_block, (vs), kw))	\
		(c)->f = (vs)->f;					\
	else								\
		(c)->f = (def);						\
} while (0)

static void
check_inherit(struct conf_ctx *ctx, const struct vigil_conf *conf,
    const struct conf_virtual_server *vs, const struct conf_real_server *rs,
    struct conf_check *c)
{
	const struct check_type *t = &check_types[c->type];

	if (!given(t->blk, c, "delay_loop"))
		c->delay_loop_us = rs->delay_loop_us;
	if (!given(t->blk, c, "connect_timeout"))
		c->connect_timeout_us = rs->connect_timeout_us;
	INHERIT(c, rs, vs, "retry", retry, t->retry);
	INHERIT(c, rs, vs, "delay_before_retry", delay_before_retry_us,
	    t->delay_before_retry_us < 0 ? c->delay_loop_us :
	    t->delay_before_retry_us);
	INHERIT(c, rs, vs, "warmup", warmup_us, c->delay_loop_us);
	if (!given(t->blk, c, "alpha"))
		c->alpha = rs->alpha;
	if (!given(t->blk, c, "log_all_failures"))
		c->log_all_failures = conf->global.checker_log_all_failures;
	if (c->type == CONF_CHECK_MISC && c->misc_timeout_us == 0)
		c->misc_timeout_us = c->delay_loop_us;
	if (c->bindto.family != AF_UNSPEC && c->bindto.family !=
	    (c->connect_ip.family != AF_UNSPEC ? c->connect_ip.family :
	    rs->addr.family))
		conf_error(ctx, &c->obj.loc, "%s: bindto is %s but the address "
		    "checked is not", t->name, family_name(c->bindto.family));
	if (t->default_port == 0 && c->connect_port == 0 && rs->port == 0)
		conf_error(ctx, &c->obj.loc, "%s has no port to connect to: "
		    "the real_server has none; add connect_port", t->name);
}

static void
rs_remove_duplicates(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	struct conf_real_server *rs, *prev, *next;

	for (rs = TAILQ_FIRST(&vs->real_servers); rs != NULL; rs = next) {
		next = TAILQ_NEXT(rs, entry);
		TAILQ_FOREACH(prev, &vs->real_servers, entry) {
			if (prev == rs)
				break;
			if (prev->port == rs->port &&
			    addr_equal(&prev->addr, &rs->addr))
				break;
		}
		if (prev == rs)
			continue;
		conf_warning(ctx, &rs->obj.loc, "real_server given twice in "
		    "this virtual_server (first at line %u); the second one "
		    "is ignored", prev->obj.loc.line);
		TAILQ_REMOVE(&vs->real_servers, rs, entry);
		vs->nrs--;
		lvs_free_rs(rs);
	}
}

static void
vs_check_quorum(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	const struct conf_real_server *rs;
	uint64_t sum = 0;

	TAILQ_FOREACH(rs, &vs->real_servers, entry)
		sum += rs->weight;
	if (vs->nrs > 0 && sum > 0 && vs->quorum > sum) {
		conf_warning(ctx, &vs->obj.loc, "quorum %" PRIu32 " is above "
		    "the total weight of the real servers (%" PRIu64 "); "
		    "using %" PRIu64, vs->quorum, sum, sum);
		vs->quorum = (uint32_t)sum;
	}
	if (vs->hysteresis >= vs->quorum) {
		conf_warning(ctx, &vs->obj.loc, "hysteresis %" PRIu32 " must "
		    "be below the quorum %" PRIu32 "; using %" PRIu32,
		    vs->hysteresis, vs->quorum, vs->quorum - 1);
		vs->hysteresis = vs->quorum - 1;
	}
}

static void
vs_check_sorry(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	const struct conf_block *b = &conf_lvs_virtual_server_block;

	if (!vs->has_sorry) {
		if (given(b, vs, "sorry_server_inhibit") ||
		    given(b, vs, "sorry_server_lvs_method"))
			conf_warning(ctx, &vs->obj.loc, "sorry_server_inhibit "
			    "and sorry_server_lvs_method need a sorry_server; "
			    "ignored");
		vs->sorry_inhibit = false;
		return;
	}
	if (!given(b, vs, "sorry_server_lvs_method"))
		vs->sorry_fwd = vs->fwd;
	server_family(ctx, vs, &vs->sorry_addr, vs->sorry_fwd.method,
	    &vs->obj.loc, "sorry_server");
	vs->sorry_port = server_port(ctx, vs, vs->sorry_fwd.method,
	    vs->sorry_port, &vs->obj.loc, "sorry_server");
}

static void
vs_check(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_virtual_server *vs)
{
	struct conf_real_server *rs;
	struct conf_check *c;

	if (vs->kind == CONF_VS_GROUP)
		resolve_group(ctx, conf, vs);
	if (!given(&conf_lvs_virtual_server_block, vs, "smtp_alert"))
		vs->smtp_alert = global_alert(conf, false);
	vs_check_protocol(ctx, vs);
	vs_check_flags(ctx, vs);
	vs_check_sorry(ctx, vs);
	if (vs->nrs == 0)
		conf_warning(ctx, &vs->obj.loc, "virtual_server has no "
		    "real_server; ignored, as keepalived does");
	TAILQ_FOREACH(rs, &vs->real_servers, entry) {
		rs_inherit(ctx, conf, vs, rs);
		TAILQ_FOREACH(c, &rs->checks, entry)
			check_inherit(ctx, conf, vs, rs, c);
	}
	rs_remove_duplicates(ctx, vs);
	vs_check_quorum(ctx, vs);
}

void
conf_lvs_init(struct vigil_conf *conf)
{
	TAILQ_INIT(&conf->lvs.vss);
	TAILQ_INIT(&conf->lvs.groups);
	conf->lvs.ssl = NULL;
}

/* Order of services, to find duplicates by sorting; ties broken by the
 * order of definition so that the later one is reported. */
struct vs_ref {
	const struct conf_virtual_server *vs;
	size_t			 idx;
};

static int
vs_cmp_service(const struct conf_virtual_server *a,
    const struct conf_virtual_server *b)
{
	size_t len;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	switch (a->kind) {
	case CONF_VS_FWMARK:
		if (a->fwmark != b->fwmark)
			return a->fwmark < b->fwmark ? -1 : 1;
		return a->ip_family - b->ip_family;
	case CONF_VS_GROUP:
		if ((c = strcmp(a->group, b->group)) != 0)
			return c;
		return a->protocol - b->protocol;
	default:
		if (a->addr.family != b->addr.family)
			return a->addr.family - b->addr.family;
		len = a->addr.family == AF_INET ? 4 : 16;
		if ((c = memcmp(&a->addr.u, &b->addr.u, len)) != 0)
			return c;
		if (a->port != b->port)
			return a->port - b->port;
		return a->protocol - b->protocol;
	}
}

static int
vs_ref_cmp(const void *pa, const void *pb)
{
	const struct vs_ref *a = pa, *b = pb;
	int c = vs_cmp_service(a->vs, b->vs);

	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void
vs_check_duplicates(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_virtual_server *vs;
	struct vs_ref *v;
	size_t i, n = 0;

	TAILQ_FOREACH(vs, &conf->lvs.vss, entry)
		n++;
	if (n < 2)
		return;
	v = xreallocarray(NULL, n, sizeof(*v));
	n = 0;
	TAILQ_FOREACH(vs, &conf->lvs.vss, entry) {
		v[n].vs = vs;
		v[n].idx = n;
		n++;
	}
	qsort(v, n, sizeof(*v), vs_ref_cmp);
	for (i = 1; i < n; i++)
		if (vs_cmp_service(v[i - 1].vs, v[i].vs) == 0)
			conf_error(ctx, &v[i].vs->obj.loc, "this virtual_server "
			    "is the same service as the one at line %u",
			    v[i - 1].vs->obj.loc.line);
	free(v);
}

void
conf_lvs_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_virtual_server *vs;

	TAILQ_FOREACH(vs, &conf->lvs.vss, entry)
		vs_check(ctx, conf, vs);
	vs_check_duplicates(ctx, conf);
}

/* --- dump --- */

/* The end of a range, short when only the last byte or group differs. */
static void
dump_range_end(FILE *out, const struct conf_addr *first,
    const struct conf_addr *last)
{
	const uint8_t *a, *b;
	size_t len;

	if (first->family == AF_INET) {
		a = (const uint8_t *)&first->u.v4;
		b = (const uint8_t *)&last->u.v4;
		len = 4;
	} else {
		a = first->u.v6.s6_addr;
		b = last->u.v6.s6_addr;
		len = 16;
	}
	if (memcmp(a, b, len - (len == 4 ? 1 : 2)) != 0) {
		fputc('-', out);
		conf_dump_addr(out, last);
	} else if (len == 4)
		fprintf(out, "-%u", b[3]);
	else
		fprintf(out, "-%x", (unsigned)(b[14] << 8 | b[15]));
}

static void
dump_group_entry(FILE *out, const struct conf_vs_group_entry *e)
{
	conf_dump_indent(out, 1);
	if (e->is_fwmark) {
		fprintf(out, "fwmark %" PRIu32 "%s\n", e->fwmark,
		    e->fwmark_family == AF_INET ? " inet" :
		    e->fwmark_family == AF_INET6 ? " inet6" : "");
		return;
	}
	conf_dump_addr(out, &e->first);
	if (!e->first.has_plen && !addr_equal(&e->first, &e->last))
		dump_range_end(out, &e->first, &e->last);
	if (e->port != 0)
		fprintf(out, " %u", e->port);
	fputc('\n', out);
}

static void
dump_check(FILE *out, const struct conf_check *c, int depth)
{
	const struct conf_url *u;
	const struct conf_smtp_host *h;

	conf_dump_indent(out, depth);
	fprintf(out, "%s {\n", check_types[c->type].name);
	conf_dump_fields(out, check_types[c->type].blk, &c->obj, depth + 1);
	TAILQ_FOREACH(u, &c->urls, entry) {
		conf_dump_indent(out, depth + 1);
		fputs("url {\n", out);
		conf_dump_fields(out, &url_block, &u->obj, depth + 2);
		conf_dump_indent(out, depth + 1);
		fputs("}\n", out);
	}
	TAILQ_FOREACH(h, &c->hosts, entry) {
		conf_dump_indent(out, depth + 1);
		fputs("host {\n", out);
		conf_dump_fields(out, &host_block, &h->obj, depth + 2);
		conf_dump_indent(out, depth + 1);
		fputs("}\n", out);
	}
	conf_dump_indent(out, depth);
	fputs("}\n", out);
}

static void
dump_rs(FILE *out, const struct conf_real_server *rs)
{
	const struct conf_check *c;

	conf_dump_indent(out, 1);
	fputs("real_server ", out);
	conf_dump_addr(out, &rs->addr);
	if (rs->port != 0)
		fprintf(out, " %d", rs->port);
	fputs(" {\n", out);
	conf_dump_fields(out, &rs_block, &rs->obj, 2);
	TAILQ_FOREACH(c, &rs->checks, entry)
		dump_check(out, c, 2);
	conf_dump_indent(out, 1);
	fputs("}\n", out);
}

static void
dump_vs(FILE *out, const struct conf_virtual_server *vs)
{
	const struct conf_real_server *rs;

	fputs("\nvirtual_server ", out);
	if (vs->kind == CONF_VS_GROUP) {
		fputs("group ", out);
		conf_dump_str(out, vs->group);
	} else if (vs->kind == CONF_VS_FWMARK)
		fprintf(out, "fwmark %" PRIu32, vs->fwmark);
	else {
		conf_dump_addr(out, &vs->addr);
		if (vs->port != 0)
			fprintf(out, " %d", vs->port);
	}
	fputs(" {\n", out);
	conf_dump_fields(out, &conf_lvs_virtual_server_block, &vs->obj, 1);
	TAILQ_FOREACH(rs, &vs->real_servers, entry)
		dump_rs(out, rs);
	fputs("}\n", out);
}

void
conf_lvs_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_virtual_server *vs;
	const struct conf_vs_group *g;
	const struct conf_vs_group_entry *e;

	if (conf->lvs.ssl != NULL) {
		fputs("\nSSL {\n", out);
		conf_dump_fields(out, &conf_lvs_ssl_block, &conf->lvs.ssl->obj,
		    1);
		fputs("}\n", out);
	}
	TAILQ_FOREACH(g, &conf->lvs.groups, entry) {
		fputs("\nvirtual_server_group ", out);
		conf_dump_str(out, g->name);
		fputs(" {\n", out);
		TAILQ_FOREACH(e, &g->entries, entry)
			dump_group_entry(out, e);
		fputs("}\n", out);
	}
	TAILQ_FOREACH(vs, &conf->lvs.vss, entry)
		dump_vs(out, vs);
}

/* --- free --- */

static void
lvs_free_check(struct conf_check *c)
{
	struct conf_url *u;
	struct conf_smtp_host *h;

	while ((u = TAILQ_FIRST(&c->urls)) != NULL) {
		TAILQ_REMOVE(&c->urls, u, entry);
		conf_free_fields(&url_block, &u->obj);
		free(u);
	}
	while ((h = TAILQ_FIRST(&c->hosts)) != NULL) {
		TAILQ_REMOVE(&c->hosts, h, entry);
		conf_free_fields(&host_block, &h->obj);
		free(h);
	}
	conf_free_fields(check_types[c->type].blk, &c->obj);
	free(c->payload);
	free(c->reply);
	free(c->reply_mask);
	free(c);
}

static void
lvs_free_rs(struct conf_real_server *rs)
{
	struct conf_check *c;

	while ((c = TAILQ_FIRST(&rs->checks)) != NULL) {
		TAILQ_REMOVE(&rs->checks, c, entry);
		lvs_free_check(c);
	}
	conf_free_fields(&rs_block, &rs->obj);
	free(rs);
}

void
conf_lvs_free(struct vigil_conf *conf)
{
	struct conf_virtual_server *vs;
	struct conf_real_server *rs;
	struct conf_vs_group *g;
	struct conf_vs_group_entry *e;

	while ((vs = TAILQ_FIRST(&conf->lvs.vss)) != NULL) {
		TAILQ_REMOVE(&conf->lvs.vss, vs, entry);
		while ((rs = TAILQ_FIRST(&vs->real_servers)) != NULL) {
			TAILQ_REMOVE(&vs->real_servers, rs, entry);
			lvs_free_rs(rs);
		}
		conf_free_fields(&conf_lvs_virtual_server_block, &vs->obj);
		free(vs->group);
		free(vs);
	}
	while ((g = TAILQ_FIRST(&conf->lvs.groups)) != NULL) {
		TAILQ_REMOVE(&conf->lvs.groups, g, entry);
		while ((e = TAILQ_FIRST(&g->entries)) != NULL) {
			TAILQ_REMOVE(&g->entries, e, entry);
			free(e);
		}
		free(g->name);
		free(g);
	}
	if (conf->lvs.ssl != NULL) {
		conf_free_fields(&conf_lvs_ssl_block, &conf->lvs.ssl->obj);
		free(conf->lvs.ssl);
		conf->lvs.ssl = NULL;
	}
}
