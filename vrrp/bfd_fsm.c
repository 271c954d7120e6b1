/*
 * One BFD session's state machine (RFC 5880 6.2, 6.8.6) and its timer
 * arithmetic (6.8.2-6.8.4, 6.8.7). Pure: the caller passes the time and
 * does what the returned BFD_ACT_* bits say.
 *
 * While the session is not Up, the Desired Min TX sent is idle_tx (at
 * least 1 s, 6.8.3); on Up it becomes min_tx, announced by a Poll
 * Sequence (6.5), and back to idle_tx on leaving Up (a session that is
 * not Up has nothing to keep while the neighbour learns it).
 */
#include <string.h>

#include "vrrp/bfd.h"

static uint32_t
bfd_max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

static uint32_t
bfd_idle_us(const struct bfd_fsm *f)
{
	return bfd_max32(f->idle_tx_us, BFD_SLOW_US);
}

void
bfd_fsm_init(struct bfd_fsm *f, const struct msg_conf_bfd *c,
    uint32_t local_discr, uint64_t now)
{
	memset(f, 0, sizeof(*f));
	f->min_tx_us = c->min_tx_us;
	f->min_rx_us = c->min_rx_us;
	f->idle_tx_us = c->idle_tx_us;
	f->mult = (uint8_t)c->multiplier;
	f->passive = c->flags & BFD_F_PASSIVE;
	f->state = BFD_STATE_DOWN;
	f->remote_state = BFD_STATE_DOWN;
	f->local_discr = local_discr;
	f->desired_min_tx = bfd_idle_us(f);
	f->required_min_rx = c->min_rx_us;
	f->remote_min_rx = 1;		/* 6.8.1's initial value */
	f->changed_at = now;
}

static void
bfd_fsm_set_state(struct bfd_fsm *f, uint8_t state, uint8_t diag,
    uint64_t now)
{
	uint32_t want;

	if (state == f->state)
		return;
	f->state = state;
	f->changed_at = now;
	if (state == BFD_STATE_UP)
		f->ups++;
	else if (state == BFD_STATE_DOWN) {
		f->downs++;
		f->diag = diag;
	}
	want = state == BFD_STATE_UP ? f->min_tx_us : bfd_idle_us(f);
	if (want != f->desired_min_tx) {
		f->desired_min_tx = want;
		/* 6.8.3: a changed interval is announced by a Poll
		 * Sequence; a session leaving Up has no one to poll. */
		if (state == BFD_STATE_UP) {
			f->poll = true;
			f->polls++;
		} else
			f->poll = false;
	}
}

unsigned
bfd_fsm_retime(struct bfd_fsm *f, const struct msg_conf_bfd *c,
    uint64_t now)
{
	uint32_t tx = f->desired_min_tx, rx = f->required_min_rx;
	uint8_t mult = f->mult;

	f->min_tx_us = c->min_tx_us;
	f->min_rx_us = c->min_rx_us;
	f->idle_tx_us = c->idle_tx_us;
	f->mult = (uint8_t)c->multiplier;
	f->desired_min_tx = f->state == BFD_STATE_UP ? f->min_tx_us :
	    bfd_idle_us(f);
	f->required_min_rx = f->min_rx_us;
	if (f->desired_min_tx == tx && f->required_min_rx == rx &&
	    f->mult == mult)
		return 0;
	if (f->state == BFD_STATE_UP) {
		f->poll = true;
		f->polls++;
	}
	/* Our Required Min RX may have changed the detection time. */
	if (f->detect_at != 0 && f->remote_mult != 0)
		f->detect_at = now + bfd_fsm_detect_time(f);
	return BFD_ACT_SEND | BFD_ACT_TIMERS;
}

