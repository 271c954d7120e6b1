/*
 * The configuration facts of the vrrp child's status records that the
 * SNMP agent (vigilctl snmp-agent, core/snmp_*.c) serves as
 * KEEPALIVED-MIB values: more fields of each instance record, a "vip"
 * record per configured address and a "sync_group" record per
 * vrrp_sync_group (keys: vigilctl(8)).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "common/ctl.h"
#include "common/ipc.h"
#include "vrrp/vrrp_engine.h"

static const char *const status_notify_keys[] = {
	[NOTIFY_MASTER] = "notify_master", [NOTIFY_BACKUP] = "notify_backup",
	[NOTIFY_FAULT] = "notify_fault", [NOTIFY_STOP] = "notify_stop",
	[NOTIFY_ANY] = "notify",
	[NOTIFY_MASTER_RX_LOWER_PRI] = "notify_master_rx_lower_pri",
};

/* "\tnotify_master=CMD..." for the notify scripts of object (a group's
 * with group); a tab or newline in a command becomes a space. */
static size_t
status_notify(char *buf, size_t len, const struct conf_set *set,
    const char *object, bool group)
{
	const struct msg_conf_notify *n;
	size_t i, off = 0;
	char *p;
	int w;

	for (i = 0; set != NULL && i < set->nnotify && off < len; i++) {
		n = &set->notify[i];
		if (strcmp(n->object, object) != 0 ||
		    ((n->flags & NOTIFY_F_GROUP) != 0) != group ||
		    n->kind >= sizeof(status_notify_keys) /
		    sizeof(status_notify_keys[0]) ||
		    status_notify_keys[n->kind] == NULL)
			continue;
		w = snprintf(buf + off, len - off, "\t%s=",
		    status_notify_keys[n->kind]);
		if (w < 0 || (size_t)w >= len - off)
			break;
		p = buf + off + w;
		off += (size_t)w;
		w = snprintf(p, len - off, "%s", n->command);
		if (w < 0 || (size_t)w >= len - off)
			break;
		for (; *p != '\0'; p++)
			if (*p == '\t' || *p == '\n')
				*p = ' ';
		off += (size_t)w;
	}
	if (off >= len)
		off = len - 1;
	buf[off] = '\0';
	return off;
}

void
vrrp_status_conf(char *buf, size_t len, const struct vrrp_rt *rt,
    const struct conf_set *set)
{
	const struct msg_conf_instance *c = &rt->conf;
	bool v6 = rt->params.primary.family == AF_INET6;
	char primary[INET6_ADDRSTRLEN];
	size_t off;
	int w;

	vrrp_ipaddr_str(&rt->params.primary, primary, sizeof(primary));
	w = snprintf(buf, len, "\tprimary=%s\tinitial_state=%s\tadvert_cs=%u\t"
	    "nopreempt=%u\tpreempt_delay_cs=%u\tauth_type=%u\taccept=%u\t"
	    "promote_secondaries=%u\tdont_track_primary=%u\tgarp_delay=%d\t"
	    "smtp_alert=%u\tunicast=%u\tmcast=%s\tvips_set=%u\t"
	    "master_reason=%u", primary,
	    c->init_state == VRRP_INIT_MASTER ? "MASTER" : "BACKUP",
	    c->advert_cs, c->nopreempt, c->preempt_delay_cs, c->auth_type,
	    c->accept, c->promote_secondaries, c->dont_track_primary,
	    c->garp_master_delay, c->smtp_alert, rt->params.npeers > 0,
	    v6 ? "ff02::12" : "224.0.0.18",
	    rt->started && rt->fsm.state == VRRP_STATE_MASTER,
	    rt->started && rt->fsm.state == VRRP_STATE_MASTER ?
	    rt->fsm.master_reason : 0);
	if (w < 0 || (size_t)w >= len)
		return;
	off = (size_t)w;
	status_notify(buf + off, len - off, set, c->name, false);
}

/* One record per configured address (unicast peers are not VIPs). */
void
vrrp_status_vips(struct ipc_chan *ch, uint32_t id, const struct vrrp_rt *rt)
{
	const struct msg_conf_vip *v;
	char a[INET6_ADDRSTRLEN];
	bool set = rt->started && rt->fsm.state == VRRP_STATE_MASTER;
	size_t i;

	for (i = 0; i < rt->ncvips; i++) {
		v = &rt->cvips[i];
		if (v->flags & VIP_F_PEER)
			continue;
		if (inet_ntop((int)v->family, v->addr, a, sizeof(a)) == NULL)
			a[0] = '\0';
		ipc_dump_printf(ch, id, CTL_REC_VIP "\tinstance=%s\taddress=%s\t"
		    "family=%s\tprefix=%u\tscope=%u\tdev=%s\tlabel=%s\t"
		    "excluded=%d\tset=%d\n", rt->conf.name, a,
		    v->family == AF_INET6 ? "inet6" : "inet",
		    v->plen != 0 ? v->plen : v->family == AF_INET6 ? 128 : 32,
		    v->scope, v->ifname[0] != '\0' ? v->ifname :
		    rt->conf.ifname, v->label, (v->flags & VIP_F_EXCLUDED) != 0,
		    set);
	}
}

/* One record per sync group: its members in configuration order, its
 * notify scripts. */
void
vrrp_status_groups(struct ipc_chan *ch, uint32_t id,
    const struct conf_set *set)
{
	char members[2048], notify[2048];
	size_t i, j, off;
	bool seen;

	for (i = 0; set != NULL && i < set->nsync; i++) {
		for (j = 0, seen = false; j < i && !seen; j++)
			seen = strcmp(set->sync[j].group, set->sync[i].group)
			    == 0;
		if (seen)
			continue;
		members[0] = '\0';
		for (j = i, off = 0; j < set->nsync && off < sizeof(members);
		    j++)
			if (strcmp(set->sync[j].group, set->sync[i].group) == 0)
				off += (size_t)snprintf(members + off,
				    sizeof(members) - off, "%s%s",
				    off > 0 ? "," : "", set->sync[j].instance);
		status_notify(notify, sizeof(notify), set, set->sync[i].group,
		    true);
		ipc_dump_printf(ch, id, CTL_REC_SYNC_GROUP "\tname=%s\t"
		    "members=%s%s\n", set->sync[i].group, members, notify);
	}
}
