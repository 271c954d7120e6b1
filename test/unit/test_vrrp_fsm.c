/*
 * Unit tests for vrrp/vrrp_fsm.c and vrrp/vrrp_timer.c: a small simulated
 * LAN of instances driven by a fake clock. Adverts travel as real packets
 * (vrrp_packet_build_ip4 -> vrrp_fsm_input), so the receive checks sit in
 * the path exactly as in the daemon.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "vrrp/vrrp.h"
#include "vrrp/vrrp_fsm.h"
#include "vrrp/vrrp_packet.h"
#include "vrrp/vrrp_timer.h"

#define NODES	3
#define QLEN	64

struct node {
	struct sim		*sim;
	struct vrrp_instance	 vi;
	struct vrrp_params	 p;
	int64_t			 deadline[VRRP_TIMER_MAX];	/* -1: off */
	bool			 vips;		/* holds the VIPs */
	bool			 linkdown;	/* sends and hears nothing */
	unsigned		 adverts, garps, notifies, rx_lowers;
	uint8_t			 last_prio;
	uint64_t		 master_at;	/* last entry into MASTER */
	char			 trace[256];	/* A advert, V/v VIPs, G GARP */
};

struct pkt {
	int			 from;
	size_t			 len;
	uint8_t			 buf[VRRP_PKT_MAX];
};

struct sim {
	uint64_t		 now;
	struct node		 n[NODES];
	int			 nnodes;
	struct pkt		 q[QLEN];
	int			 qlen;
	bool			 partitioned;
};

static struct vrrp_ipaddr vip;

static struct vrrp_ipaddr
a4(const char *s)
{
	struct vrrp_ipaddr a;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, s, &a.u.v4), 1);
	return a;
}

/* The ops: record, and queue adverts on the simulated LAN. */

static void
trace(struct node *n, char c)
{
	size_t l = strlen(n->trace);

	if (l + 1 < sizeof(n->trace)) {
		n->trace[l] = c;
		n->trace[l + 1] = '\0';
	}
}

static void
op_send_advert(void *ctx, uint8_t prio)
{
	struct node *n = ctx;
	struct sim *s = n->sim;
	struct vrrp_ipaddr grp = a4("224.0.0.18");
	struct pkt *k;

	n->adverts++;
	n->last_prio = prio;
	trace(n, 'A');
	if (n->linkdown)
		return;
	assert_true(s->qlen < QLEN);
	k = &s->q[s->qlen++];
	k->from = (int)(n - s->n);
	k->len = vrrp_packet_build_ip4(&n->p, prio, &grp, 1, k->buf,
	    sizeof(k->buf));
	assert_true(k->len > 0);
}

static void
op_add_vips(void *ctx)
{
	((struct node *)ctx)->vips = true;
	trace(ctx, 'V');
}

static void
op_del_vips(void *ctx)
{
	((struct node *)ctx)->vips = false;
	trace(ctx, 'v');
}

static void
op_send_garp(void *ctx)
{
	((struct node *)ctx)->garps++;
	trace(ctx, 'G');
}

static void
op_arm_timer(void *ctx, enum vrrp_timer_id t, uint32_t cs)
{
	struct node *n = ctx;

	n->deadline[t] = (int64_t)(n->sim->now + cs);
}

static void
op_cancel_timer(void *ctx, enum vrrp_timer_id t)
{
	((struct node *)ctx)->deadline[t] = -1;
}

static void
op_notify(void *ctx, enum vrrp_state st)
{
	struct node *n = ctx;

	n->notifies++;
	if (st == VRRP_STATE_MASTER)
		n->master_at = n->sim->now;
}

static void
op_rx_lower(void *ctx, const struct vrrp_ipaddr *src, uint8_t prio)
{
	((struct node *)ctx)->rx_lowers++;
}

static const struct vrrp_fsm_ops ops = {
	.send_advert = op_send_advert,
	.add_vips = op_add_vips,
	.del_vips = op_del_vips,
	.send_garp = op_send_garp,
	.arm_timer = op_arm_timer,
	.cancel_timer = op_cancel_timer,
	.notify = op_notify,
	.rx_lower = op_rx_lower,
};

/* Node i: 192.0.2.(i+1), VRID 51, v3 at 1 s unless changed. */
static struct node *
sim_node(struct sim *s, uint8_t prio)
{
	struct node *n = &s->n[s->nnodes];
	char addr[32];

	memset(n, 0, sizeof(*n));
	n->sim = s;
	snprintf(n->p.name, sizeof(n->p.name), "VI_%c", 'A' + s->nnodes);
	snprintf(addr, sizeof(addr), "192.0.2.%d", s->nnodes + 1);
	n->p.primary = a4(addr);
	n->p.vrid = 51;
	n->p.version = VRRP_VERSION_3;
	n->p.family = AF_INET;
	n->p.priority = prio;
	n->p.advert_int_cs = 100;
	n->p.preempt = true;
	n->p.vips = &vip;
	n->p.nvips = 1;
	n->deadline[0] = n->deadline[1] = -1;
	s->nnodes++;
	return n;
}

static void
sim_init(struct sim *s)
{
	memset(s, 0, sizeof(*s));
	vip = a4("198.51.100.10");
}

static void
ev_simple(struct node *n, enum vrrp_event_type type)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.now = n->sim->now;
	if (type == VRRP_EVT_FAULT || type == VRRP_EVT_UNFAULT)
		ev.why = type == VRRP_EVT_FAULT ? "tracked interface down" :
		    "tracked interface up";
	vrrp_fsm_event(&n->vi, &ev);
}

static void
start(struct node *n)
{
	vrrp_fsm_init(&n->vi, &n->p, &ops, n);
	ev_simple(n, VRRP_EVT_STARTUP);
}

static void
set_weight(struct node *n, int w)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_EVT_PRIORITY;
	ev.now = n->sim->now;
	ev.weight = w;
	vrrp_fsm_event(&n->vi, &ev);
}

/* A tracker changed: weight sum w, for the priority line. */
static void
set_weight_why(struct node *n, int w, const char *why)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_EVT_PRIORITY;
	ev.now = n->sim->now;
	ev.weight = w;
	ev.why = why;
	vrrp_fsm_event(&n->vi, &ev);
}

