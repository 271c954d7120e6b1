/*
 * linkbeat_use_polling and linkbeat_interfaces: keepalived polls these
 * interfaces' link state (MII, ethtool or an ioctl) instead of taking it
 * from netlink. vigil reads the keywords, checks them, and says once per
 * use that it takes link state from rtnetlink link events (IFF_UP and
 * IFF_RUNNING, the carrier) for every interface, polling none.
 */
#include <strings.h>

#include "conf/conf_priv.h"

#define LINKBEAT_NOTE	"vigil takes link state from netlink link events " \
			"(up and carrier) and polls no interface"

int
conf_linkbeat_polling(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	conf_note(ctx, &n->loc, "%s: %s", n->kw, LINKBEAT_NOTE);
	return 0;
}

/* One interface, with the polling method it would prefer. */
static int
linkbeat_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	if (conf_check_ifname(ctx, &args[0]) < 0)
		return -1;
	conf_note(ctx, &args[0].loc, "linkbeat_interfaces: %s: %s", args[0].s,
	    LINKBEAT_NOTE);
	if (nargs < 2)
		return 1;
	if (strcasecmp(args[1].s, "MII") != 0 &&
	    strcasecmp(args[1].s, "ETHTOOL") != 0 &&
	    strcasecmp(args[1].s, "IOCTL") != 0) {
		/* keepalived warns too and goes on */
		conf_warning(ctx, &args[1].loc, "linkbeat_interfaces: %s: "
		    "unknown polling type '%s' ignored (MII, ETHTOOL, IOCTL)",
		    args[0].s, args[1].s);
	}
	return 2;
}

const struct conf_block conf_linkbeat_block = {
	.name = "linkbeat_interfaces",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = linkbeat_entry,
};
