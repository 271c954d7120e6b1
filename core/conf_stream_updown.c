/* interface_up_down_delays into msg_conf_global, for the vrrp child. */
#include <stdio.h>

#include "conf/conf.h"
#include "core/core.h"

_Static_assert(IPC_UPDOWN_IF_MAX == CONF_UPDOWN_IF_MAX, "up/down delays");
_Static_assert(CONF_UPDOWN_MAX_US <= UINT32_MAX, "delays fit uint32_t");
_Static_assert(sizeof(struct msg_conf_global) <= IPC_MAX_PAYLOAD,
    "the global message fits one IPC message");

void
conf_collect_updown(const struct vigil_conf *conf, struct msg_conf_global *g)
{
	const struct conf_updown *u;

	/* The check pass refused more than IPC_UPDOWN_IF_MAX. */
	TAILQ_FOREACH(u, &conf->updowns, entry) {
		if (g->nupdown >= IPC_UPDOWN_IF_MAX)
			break;
		snprintf(g->updown_ifname[g->nupdown], IF_NAMESIZE, "%s",
		    u->ifname);
		g->updown_us[g->nupdown][0] = (uint32_t)u->down_us;
		g->updown_us[g->nupdown][1] = (uint32_t)u->up_us;
		g->nupdown++;
	}
}
