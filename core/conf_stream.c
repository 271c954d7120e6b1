/*
 * The configuration, parent side: cut the typed configuration (conf/) into
 * each child's conf_set, and stream a conf_set to a child as typed
 * messages ending with MSG_CONF_END. Start, reload and restart after a
 * crash all go through conf_stream().
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cap-ng.h>

#include "check/check_run.h"
#include "check/check_user.h"
#include "common/log.h"
#include "conf/conf.h"
#include "conf/conf_nft.h"
#include "core/core.h"

_Static_assert(CONF_NAME_MAX < IPC_NAME_LEN, "names fit the messages");
_Static_assert(CONF_ROUTE_MAX < sizeof(((struct msg_conf_route *)0)->route),
    "virtual_routes lines fit MSG_CONF_ROUTE");
_Static_assert(CONF_CMD_MAX < IPC_CMD_LEN, "commands fit the messages");
_Static_assert(CONF_MAIL_MAX < IPC_MAIL_LEN, "addresses fit the messages");

uint32_t
conf_child_wait_time(const struct vigil_conf *conf)
{
	return conf->global.child_wait_time;
}

/* Copy s into a fixed array, truncating; NULL gives "". */
static void
conf_strlcpy(char *dst, const char *s, size_t len)
{
	snprintf(dst, len, "%s", s != NULL ? s : "");
}

static void
conf_collect_global(const struct vigil_conf *conf, struct msg_conf_global *g)
{
	const struct conf_global *cg = &conf->global;

	conf_strlcpy(g->router_id, cg->router_id, sizeof(g->router_id));
	conf_strlcpy(g->script_user, cg->script_user, sizeof(g->script_user));
	g->script_security = cg->enable_script_security;
	g->child_wait_time = conf_child_wait_time(conf);
	g->flags = cg->lvs_flush ? GLOBAL_F_LVS_FLUSH : 0;
	if (cg->lvs_flush_on_stop == CONF_FLUSH_ON_STOP_FULL)
		g->flags |= GLOBAL_F_FLUSH_ON_STOP;
	memcpy(g->lvs_timeouts, cg->lvs_timeouts, sizeof(g->lvs_timeouts));
	conf_collect_garp_groups(conf, g);
	conf_collect_updown(conf, g);
	conf_strlcpy(g->lvs_sync_if, cg->lvs_sync_if, sizeof(g->lvs_sync_if));
	conf_strlcpy(g->lvs_sync_instance, cg->lvs_sync_instance,
	    sizeof(g->lvs_sync_instance));
	g->lvs_sync_id = cg->lvs_sync_id;
	g->lvs_sync_maxlen = cg->lvs_sync_maxlen;
	g->lvs_sync_port = cg->lvs_sync_port;
	g->lvs_sync_ttl = cg->lvs_sync_ttl;
	g->lvs_sync_family = cg->lvs_sync_group.family;
	memcpy(g->lvs_sync_group, &cg->lvs_sync_group.u,
	    cg->lvs_sync_group.family == AF_INET6 ? 16 : 4);
	conf_strlcpy(g->nft_table, cg->nftables_table, sizeof(g->nft_table));
	g->nft_prio = conf_nft_priority(cg);
	g->nft_counters = cg->nftables_counters;
	g->ipvs_netns_set = cg->net_namespace_ipvs != NULL;
	conf_strlcpy(g->ipvs_netns, cg->net_namespace_ipvs,
	    sizeof(g->ipvs_netns));
	g->lvs_nl_cmd_rcvbuf = cg->lvs_nl_cmd_rcvbuf;
	g->lvs_nl_cmd_rcvbuf_force = cg->lvs_nl_cmd_rcvbuf_force;
	g->nft_ipvs = cg->nftables_ipvs;
	conf_strlcpy(g->nft_ipvs_table, cg->nftables_ipvs_table,
	    sizeof(g->nft_ipvs_table));
	g->nft_ipvs_prio = conf_nft_ipvs_priority(cg);
	g->nft_ipvs_fwmark = conf_nft_ipvs_fwmark(cg);
	g->nl_cmd_rcvbuf = cg->nl_cmd_rcvbuf |
	    (cg->nl_cmd_force ? IPC_RCVBUF_FORCE : 0);
	g->nl_mon_rcvbuf = cg->nl_mon_rcvbuf |
	    (cg->nl_mon_force ? IPC_RCVBUF_FORCE : 0);
	g->proc_mon_rcvbuf = cg->proc_mon_rcvbuf |
	    (cg->proc_mon_force ? IPC_RCVBUF_FORCE : 0);
	g->rx_bufs_policy = (uint32_t)cg->rx_bufs_policy;
	g->rx_bufs_multiplier = (uint32_t)cg->rx_bufs_multiplier;
}

/* A VIP's "scope" word as RT_SCOPE_* (0: global). */
uint32_t
conf_vip_scope(const char *scope)
{
	static const struct { const char *name; uint32_t v; } tab[] = {
		{ "site", 200 }, { "link", 253 }, { "host", 254 },
		{ "nowhere", 255 },
	};
	size_t i;

	for (i = 0; scope != NULL && i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(scope, tab[i].name) == 0)
			return tab[i].v;
	return 0;
}

