/*
 * global_defs: the keyword table and its hooks. Defaults are keepalived's,
 * except where keepalived's default is the host name (router_id,
 * smtp_helo_name, notification_email_from): those stay unset so that the
 * dump does not depend on the machine, and the daemon fills them in.
 */
#include <arpa/inet.h>

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_netns.h"
#include "conf/conf_nft.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"
#include "conf/conf_vrrp.h"

#define G(m)	CONF_OFF(struct conf_global, m)
/* BYTES and its _force companion (SO_RCVBUFFORCE); the kernel doubles
 * what setsockopt gets, so at most INT_MAX / 2. */
#define RCVBUF(n, f, force)						\
	{ n, CONF_T_U32, G(f), .min = 1, .max = INT_MAX / 2 },		\
	{ n "_force", CONF_T_BOOL, G(force) }
#define UNSUP(n, a)	{ n, .flags = CONF_KW_UNSUPPORTED, .max_args = (a) }

static int
global_email_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	struct conf_global *g = (struct conf_global *)obj;
	struct conf_email *e;

	e = xcalloc(1, sizeof(*e));
	e->addr = xstrdup(args[0].s);
	e->loc = args[0].loc;
	TAILQ_INSERT_TAIL(&g->emails, e, entry);
	return 1;
}

static const struct conf_block global_email_block = {
	.name = "notification_email",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = global_email_entry,
};

static void
global_email_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;
	const struct conf_email *e;

	if (TAILQ_EMPTY(&g->emails))
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s {\n", kw->name);
	TAILQ_FOREACH(e, &g->emails, entry) {
		conf_dump_indent(out, depth + 1);
		conf_dump_str(out, e->addr);
		fputc('\n', out);
	}
	conf_dump_indent(out, depth);
	fputs("}\n", out);
}

/* smtp_server HOST [PORT] */
static int
global_smtp_server(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_global *g = (struct conf_global *)obj;
	int64_t port = 25;

	if (n->nargs > 1 && conf_parse_int(ctx, &n->args[1], "smtp_server port",
	    1, 65535, &port) < 0)
		return -1;
	free(g->smtp_server);
	g->smtp_server = xstrdup(n->args[0].s);
	g->smtp_server_loc = n->loc;
	g->smtp_port = (int)port;
	return 0;
}

static void
global_smtp_server_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;

	if (g->smtp_server == NULL)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "smtp_server ");
	conf_dump_str(out, g->smtp_server);
	fprintf(out, " %d\n", g->smtp_port);
}

/* dynamic_interfaces [allow_if_changes] */
static int
global_dynamic_interfaces(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_global *g = (struct conf_global *)obj;

	if (n->nargs == 1 && strcmp(n->args[0].s, "allow_if_changes") != 0) {
		conf_error(ctx, &n->args[0].loc, "dynamic_interfaces: '%s' is "
		    "not 'allow_if_changes'", n->args[0].s);
		return -1;
	}
	g->dynamic_interfaces = true;
	g->dynamic_interfaces_allow_changes = n->nargs == 1;
	return 0;
}

static void
global_dynamic_interfaces_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;

	if (!g->dynamic_interfaces)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "dynamic_interfaces%s\n",
	    g->dynamic_interfaces_allow_changes ? " allow_if_changes" : "");
}

/* reload_file [PATH]: an absolute path, or vigil.reload next to the pid
 * file (core/reload_file.c) */
static int
global_reload_file(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_global *g = (struct conf_global *)obj;

	free(g->reload_file);
	g->reload_file = NULL;
	g->reload_file_set = true;
	if (n->nargs == 0)
		return 0;
	if (n->args[0].s[0] != '/') {
		conf_error(ctx, &n->args[0].loc, "reload_file: '%s' is not an "
		    "absolute path", n->args[0].s);
		return -1;
	}
	g->reload_file = xstrdup(n->args[0].s);
	return 0;
}

static void
global_reload_file_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;

	if (!g->reload_file_set)
		return;
	conf_dump_indent(out, depth);
	fputs("reload_file", out);
	if (g->reload_file != NULL) {
		fputc(' ', out);
		conf_dump_str(out, g->reload_file);
	}
	fputc('\n', out);
}

