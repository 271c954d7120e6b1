/*
 * Gratuitous ARP for IPv4 VIPs: an ARP request with sender = target = VIP,
 * broadcast, from the interface's MAC (or the VMAC), on an AF_PACKET
 * socket. One socket serves every interface: the interface is chosen per
 * send, and the socket receives nothing.
 */
#ifndef VIGIL_VRRP_ARP_H
#define VIGIL_VRRP_ARP_H

#include <netinet/in.h>
#include <stdint.h>

#define VRRP_ARP_FRAME_LEN	42	/* Ethernet + ARP for IPv4 */

/* Open the packet socket (needs CAP_NET_RAW). fd, or -1 with errno. */
int	vrrp_arp_open(void);

/* Build the frame: broadcast destination, source mac. */
void	vrrp_arp_build(uint8_t frame[VRRP_ARP_FRAME_LEN], const uint8_t mac[6],
	    struct in_addr vip);

/* Send one gratuitous ARP for vip out of ifindex. 0, or -1 with errno and
 * a warning naming the interface and the address. */
int	vrrp_arp_send(int fd, unsigned int ifindex, const uint8_t mac[6],
	    struct in_addr vip);

#endif
