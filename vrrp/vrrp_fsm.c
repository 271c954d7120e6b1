/*
 * The VRRP state machine: one handler per state, a table of state-entry
 * actions, every transition logged with its reason and counted.
 */
#include "vrrp/vrrp_fsm.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"

#define VRRP_RX_LOG_CS	1000	/* log one bad packet per reason per 10 s */

static const char *const vrrp_state_names[VRRP_STATE_MAX] = {
	[VRRP_STATE_INIT] = "INIT",
	[VRRP_STATE_BACKUP] = "BACKUP",
	[VRRP_STATE_MASTER] = "MASTER",
	[VRRP_STATE_FAULT] = "FAULT",
};

static const char *const vrrp_event_names[VRRP_EVT_MAX] = {
	[VRRP_EVT_STARTUP] = "startup",
	[VRRP_EVT_SHUTDOWN] = "shutdown",
	[VRRP_EVT_ADVERT] = "advert",
	[VRRP_EVT_MASTER_DOWN] = "master-down timer",
	[VRRP_EVT_ADVER_TIMER] = "advert timer",
	[VRRP_EVT_PRIORITY] = "priority change",
	[VRRP_EVT_FAULT] = "fault",
	[VRRP_EVT_UNFAULT] = "unfault",
	[VRRP_EVT_BACKUP] = "sync group backup",
};

const char *
vrrp_state_name(enum vrrp_state s)
{
	return (unsigned)s < VRRP_STATE_MAX ? vrrp_state_names[s] : "?";
}

const char *
vrrp_event_name(enum vrrp_event_type e)
{
	return (unsigned)e < VRRP_EVT_MAX ? vrrp_event_names[e] : "?";
}

uint8_t
vrrp_fsm_priority(uint8_t base, int weight)
{
	long p = (long)base + weight;

	if (base == VRRP_PRIO_OWNER)
		return VRRP_PRIO_OWNER;
	if (p < 1)
		return 1;
	if (p > VRRP_PRIO_OWNER - 1)
		return VRRP_PRIO_OWNER - 1;
	return (uint8_t)p;
}

enum vrrp_csum_mode
vrrp_fsm_csum_mode(const struct vrrp_instance *vi)
{
	if (vi->old_csum && vi->params->csum_mode == VRRP_CSUM_AUTO)
		return VRRP_CSUM_OLD_UNICAST;
	return vi->params->csum_mode;
}

void
vrrp_fsm_init(struct vrrp_instance *vi, const struct vrrp_params *p,
    const struct vrrp_fsm_ops *ops, void *ctx)
{
	memset(vi, 0, sizeof(*vi));
	vi->params = p;
	vi->ops = ops;
	vi->ctx = ctx;
	vi->state = VRRP_STATE_INIT;
	vi->base_priority = p->priority;
	vi->priority = vrrp_fsm_priority(p->priority, 0);
	vi->timers.adver_int = vi->timers.master_adver_int = p->advert_int_cs;
	vi->timers.down_adverts = p->down_timer_adverts;
	vrrp_timers_recalc(&vi->timers, p->version, vi->priority);
}

static void
vrrp_send(struct vrrp_instance *vi, uint8_t prio)
{
	vi->ops->send_advert(vi->ctx, prio);
	vi->sent_at = vi->ev_now;
	vi->stats.adverts_sent++;
	if (prio == VRRP_PRIO_STOP)
		vi->stats.prio0_sent++;
}

/* (Re)start the master-down timer. */
static void
vrrp_arm_master_down(struct vrrp_instance *vi, uint32_t cs)
{
	vi->takeover_reason = VRRP_REASON_NO_RESPONSE;
	vi->ops->arm_timer(vi->ctx, VRRP_TIMER_MASTER_DOWN, cs);
}

/* State-entry actions. */

static void
vrrp_enter_init(struct vrrp_instance *vi, uint64_t now)
{
	vi->ops->cancel_timer(vi->ctx, VRRP_TIMER_ADVER);
	vi->ops->cancel_timer(vi->ctx, VRRP_TIMER_MASTER_DOWN);
}