/* lvs_sync_daemon IFNAME [[inst] INSTANCE] [id N] [maxlen N] [port N]
 * [ttl N] [group ADDR] (keepalived 2.2.7's words) */
static int
global_lvs_sync(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	static const struct { const char *w; int64_t max; size_t off; } opt[] = {
		{ "id", 255, offsetof(struct conf_global, lvs_sync_id) },
		{ "maxlen", 65535 - 28, offsetof(struct conf_global,
		    lvs_sync_maxlen) },
		{ "port", 65535, offsetof(struct conf_global, lvs_sync_port) },
		{ "ttl", 255, offsetof(struct conf_global, lvs_sync_ttl) },
	};
	struct conf_global *g = (struct conf_global *)obj;
	int64_t v;
	size_t i = 1, k;

	if (conf_check_ifname(ctx, &n->args[0]) < 0)
		return -1;
	free(g->lvs_sync_if);
	free(g->lvs_sync_instance);
	g->lvs_sync_instance = NULL;
	g->lvs_sync_if = xstrdup(n->args[0].s);
	g->lvs_sync_loc = n->loc;
	g->lvs_sync_id = 255;
	if (i < n->nargs && strcmp(n->args[i].s, "inst") == 0)
		i++;
	if (i < n->nargs && strcmp(n->args[i].s, "id") != 0 &&
	    strcmp(n->args[i].s, "maxlen") != 0 &&
	    strcmp(n->args[i].s, "port") != 0 &&
	    strcmp(n->args[i].s, "ttl") != 0 &&
	    strcmp(n->args[i].s, "group") != 0)
		g->lvs_sync_instance = xstrdup(n->args[i++].s);
	for (; i < n->nargs; i += 2) {
		if (i + 1 >= n->nargs) {
			conf_error(ctx, &n->args[i].loc, "lvs_sync_daemon: "
			    "'%s' needs a value", n->args[i].s);
			return -1;
		}
		if (strcmp(n->args[i].s, "group") == 0) {
			if (conf_parse_addr(ctx, &n->args[i + 1],
			    "lvs_sync_daemon group", false,
			    &g->lvs_sync_group) < 0)
				return -1;
			continue;
		}
		for (k = 0; k < sizeof(opt) / sizeof(opt[0]); k++)
			if (strcmp(n->args[i].s, opt[k].w) == 0)
				break;
		if (k == sizeof(opt) / sizeof(opt[0])) {
			conf_error(ctx, &n->args[i].loc, "lvs_sync_daemon: "
			    "'%s' is none of inst, id, maxlen, port, ttl, "
			    "group", n->args[i].s);
			return -1;
		}
		if (conf_parse_int(ctx, &n->args[i + 1], opt[k].w, k == 0 ?
		    0 : 1, opt[k].max, &v) < 0)
			return -1;
		*(uint32_t *)((char *)g + opt[k].off) = (uint32_t)v;
	}
	return 0;
}

static void
global_lvs_sync_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_global *g = (const struct conf_global *)obj;
	char a[INET6_ADDRSTRLEN];

	if (g->lvs_sync_if == NULL)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "lvs_sync_daemon %s", g->lvs_sync_if);
	if (g->lvs_sync_instance != NULL)
		fprintf(out, " %s", g->lvs_sync_instance);
	fprintf(out, " id %u", g->lvs_sync_id);
	if (g->lvs_sync_maxlen)
		fprintf(out, " maxlen %u", g->lvs_sync_maxlen);
	if (g->lvs_sync_port)
		fprintf(out, " port %u", g->lvs_sync_port);
	if (g->lvs_sync_ttl)
		fprintf(out, " ttl %u", g->lvs_sync_ttl);
	if (g->lvs_sync_group.family != AF_UNSPEC)
		fprintf(out, " group %s", inet_ntop(g->lvs_sync_group.family,
		    &g->lvs_sync_group.u, a, sizeof(a)));
	fputc('\n', out);
}

