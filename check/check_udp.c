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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "check/check_probe.h"
#include "common/log.h"

#define UDP_RX_MAX	65536

struct udp_probe {
	struct check_probe	 p;		/* first */
	struct event		*rd;
	struct event		*timer;
	int			 fd;
	int			 failed;	/* why holds a start failure */
	struct check_udp_conf	 conf;		/* pointers: the caller's,
						 * valid until done */
	char			 why[128];
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
udp_free(struct udp_probe *c)
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
udp_cancel(struct check_probe *p)
{
	udp_free((struct udp_probe *)p);
}

static void
udp_end(struct udp_probe *c, int ok, const char *why)
{
	check_probe_finish(&c->p, ok, "%s", why);
	udp_free(c);
}

static void
udp_timer(evutil_socket_t fd, short what, void *arg)
{
	struct udp_probe *c = arg;

	if (c->failed)
		udp_end(c, 0, c->why);
	else if (c->conf.require_reply)
		udp_end(c, 0, "timeout");
	else
		udp_end(c, 1, "");	/* no ICMP error: up */
}

static void
udp_read(evutil_socket_t fd, short what, void *arg)
{
	struct udp_probe *c = arg;
	static uint8_t buf[UDP_RX_MAX];
	ssize_t n;
	bool ok;

	n = recv(c->fd, buf, sizeof(buf), MSG_TRUNC);
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		check_probe_errstr(c->why, sizeof(c->why), "", errno);
		udp_end(c, 0, c->why);
		return;
	}
	c->why[0] = '\0';
	ok = check_udp_reply_ok(&c->conf, buf, (size_t)n > sizeof(buf) ?
	    sizeof(buf) : (size_t)n, c->why, sizeof(c->why));
	udp_end(c, ok, c->why);
}

static void
udp_fail_later(struct udp_probe *c)
{
	c->failed = 1;
	event_active(c->timer, EV_TIMEOUT, 0);
}

struct check_probe *
check_udp_start(struct event_base *base, const struct check_probe_target *t,
    const struct check_udp_conf *conf, check_probe_done_fn done, void *arg)
{
	struct udp_probe *c;
	struct timeval tv;
	const char *what;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("UDP_CHECK");
		return NULL;
	}
	c->p.cancel = udp_cancel;
	c->p.done = done;
	c->p.arg = arg;
	c->conf = *conf;
	if ((c->timer = evtimer_new(base, udp_timer, c)) == NULL) {
		log_warnx("UDP_CHECK: out of memory");
		free(c);
		return NULL;
	}
	if ((c->fd = check_probe_socket(t, SOCK_DGRAM, &what)) == -1) {
		check_probe_errstr(c->why, sizeof(c->why),
		    strcmp(what, "connect") == 0 ? "" : what, errno);
		udp_fail_later(c);
		return &c->p;
	}
	if (send(c->fd, conf->payload != NULL ? conf->payload : (void *)"",
	    conf->payload_len, 0) == -1) {
		check_probe_errstr(c->why, sizeof(c->why), "send", errno);
		udp_fail_later(c);
		return &c->p;
	}
	c->rd = event_new(base, c->fd, EV_READ | EV_PERSIST, udp_read, c);
	if (c->rd == NULL || event_add(c->rd, NULL) == -1) {
		snprintf(c->why, sizeof(c->why), "out of memory");
		udp_fail_later(c);
		return &c->p;
	}
	tv.tv_sec = t->timeout_ms / 1000;
	tv.tv_usec = (t->timeout_ms % 1000) * 1000;
	evtimer_add(c->timer, &tv);
	return &c->p;
}