static void
vrrp_enter_backup(struct vrrp_instance *vi, uint64_t now)
{
	vi->ops->cancel_timer(vi->ctx, VRRP_TIMER_ADVER);
	vrrp_timers_recalc(&vi->timers, vi->params->version, vi->priority);
	vrrp_arm_master_down(vi, vi->timers.master_down);
}

/* RFC 5798 6.4.1/6.4.2: send an advert, take the VIPs, announce them
 * (GARP / NA), start the advert timer. The advert goes first, as in
 * keepalived, so an old master starts letting go of the VIPs before the
 * GARPs point clients here. */
static void
vrrp_enter_master(struct vrrp_instance *vi, uint64_t now)
{
	vi->ops->cancel_timer(vi->ctx, VRRP_TIMER_MASTER_DOWN);
	vrrp_send(vi, vi->priority);
	vi->ops->add_vips(vi->ctx);
	vi->ops->send_garp(vi->ctx);
	vi->garp_lower_at = now + vi->timers.adver_int;
	vi->ops->arm_timer(vi->ctx, VRRP_TIMER_ADVER, vi->timers.adver_int);
	vi->preempt_at = 0;
	vi->farewell_until = now + vi->timers.adver_int;
	vi->master = vi->params->primary;
	vi->master_prio = vi->priority;
	vi->master_reason = vi->base_priority == VRRP_PRIO_OWNER ?
	    VRRP_REASON_PRIORITY : vi->takeover_reason != 0 ?
	    vi->takeover_reason : VRRP_REASON_NO_RESPONSE;
}

static void
vrrp_enter_fault(struct vrrp_instance *vi, uint64_t now)
{
	vi->ops->cancel_timer(vi->ctx, VRRP_TIMER_ADVER);
	vi->ops->cancel_timer(vi->ctx, VRRP_TIMER_MASTER_DOWN);
}

static void (*const vrrp_enter[VRRP_STATE_MAX])(struct vrrp_instance *,
    uint64_t) = {
	[VRRP_STATE_INIT] = vrrp_enter_init,
	[VRRP_STATE_BACKUP] = vrrp_enter_backup,
	[VRRP_STATE_MASTER] = vrrp_enter_master,
	[VRRP_STATE_FAULT] = vrrp_enter_fault,
};

/* Leaving MASTER other than for BACKUP (stop, fault): tell the backups
 * with priority 0 so they take over after skew time, not master-down. */
static void
vrrp_leave_master(struct vrrp_instance *vi, enum vrrp_state to)
{
	vi->ops->cancel_timer(vi->ctx, VRRP_TIMER_ADVER);
	if (to != VRRP_STATE_BACKUP)
		vrrp_send(vi, VRRP_PRIO_STOP);
	vi->ops->del_vips(vi->ctx);
}

static void
vrrp_change(struct vrrp_instance *vi, enum vrrp_state to, uint64_t now,
    const char *why)
{
	enum vrrp_state from = vi->state;

	if (why != NULL)
		log_info("(%s) %s", vi->params->name, why);
	if (from == VRRP_STATE_MASTER)
		vrrp_leave_master(vi, to);
	vi->state = to;
	vi->since = now;
	vi->want_master = false;
	vi->preempting = false;
	vi->stats.entered[to]++;
	log_info("(%s) Entering %s STATE%s", vi->params->name,
	    vrrp_state_name(to), from == VRRP_STATE_INIT &&
	    to == VRRP_STATE_BACKUP ? " (init)" : "");
	log_debug("(%s) %s -> %s", vi->params->name, vrrp_state_name(from),
	    vrrp_state_name(to));
	vrrp_enter[to](vi, now);
	vi->ops->notify(vi->ctx, to);
}

/*
 * Leave INIT or FAULT: the owner becomes master at once, others wait for
 * a master as backups (RFC 5798 6.4.1). At start-up "state MASTER" also
 * goes straight to MASTER, as keepalived does (its master-down timer is
 * 1 us then); a better master there answers and this one steps down.
 */