unsigned
bfd_fsm_rx(struct bfd_fsm *f, const struct bfd_pkt *p, uint64_t now)
{
	uint8_t before = f->state;
	unsigned act = 0;

	f->rx++;
	f->remote_discr = p->my_discr;
	f->remote_state = p->state;
	f->remote_diag = p->diag;
	f->remote_min_rx = p->required_min_rx;
	f->remote_min_tx = p->desired_min_tx;
	f->remote_mult = p->detect_mult;
	if (p->final && f->poll)
		f->poll = false;
	if (f->state != BFD_STATE_ADMIN_DOWN) {
		if (p->state == BFD_STATE_ADMIN_DOWN) {
			if (f->state != BFD_STATE_DOWN)
				bfd_fsm_set_state(f, BFD_STATE_DOWN,
				    BFD_DIAG_NEIGHBOR_DOWN, now);
		} else if (f->state == BFD_STATE_DOWN) {
			if (p->state == BFD_STATE_DOWN)
				bfd_fsm_set_state(f, BFD_STATE_INIT, 0, now);
			else if (p->state == BFD_STATE_INIT)
				bfd_fsm_set_state(f, BFD_STATE_UP, 0, now);
		} else if (f->state == BFD_STATE_INIT) {
			if (p->state == BFD_STATE_INIT ||
			    p->state == BFD_STATE_UP)
				bfd_fsm_set_state(f, BFD_STATE_UP, 0, now);
		} else if (p->state == BFD_STATE_DOWN)
			bfd_fsm_set_state(f, BFD_STATE_DOWN,
			    BFD_DIAG_NEIGHBOR_DOWN, now);
	}
	f->detect_at = now + bfd_fsm_detect_time(f);
	if (f->state != before)
		act |= BFD_ACT_STATE | BFD_ACT_SEND;
	if (p->poll) {
		f->final_due = true;
		act |= BFD_ACT_SEND;
	}
	/* The detection timer restarts with every packet. */
	return act | BFD_ACT_TIMERS;
}

unsigned
bfd_fsm_expire(struct bfd_fsm *f, uint64_t now)
{
	unsigned act = BFD_ACT_TIMERS;

	if (f->detect_at == 0 || now < f->detect_at)
		return 0;
	f->detect_at = 0;
	if (f->state == BFD_STATE_INIT || f->state == BFD_STATE_UP) {
		bfd_fsm_set_state(f, BFD_STATE_DOWN, BFD_DIAG_EXPIRED, now);
		act |= BFD_ACT_STATE | BFD_ACT_SEND;
	}
	/* 6.8.1: nothing heard for a detection time. */
	f->remote_discr = 0;
	f->remote_state = BFD_STATE_DOWN;
	f->remote_min_rx = 1;
	f->poll = false;
	return act;
}

void
bfd_fsm_tx(struct bfd_fsm *f, struct bfd_pkt *p)
{
	memset(p, 0, sizeof(*p));
	p->version = BFD_VERSION;
	p->diag = f->diag;
	p->state = f->state;
	p->final = f->final_due;
	p->poll = f->poll && !f->final_due;	/* never both (6.8.7) */
	p->detect_mult = f->mult;
	p->length = BFD_PKT_LEN;
	p->my_discr = f->local_discr;
	p->your_discr = f->remote_discr;
	p->desired_min_tx = f->desired_min_tx;
	p->required_min_rx = f->required_min_rx;
	p->required_min_echo_rx = 0;		/* no Echo function */
	f->final_due = false;
	f->tx++;
}

bool
bfd_fsm_sending(const struct bfd_fsm *f)
{
	if (f->passive && f->remote_discr == 0)
		return false;
	return f->remote_min_rx != 0;
}

uint32_t
bfd_fsm_tx_interval(const struct bfd_fsm *f)
{
	return bfd_max32(f->desired_min_tx, f->remote_min_rx);
}

uint64_t
bfd_fsm_detect_time(const struct bfd_fsm *f)
{
	if (f->remote_mult == 0)
		return 0;
	return (uint64_t)f->remote_mult *
	    bfd_max32(f->required_min_rx, f->remote_min_tx);
}

uint32_t
bfd_jitter(uint32_t interval, uint8_t mult, uint32_t rnd)
{
	/* 75 % plus 0-25 % (0-15 % with a multiplier of 1), in steps
	 * of 0.01 %. */
	uint32_t span = mult == 1 ? 1500 : 2500;
	uint64_t part = 7500 + rnd % (span + 1);

	return (uint32_t)((uint64_t)interval * part / 10000);
}
