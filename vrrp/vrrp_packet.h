/*
 * VRRP advertisement wire format: RFC 3768 (v2) and RFC 5798 (v3), over
 * IPv4 and IPv6. Building, checksums and decoding of the fixed fields;
 * the receive checks against an instance live in vrrp_rx.c.
 *
 *   0                   1                   2                   3
 *   |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|
 *   v2: | Auth Type | Adver Int (s) |          Checksum             |
 *   v3: |(rsvd)| Max Adver Int (cs) |          Checksum             |
 *   |                 IPvX Address(es) (Count of them)              |
 *   v2 over IPv4 only: 8 bytes of authentication data
 */
#ifndef VIGIL_VRRP_PACKET_H
#define VIGIL_VRRP_PACKET_H

#include "vrrp/vrrp.h"

#define VRRP_HDR_LEN		8	/* fixed part of the VRRP message */
#define VRRP_IP4_HDR_LEN	20	/* the IPv4 header we send */
#define VRRP_IP4_TOS		0xc0	/* internetwork control */
/* Largest datagram: IPv4 header + v2 + 255 IPv4 addresses + auth; or
 * v3 + 255 IPv6 addresses. */
#define VRRP_PKT_MAX		(VRRP_HDR_LEN + VRRP_MAX_ADDRS * 16 + 64)

/* A decoded advertisement. Pointers point into the received buffer. */
struct vrrp_advert {
	uint8_t			 version;
	uint8_t			 type;
	uint8_t			 vrid;
	uint8_t			 priority;
	uint8_t			 naddr;
	uint8_t			 auth_type;	/* v2 only */
	uint16_t		 adver_int_cs;	/* v2: seconds * 100 */
	uint16_t		 checksum;	/* as received */
	const uint8_t		*msg;		/* the VRRP message */
	size_t			 msglen;	/* bytes received from msg on */
	size_t			 wantlen;	/* per version and count */
	const uint8_t		*addrs;		/* naddr addresses */
	const uint8_t		*auth_data;	/* v2 over IPv4, else NULL */
	struct vrrp_ipaddr	 src;		/* IP source */
	struct vrrp_ipaddr	 dst;		/* IP destination */
	uint8_t			 ttl;		/* TTL or hop limit */
	bool			 old_csum;	/* fit the old sum only */
};

/* Length of the VRRP message (no IP header) an instance sends. */
size_t	vrrp_packet_len(const struct vrrp_params *);

/*
 * Build the VRRP message for p with priority prio, sent from p->primary to
 * dst (the group or a unicast peer: v3 sums it in the pseudo-header).
 * Returns the length written, 0 if buf is too small or p is unusable.
 */
size_t	vrrp_packet_build(const struct vrrp_params *p, uint8_t prio,
	    const struct vrrp_ipaddr *dst, uint8_t *buf, size_t buflen);

/* The same behind a 20-byte IPv4 header (TTL 255, TOS 0xc0, protocol
 * 112, header checksum filled) for a raw socket with IP_HDRINCL. */
size_t	vrrp_packet_build_ip4(const struct vrrp_params *p, uint8_t prio,
	    const struct vrrp_ipaddr *dst, uint16_t ip_id, uint8_t *buf,
	    size_t buflen);

/*
 * The Internet checksum of msg, preceded by the IPv4 or IPv6 pseudo-header
 * (src, dst, protocol 112, length) when pseudo is set. Over a message that
 * carries a correct checksum the result is 0; over one with a zero
 * checksum field it is the value to store.
 */
uint16_t vrrp_packet_csum(const struct vrrp_ipaddr *src,
	    const struct vrrp_ipaddr *dst, const uint8_t *msg, size_t len,
	    bool pseudo);

/* Whether an advert of this version and family sums a pseudo-header,
 * and with which destination, under mode. */
bool	vrrp_packet_csum_pseudo(uint8_t version, sa_family_t family,
	    enum vrrp_csum_mode mode);
void	vrrp_packet_csum_dst(enum vrrp_csum_mode mode,
	    const struct vrrp_ipaddr *dst, struct vrrp_ipaddr *out);

/* Decode the fixed header of a VRRP message of len >= VRRP_HDR_LEN bytes.
 * Reads nothing past the fixed header; wantlen says what must follow. */
void	vrrp_packet_decode(const uint8_t *msg, size_t len, sa_family_t family,
	    struct vrrp_advert *adv);

#endif
