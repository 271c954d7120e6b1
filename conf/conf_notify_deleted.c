/*
 * notify_deleted [SCRIPT [user [group]]] of a vrrp_instance or a
 * vrrp_sync_group: an instance or group a reload removes is reported
 * DELETED (notify script, notify FIFOs), and SCRIPT, if given, runs
 * first (check_notify.c). Without it, a removed instance is reported
 * FAULT and a removed group not at all, as keepalived 2.2.7 does.
 */
#include <stdio.h>
#include <stdlib.h>

#include "conf/conf_priv.h"
#include "conf/conf_vrrp.h"
#include "common/util.h"

static int
nd_set(struct conf_ctx *ctx, const struct conf_kw *kw,
    const struct conf_node *n, bool *set, char **script, char **user)
{
	size_t i;

	for (i = 1; i < n->nargs; i++)
		if (conf_str_needs_quotes(n->args[i].s)) {
			conf_error(ctx, &n->args[i].loc, "%s: '%s' is not a "
			    "valid user or group name; quote the script if "
			    "it has arguments", kw->name, n->args[i].s);
			return -1;
		}
	*set = true;
	free(*script);
	free(*user);
	*script = NULL;
	*user = NULL;
	if (n->nargs == 0)
		return 0;
	*script = xstrdup(n->args[0].s);
	if (n->nargs > 1)
		*user = conf_join_args(n->args + 1, n->nargs - 1);
	return 0;
}

static void
nd_dump(FILE *out, const struct conf_kw *kw, int depth, bool set,
    const char *script, const char *user)
{
	if (!set)
		return;
	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	if (script != NULL) {
		fputc(' ', out);
		conf_dump_str(out, script);
	}
	if (user != NULL)
		fprintf(out, " %s", user);
	fputc('\n', out);
}

int
conf_notify_deleted(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;

	return nd_set(ctx, kw, n, &vi->notify_deleted,
	    &vi->notify_deleted_script, &vi->notify_deleted_user);
}

void
conf_notify_deleted_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vrrp_instance *vi =
	    (const struct conf_vrrp_instance *)obj;

	nd_dump(out, kw, depth, vi->notify_deleted, vi->notify_deleted_script,
	    vi->notify_deleted_user);
}

int
conf_sync_notify_deleted(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_sync_group *g = (struct conf_sync_group *)obj;

	return nd_set(ctx, kw, n, &g->notify_deleted,
	    &g->notify_deleted_script, &g->notify_deleted_user);
}

void
conf_sync_notify_deleted_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_sync_group *g = (const struct conf_sync_group *)obj;

	nd_dump(out, kw, depth, g->notify_deleted, g->notify_deleted_script,
	    g->notify_deleted_user);
}