static void
vrrp_start(struct vrrp_instance *vi, uint64_t now, const char *why,
    bool startup)
{
	const struct vrrp_params *p = vi->params;

	vi->priority = vrrp_fsm_priority(vi->base_priority, vi->weight);
	vi->timers.master_adver_int = vi->timers.adver_int;
	vrrp_timers_recalc(&vi->timers, p->version, vi->priority);
	/* A tracked script may not have reported yet at start-up: no fast
	 * preemption in the first master-down interval. */
	if (startup)
		vi->fast_from = now + vi->timers.master_down;
	if (vi->priority == VRRP_PRIO_OWNER || (startup && p->init_master)) {
		vrrp_change(vi, VRRP_STATE_MASTER, now, why);
		return;
	}
	vi->preempt_at = p->preempt_delay_cs ? now + p->preempt_delay_cs : 0;
	vrrp_change(vi, VRRP_STATE_BACKUP, now, why);
}

/* A higher priority, or the same and a higher primary address, wins. */
static bool
vrrp_advert_wins(const struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	if (ev->priority != vi->priority)
		return ev->priority > vi->priority;
	return vrrp_ipaddr_cmp(&ev->src, &vi->params->primary) > 0;
}

/* preempt_delay: let a lower priority master be for that long after
 * start-up or after first seeing it. True while still waiting. */
static bool
vrrp_preempt_wait(struct vrrp_instance *vi, uint64_t now)
{
	uint32_t delay = vi->params->preempt_delay_cs;

	if (delay == 0)
		return false;
	if (vi->preempt_at == 0) {
		vi->preempt_at = now + delay;
		log_info("(%s) delaying preemption for %u.%02u s",
		    vi->params->name, delay / 100, delay % 100);
	}
	return now < vi->preempt_at;
}

/* Take the advert's master as ours: learn its interval (v3), restart the
 * master-down timer. */
static void
vrrp_backup_follow(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	vi->want_master = false;
	vi->preempting = false;
	vi->master = ev->src;
	vi->master_prio = ev->priority;
	if (vi->params->version == VRRP_VERSION_3 &&
	    ev->adver_int_cs != vi->timers.master_adver_int) {
		log_info("(%s) advertisement interval changed: mine %u cs, "
		    "received %u cs", vi->params->name,
		    vi->timers.master_adver_int, ev->adver_int_cs);
		vi->timers.master_adver_int = ev->adver_int_cs;
	}
	vrrp_timers_recalc(&vi->timers, vi->params->version, vi->priority);
	vrrp_arm_master_down(vi, vi->timers.master_down);
}

/*
 * Fast preemption: a master of lower priority is taken over from after
 * our skew time (RFC 5798 Skew_Time, the same arithmetic as the
 * master-down interval's), not after the whole master-down interval: the
 * highest backup has the shortest skew and goes first, the others follow
 * it when its advert comes. A better advert before then cancels it
 * (vrrp_backup_follow).
 */
static void
vrrp_backup_preempt(struct vrrp_instance *vi, const struct vrrp_event *ev,
    const char *src)
{
	vi->preempting = true;
	vi->master = ev->src;
	vi->master_prio = ev->priority;
	log_info("(%s) received lower priority (%u) advert from %s, ours %u: "
	    "taking over after skew time %u.%02u s", vi->params->name,
	    ev->priority, src, vi->priority, vi->timers.skew / 100,
	    vi->timers.skew % 100);
	vrrp_arm_master_down(vi, vi->timers.skew);
	vi->takeover_reason = VRRP_REASON_PREEMPTED;
}

/* RFC 5798 6.4.2, with keepalived's preempt_delay and fast preemption
 * (not in strict mode, nor in the first master-down interval after
 * start-up: there an advert of lower priority is discarded and the
 * master-down timer runs out, as the RFC says). */
