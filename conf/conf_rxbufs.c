/*
 * vrrp_rx_bufs_policy MTU|ADVERT|BYTES ...: how big the receive buffer
 * of each VRRP socket is (global_defs); vrrp_rx_bufs_multiplier and an
 * instance's kernel_rx_buf_size are plain table entries. The vrrp child
 * sums the instances' shares per socket (vrrp/vrrp_engine.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "conf/conf_global.h"
#include "conf/conf_priv.h"

int
conf_rxbufs_policy(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_global *g = (struct conf_global *)obj;
	int policy = CONF_RXBUFS_NONE;
	int64_t size = 0;
	size_t i;

	for (i = 0; i < n->nargs; i++) {
		const struct conf_arg *a = &n->args[i];

		if (strcasecmp(a->s, "MTU") == 0) {
			if (policy == CONF_RXBUFS_ADVERT)
				conf_warning(ctx, &a->loc, "vrrp_rx_bufs_policy: "
				    "MTU and ADVERT both given; MTU is used");
			policy = CONF_RXBUFS_MTU;
		} else if (strcasecmp(a->s, "ADVERT") == 0) {
			if (policy == CONF_RXBUFS_MTU)
				conf_warning(ctx, &a->loc, "vrrp_rx_bufs_policy: "
				    "MTU and ADVERT both given; MTU is used");
			else
				policy = CONF_RXBUFS_ADVERT;
		} else if (conf_parse_int(ctx, a, "vrrp_rx_bufs_policy size",
		    1, INT32_MAX / 2, &size) == -1) {
			conf_note(ctx, &a->loc, "vrrp_rx_bufs_policy takes MTU, "
			    "ADVERT or a size in bytes");
			return -1;
		}
	}
	if (size != 0 && policy != CONF_RXBUFS_NONE)
		conf_warning(ctx, &n->loc, "vrrp_rx_bufs_policy: a size and a "
		    "policy both given; the size is used");
	g->rx_bufs_policy = size != 0 ? CONF_RXBUFS_SIZE : policy;
	g->rx_bufs_size = (uint32_t)size;
	return 0;
}

void
conf_rxbufs_policy_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;

	if (g->rx_bufs_policy == CONF_RXBUFS_NONE)
		return;
	conf_dump_indent(out, depth);
	if (g->rx_bufs_policy == CONF_RXBUFS_SIZE)
		fprintf(out, "vrrp_rx_bufs_policy %u\n", g->rx_bufs_size);
	else
		fprintf(out, "vrrp_rx_bufs_policy %s\n",
		    g->rx_bufs_policy == CONF_RXBUFS_MTU ? "MTU" : "ADVERT");
}