/* vmac_prefix: no character an interface name cannot hold. A long one
 * is cut with the name, at 15 characters (keepalived's way). */
static int
global_vmac_prefix(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	const char *p = n->args[0].s;

	if (*p == '\0' || strpbrk(p, "/: \t") != NULL) {
		conf_error(ctx, &n->args[0].loc, "vmac_prefix: '%s' cannot "
		    "start an interface name", p);
		return -1;
	}
	return 0;
}

static const struct conf_enum vrrp_versions[] = {
	{ "2", 2 }, { "3", 3 }, { NULL, 0 }
};

static const struct conf_kw global_kws[] = {
	{ "router_id", CONF_T_STRING, G(router_id) },
	{ "lvs_id", .alias_of = "router_id" },	/* keepalived 1.x */
	{ "notification_email", CONF_T_LIST, .sub = &global_email_block,
	  .dump = global_email_dump, .flags = CONF_KW_MULTI },
	{ "notification_email_from", CONF_T_STRING, G(email_from) },
	{ "smtp_server", CONF_T_NONE, .min_args = 1, .max_args = 2,
	  .handler = global_smtp_server, .dump = global_smtp_server_dump },
	{ "smtp_helo_name", CONF_T_STRING, G(smtp_helo_name) },
	{ "smtp_connect_timeout", CONF_T_INT, G(smtp_connect_timeout),
	  .min = 1, .max = 3600, .def = "30" },
	{ "smtp_alert", CONF_T_BOOL, G(smtp_alert) },
	{ "smtp_alert_vrrp", CONF_T_BOOL, G(smtp_alert_vrrp) },
	{ "smtp_alert_checker", CONF_T_BOOL, G(smtp_alert_checker) },
	{ "checker_log_all_failures", CONF_T_BOOL,
	  G(checker_log_all_failures) },
	{ "no_email_faults", CONF_T_FLAG, G(no_email_faults) },
	{ "vrrp_mcast_group4", CONF_T_IP, G(mcast_group4),
	  .def = "224.0.0.18" },
	{ "vrrp_mcast_group6", CONF_T_IP, G(mcast_group6), .def = "ff02::12" },
	{ "default_interface", CONF_T_IFNAME, G(default_interface),
	  .def = "eth0" },
	{ "vrrp_garp_master_delay", CONF_T_INT, G(garp_master_delay),
	  .min = 0, .max = 86400, .def = "5" },
	{ "vrrp_garp_master_repeat", CONF_T_INT, G(garp_master_repeat),
	  .min = 0, .max = 1000, .def = "5" },
	{ "vrrp_garp_lower_prio_delay", CONF_T_INT, G(garp_lower_prio_delay),
	  .min = 0, .max = 86400, .flags = CONF_KW_DUMP_ALWAYS },
	{ "vrrp_garp_lower_prio_repeat", CONF_T_INT,
	  G(garp_lower_prio_repeat), .min = 0, .max = 1000,
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "vrrp_garp_master_refresh", CONF_T_INT, G(garp_master_refresh),
	  .min = 0, .max = 86400, .def = "0" },
	{ "vrrp_garp_master_refresh_repeat", CONF_T_INT,
	  G(garp_master_refresh_repeat), .min = 1, .max = 1000, .def = "1" },
	{ "vrrp_garp_interval", CONF_T_DECIMAL, G(garp_interval_us),
	  .scale = 1000000, .min = 0, .max = 1000000, .def = "0" },
	{ "vrrp_gna_interval", CONF_T_DECIMAL, G(gna_interval_us),
	  .scale = 1000000, .min = 0, .max = 1000000, .def = "0" },
	{ "vrrp_min_garp", CONF_T_BOOL, G(min_garp) },
	{ "vrrp_down_timer_adverts", CONF_T_INT, G(down_timer_adverts),
	  .min = 1, .max = 100, .def = "3" },
	{ "vrrp_lower_prio_no_advert", CONF_T_BOOL, G(lower_prio_no_advert) },
	{ "vrrp_higher_prio_send_advert", CONF_T_BOOL,
	  G(higher_prio_send_advert) },
	{ "v3_checksum_as_v2", CONF_T_BOOL, G(v3_checksum_as_v2) },
	{ "vrrp_version", CONF_T_ENUM, G(vrrp_version),
	  .enums = vrrp_versions, .fallback = CONF_NO_FALLBACK, .def = "2" },
	{ "vrrp_check_unicast_src", CONF_T_FLAG, G(check_unicast_src) },
	{ "vrrp_skip_check_adv_addr", CONF_T_FLAG, G(skip_check_adv_addr) },
	{ "vrrp_strict", CONF_T_FLAG, G(vrrp_strict) },
	{ "vrrp_notify_priority_changes", CONF_T_BOOL,
	  G(notify_priority_changes) },
	{ "script_user", CONF_T_CMD, G(script_user), .min_args = 1,
	  .max_args = 2, .dump = conf_dump_words },
	{ "enable_script_security", CONF_T_FLAG, G(enable_script_security) },
	{ "dynamic_interfaces", CONF_T_NONE, .min_args = 0, .max_args = 1,
	  .handler = global_dynamic_interfaces,
	  .dump = global_dynamic_interfaces_dump },
	{ "vrrp_startup_delay", CONF_T_DECIMAL, G(startup_delay_us),
	  .scale = 1000000, .min = 0, .max = 3600000000LL },
	{ "log_unknown_vrids", CONF_T_FLAG, G(log_unknown_vrids) },
	{ "lvs_flush", CONF_T_FLAG, G(lvs_flush) },
	{ "linkbeat_use_polling", CONF_T_FLAG, G(linkbeat_use_polling),
	  .handler = conf_linkbeat_polling },
	{ "startup_script", CONF_T_CMD, G(startup_script),
	  .user_off = G(startup_script_user) },
	{ "startup_script_timeout", CONF_T_INT, G(startup_script_timeout),
	  .min = 1, .max = 1000, .def = "10" },
	{ "shutdown_script", CONF_T_CMD, G(shutdown_script),
	  .user_off = G(shutdown_script_user) },
	{ "shutdown_script_timeout", CONF_T_INT, G(shutdown_script_timeout),
	  .min = 1, .max = 1000, .def = "10" },
	{ "rs_init_notifies", CONF_T_BOOL, G(rs_init_notifies) },
	{ "no_checker_emails", CONF_T_BOOL, G(no_checker_emails) },
	{ "lvs_sync_daemon", CONF_T_NONE, .min_args = 1, .max_args = 12,
	  .handler = global_lvs_sync, .dump = global_lvs_sync_dump },
	{ "control_socket", CONF_T_PATH, G(control_socket) },
	{ "control_socket_group", CONF_T_STRING, G(control_socket_group) },
	{ "notify_fifo", CONF_T_PATH, G(notify_fifo), .min_args = 1,
	  .max_args = 3, .user_off = G(notify_fifo_owner) },
	{ "notify_fifo_script", CONF_T_CMD, G(notify_fifo_script),
	  .user_off = G(notify_fifo_script_user) },
	{ "vrrp_notify_fifo", CONF_T_PATH, G(vrrp_notify_fifo),
	  .min_args = 1, .max_args = 3, .user_off = G(vrrp_notify_fifo_owner) },
	{ "vrrp_notify_fifo_script", CONF_T_CMD, G(vrrp_notify_fifo_script),
	  .user_off = G(vrrp_notify_fifo_script_user) },
	{ "lvs_notify_fifo", CONF_T_PATH, G(lvs_notify_fifo),
	  .min_args = 1, .max_args = 3, .user_off = G(lvs_notify_fifo_owner) },
	{ "lvs_notify_fifo_script", CONF_T_CMD, G(lvs_notify_fifo_script),
	  .user_off = G(lvs_notify_fifo_script_user) },
	{ "fifo_write_vrrp_states_on_reload", CONF_T_FLAG,
	  G(fifo_write_vrrp_states_on_reload) },
	CONF_KW_CHILD_WAIT_TIME(G(child_wait_time), .def = "5"),
	/* no_accept's nftables table (conf_nft.c) */
	{ "nftables", CONF_T_NONE, .min_args = 0, .max_args = 1,
	  .handler = conf_nft_table, .dump = conf_nft_table_dump },
	{ "nftables_priority", CONF_T_INT, G(nftables_priority),
	  .min = -2147483647, .max = 2147483647 },	/* -1: conf_nft_priority */
	{ "nftables_counters", CONF_T_FLAG, G(nftables_counters) },
	{ "nftables_ifindex", CONF_T_NONE, .handler = conf_nft_note,
	  .flags = CONF_KW_NODUMP },
	/* Deliberately different (vigil.conf(5), MIGRATING). */
	CONF_DIFFERS("vrrp_iptables", 0, 2, CONF_DIFFERS_IPTABLES),
	CONF_DIFFERS("vrrp_ipsets", 0, 5, CONF_DIFFERS_IPTABLES),
	CONF_DIFFERS("enable_dbus", 0, 0, CONF_DIFFERS_DBUS),
	CONF_DIFFERS("dbus_service_name", 1, 1, CONF_DIFFERS_DBUS),
	CONF_NETNS_KWS,
	CONF_LVS_NL_KWS,
	/* Known to keepalived, not acted on by vigil yet. */
	{ "lvs_process_name", .alias_of = "checker_process_name" },
	{ "lvs_timeouts", CONF_T_NONE, .min_args = 2, .max_args = 6,
	  .handler = conf_global_lvs_timeouts,
	  .dump = conf_global_lvs_timeouts_dump },
	{ "lvs_flush_on_stop", CONF_T_NONE, .max_args = 1,
	  .handler = conf_global_lvs_flush_on_stop,
	  .dump = conf_global_lvs_flush_on_stop_dump },
	{ "lvs_flush_onstop", .alias_of = "lvs_flush_on_stop" },
	{ "vrrp_garp_extra_if", CONF_T_NONE, .min_args = 1, .max_args = 2,
	  .handler = conf_garp_extra_global,
	  .dump = conf_garp_extra_global_dump },
	{ "vrrp_vmac_garp_intvl", .alias_of = "vrrp_garp_extra_if" },
	/* marks of group services (conf_nft.c, check/check_nft.c) */
	{ "nftables_ipvs", CONF_T_NONE, .min_args = 0, .max_args = 1,
	  .handler = conf_nft_ipvs_table, .dump = conf_nft_ipvs_table_dump },
	{ "nftables_ipvs_priority", CONF_T_INT, G(nftables_ipvs_priority),
	  .min = -2147483647 - 1LL, .max = 2147483647 },
	{ "nftables_ipvs_start_fwmark", CONF_T_U32,
	  G(nftables_ipvs_start_fwmark), .min = 1, .max = 4294967295LL },
	{ "disable_local_igmp", CONF_T_FLAG, G(disable_local_igmp) },
	CONF_PROCS_BFD_KWS,
	{ "vrrp_rlimit_rtime", .alias_of = "vrrp_rlimit_rttime" },
	{ "checker_rlimit_rtime", .alias_of = "checker_rlimit_rttime" },
	{ "bfd_rlimit_rtime", .alias_of = "bfd_rlimit_rttime" },
	/* SNMP: the agent (vigilctl snmp-agent, core/snmp.c). */
	{ "snmp_socket", CONF_T_STRING, G(snmp_socket) },
	{ "enable_snmp_vrrp", CONF_T_FLAG, G(snmp_vrrp) },
	{ "enable_snmp_keepalived", .alias_of = "enable_snmp_vrrp" },
	{ "enable_traps", CONF_T_FLAG, G(snmp_traps) },
	{ "enable_snmp_checker", CONF_T_FLAG, G(snmp_checker) },
	{ "enable_snmp_rfcv3", CONF_T_FLAG, G(snmp_rfcv3) },
	{ "enable_snmp_rfcv2", CONF_T_FLAG, G(snmp_rfcv2) },
	{ "enable_snmp_rfc", CONF_T_FLAG, G(snmp_rfc) },
	RCVBUF("vrrp_netlink_cmd_rcv_bufs", nl_cmd_rcvbuf, nl_cmd_force),
	RCVBUF("vrrp_netlink_monitor_rcv_bufs", nl_mon_rcvbuf, nl_mon_force),
	RCVBUF("process_monitor_rcv_bufs", proc_mon_rcvbuf, proc_mon_force),
	{ "vrrp_rx_bufs_policy", CONF_T_NONE, .min_args = 1, .max_args = 3,
	  .handler = conf_rxbufs_policy, .dump = conf_rxbufs_policy_dump },
	{ "vrrp_rx_bufs_multiplier", CONF_T_INT, G(rx_bufs_multiplier),
	  .min = 1, .max = 1000 },	/* 0: 3 (vrrp child) */
	{ "vmac_prefix", CONF_T_STRING, G(vmac_prefix),
	  .handler = global_vmac_prefix },
	{ "vmac_addr_prefix", CONF_T_STRING, G(vmac_addr_prefix),
	  .handler = conf_vmac_addr_prefix },
	/* Done by the lexer, for the ${_RANDOM} that follow. */
	{ "random_seed", CONF_T_NONE, .min_args = 1, .max_args = 1,
	  .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	/* Done by the lexer, which reads the includes that follow. */
	{ "include_check", CONF_T_NONE, .max_args = CONF_ARGS_ANY,
	  .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	{ "reload_file", CONF_T_NONE, .min_args = 0, .max_args = 1,
	  .handler = global_reload_file, .dump = global_reload_file_dump },
	CONF_PROCS_KWS,
	{ NULL }
};

static struct conf_obj *
global_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;

	if (conf->global.obj.loc.file == NULL)
		conf->global.obj.loc = node->loc;
	return &conf->global.obj;
}

const struct conf_block conf_global_block = {
	.name = "global_defs",
	.kws = global_kws,
	.size = sizeof(struct conf_global),
	.flags = CONF_BLK_SINGLETON,
	.open = global_open,
};

void
conf_global_init(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	TAILQ_INIT(&conf->global.emails);
	conf_apply_defaults(ctx, &conf_global_block, &conf->global.obj);
}

/*
 * notify_fifo and vrrp_notify_fifo: what the processes exchange must
 * fit (an error, never cut); a script without its FIFO, or both on one
 * FIFO (each line would be written twice), is a warning.
 */
static void
global_check_fifos(struct conf_ctx *ctx, struct conf_global *g)
{
	const struct {
		const char *kw;
		char **path, **owner, **script, **user;
	} f[] = {
		{ "notify_fifo", &g->notify_fifo, &g->notify_fifo_owner,
		  &g->notify_fifo_script, &g->notify_fifo_script_user },
		{ "vrrp_notify_fifo", &g->vrrp_notify_fifo,
		  &g->vrrp_notify_fifo_owner, &g->vrrp_notify_fifo_script,
		  &g->vrrp_notify_fifo_script_user },
		{ "lvs_notify_fifo", &g->lvs_notify_fifo,
		  &g->lvs_notify_fifo_owner, &g->lvs_notify_fifo_script,
		  &g->lvs_notify_fifo_script_user },
	};
	const struct conf_loc *loc = &g->obj.loc;
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (*f[i].path != NULL && strlen(*f[i].path) > CONF_CMD_MAX)
			conf_error(ctx, loc, "%s: the path is %zu characters "
			    "long; vigil takes at most %d (shorten it)",
			    f[i].kw, strlen(*f[i].path), CONF_CMD_MAX);
		if (*f[i].script != NULL &&
		    strlen(*f[i].script) > CONF_CMD_MAX)
			conf_error(ctx, loc, "%s_script is %zu characters "
			    "long; vigil takes at most %d (shorten it)",
			    f[i].kw, strlen(*f[i].script), CONF_CMD_MAX);
		if ((*f[i].owner != NULL && strlen(*f[i].owner) >
		    CONF_NAME_MAX) || (*f[i].user != NULL &&
		    strlen(*f[i].user) > CONF_NAME_MAX))
			conf_error(ctx, loc, "%s: user and group are longer "
			    "than %d characters", f[i].kw, CONF_NAME_MAX);
		if (*f[i].script != NULL && *f[i].path == NULL)
			conf_warning(ctx, loc, "%s_script without %s: there "
			    "is no FIFO to read; it is not started", f[i].kw,
			    f[i].kw);
	}
	if (g->notify_fifo != NULL && g->vrrp_notify_fifo != NULL &&
	    strcmp(g->notify_fifo, g->vrrp_notify_fifo) == 0) {
		conf_warning(ctx, loc, "vrrp_notify_fifo %s is notify_fifo's "
		    "FIFO too: each line would be written twice; "
		    "vrrp_notify_fifo and its script are ignored",
		    g->vrrp_notify_fifo);
		free(g->vrrp_notify_fifo);
		g->vrrp_notify_fifo = NULL;
		free(g->vrrp_notify_fifo_script);
		g->vrrp_notify_fifo_script = NULL;
	}
	if (g->lvs_notify_fifo != NULL && ((g->notify_fifo != NULL &&
	    strcmp(g->notify_fifo, g->lvs_notify_fifo) == 0) ||
	    (g->vrrp_notify_fifo != NULL &&
	    strcmp(g->vrrp_notify_fifo, g->lvs_notify_fifo) == 0))) {
		conf_warning(ctx, loc, "lvs_notify_fifo %s is another FIFO "
		    "keyword's too (keepalived wants them all different); "
		    "lvs_notify_fifo and its script are ignored",
		    g->lvs_notify_fifo);
		free(g->lvs_notify_fifo);
		g->lvs_notify_fifo = NULL;
		free(g->lvs_notify_fifo_script);
		g->lvs_notify_fifo_script = NULL;
	}
}