static void
vrrp_backup_advert(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	const struct vrrp_params *p = vi->params;
	char src[INET6_ADDRSTRLEN];

	vrrp_ipaddr_str(&ev->src, src, sizeof(src));
	if (ev->priority == VRRP_PRIO_STOP) {
		/* A unicast pair: the master leaving has one backup, this
		 * one, so no other backup needs the skew time to go first:
		 * take over at once (not in strict mode, the RFC's). */
		if (p->npeers == 1 && !p->strict) {
			log_info("(%s) priority 0 from %s, our only unicast "
			    "peer: taking over at once", p->name, src);
			vrrp_arm_master_down(vi, 0);
			vi->takeover_reason = VRRP_REASON_PRIORITY;
			return;
		}
		log_debug("(%s) backup received priority 0 advertisement",
		    p->name);
		vrrp_arm_master_down(vi, vi->timers.skew);
		vi->takeover_reason = VRRP_REASON_PRIORITY;
		return;
	}
	if (!p->preempt || ev->priority >= vi->priority) {
		if (ev->priority >= vi->priority)
			vi->preempt_at = 0;
		if (vi->preempting)
			log_info("(%s) advert from %s with priority %u, ours "
			    "%u: not taking over", p->name, src, ev->priority,
			    vi->priority);
		vrrp_backup_follow(vi, ev);
		return;
	}
	if (vrrp_preempt_wait(vi, ev->now)) {
		vrrp_backup_follow(vi, ev);
		return;
	}
	vi->stats.adverts_discarded++;
	if (vi->preempting)
		return;
	if (!p->strict && ev->now >= vi->fast_from) {
		vrrp_backup_preempt(vi, ev, src);
		return;
	}
	/* Preempt: let the master-down timer run out. */
	log_info("(%s) received lower priority (%u) advert from %s - "
	    "discarding", p->name, ev->priority, src);
}

/*
 * Misconfigurations a master can see: an equal priority advert from our
 * own address (a duplicate address, or our own looped back: ignored), and
 * a second owner (255): as keepalived, drop to 254 for good and let the
 * other one be master. True when the advert needs nothing more.
 */
static bool
vrrp_master_conflict(struct vrrp_instance *vi, const struct vrrp_event *ev,
    const char *src)
{
	const char *name = vi->params->name;

	if (ev->priority != vi->priority)
		return false;
	if (vrrp_ipaddr_eq(&ev->src, &vi->params->primary)) {
		log_info("(%s) WARNING - equal priority advert received from "
		    "remote host with our IP address.", name);
		return true;
	}
	if (vi->priority == VRRP_PRIO_OWNER) {
		log_info("(%s) CONFIGURATION ERROR: local instance and a remote "
		    "instance (%s) are both configured as address owner, "
		    "please fix - reducing local priority", name, src);
		vi->base_priority = VRRP_PRIO_OWNER - 1;
		vi->priority = vrrp_fsm_priority(vi->base_priority,
		    vi->weight);
	}
	return false;
}

/*
 * A master of lower priority (a split brain healing, a peer started as
 * MASTER) has sent gratuitous ARPs / NAs of its own, and clients may
 * follow them: announce the VIPs again at once (garp_lower_prio_repeat
 * of them), at most once per advert interval, none in the advert
 * interval after becoming master (that burst was just sent).
 */
static void
vrrp_master_reclaim(struct vrrp_instance *vi, const struct vrrp_event *ev,
    const char *src)
{
	if (!vi->params->garp_lower_prio_repeat || ev->now < vi->garp_lower_at)
		return;
	vi->garp_lower_at = ev->now + vi->timers.adver_int;
	log_info("(%s) %s is master too: sending gratuitous ARPs / NAs for "
	    "the clients that follow it", vi->params->name, src);
	vi->ops->send_garp(vi->ctx);
}

/* RFC 5798 6.4.3, with keepalived's split-brain healing: a lower
 * priority master is answered at once so it steps down. */