/* Hand every queued packet to every other node that can hear it. */
static void
sim_deliver(struct sim *s)
{
	struct vrrp_rx rx;
	struct pkt k;
	int i;

	while (s->qlen > 0) {
		k = s->q[0];
		memmove(s->q, s->q + 1, --s->qlen * sizeof(s->q[0]));
		for (i = 0; i < s->nnodes; i++) {
			if (i == k.from || s->n[i].linkdown || s->partitioned ||
			    s->n[i].vi.params == NULL)
				continue;
			memset(&rx, 0, sizeof(rx));
			rx.family = AF_INET;
			rx.buf = k.buf;
			rx.len = k.len;
			vrrp_fsm_input(&s->n[i].vi, &rx, s->now);
		}
	}
}

/* Run the LAN until time t: packets first, then the earliest timer. */
static void
sim_run(struct sim *s, uint64_t t)
{
	struct node *best;
	int i, j, bt;

	for (;;) {
		sim_deliver(s);
		best = NULL;
		bt = 0;
		for (i = 0; i < s->nnodes; i++)
			for (j = 0; j < VRRP_TIMER_MAX; j++)
				if (s->n[i].deadline[j] >= 0 &&
				    (uint64_t)s->n[i].deadline[j] <= t &&
				    (best == NULL || s->n[i].deadline[j] <
				    best->deadline[bt])) {
					best = &s->n[i];
					bt = j;
				}
		if (best == NULL)
			break;
		/* Everything due at that instant fires before any packet
		 * moves: simultaneous timeouts are simultaneous. */
		s->now = (uint64_t)best->deadline[bt];
		for (i = 0; i < s->nnodes; i++)
			for (j = 0; j < VRRP_TIMER_MAX; j++)
				if (s->n[i].deadline[j] == (int64_t)s->now) {
					s->n[i].deadline[j] = -1;
					ev_simple(&s->n[i], j == VRRP_TIMER_ADVER ?
					    VRRP_EVT_ADVER_TIMER :
					    VRRP_EVT_MASTER_DOWN);
				}
	}
	s->now = t;
}

static int
masters(struct sim *s)
{
	int i, m = 0;

	for (i = 0; i < s->nnodes; i++)
		if (s->n[i].vi.state == VRRP_STATE_MASTER) {
			assert_true(s->n[i].vips);
			m++;
		} else
			assert_false(s->n[i].vips);
	return m;
}

static void
test_timers(void **state)
{
	struct vrrp_timers t = { .adver_int = 100, .master_adver_int = 100 };

	/* v2: skew is (256 - prio) / 256 s whatever the interval. */
	vrrp_timers_recalc(&t, VRRP_VERSION_2, 100);
	assert_int_equal(t.skew, 60);
	assert_int_equal(t.master_down, 360);
	t.adver_int = 300;
	vrrp_timers_recalc(&t, VRRP_VERSION_2, 100);
	assert_int_equal(t.skew, 60);
	assert_int_equal(t.master_down, 960);
	vrrp_timers_recalc(&t, VRRP_VERSION_2, 254);
	assert_int_equal(t.skew, 0);
	vrrp_timers_recalc(&t, VRRP_VERSION_2, 1);
	assert_int_equal(t.skew, 99);
	/* v3: scaled by the master's interval. */
	t.master_adver_int = 10;
	vrrp_timers_recalc(&t, VRRP_VERSION_3, 100);
	assert_int_equal(t.skew, 6);
	assert_int_equal(t.master_down, 36);
	t.master_adver_int = 5;
	vrrp_timers_recalc(&t, VRRP_VERSION_3, 100);
	assert_int_equal(t.skew, 3);
	assert_int_equal(t.master_down, 18);
	t.master_adver_int = 4095;
	vrrp_timers_recalc(&t, VRRP_VERSION_3, 1);
	assert_int_equal(t.skew, (255 * 4095) / 256);
}

static void
test_priority_clamp(void **state)
{
	assert_int_equal(vrrp_fsm_priority(100, 0), 100);
	assert_int_equal(vrrp_fsm_priority(100, 50), 150);
	assert_int_equal(vrrp_fsm_priority(100, 200), 254);
	assert_int_equal(vrrp_fsm_priority(100, -99), 1);
	assert_int_equal(vrrp_fsm_priority(100, -200), 1);
	assert_int_equal(vrrp_fsm_priority(255, -50), 255);
	assert_int_equal(vrrp_fsm_priority(254, 10), 254);
}

/* Higher priority wins; it goes first because its skew is shorter. */
static void
test_election_priority(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	start(b);
	start(a);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	sim_run(&s, 1000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(a->master_at, 300 + (106 * 100) / 256);
	assert_int_equal(masters(&s), 1);
	assert_int_equal(a->garps, 1);
	assert_int_equal(b->vi.master_prio, 150);
	assert_true(vrrp_ipaddr_eq(&b->vi.master, &a->p.primary));
	assert_int_equal(a->vi.stats.entered[VRRP_STATE_MASTER], 1);
	assert_int_equal(b->vi.stats.entered[VRRP_STATE_MASTER], 0);
}

/* Equal priority: both time out together; the higher address stays. */
static void
test_election_address_tie(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 100);		/* 192.0.2.1 */
	b = sim_node(&s, 100);		/* 192.0.2.2 */
	start(a);
	start(b);
	sim_run(&s, 2000);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(masters(&s), 1);
	/* a was master for an instant, then stepped down. */
	assert_int_equal(a->vi.stats.entered[VRRP_STATE_MASTER], 1);
	assert_int_equal(a->vi.stats.entered[VRRP_STATE_BACKUP], 2);
}

/* A higher priority node that comes later takes over (preempt). */
static void
test_preempt(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	b = sim_node(&s, 100);
	a = sim_node(&s, 150);
	start(b);
	sim_run(&s, 1000);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	start(a);
	sim_run(&s, 1000 + 341);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(a->master_at, 1341);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(masters(&s), 1);
	assert_true(a->vi.stats.adverts_discarded > 0);
	/* Just started: the whole master-down interval (300 + 41), not
	 * fast preemption (its trackers may not have reported yet). */
	assert_int_equal(a->vi.stats.fast_preempts, 0);
}

