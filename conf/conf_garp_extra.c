/*
 * garp_extra_if / vrrp_garp_extra_if "[all] SECONDS" and
 * vmac_addr_prefix: handlers and dumps for the instance and global_defs
 * tables (conf_vrrp.c, conf_global.c). The vrrp child sends the periodic
 * GARPs / NAs (vrrp/vrrp_addr_vmac.c).
 */
#include <stdio.h>
#include <string.h>

#include "conf/conf_global.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

/* "[all] N": N seconds, 0-86400 (0: off). */
static int
garp_extra_parse(struct conf_ctx *ctx, const struct conf_node *n,
    int *secs, bool *all)
{
	const struct conf_arg *a = &n->args[0];
	int64_t v;

	*all = false;
	if (n->nargs == 2) {
		if (strcmp(a->s, "all") != 0) {
			conf_error(ctx, &a->loc, "%s: '%s' is not 'all' "
			    "(write: %s [all] SECONDS)", n->kw, a->s, n->kw);
			return -1;
		}
		*all = true;
		a = &n->args[1];
	} else if (strcmp(a->s, "all") == 0) {
		conf_error(ctx, &a->loc, "%s: 'all' needs the interval in "
		    "seconds after it (write: %s all SECONDS)", n->kw, n->kw);
		return -1;
	}
	if (conf_parse_int(ctx, a, n->kw, 0, 86400, &v) < 0)
		return -1;
	*secs = (int)v;
	return 0;
}

int
conf_garp_extra_inst(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;

	return garp_extra_parse(ctx, n, &vi->garp_extra_if,
	    &vi->garp_extra_if_all);
}

int
conf_garp_extra_global(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_global *g = (struct conf_global *)obj;

	return garp_extra_parse(ctx, n, &g->garp_extra_if,
	    &g->garp_extra_if_all);
}

/* Off is shown only where written (an instance turning the global's
 * default off), so the dump reads back the same. */
static void
garp_extra_dump(FILE *out, const char *kw, int secs, bool all, bool given,
    int depth)
{
	if (secs == 0 && !given)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s%s %d\n", kw, all ? " all" : "", secs);
}

void
conf_garp_extra_inst_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vrrp_instance *vi =
	    (const struct conf_vrrp_instance *)obj;

	garp_extra_dump(out, kw->name, vi->garp_extra_if,
	    vi->garp_extra_if_all && vi->garp_extra_if != 0,
	    conf_kw_given(&conf_vrrp_instance_block, obj, kw->name), depth);
}

void
conf_garp_extra_global_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;

	garp_extra_dump(out, kw->name, g->garp_extra_if,
	    g->garp_extra_if_all && g->garp_extra_if != 0, false, depth);
}

/* vmac_addr_prefix: like vmac_prefix, it must start an interface name. */
int
conf_vmac_addr_prefix(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	const char *p = n->args[0].s;

	if (*p == '\0' || strpbrk(p, "/: \t") != NULL) {
		conf_error(ctx, &n->args[0].loc, "%s: '%s' cannot start an "
		    "interface name", kw->name, p);
		return -1;
	}
	return 0;
}