static void
conf_collect_vips(const struct vigil_conf *conf,
    const struct conf_vrrp_instance *ci, const struct conf_vip_list *list,
    uint32_t flags, struct conf_set *vrrp)
{
	const struct conf_vip *cv;
	struct msg_conf_vip v;

	TAILQ_FOREACH(cv, list, entry) {
		memset(&v, 0, sizeof(v));
		conf_strlcpy(v.instance, ci->name, sizeof(v.instance));
		/* No interface (unicast): default_interface, as keepalived. */
		conf_strlcpy(v.ifname, cv->dev != NULL ? cv->dev :
		    ci->interface != NULL ? ci->interface :
		    conf->global.default_interface, sizeof(v.ifname));
		v.family = cv->addr.family;
		v.plen = cv->addr.plen;
		memcpy(v.addr, &cv->addr.u, cv->addr.family == AF_INET ? 4 : 16);
		v.flags = flags;
		v.scope = conf_vip_scope(cv->scope);
		conf_strlcpy(v.label, cv->label, sizeof(v.label));
		conf_set_add_vip(vrrp, &v);
	}
}

/* virtual_routes: the lines as written, parsed by the vrrp child. */
static void
conf_collect_routes(const struct conf_vrrp_instance *ci,
    struct conf_set *vrrp)
{
	const struct conf_route *r;
	struct msg_conf_route m;

	TAILQ_FOREACH(r, &ci->routes, entry) {
		memset(&m, 0, sizeof(m));
		conf_strlcpy(m.instance, ci->name, sizeof(m.instance));
		conf_strlcpy(m.route, r->text, sizeof(m.route));
		conf_set_add_route(vrrp, &m);
	}
}

/* unicast_peer: a message each, however many there are. */
static void
conf_collect_peers(const struct conf_vrrp_instance *ci, struct conf_set *vrrp)
{
	const struct conf_vip *p;
	struct msg_conf_vip v;

	TAILQ_FOREACH(p, &ci->peers, entry) {
		memset(&v, 0, sizeof(v));
		conf_strlcpy(v.instance, ci->name, sizeof(v.instance));
		v.family = p->addr.family;
		memcpy(v.addr, &p->addr.u, p->addr.family == AF_INET ? 4 : 16);
		v.flags = VIP_F_PEER;
		conf_set_add_vip(vrrp, &v);
	}
}

/* What only the VRRP engine needs: source and behaviour. */
static void
conf_collect_engine(const struct conf_vrrp_instance *ci,
    struct msg_conf_instance *in)
{
	in->src_family = ci->src_ip.family;
	memcpy(in->src_addr, &ci->src_ip.u, sizeof(ci->src_ip.u));
	in->strict = ci->strict_mode;
	in->skip_check_adv_addr = ci->skip_check_adv_addr;
	in->check_unicast_src = ci->check_unicast_src;
	in->track_src_ip = ci->track_src_ip;
	in->higher_prio_send_advert = ci->higher_prio_send_advert;
	in->lower_prio_no_advert = ci->lower_prio_no_advert;
	in->dont_track_primary = ci->dont_track_primary;
	in->garp_master_delay = ci->garp_master_delay;
	in->garp_master_repeat = ci->garp_master_repeat;
	in->garp_master_refresh = ci->garp_master_refresh;
	in->garp_master_refresh_repeat = ci->garp_master_refresh_repeat;
	in->garp_lower_prio_repeat = ci->garp_lower_prio_repeat;
	in->garp_lower_prio_delay = ci->garp_lower_prio_delay;
	in->promote_secondaries = ci->promote_secondaries;
	in->fault_no_peer = ci->unicast_fault_no_peer;
	in->timer_expired_backup = ci->timer_expired_backup;
	in->down_timer_adverts = ci->down_timer_adverts;
	if (ci->v3_checksum_as_v2)
		in->csum_mode = IPC_CSUM_AS_V2;
	else if (ci->old_unicast_checksum == CONF_OLD_CSUM_YES)
		in->csum_mode = IPC_CSUM_OLD_UNICAST;
	else if (ci->old_unicast_checksum == CONF_OLD_CSUM_NEVER)
		in->csum_mode = IPC_CSUM_NEVER_OLD;
	else
		in->csum_mode = IPC_CSUM_AUTO;
}

/* conf_collect_track_list: the weights are 0 (never sent). */
#define TRACK_F_ZERO	0x80000000u

/* Whether the object a tracker refers to says "weight N reverse". */
static bool
conf_target_reverse(uint32_t type, const void *target)
{
	if (target == NULL)
		return false;
	switch (type) {
	case TRACK_SCRIPT:
		return ((const struct conf_vrrp_script *)target)->weight_reverse;
	case TRACK_FILE:
		return ((const struct conf_track_file *)target)->weight.reverse;
	case TRACK_PROCESS:
		return ((const struct conf_track_process *)target)->
		    weight.reverse;
	case TRACK_BFD:
		return ((const struct conf_bfd *)target)->weight.reverse;
	default:
		return false;
	}
}