static void
vrrp_master_advert(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	const struct vrrp_params *p = vi->params;
	char src[INET6_ADDRSTRLEN], why[160];

	vrrp_ipaddr_str(&ev->src, src, sizeof(src));
	if (ev->priority == VRRP_PRIO_STOP) {
		vrrp_send(vi, vi->priority);
		vi->ops->arm_timer(vi->ctx, VRRP_TIMER_ADVER,
		    vi->timers.adver_int);
		return;
	}
	if (vrrp_master_conflict(vi, ev, src))
		return;
	if (vrrp_advert_wins(vi, ev)) {
		if (p->higher_prio_send_advert)
			vrrp_send(vi, vi->priority);
		vi->master = ev->src;
		vi->master_prio = ev->priority;
		if (p->version == VRRP_VERSION_3)
			vi->timers.master_adver_int = ev->adver_int_cs;
		if (ev->priority == vi->priority)
			snprintf(why, sizeof(why), "Master received advert "
			    "from %s with same priority %u but higher IP "
			    "address than ours", src, ev->priority);
		else
			snprintf(why, sizeof(why), "Master received advert "
			    "from %s with higher priority %u, ours %u", src,
			    ev->priority, vi->priority);
		vrrp_change(vi, VRRP_STATE_BACKUP, ev->now, why);
		return;
	}
	vi->stats.adverts_discarded++;
	/* In the advert interval after taking over, a lower advert is the
	 * old master's last one as it steps down on ours
	 * (higher_prio_send_advert): nothing to heal, nothing to notify;
	 * the VIPs were just announced. */
	if (ev->now < vi->farewell_until) {
		log_info("(%s) %s sent its last advert as master (priority "
		    "%u, ours %u)", p->name, src, ev->priority, vi->priority);
		return;
	}
	log_info("(%s) Received advert from %s with %s priority %u, "
	    "ours %u%s", p->name, src, ev->priority == vi->priority ?
	    "same (lower address)" : "lower", ev->priority, vi->priority,
	    p->lower_prio_no_advert ? "" : ", forcing new election");
	if (!p->lower_prio_no_advert)
		vrrp_send(vi, vi->priority);
	if (vi->ops->rx_lower != NULL)
		vi->ops->rx_lower(vi->ctx, &ev->src, ev->priority);
	vrrp_master_reclaim(vi, ev, src);
}

static void
vrrp_fsm_state_init(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	if (ev->type != VRRP_EVT_STARTUP)
		return;
	if (vi->faults > 0)
		vrrp_change(vi, VRRP_STATE_FAULT, ev->now,
		    "tracked object down at start-up");
	else
		vrrp_start(vi, ev->now, NULL, true);
}

/* "chk_nginx failed: priority 100-20=80", in buf. */
static void
vrrp_priority_str(const struct vrrp_instance *vi, const char *why, char *buf,
    size_t len)
{
	long sum = (long)vi->base_priority + vi->weight;

	snprintf(buf, len, "%s: priority %u%+d=%u%s", why, vi->base_priority,
	    vi->weight, vi->priority, sum == vi->priority ? "" :
	    " (kept within 1-254)");
}

/* The peer heard with the highest priority, NULL if none. */
static const struct vrrp_heard *
vrrp_heard_top(const struct vrrp_instance *vi)
{
	const struct vrrp_heard *h, *top = NULL;

	for (h = vi->heard; h < vi->heard + VRRP_HEARD_MAX; h++)
		if (h->src.family != 0 &&
		    (top == NULL || h->priority > top->priority))
			top = h;
	return top;
}

/* An advert from a peer: remember its priority (a priority 0 advert:
 * it left, forget it); a full table loses its oldest entry. */
static void
vrrp_heard_note(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	struct vrrp_heard *h, *slot = NULL;

	if (vrrp_ipaddr_eq(&ev->src, &vi->params->primary))
		return;
	for (h = vi->heard; h < vi->heard + VRRP_HEARD_MAX; h++) {
		if (h->src.family != 0 && vrrp_ipaddr_eq(&h->src, &ev->src)) {
			slot = h;
			break;
		}
		if (slot == NULL || (slot->src.family != 0 &&
		    (h->src.family == 0 || h->at < slot->at)))
			slot = h;
	}
	if (ev->priority == VRRP_PRIO_STOP) {
		if (vrrp_ipaddr_eq(&slot->src, &ev->src))
			memset(slot, 0, sizeof(*slot));
		return;
	}
	slot->src = ev->src;
	slot->priority = ev->priority;
	slot->at = ev->now;
}

/*
 * A tracker changed a master's priority: log the new one and its reason,
 * and for a lower one whether it moves the VIPs, as far as this router
 * knows: backups are silent, so it knows only the peers it heard
 * (vrrp_heard_note). A backup of equal priority does not preempt.
 */
