/*
 * net_namespace NAME: a name as `ip netns add` makes it (a file in
 * /run/netns).
 */
#include <string.h>

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
