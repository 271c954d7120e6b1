/*
 * net_namespace NAME: the network namespace vigild runs in, and its two
 * companions (namespace_with_ipsets, net_namespace_ipvs). Table entries
 * spliced into global_defs' table and the top level's; the joining itself
 * is core/netns.c.
 */
#ifndef VIGIL_CONF_NETNS_H
#define VIGIL_CONF_NETNS_H

#include "conf/conf_schema.h"

int	conf_netns_name(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);

#define CONF_NETNS_KWS							\
	{ "net_namespace", CONF_T_STRING,				\
	  CONF_OFF(struct conf_global, net_namespace),			\
	  .handler = conf_netns_name, .flags = CONF_KW_DUMP_ALWAYS },	\
	CONF_DIFFERS("namespace_with_ipsets", 0, 0, CONF_DIFFERS_IPTABLES)

/* keepalived reads them at the top level too; the dump writes them in
 * global_defs. */
#define CONF_NETNS_ROOT_KWS						\
	{ "net_namespace", CONF_T_STRING,				\
	  CONF_OFF(struct vigil_conf, global.net_namespace),		\
	  .handler = conf_netns_name, .flags = CONF_KW_NODUMP },	\
	CONF_DIFFERS("namespace_with_ipsets", 0, 0, CONF_DIFFERS_IPTABLES)

#endif
