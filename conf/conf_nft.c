/*
 * global_defs keywords of accept mode's nftables table: `nftables
 * [NAME]` names the table (default vigil), and the iptables keywords of
 * keepalived are read and mapped onto it, with a note saying so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_global.h"
#include "conf/conf_nft.h"
#include "conf/conf_priv.h"

/* nftables [NAME] */
int
conf_nft_table(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_global *g = (struct conf_global *)obj;

	free(g->nftables_table);
	g->nftables_table = NULL;
	g->nftables = true;
	if (n->nargs == 1) {
		if (strlen(n->args[0].s) >= 64 || n->args[0].s[0] == '\0') {
			conf_error(ctx, &n->args[0].loc, "nftables: table name "
			    "'%s' is empty or longer than 63 characters",
			    n->args[0].s);
			return -1;
		}
		g->nftables_table = xstrdup(n->args[0].s);
	}
	return 0;
}

void
conf_nft_table_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;

	if (!g->nftables)
		return;
	conf_dump_indent(out, depth);
	fputs("nftables", out);
	if (g->nftables_table != NULL) {
		fputc(' ', out);
		conf_dump_str(out, g->nftables_table);
	}
	fputc('\n', out);
}

/* vrrp_iptables, vrrp_ipsets, nftables_ifindex: read, and what vigil
 * does instead said. */
int
conf_nft_note(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_global *g = (struct conf_global *)obj;

	if (strcmp(kw->name, "nftables_ifindex") == 0) {
		g->nftables_ifindex = true;
		conf_note(ctx, &n->loc, "nftables_ifindex: vigil's no_accept "
		    "sets hold addresses only (a link-local VIP is dropped on "
		    "every interface); nothing to choose");
		return 0;
	}
	conf_note(ctx, &n->loc, "%s: vigil implements no_accept with "
	    "nftables, in a table of its own (inet vigil, or the one "
	    "nftables names), not with iptables chains or ipsets; the names "
	    "given are not used", kw->name);
	return 0;
}

/* nftables_priority, or keepalived's default -1 (not dumped unless
 * given, like the other nftables keywords). */
int
conf_nft_priority(const struct conf_global *g)
{
	return conf_kw_given(&conf_global_block, &g->obj,
	    "nftables_priority") ? g->nftables_priority : -1;
}

/* nftables_ipvs [NAME] */
int
conf_nft_ipvs_table(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_global *g = (struct conf_global *)obj;

	free(g->nftables_ipvs_table);
	g->nftables_ipvs_table = NULL;
	g->nftables_ipvs = true;
	if (n->nargs == 1) {
		if (strlen(n->args[0].s) >= 64 || n->args[0].s[0] == '\0') {
			conf_error(ctx, &n->args[0].loc, "nftables_ipvs: table "
			    "name '%s' is empty or longer than 63 characters",
			    n->args[0].s);
			return -1;
		}
		g->nftables_ipvs_table = xstrdup(n->args[0].s);
	}
	return 0;
}

void
conf_nft_ipvs_table_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;

	if (!g->nftables_ipvs)
		return;
	conf_dump_indent(out, depth);
	fputs("nftables_ipvs", out);
	if (g->nftables_ipvs_table != NULL) {
		fputc(' ', out);
		conf_dump_str(out, g->nftables_ipvs_table);
	}
	fputc('\n', out);
}

/* nftables_ipvs_priority, or -1 when not given. */
int
conf_nft_ipvs_priority(const struct conf_global *g)
{
	return conf_kw_given(&conf_global_block, &g->obj,
	    "nftables_ipvs_priority") ? g->nftables_ipvs_priority : -1;
}

/* nftables_ipvs_start_fwmark, or 1000 when not given (not dumped
 * unless given). */
uint32_t
conf_nft_ipvs_fwmark(const struct conf_global *g)
{
	return conf_kw_given(&conf_global_block, &g->obj,
	    "nftables_ipvs_start_fwmark") ? g->nftables_ipvs_start_fwmark :
	    1000;
}
