/*
 * The VRRP state machine, one per instance, RFC 5798 section 6.4, with
 * keepalived's extensions (nopreempt, preempt_delay, fault tracking,
 * split-brain healing) and vigil's fast preemption (a backup takes over
 * from a master of lower priority after its skew time, not after the
 * master-down interval; not in strict mode). Pure logic: time comes in as
 * an argument ("now", monotonic centiseconds) and every action goes out
 * through ops, so tests drive it with synthetic events and a fake clock.
 */
#ifndef VIGIL_VRRP_FSM_H
#define VIGIL_VRRP_FSM_H

#include "vrrp/vrrp.h"
#include "vrrp/vrrp_rx.h"
#include "vrrp/vrrp_timer.h"

enum vrrp_state {
	VRRP_STATE_INIT = 0,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,
	VRRP_STATE_MAX
};

enum vrrp_event_type {
	VRRP_EVT_STARTUP = 0,
	VRRP_EVT_SHUTDOWN,	/* graceful stop: priority 0 advert if master */
	VRRP_EVT_ADVERT,	/* a validated advert (vrrp_fsm_input) */
	VRRP_EVT_MASTER_DOWN,	/* Master_Down_Timer fired */
	VRRP_EVT_ADVER_TIMER,	/* Adver_Timer fired */
	VRRP_EVT_PRIORITY,	/* tracker weights changed */
	VRRP_EVT_FAULT,		/* a tracked interface / script went down */
	VRRP_EVT_UNFAULT,	/* ... and came back */
	VRRP_EVT_BACKUP,	/* sync group: a member left MASTER for BACKUP */
	VRRP_EVT_MAX
};

enum vrrp_timer_id {
	VRRP_TIMER_ADVER = 0,	/* master: send the next advert */
	VRRP_TIMER_MASTER_DOWN,	/* backup: the master is gone */
	VRRP_TIMER_MAX
};

struct vrrp_event {
	enum vrrp_event_type	 type;
	uint64_t		 now;		/* monotonic, centiseconds */
	/* VRRP_EVT_ADVERT */
	uint8_t			 priority;
	uint16_t		 adver_int_cs;
	struct vrrp_ipaddr	 src;
	/* VRRP_EVT_PRIORITY: sum of the weights of the failed trackers
	 * (negative) and healthy ones (positive), as keepalived adds them. */
	int			 weight;
	/* FAULT/UNFAULT: for the log. PRIORITY: the tracker that changed
	 * ("chk_nginx failed"); NULL logs nothing (a reload's new
	 * priority, logged by its caller). */
	const char		*why;
	/* VRRP_EVT_MASTER_DOWN: a sync group member became MASTER, go
	 * along without asking may_master. */
	bool			 sync;
};

/* What the state machine asks of its caller. ctx is vrrp_fsm_init's. */
struct vrrp_fsm_ops {
	void	(*send_advert)(void *ctx, uint8_t prio);
	void	(*add_vips)(void *ctx);
	void	(*del_vips)(void *ctx);
	void	(*send_garp)(void *ctx);
	/* Start or restart a one-shot timer; cs 0 means "as soon as you
	 * can". Cancel it with cancel_timer. */
	void	(*arm_timer)(void *ctx, enum vrrp_timer_id, uint32_t cs);
	void	(*cancel_timer)(void *ctx, enum vrrp_timer_id);
	void	(*notify)(void *ctx, enum vrrp_state);
	/* Optional (NULL: always). The master-down timer fired in BACKUP:
	 * may this instance become MASTER now? A sync group says no while
	 * another member still follows a master of its own; the instance
	 * then stays BACKUP wanting MASTER (want_master) and waits another
	 * master-down interval. */
	bool	(*may_master)(void *ctx);
	/* Optional. As master, an advert of lower priority came from src
	 * (notify_master_rx_lower_pri). */
	void	(*rx_lower)(void *ctx, const struct vrrp_ipaddr *src,
		    uint8_t prio);
};

struct vrrp_stats {
	uint64_t	entered[VRRP_STATE_MAX];	/* transitions into */
	uint64_t	events[VRRP_EVT_MAX];
	uint64_t	rx_error[VRRP_RX_MAX];		/* [OK] = accepted */
	uint64_t	adverts_sent;
	uint64_t	prio0_sent;
	uint64_t	prio0_rcvd;
	uint64_t	adverts_discarded;	/* valid, ignored by the FSM */
	uint64_t	fast_preempts;		/* MASTER after skew time */
	uint64_t	old_csum_rcvd;
};

