/*
 * Values that more than one LVS block reads or prints: ports, addresses,
 * lvs_method with its tunnel options, enum names, and the handlers and
 * dumps the tables use for odd syntax.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <ctype.h>
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"

static const char *const method_names[] = { "NAT", "DR", "TUN" };
static const char *const tun_names[] = { "ipip", "gue", "gre" };
static const char *const csum_names[] = { "nocsum", "csum", "remcsum" };

const char *
conf_lvs_enum_name(const struct conf_enum *e, int v)
{
	for (; e->name != NULL; e++)
		if (e->value == v)
			return e->name;
	return "?";
}

const char *
conf_lvs_method_name(int method)
{
	if (method < 0 || method >= (int)ARRAY_SIZE(method_names))
		return "?";
	return method_names[method];
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

/* A port: a number in [min, 65535] or a service name. */
int
conf_lvs_parse_port(struct conf_ctx *ctx, const struct conf_arg *a,
    const char *what, int min, int *out)
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

bool
conf_lvs_addr_equal(const struct conf_addr *a, const struct conf_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
}

/* --- generic handlers and dumps for odd syntax --- */

/* A port keyword stored in an int; 0 means not given. */
int
conf_lvs_port_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	return conf_lvs_parse_port(ctx, &n->args[0], kw->name, 1,
	    obj_field(obj, kw));
}

void
conf_lvs_dump_port(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	int port = *(const int *)obj_cfield(obj, kw);

	if (port == 0)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s %d\n", kw->name, port);
}

/* A bool printed the keepalived way: the bare keyword when true. */
void
conf_lvs_dump_flag(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	if (!*(const bool *)obj_cfield(obj, kw))
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s\n", kw->name);
}

/* Effective values, resolved by the check pass: always printed. */
void
conf_lvs_dump_timer_always(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	conf_dump_indent(out, depth);
	fprintf(out, "%s ", kw->name);
	conf_dump_decimal(out, *(const int64_t *)obj_cfield(obj, kw), USEC);
	fputc('\n', out);
}

void
conf_lvs_dump_u32_always(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	conf_dump_indent(out, depth);
	fprintf(out, "%s %" PRIu32 "\n", kw->name,
	    *(const uint32_t *)obj_cfield(obj, kw));
}

void
conf_lvs_dump_bool_always(FILE *out, const struct conf_obj *obj,
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
				if (conf_lvs_parse_port(ctx, &n->args[++k],
				    "tunnel port", 1, &port) < 0)
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

int
conf_lvs_forward_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	return forward_parse(ctx, n, obj_field(obj, kw));
}

void
conf_lvs_forward_print(FILE *out, const char *name,
    const struct conf_lvs_forward *f, int depth)
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

void
conf_lvs_dump_forward(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	conf_lvs_forward_print(out, kw->name, obj_cfield(obj, kw), depth);
}

