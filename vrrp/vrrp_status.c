/*
 * The vrrp child's status records for vigilctl (common/ctl.h): each
 * instance with its state, priorities, master, VIPs and counters, what it
 * tracks, each socket's drops, track files and processes.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/ctl.h"
#include "common/ipc.h"
#include "vrrp/bfd.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_track.h"
#include "vrrp/vrrp_updown.h"

#define STATUS_LINE	4096

/* A growing line: fields appended with status_add, cut (never overrun)
 * when too long. */
struct status_line {
	char	 buf[STATUS_LINE];
	size_t	 len;
};

static void status_add(struct status_line *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
status_add(struct status_line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n;
	if (l->len >= sizeof(l->buf))
		l->len = sizeof(l->buf) - 1;
}

static void
status_send(struct ipc_chan *c, uint32_t id, struct status_line *l)
{
	ipc_dump_printf(c, id, "%s\n", l->buf);
}

/* The master: this instance as MASTER, else the last one heard. */
static void
status_master(struct status_line *l, const struct vrrp_rt *rt)
{
	char a[INET6_ADDRSTRLEN] = "";
	unsigned prio = 0;

	if (rt->started && rt->fsm.state == VRRP_STATE_MASTER) {
		vrrp_ipaddr_str(&rt->params.primary, a, sizeof(a));
		prio = rt->fsm.priority;
	} else if (rt->started && rt->fsm.state == VRRP_STATE_BACKUP &&
	    rt->fsm.master.family != 0) {
		vrrp_ipaddr_str(&rt->fsm.master, a, sizeof(a));
		prio = rt->fsm.master_prio;
	}
	status_add(l, "\tmaster=%s\tmaster_priority=%u", a, prio);
}

/* What moves the priority (name:+N) and what puts it in FAULT. */
static void
status_trackers(struct status_line *l, const struct vrrp_rt *rt)
{
	const struct vrrp_track_if *t;
	const char *sep = "";
	size_t i;
	int adj;

	status_add(l, "\tadjust=");
	for (i = 0; i < rt->ntifs; i++) {
		t = &rt->tifs[i];
		if ((adj = vrrp_track_adjust(t)) == 0)
			continue;
		status_add(l, "%s%s:%+d", sep, t->name, adj);
		sep = ",";
	}
	status_add(l, "\tfault=");
	for (i = 0, sep = ""; i < rt->ntifs; i++) {
		t = &rt->tifs[i];
		if (!vrrp_track_fault(t))
			continue;
		status_add(l, "%s%s", sep, t->name);
		sep = ",";
	}
}

static void
status_vips(struct status_line *l, const struct vrrp_rt *rt)
{
	char a[INET6_ADDRSTRLEN];
	const struct vrrp_vip *v;
	size_t i;

	status_add(l, "\tvips=");
	for (i = 0; i < rt->nvips; i++) {
		v = &rt->vips[i];
		vrrp_ipaddr_str(&v->addr, a, sizeof(a));
		status_add(l, "%s%s/%u", i > 0 ? "," : "", a,
		    v->prefixlen != 0 ? v->prefixlen :
		    v->addr.family == AF_INET ? 32 : 128);
	}
}

static void
status_counters(struct status_line *l, const struct vrrp_rt *rt)
{
	const struct vrrp_stats *st = &rt->fsm.stats;
	uint64_t transitions = 0;
	int r;

	for (r = 0; r < VRRP_STATE_MAX; r++)
		transitions += st->entered[r];
	status_add(l, "\ttransitions=%" PRIu64 "\tbecame_master=%" PRIu64
	    "\tadverts_sent=%" PRIu64 "\tadverts_received=%" PRIu64
	    "\tprio0_sent=%" PRIu64 "\tprio0_received=%" PRIu64
	    "\tgarp_sent=%" PRIu64 "\tna_sent=%" PRIu64, transitions,
	    st->entered[VRRP_STATE_MASTER], st->adverts_sent,
	    st->rx_error[VRRP_RX_OK], st->prio0_sent, st->prio0_rcvd,
	    rt->garp_sent, rt->na_sent);
	for (r = VRRP_RX_OK + 1; r < VRRP_RX_MAX; r++)
		status_add(l, "\trx_error_%s=%" PRIu64, vrrp_rx_reason_name(r),
		    st->rx_error[r]);
}

static void
status_instance(struct ipc_chan *c, uint32_t id, const struct vrrp_rt *rt)
{
	struct status_line l = { .len = 0 };
	uint64_t now = vrrp_now_cs();
	char conf[STATUS_LINE];

	status_add(&l, CTL_REC_INSTANCE "\tname=%s\tinterface=%s\tvrf=%s"
	    "\tvrid=%u\tversion=%u\tfamily=%s\tstate=%s\tbase_priority=%u"
	    "\tpriority=%u\tgroup=%s", rt->conf.name, rt->conf.ifname,
	    rt->conf.vrf,
	    rt->conf.vrid, rt->conf.version,
	    rt->params.primary.family == AF_INET6 ? "inet6" : "inet",
	    rt->started ? vrrp_state_name(rt->fsm.state) : "WAITING",
	    rt->fsm.base_priority, rt->fsm.priority, rt->group);
	status_trackers(&l, rt);
	status_master(&l, rt);
	status_vips(&l, rt);
	if (rt->started && now >= rt->fsm.since)
		status_add(&l, "\tsince=%.2f", (now - rt->fsm.since) / 100.0);
	else
		status_add(&l, "\tsince=");
	status_counters(&l, rt);
	vrrp_status_conf(conf, sizeof(conf), rt, vrrp_child_conf());
	status_add(&l, "%s", conf);
	status_send(c, id, &l);
}

static void
status_tracks(struct ipc_chan *c, uint32_t id, const struct vrrp_rt *rt)
{
	const struct vrrp_track_if *t;
	char buf[32], pend[48];
	size_t i;

	for (i = 0; i < rt->ntifs; i++) {
		t = &rt->tifs[i];
		/* interface_up_down_delays: a change waiting, if any */
		if (t->type == TRACK_INTERFACE)
			vrrp_updown_pending(t->name, pend, sizeof(pend));
		else
			pend[0] = '\0';
		ipc_dump_printf(c, id, CTL_REC_TRACK "\tinstance=%s\ttype=%s"
		    "\tname=%s\tstate=%s\tweight=%d\treverse=%d\tadjust=%d"
		    "\tfault=%d%s%s\n", rt->conf.name,
		    vrrp_track_type_name(t->type), t->name,
		    vrrp_track_dump_state(t, buf, sizeof(buf)), t->weight,
		    t->reverse, vrrp_track_adjust(t), vrrp_track_fault(t),
		    pend[0] != '\0' ? "\tpending=" : "", pend);
	}
}

void
vrrp_status(struct ipc_chan *c, uint32_t id)
{
	const struct vrrp_rt *rt;
	const struct vrrp_ifsock *is;
	struct status_line l;
	int d;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry) {
		status_instance(c, id, rt);
		status_tracks(c, id, rt);
		vrrp_status_vips(c, id, rt);
	}
	vrrp_status_groups(c, id, vrrp_child_conf());
	TAILQ_FOREACH(is, &vrrp_eng.socks, entry) {
		l.len = 0;
		status_add(&l, CTL_REC_SOCKET "\tinterface=%s\tfamily=%s",
		    is->sock.ifname, is->sock.family == AF_INET6 ? "inet6" :
		    "inet");
		for (d = 0; d < VRRP_DROP_MAX; d++)
			status_add(&l, "\tdrop_%s=%" PRIu64, vrrp_drop_name(d),
			    is->drops[d]);
		status_send(c, id, &l);
	}
	vrrp_tfile_status(c, id);
	vrrp_tproc_status(c, id);
	vrrp_bfd_status(c, id);
}
