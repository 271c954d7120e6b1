/*
 * notify_deleted [SCRIPT [user [group]]] of a vrrp_instance: an instance
 * a reload removes is reported DELETED (notify script, notify FIFOs)
 * instead of FAULT, and SCRIPT, if given, runs first (check_notify.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "conf/conf_priv.h"
#include "conf/conf_vrrp.h"
#include "common/util.h"

int
conf_notify_deleted(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;
	size_t i;

	for (i = 1; i < n->nargs; i++)
		if (conf_str_needs_quotes(n->args[i].s)) {
			conf_error(ctx, &n->args[i].loc, "%s: '%s' is not a "
			    "valid user or group name; quote the script if "
			    "it has arguments", kw->name, n->args[i].s);
			return -1;
		}
	vi->notify_deleted = true;
	free(vi->notify_deleted_script);
	free(vi->notify_deleted_user);
	vi->notify_deleted_script = NULL;
	vi->notify_deleted_user = NULL;
	if (n->nargs == 0)
		return 0;
	vi->notify_deleted_script = xstrdup(n->args[0].s);
	if (n->nargs > 1)
		vi->notify_deleted_user = conf_join_args(n->args + 1,
		    n->nargs - 1);
	return 0;
}

void
conf_notify_deleted_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vrrp_instance *vi =
	    (const struct conf_vrrp_instance *)obj;

	if (!vi->notify_deleted)
		return;
	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	if (vi->notify_deleted_script != NULL) {
		fputc(' ', out);
		conf_dump_str(out, vi->notify_deleted_script);
	}
	if (vi->notify_deleted_user != NULL)
		fprintf(out, " %s", vi->notify_deleted_user);
	fputc('\n', out);
}
