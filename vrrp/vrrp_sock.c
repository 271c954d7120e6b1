/* Raw VRRP sockets for IPv4 and IPv6: open, join, send, receive. */
#include "vrrp/vrrp_sock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "vrrp/vrrp_packet.h"

static const struct in6_addr vrrp_sock_group6 = VRRP_MCAST6_INIT;

/* Receive queue: room for a burst of adverts from many instances. */

static int
vrrp_sock_setint(const struct vrrp_sock *vs, int level, int opt,
    const char *what, int val)
{
	if (setsockopt(vs->fd, level, opt, &val, sizeof(val)) == -1) {
		log_warn("%s: vrrp socket: %s", vs->ifname, what);
		return -1;
	}
	return 0;
}

/* A large receive queue; beyond rmem_max needs CAP_NET_ADMIN (else the
 * kernel's cap applies, which is not an error). */
static void
vrrp_sock_rcvbuf(int fd, int size)
{
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
	    sizeof(size)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size,
		    sizeof(size));
}

static int
vrrp_sock_opts4(const struct vrrp_sock *vs)
{
	struct ip_mreqn mr;

	if (vrrp_sock_setint(vs, IPPROTO_IP, IP_TTL, "IP_TTL",
	    VRRP_TTL) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IP, IP_TOS, "IP_TOS",
	    VRRP_IP4_TOS) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IP, IP_MULTICAST_TTL,
	    "IP_MULTICAST_TTL", VRRP_TTL) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IP, IP_MULTICAST_LOOP,
	    "IP_MULTICAST_LOOP", 0) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IP, IP_MULTICAST_ALL,
	    "IP_MULTICAST_ALL", 0) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IP, IP_PKTINFO, "IP_PKTINFO",
	    1) == -1)
		return -1;
	memset(&mr, 0, sizeof(mr));
	mr.imr_ifindex = vs->ifindex;
	if (setsockopt(vs->fd, IPPROTO_IP, IP_MULTICAST_IF, &mr,
	    sizeof(mr)) == -1) {
		log_warn("%s: vrrp socket: IP_MULTICAST_IF", vs->ifname);
		return -1;
	}
	return 0;
}

static int
vrrp_sock_opts6(const struct vrrp_sock *vs)
{
	if (vrrp_sock_setint(vs, IPPROTO_IPV6, IPV6_UNICAST_HOPS,
	    "IPV6_UNICAST_HOPS", VRRP_TTL) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IPV6, IPV6_MULTICAST_HOPS,
	    "IPV6_MULTICAST_HOPS", VRRP_TTL) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IPV6, IPV6_MULTICAST_LOOP,
	    "IPV6_MULTICAST_LOOP", 0) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IPV6, IPV6_MULTICAST_ALL,
	    "IPV6_MULTICAST_ALL", 0) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IPV6, IPV6_MULTICAST_IF,
	    "IPV6_MULTICAST_IF", (int)vs->ifindex) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IPV6, IPV6_RECVHOPLIMIT,
	    "IPV6_RECVHOPLIMIT", 1) == -1 ||
	    vrrp_sock_setint(vs, IPPROTO_IPV6, IPV6_RECVPKTINFO,
	    "IPV6_RECVPKTINFO", 1) == -1)
		return -1;
	return 0;
}

