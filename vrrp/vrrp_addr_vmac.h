/*
 * use_vmac_addr: a VMAC (macvlan, vrrp_vmac.c) on each interface other
 * than the instance's that carries one of its VIPs, and on the
 * instance's own interface for addresses of the other family, so those
 * VIPs keep their MAC across a failover as the instance's do.
 * garp_extra_if: while master, a gratuitous ARP / unsolicited NA every
 * N seconds for each VIP on such a VMAC ("all": on any interface but
 * the instance's), to keep switches' MAC tables fresh.
 */
#ifndef VIGIL_VRRP_ADDR_VMAC_H
#define VIGIL_VRRP_ADDR_VMAC_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

struct vrrp_rt;
struct msg_conf_instance;

/* One VMAC of use_vmac_addr. */
struct vrrp_avmac {
	char		 name[IF_NAMESIZE];
	unsigned int	 base;		/* the interface it sits on */
	unsigned int	 ifindex;	/* its own */
	int		 family;	/* of the VIPs it carries */
};

/* The names' prefix: vmac_addr_prefix, else vmac_prefix, else "vrrp". */
const char *vrrp_avmac_prefix(const struct msg_conf_instance *);
/* Candidate n of the names: "PREFIX.VRID", then "PREFIXn.VRID", cut
 * at 15 characters. */
void	vrrp_avmac_name(const char *prefix, unsigned int n, unsigned int vrid,
	    char name[IF_NAMESIZE]);
/* Whether name is one of rt's use_vmac_addr VMACs. */
bool	vrrp_avmac_of(const struct vrrp_rt *, const char *name);
/* Whether name is a VMAC (use_vmac's or use_vmac_addr's) of a running
 * instance other than except, or one of except's own addr VMACs. */
bool	vrrp_avmac_taken(const struct vrrp_rt *except, const char *name);

/* Create the VMACs and move the VIPs onto them (at start, after the
 * interfaces are resolved): 0, or -1 (the instance waits and retries). */
int	vrrp_avmac_setup(struct vrrp_rt *);
/* Delete them (the instance stops). */
void	vrrp_avmac_delete(struct vrrp_rt *);

/* Whether VIP i gets garp_extra_if's periodic announcements. */
bool	vrrp_garp_extra_wanted(const struct vrrp_rt *, size_t i);
/* Start (becoming master, or after a reload while master) and stop the
 * periodic announcements. */
void	vrrp_garp_extra_start(struct vrrp_rt *);
void	vrrp_garp_extra_stop(struct vrrp_rt *);

#endif
