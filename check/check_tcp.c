/*
 * TCP_CHECK: the real server is up when a TCP connection to it completes
 * within the timeout; the connection is closed at once, nothing is sent.
 * The reason of a failure is the connection's error in words
 * ("connection refused", "no route to host") or "timeout".
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <string.h>

#include <event2/event.h>

#include "check/check_probe.h"

static void
tcp_connected(evutil_socket_t fd, short what, void *arg)
{
	struct check_sock_probe *s = arg;
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err == EINPROGRESS || err == EALREADY)
		return;			/* spurious; EV_WRITE waits on */
	if (err != 0) {
		check_sock_probe_end_errno(s, err);
		return;
	}
	check_sock_probe_end(s, true, "");
}

struct check_probe *
check_tcp_start(struct event_base *base, const struct check_probe_target *t,
    check_probe_done_fn done, void *arg)
{
	struct check_sock_probe *s;
	const char *what;

	s = check_sock_probe_new(base, sizeof(*s), "TCP_CHECK", done, arg);
	if (s == NULL)
		return NULL;
	if ((s->fd = check_probe_socket(t, SOCK_STREAM, &what)) == -1)
		check_sock_probe_fail_errno(s,
		    strcmp(what, "connect") == 0 ? "" : what, errno);
	else
		check_sock_probe_arm(s, EV_WRITE, tcp_connected, t->timeout_ms);
	return &s->p;
}
