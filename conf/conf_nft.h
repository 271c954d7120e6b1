/*
 * global_defs keywords of accept mode's nftables table (keepalived's
 * nftables, nftables_priority, nftables_counters, nftables_ifindex) and
 * its iptables ones (vrrp_iptables, vrrp_ipsets), which vigil maps onto
 * the same table: the hooks of conf_global.c's table.
 */
#ifndef VIGIL_CONF_NFT_H
#define VIGIL_CONF_NFT_H

#include <stdint.h>

#include "conf/conf_schema.h"

int	conf_nft_table(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_nft_table_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_nft_note(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);

int	conf_nft_ipvs_table(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_nft_ipvs_table_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);

struct conf_global;
int	conf_nft_priority(const struct conf_global *);
int	conf_nft_ipvs_priority(const struct conf_global *);
uint32_t conf_nft_ipvs_fwmark(const struct conf_global *);

#endif