static void
vrrp_master_priority_log(const struct vrrp_instance *vi, const char *why,
    uint8_t old)
{
	const struct vrrp_heard *h = vrrp_heard_top(vi);
	const char *name = vi->params->name;
	char head[160], src[INET6_ADDRSTRLEN];

	vrrp_priority_str(vi, why, head, sizeof(head));
	if (vi->priority > old) {
		log_info("(%s) %s", name, head);
		return;
	}
	if (h == NULL) {
		log_info("(%s) %s, no peer heard yet: staying MASTER unless a "
		    "backup (silent) has a higher priority", name, head);
		return;
	}
	vrrp_ipaddr_str(&h->src, src, sizeof(src));
	if (h->priority <= vi->priority)
		log_info("(%s) %s, still %s the %u last advertised by %s: "
		    "staying MASTER", name, head, h->priority < vi->priority ?
		    "above" : "equal to", h->priority, src);
	else
		log_info("(%s) %s, below the %u last advertised by %s: it "
		    "takes over if it preempts", name, head, h->priority, src);
}

/* The master-down timer ran out in BACKUP. */
static void
vrrp_backup_master_down(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	char why[160], src[INET6_ADDRSTRLEN];

	if (!ev->sync && vi->ops->may_master != NULL &&
	    !vi->ops->may_master(vi->ctx)) {
		if (!vi->want_master)
			log_info("(%s) Receive advertisement timeout: "
			    "staying BACKUP until every member of the "
			    "sync group can be MASTER", vi->params->name);
		vi->want_master = true;
		vi->preempting = false;
		vrrp_arm_master_down(vi, vi->timers.master_down);
		return;
	}
	if (ev->why == NULL && vi->preempting) {
		vi->stats.fast_preempts++;
		snprintf(why, sizeof(why), "Preempting %s (priority %u, ours "
		    "%u) after skew time", vrrp_ipaddr_str(&vi->master, src,
		    sizeof(src)), vi->master_prio, vi->priority);
	} else
		snprintf(why, sizeof(why), "%s", ev->why ? ev->why :
		    "Receive advertisement timeout");
	vrrp_change(vi, VRRP_STATE_MASTER, ev->now, why);
}

/* A tracker changed the priority of a backup: taking over from a lower
 * master (fast preemption) stops when we are no longer above it. */
static void
vrrp_backup_priority(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	uint8_t old = vi->priority;
	char head[160];

	vi->priority = vrrp_fsm_priority(vi->base_priority, vi->weight);
	vrrp_timers_recalc(&vi->timers, vi->params->version, vi->priority);
	if (ev->why != NULL && vi->priority != old) {
		vrrp_priority_str(vi, ev->why, head, sizeof(head));
		log_info("(%s) %s", vi->params->name, head);
	}
	if (vi->preempting && vi->priority <= vi->master_prio) {
		log_info("(%s) priority %u, the master's %u: not taking over",
		    vi->params->name, vi->priority, vi->master_prio);
		vi->preempting = false;
		vrrp_arm_master_down(vi, vi->timers.master_down);
	}
}

static void
vrrp_fsm_state_backup(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	switch (ev->type) {
	case VRRP_EVT_SHUTDOWN:
		vrrp_change(vi, VRRP_STATE_INIT, ev->now, "Stopping");
		break;
	case VRRP_EVT_ADVERT:
		vrrp_backup_advert(vi, ev);
		break;
	case VRRP_EVT_MASTER_DOWN:
		vrrp_backup_master_down(vi, ev);
		break;
	case VRRP_EVT_PRIORITY:
		vrrp_backup_priority(vi, ev);
		break;
	case VRRP_EVT_FAULT:
		vrrp_change(vi, VRRP_STATE_FAULT, ev->now,
		    ev->why ? ev->why : "tracked object down");
		break;
	default:
		break;
	}
}

/* A tracker changed a master's priority: tell the backups now rather
 * than at the next advert, and restart the advert timer. */
static void
vrrp_master_priority(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	uint8_t old = vi->priority;

	vi->priority = vrrp_fsm_priority(vi->base_priority, vi->weight);
	if (vi->priority == old)
		return;
	vi->master_prio = vi->priority;
	if (ev->why != NULL)
		vrrp_master_priority_log(vi, ev->why, old);
	vrrp_send(vi, vi->priority);
	vi->ops->arm_timer(vi->ctx, VRRP_TIMER_ADVER, vi->timers.adver_int);
}

