/*
 * garp_group: the gratuitous ARPs (and, apart, the unsolicited NAs) of
 * every instance on the interfaces of one group leave at least the
 * group's interval apart, in the order they were asked for. Interfaces
 * in no group keep the instance's own vrrp_garp_interval pacing
 * (vrrp_announce.c).
 */
#ifndef VIGIL_VRRP_GARP_GROUP_H
#define VIGIL_VRRP_GARP_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct conf_set;
struct msg_conf_global;
struct vrrp_rt;

/* Take the groups of a new configuration (queued messages are kept). */
void	vrrp_garp_group_apply(const struct conf_set *);
/* The group of an interface name in g, or -1. */
int	vrrp_garp_group_find(const struct msg_conf_global *g,
	    const char *ifname);
/* Whether VIP i of rt goes through a group with an interval for its
 * family; if so, queue rounds messages for it. */
bool	vrrp_garp_group_grouped(const struct vrrp_rt *, size_t i);
void	vrrp_garp_group_queue(struct vrrp_rt *, size_t i, int rounds);
/* Forget rt's queued messages (it stops or leaves MASTER). */
void	vrrp_garp_group_purge(const struct vrrp_rt *);
/* How long the next message of a queue waits (us), given when the last
 * one left (0: none yet), now and the interval. */
uint64_t vrrp_garp_group_wait(uint64_t last_us, uint64_t now_us,
	    uint32_t interval_us);

#endif
