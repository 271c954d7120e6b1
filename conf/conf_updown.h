/*
 * interface_up_down_delays { IF DOWN [UP] ... } (conf_updown.c): how long
 * a link change of IF waits before the VRRP instances using or tracking
 * it act on it. The delays travel to the vrrp child in msg_conf_global
 * (at most CONF_UPDOWN_IF_MAX interfaces); vrrp/vrrp_updown.c applies them.
 */
#ifndef VIGIL_CONF_UPDOWN_H
#define VIGIL_CONF_UPDOWN_H

#include <stdint.h>
#include <sys/queue.h>

#include "conf/conf_types.h"

#define CONF_UPDOWN_IF_MAX	64
#define CONF_UPDOWN_MAX_US	(255 * 1000000LL)	/* keepalived's 255 s */

struct conf_updown {
	TAILQ_ENTRY(conf_updown) entry;
	char		*ifname;
	struct conf_loc	 loc;
	int64_t		 down_us;
	int64_t		 up_us;		/* the down delay when not given */
	bool		 up_given;
};
TAILQ_HEAD(conf_updown_list, conf_updown);

#endif
