/*
 * lvs_sync_daemon: the kernel's IPVS connection synchronisation daemon
 * follows a VRRP instance, so that the director that takes the VIP also
 * has the connections. keepalived 2.2.7's way: the backup daemon runs
 * from the start; when the instance becomes master, the backup daemon
 * stops and the master daemon starts, and the reverse when it leaves
 * MASTER. Without an instance named, both run all the time.
 */
#include <linux/ip_vs.h>

#include <stdio.h>
#include <string.h>

#include "check/check_ipvs.h"
#include "check/check_lvs.h"
#include "common/ipc.h"
#include "common/log.h"

static struct {
	struct msg_conf_global conf;	/* lvs_sync_* of the running config */
	bool	 running[2];		/* [0] master, [1] backup */
} lsync;

static void
lvs_sync_set(int state, bool on)
{
	const struct msg_conf_global *g = &lsync.conf;
	int k = state == IP_VS_STATE_MASTER ? 0 : 1;
	struct check_ipvs_sync s;

	if (lsync.running[k] == on)
		return;
	lsync.running[k] = on;
	if (!on) {
		log_info("Stopping IPVS sync daemon (%s)", k == 0 ? "master" :
		    "backup");
		check_ipvs_sync_stop(state);
		return;
	}
	memset(&s, 0, sizeof(s));
	s.state = state;
	snprintf(s.ifname, sizeof(s.ifname), "%s", g->lvs_sync_if);
	s.syncid = (uint8_t)g->lvs_sync_id;
	s.maxlen = (uint16_t)g->lvs_sync_maxlen;
	s.port = (uint16_t)g->lvs_sync_port;
	s.ttl = (uint8_t)g->lvs_sync_ttl;
	s.group_af = (int)g->lvs_sync_family;
	memcpy(s.group.b, g->lvs_sync_group, 16);
	log_info("Starting IPVS sync daemon (%s) on %s, syncid %u",
	    k == 0 ? "master" : "backup", s.ifname, s.syncid);
	check_ipvs_sync_start(&s);
}

void
check_lvs_sync_apply(const struct conf_set *c)
{
	const struct msg_conf_global *g = &c->global;
	bool same = strcmp(g->lvs_sync_if, lsync.conf.lvs_sync_if) == 0 &&
	    strcmp(g->lvs_sync_instance, lsync.conf.lvs_sync_instance) == 0 &&
	    g->lvs_sync_id == lsync.conf.lvs_sync_id &&
	    g->lvs_sync_maxlen == lsync.conf.lvs_sync_maxlen &&
	    g->lvs_sync_port == lsync.conf.lvs_sync_port &&
	    g->lvs_sync_ttl == lsync.conf.lvs_sync_ttl &&
	    g->lvs_sync_family == lsync.conf.lvs_sync_family &&
	    memcmp(g->lvs_sync_group, lsync.conf.lvs_sync_group, 16) == 0;

	static bool started;
	bool first = !started;

	started = true;
	if (same)
		return;
	lvs_sync_set(IP_VS_STATE_MASTER, false);
	lvs_sync_set(IP_VS_STATE_BACKUP, false);
	lsync.conf = *g;
	if (g->lvs_sync_if[0] == '\0')
		return;
	check_ipvs_init();
	if (first) {
		/* A check child restarted after a crash: what its
		 * predecessor left runs still; start from nothing (the vrrp
		 * child replays the instance's state to this child). */
		check_ipvs_sync_stop(IP_VS_STATE_MASTER);
		check_ipvs_sync_stop(IP_VS_STATE_BACKUP);
	}
	lvs_sync_set(IP_VS_STATE_BACKUP, true);
	if (g->lvs_sync_instance[0] == '\0')
		lvs_sync_set(IP_VS_STATE_MASTER, true);
}

void
check_lvs_sync_report(const struct msg_vrrp_state *s)
{
	const struct msg_conf_global *g = &lsync.conf;
	bool master;

	if (g->lvs_sync_if[0] == '\0' || g->lvs_sync_instance[0] == '\0' ||
	    (s->flags & VRRP_STATE_F_GROUP) ||
	    strcmp(s->name, g->lvs_sync_instance) != 0 ||
	    s->state == VREPORT_MASTER_RX_LOWER_PRI ||
	    s->state == VREPORT_PRIORITY)
		return;
	master = s->state == VREPORT_MASTER;
	if (master) {
		lvs_sync_set(IP_VS_STATE_BACKUP, false);
		lvs_sync_set(IP_VS_STATE_MASTER, true);
	} else {
		lvs_sync_set(IP_VS_STATE_MASTER, false);
		lvs_sync_set(IP_VS_STATE_BACKUP, true);
	}
}

void
check_lvs_sync_shutdown(void)
{
	lvs_sync_set(IP_VS_STATE_MASTER, false);
	lvs_sync_set(IP_VS_STATE_BACKUP, false);
}
