/*
 * The kernel's IPVS table over generic netlink (family "IPVS", libnl-genl-3):
 * services, their destinations, the connection sync daemon. The check
 * child is its only user.
 *
 * Where the kernel has no IPVS, check_ipvs_init() says so once and every
 * call after it logs what it would have programmed (one info line) and
 * succeeds, so VRRP and the health checks run on unchanged. A call before
 * check_ipvs_init() initializes first.
 *
 * No modprobe is needed: resolving the family makes the kernel load
 * ip_vs (module alias net-pf-16-proto-16-family-IPVS), and ip_vs loads
 * its schedulers (ip_vs_wlc ...) itself. Programming needs CAP_NET_ADMIN
 * in the process that opened the socket and in the one sending (the
 * check child with LVS keeps it); the table is that of the caller's
 * network namespace. Kernel flags show in dumps (IP_VS_SVC_F_HASHED).
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
					 * (network order), IPv6 prefix len;
					 * 0: all bits (/32, /128) */
	char		 pe_name[CHECK_IPVS_PE_LEN];	/* "": none */
};

/* A destination (real server) of a service. */
struct check_ipvs_dest {
	int		 af;		/* 0: the service's */
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
/* net_namespace_ipvs NAME ("": process 1's namespace): kept from the
 * command line (--ipvs-netns); check_ipvs_netns_open(), called while the
 * process still has CAP_SYS_ADMIN, opens the socket there, and
 * check_ipvs_init() then uses it (once: after check_ipvs_close(), IPVS is
 * absent). */
void	check_ipvs_netns_arg(const char *);
void	check_ipvs_netns_open(void);
/* lvs_netlink_cmd_rcv_bufs: SO_RCVBUF (force: SO_RCVBUFFORCE) of the
 * socket, now and when it opens; 0 leaves the kernel's size. */
void	check_ipvs_set_rcvbuf(uint32_t bytes, bool force);
bool	check_ipvs_available(void);
void	check_ipvs_close(void);

/* 0, or a negative errno after logging the failure with what was asked.
 * Adding what exists (EEXIST) and deleting what does not (ESRCH, ENOENT)
 * count as success; an add leaves an existing entry as it was (a new
 * weight or scheduler takes an edit). Editing what does not exist fails
 * (-ESRCH service, -ENOENT destination). Success is logged at debug
 * level only: the caller says what it changed and why. */
int	check_ipvs_service_add(const struct check_ipvs_service *);
int	check_ipvs_service_edit(const struct check_ipvs_service *);
int	check_ipvs_service_del(const struct check_ipvs_service *);
int	check_ipvs_dest_add(const struct check_ipvs_service *,
	    const struct check_ipvs_dest *);
int	check_ipvs_dest_edit(const struct check_ipvs_service *,
	    const struct check_ipvs_dest *);
int	check_ipvs_dest_del(const struct check_ipvs_service *,
	    const struct check_ipvs_dest *);

/* What the kernel holds (tests; taking over a table after a restart):
 * cb once per service, or per destination of one service; cb must not
 * call check_ipvs_* (the dump is still being read): collect, then act.
 * 0, or a negative errno (-EOPNOTSUPP without IPVS). */
int	check_ipvs_service_list(void (*)(const struct check_ipvs_service *,
	    void *), void *);
int	check_ipvs_dest_list(const struct check_ipvs_service *,
	    void (*)(const struct check_ipvs_dest *, void *), void *);

/* IPVS's counters and rates of a service or a destination (the 64-bit
 * ones where the kernel gives them); the connection counts are a
 * destination's only. */
struct check_ipvs_stats {
	uint64_t	 conns, inpkts, outpkts, inbytes, outbytes;
	uint64_t	 cps, inpps, outpps, inbps, outbps;
	uint32_t	 activeconns, inactconns, persistconns;
};
/* As check_ipvs_service_list and check_ipvs_dest_list, with each
 * entry's counters. */
int	check_ipvs_service_stats(void (*)(const struct check_ipvs_service *,
	    const struct check_ipvs_stats *, void *), void *);
int	check_ipvs_dest_stats(const struct check_ipvs_service *,
	    void (*)(const struct check_ipvs_dest *,
	    const struct check_ipvs_stats *, void *), void *);

/* "[192.0.2.200]:tcp:80", "[2001:db8::1]:udp:53", "FWM 1" */
const char *check_ipvs_service_name(const struct check_ipvs_service *,
	    char *, size_t);
/* "NAT", "DR", "TUN", "LOCAL" of IP_VS_CONN_F_* */
const char *check_ipvs_method_name(uint32_t);

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

/* lvs_flush: remove every service of the table, also those vigil did
 * not add. */
int	check_ipvs_flush(void);
/* lvs_timeouts: the connection timeouts in seconds; 0 leaves one as it
 * is (the kernel's rule). */
int	check_ipvs_set_timeouts(uint32_t tcp, uint32_t tcpfin, uint32_t udp);

#endif
