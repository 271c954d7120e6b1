/*
 * net_namespace NAME: the network namespace vigild runs in, and its two
 * companions (namespace_with_ipsets, net_namespace_ipvs). Table entries
 * spliced into global_defs' table and the top level's; the joining itself
 * is core/netns.c.
 */
#ifndef VIGIL_CONF_NETNS_H
#define VIGIL_CONF_NETNS_H

#include <stdio.h>

#include "conf/conf_schema.h"

int	conf_netns_name(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
int	conf_netns_ipsets(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
int	conf_netns_ipvs(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_netns_ipvs_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_netns_lvs_monitor(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);

#define CONF_NETNS_KWS							\
	{ "net_namespace", CONF_T_STRING,				\
	  CONF_OFF(struct conf_global, net_namespace),			\
	  .handler = conf_netns_name, .flags = CONF_KW_DUMP_ALWAYS },	\
	{ "namespace_with_ipsets", CONF_T_NONE,				\
	  .handler = conf_netns_ipsets, .flags = CONF_KW_NODUMP },	\
	{ "net_namespace_ipvs", CONF_T_NONE,				\
	  CONF_OFF(struct conf_global, net_namespace_ipvs),		\
	  .max_args = 1, .handler = conf_netns_ipvs,			\
	  .dump = conf_netns_ipvs_dump, .flags = CONF_KW_DUMP_ALWAYS }

/* The check child's netlink receive buffers (global_defs only). */
#define CONF_LVS_NL_KWS							\
	{ "lvs_netlink_cmd_rcv_bufs", CONF_T_U32,			\
	  CONF_OFF(struct conf_global, lvs_nl_cmd_rcvbuf),		\
	  .min = 0, .max = 4294967295LL },				\
	{ "lvs_netlink_cmd_rcv_bufs_force", CONF_T_BOOL,		\
	  CONF_OFF(struct conf_global, lvs_nl_cmd_rcvbuf_force) },	\
	{ "lvs_netlink_monitor_rcv_bufs", CONF_T_U32,			\
	  CONF_OFF(struct conf_global, lvs_nl_mon_rcvbuf),		\
	  .min = 0, .max = 4294967295LL,				\
	  .handler = conf_netns_lvs_monitor },				\
	{ "lvs_netlink_monitor_rcv_bufs_force", CONF_T_BOOL,		\
	  CONF_OFF(struct conf_global, lvs_nl_mon_rcvbuf_force),	\
	  .handler = conf_netns_lvs_monitor }

/* keepalived reads them at the top level too; the dump writes them in
 * global_defs. */
#define CONF_NETNS_ROOT_KWS						\
	{ "net_namespace", CONF_T_STRING,				\
	  CONF_OFF(struct vigil_conf, global.net_namespace),		\
	  .handler = conf_netns_name, .flags = CONF_KW_NODUMP },	\
	{ "namespace_with_ipsets", CONF_T_NONE,				\
	  .handler = conf_netns_ipsets, .flags = CONF_KW_NODUMP },	\
	{ "net_namespace_ipvs", CONF_T_NONE,				\
	  CONF_OFF(struct vigil_conf, global.net_namespace_ipvs),	\
	  .max_args = 1, .handler = conf_netns_ipvs,			\
	  .flags = CONF_KW_NODUMP }

#endif