static void
conf_collect_track_list(struct conf_set *vrrp, const char *owner,
    uint32_t flags, uint32_t type, const struct conf_ref_list *refs)
{
	const struct conf_ref *r;
	struct msg_conf_track t;

	TAILQ_FOREACH(r, refs, entry) {
		memset(&t, 0, sizeof(t));
		conf_strlcpy(t.owner, owner, sizeof(t.owner));
		conf_strlcpy(t.name, r->name, sizeof(t.name));
		t.type = type;
		t.flags = flags | (r->has_weight ? TRACK_F_WEIGHT : 0) |
		    (r->reverse ? TRACK_F_REVERSE : 0);
		/* "chk weight N": the script's (file's, process's) reverse
		 * still holds, as in keepalived, unless noreverse (without a
		 * weight, the vrrp child takes its weight and reverse). */
		if (r->has_weight && !r->noreverse &&
		    conf_target_reverse(type, r->target))
			t.flags |= TRACK_F_REVERSE;
		/* A sync group member's own weights count as 0 (FAULT when
		 * down), as keepalived, unless sync_group_tracking_weight. */
		t.weight = r->weight;
		if (flags & TRACK_F_ZERO) {
			t.flags = (t.flags & ~TRACK_F_ZERO) | TRACK_F_WEIGHT;
			t.weight = 0;
		}
		conf_set_add_track(vrrp, &t);
	}
}

/* track_script, track_interface, track_file and track_process of an
 * instance or a sync group. */
static void
conf_collect_tracks(struct conf_set *vrrp, const char *owner, uint32_t flags,
    const struct conf_ref_list *scripts, const struct conf_ref_list *ifs,
    const struct conf_ref_list *files, const struct conf_ref_list *processes)
{
	conf_collect_track_list(vrrp, owner, flags, TRACK_SCRIPT, scripts);
	conf_collect_track_list(vrrp, owner, flags, TRACK_INTERFACE, ifs);
	conf_collect_track_list(vrrp, owner, flags, TRACK_FILE, files);
	conf_collect_track_list(vrrp, owner, flags, TRACK_PROCESS, processes);
}

static void
conf_collect_syncs(const struct vigil_conf *conf, struct conf_set *vrrp)
{
	const struct conf_sync_group *g;
	const struct conf_ref *r;
	struct msg_conf_sync y;

	TAILQ_FOREACH(g, &conf->sync_groups, entry) {
		TAILQ_FOREACH(r, &g->members, entry) {
			memset(&y, 0, sizeof(y));
			conf_strlcpy(y.group, g->name, sizeof(y.group));
			conf_strlcpy(y.instance, r->name, sizeof(y.instance));
			conf_set_add_sync(vrrp, &y);
		}
		conf_collect_tracks(vrrp, g->name, TRACK_F_GROUP,
		    &g->track_scripts, &g->track_ifs, &g->track_files,
		    &g->track_processes);
		conf_collect_track_list(vrrp, g->name, TRACK_F_GROUP,
		    TRACK_BFD, &g->track_bfds);
	}
}

/* use_vmac's MAC, the VRID after 5 octets, vmac_prefix, vmac_xmit_base. */
static void
conf_collect_vmac(const struct vigil_conf *conf,
    const struct conf_vrrp_instance *ci, struct msg_conf_instance *in)
{
	conf_strlcpy(in->vmac_prefix, conf->global.vmac_prefix,
	    sizeof(in->vmac_prefix));
	in->vmac_xmit_base = ci->vmac_xmit_base;
	in->use_vmac_addr = ci->use_vmac_addr;
	conf_strlcpy(in->vmac_addr_prefix, conf->global.vmac_addr_prefix,
	    sizeof(in->vmac_addr_prefix));
	in->garp_extra_if = (uint32_t)ci->garp_extra_if;
	in->garp_extra_if_all = ci->garp_extra_if_all;
	in->use_ipvlan = ci->use_ipvlan;
	conf_strlcpy(in->ipvlan_name, ci->ipvlan_name,
	    sizeof(in->ipvlan_name));
	in->ipvlan_family = ci->ipvlan_addr.family;
	memcpy(in->ipvlan_addr, &ci->ipvlan_addr.u,
	    ci->ipvlan_addr.family == AF_INET ? 4 :
	    ci->ipvlan_addr.family == AF_INET6 ? 16 : 0);
	in->ipvlan_plen = ci->ipvlan_addr.plen;
	if (ci->vmac_mac_len == 0)
		return;
	in->vmac_mac_set = 1;
	memcpy(in->vmac_mac, ci->vmac_mac, 6);
	if (ci->vmac_mac_len == 5)
		in->vmac_mac[5] = (uint8_t)ci->vrid;
}

