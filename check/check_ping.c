/*
 * PING_CHECK: the real server is up when it answers one ICMP (ICMPv6)
 * echo request with an echo reply within the timeout. The request goes
 * out of an unprivileged ICMP datagram socket (socket(AF_INET,
 * SOCK_DGRAM, IPPROTO_ICMP)): the check child has no CAP_NET_RAW, so
 * the kernel must allow its group in net.ipv4.ping_group_range; when
 * it does not, the failure says so. The kernel chooses the echo
 * identifier and delivers only replies to it; the sequence number is
 * compared, so a late reply to an earlier probe does not count.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "check/check_probe.h"

#define PING_DATA	"vigil PING_CHECK"

struct ping_probe {
	struct check_sock_probe	 s;		/* first; ev: echo replies */
	int			 family;
	uint16_t		 seq;
};

static uint16_t ping_seq;

static void
ping_read(evutil_socket_t fd, short what, void *arg)
{
	struct ping_probe *c = arg;
	struct check_sock_probe *s = &c->s;
	uint8_t buf[512];
	uint8_t reply = c->family == AF_INET6 ? 129 : 0;
	ssize_t n;

	for (;;) {
		n = recv(s->fd, buf, sizeof(buf), 0);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			check_sock_probe_end_errno(s, errno);
			return;
		}
		if (n >= 8 && buf[0] == reply &&
		    (uint16_t)(buf[6] << 8 | buf[7]) == c->seq) {
			check_sock_probe_end(s, true, "");
			return;
		}
		/* anything else (an old reply) is ignored */
	}
}

struct check_probe *
check_ping_start(struct event_base *base, const struct check_probe_target *t,
    check_probe_done_fn done, void *arg)
{
	struct ping_probe *c;
	struct check_sock_probe *s;
	uint8_t pkt[8 + sizeof(PING_DATA) - 1];
	const char *what;
	int proto;

	s = check_sock_probe_new(base, sizeof(*c), "PING_CHECK", done, arg);
	if (s == NULL)
		return NULL;
	c = (struct ping_probe *)s;
	c->family = t->dst.ss_family;
	c->seq = ++ping_seq;
	proto = c->family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	if ((s->fd = check_probe_socket_proto(t, SOCK_DGRAM, proto,
	    &what)) == -1) {
		if (strcmp(what, "socket") == 0 && errno == EACCES) {
			snprintf(s->why, sizeof(s->why), "ICMP socket: "
			    "permission denied (net.ipv4.ping_group_range "
			    "does not include gid %u)", (unsigned)getegid());
			check_sock_probe_fail_later(s);
		} else
			check_sock_probe_fail_errno(s, what, errno);
		return &s->p;
	}
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = c->family == AF_INET6 ? 128 : 8;	/* echo request */
	pkt[6] = (uint8_t)(c->seq >> 8);
	pkt[7] = (uint8_t)c->seq;
	memcpy(pkt + 8, PING_DATA, sizeof(PING_DATA) - 1);
	if (send(s->fd, pkt, sizeof(pkt), 0) == -1)
		check_sock_probe_fail_errno(s, "send", errno);
	else
		check_sock_probe_arm(s, EV_READ, ping_read, t->timeout_ms);
	return &s->p;
}