static void
test_nopreempt(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	b = sim_node(&s, 100);
	a = sim_node(&s, 150);
	a->p.preempt = false;
	start(b);
	sim_run(&s, 1000);
	start(a);
	sim_run(&s, 10000);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	/* nopreempt still takes over when the master goes. */
	ev_simple(b, VRRP_EVT_SHUTDOWN);
	sim_run(&s, 10000 + 41);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(masters(&s), 1);
}

/* preempt_delay: the lower master is left alone for that long. */
static void
test_preempt_delay(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	b = sim_node(&s, 100);
	a = sim_node(&s, 150);
	a->p.preempt_delay_cs = 1500;
	start(b);
	sim_run(&s, 1000);
	start(a);			/* at 1000: waits until 2500 */
	sim_run(&s, 2499);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	sim_run(&s, 2500 + 400);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_true(a->master_at >= 2500);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(masters(&s), 1);
}

/* Graceful stop: priority 0, the backup takes over after skew time. */
static void
test_shutdown_skew(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	start(a);
	start(b);
	sim_run(&s, 1050);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	ev_simple(a, VRRP_EVT_SHUTDOWN);
	assert_int_equal(a->vi.state, VRRP_STATE_INIT);
	assert_int_equal(a->last_prio, 0);
	assert_int_equal(a->vi.stats.prio0_sent, 1);
	assert_false(a->vips);
	assert_int_equal(a->deadline[VRRP_TIMER_ADVER], -1);
	sim_run(&s, 1050 + 59);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	sim_run(&s, 1050 + 60);		/* skew at 100: 156/256 s */
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->master_at, 1110);
	assert_int_equal(b->vi.stats.prio0_rcvd, 1);
}

/* v2 skew at 1 s, priority 100: 60 cs; a master answers priority 0. */
static void
test_shutdown_v2(void **state)
{
	struct sim s;
	struct node *a, *b, *c;

	sim_init(&s);
	a = sim_node(&s, 200);
	b = sim_node(&s, 100);
	c = sim_node(&s, 50);
	a->p.version = b->p.version = c->p.version = VRRP_VERSION_2;
	start(a);
	start(b);
	start(c);
	sim_run(&s, 1000);
	ev_simple(a, VRRP_EVT_SHUTDOWN);
	sim_run(&s, 1060);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->master_at, 1060);
	sim_run(&s, 3000);
	assert_int_equal(c->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(masters(&s), 1);
}

/* The owner (255) is master at once and trackers leave it alone. */
static void
test_owner(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	b = sim_node(&s, 254);
	a = sim_node(&s, 255);
	start(b);
	sim_run(&s, 1000);
	start(a);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(a->master_at, 1000);
	sim_run(&s, 1001);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	set_weight(a, -100);
	assert_int_equal(a->vi.priority, 255);
	sim_run(&s, 5000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(masters(&s), 1);
}

/* "state MASTER": master at once; a better master already there answers
 * the advert and this one steps back. */
static void
test_init_master(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 100);
	b = sim_node(&s, 150);
	a->p.init_master = true;
	start(a);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(a->master_at, 0);
	assert_true(a->vips);
	ev_simple(a, VRRP_EVT_SHUTDOWN);
	start(b);
	sim_run(&s, 1000);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	s.now = 1010;
	start(a);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	sim_run(&s, 1010);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(masters(&s), 1);
	/* After a fault it waits like any backup. */
	ev_simple(a, VRRP_EVT_FAULT);
	ev_simple(a, VRRP_EVT_UNFAULT);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
}

/* Becoming master: advert first, then the VIPs, then GARP; leaving for
 * FAULT: priority 0, then the VIPs go. */
static void
test_master_action_order(void **state)
{
	struct sim s;
	struct node *a;

	sim_init(&s);
	a = sim_node(&s, 100);
	start(a);
	sim_run(&s, 1000);
	assert_int_equal(strncmp(a->trace, "AVG", 3), 0);
	a->trace[0] = '\0';
	ev_simple(a, VRRP_EVT_FAULT);
	assert_string_equal(a->trace, "Av");
	assert_int_equal(a->last_prio, 0);
}

/* Two owners: each that hears the other drops to 254 and steps down;
 * with both at 254 the higher address wins. One master in the end. */
static void
test_owner_conflict(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 255);
	b = sim_node(&s, 255);
	s.partitioned = true;
	start(a);
	start(b);
	assert_int_equal(masters(&s), 2);
	s.partitioned = false;
	sim_run(&s, 500);
	assert_int_equal(masters(&s), 1);
	assert_int_equal(a->vi.priority, 254);
	assert_int_equal(b->vi.priority, 254);
	sim_run(&s, 5000);
	assert_int_equal(masters(&s), 1);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
}

/* Two masters that meet: the lower steps down; the higher re-asserts. */
static void
test_split_brain(void **state)
{
	struct sim s;
	struct node *a, *b;
	unsigned sent;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	a->p.garp_lower_prio_repeat = true;
	b->p.higher_prio_send_advert = true;
	s.partitioned = true;
	start(a);
	start(b);
	sim_run(&s, 1000);
	assert_int_equal(masters(&s), 2);
	s.partitioned = false;
	/* a's next advert reaches b first (a's timer is earlier). */
	sent = b->adverts;
	sim_run(&s, 1100);
	assert_int_equal(masters(&s), 1);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	/* higher_prio_send_advert: b told a before stepping down, and a
	 * answered the lower advert with an advert and GARP. */
	assert_int_equal(b->adverts, sent + 1);
	assert_int_equal(a->garps, 2);
	sim_run(&s, 5000);
	assert_int_equal(masters(&s), 1);
}

/*
 * A master frozen (SIGSTOP) for 5 s with nopreempt: b takes over. On
 * resume, without timer_expired_backup a advertises its higher priority
 * and b steps down; with it, a steps down at its late timer and b keeps
 * the VIPs. te: timer_expired_backup's priority, 0 off.
 */
