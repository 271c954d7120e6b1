/* VRRP timer arithmetic, in centiseconds, in one place. */
#ifndef VIGIL_VRRP_TIMER_H
#define VIGIL_VRRP_TIMER_H

#include <stdint.h>

struct vrrp_timers {
	uint32_t	adver_int;		/* ours, cs */
	uint32_t	master_adver_int;	/* the master's (v3: learnt) */
	uint32_t	skew;			/* Skew_Time */
	uint32_t	master_down;		/* Master_Down_Interval */
	uint32_t	down_adverts;		/* down_timer_adverts, 0: 3 */
};

/*
 * Recompute skew and master-down from the intervals already set in t and
 * the effective priority.
 *   v3 (RFC 5798 6.1): skew = ((256 - prio) * master_adver_int) / 256
 *   v2 (RFC 3768 6.1, as keepalived): skew = (256 - prio) / 256 seconds,
 *      whatever the interval, and master_adver_int is always ours.
 *   master_down = down_adverts (3 unless down_timer_adverts says) *
 *      master_adver_int + skew, as keepalived computes it
 * Integer division truncates: v2 at priority 100 gives 60 cs (keepalived,
 * in microseconds, 609 ms); v3 at 0.1 s gives 6 cs (keepalived 61 ms).
 */
void	vrrp_timers_recalc(struct vrrp_timers *t, uint8_t version,
	    uint8_t prio);

#endif
