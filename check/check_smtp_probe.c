/*
 * SMTP_CHECK: a real server is up when it greets with 220, answers
 * "HELO name" with 250 and takes our QUIT; the connection is closed once
 * QUIT has been written (its 221 is not waited for; a server that hangs
 * up as QUIT is written is up as well). Replies may span
 * lines ("220-first", "220 last"); each line is read by the mailer's
 * reply parser (smtp_reply_parse). Any other code, a line that is no
 * reply, a line over 512 bytes (RFC 5321 4.5.3.1.5), a reply over
 * SMTP_PROBE_LINES lines, a server that closes or stops talking fails,
 * with keepalived's words for it ("bad greeting banner", "bad HELO
 * response") and the server's line.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "check/check_probe.h"
#include "check/check_smtp.h"
#include "common/log.h"

#define SMTP_PROBE_LINE_MAX	512	/* a reply line, CRLF included */
#define SMTP_PROBE_LINES	100	/* lines of one reply */
#define SMTP_PROBE_HELO_MAX	255

enum smtp_probe_state {
	SMTP_PROBE_CONNECT,
	SMTP_PROBE_GREETING,
	SMTP_PROBE_HELO,
	SMTP_PROBE_QUIT,
};

static const struct {
	const char	*waiting;	/* what a timeout interrupted */
	const char	*bad;		/* keepalived's words for a bad reply */
	int		 code;		/* the reply wanted */
} smtp_probe_states[] = {
	[SMTP_PROBE_CONNECT] = { "timeout", NULL, 0 },
	[SMTP_PROBE_GREETING] = { "timeout waiting for the greeting",
	    "bad greeting banner", 220 },
	[SMTP_PROBE_HELO] = { "timeout waiting for the HELO response",
	    "bad HELO response", 250 },
	[SMTP_PROBE_QUIT] = { "timeout sending QUIT", NULL, 0 },
};

struct smtp_probe {
	struct check_probe	 p;		/* first */
	struct bufferevent	*bev;
	struct event		*timer;		/* timeout, or a failure
						 * deferred out of start */
	enum smtp_probe_state	 state;
	int			 lines;		/* of the reply being read */
	char			 helo[SMTP_PROBE_HELO_MAX + 1];
	char			 why[128];	/* the deferred failure */
};

static void
smtp_probe_free(struct smtp_probe *s)
{
	if (s->bev != NULL)
		bufferevent_free(s->bev);	/* closes the socket */
	if (s->timer != NULL)
		event_free(s->timer);
	free(s);
}

static void
smtp_probe_cancel(struct check_probe *p)
{
	smtp_probe_free((struct smtp_probe *)p);
}

static void
smtp_probe_end(struct smtp_probe *s, int ok, const char *why)
{
	check_probe_finish(&s->p, ok, "%s", why);
	smtp_probe_free(s);
}

static void
smtp_probe_timer(evutil_socket_t fd, short what, void *arg)
{
	struct smtp_probe *s = arg;

	smtp_probe_end(s, 0, s->why[0] != '\0' ? s->why :
	    smtp_probe_states[s->state].waiting);
}

/* Fail with what, and the server's line (printable, shortened). */
static void
smtp_probe_bad(struct smtp_probe *s, const char *what, const char *line,
    size_t len)
{
	char text[64];
	size_t i;

	for (i = 0; i < len && i < sizeof(text) - 1; i++)
		text[i] = line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '?';
	text[i] = '\0';
	snprintf(s->why, sizeof(s->why), "%s: \"%s%s\"", what, text,
	    len > i ? "..." : "");
	smtp_probe_end(s, 0, s->why);
}

/* One reply line; 1 when the probe ended. */
static int
smtp_probe_line(struct smtp_probe *s, const char *line, size_t len)
{
	const char *bad = smtp_probe_states[s->state].bad;
	bool last;
	int code;

	if (bad == NULL)
		return 0;		/* after QUIT: not read */
	if (smtp_reply_parse(line, len, &code, &last) == -1) {
		smtp_probe_bad(s, "malformed reply", line, len);
		return 1;
	}
	if (code != smtp_probe_states[s->state].code) {
		smtp_probe_bad(s, bad, line, len);
		return 1;
	}
	if (!last) {
		if (++s->lines >= SMTP_PROBE_LINES) {
			smtp_probe_bad(s, "reply of too many lines", line, len);
			return 1;
		}
		return 0;
	}
	s->lines = 0;
	if (s->state == SMTP_PROBE_GREETING) {
		evbuffer_add_printf(bufferevent_get_output(s->bev),
		    "HELO %s\r\n", s->helo);
		s->state = SMTP_PROBE_HELO;
	} else {
		evbuffer_add_printf(bufferevent_get_output(s->bev),
		    "QUIT\r\n");
		s->state = SMTP_PROBE_QUIT;
	}
	return 0;
}

