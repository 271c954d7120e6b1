/*
 * What every probe family shares: cancelling, finishing, the socket a
 * probe connects from, keepalived's name of a checked service, and the
 * life of a probe over one socket (check_sock_probe).
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include <event2/event.h>

#include "check/check_probe.h"
#include "common/log.h"

void
check_probe_cancel(struct check_probe *p)
{
	if (p != NULL)
		p->cancel(p);
}

void
check_probe_finish(struct check_probe *p, bool ok, const char *fmt, ...)
{
	struct check_probe_result r;
	va_list ap;

	memset(&r, 0, sizeof(r));
	r.ok = ok;
	r.weight = -1;
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(r.why, sizeof(r.why), fmt, ap);
		va_end(ap);
	}
	p->done(p->arg, &r);
}

int
check_probe_socket(const struct check_probe_target *t, int type,
    const char **what)
{
	return check_probe_socket_proto(t, type, 0, what);
}

int
check_probe_socket_proto(const struct check_probe_target *t, int type,
    int proto, const char **what)
{
	int fd, one = 1, saved;

	*what = "socket";
	fd = socket(t->dst.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    proto);
	if (fd == -1)
		return -1;
	/* The interface before the bind: the kernel binds an IPv6
	 * link-local address only on a socket held to an interface. */
	if (t->bind_if[0] != '\0') {
		*what = "SO_BINDTODEVICE";
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, t->bind_if,
		    strlen(t->bind_if)) == -1)
			goto fail;
	}
	if (t->srclen > 0) {
		*what = "bind";
		if (type == SOCK_STREAM)
			(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
			    sizeof(one));
		if (bind(fd, (const struct sockaddr *)&t->src, t->srclen) == -1)
			goto fail;
	}
	if (t->fwmark != 0) {
		*what = "SO_MARK";
		if (setsockopt(fd, SOL_SOCKET, SO_MARK, &t->fwmark,
		    sizeof(t->fwmark)) == -1)
			goto fail;
	}
	*what = "connect";
	if (connect(fd, (const struct sockaddr *)&t->dst, t->dstlen) == -1 &&
	    errno != EINPROGRESS)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

char *
check_probe_errstr(char *buf, size_t len, const char *step, int err)
{
	size_t at;

	if (len == 0)
		return buf;
	snprintf(buf, len, "%s%s%s", step, step[0] != '\0' ? ": " : "",
	    strerror(err));
	at = strlen(step) + (step[0] != '\0' ? 2 : 0);
	if (at < len)
		buf[at] = (char)tolower((unsigned char)buf[at]);
	return buf;
}

const char *
check_probe_name(const struct sockaddr_storage *ss, int proto, char *buf,
    size_t len)
{
	char a[INET6_ADDRSTRLEN];
	const char *p = proto == IPPROTO_UDP ? "udp" :
	    proto == IPPROTO_SCTP ? "sctp" : "tcp";
	unsigned port = 0;

	a[0] = '\0';
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)ss;

		inet_ntop(AF_INET, &s->sin_addr, a, sizeof(a));
		port = ntohs(s->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)ss;

		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof(a));
		port = ntohs(s->sin6_port);
	}
	snprintf(buf, len, "[%s]:%s:%u", a, p, port);
	return buf;
}

static void
sock_probe_free(struct check_sock_probe *s)
{
	if (s->ev != NULL)
		event_free(s->ev);
	if (s->timer != NULL)
		event_free(s->timer);
	if (s->fd != -1)
		close(s->fd);
	free(s);
}

static void
sock_probe_cancel(struct check_probe *p)
{
	sock_probe_free((struct check_sock_probe *)p);
}

void
check_sock_probe_end(struct check_sock_probe *s, bool ok, const char *why)
{
	check_probe_finish(&s->p, ok, "%s", why);
	sock_probe_free(s);
}

void
check_sock_probe_end_errno(struct check_sock_probe *s, int err)
{
	check_probe_errstr(s->why, sizeof(s->why), "", err);
	check_sock_probe_end(s, false, s->why);
}

static void
sock_probe_timer(evutil_socket_t fd, short what, void *arg)
{
	struct check_sock_probe *s = arg;

	if (s->failed)
		check_sock_probe_end(s, false, s->why);
	else if (s->timeout_ok)
		check_sock_probe_end(s, true, "");
	else
		check_sock_probe_end(s, false, "timeout");
}

struct check_sock_probe *
check_sock_probe_new(struct event_base *base, size_t size, const char *name,
    check_probe_done_fn done, void *arg)
{
	struct check_sock_probe *s;

	if ((s = calloc(1, size)) == NULL) {
		log_warn("%s", name);
		return NULL;
	}
	s->p.cancel = sock_probe_cancel;
	s->p.done = done;
	s->p.arg = arg;
	s->fd = -1;
	if ((s->timer = evtimer_new(base, sock_probe_timer, s)) == NULL) {
		log_warnx("%s: out of memory", name);
		free(s);
		return NULL;
	}
	return s;
}

void
check_sock_probe_fail_later(struct check_sock_probe *s)
{
	s->failed = true;
	event_active(s->timer, EV_TIMEOUT, 0);
}

void
check_sock_probe_fail_errno(struct check_sock_probe *s, const char *step,
    int err)
{
	check_probe_errstr(s->why, sizeof(s->why), step, err);
	check_sock_probe_fail_later(s);
}

void
check_sock_probe_arm(struct check_sock_probe *s, short what,
    void (*cb)(int, short, void *), unsigned int timeout_ms)
{
	struct timeval tv;

	s->ev = event_new(event_get_base(s->timer), s->fd, what | EV_PERSIST,
	    cb, s);
	if (s->ev == NULL || event_add(s->ev, NULL) == -1) {
		snprintf(s->why, sizeof(s->why), "out of memory");
		check_sock_probe_fail_later(s);
		return;
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(s->timer, &tv);
}