static void
frozen_master(uint8_t te, bool nopreempt, bool a_keeps)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 200);
	b = sim_node(&s, 100);
	a->p.preempt = !nopreempt;
	b->p.preempt = !nopreempt;
	a->p.timer_expired_backup = te;
	start(a);
	sim_run(&s, 50);
	start(b);
	sim_run(&s, 1000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	/* Frozen: hears and sends nothing, its timer fires at resume. */
	a->linkdown = true;
	a->deadline[VRRP_TIMER_ADVER] = 1500;
	sim_run(&s, 1499);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(masters(&s), 2);
	a->linkdown = false;
	sim_run(&s, 3000);
	assert_int_equal(masters(&s), 1);
	assert_int_equal(a->vi.state, a_keeps ? VRRP_STATE_MASTER :
	    VRRP_STATE_BACKUP);
	assert_int_equal(b->vi.state, a_keeps ? VRRP_STATE_BACKUP :
	    VRRP_STATE_MASTER);
	assert_int_equal(a->vips, a_keeps);
	assert_int_equal(b->vips, !a_keeps);
}

static void
test_timer_expired_backup(void **state)
{
	frozen_master(254, true, false);
	/* Any priority up to ours: a 5 s pause outlasts every master-down
	 * interval at 1 s. */
	frozen_master(1, true, false);
}

static void
test_timer_expired_off(void **state)
{
	frozen_master(0, true, true);
	/* Without nopreempt the keyword does nothing (the check pass also
	 * clears it then). */
	frozen_master(254, false, true);
}

/* A master whose adverts are 2.5 s apart, less than the master-down
 * interval of the peer it assumes (254: 3 s at 1 s), goes on as master. */
static void
test_timer_expired_short(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 200);
	b = sim_node(&s, 100);
	a->p.preempt = b->p.preempt = false;
	a->p.timer_expired_backup = 254;
	start(a);
	sim_run(&s, 50);
	start(b);
	sim_run(&s, 1000);
	a->deadline[VRRP_TIMER_ADVER] += 150;
	sim_run(&s, 3000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
}

/* down_timer_adverts N: a backup takes over N advert intervals (plus
 * skew) after the master's last advert, not 3. */
static uint64_t
takeover_after_cut(uint8_t down_adverts)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 200);
	b = sim_node(&s, 100);
	b->p.down_timer_adverts = down_adverts;
	start(a);
	sim_run(&s, 50);
	start(b);
	sim_run(&s, 1000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	a->linkdown = true;
	sim_run(&s, 3000);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	return b->master_at - 1000;
}

static void
test_down_timer_adverts(void **state)
{
	uint64_t t3 = takeover_after_cut(0), t5 = takeover_after_cut(5),
	    t1 = takeover_after_cut(1);

	/* v3, 1 s, priority 100: skew 60 cs; the last advert came at most
	 * one interval before the cut. */
	assert_true(t3 > 260 && t3 <= 360);
	assert_true(t5 > 460 && t5 <= 560);
	assert_true(t1 > 60 && t1 <= 160);
	assert_int_equal(t5 - t3, 200);
}

/* Without higher_prio_send_advert the loser is silent; with
 * lower_prio_no_advert the winner does not answer (RFC behaviour). */
static void
test_split_brain_rfc(void **state)
{
	struct sim s;
	struct node *a, *b;
	unsigned a_sent, b_sent;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	a->p.lower_prio_no_advert = true;
	s.partitioned = true;
	start(a);
	start(b);
	sim_run(&s, 1000);
	s.partitioned = false;
	/* b's advert first: a must not answer it. */
	b->deadline[VRRP_TIMER_ADVER] = 1001;
	a->deadline[VRRP_TIMER_ADVER] = 1050;
	a_sent = a->adverts;
	sim_run(&s, 1001);
	assert_int_equal(a->adverts, a_sent);
	assert_int_equal(masters(&s), 2);
	b_sent = b->adverts;
	sim_run(&s, 1050);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->adverts, b_sent);
	assert_int_equal(masters(&s), 1);
}

/* to receives an advert of from's, whatever the partition. */
static void
hear_from(struct node *to, struct node *from)
{
	struct vrrp_ipaddr grp = a4("224.0.0.18");
	struct vrrp_rx rx;
	uint8_t buf[VRRP_PKT_MAX];

	memset(&rx, 0, sizeof(rx));
	rx.family = AF_INET;
	rx.buf = buf;
	rx.len = vrrp_packet_build_ip4(&from->p, from->vi.priority, &grp, 1,
	    buf, sizeof(buf));
	assert_true(rx.len > 0);
	assert_int_equal(vrrp_fsm_input(&to->vi, &rx, to->sim->now),
	    VRRP_RX_OK);
}

/* A master hearing another, lower master announces the VIPs again at
 * once (the clients may follow the other one's GARPs), at most once per
 * advert interval, and not in the interval after its own burst on
 * becoming master; each advert still runs the rx_lower hook path. */
static void
test_lower_master_garp_rate(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	a->p.garp_lower_prio_repeat = true;
	s.partitioned = true;
	start(a);
	start(b);
	sim_run(&s, 1000);
	assert_int_equal(masters(&s), 2);
	assert_int_equal(a->garps, 1);
	/* Becoming master just sent a burst: none in the next interval. */
	a->p.init_master = true;
	ev_simple(a, VRRP_EVT_SHUTDOWN);
	start(a);
	assert_int_equal(a->garps, 2);
	s.now += 50;
	hear_from(a, b);
	assert_int_equal(a->garps, 2);
	s.now += 60;
	hear_from(a, b);
	assert_int_equal(a->garps, 3);
	/* A second lower advert in the same interval: no burst. */
	s.now += 99;
	hear_from(a, b);
	assert_int_equal(a->garps, 3);
	s.now += 1;
	hear_from(a, b);
	assert_int_equal(a->garps, 4);
	/* garp_lower_prio_repeat 0: none. */
	a->p.garp_lower_prio_repeat = false;
	s.now += 500;
	hear_from(a, b);
	assert_int_equal(a->garps, 4);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
}

/* A preempted master's last advert (higher_prio_send_advert) is its
 * farewell, not another master: the new master neither runs
 * notify_master_rx_lower_pri nor announces again; a lower master heard
 * later (a split brain) is. */
