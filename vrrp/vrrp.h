/*
 * VRRP: protocol constants and the per-instance parameters the engine
 * works from. Independent of the config structs (conf/), which are mapped
 * onto struct vrrp_params by the vrrp child.
 */
#ifndef VIGIL_VRRP_H
#define VIGIL_VRRP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define VRRP_IPPROTO		112	/* IP protocol / IPv6 next header */
#define VRRP_TTL		255	/* TTL / hop limit, sent and checked */
#define VRRP_VERSION_2		2	/* RFC 3768 */
#define VRRP_VERSION_3		3	/* RFC 5798 */
#define VRRP_TYPE_ADVERT	1

#define VRRP_PRIO_STOP		0	/* master leaving */
#define VRRP_PRIO_DEFAULT	100
#define VRRP_PRIO_OWNER		255	/* address owner */

#define VRRP_AUTH_NONE		0
#define VRRP_AUTH_PASS		1	/* simple text password, 8 bytes */
#define VRRP_AUTH_AH		2	/* IPsec AH, obsolete, not supported */
#define VRRP_AUTH_LEN		8

#define VRRP_MAX_ADDRS		255	/* the count field is 8 bits */
#define VRRP_V3_MAX_INT_CS	4095	/* 12-bit field, centiseconds */

/* Group addresses: 224.0.0.18 and ff02::12. */
#define VRRP_MCAST4		0xe0000012U	/* host order */
#define VRRP_MCAST6_INIT \
	{ { { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12 } } }

/* An IPv4 or IPv6 address, network byte order. */
struct vrrp_ipaddr {
	sa_family_t		family;		/* AF_INET or AF_INET6 */
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
	} u;
};

/*
 * How the v3 checksum over IPv4 treats the pseudo-header. RFC 5798 5.2.8
 * includes it; keepalived does so by default. keepalived < 1.3.6 put the
 * multicast group in the pseudo-header even when sending unicast
 * ("old_unicast_checksum"); keepalived 2.2.7 accepts such packets when the
 * correct sum fails, then sends the old way itself. Some vendors (Cisco)
 * leave the pseudo-header out ("v3_checksum_as_v2" in keepalived >= 2.2.8).
 */
enum vrrp_csum_mode {
	VRRP_CSUM_AUTO = 0,	/* RFC sum; accept the old unicast sum too */
	VRRP_CSUM_NEVER_OLD,	/* RFC only: "old_unicast_checksum never" */
	VRRP_CSUM_OLD_UNICAST,	/* send and expect the 224.0.0.18 pseudo dst */
	VRRP_CSUM_AS_V2,	/* v3 over IPv4 without pseudo-header */
};

/* One VRRP instance, as the engine needs it. The arrays are the caller's. */
struct vrrp_params {
	char			 name[64];	/* "VI_1", for logs */
	uint8_t			 vrid;		/* 1..255 */
	uint8_t			 version;	/* VRRP_VERSION_2 or _3 */
	sa_family_t		 family;	/* AF_INET or AF_INET6 */
	uint8_t			 priority;	/* base priority, 1..255 */
	uint16_t		 advert_int_cs;	/* v2: multiple of 100 */
	bool			 init_master;	/* "state MASTER": no wait */
	bool			 preempt;	/* false: nopreempt */
	uint32_t		 preempt_delay_cs;
	bool			 accept;	/* accept mode (stored) */
	bool			 strict;	/* vrrp_strict */
	uint8_t			 auth_type;	/* VRRP_AUTH_NONE or _PASS */
	uint8_t			 auth_pass[VRRP_AUTH_LEN]; /* zero padded */
	struct vrrp_ipaddr	 primary;	/* our source address */
	const struct vrrp_ipaddr *vips;		/* virtual_ipaddress */
	size_t			 nvips;
	const struct vrrp_ipaddr *peers;	/* unicast_peer; none: mcast */
	size_t			 npeers;
	bool			 check_unicast_src;	/* vrrp_check_... */
	bool			 skip_check_adv_addr;	/* vrrp_skip_... */
	bool			 higher_prio_send_advert;
	bool			 lower_prio_no_advert;
	bool			 garp_lower_prio_repeat; /* GARP on lower */
	enum vrrp_csum_mode	 csum_mode;
	/* timer_expired_backup: the priority of the peer assumed to have
	 * taken over while this master was not scheduled; 0: off. Acts
	 * with nopreempt only. */
	uint8_t			 timer_expired_backup;
	uint8_t			 down_timer_adverts;	/* 1..100, 0: 3 */
};

/*
 * Whether p can run: VRID 1-255, version 2 or 3, priority 1-255, interval
 * (v2: whole seconds 1-255; v3: 1-4095 cs), at most 255 VIPs of p's
 * family, auth only with v2 over IPv4, addresses of p's family. Returns
 * NULL, or what is wrong, for the caller's message.
 */
const char *vrrp_params_check(const struct vrrp_params *p);

/* Address helpers: equal, compare as unsigned numbers, length on the wire. */
bool	vrrp_ipaddr_eq(const struct vrrp_ipaddr *, const struct vrrp_ipaddr *);
int	vrrp_ipaddr_cmp(const struct vrrp_ipaddr *, const struct vrrp_ipaddr *);
size_t	vrrp_ipaddr_len(sa_family_t);
const char *vrrp_ipaddr_str(const struct vrrp_ipaddr *, char *, size_t);

#endif