int
vrrp_sock_open(struct vrrp_sock *vs, int family, unsigned int ifindex,
    const char *ifname)
{
	int rc;

	memset(vs, 0, sizeof(*vs));
	vs->fd = -1;
	vs->family = family;
	vs->ifindex = ifindex;
	snprintf(vs->ifname, sizeof(vs->ifname), "%s", ifname);
	if (family != AF_INET && family != AF_INET6) {
		errno = EAFNOSUPPORT;
		log_warn("%s: vrrp socket: family %d", ifname, family);
		return -1;
	}
	vs->fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    VRRP_IPPROTO);
	if (vs->fd == -1) {
		log_warn("%s: vrrp socket (%s)", ifname,
		    family == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	/* ifindex 0: an instance without interface, bound to none. */
	if (ifindex != 0 && setsockopt(vs->fd, SOL_SOCKET, SO_BINDTODEVICE,
	    vs->ifname, strlen(vs->ifname) + 1) == -1) {
		log_warn("%s: vrrp socket: SO_BINDTODEVICE", ifname);
		rc = -1;
	} else
		rc = family == AF_INET ? vrrp_sock_opts4(vs) :
		    vrrp_sock_opts6(vs);
	if (rc == 0)
		vrrp_sock_rcvbuf(vs->fd, VRRP_SOCK_RCVBUF);
	if (rc == -1) {
		int saved = errno;

		close(vs->fd);
		vs->fd = -1;
		errno = saved;
	}
	return rc;
}

void
vrrp_sock_close(struct vrrp_sock *vs)
{
	if (vs->fd != -1)
		close(vs->fd);
	vs->fd = -1;
	vs->joined = 0;
}

static int
vrrp_sock_membership(const struct vrrp_sock *vs, bool join)
{
	struct ip_mreqn mr;
	struct ipv6_mreq mr6;
	const char *what;
	int rc;

	if (vs->family == AF_INET) {
		memset(&mr, 0, sizeof(mr));
		mr.imr_multiaddr.s_addr = htonl(VRRP_MCAST4);
		mr.imr_ifindex = vs->ifindex;
		rc = setsockopt(vs->fd, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP :
		    IP_DROP_MEMBERSHIP, &mr, sizeof(mr));
		what = "224.0.0.18";
	} else {
		memset(&mr6, 0, sizeof(mr6));
		mr6.ipv6mr_multiaddr = vrrp_sock_group6;
		mr6.ipv6mr_interface = vs->ifindex;
		rc = setsockopt(vs->fd, IPPROTO_IPV6, join ? IPV6_JOIN_GROUP :
		    IPV6_LEAVE_GROUP, &mr6, sizeof(mr6));
		what = "ff02::12";
	}
	if (rc == -1)
		log_warn("%s: %s group %s", vs->ifname, join ? "join" : "leave",
		    what);
	return rc;
}

int
vrrp_sock_join(struct vrrp_sock *vs)
{
	if (vs->joined == 0 && vrrp_sock_membership(vs, true) == -1)
		return -1;
	vs->joined++;
	return 0;
}

int
vrrp_sock_leave(struct vrrp_sock *vs)
{
	if (vs->joined == 0)
		return 0;
	if (vs->joined == 1 && vrrp_sock_membership(vs, false) == -1)
		return -1;
	vs->joined--;
	return 0;
}

/* IPv4 destination and IP_PKTINFO (interface, source) for one send. */
static socklen_t
vrrp_sock_prepare4(const struct vrrp_sock *vs, const struct vrrp_ipaddr *src,
    const struct vrrp_ipaddr *dst, struct sockaddr_storage *ss,
    struct cmsghdr *cm)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct in_pktinfo pi;

	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = dst != NULL ? dst->u.v4.s_addr :
	    htonl(VRRP_MCAST4);
	memset(&pi, 0, sizeof(pi));
	pi.ipi_ifindex = vs->ifindex;
	if (src != NULL)
		pi.ipi_spec_dst = src->u.v4;
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	return sizeof(*sin);
}

/* IPv6 destination and IPV6_PKTINFO (interface, source) for one send. */
static socklen_t
vrrp_sock_prepare6(const struct vrrp_sock *vs, const struct vrrp_ipaddr *src,
    const struct vrrp_ipaddr *dst, struct sockaddr_storage *ss,
    struct cmsghdr *cm)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct in6_pktinfo pi6;

	sin6->sin6_family = AF_INET6;
	sin6->sin6_addr = dst != NULL ? dst->u.v6 : vrrp_sock_group6;
	if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr) ||
	    IN6_IS_ADDR_MC_LINKLOCAL(&sin6->sin6_addr))
		sin6->sin6_scope_id = vs->ifindex;
	memset(&pi6, 0, sizeof(pi6));
	pi6.ipi6_ifindex = vs->ifindex;
	if (src != NULL)
		pi6.ipi6_addr = src->u.v6;
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi6));
	memcpy(CMSG_DATA(cm), &pi6, sizeof(pi6));
	return sizeof(*sin6);
}

