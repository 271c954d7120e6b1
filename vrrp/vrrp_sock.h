/*
 * VRRP sockets: one raw IPPROTO_VRRP socket per (interface, family),
 * shared by every instance on that interface; demultiplexing by VRID
 * happens above, in the caller.
 *
 * IPv4: IP_HDRINCL is off, the kernel builds the IP header (TTL 255,
 * TOS 0xc0 as keepalived's), so vrrp_packet_build() output is sent. The source
 * address (mcast_src_ip / unicast_src_ip, or the interface's primary
 * address) is given per send in an IP_PKTINFO control message, so instances
 * with different sources share the socket. Received packets come with
 * their IP header (the TTL is read from it).
 * IPv6: the kernel builds the header; hop limit 255; source (the
 * link-local address) per send in IPV6_PKTINFO; received packets carry no
 * header, the hop limit and destination come from ancillary data.
 *
 * The VRRP checksum is the caller's (vrrp_packet): no IPV6_CHECKSUM, so
 * packets with a bad sum reach the caller and are counted. Send from the
 * address the advert was built for (vrrp_params.primary): the v3 sum
 * covers it. A received datagram maps onto struct vrrp_rx as
 * { family, buf, n, rx.src, rx.dst, rx.ttl }; the VRID is buf[rx.off + 1].
 * Sockets are non-blocking and close-on-exec.
 */
#ifndef VIGIL_VRRP_SOCK_H
#define VIGIL_VRRP_SOCK_H

#include <sys/socket.h>
#include <sys/types.h>

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp/vrrp.h"
#include "vrrp/vrrp_packet.h"

/* Receive buffer without vrrp_rx_bufs_policy: SO_RCVBUFFORCE. */
#define VRRP_SOCK_RCVBUF	(1024 * 1024)

/* Packets per recvmmsg / sendmmsg. */
#define VRRP_SOCK_BATCH		32

/* Room for the ancillary data either family receives or sends. */
#define VRRP_SOCK_CMSG_SPACE \
	(CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int)) + \
	 CMSG_SPACE(sizeof(struct in_pktinfo)))

struct vrrp_sock {
	int		fd;
	int		family;		/* AF_INET or AF_INET6 */
	unsigned int	ifindex;
	char		ifname[IF_NAMESIZE];
	unsigned int	joined;		/* instances using the group */
};

/* What vrrp_sock_recv learnt about one packet. */
struct vrrp_sock_rx {
	struct vrrp_ipaddr src;		/* IP source */
	struct vrrp_ipaddr dst;		/* IP destination (group or us) */
	int		ttl;		/* TTL / hop limit, -1 if unknown */
	unsigned int	ifindex;	/* arrival interface */
	size_t		off;		/* VRRP payload offset in the buffer */
	size_t		len;		/* VRRP payload length */
};

/* Open the socket for (family, ifindex); ifname is for SO_BINDTODEVICE
 * and messages. Does not join the group. 0, or -1 with errno. */
int	vrrp_sock_open(struct vrrp_sock *, int family, unsigned int ifindex,
	    const char *ifname);
void	vrrp_sock_close(struct vrrp_sock *);

/* Join / leave 224.0.0.18 or ff02::12 on the interface; counted, so each
 * multicast instance joins once and the group is left with the last. */
int	vrrp_sock_join(struct vrrp_sock *);
int	vrrp_sock_leave(struct vrrp_sock *);

/*
 * Send one prepared VRRP payload from src (NULL: the kernel chooses) to
 * dst (NULL: the VRRP multicast group); both of the socket's family
 * (else EAFNOSUPPORT). Returns 0, or -1 with errno and a warning naming
 * the interface and destination.
 */
int	vrrp_sock_send(const struct vrrp_sock *, const struct vrrp_ipaddr *src,
	    const struct vrrp_ipaddr *dst, const void *buf, size_t len);
/*
 * A send prepared in advance, to go out with others in one system call
 * (sendmmsg): vrrp_sock_msg_prepare copies the payload and addresses as
 * vrrp_sock_send takes them (0, or -1 with errno and a warning);
 * vrrp_sock_send_batch sends n of them in order, and warns for each that
 * failed as vrrp_sock_send does (-1 if any did).
 */
struct vrrp_sock_msg {
	struct msghdr		 msg;
	struct iovec		 iov;
	struct sockaddr_storage	 ss;
	union {
		struct cmsghdr	 hdr;
		uint8_t		 buf[VRRP_SOCK_CMSG_SPACE];
	}			 cbuf;
	struct vrrp_ipaddr	 dst;		/* for the log */
	int			 has_dst;
	size_t			 len;
	uint8_t			 buf[VRRP_PKT_MAX];
};
int	vrrp_sock_msg_prepare(const struct vrrp_sock *,
	    const struct vrrp_ipaddr *src, const struct vrrp_ipaddr *dst,
	    const void *buf, size_t len, struct vrrp_sock_msg *m);
int	vrrp_sock_send_batch(const struct vrrp_sock *, struct vrrp_sock_msg **m,
	    size_t n);

/* Send to each unicast peer; -1 if any send failed (each is logged). */
int	vrrp_sock_send_peers(const struct vrrp_sock *,
	    const struct vrrp_ipaddr *src, const struct vrrp_ipaddr *peers,
	    size_t npeers,
	    const void *buf, size_t len);

/*
 * Receive one packet into buf. Returns the number of bytes stored (IPv4:
 * IP header included; the payload is at rx->off), or -1 with errno:
 * EAGAIN when nothing is queued, EMSGSIZE for a truncated packet (read and
 * dropped), EBADMSG for a malformed IPv4 header. On EMSGSIZE, and on
 * EBADMSG when 20 bytes came, rx->src is the packet's source.
 */
ssize_t	vrrp_sock_recv(const struct vrrp_sock *, void *buf, size_t size,
	    struct vrrp_sock_rx *rx);

/*
 * Several packets per system call (recvmmsg): vrrp_sock_recv_batch reads
 * up to VRRP_SOCK_BATCH queued packets into b and returns how many, or -1
 * with errno (EAGAIN when none is queued); vrrp_sock_batch_get then
 * gives packet i as vrrp_sock_recv would have (its bytes in *buf).
 */
#define VRRP_SOCK_RXBUF		(VRRP_PKT_MAX + 128)
struct vrrp_sock_batch {
	struct mmsghdr		 msgs[VRRP_SOCK_BATCH];
	struct iovec		 iov[VRRP_SOCK_BATCH];
	struct sockaddr_storage	 from[VRRP_SOCK_BATCH];
	union {
		struct cmsghdr	 hdr;
		uint8_t		 buf[VRRP_SOCK_CMSG_SPACE];
	}			 cbuf[VRRP_SOCK_BATCH];
	uint8_t			 buf[VRRP_SOCK_BATCH][VRRP_SOCK_RXBUF];
};
int	vrrp_sock_recv_batch(const struct vrrp_sock *, struct vrrp_sock_batch *b);
ssize_t	vrrp_sock_batch_get(const struct vrrp_sock *, struct vrrp_sock_batch *b,
	    int i, const uint8_t **buf, struct vrrp_sock_rx *rx);

#endif
