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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "check/check_probe.h"
#include "common/log.h"

#define PING_DATA	"vigil PING_CHECK"

struct ping_probe {
	struct check_probe	 p;		/* first */
	struct event		*rd;
	struct event		*timer;
	int			 fd;
	int			 family;
	uint16_t		 seq;
	char			 why[128];
};

static uint16_t ping_seq;

static void
ping_free(struct ping_probe *c)
{
	if (c->rd != NULL)
		event_free(c->rd);
	if (c->timer != NULL)
		event_free(c->timer);
	if (c->fd != -1)
		close(c->fd);
	free(c);
}

static void
ping_cancel(struct check_probe *p)
{
	ping_free((struct ping_probe *)p);
}

static void
ping_end(struct ping_probe *c, int ok, const char *why)
{
	check_probe_finish(&c->p, ok, "%s", why);
	ping_free(c);
}

static void
ping_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ping_probe *c = arg;

	ping_end(c, 0, c->why[0] != '\0' ? c->why : "timeout");
}

static void
ping_read(evutil_socket_t fd, short what, void *arg)
{
	struct ping_probe *c = arg;
	uint8_t buf[512];
	uint8_t reply = c->family == AF_INET6 ? 129 : 0;
	ssize_t n;

	for (;;) {
		n = recv(c->fd, buf, sizeof(buf), 0);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			check_probe_errstr(c->why, sizeof(c->why), "", errno);
			ping_end(c, 0, c->why);
			return;
		}
		if (n >= 8 && buf[0] == reply &&
		    (uint16_t)(buf[6] << 8 | buf[7]) == c->seq) {
			ping_end(c, 1, "");
			return;
		}
		/* anything else (an old reply) is ignored */
	}
}

static void
ping_fail_later(struct ping_probe *c)
{
	event_active(c->timer, EV_TIMEOUT, 0);
}

struct check_probe *
check_ping_start(struct event_base *base, const struct check_probe_target *t,
    check_probe_done_fn done, void *arg)
{
	struct ping_probe *c;
	uint8_t pkt[8 + sizeof(PING_DATA) - 1];
	struct timeval tv;
	const char *what;
	int proto;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("PING_CHECK");
		return NULL;
	}
	c->p.cancel = ping_cancel;
	c->p.done = done;
	c->p.arg = arg;
	c->family = t->dst.ss_family;
	c->seq = ++ping_seq;
	if ((c->timer = evtimer_new(base, ping_timer, c)) == NULL) {
		log_warnx("PING_CHECK: out of memory");
		free(c);
		return NULL;
	}
	proto = c->family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	if ((c->fd = check_probe_socket_proto(t, SOCK_DGRAM, proto,
	    &what)) == -1) {
		if (strcmp(what, "socket") == 0 && errno == EACCES)
			snprintf(c->why, sizeof(c->why), "ICMP socket: "
			    "permission denied (net.ipv4.ping_group_range "
			    "does not include gid %u)", (unsigned)getegid());
		else
			check_probe_errstr(c->why, sizeof(c->why), what,
			    errno);
		ping_fail_later(c);
		return &c->p;
	}
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = c->family == AF_INET6 ? 128 : 8;	/* echo request */
	pkt[6] = (uint8_t)(c->seq >> 8);
	pkt[7] = (uint8_t)c->seq;
	memcpy(pkt + 8, PING_DATA, sizeof(PING_DATA) - 1);
	if (send(c->fd, pkt, sizeof(pkt), 0) == -1) {
		check_probe_errstr(c->why, sizeof(c->why), "send", errno);
		ping_fail_later(c);
		return &c->p;
	}
	c->rd = event_new(base, c->fd, EV_READ | EV_PERSIST, ping_read, c);
	if (c->rd == NULL || event_add(c->rd, NULL) == -1) {
		snprintf(c->why, sizeof(c->why), "out of memory");
		ping_fail_later(c);
		return &c->p;
	}
	tv.tv_sec = t->timeout_ms / 1000;
	tv.tv_usec = (t->timeout_ms % 1000) * 1000;
	evtimer_add(c->timer, &tv);
	return &c->p;
}