static void
smtp_probe_read(struct bufferevent *bev, void *arg)
{
	struct smtp_probe *s = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	char *line;
	size_t len;
	int ended;

	if (s->state == SMTP_PROBE_CONNECT)
		s->state = SMTP_PROBE_GREETING;
	while (s->state != SMTP_PROBE_QUIT &&
	    (line = evbuffer_readln(in, &len, EVBUFFER_EOL_CRLF)) != NULL) {
		if (len > SMTP_PROBE_LINE_MAX - 2) {
			free(line);
			smtp_probe_end(s, 0, "reply line over 512 bytes");
			return;
		}
		ended = smtp_probe_line(s, line, len);
		free(line);
		if (ended)
			return;
	}
	if (s->state == SMTP_PROBE_QUIT)
		evbuffer_drain(in, evbuffer_get_length(in));
	else if (evbuffer_get_length(in) > SMTP_PROBE_LINE_MAX)
		/* No line end in more than a whole line's bytes. */
		smtp_probe_end(s, 0, "reply line over 512 bytes");
}

/* The output is written: after QUIT, the probe succeeded. */
static void
smtp_probe_written(struct bufferevent *bev, void *arg)
{
	struct smtp_probe *s = arg;

	if (s->state == SMTP_PROBE_QUIT)
		smtp_probe_end(s, 1, "");
}

static void
smtp_probe_event(struct bufferevent *bev, short what, void *arg)
{
	struct smtp_probe *s = arg;
	int err = EVUTIL_SOCKET_ERROR();

	if (what & BEV_EVENT_CONNECTED) {
		/* The greeting may have been read already. */
		if (s->state == SMTP_PROBE_CONNECT)
			s->state = SMTP_PROBE_GREETING;
		return;
	}
	if (s->state == SMTP_PROBE_QUIT) {
		/* The server hung up on our QUIT: HELO was answered. */
		smtp_probe_end(s, 1, "");
		return;
	}
	if (what & BEV_EVENT_EOF) {
		snprintf(s->why, sizeof(s->why), "connection closed by the "
		    "server%s", s->state == SMTP_PROBE_GREETING ?
		    " before its greeting" : "");
		smtp_probe_end(s, 0, s->why);
		return;
	}
	check_probe_errstr(s->why, sizeof(s->why), "", err != 0 ? err : EIO);
	smtp_probe_end(s, 0, s->why);
}

/* The connection under way; on failure s->why says why. */
static void
smtp_probe_connect(struct smtp_probe *s, struct event_base *base,
    const struct check_probe_target *t)
{
	const char *what;
	int fd;

	if ((fd = check_probe_socket(t, SOCK_STREAM, &what)) == -1) {
		check_probe_errstr(s->why, sizeof(s->why),
		    strcmp(what, "connect") == 0 ? "" : what, errno);
		return;
	}
	s->bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (s->bev == NULL) {
		close(fd);
		snprintf(s->why, sizeof(s->why), "out of memory");
		return;
	}
	bufferevent_setcb(s->bev, smtp_probe_read, smtp_probe_written,
	    smtp_probe_event, s);
	if (bufferevent_socket_connect(s->bev, NULL, 0) == -1) {
		snprintf(s->why, sizeof(s->why), "connect failed");
		return;
	}
	bufferevent_enable(s->bev, EV_READ | EV_WRITE);
}

/* name fit for a HELO line: printable, no space, not too long. */
static int
smtp_probe_helo_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > SMTP_PROBE_HELO_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (name[i] <= 0x20 || name[i] >= 0x7f)
			return 0;
	return 1;
}

struct check_probe *
check_smtp_probe_start(struct event_base *base,
    const struct check_probe_target *t, const char *helo_name,
    check_probe_done_fn done, void *arg)
{
	struct smtp_probe *s;
	struct timeval tv;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_warn("SMTP_CHECK");
		return NULL;
	}
	s->p.cancel = smtp_probe_cancel;
	s->p.done = done;
	s->p.arg = arg;
	if ((s->timer = evtimer_new(base, smtp_probe_timer, s)) == NULL) {
		log_warnx("SMTP_CHECK: out of memory");
		free(s);
		return NULL;
	}
	if (helo_name == NULL || helo_name[0] == '\0') {
		if (gethostname(s->helo, sizeof(s->helo) - 1) == -1)
			snprintf(s->helo, sizeof(s->helo), "localhost");
	} else
		snprintf(s->helo, sizeof(s->helo), "%s", helo_name);
	if (!smtp_probe_helo_ok(s->helo))
		snprintf(s->why, sizeof(s->why), "invalid HELO name");
	else
		smtp_probe_connect(s, base, t);
	if (s->why[0] != '\0') {
		event_active(s->timer, EV_TIMEOUT, 0);
		return &s->p;
	}
	tv.tv_sec = t->timeout_ms / 1000;
	tv.tv_usec = (t->timeout_ms % 1000) * 1000;
	evtimer_add(s->timer, &tv);
	return &s->p;
}