static void
conf_collect_instances(const struct vigil_conf *conf, struct conf_set *vrrp)
{
	const struct conf_vrrp_instance *ci;
	struct msg_conf_instance in;

	TAILQ_FOREACH(ci, &conf->instances, entry) {
		memset(&in, 0, sizeof(in));
		conf_strlcpy(in.name, ci->name, sizeof(in.name));
		conf_strlcpy(in.ifname, ci->interface, sizeof(in.ifname));
		conf_strlcpy(in.vrf, ci->vrf, sizeof(in.vrf));
		in.vrid = ci->vrid;
		in.priority = ci->priority;
		in.version = ci->version;
		in.advert_cs = ci->advert_int_cs;
		in.init_state = ci->state == CONF_STATE_MASTER ?
		    VRRP_INIT_MASTER : VRRP_INIT_BACKUP;
		in.nopreempt = ci->nopreempt;
		in.preempt_delay_cs = ci->preempt_delay_cs;
		in.accept = ci->accept;
		in.use_vmac = ci->use_vmac;
		conf_strlcpy(in.vmac_name, ci->vmac_name, sizeof(in.vmac_name));
		conf_collect_vmac(conf, ci, &in);
		in.auth_type = ci->auth.type;
		conf_strlcpy(in.auth_pass, ci->auth.pass, sizeof(in.auth_pass));
		conf_collect_engine(ci, &in);
		in.garp_interval_us = (uint32_t)conf->global.garp_interval_us;
		in.gna_interval_us = (uint32_t)conf->global.gna_interval_us;
		in.log_unknown_vrids = conf->global.log_unknown_vrids;
		in.rx_buf_size = ci->kernel_rx_buf_size != 0 ?
		    ci->kernel_rx_buf_size : conf->global.rx_bufs_policy ==
		    CONF_RXBUFS_SIZE ? conf->global.rx_bufs_size : 0;
		in.smtp_alert = ci->smtp_alert;
		in.notify_priority_changes = ci->notify_priority_changes ||
		    (ci->sync_group != NULL &&
		    ci->sync_group->notify_priority_changes);
		conf_set_add_instance(vrrp, &in);
		conf_collect_vips(conf, ci, &ci->vips, 0, vrrp);
		conf_collect_vips(conf, ci, &ci->evips, VIP_F_EXCLUDED,
		    vrrp);
		conf_collect_routes(ci, vrrp);
		conf_collect_vrules(ci, vrrp);
		conf_collect_peers(ci, vrrp);
		conf_collect_tracks(vrrp, ci->name, ci->sync_group != NULL &&
		    !ci->sync_group->sync_group_tracking_weight ? TRACK_F_ZERO :
		    0, &ci->track_scripts, &ci->track_ifs, &ci->track_files,
		    &ci->track_processes);
		conf_collect_track_list(vrrp, ci->name, ci->sync_group !=
		    NULL && !ci->sync_group->sync_group_tracking_weight ?
		    TRACK_F_ZERO : 0, TRACK_BFD, &ci->track_bfds);
	}
}

/*
 * Whether cmd, run as user ("user [group]", or NULL for the default),
 * would run as root from a path that someone else can change: checked
 * as root, what the check child (an unprivileged user) may not be able
 * to see. bad gets the component at fault. Runs in the short-lived
 * process of conf_mark_insecure (user lookups).
 */
static bool
conf_script_insecure(const char *script_user, const char *cmd,
    const char *user, char *bad, size_t badlen)
{
	char buf[IPC_CMD_LEN], *argv[CHECK_RUN_ARGS_MAX], path[PATH_MAX];
	struct check_user u;
	bool root;

	if (user != NULL && user[0] != '\0') {
		if (check_user_lookup(user, &u) != 0)
			return false;
	} else
		check_user_default(script_user, &u, &root);
	if (u.uid != 0 || check_run_split(cmd, buf, sizeof(buf), argv,
	    CHECK_RUN_ARGS_MAX) <= 0 ||
	    check_run_resolve(argv[0], path, sizeof(path)) != 0)
		return false;
	return check_user_insecure(path, bad, badlen) == -1;
}

/* Scripts: the check child runs them; the vrrp child knows them by name
 * and weight only. */
static void
conf_collect_scripts(const struct vigil_conf *conf, struct conf_set *vrrp,
    struct conf_set *check)
{
	const struct conf_vrrp_script *cs;
	struct msg_conf_script sc;

	TAILQ_FOREACH(cs, &conf->scripts, entry) {
		if (!cs->used)	/* tracked by nothing: not run */
			continue;
		memset(&sc, 0, sizeof(sc));
		conf_strlcpy(sc.name, cs->name, sizeof(sc.name));
		sc.interval_ms = cs->interval * 1000;
		sc.timeout_ms = (cs->timeout ? cs->timeout : cs->interval) *
		    1000;
		sc.weight = cs->weight;
		sc.flags = (cs->weight_reverse ? SCRIPT_F_REVERSE : 0) |
		    (cs->init_fail ? SCRIPT_F_INIT_FAIL : 0);
		sc.rise = cs->rise;
		sc.fall = cs->fall;
		/* The vrrp child never runs it: the JSON dump shows it. */
		conf_strlcpy(sc.command, cs->script, sizeof(sc.command));
		conf_set_add_script(vrrp, &sc);
		conf_strlcpy(sc.user, cs->user, sizeof(sc.user));
		conf_set_add_script(check, &sc);
	}
}

