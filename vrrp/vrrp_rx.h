/*
 * Receive validation of VRRP advertisements: an ordered list of checks
 * (RFC 5798 7.1, RFC 3768 7.1), each failing with a reason that callers
 * count per instance. Only VRRP_RX_OK may reach the state machine.
 */
#ifndef VIGIL_VRRP_RX_H
#define VIGIL_VRRP_RX_H

#include "vrrp/vrrp.h"
#include "vrrp/vrrp_packet.h"

/* In the order they are checked. */
enum vrrp_rx_reason {
	VRRP_RX_OK = 0,
	VRRP_RX_TOO_SHORT,	/* shorter than the IP + VRRP fixed headers */
	VRRP_RX_IP_HEADER,	/* not IPv4 / bad IHL / not protocol 112 */
	VRRP_RX_LENGTH,		/* IP total length differs from received */
	VRRP_RX_TTL,		/* TTL / hop limit not 255 */
	VRRP_RX_VERSION,	/* not the instance's VRRP version */
	VRRP_RX_TYPE,		/* not an advertisement */
	VRRP_RX_TRUNCATED,	/* shorter than its address count implies */
	VRRP_RX_ADDR_COUNT,	/* longer than its address count implies */
	VRRP_RX_CHECKSUM,
	VRRP_RX_VRID,		/* another virtual router */
	VRRP_RX_AUTH_TYPE,	/* v2: unknown or not ours */
	VRRP_RX_AUTH,		/* v2: wrong password */
	VRRP_RX_INTERVAL,	/* v2: not ours; v3: zero */
	VRRP_RX_UNICAST_SRC,	/* source not a unicast peer */
	VRRP_RX_ADDR_LIST,	/* VIPs differ from ours (soft unless strict) */
	VRRP_RX_MAX
};

/*
 * A datagram as a raw socket delivered it. IPv4: buf holds the IP header
 * and the VRRP message; src, dst and hoplimit are ignored. IPv6: buf holds
 * the VRRP message; src, dst and hoplimit come from ancillary data
 * (IPV6_PKTINFO, IPV6_HOPLIMIT).
 */
struct vrrp_rx {
	sa_family_t		 family;
	const uint8_t		*buf;
	size_t			 len;
	struct vrrp_ipaddr	 src;
	struct vrrp_ipaddr	 dst;
	int			 hoplimit;
};

/* Short name for logs and stats: "ttl", "checksum", ... */
const char *vrrp_rx_reason_name(enum vrrp_rx_reason);

/*
 * Run every check of p against rx, in order, and stop at the first that
 * fails. On VRRP_RX_OK adv holds the advert. A VIP list differing from ours
 * fails only in strict mode (and never for the owner's adverts); otherwise
 * it is reported through *warn (VRRP_RX_ADDR_LIST, else VRRP_RX_OK) for the
 * caller to count and log, and the advert is honoured. With
 * skip_check_adv_addr set the list is not checked at all.
 */
enum vrrp_rx_reason vrrp_rx_check(const struct vrrp_params *p,
	    const struct vrrp_rx *rx, struct vrrp_advert *adv,
	    enum vrrp_rx_reason *warn);

/*
 * The same, knowing the master the instance last followed (NULL: none).
 * As keepalived, vrrp_skip_check_adv_addr skips the VIP list check only
 * for adverts from that same master; a new master is always checked.
 */
enum vrrp_rx_reason vrrp_rx_check_from(const struct vrrp_params *p,
	    const struct vrrp_rx *rx, const struct vrrp_ipaddr *last_master,
	    struct vrrp_advert *adv, enum vrrp_rx_reason *warn);

#endif