static void
test_preempt_farewell(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	b = sim_node(&s, 100);
	a = sim_node(&s, 150);
	a->p.garp_lower_prio_repeat = true;
	b->p.higher_prio_send_advert = true;
	start(b);
	sim_run(&s, 1000);
	start(a);
	sim_run(&s, 2000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(a->rx_lowers, 0);
	assert_int_equal(a->garps, 1);
	s.now += 200;
	hear_from(a, b);
	assert_int_equal(a->rx_lowers, 1);
	assert_int_equal(a->garps, 2);
}

/* A tracked interface down: FAULT, priority 0 out, VIPs off; back up:
 * BACKUP, then master again by preemption. Faults nest. */
static void
test_fault(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	start(a);
	start(b);
	sim_run(&s, 1000);
	ev_simple(a, VRRP_EVT_FAULT);
	ev_simple(a, VRRP_EVT_FAULT);
	assert_int_equal(a->vi.state, VRRP_STATE_FAULT);
	assert_int_equal(a->last_prio, 0);
	assert_false(a->vips);
	sim_run(&s, 1000 + 60);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(masters(&s), 1);
	ev_simple(a, VRRP_EVT_UNFAULT);
	assert_int_equal(a->vi.state, VRRP_STATE_FAULT);
	set_weight(a, 10);		/* noted while in FAULT */
	assert_int_equal(a->vi.priority, 160);
	ev_simple(a, VRRP_EVT_UNFAULT);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	sim_run(&s, 3000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(a->vi.stats.entered[VRRP_STATE_FAULT], 1);
	/* A fault at start-up starts in FAULT. */
	ev_simple(b, VRRP_EVT_SHUTDOWN);
	vrrp_fsm_init(&b->vi, &b->p, &ops, b);
	ev_simple(b, VRRP_EVT_FAULT);
	ev_simple(b, VRRP_EVT_STARTUP);
	assert_int_equal(b->vi.state, VRRP_STATE_FAULT);
}

/* Tracker weights move the effective priority and the election. */
static void
test_tracker_weights(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	start(a);
	start(b);
	sim_run(&s, 1000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	set_weight(a, -60);		/* 90 < 100: b preempts */
	assert_int_equal(a->vi.priority, 90);
	assert_int_equal(a->last_prio, 90);	/* told at once */
	assert_int_equal(a->deadline[VRRP_TIMER_ADVER], 1000 + 100);
	sim_run(&s, 1500);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	set_weight(a, 0);
	sim_run(&s, 2500);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(masters(&s), 1);
	set_weight(b, 500);
	assert_int_equal(b->vi.priority, 254);
	set_weight(b, -500);
	assert_int_equal(b->vi.priority, 1);
}

/* a (150) master and b a backup since long before 1000. The tests drop
 * a's priority to 90 (weight -60), which it advertises at once; the
 * packet is delivered (sim_deliver) before looking at b. */
static void
fast_setup(struct sim *s, struct node **a, struct node **b, uint8_t bprio)
{
	sim_init(s);
	*a = sim_node(s, 150);
	*b = sim_node(s, bprio);
	start(*a);
	start(*b);
	sim_run(s, 1000);
	assert_int_equal((*a)->vi.state, VRRP_STATE_MASTER);
	assert_int_equal((*b)->vi.state, VRRP_STATE_BACKUP);
}

/* Fast preemption: the backup above the master's new priority takes
 * over after its skew time (156/256 s at 100), not the master-down
 * interval (3 s + skew). */
static void
test_fast_preempt(void **state)
{
	struct sim s;
	struct node *a, *b;

	fast_setup(&s, &a, &b, 100);
	set_weight(a, -60);
	sim_deliver(&s);
	assert_int_equal(b->deadline[VRRP_TIMER_MASTER_DOWN], 1000 + 60);
	assert_true(b->vi.preempting);
	sim_run(&s, 1059);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	sim_run(&s, 1060);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->master_at, 1060);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->vi.stats.fast_preempts, 1);
	assert_false(b->vi.preempting);
	sim_run(&s, 5000);
	assert_int_equal(masters(&s), 1);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
}

/* Three routers: the highest backup has the shortest skew and wins; the
 * other one hears it and stops waiting to take over. */
static void
test_fast_preempt_highest(void **state)
{
	struct sim s;
	struct node *a, *b, *c;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 110);
	c = sim_node(&s, 120);
	start(a);
	start(b);
	start(c);
	sim_run(&s, 1000);
	set_weight(a, -60);		/* 90: b skew 57, c skew 53 */
	sim_deliver(&s);
	assert_true(b->vi.preempting);
	assert_true(c->vi.preempting);
	sim_run(&s, 1053);
	assert_int_equal(c->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_false(b->vi.preempting);
	/* b follows c now: a whole master-down interval from c's advert. */
	assert_int_equal(b->deadline[VRRP_TIMER_MASTER_DOWN],
	    1053 + 300 + (146 * 100) / 256);
	sim_run(&s, 5000);
	assert_int_equal(c->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(masters(&s), 1);
	assert_int_equal(b->vi.stats.fast_preempts, 0);
	assert_int_equal(b->vi.stats.entered[VRRP_STATE_MASTER], 0);
}

/* A better advert during the skew wait cancels it: the master's priority
 * back up, or the backup's own priority down to the master's. */
static void
test_fast_preempt_cancel(void **state)
{
	struct sim s;
	struct node *a, *b;

	fast_setup(&s, &a, &b, 100);
	set_weight(a, -60);
	sim_deliver(&s);
	sim_run(&s, 1030);
	assert_true(b->vi.preempting);
	set_weight(a, 0);		/* 150 again, told at once */
	sim_deliver(&s);
	assert_false(b->vi.preempting);
	assert_int_equal(b->deadline[VRRP_TIMER_MASTER_DOWN], 1030 + 360);
	sim_run(&s, 5000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->vi.stats.fast_preempts, 0);

	set_weight(a, -60);		/* 90 at 5000 */
	sim_deliver(&s);
	assert_true(b->vi.preempting);
	sim_run(&s, 5030);
	set_weight(b, -10);		/* 90: no longer above a */
	sim_deliver(&s);
	assert_false(b->vi.preempting);
	assert_true(b->deadline[VRRP_TIMER_MASTER_DOWN] >= 5030 + 300);
	sim_run(&s, 10000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(masters(&s), 1);
}

/* nopreempt: a master of lower priority is followed, never taken over. */
static void
test_fast_preempt_nopreempt(void **state)
{
	struct sim s;
	struct node *a, *b;

	fast_setup(&s, &a, &b, 100);
	b->p.preempt = false;
	set_weight(a, -60);
	sim_deliver(&s);
	assert_false(b->vi.preempting);
	sim_run(&s, 10000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->vi.master_prio, 90);
}

/* preempt_delay: the lower master is followed for that long from the
 * first of its adverts; then fast preemption, after skew time. */
static void
test_fast_preempt_delay(void **state)
{
	struct sim s;
	struct node *a, *b;

	fast_setup(&s, &a, &b, 100);
	b->p.preempt_delay_cs = 1500;
	set_weight(a, -60);		/* at 1000: wait until 2500 */
	sim_deliver(&s);
	assert_false(b->vi.preempting);
	sim_run(&s, 2499);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_false(b->vi.preempting);
	sim_run(&s, 2500 + 100 + 60);	/* a's next advert, then skew */
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_true(b->master_at >= 2500);
	assert_int_equal(b->vi.stats.fast_preempts, 1);
	assert_int_equal(masters(&s), 1);
}

/* Strict mode keeps RFC 5798's letter: the lower advert is discarded and
 * the master-down timer, armed by the last advert followed, runs out. */
static void
test_fast_preempt_strict(void **state)
{
	struct sim s;
	struct node *a, *b;
	int64_t down;

	fast_setup(&s, &a, &b, 100);
	b->p.strict = true;
	down = b->deadline[VRRP_TIMER_MASTER_DOWN];
	set_weight(a, -60);
	sim_deliver(&s);
	assert_false(b->vi.preempting);
	assert_int_equal(b->deadline[VRRP_TIMER_MASTER_DOWN], down);
	assert_true(down > 1000 + 60);
	sim_run(&s, (uint64_t)down - 1);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	sim_run(&s, (uint64_t)down);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.stats.fast_preempts, 0);
	assert_true(b->vi.stats.adverts_discarded > 0);
	assert_int_equal(masters(&s), 1);
}

/* v3: a backup learns the master's interval for its timers. */
static void
test_learn_interval(void **state)
{
	struct sim s;
	struct node *a, *b;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	a->p.advert_int_cs = 20;
	start(a);
	start(b);
	sim_run(&s, 1000);
	assert_int_equal(b->vi.timers.master_adver_int, 20);
	assert_int_equal(b->vi.timers.master_down, 60 + (156 * 20) / 256);
	a->linkdown = true;		/* hard failure */
	sim_run(&s, 2000);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_true(b->master_at <= 1000 + 20 + 72);
}

/*
 * A reload lengthens a master's interval from 0.1 s to 1 s: it
 * advertises the new one at once, so the v3 backup, whose master-down
 * interval was about 0.36 s, learns it and stays backup; the master goes
 * on at 1 s. Shortened again, the same the other way.
 */
static void
test_reload_interval(void **state)
{
	struct sim s;
	struct node *a, *b;
	unsigned sent;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	a->p.advert_int_cs = b->p.advert_int_cs = 10;
	start(a);
	start(b);
	sim_run(&s, 500);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	sent = a->adverts;
	a->p.advert_int_cs = 100;
	vrrp_fsm_set_adver_int(&a->vi, 100);
	assert_int_equal(a->adverts, sent + 1);	/* at once */
	sim_run(&s, 1000);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->vi.timers.master_adver_int, 100);
	assert_int_equal(a->adverts, sent + 1 + 5);	/* one a second */
	assert_int_equal(a->vi.stats.entered[VRRP_STATE_MASTER], 1);
	a->p.advert_int_cs = 10;
	vrrp_fsm_set_adver_int(&a->vi, 10);
	sim_run(&s, 1500);
	assert_int_equal(b->vi.timers.master_adver_int, 10);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(masters(&s), 1);
	/* The backup's own interval: used once it is master. */
	b->p.advert_int_cs = 20;
	vrrp_fsm_set_adver_int(&b->vi, 20);
	assert_int_equal(b->vi.timers.master_adver_int, 10);
	a->linkdown = true;
	sim_run(&s, 2000);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.timers.adver_int, 20);
}