/* track_file and vrrp_track_process blocks: the vrrp child follows them. */
static void
conf_collect_track_defs(const struct vigil_conf *conf, struct conf_set *vrrp)
{
	const struct conf_track_file *cf;
	const struct conf_track_process *cp;
	struct msg_conf_track_file f;
	struct msg_conf_track_process p;
	size_t i, off;

	TAILQ_FOREACH(cf, &conf->track_files, entry) {
		memset(&f, 0, sizeof(f));
		conf_strlcpy(f.name, cf->name, sizeof(f.name));
		conf_strlcpy(f.path, cf->file, sizeof(f.path));
		f.weight = cf->weight.weight;
		f.flags = cf->weight.reverse ? TFILE_F_REVERSE : 0;
		conf_set_add_tfile(vrrp, &f);
	}
	TAILQ_FOREACH(cp, &conf->track_processes, entry) {
		memset(&p, 0, sizeof(p));
		conf_strlcpy(p.name, cp->name, sizeof(p.name));
		/* The check pass keeps the words within the array. */
		for (i = off = 0; i < cp->nprocess &&
		    off + strlen(cp->process[i]) < sizeof(p.words); i++) {
			memcpy(p.words + off, cp->process[i],
			    strlen(cp->process[i]) + 1);
			off += strlen(cp->process[i]) + 1;
		}
		p.nwords = i;
		p.weight = cp->weight.weight;
		p.flags = (cp->weight.reverse ? TPROC_F_REVERSE : 0) |
		    (cp->full_command ? TPROC_F_FULL_COMMAND : 0) |
		    (cp->param_match_given ? TPROC_F_PARAM_MATCH : 0);
		p.param_match = cp->param_match == 1 ? TPROC_MATCH_INITIAL :
		    cp->param_match == 2 ? TPROC_MATCH_PARTIAL :
		    TPROC_MATCH_EXACT;
		p.quorum = cp->quorum;
		p.quorum_max = cp->quorum_max_given ?
		    (uint32_t)cp->quorum_max : TPROC_NO_MAX;
		p.fork_delay_us = cp->fork_delay_us;
		p.terminate_delay_us = cp->terminate_delay_us;
		conf_set_add_tproc(vrrp, &p);
	}
}

static void
conf_notify_add(const struct vigil_conf *conf, struct conf_set *check,
    const char *object, uint32_t flags, uint32_t kind, const char *command,
    const char *user)
{
	struct msg_conf_notify n;

	if (command == NULL)
		return;
	memset(&n, 0, sizeof(n));
	conf_strlcpy(n.object, object, sizeof(n.object));
	n.kind = kind;
	n.flags = flags;
	conf_strlcpy(n.command, command, sizeof(n.command));
	if (user != NULL)
		conf_strlcpy(n.user, user, sizeof(n.user));
	conf_set_add_notify(check, &n);
}

/* notify_* of instances and sync groups: run by the check child. */
static void
conf_collect_notify(const struct vigil_conf *conf, struct conf_set *check)
{
	const struct conf_vrrp_instance *i;
	const struct conf_sync_group *g;
	size_t k;

	TAILQ_FOREACH(i, &conf->instances, entry) {
		const char *cmd[][2] = {
			[NOTIFY_MASTER] = { i->notify_master,
			    i->notify_master_user },
			[NOTIFY_BACKUP] = { i->notify_backup,
			    i->notify_backup_user },
			[NOTIFY_FAULT] = { i->notify_fault, i->notify_fault_user },
			[NOTIFY_STOP] = { i->notify_stop, i->notify_stop_user },
			[NOTIFY_ANY] = { i->notify, i->notify_user },
			[NOTIFY_MASTER_RX_LOWER_PRI] = {
			    i->notify_master_rx_lower_pri,
			    i->notify_master_rx_lower_pri_user },
			[NOTIFY_DELETED] = { !i->notify_deleted ? NULL :
			    i->notify_deleted_script != NULL ?
			    i->notify_deleted_script : "",
			    i->notify_deleted_user },
		};
		for (k = 0; k < NOTIFY_KIND_MAX; k++)
			conf_notify_add(conf, check, i->name, 0, k,
			    cmd[k][0], cmd[k][1]);
	}
	TAILQ_FOREACH(g, &conf->sync_groups, entry) {
		const char *cmd[][2] = {
			[NOTIFY_MASTER] = { g->notify_master,
			    g->notify_master_user },
			[NOTIFY_BACKUP] = { g->notify_backup,
			    g->notify_backup_user },
			[NOTIFY_FAULT] = { g->notify_fault, g->notify_fault_user },
			[NOTIFY_STOP] = { g->notify_stop, g->notify_stop_user },
			[NOTIFY_ANY] = { g->notify, g->notify_user },
			[NOTIFY_MASTER_RX_LOWER_PRI] = { NULL, NULL },
			[NOTIFY_DELETED] = { !g->notify_deleted ? NULL :
			    g->notify_deleted_script != NULL ?
			    g->notify_deleted_script : "",
			    g->notify_deleted_user },
		};
		for (k = 0; k < NOTIFY_KIND_MAX; k++)
			conf_notify_add(conf, check, g->name, NOTIFY_F_GROUP,
			    k, cmd[k][0], cmd[k][1]);
	}
}

/* Whether a virtual or real server of the set alerts by e-mail. */
static bool
conf_lvs_alerts(const struct conf_set *check)
{
	size_t i;

	for (i = 0; i < check->nvs; i++)
		if (check->vs[i].flags & VS_F_SMTP_ALERT)
			return true;
	for (i = 0; i < check->nrs; i++)
		if (check->rs[i].flags & RS_F_SMTP_ALERT)
			return true;
	return false;
}

static void
conf_mail_add(struct conf_set *check, uint32_t kind, uint32_t flags,
    const char *name)
{
	struct msg_conf_mail m;

	memset(&m, 0, sizeof(m));
	m.kind = kind;
	m.flags = flags;
	conf_strlcpy(m.name, name, sizeof(m.name));
	conf_set_add_mail(check, &m);
}

