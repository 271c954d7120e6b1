/*
 * TCP_CHECK: the real server is up when a TCP connection to it completes
 * within the timeout; the connection is closed at once, nothing is sent.
 * The reason of a failure is the connection's error in words
 * ("connection refused", "no route to host") or "timeout".
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

struct tcp_probe {
	struct check_probe	 p;		/* first */
	struct event		*wr;		/* the connect's end */
	struct event		*timer;		/* timeout, or a failure
						 * deferred out of start */
	int			 fd;
	char			 why[96];	/* the deferred failure */
};

static void
tcp_free(struct tcp_probe *c)
{
	if (c->wr != NULL)
		event_free(c->wr);
	if (c->timer != NULL)
		event_free(c->timer);
	if (c->fd != -1)
		close(c->fd);
	free(c);
}

static void
tcp_cancel(struct check_probe *p)
{
	tcp_free((struct tcp_probe *)p);
}

static void
tcp_end(struct tcp_probe *c, int ok, const char *why)
{
	check_probe_finish(&c->p, ok, "%s", why);
	tcp_free(c);
}

static void
tcp_timer(evutil_socket_t fd, short what, void *arg)
{
	struct tcp_probe *c = arg;

	tcp_end(c, 0, c->why[0] != '\0' ? c->why : "timeout");
}

static void
tcp_connected(evutil_socket_t fd, short what, void *arg)
{
	struct tcp_probe *c = arg;
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err == EINPROGRESS || err == EALREADY)
		return;			/* spurious; EV_WRITE waits on */
	if (err != 0) {
		check_probe_errstr(c->why, sizeof(c->why), "", err);
		tcp_end(c, 0, c->why);
		return;
	}
	tcp_end(c, 1, "");
}

struct check_probe *
check_tcp_start(struct event_base *base, const struct check_probe_target *t,
    check_probe_done_fn done, void *arg)
{
	struct tcp_probe *c;
	struct timeval tv;
	const char *what;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("TCP_CHECK");
		return NULL;
	}
	c->p.cancel = tcp_cancel;
	c->p.done = done;
	c->p.arg = arg;
	if ((c->timer = evtimer_new(base, tcp_timer, c)) == NULL) {
		log_warnx("TCP_CHECK: out of memory");
		free(c);
		return NULL;
	}
	if ((c->fd = check_probe_socket(t, SOCK_STREAM, &what)) == -1) {
		check_probe_errstr(c->why, sizeof(c->why),
		    strcmp(what, "connect") == 0 ? "" : what, errno);
		event_active(c->timer, EV_TIMEOUT, 0);
		return &c->p;
	}
	c->wr = event_new(base, c->fd, EV_WRITE | EV_PERSIST, tcp_connected,
	    c);
	if (c->wr == NULL || event_add(c->wr, NULL) == -1) {
		snprintf(c->why, sizeof(c->why), "out of memory");
		event_active(c->timer, EV_TIMEOUT, 0);
		return &c->p;
	}
	tv.tv_sec = t->timeout_ms / 1000;
	tv.tv_usec = (t->timeout_ms % 1000) * 1000;
	evtimer_add(c->timer, &tv);
	return &c->p;
}
