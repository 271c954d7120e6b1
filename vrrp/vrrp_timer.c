/* VRRP timer arithmetic, in centiseconds. */
#include "vrrp/vrrp_timer.h"

#include "vrrp/vrrp.h"

void
vrrp_timers_recalc(struct vrrp_timers *t, uint8_t version, uint8_t prio)
{
	if (version == VRRP_VERSION_2) {
		t->master_adver_int = t->adver_int;
		t->skew = ((256U - prio) * 100U) / 256U;
	} else
		t->skew = ((256U - prio) * t->master_adver_int) / 256U;
	t->master_down = (t->down_adverts != 0 ? t->down_adverts : 3U) *
	    t->master_adver_int + t->skew;
}
