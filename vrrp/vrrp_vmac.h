/*
 * use_vmac: a macvlan interface on the base interface carrying the
 * virtual router MAC 00:00:5e:00:01:VRID (IPv6: 00:00:5e:00:02:VRID),
 * created, brought up and deleted through libnl (rtnl_link_macvlan).
 *
 * Mode private by default, as keepalived's (the VMAC interfaces of one
 * base do not see each other's traffic). IPv6 address generation is off
 * on the VMAC (both routers carry the same MAC, so EUI-64 link-locals
 * would collide): an IPv6 instance gives the VMAC a link-local address
 * itself. Like keepalived, vrrp_vmac_tune() sets the sysctls that keep
 * ARP for a VIP answered only by the VMAC.
 */
#ifndef VIGIL_VRRP_VMAC_H
#define VIGIL_VRRP_VMAC_H

#include <net/if.h>
#include <stdint.h>

#include "vrrp/vrrp_nl.h"

#define VRRP_VMAC_MODE_PRIVATE	1	/* MACVLAN_MODE_PRIVATE */
#define VRRP_VMAC_MODE_BRIDGE	4	/* MACVLAN_MODE_BRIDGE */

/* The virtual router MAC for family and vrid. */
void	vrrp_vmac_addr(int family, uint8_t vrid, uint8_t mac[6]);
/* The default interface name, "vrrp.VRID". */
void	vrrp_vmac_name(uint8_t vrid, char name[IF_NAMESIZE]);
/* An instance's VMAC MAC: use_vmac's MAC, else vrrp_vmac_addr's. */
struct msg_conf_instance;
void	vrrp_vmac_conf_addr(const struct msg_conf_instance *, int family,
	    uint8_t mac[6]);

/*
 * Create (or adopt, if a macvlan of that name already sits on base) the
 * VMAC interface, set its MAC and mode, turn IPv6 address generation off
 * and bring it up. *ifindex receives its index. 0, or -1 with errno
 * (EEXIST when name is taken by another kind of interface).
 */
int	vrrp_vmac_create(struct nl_sock *, unsigned int base_ifindex,
	    const char *name, const uint8_t mac[6], uint32_t mode,
	    unsigned int *ifindex);

/* Delete the VMAC interface; absent is not an error. */
int	vrrp_vmac_delete(struct nl_sock *, const char *name);

/*
 * keepalived's interface settings for a VMAC: on the VMAC arp_ignore=1,
 * accept_local=1, rp_filter=0; on the base arp_ignore=1, arp_filter=1,
 * arp_announce=2 (its ARP requests never name a VIP of the VMAC).
 */
int	vrrp_vmac_tune(struct nl_sock *, unsigned int vmac_ifindex,
	    unsigned int base_ifindex);

#endif