/*
 * timer_expired_backup, with nopreempt: a master whose process was not
 * scheduled for as long as a backup of the configured priority waits
 * before taking over (its master-down interval, computed from our
 * advert interval) assumes that backup is master now, and steps down
 * instead of advertising again, which would take the VIPs back from it.
 * Checked on whatever event comes first after the pause: the advert
 * timer, or an advert that queued up meanwhile.
 */
static bool
vrrp_master_overslept(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	const struct vrrp_params *p = vi->params;
	struct vrrp_timers t = vi->timers;
	char why[224];

	if (p->timer_expired_backup == 0 || p->preempt || vi->sent_at == 0 ||
	    ev->now <= vi->sent_at)
		return false;
	t.master_adver_int = t.adver_int;
	vrrp_timers_recalc(&t, p->version, p->timer_expired_backup);
	if (ev->now - vi->sent_at < t.master_down)
		return false;
	snprintf(why, sizeof(why), "No advert sent for %llu.%02llu s "
	    "(not scheduled), longer than a backup of priority %u waits "
	    "(%u.%02u s): stepping down, it is master now "
	    "(timer_expired_backup, nopreempt)",
	    (unsigned long long)(ev->now - vi->sent_at) / 100,
	    (unsigned long long)(ev->now - vi->sent_at) % 100,
	    p->timer_expired_backup, t.master_down / 100, t.master_down % 100);
	vrrp_change(vi, VRRP_STATE_BACKUP, ev->now, why);
	return true;
}

static void
vrrp_fsm_state_master(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	if ((ev->type == VRRP_EVT_ADVER_TIMER || ev->type == VRRP_EVT_ADVERT) &&
	    vrrp_master_overslept(vi, ev))
		return;
	switch (ev->type) {
	case VRRP_EVT_SHUTDOWN:
		vrrp_change(vi, VRRP_STATE_INIT, ev->now, "Stopping");
		break;
	case VRRP_EVT_ADVERT:
		vrrp_master_advert(vi, ev);
		break;
	case VRRP_EVT_ADVER_TIMER:
		vrrp_send(vi, vi->priority);
		vi->ops->arm_timer(vi->ctx, VRRP_TIMER_ADVER,
		    vi->timers.adver_int);
		break;
	case VRRP_EVT_PRIORITY:
		vrrp_master_priority(vi, ev);
		break;
	case VRRP_EVT_FAULT:
		vrrp_change(vi, VRRP_STATE_FAULT, ev->now,
		    ev->why ? ev->why : "tracked object down");
		break;
	case VRRP_EVT_BACKUP:
		vrrp_change(vi, VRRP_STATE_BACKUP, ev->now, ev->why);
		break;
	default:
		break;
	}
}

static void
vrrp_fsm_state_fault(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	switch (ev->type) {
	case VRRP_EVT_SHUTDOWN:
		vrrp_change(vi, VRRP_STATE_INIT, ev->now, "Stopping");
		break;
	case VRRP_EVT_UNFAULT:
		if (vi->faults == 0)
			vrrp_start(vi, ev->now, ev->why ? ev->why :
			    "tracked objects up", false);
		break;
	case VRRP_EVT_PRIORITY:
		vi->priority = vrrp_fsm_priority(vi->base_priority,
		    vi->weight);
		break;
	default:
		break;
	}
}

/*
 * A reload's new advert interval, taken in place. A master advertises it
 * at once and goes on at it: a v3 backup learns it from that advert, so
 * a longer interval never outlasts the master-down interval the backup
 * computed from the old one. A backup keeps the master's learnt interval
 * (v3) or takes its own (v2, where both sides must have the same).
 */
void
vrrp_fsm_set_adver_int(struct vrrp_instance *vi, uint16_t cs)
{
	if (cs == 0 || cs == vi->timers.adver_int)
		return;
	vi->timers.adver_int = cs;
	if (vi->state == VRRP_STATE_MASTER)
		vi->timers.master_adver_int = cs;
	vrrp_timers_recalc(&vi->timers, vi->params->version, vi->priority);
	if (vi->state != VRRP_STATE_MASTER)
		return;
	vrrp_send(vi, vi->priority);
	vi->ops->arm_timer(vi->ctx, VRRP_TIMER_ADVER, vi->timers.adver_int);
}

