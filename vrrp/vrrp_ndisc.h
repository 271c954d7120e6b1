/*
 * Unsolicited neighbour advertisements for IPv6 VIPs (RFC 4861 7.2.6):
 * ICMPv6 type 136 to ff02::1, hop limit 255, override flag set, with the
 * target link-layer address option carrying the interface MAC or VMAC.
 * One raw ICMPv6 socket serves every interface (chosen per send); the
 * kernel fills in the ICMPv6 checksum; the socket receives nothing.
 */
#ifndef VIGIL_VRRP_NDISC_H
#define VIGIL_VRRP_NDISC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#define VRRP_NDISC_NA_LEN	32	/* NA (24) + target LL option (8) */

/* Open the ICMPv6 socket (needs CAP_NET_RAW). fd, or -1 with errno. */
int	vrrp_ndisc_open(void);

/* Build the NA body; the checksum is left zero for the kernel. */
void	vrrp_ndisc_build(uint8_t buf[VRRP_NDISC_NA_LEN], const uint8_t mac[6],
	    const struct in6_addr *vip, bool router);

/*
 * Send one unsolicited NA for vip out of ifindex from src (NULL: the
 * kernel chooses, normally the interface's link-local address). router
 * sets the R flag (the host forwards IPv6). 0, or -1 with errno and a
 * warning naming the interface and the address.
 */
int	vrrp_ndisc_send(int fd, unsigned int ifindex, const uint8_t mac[6],
	    const struct in6_addr *vip, const struct in6_addr *src,
	    bool router);

#endif
