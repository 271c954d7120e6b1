/*
 * interface_up_down_delays: link changes held back per interface.
 *
 * The engine hands every link event to vrrp_updown_link(). An interface
 * without delays, or a change whose delay is 0, goes on at once to
 * vrrp_engine_link_act() (instances' track_interface, static routes);
 * otherwise it waits for the delay, and is dropped if the interface goes
 * back to the state the instances know before the delay ends.
 */
#ifndef VIGIL_VRRP_UPDOWN_H
#define VIGIL_VRRP_UPDOWN_H

#include <stdbool.h>
#include <stddef.h>

struct conf_set;

/* A configuration's delays (start, reload); before vrrp_engine_apply. A
 * wait in progress keeps its start and takes the new delay (ends at once
 * when the delay is now 0 or over, or the interface has none). */
void	vrrp_updown_apply(const struct conf_set *);
/* A link event of interface name (up: IFF_UP and IFF_RUNNING). */
void	vrrp_updown_link(const char *name, bool up);
/* While a change of name waits: true, and *up the state the instances
 * still act on (for instances starting meanwhile). */
bool	vrrp_updown_held(const char *name, bool *up);
/* "down in 1.5 s" (the change that waits, its time left) or "" when none. */
const char *vrrp_updown_pending(const char *name, char *buf, size_t len);

/* vrrp_engine.c: act on a link state now. */
void	vrrp_engine_link_act(const char *name, bool up);

#endif
