/*
 * bfd_instance blocks (conf_bfd.c): one BFD session each, run by the vrrp
 * child (vrrp/bfd.h); track_bfd in vrrp_instance and vrrp_sync_group
 * refers to them by name, as BFD_CHECK in real_server does.
 */
#ifndef VIGIL_CONF_BFD_H
#define VIGIL_CONF_BFD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/queue.h>

#include "conf/conf_types.h"
#include "conf/conf_vrrp.h"

struct conf_bfd {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_bfd) entry;
	char		*name;
	struct conf_addr neighbor;	/* neighbor_ip, neighbour_ip */
	struct conf_addr source;	/* source_ip; family 0: none */
	int64_t		 min_rx_us;	/* 10 ms */
	int64_t		 min_tx_us;	/* 10 ms */
	int64_t		 idle_tx_us;	/* 1000 ms */
	int		 multiplier;	/* 5 */
	bool		 passive;
	int		 ttl;		/* IPv4, 255 */
	int		 hoplimit;	/* IPv6, 255 */
	int		 max_hops;	/* 0; -1: no check */
	struct conf_weight weight;	/* 0 */
	bool		 vrrp;		/* state to the vrrp side only */
	bool		 checker;	/* to the check child only */
	bool		 used;		/* tracked or checked: check pass */
};
TAILQ_HEAD(conf_bfd_list, conf_bfd);

struct conf_ctx;
struct vigil_conf;

extern const struct conf_block conf_bfd_block;
void	conf_bfd_dump(const struct vigil_conf *conf, FILE *out);
void	conf_bfd_free(struct vigil_conf *conf);
/* The check pass: neighbours and sources, track_bfd references of the
 * instances and sync groups (an unknown name is an error with a
 * suggestion). */
void	conf_bfd_check(struct conf_ctx *ctx, struct vigil_conf *conf);
/* The bfd_instance of that name, NULL if none. */
const struct conf_bfd *conf_bfd_find(const struct vigil_conf *conf,
	    const char *name);

#endif
