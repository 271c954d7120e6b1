/* Unsolicited neighbour advertisements on a raw ICMPv6 socket. */
#include "vrrp/vrrp_ndisc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"

static const struct in6_addr vrrp_ndisc_allnodes =
    { { { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 } } };

static int
vrrp_ndisc_setopts(int fd)
{
	struct icmp6_filter filt;
	int hops = 255, off = 0;

	/* Receive nothing: this socket only sends. */
	ICMP6_FILTER_SETBLOCKALL(&filt);
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt,
	    sizeof(filt)) == -1) {
		log_warn("neighbour advertisement socket: ICMP6_FILTER");
		return -1;
	}
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
	    sizeof(hops)) == -1 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops,
	    sizeof(hops)) == -1) {
		log_warn("neighbour advertisement socket: hop limit");
		return -1;
	}
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off,
	    sizeof(off)) == -1) {
		log_warn("neighbour advertisement socket: IPV6_MULTICAST_LOOP");
		return -1;
	}
	return 0;
}

int
vrrp_ndisc_open(void)
{
	int fd;

	fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_ICMPV6);
	if (fd == -1) {
		log_warn("neighbour advertisement socket");
		return -1;
	}
	if (vrrp_ndisc_setopts(fd) == -1) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

void
vrrp_ndisc_build(uint8_t buf[VRRP_NDISC_NA_LEN], const uint8_t mac[6],
    const struct in6_addr *vip, bool router)
{
	struct nd_neighbor_advert *na = (struct nd_neighbor_advert *)buf;
	struct nd_opt_hdr *opt = (struct nd_opt_hdr *)(na + 1);

	memset(buf, 0, VRRP_NDISC_NA_LEN);
	na->nd_na_type = ND_NEIGHBOR_ADVERT;
	na->nd_na_code = 0;
	na->nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE;
	if (router)
		na->nd_na_flags_reserved |= ND_NA_FLAG_ROUTER;
	na->nd_na_target = *vip;
	opt->nd_opt_type = ND_OPT_TARGET_LINKADDR;
	opt->nd_opt_len = 1;			/* units of 8 octets */
	memcpy(opt + 1, mac, 6);
}

int
vrrp_ndisc_send(int fd, unsigned int ifindex, const uint8_t mac[6],
    const struct in6_addr *vip, const struct in6_addr *src, bool router)
{
	union {
		struct cmsghdr	hdr;
		uint8_t		buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cbuf;
	uint8_t pkt[VRRP_NDISC_NA_LEN];
	struct sockaddr_in6 dst;
	struct in6_pktinfo pi;
	struct msghdr msg;
	struct cmsghdr *cm;
	struct iovec iov;
	char ifname[IF_NAMESIZE], abuf[INET6_ADDRSTRLEN];

	vrrp_ndisc_build(pkt, mac, vip, router);
	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_addr = vrrp_ndisc_allnodes;
	dst.sin6_scope_id = ifindex;
	memset(&pi, 0, sizeof(pi));
	pi.ipi6_ifindex = ifindex;
	if (src != NULL)
		pi.ipi6_addr = *src;
	memset(&msg, 0, sizeof(msg));
	memset(&cbuf, 0, sizeof(cbuf));
	iov.iov_base = pkt;
	iov.iov_len = sizeof(pkt);
	msg.msg_name = &dst;
	msg.msg_namelen = sizeof(dst);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = &cbuf;
	msg.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	if (sendmsg(fd, &msg, 0) != (ssize_t)sizeof(pkt)) {
		if (if_indextoname(ifindex, ifname) == NULL)
			snprintf(ifname, sizeof(ifname), "if%u", ifindex);
		log_warn("%s: neighbour advertisement for %s", ifname,
		    inet_ntop(AF_INET6, vip, abuf, sizeof(abuf)));
		return -1;
	}
	return 0;
}