/* E-mail alerts: the check child hears of them only when some instance
 * or sync group alerts and there is a relay and a recipient to send to
 * (conf_mail.c has warned otherwise). */
static void
conf_collect_mail(const struct vigil_conf *conf, struct conf_set *check)
{
	const struct conf_global *g = &conf->global;
	const struct conf_vrrp_instance *i;
	const struct conf_sync_group *sg;
	const struct conf_email *e;
	struct msg_conf_smtp *sm = &check->smtp;

	if (g->smtp_server == NULL || TAILQ_EMPTY(&g->emails))
		return;
	TAILQ_FOREACH(i, &conf->instances, entry)
		if (i->smtp_alert)
			conf_mail_add(check, MAIL_ALERT, 0, i->name);
	TAILQ_FOREACH(sg, &conf->sync_groups, entry)
		if (sg->smtp_alert)
			conf_mail_add(check, MAIL_ALERT, MAIL_F_GROUP, sg->name);
	if (check->nmail == 0 && !conf_lvs_alerts(check))
		return;
	TAILQ_FOREACH(e, &g->emails, entry)
		conf_mail_add(check, MAIL_RCPT, 0, e->addr);
	memset(sm, 0, sizeof(*sm));
	conf_strlcpy(sm->server, g->smtp_server, sizeof(sm->server));
	sm->port = g->smtp_port;
	sm->connect_timeout = g->smtp_connect_timeout;
	conf_strlcpy(sm->helo_name, g->smtp_helo_name, sizeof(sm->helo_name));
	conf_strlcpy(sm->from, g->email_from, sizeof(sm->from));
	sm->flags = g->no_email_faults ? SMTP_F_NO_FAULTS : 0;
}

/* notify_fifo, vrrp_notify_fifo: the parent opens them, the check child
 * writes to them and runs their scripts. */
static void
conf_collect_fifos(const struct vigil_conf *conf, struct conf_set *check)
{
	const struct conf_global *g = &conf->global;
	const char *const f[FIFO_KIND_MAX][4] = {
		[FIFO_NOTIFY] = { g->notify_fifo, g->notify_fifo_owner,
		    g->notify_fifo_script, g->notify_fifo_script_user },
		[FIFO_VRRP] = { g->vrrp_notify_fifo, g->vrrp_notify_fifo_owner,
		    g->vrrp_notify_fifo_script,
		    g->vrrp_notify_fifo_script_user },
		[FIFO_LVS] = { g->lvs_notify_fifo, g->lvs_notify_fifo_owner,
		    g->lvs_notify_fifo_script,
		    g->lvs_notify_fifo_script_user },
	};
	struct msg_conf_fifo m;
	int k;

	for (k = 0; k < FIFO_KIND_MAX; k++) {
		if (f[k][0] == NULL)
			continue;
		memset(&m, 0, sizeof(m));
		m.kind = (uint32_t)k;
		m.flags = g->fifo_write_vrrp_states_on_reload ?
		    FIFO_F_STATES_ON_RELOAD : 0;
		conf_strlcpy(m.path, f[k][0], sizeof(m.path));
		conf_strlcpy(m.owner, f[k][1], sizeof(m.owner));
		conf_strlcpy(m.script, f[k][2], sizeof(m.script));
		conf_strlcpy(m.script_user, f[k][3], sizeof(m.script_user));
		conf_set_add_fifo(check, &m);
	}
}

/* One command's verdict, as conf_mark_insecure's process sends it. */
struct conf_verdict {
	uint32_t	 insecure;
	char		 bad[256];
};

/* The commands of the check child's set, one after the other: the
 * scripts, the notify scripts, the FIFOs' readers, the virtual and real
 * servers' commands. */
static bool
conf_command(struct conf_set *c, size_t i, const char **cmd,
    const char **user, uint32_t **flags, uint32_t *flag, char **bad)
{
	if (i < c->nscript) {
		*cmd = c->script[i].command;
		*user = c->script[i].user;
		*flags = &c->script[i].flags;
		*flag = SCRIPT_F_INSECURE;
		*bad = c->script[i].insecure;
		return true;
	}
	if ((i -= c->nscript) < c->nnotify) {
		*cmd = c->notify[i].command;
		*user = c->notify[i].user;
		*flags = &c->notify[i].flags;
		*flag = NOTIFY_F_INSECURE;
		*bad = c->notify[i].insecure;
		return true;
	}
	if ((i -= c->nnotify) < c->nfifo) {
		*cmd = c->fifo[i].script;
		*user = c->fifo[i].script_user;
		*flags = &c->fifo[i].flags;
		*flag = FIFO_F_INSECURE;
		*bad = c->fifo[i].insecure;
		return true;
	}
	if ((i -= c->nfifo) < c->nlcmd) {
		*cmd = c->lcmd[i].command;
		*user = c->lcmd[i].user;
		*flags = &c->lcmd[i].flags;
		*flag = LVS_CMD_F_INSECURE;
		*bad = c->lcmd[i].insecure;
		return true;
	}
	return false;
}

/*
 * Mark each command of the check child's set that would run as root
 * from a path someone else can change (enable_script_security; a
 * warning without it). The users are looked up in a short-lived
 * process, so that the name service modules stay out of the parent
 * (as for the children's own user, supervise.c); it sends one verdict
 * per command over a pipe.
 */
