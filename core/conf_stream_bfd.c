/*
 * bfd_instance blocks into the children's sets: the vrrp child runs the
 * sessions; the check child gets them too, for BFD_CHECK.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <string.h>

#include "common/conf_rx.h"
#include "common/util.h"
#include "conf/conf.h"
#include "core/core.h"

static void
conf_bfd_addr(const struct conf_addr *a, uint8_t out[16])
{
	if (a->family == AF_INET6)
		memcpy(out, &a->u.v6, 16);
	else
		memcpy(out, &a->u.v4, 4);
}

void
conf_collect_bfd(const struct vigil_conf *conf, struct conf_set *vrrp,
    struct conf_set *check)
{
	const struct conf_bfd *cb;
	struct msg_conf_bfd b;

	TAILQ_FOREACH(cb, &conf->bfds, entry) {
		memset(&b, 0, sizeof(b));
		snprintf(b.name, sizeof(b.name), "%s", cb->name);
		b.family = cb->neighbor.family;
		conf_bfd_addr(&cb->neighbor, b.neighbor);
		if (cb->source.family != AF_UNSPEC) {
			conf_bfd_addr(&cb->source, b.source);
			b.flags |= BFD_F_SOURCE;
		}
		b.min_rx_us = (uint32_t)cb->min_rx_us;
		b.min_tx_us = (uint32_t)cb->min_tx_us;
		b.idle_tx_us = (uint32_t)cb->idle_tx_us;
		b.multiplier = (uint32_t)cb->multiplier;
		b.ttl = (uint32_t)(b.family == AF_INET6 ? cb->hoplimit :
		    cb->ttl);
		b.max_hops = cb->max_hops == 255 ? -1 : cb->max_hops;
		b.weight = cb->weight.weight;
		b.flags |= (cb->passive ? BFD_F_PASSIVE : 0) |
		    (cb->weight.reverse ? BFD_F_REVERSE : 0) |
		    (cb->vrrp ? BFD_F_VRRP : 0) |
		    (cb->checker ? BFD_F_CHECKER : 0);
		conf_set_add_bfd(vrrp, &b);
		conf_set_add_bfd(check, &b);
	}
}

void
conf_stream_bfd(struct ipc_chan *c, const struct conf_set *s)
{
	size_t i;

	for (i = 0; i < s->nbfd; i++)
		ipc_send(c, MSG_CONF_BFD, &s->bfd[i], sizeof(s->bfd[i]));
}