int
vrrp_sock_msg_prepare(const struct vrrp_sock *vs,
    const struct vrrp_ipaddr *src, const struct vrrp_ipaddr *dst,
    const void *buf, size_t len, struct vrrp_sock_msg *m)
{
	struct msghdr *msg = &m->msg;

	if ((src != NULL && src->family != vs->family) ||
	    (dst != NULL && dst->family != vs->family)) {
		errno = EAFNOSUPPORT;
		log_warn("%s: send vrrp: address family differs from the "
		    "socket's", vs->ifname);
		return -1;
	}
	if (len > sizeof(m->buf)) {
		errno = EMSGSIZE;
		log_warn("%s: send vrrp", vs->ifname);
		return -1;
	}
	memcpy(m->buf, buf, len);
	m->len = len;
	m->has_dst = dst != NULL;
	if (dst != NULL)
		m->dst = *dst;
	memset(msg, 0, sizeof(*msg));
	m->iov.iov_base = m->buf;
	m->iov.iov_len = len;
	msg->msg_iov = &m->iov;
	msg->msg_iovlen = 1;
	msg->msg_name = &m->ss;
	msg->msg_control = &m->cbuf;
	memset(&m->ss, 0, sizeof(m->ss));
	memset(&m->cbuf, 0, sizeof(m->cbuf));
	if (vs->family == AF_INET) {
		msg->msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
		msg->msg_namelen = vrrp_sock_prepare4(vs, src, dst, &m->ss,
		    CMSG_FIRSTHDR(msg));
	} else {
		msg->msg_controllen = CMSG_SPACE(sizeof(struct in6_pktinfo));
		msg->msg_namelen = vrrp_sock_prepare6(vs, src, dst, &m->ss,
		    CMSG_FIRSTHDR(msg));
	}
	return 0;
}

/* A send of m failed (n bytes went, or -1 with errno): say where to. */
static void
vrrp_sock_send_failed(const struct vrrp_sock *vs, const struct vrrp_sock_msg *m,
    ssize_t n)
{
	char sbuf[INET6_ADDRSTRLEN];

	if (n != -1)
		errno = EMSGSIZE;
	log_warn("%s: send vrrp to %s", vs->ifname,
	    m->has_dst ? vrrp_ipaddr_str(&m->dst, sbuf, sizeof(sbuf)) :
	    vs->family == AF_INET ? "224.0.0.18" : "ff02::12");
}

int
vrrp_sock_send(const struct vrrp_sock *vs, const struct vrrp_ipaddr *src,
    const struct vrrp_ipaddr *dst, const void *buf, size_t len)
{
	struct vrrp_sock_msg m;
	ssize_t n;

	if (vrrp_sock_msg_prepare(vs, src, dst, buf, len, &m) == -1)
		return -1;
	n = sendmsg(vs->fd, &m.msg, 0);
	if (n == -1 || (size_t)n != len) {
		vrrp_sock_send_failed(vs, &m, n);
		return -1;
	}
	return 0;
}

int
vrrp_sock_send_batch(const struct vrrp_sock *vs, struct vrrp_sock_msg **m,
    size_t n)
{
	struct mmsghdr mm[VRRP_SOCK_BATCH];
	size_t i, off, k;
	int r, rc = 0;

	while (n > 0) {
		k = n < VRRP_SOCK_BATCH ? n : VRRP_SOCK_BATCH;
		for (i = 0; i < k; i++) {
			mm[i].msg_hdr = m[i]->msg;
			mm[i].msg_len = 0;
		}
		for (off = 0; off < k; ) {
			if ((r = sendmmsg(vs->fd, mm + off, k - off, 0)) <= 0) {
				vrrp_sock_send_failed(vs, m[off], -1);
				rc = -1;
				off++;
				continue;
			}
			for (i = off; i < off + (size_t)r; i++)
				if (mm[i].msg_len != m[i]->len) {
					vrrp_sock_send_failed(vs, m[i],
					    mm[i].msg_len);
					rc = -1;
				}
			off += (size_t)r;
		}
		m += k;
		n -= k;
	}
	return rc;
}

int
vrrp_sock_send_peers(const struct vrrp_sock *vs,
    const struct vrrp_ipaddr *src, const struct vrrp_ipaddr *peers,
    size_t npeers, const void *buf, size_t len)
{
	size_t i;
	int rc = 0, saved = 0;

	for (i = 0; i < npeers; i++) {
		if (vrrp_sock_send(vs, src, &peers[i], buf, len) == -1) {
			saved = errno;
			rc = -1;
		}
	}
	if (rc == -1)
		errno = saved;
	return rc;
}

/* IPv4: the header is in the buffer; the arrival interface in IP_PKTINFO. */
static int
vrrp_sock_rx4(const uint8_t *buf, size_t n, struct msghdr *msg,
    struct vrrp_sock_rx *rx)
{
	const struct ip *ip = (const struct ip *)buf;
	struct cmsghdr *cm;
	size_t hl;

