/*
 * UDP_CHECK: one datagram (the payload) over a connected UDP socket, so
 * that an ICMP port or host unreachable comes back as an error of the
 * socket. Without require_reply the server is up unless such an error
 * arrives within the timeout (a reply also counts as success); with it,
 * the first reply decides: its length must lie within min_reply_length
 * and max_reply_length and it must start with the reply pattern (X
 * digits not compared).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <event2/event.h>

#include "check/check_probe.h"

#define UDP_RX_MAX	65536

struct udp_probe {
	struct check_sock_probe	 s;		/* first; ev: replies and
						 * ICMP errors */
	struct check_udp_conf	 conf;		/* pointers: the caller's,
						 * valid until done */
};

bool
check_udp_reply_ok(const struct check_udp_conf *c, const uint8_t *buf,
    size_t len, char *why, size_t whylen)
{
	size_t i;

	if (!c->require_reply)
		return true;
	if (len < c->min_reply_len || len > c->max_reply_len) {
		snprintf(why, whylen, "reply of %zu bytes, not %zu to %zu",
		    len, c->min_reply_len, c->max_reply_len);
		return false;
	}
	if (len < c->reply_len) {
		snprintf(why, whylen, "reply of %zu bytes, shorter than the "
		    "%zu required", len, c->reply_len);
		return false;
	}
	for (i = 0; i < c->reply_len; i++)
		if ((buf[i] & c->reply_mask[i]) !=
		    (c->reply[i] & c->reply_mask[i])) {
			snprintf(why, whylen, "reply mismatch at byte %zu", i);
			return false;
		}
	return true;
}

static void
udp_read(evutil_socket_t fd, short what, void *arg)
{
	struct udp_probe *c = arg;
	struct check_sock_probe *s = &c->s;
	static uint8_t buf[UDP_RX_MAX];
	ssize_t n;
	bool ok;

	n = recv(s->fd, buf, sizeof(buf), MSG_TRUNC);
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		check_sock_probe_end_errno(s, errno);
		return;
	}
	s->why[0] = '\0';
	ok = check_udp_reply_ok(&c->conf, buf, (size_t)n > sizeof(buf) ?
	    sizeof(buf) : (size_t)n, s->why, sizeof(s->why));
	check_sock_probe_end(s, ok, s->why);
}

struct check_probe *
check_udp_start(struct event_base *base, const struct check_probe_target *t,
    const struct check_udp_conf *conf, check_probe_done_fn done, void *arg)
{
	struct udp_probe *c;
	struct check_sock_probe *s;
	const char *what;

	s = check_sock_probe_new(base, sizeof(*c), "UDP_CHECK", done, arg);
	if (s == NULL)
		return NULL;
	c = (struct udp_probe *)s;
	c->conf = *conf;
	s->timeout_ok = !conf->require_reply;	/* no ICMP error: up */
	if ((s->fd = check_probe_socket(t, SOCK_DGRAM, &what)) == -1)
		check_sock_probe_fail_errno(s,
		    strcmp(what, "connect") == 0 ? "" : what, errno);
	else if (send(s->fd, conf->payload != NULL ? conf->payload :
	    (void *)"", conf->payload_len, 0) == -1)
		check_sock_probe_fail_errno(s, "send", errno);
	else
		check_sock_probe_arm(s, EV_READ, udp_read, t->timeout_ms);
	return &s->p;
}
