/*
 * The kernel's IPVS table over generic netlink (family "IPVS", libnl-genl-3):
 * services, their destinations, the connection sync daemon. The check
 * child is its only user.
 *
 * Where the kernel has no IPVS, check_ipvs_init() says so once and every
 * call after it logs what it would have programmed (one info line) and
 * succeeds, so VRRP and the health checks run on unchanged.
 */
#ifndef VIGIL_CHECK_IPVS_H
#define VIGIL_CHECK_IPVS_H

#include <net/if.h>
#include <netinet/in.h>

#include <stdbool.h>
#include <stdint.h>

union check_ipvs_addr {
	struct in_addr	 v4;
	struct in6_addr	 v6;
	uint8_t		 b[16];
};

/* A virtual service: (protocol, address, port) or a fwmark. */
#define CHECK_IPVS_SCHED_LEN	16
#define CHECK_IPVS_PE_LEN	16
struct check_ipvs_service {
	int		 af;		/* AF_INET, AF_INET6 */
	uint16_t	 protocol;	/* IPPROTO_TCP/UDP/SCTP; 0 with fwmark */
	union check_ipvs_addr addr;
	uint16_t	 port;		/* host order */
	uint32_t	 fwmark;	/* != 0: a fwmark service */
	char		 sched[CHECK_IPVS_SCHED_LEN];	/* "rr", "wlc", ... */
	uint32_t	 flags;		/* IP_VS_SVC_F_* (persistent, ops,
					 * hashed, sched flags 1-3) */
	uint32_t	 timeout;	/* persistence, s */
	uint32_t	 netmask;	/* persistence granularity: IPv4 mask
					 * (network order), IPv6 prefix len */
	char		 pe_name[CHECK_IPVS_PE_LEN];	/* "": none */
};

/* A destination (real server) of a service. */
struct check_ipvs_dest {
	int		 af;
	union check_ipvs_addr addr;
	uint16_t	 port;		/* host order */
	uint32_t	 conn_flags;	/* IP_VS_CONN_F_MASQ/DROUTE/TUNNEL */
	int		 weight;
	uint32_t	 u_threshold;
	uint32_t	 l_threshold;
	uint8_t		 tun_type;	/* IP_VS_CONN_F_TUNNEL_TYPE_* */
	uint16_t	 tun_port;	/* host order, GUE */
	uint16_t	 tun_flags;	/* IP_VS_TUNNEL_ENCAP_FLAG_* */
};

/* Open the netlink socket and resolve the family (the kernel loads ip_vs
 * on that lookup where it can). false: no IPVS here (said once). */
bool	check_ipvs_init(void);
bool	check_ipvs_available(void);
void	check_ipvs_close(void);

/* 0, or a negative errno after logging the failure with what was asked.
 * Adding what exists (EEXIST) and deleting what does not (ESRCH, ENOENT)
 * count as success. */
int	check_ipvs_service_add(const struct check_ipvs_service *);
int	check_ipvs_service_edit(const struct check_ipvs_service *);
int	check_ipvs_service_del(const struct check_ipvs_service *);
int	check_ipvs_dest_add(const struct check_ipvs_service *,
	    const struct check_ipvs_dest *);
int	check_ipvs_dest_edit(const struct check_ipvs_service *,
	    const struct check_ipvs_dest *);
int	check_ipvs_dest_del(const struct check_ipvs_service *,
	    const struct check_ipvs_dest *);

/* lvs_sync_daemon: one daemon, state IP_VS_STATE_MASTER or
 * IP_VS_STATE_BACKUP; 0 values: the kernel's defaults. */
struct check_ipvs_sync {
	int		 state;
	char		 ifname[IF_NAMESIZE];
	uint8_t		 syncid;
	uint16_t	 maxlen;
	uint16_t	 port;
	uint8_t		 ttl;
	int		 group_af;	/* 0: no group */
	union check_ipvs_addr group;
};
int	check_ipvs_sync_start(const struct check_ipvs_sync *);
int	check_ipvs_sync_stop(int state);

#endif