	if (n < sizeof(*ip)) {
		errno = EBADMSG;
		return -1;
	}
	rx->src.u.v4 = ip->ip_src;
	rx->dst.u.v4 = ip->ip_dst;
	if ((hl = (size_t)ip->ip_hl * 4) < sizeof(*ip) || hl > n) {
		errno = EBADMSG;
		return -1;
	}
	rx->ttl = ip->ip_ttl;
	rx->off = hl;
	rx->len = n - hl;
	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		struct in_pktinfo pi;

		if (cm->cmsg_level != IPPROTO_IP || cm->cmsg_type != IP_PKTINFO)
			continue;
		memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
		rx->ifindex = pi.ipi_ifindex;
	}
	return 0;
}

/* IPv6: no header; hop limit and destination come as ancillary data. */
static int
vrrp_sock_rx6(size_t n, const struct sockaddr_in6 *from, struct msghdr *msg,
    struct vrrp_sock_rx *rx)
{
	struct cmsghdr *cm;

	rx->src.u.v6 = from->sin6_addr;
	rx->off = 0;
	rx->len = n;
	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		struct in6_pktinfo pi;

		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_HOPLIMIT)
			memcpy(&rx->ttl, CMSG_DATA(cm), sizeof(int));
		else if (cm->cmsg_type == IPV6_PKTINFO) {
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			rx->dst.u.v6 = pi.ipi6_addr;
			rx->ifindex = pi.ipi6_ifindex;
		}
	}
	return 0;
}

/* One received datagram of n bytes in buf, as msg came: n, or -1 with
 * errno (EBADMSG, EMSGSIZE when it was cut short). */
static ssize_t
vrrp_sock_rx_parse(const struct vrrp_sock *vs, const uint8_t *buf, ssize_t n,
    struct msghdr *msg, struct vrrp_sock_rx *rx)
{
	int rc;

	if (vs->family == AF_INET)
		rc = vrrp_sock_rx4(buf, (size_t)n, msg, rx);
	else
		rc = vrrp_sock_rx6((size_t)n, msg->msg_name, msg, rx);
	if (rc == 0 && (msg->msg_flags & MSG_TRUNC)) {
		errno = EMSGSIZE;
		rc = -1;
	}
	return rc == -1 ? -1 : n;
}

ssize_t
vrrp_sock_recv(const struct vrrp_sock *vs, void *buf, size_t size,
    struct vrrp_sock_rx *rx)
{
	union {
		struct cmsghdr	hdr;
		uint8_t		buf[VRRP_SOCK_CMSG_SPACE];
	} cbuf;
	struct sockaddr_storage from;
	struct msghdr msg;
	struct iovec iov;
	ssize_t n;

	memset(rx, 0, sizeof(*rx));
	rx->src.family = rx->dst.family = vs->family;
	rx->ttl = -1;
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = buf;
	iov.iov_len = size;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_name = &from;
	msg.msg_namelen = sizeof(from);
	msg.msg_control = &cbuf;
	msg.msg_controllen = sizeof(cbuf);
	if ((n = recvmsg(vs->fd, &msg, 0)) == -1)
		return -1;
	return vrrp_sock_rx_parse(vs, buf, n, &msg, rx);
}

int
vrrp_sock_recv_batch(const struct vrrp_sock *vs, struct vrrp_sock_batch *b)
{
	struct msghdr *msg;
	int i;

	for (i = 0; i < VRRP_SOCK_BATCH; i++) {
		msg = &b->msgs[i].msg_hdr;
		memset(msg, 0, sizeof(*msg));
		b->iov[i].iov_base = b->buf[i];
		b->iov[i].iov_len = sizeof(b->buf[i]);
		msg->msg_iov = &b->iov[i];
		msg->msg_iovlen = 1;
		msg->msg_name = &b->from[i];
		msg->msg_namelen = sizeof(b->from[i]);
		msg->msg_control = &b->cbuf[i];
		msg->msg_controllen = sizeof(b->cbuf[i]);
	}
	return recvmmsg(vs->fd, b->msgs, VRRP_SOCK_BATCH, MSG_DONTWAIT, NULL);
}

ssize_t
vrrp_sock_batch_get(const struct vrrp_sock *vs, struct vrrp_sock_batch *b,
    int i, const uint8_t **buf, struct vrrp_sock_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->src.family = rx->dst.family = vs->family;
	rx->ttl = -1;
	*buf = b->buf[i];
	return vrrp_sock_rx_parse(vs, b->buf[i], b->msgs[i].msg_len,
	    &b->msgs[i].msg_hdr, rx);
}