/* A peer heard from (its last advert's priority), for what a master
 * tells about a priority change: backups are silent, so these are peers
 * that were master at some point or sent adverts of lower priority. */
#define VRRP_HEARD_MAX	4
struct vrrp_heard {
	struct vrrp_ipaddr	 src;		/* family 0: free slot */
	uint8_t			 priority;
	uint64_t		 at;		/* cs */
};

struct vrrp_instance {
	const struct vrrp_params	*params;
	const struct vrrp_fsm_ops	*ops;
	void				*ctx;
	enum vrrp_state			 state;
	uint8_t				 base_priority;	/* params' or 254 */
	uint8_t				 priority;	/* effective */
	int				 weight;	/* trackers' sum */
	unsigned int			 faults;	/* sources down */
	struct vrrp_timers		 timers;
	uint64_t			 preempt_at;	/* 0: not running */
	uint64_t			 since;		/* state entered */
	struct vrrp_ipaddr		 master;	/* last master seen */
	uint8_t				 master_prio;
	bool				 old_csum;	/* peer: old sum */
	bool				 want_master;	/* BACKUP, no master
							 * followed (may_master) */
	bool				 preempting;	/* BACKUP: master-down
							 * set to skew time to
							 * take over from the
							 * lower master */
	uint64_t			 fast_from;	/* no fast preemption
							 * before (start-up) */
	uint64_t			 garp_lower_at;	/* MASTER: no GARP for
							 * a lower master
							 * before (cs) */
	uint64_t			 farewell_until; /* MASTER: a lower
							 * advert before is
							 * the old master's
							 * last (cs) */
	struct vrrp_heard		 heard[VRRP_HEARD_MAX];
	uint64_t			 rx_logged[VRRP_RX_MAX]; /* next log */
	struct vrrp_stats		 stats;
	/* VRRPV3-MIB's newMasterReason (VRRP_REASON_*): of the takeover
	 * the master-down timer is armed for, and of the last MASTER. */
	uint8_t				 takeover_reason;
	uint8_t				 master_reason;
	/* MASTER: when the last advert went out (cs; timer_expired_backup
	 * measures how late the next one is), and the time of the event
	 * being handled, which vrrp_send stamps it with. */
	uint64_t			 sent_at;
	uint64_t			 ev_now;
};
#define VRRP_REASON_PRIORITY	1	/* owner, or the master sent 0 */
#define VRRP_REASON_PREEMPTED	2	/* a master of lower priority */
#define VRRP_REASON_NO_RESPONSE	3	/* the master fell silent */

/* Effective priority: base + weight clamped to [1, 254]; 255 stays. */
uint8_t	vrrp_fsm_priority(uint8_t base, int weight);

/* Set up vi in INIT. params, ops and ctx must outlive it. */
void	vrrp_fsm_init(struct vrrp_instance *vi, const struct vrrp_params *,
	    const struct vrrp_fsm_ops *, void *ctx);

/* Feed one event. VRRP_EVT_ADVERT should come from vrrp_fsm_input only,
 * so that nothing unvalidated reaches the state machine. */
void	vrrp_fsm_event(struct vrrp_instance *vi, const struct vrrp_event *);

/* A reload changed the advert interval (cs): taken in place; a master
 * sends an advert at once and goes on at the new interval. */
void	vrrp_fsm_set_adver_int(struct vrrp_instance *vi, uint16_t cs);

/*
 * The receive path: validate a datagram against the instance, count the
 * outcome, log failures (rate-limited) and hand the advert to the state
 * machine only if every check passed. A bad packet never changes state.
 * Returns the reason (VRRP_RX_OK when the FSM saw it).
 */
enum vrrp_rx_reason vrrp_fsm_input(struct vrrp_instance *vi,
	    const struct vrrp_rx *rx, uint64_t now);

/* The checksum mode to send with: the configured one, or keepalived's old
 * unicast sum once a peer was seen using it (VRRP_CSUM_AUTO only). */
enum vrrp_csum_mode vrrp_fsm_csum_mode(const struct vrrp_instance *vi);

const char *vrrp_state_name(enum vrrp_state);
const char *vrrp_event_name(enum vrrp_event_type);

#endif