static void
conf_mark_insecure(struct conf_set *c)
{
	struct conf_verdict v;
	const char *cmd, *user;
	uint32_t *flags, flag;
	char *bad;
	size_t i;
	int p[2];
	pid_t pid;

	if (c->nscript + c->nnotify + c->nfifo + c->nlcmd == 0)
		return;
	if (pipe2(p, O_CLOEXEC) == -1 || (pid = fork()) == -1) {
		log_warn("cannot check the scripts' paths");
		return;
	}
	if (pid == 0) {
		close(p[0]);
		for (i = 0; conf_command(c, i, &cmd, &user, &flags, &flag,
		    &bad); i++) {
			memset(&v, 0, sizeof(v));
			v.insecure = cmd[0] != '\0' &&
			    conf_script_insecure(c->global.script_user, cmd,
			    user, v.bad, sizeof(v.bad));
			if (write(p[1], &v, sizeof(v)) != (ssize_t)sizeof(v))
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	for (i = 0; conf_command(c, i, &cmd, &user, &flags, &flag, &bad);
	    i++) {
		if (read(p[0], &v, sizeof(v)) != (ssize_t)sizeof(v)) {
			log_warnx("cannot check the scripts' paths: the "
			    "checking process ended early");
			break;
		}
		if (v.insecure) {
			*flags |= flag;
			snprintf(bad, sizeof(v.bad), "%s", v.bad);
		}
	}
	close(p[0]);
	/* The SIGCHLD handler may reap it first: then ECHILD, no matter. */
	waitpid(pid, NULL, 0);
}

/* The instances' notify scripts also go to the vrrp child, which only
 * shows them in the JSON dump (vrrp/vrrp_json.c). */
static void
conf_collect_notify_json(const struct conf_set *check, struct conf_set *vrrp)
{
	size_t i;

	for (i = 0; i < check->nnotify; i++)
		if (!(check->notify[i].flags & NOTIFY_F_GROUP))
			conf_set_add_notify(vrrp, &check->notify[i]);
}

/* Fill the vrrp child's and the check child's sets from conf. */
static void
conf_collect(const struct vigil_conf *conf, struct conf_set *vrrp,
    struct conf_set *check)
{
	conf_collect_global(conf, &vrrp->global);
	check->global = vrrp->global;
	conf_collect_instances(conf, vrrp);
	conf_collect_statics(conf, vrrp);
	conf_collect_syncs(conf, vrrp);
	conf_collect_scripts(conf, vrrp, check);
	conf_collect_track_defs(conf, vrrp);
	conf_collect_lvs(conf, check);
	conf_collect_notify(conf, check);
	conf_collect_notify_json(check, vrrp);
	conf_collect_mail(conf, check);
	conf_collect_fifos(conf, check);
	conf_collect_bfd(conf, vrrp, check);
	conf_mark_insecure(check);
}

void
conf_build_sets(const struct vigil_conf *conf, struct conf_set set[PROC_MAX],
    uint32_t gen)
{
	int i;

	for (i = 0; i < PROC_MAX; i++) {
		conf_set_clear(&set[i]);
		set[i].gen = gen;
	}
	conf_collect(conf, &set[PROC_VRRP], &set[PROC_CHECK]);
}

/*
 * Make conf the running configuration: build the children's sets, then
 * free the parsed tree, which nothing in the parent reads afterwards (a
 * restarted child gets the sets again; a reload parses the file anew).
 * With 1,000 instances the tree is most of the parent's heap: give the
 * pages back.
 */
/*
 * init_file: the parent (root) writes the initial value of a track_file
 * that does not exist, or always with overwrite; at start, and at a
 * reload for a track_file that the running configuration did not have
 * (or had with another file), so that a reload never resets a value an
 * operator wrote. Mode 0644: the vrrp child reads it as its user.
 */
static void
conf_init_files(const struct vigil_conf *conf, const struct conf_set *old)
{
	const struct conf_track_file *f;
	const struct msg_conf_track_file *o;
	char buf[32];
	int fd, n;

	TAILQ_FOREACH(f, &conf->track_files, entry) {
		if (!f->init_file || ((o = conf_set_tfile(old, f->name)) !=
		    NULL && strcmp(o->path, f->file) == 0))
			continue;
		fd = open(f->file, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
		    (f->init_overwrite ? O_TRUNC : O_EXCL), 0644);
		if (fd == -1) {
			if (errno != EEXIST)
				log_warn("track_file %s: cannot write %s",
				    f->name, f->file);
			continue;
		}
		n = snprintf(buf, sizeof(buf), "%d\n", f->init_value);
		if (write(fd, buf, (size_t)n) != n)
			log_warn("track_file %s: cannot write %s", f->name,
			    f->file);
		else
			log_info("track_file %s: %s set to %d", f->name,
			    f->file, f->init_value);
		close(fd);
	}
}

void
conf_adopt(struct vigil_conf *conf, uint32_t gen)
{
	conf_init_files(conf, &core.set[PROC_VRRP]);
	conf_build_sets(conf, core.set, gen);
	if (core.opts != NULL && core.opts->keep_ipvs)
		core.set[PROC_CHECK].global.flags |= GLOBAL_F_KEEP_IPVS;
	core_fifo_adopt(&core.set[PROC_CHECK]);
	core_procs_adopt(conf);
	core_snmp_adopt(conf);
	conf_free(conf);
	malloc_trim(0);
}

bool
conf_set_wants(const struct conf_set *s, enum proc_id id)
{
	switch (id) {
	case PROC_VRRP:		/* static_* without instances too */
		return s->ninst > 0 || s->nvip > 0 || s->nroute > 0 ||
		    s->nbfd > 0;
	case PROC_CHECK:
		return s->nscript > 0 || conf_set_has_lvs(s) || s->nnotify > 0 ||
		    s->smtp.server[0] != '\0' || s->nfifo > 0;
	default:
		return false;
	}
}

bool
conf_set_has_lvs(const struct conf_set *s)
{
	return s->nvs > 0 || s->global.lvs_sync_if[0] != '\0';
}

void
conf_stream(struct child *c, const struct conf_set *s, bool restart)
{
	struct msg_conf_begin b = { .gen = s->gen };
	struct msg_conf_instance in;
	struct msg_conf_gen g = { .gen = s->gen };
	size_t i;

	if (c->chan == NULL)
		return;
	b.flags = restart ? CONF_BEGIN_RESTART : 0;
	ipc_send(c->chan, MSG_CONF_BEGIN, &b, sizeof(b));
	ipc_send(c->chan, MSG_CONF_GLOBAL, &s->global, sizeof(s->global));
	for (i = 0; i < s->ninst; i++) {
		in = s->inst[i];
		if (restart)
			in.init_state = VRRP_INIT_BACKUP;
		ipc_send(c->chan, MSG_CONF_INSTANCE, &in, sizeof(in));
	}
	for (i = 0; i < s->nvip; i++)
		ipc_send(c->chan, MSG_CONF_VIP, &s->vip[i], sizeof(s->vip[i]));
	for (i = 0; i < s->nroute; i++)
		ipc_send(c->chan, MSG_CONF_ROUTE, &s->route[i],
		    sizeof(s->route[i]));
	for (i = 0; i < s->nscript; i++)
		ipc_send(c->chan, MSG_CONF_SCRIPT, &s->script[i],
		    sizeof(s->script[i]));
	for (i = 0; i < s->ntrack; i++)
		ipc_send(c->chan, MSG_CONF_TRACK, &s->track[i],
		    sizeof(s->track[i]));
	for (i = 0; i < s->nsync; i++)
		ipc_send(c->chan, MSG_CONF_SYNC, &s->sync[i], sizeof(s->sync[i]));
	conf_stream_lvs(c->chan, s);
	for (i = 0; i < s->nnotify; i++)
		ipc_send(c->chan, MSG_CONF_NOTIFY, &s->notify[i],
		    sizeof(s->notify[i]));
	for (i = 0; i < s->ntfile; i++)
		ipc_send(c->chan, MSG_CONF_TRACK_FILE, &s->tfile[i],
		    sizeof(s->tfile[i]));
	for (i = 0; i < s->ntproc; i++)
		ipc_send(c->chan, MSG_CONF_TRACK_PROCESS, &s->tproc[i],
		    sizeof(s->tproc[i]));
	if (s->smtp.server[0] != '\0')
		ipc_send(c->chan, MSG_CONF_SMTP, &s->smtp, sizeof(s->smtp));
	for (i = 0; i < s->nmail; i++)
		ipc_send(c->chan, MSG_CONF_MAIL, &s->mail[i], sizeof(s->mail[i]));
	for (i = 0; i < s->nfifo; i++)
		ipc_send(c->chan, MSG_CONF_FIFO, &s->fifo[i],
		    sizeof(s->fifo[i]));
	conf_stream_bfd(c->chan, s);
	if (c->proc->id == PROC_CHECK)
		core_fifo_send(c->chan);
	ipc_send(c->chan, MSG_CONF_END, &g, sizeof(g));
	log_debug("sent configuration %u to the %s child", s->gen,
	    c->proc->name);
}

/* The first capability vigild lacks to run what set configures, and who
 * needs it; -1 when nothing is missing. At reload (bounding_only) the
 * parent has dropped its own sets: what counts is what children get. */
int
conf_missing_cap(const struct conf_set set[PROC_MAX],
    const struct core_opts *o, bool bounding_only, const char **who)
{
	int (*missing)(const int *) = bounding_only ? caps_missing_bounding :
	    caps_missing;
	/* A child needs these to switch to its user and limit its sets. */
	static const int switch_user[] = { CAP_SETUID, CAP_SETGID, CAP_SETPCAP,
	    -1 };
	bool restricted = o->only[PROC_VRRP] || o->only[PROC_CHECK];
	const struct proc *p;
	int i, cap;

	for (i = PROC_VRRP; i < PROC_MAX; i++) {
		if (!conf_set_wants(&set[i], i) || (restricted && !o->only[i]))
			continue;
		p = &procs[i];
		*who = p->name;
		if ((cap = missing(conf_set_has_lvs(&set[i]) &&
		    p->caps_lvs ? p->caps_lvs : p->caps)) != -1 ||
		    (cap = missing(switch_user)) != -1)
			return cap;
	}
	*who = "core";
	return bounding_only ? -1 : caps_missing(procs[PROC_CORE].caps);
}
