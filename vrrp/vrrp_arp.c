/* Gratuitous ARP on a packet socket. */
#include "vrrp/vrrp_arp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "common/log.h"

int
vrrp_arp_open(void)
{
	int fd;

	/* Protocol 0: a send-only packet socket, no frame is queued to it. */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		log_warn("gratuitous ARP socket");
	return fd;
}

void
vrrp_arp_build(uint8_t frame[VRRP_ARP_FRAME_LEN], const uint8_t mac[6],
    struct in_addr vip)
{
	struct ether_header *eh = (struct ether_header *)frame;
	struct arphdr *ah = (struct arphdr *)(frame + ETHER_HDR_LEN);
	uint8_t *p = (uint8_t *)(ah + 1);

	memset(frame, 0, VRRP_ARP_FRAME_LEN);
	memset(eh->ether_dhost, 0xff, ETH_ALEN);
	memcpy(eh->ether_shost, mac, ETH_ALEN);
	eh->ether_type = htons(ETHERTYPE_ARP);
	ah->ar_hrd = htons(ARPHRD_ETHER);
	ah->ar_pro = htons(ETHERTYPE_IP);
	ah->ar_hln = ETH_ALEN;
	ah->ar_pln = sizeof(vip);
	ah->ar_op = htons(ARPOP_REQUEST);
	memcpy(p, mac, ETH_ALEN);		/* sender hardware address */
	memcpy(p + 6, &vip, 4);			/* sender protocol address */
	/* target hardware address left zero (RFC 5227 announcement) */
	memcpy(p + 16, &vip, 4);		/* target protocol address */
}

int
vrrp_arp_send(int fd, unsigned int ifindex, const uint8_t mac[6],
    struct in_addr vip)
{
	uint8_t frame[VRRP_ARP_FRAME_LEN];
	struct sockaddr_ll sll;
	char ifname[IF_NAMESIZE], abuf[INET_ADDRSTRLEN];

	vrrp_arp_build(frame, mac, vip);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = (int)ifindex;
	sll.sll_halen = ETH_ALEN;
	memset(sll.sll_addr, 0xff, ETH_ALEN);
	if (sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&sll,
	    sizeof(sll)) != (ssize_t)sizeof(frame)) {
		if (if_indextoname(ifindex, ifname) == NULL)
			snprintf(ifname, sizeof(ifname), "if%u", ifindex);
		log_warn("%s: gratuitous ARP for %s", ifname,
		    inet_ntop(AF_INET, &vip, abuf, sizeof(abuf)));
		return -1;
	}
	return 0;
}