/* Garbage never changes state nor timers, and is counted by reason. */
static void
test_bad_packets(void **state)
{
	struct sim s;
	struct node *a, *b;
	struct vrrp_ipaddr grp = a4("224.0.0.18");
	struct vrrp_params forged;
	struct vrrp_rx rx;
	uint8_t buf[VRRP_PKT_MAX];
	int64_t down, adv;
	size_t len;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	start(a);
	start(b);
	sim_run(&s, 1000);
	down = b->deadline[VRRP_TIMER_MASTER_DOWN];
	adv = a->deadline[VRRP_TIMER_ADVER];
	forged = b->p;
	forged.primary = a4("192.0.2.99");
	memset(&rx, 0, sizeof(rx));
	rx.family = AF_INET;
	rx.buf = buf;

	/* Priority 0 with a bad checksum: the backup must not take over. */
	len = vrrp_packet_build_ip4(&forged, 0, &grp, 1, buf, sizeof(buf));
	buf[27] ^= 0xff;
	rx.len = len;
	assert_int_equal(vrrp_fsm_input(&b->vi, &rx, s.now), VRRP_RX_CHECKSUM);
	/* Priority 255 with TTL 1 at the master: no stepping down. */
	len = vrrp_packet_build_ip4(&forged, 255, &grp, 1, buf, sizeof(buf));
	buf[8] = 1;
	assert_int_equal(vrrp_fsm_input(&a->vi, &rx, s.now), VRRP_RX_TTL);
	/* Truncated, wrong version, wrong VRID. */
	rx.len = len - 1;
	buf[8] = 255;
	assert_int_equal(vrrp_fsm_input(&a->vi, &rx, s.now), VRRP_RX_LENGTH);
	rx.len = len;
	forged.version = VRRP_VERSION_2;
	rx.len = vrrp_packet_build_ip4(&forged, 255, &grp, 1, buf,
	    sizeof(buf));
	assert_int_equal(vrrp_fsm_input(&a->vi, &rx, s.now), VRRP_RX_VERSION);
	forged.version = VRRP_VERSION_3;
	forged.vrid = 52;
	rx.len = vrrp_packet_build_ip4(&forged, 255, &grp, 1, buf,
	    sizeof(buf));
	assert_int_equal(vrrp_fsm_input(&a->vi, &rx, s.now), VRRP_RX_VRID);

	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(b->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(b->deadline[VRRP_TIMER_MASTER_DOWN], down);
	assert_int_equal(a->deadline[VRRP_TIMER_ADVER], adv);
	assert_int_equal(b->vi.stats.rx_error[VRRP_RX_CHECKSUM], 1);
	assert_int_equal(a->vi.stats.rx_error[VRRP_RX_TTL], 1);
	assert_int_equal(a->vi.stats.rx_error[VRRP_RX_VERSION], 1);
	assert_int_equal(a->vi.stats.rx_error[VRRP_RX_VRID], 1);
	assert_int_equal(a->vi.stats.events[VRRP_EVT_ADVERT], 0);
	assert_int_equal(a->vi.stats.prio0_rcvd, 0);
	assert_int_equal(b->vi.stats.prio0_rcvd, 0);
	/* The same packet, whole, does move the master. */
	forged.vrid = 51;
	rx.len = vrrp_packet_build_ip4(&forged, 255, &grp, 1, buf,
	    sizeof(buf));
	assert_int_equal(vrrp_fsm_input(&a->vi, &rx, s.now), VRRP_RX_OK);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
}

/* A peer summing keepalived's old way switches us to it (AUTO only). */
static void
test_old_csum_switch(void **state)
{
	struct sim s;
	struct node *a;
	struct vrrp_params peer;
	struct vrrp_ipaddr me, them;
	struct vrrp_rx rx;
	uint8_t buf[VRRP_PKT_MAX];

	sim_init(&s);
	a = sim_node(&s, 100);
	them = a4("192.0.2.2");
	me = a->p.primary;
	a->p.peers = &them;
	a->p.npeers = 1;
	start(a);
	assert_int_equal(vrrp_fsm_csum_mode(&a->vi), VRRP_CSUM_AUTO);
	peer = a->p;
	peer.primary = them;
	peer.csum_mode = VRRP_CSUM_OLD_UNICAST;
	memset(&rx, 0, sizeof(rx));
	rx.family = AF_INET;
	rx.buf = buf;
	rx.len = vrrp_packet_build_ip4(&peer, 150, &me, 1, buf, sizeof(buf));
	assert_int_equal(vrrp_fsm_input(&a->vi, &rx, 10), VRRP_RX_OK);
	assert_int_equal(vrrp_fsm_csum_mode(&a->vi), VRRP_CSUM_OLD_UNICAST);
	assert_int_equal(a->vi.stats.old_csum_rcvd, 1);
	assert_int_equal(a->vi.master_prio, 150);
	a->p.csum_mode = VRRP_CSUM_NEVER_OLD;
	assert_int_equal(vrrp_fsm_input(&a->vi, &rx, 20), VRRP_RX_CHECKSUM);
}

/* A master answers a priority 0 advert at once and restarts its timer. */
static void
test_master_hears_prio0(void **state)
{
	struct sim s;
	struct node *a, *b;
	unsigned sent;

	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	s.partitioned = true;
	start(a);
	start(b);
	sim_run(&s, 1020);
	s.partitioned = false;
	sent = a->adverts;
	ev_simple(b, VRRP_EVT_SHUTDOWN);
	sim_run(&s, 1020);
	assert_int_equal(a->adverts, sent + 1);
	assert_int_equal(a->last_prio, 150);
	assert_int_equal(a->deadline[VRRP_TIMER_ADVER], 1120);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(a->vi.stats.prio0_rcvd, 1);
}

/* The lines users grep for, exactly. */
/* The log (stderr) into a file while a test runs, then into text. */
struct capture {
	char	 path[32];
	int	 fd, saved;
};

static void
capture_begin(struct capture *c)
{
	snprintf(c->path, sizeof(c->path), "/tmp/test_vrrp_fsm.XXXXXX");
	c->fd = mkstemp(c->path);
	assert_true(c->fd >= 0);
	c->saved = dup(2);
	dup2(c->fd, 2);
	log_init("vrrp", true, false);
}

static void
capture_end(struct capture *c, char *text, size_t len)
{
	FILE *f;
	size_t n;

	dup2(c->saved, 2);
	close(c->saved);
	f = fdopen(c->fd, "r");
	rewind(f);
	n = fread(text, 1, len - 1, f);
	text[n] = '\0';
	fclose(f);
	unlink(c->path);
}

static void
test_log_lines(void **state)
{
	struct sim s;
	struct node *a, *b;
	struct capture cap;
	char text[8192];

	capture_begin(&cap);
	sim_init(&s);
	a = sim_node(&s, 150);
	b = sim_node(&s, 100);
	start(a);
	start(b);
	sim_run(&s, 1000);
	ev_simple(a, VRRP_EVT_FAULT);
	sim_run(&s, 1100);
	/* Three bad packets, one line; counted all the same. */
	{
		struct vrrp_rx rx;
		uint8_t junk[30];
		int i;

		memset(junk, 0, sizeof(junk));
		memset(&rx, 0, sizeof(rx));
		rx.family = AF_INET;
		rx.buf = junk;
		rx.len = sizeof(junk);
		for (i = 0; i < 3; i++)
			vrrp_fsm_input(&b->vi, &rx, s.now);
		assert_int_equal(b->vi.stats.rx_error[VRRP_RX_IP_HEADER], 3);
	}
	capture_end(&cap, text, sizeof(text));
	assert_non_null(strstr(text, "vrrp: (VI_A) Entering BACKUP STATE (init)\n"));
	assert_non_null(strstr(text, "vrrp: (VI_A) Receive advertisement timeout\n"));
	assert_non_null(strstr(text, "vrrp: (VI_A) Entering MASTER STATE\n"));
	assert_non_null(strstr(text, "vrrp: (VI_A) tracked interface down\n"));
	assert_non_null(strstr(text, "vrrp: (VI_A) Entering FAULT STATE\n"));
	assert_non_null(strstr(text, "vrrp: (VI_B) Entering MASTER STATE\n"));
	assert_null(strstr(text, "(VI_B) Entering MASTER STATE (init)"));
	{
		const char *l = strstr(text, "(VI_B) dropped advert from ?: "
		    "ip_header");

		assert_non_null(l);
		assert_null(strstr(l + 20, "dropped advert"));
	}
}

/*
 * A master's priority lowered by a tracker: the new priority, its reason
 * and whether the VIPs move as far as the master knows (the priorities it
 * heard: b's while b was master). The lines of fast preemption.
 */
static void
test_priority_lines(void **state)
{
	struct sim s;
	struct node *a, *b;
	struct capture cap;
	char text[8192];

	capture_begin(&cap);
	sim_init(&s);
	a = sim_node(&s, 200);		/* 192.0.2.1 */
	b = sim_node(&s, 150);		/* 192.0.2.2 */
	start(a);			/* alone: nobody heard */
	sim_run(&s, 1000);
	set_weight_why(a, -20, "chk_minor failed");
	set_weight_why(a, 0, "chk_minor succeeded");
	ev_simple(a, VRRP_EVT_SHUTDOWN);
	s.now = 2000;
	start(b);			/* b master, then a preempts it */
	sim_run(&s, 3000);
	start(a);
	sim_run(&s, 5000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	set_weight_why(a, -20, "chk_minor failed");
	sim_run(&s, 7000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	set_weight_why(a, -50, "chk_nginx failed");
	set_weight_why(a, -80, "interface eth1 down");
	sim_run(&s, 8000);
	assert_int_equal(b->vi.state, VRRP_STATE_MASTER);
	set_weight_why(a, -300, "chk_all failed");
	capture_end(&cap, text, sizeof(text));
	assert_non_null(strstr(text, "vrrp: (VI_A) chk_minor failed: "
	    "priority 200-20=180, no peer heard yet: staying MASTER unless a "
	    "backup (silent) has a higher priority\n"));
	assert_non_null(strstr(text, "vrrp: (VI_A) chk_minor succeeded: "
	    "priority 200+0=200\n"));
	assert_non_null(strstr(text, "vrrp: (VI_A) chk_minor failed: "
	    "priority 200-20=180, still above the 150 last advertised by "
	    "192.0.2.2: staying MASTER\n"));
	assert_non_null(strstr(text, "vrrp: (VI_A) chk_nginx failed: "
	    "priority 200-50=150, still equal to the 150 last advertised by "
	    "192.0.2.2: staying MASTER\n"));
	assert_non_null(strstr(text, "vrrp: (VI_A) interface eth1 down: "
	    "priority 200-80=120, below the 150 last advertised by "
	    "192.0.2.2: it takes over if it preempts\n"));
	assert_non_null(strstr(text, "vrrp: (VI_B) received lower priority "
	    "(120) advert from 192.0.2.1, ours 150: taking over after skew "
	    "time 0.41 s\n"));
	assert_non_null(strstr(text, "vrrp: (VI_B) Preempting 192.0.2.1 "
	    "(priority 120, ours 150) after skew time\n"));
	/* A backup's priority change: the line without a verdict. */
	assert_non_null(strstr(text, "vrrp: (VI_A) chk_all failed: "
	    "priority 200-300=1 (kept within 1-254)\n"));
	/* What users grep for is unchanged. */
	assert_non_null(strstr(text, "vrrp: (VI_B) Entering MASTER STATE\n"));
}

static bool may;

static bool
op_may_master(void *ctx)
{
	return may;
}

/* Sync groups: a master-down timeout becomes MASTER only when may_master
 * says so (else BACKUP, wanting MASTER, timer re-armed); a sync group
 * member's MASTER (ev.sync) takes it along regardless; VRRP_EVT_BACKUP
 * takes a master to BACKUP without a priority 0 advert. */
static void
test_sync_gate(void **state)
{
	static struct vrrp_fsm_ops gops;
	struct vrrp_event ev;
	struct sim s;
	struct node *a;

	gops = ops;
	gops.may_master = op_may_master;
	sim_init(&s);
	a = sim_node(&s, 100);
	vrrp_fsm_init(&a->vi, &a->p, &gops, a);
	ev_simple(a, VRRP_EVT_STARTUP);
	may = false;
	sim_run(&s, 1000);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	assert_true(a->vi.want_master);
	assert_true(a->deadline[VRRP_TIMER_MASTER_DOWN] > 1000);
	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_EVT_MASTER_DOWN;
	ev.now = s.now;
	ev.sync = true;
	vrrp_fsm_event(&a->vi, &ev);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
	assert_false(a->vi.want_master);
	assert_true(a->vips);
	ev.type = VRRP_EVT_BACKUP;
	ev.sync = false;
	vrrp_fsm_event(&a->vi, &ev);
	assert_int_equal(a->vi.state, VRRP_STATE_BACKUP);
	assert_false(a->vips);
	assert_int_not_equal(a->last_prio, 0);
	assert_false(a->vi.want_master);
	may = true;
	sim_run(&s, 2000);
	assert_int_equal(a->vi.state, VRRP_STATE_MASTER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timers),
		cmocka_unit_test(test_priority_clamp),
		cmocka_unit_test(test_election_priority),
		cmocka_unit_test(test_election_address_tie),
		cmocka_unit_test(test_preempt),
		cmocka_unit_test(test_nopreempt),
		cmocka_unit_test(test_preempt_delay),
		cmocka_unit_test(test_shutdown_skew),
		cmocka_unit_test(test_shutdown_v2),
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_init_master),
		cmocka_unit_test(test_master_action_order),
		cmocka_unit_test(test_owner_conflict),
		cmocka_unit_test(test_split_brain),
		cmocka_unit_test(test_split_brain_rfc),
		cmocka_unit_test(test_lower_master_garp_rate),
		cmocka_unit_test(test_preempt_farewell),
		cmocka_unit_test(test_fault),
		cmocka_unit_test(test_tracker_weights),
		cmocka_unit_test(test_fast_preempt),
		cmocka_unit_test(test_fast_preempt_highest),
		cmocka_unit_test(test_fast_preempt_cancel),
		cmocka_unit_test(test_fast_preempt_nopreempt),
		cmocka_unit_test(test_fast_preempt_delay),
		cmocka_unit_test(test_fast_preempt_strict),
		cmocka_unit_test(test_learn_interval),
		cmocka_unit_test(test_reload_interval),
		cmocka_unit_test(test_bad_packets),
		cmocka_unit_test(test_old_csum_switch),
		cmocka_unit_test(test_master_hears_prio0),
		cmocka_unit_test(test_log_lines),
		cmocka_unit_test(test_priority_lines),
		cmocka_unit_test(test_sync_gate),
		cmocka_unit_test(test_timer_expired_backup),
		cmocka_unit_test(test_timer_expired_off),
		cmocka_unit_test(test_timer_expired_short),
		cmocka_unit_test(test_down_timer_adverts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
