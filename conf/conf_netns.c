/*
 * net_namespace NAME: a name as `ip netns add` makes it (a file in
 * /run/netns), the note of namespace_with_ipsets, net_namespace_ipvs
 * [NAME] and the check child's netlink buffer keywords.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_global.h"
#include "conf/conf_netns.h"
#include "conf/conf_priv.h"

int
conf_netns_name(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	const char *s = *(char **)((char *)obj + kw->off);

	if (s == NULL)
		return 0;
	if (s[0] == '\0' || strchr(s, '/') != NULL || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0 || strlen(s) > 255) {
		conf_error(ctx, &n->args[0].loc, "%s: '%s' is not a name "
		    "`ip netns add` makes (empty, '.', '..' or has a '/')",
		    kw->name, s);
		return -1;
	}
	return 0;
}

int
conf_netns_ipsets(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	(void)obj;
	conf_note(ctx, &n->loc, "%s: vigil uses no ipsets (no_accept is an "
	    "nftables table, which is per namespace on every kernel vigil "
	    "runs on); nothing to do", kw->name);
	return 0;
}

/* net_namespace_ipvs [NAME]: the namespace whose IPVS table the check
 * child programs; no NAME: that of process 1 (the host's). Top level or
 * global_defs: kw->off is the char * in either object. */
int
conf_netns_ipvs(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	char **p = (char **)((char *)obj + kw->off);
	const char *s = n->nargs == 1 ? n->args[0].s : "";

	if (n->nargs == 1 && (s[0] == '\0' || strchr(s, '/') != NULL ||
	    strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || strlen(s) > 255)) {
		conf_error(ctx, &n->args[0].loc, "%s: '%s' is not a name "
		    "`ip netns add` makes (empty, '.', '..' or has a '/')",
		    kw->name, s);
		return -1;
	}
	free(*p);
	*p = xstrdup(s);
	return 0;
}

void
conf_netns_ipvs_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const char *s = *(char *const *)((const char *)obj + kw->off);

	if (s == NULL)
		return;
	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	if (s[0] != '\0') {
		fputc(' ', out);
		conf_dump_str(out, s);
	}
	fputc('\n', out);
}

/* lvs_netlink_monitor_rcv_bufs[_force]: read, checked and dumped; the
 * check child has no monitor socket to size. */
int
conf_netns_lvs_monitor(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	(void)obj;
	conf_note(ctx, &n->loc, "%s: vigil's check process has no netlink "
	    "monitor socket (it follows no link or address changes); "
	    "nothing to size", kw->name);
	return 0;
}