static void (*const vrrp_fsm_state[VRRP_STATE_MAX])(struct vrrp_instance *,
    const struct vrrp_event *) = {
	[VRRP_STATE_INIT] = vrrp_fsm_state_init,
	[VRRP_STATE_BACKUP] = vrrp_fsm_state_backup,
	[VRRP_STATE_MASTER] = vrrp_fsm_state_master,
	[VRRP_STATE_FAULT] = vrrp_fsm_state_fault,
};

void
vrrp_fsm_event(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	if ((unsigned)ev->type >= VRRP_EVT_MAX)
		return;
	vi->stats.events[ev->type]++;
	vi->ev_now = ev->now;
	/* Not the adverts received and the advert timer: they come every
	 * interval (100 a second each at 10 ms), and a line each would put
	 * a log write on the hot path of every instance. What they cause
	 * (transitions, odd adverts) is logged; the counts are in the stats. */
	if (ev->type != VRRP_EVT_ADVERT && ev->type != VRRP_EVT_ADVER_TIMER)
		log_debug("(%s) %s in %s", vi->params->name,
		    vrrp_event_name(ev->type), vrrp_state_name(vi->state));
	/* Bookkeeping that holds whatever the state. */
	switch (ev->type) {
	case VRRP_EVT_FAULT:
		vi->faults++;
		break;
	case VRRP_EVT_UNFAULT:
		if (vi->faults > 0)
			vi->faults--;
		break;
	case VRRP_EVT_PRIORITY:
		vi->weight = ev->weight;
		break;
	case VRRP_EVT_ADVERT:
		if (ev->priority == VRRP_PRIO_STOP)
			vi->stats.prio0_rcvd++;
		vrrp_heard_note(vi, ev);
		break;
	default:
		break;
	}
	vrrp_fsm_state[vi->state](vi, ev);
}

/* One line per reason per VRRP_RX_LOG_CS. */
static void
vrrp_rx_log(struct vrrp_instance *vi, enum vrrp_rx_reason r,
    const struct vrrp_advert *adv, uint64_t now)
{
	char src[INET6_ADDRSTRLEN] = "?";

	if (vi->rx_logged[r] != 0 && now < vi->rx_logged[r])
		return;
	vi->rx_logged[r] = now + VRRP_RX_LOG_CS;
	if (adv->src.family != 0)
		vrrp_ipaddr_str(&adv->src, src, sizeof(src));
	log_info("(%s) %s advert from %s: %s (ttl %u, version %u, vrid %u, "
	    "priority %u, %u addresses, %zu bytes; %" PRIu64 " so far)",
	    vi->params->name, r == VRRP_RX_ADDR_LIST ? "accepted" : "dropped",
	    src, vrrp_rx_reason_name(r), adv->ttl, adv->version, adv->vrid,
	    adv->priority, adv->naddr, adv->msglen, vi->stats.rx_error[r]);
}

enum vrrp_rx_reason
vrrp_fsm_input(struct vrrp_instance *vi, const struct vrrp_rx *rx,
    uint64_t now)
{
	struct vrrp_advert adv;
	struct vrrp_event ev;
	enum vrrp_rx_reason r, warn;

	r = vrrp_rx_check_from(vi->params, rx, &vi->master, &adv, &warn);
	vi->stats.rx_error[r]++;
	if (r != VRRP_RX_OK) {
		vrrp_rx_log(vi, r, &adv, now);
		return r;
	}
	if (warn != VRRP_RX_OK) {
		vi->stats.rx_error[warn]++;
		vrrp_rx_log(vi, warn, &adv, now);
	}
	if (adv.old_csum) {
		vi->stats.old_csum_rcvd++;
		if (!vi->old_csum)
			log_info("(%s) Setting unicast VRRPv3 checksum to old "
			    "version", vi->params->name);
		vi->old_csum = true;
	}
	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_EVT_ADVERT;
	ev.now = now;
	ev.priority = adv.priority;
	ev.adver_int_cs = adv.adver_int_cs;
	ev.src = adv.src;
	vrrp_fsm_event(vi, &ev);
	return VRRP_RX_OK;
}