/* lvs_sync_daemon's instance must be one there is. */
static void
global_check_lvs_sync(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	const struct conf_global *g = &conf->global;
	const struct conf_vrrp_instance *i;

	if (g->lvs_sync_instance == NULL)
		return;
	TAILQ_FOREACH(i, &conf->instances, entry)
		if (strcmp(i->name, g->lvs_sync_instance) == 0)
			return;
	conf_error(ctx, &g->lvs_sync_loc, "lvs_sync_daemon: vrrp_instance "
	    "%s is not defined", g->lvs_sync_instance);
}

/* Values that default to other values, once everything is read. */
void
conf_global_finish(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_global *g = &conf->global;

	global_check_fifos(ctx, g);
	global_check_lvs_sync(ctx, conf);
	conf_procs_finish(ctx, g);
	if (!conf_kw_given(&conf_global_block, &g->obj,
	    "vrrp_garp_lower_prio_delay"))
		g->garp_lower_prio_delay = g->garp_master_delay;
	if (!conf_kw_given(&conf_global_block, &g->obj,
	    "vrrp_garp_lower_prio_repeat"))
		g->garp_lower_prio_repeat = g->garp_master_repeat;
	/* vigil's default, unlike keepalived's: see the instances'. */
	if (!conf_kw_given(&conf_global_block, &g->obj,
	    "vrrp_higher_prio_send_advert"))
		g->higher_prio_send_advert = !g->vrrp_strict;
}

void
conf_global_dump(const struct vigil_conf *conf, FILE *out)
{
	fputs("global_defs {\n", out);
	conf_dump_fields(out, &conf_global_block, &conf->global.obj, 1);
	fputs("}\n", out);
}

void
conf_global_free(struct vigil_conf *conf)
{
	struct conf_email *e;

	while ((e = TAILQ_FIRST(&conf->global.emails)) != NULL) {
		TAILQ_REMOVE(&conf->global.emails, e, entry);
		free(e->addr);
		free(e);
	}
	free(conf->global.smtp_server);
	free(conf->global.lvs_sync_if);
	free(conf->global.lvs_sync_instance);
	free(conf->global.nftables_table);
	free(conf->global.net_namespace_ipvs);
	free(conf->global.nftables_ipvs_table);
	free(conf->global.reload_file);
	free(conf->global.procs.reload_check_log);
	conf_free_fields(&conf_global_block, &conf->global.obj);
}
