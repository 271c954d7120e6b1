/*
 * The IPVS-wide keywords of global_defs that keepalived 2.2.7 reads with
 * their own syntax (lvs_timeouts, lvs_flush_on_stop), and the two old
 * spellings vigil maps: lvs_sync_daemon_interface in a vrrp_instance
 * (onto the global lvs_sync_daemon) and nat_mask in a virtual_server
 * (no effect).
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_priv.h"
#include "conf/conf_lvs_priv.h"
#include "conf/conf_vrrp.h"

/* lvs_timeouts [tcp S] [tcpfin S] [udp S]: at least one. */
int
conf_global_lvs_timeouts(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	static const char *const w[3] = { "tcp", "tcpfin", "udp" };
	struct conf_global *g = (struct conf_global *)obj;
	uint32_t t[3] = { 0, 0, 0 };
	int64_t v;
	size_t i, k;

	(void)kw;
	if (n->nargs == 0 || n->nargs % 2 != 0) {
		conf_error(ctx, &n->loc, "lvs_timeouts: give one or more of "
		    "tcp SECONDS, tcpfin SECONDS, udp SECONDS");
		return -1;
	}
	for (i = 0; i < n->nargs; i += 2) {
		for (k = 0; k < 3 && strcmp(n->args[i].s, w[k]) != 0; k++)
			;
		if (k == 3) {
			conf_error(ctx, &n->args[i].loc, "lvs_timeouts: '%s' "
			    "is none of tcp, tcpfin, udp", n->args[i].s);
			return -1;
		}
		/* the kernel's limit: 31 days */
		if (conf_parse_int(ctx, &n->args[i + 1], w[k], 1,
		    31 * 86400, &v) < 0)
			return -1;
		t[k] = (uint32_t)v;
	}
	memcpy(g->lvs_timeouts, t, sizeof(t));
	return 0;
}

void
conf_global_lvs_timeouts_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	static const char *const w[3] = { "tcp", "tcpfin", "udp" };
	const struct conf_global *g = (const struct conf_global *)obj;
	int k;

	if (!g->lvs_timeouts[0] && !g->lvs_timeouts[1] && !g->lvs_timeouts[2])
		return;
	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	for (k = 0; k < 3; k++)
		if (g->lvs_timeouts[k])
			fprintf(out, " %s %u", w[k], g->lvs_timeouts[k]);
	fputc('\n', out);
}

/* lvs_flush_on_stop [VS] */
int
conf_global_lvs_flush_on_stop(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_global *g = (struct conf_global *)obj;

	(void)kw;
	if (n->nargs == 1 && strcmp(n->args[0].s, "VS") != 0) {
		conf_error(ctx, &n->args[0].loc, "lvs_flush_on_stop: '%s' is "
		    "not VS", n->args[0].s);
		return -1;
	}
	g->lvs_flush_on_stop = n->nargs == 1 ? CONF_FLUSH_ON_STOP_VS :
	    CONF_FLUSH_ON_STOP_FULL;
	return 0;
}

void
conf_global_lvs_flush_on_stop_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;

	if (g->lvs_flush_on_stop == CONF_FLUSH_ON_STOP_NO)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s%s\n", kw->name, g->lvs_flush_on_stop ==
	    CONF_FLUSH_ON_STOP_VS ? " VS" : "");
}

/* lvs_sync_daemon_interface IFNAME in a vrrp_instance: keepalived's old
 * form of "lvs_sync_daemon IFNAME INSTANCE" in global_defs. */
int
conf_vrrp_lvs_sync_interface(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;
	struct conf_global *g = &ctx->conf->global;

	(void)kw;
	if (conf_check_ifname(ctx, &n->args[0]) < 0)
		return -1;
	if (g->lvs_sync_if != NULL) {
		conf_warning(ctx, &n->loc, "lvs_sync_daemon_interface: "
		    "lvs_sync_daemon is already %s; ignored", g->lvs_sync_if);
		return 0;
	}
	conf_note(ctx, &n->loc, "lvs_sync_daemon_interface is deprecated; "
	    "read as 'lvs_sync_daemon %s %s' in global_defs", n->args[0].s,
	    vi->name != NULL ? vi->name : "");
	g->lvs_sync_if = xstrdup(n->args[0].s);
	g->lvs_sync_instance = vi->name != NULL ? xstrdup(vi->name) : NULL;
	g->lvs_sync_loc = n->loc;
	g->lvs_sync_id = 255;
	return 0;
}

/* nat_mask NETMASK in a virtual_server: removed from keepalived. */
int
conf_lvs_nat_mask(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	(void)obj;
	(void)kw;
	conf_warning(ctx, &n->loc, "nat_mask: removed from keepalived "
	    "(2.2.7 rejects it as an unknown keyword) and without effect "
	    "here: IPVS NAT takes no netmask; ignored (persistence by "
	    "network is persistence_granularity)");
	return 0;
}
