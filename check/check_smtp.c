/*
 * The e-mail alert queue and its SMTP client (RFC 5321), on the check
 * child's event loop. One alert is delivered at a time, in the order the
 * state changes came, over one connection each:
 *
 *   resolve -> connect -> 220 greeting -> HELO 250 -> MAIL FROM 250 ->
 *   RCPT TO 250/251 (each recipient) -> DATA 354 -> text "." 250 -> QUIT
 *
 * Every step waits at most smtp_connect_timeout. A reply 4xx, a refused
 * or timed out connection, or a name that does not resolve is worth
 * another try later (SMTP_TRIES in all, SMTP_RETRY_FIRST_S doubling in
 * between); a reply 5xx is the relay's final word on that mail. A
 * recipient refused is logged and the others still get the mail.
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>

#include "check/check_smtp.h"
#include "common/conf_rx.h"
#include "common/log.h"
#include "common/util.h"

struct smtp_mail {
	TAILQ_ENTRY(smtp_mail) entry;
	char		 subject[3 * IPC_MAIL_LEN];	/* for the log */
	char		*sender;
	char		**rcpt;
	size_t		 nrcpt;
	char		*data;		/* stuffed, ends with ".\r\n" */
	size_t		 len;
	int		 tries;
};
TAILQ_HEAD(smtp_queue, smtp_mail);

enum smtp_step {
	SMTP_IDLE, SMTP_WAIT, SMTP_RESOLVE, SMTP_CONNECT, SMTP_GREETING,
	SMTP_HELO, SMTP_MAIL, SMTP_RCPT, SMTP_DATA, SMTP_BODY, SMTP_QUIT
};

static const char *const smtp_step_names[] = {
	[SMTP_IDLE] = "idle", [SMTP_WAIT] = "waiting",
	[SMTP_RESOLVE] = "resolving", [SMTP_CONNECT] = "connecting",
	[SMTP_GREETING] = "the greeting", [SMTP_HELO] = "HELO",
	[SMTP_MAIL] = "MAIL FROM", [SMTP_RCPT] = "RCPT TO",
	[SMTP_DATA] = "DATA", [SMTP_BODY] = "the end of the text",
	[SMTP_QUIT] = "QUIT",
};

static struct {
	struct event_base	*base;
	struct evdns_base	*dns;
	char			 hostname[256];
	/* The configuration. */
	struct msg_conf_smtp	 relay;		/* server "": no e-mail */
	char			 router_id[256];	/* or the host name */
	struct msg_conf_mail	*mail;		/* recipients and alerters */
	size_t			 nmail;
	struct msg_conf_mail	*prev;		/* the configuration before: */
	size_t			 nprev;		/* DELETED comes after it */
	bool			 configured;
	bool			 stopping;	/* one more try each, no retry */
	/* State changes heard before the first configuration: the vrrp
	 * child reports its instances' first state as the check child
	 * receives its configuration, on another channel. */
	struct msg_vrrp_state	*early;
	size_t			 nearly;
	/* The queue and the one delivery under way. */
	struct smtp_queue	 queue;
	size_t			 nqueued;
	enum smtp_step		 step;
	struct smtp_mail	*cur;
	struct bufferevent	*bev;
	struct evdns_getaddrinfo_request *dnsreq;
	struct evutil_addrinfo	*ai;		/* the relay's addresses */
	struct evutil_addrinfo	*ai_next;	/* the next to try */
	char			 peer[INET6_ADDRSTRLEN + 8];
	size_t			 rcpt_i, rcpt_ok;
	bool			 rcpt_temp;	/* a recipient refused for now */
	char			 reply[160];	/* last reply line, for the log */
	struct event		*step_ev;	/* this step's timeout */
	struct event		*next_ev;	/* next delivery or try */
	/* Counters. */
	unsigned long		 sent, failed, dropped, tries_failed;
} smtp;

static void smtp_step_start(void);
static void smtp_connect_next(int err);
static void smtp_next_cb(evutil_socket_t, short, void *);
static void smtp_timeout_cb(evutil_socket_t, short, void *);

static const char *
smtp_server_name(void)
{
	static char buf[IPC_MAIL_LEN + 16];

	snprintf(buf, sizeof(buf), "%s:%u", smtp.relay.server,
	    smtp.relay.port);
	return buf;
}

/* notification_email_from, else vigil@ the host name. */
static const char *
smtp_sender(void)
{
	static char buf[IPC_MAIL_LEN + 8];

	if (smtp.relay.from[0] != '\0')
		return smtp.relay.from;
	snprintf(buf, sizeof(buf), "vigil@%s", smtp.hostname);
	return buf;
}

void
check_smtp_init(struct event_base *base)
{
	smtp.base = base;
	TAILQ_INIT(&smtp.queue);
	if (gethostname(smtp.hostname, sizeof(smtp.hostname)) == -1)
		snprintf(smtp.hostname, sizeof(smtp.hostname), "localhost");
	smtp.hostname[sizeof(smtp.hostname) - 1] = '\0';
	smtp.step_ev = evtimer_new(base, smtp_timeout_cb, NULL);
	smtp.next_ev = evtimer_new(base, smtp_next_cb, NULL);
	if (smtp.step_ev == NULL || smtp.next_ev == NULL)
		fatalx("smtp: cannot set up timers");
}

static void
smtp_mail_free(struct smtp_mail *m)
{
	size_t i;

	for (i = 0; i < m->nrcpt; i++)
		free(m->rcpt[i]);
	free(m->rcpt);
	free(m->sender);
	free(m->data);
	free(m);
}

static void
smtp_timer(struct event *ev, int seconds)
{
	struct timeval tv = { .tv_sec = seconds };

	evtimer_add(ev, &tv);
}

/* End the connection (and any lookup) of the delivery under way. */
static void
smtp_close(void)
{
	struct evdns_getaddrinfo_request *req = smtp.dnsreq;

	evtimer_del(smtp.step_ev);
	smtp.dnsreq = NULL;
	if (req != NULL)
		evdns_getaddrinfo_cancel(req);
	if (smtp.bev != NULL) {
		bufferevent_free(smtp.bev);
		smtp.bev = NULL;
	}
	if (smtp.ai != NULL) {
		evutil_freeaddrinfo(smtp.ai);
		smtp.ai = smtp.ai_next = NULL;
	}
}

/* The delivery under way is over (sent, or given up): the next one. */
static void
smtp_done(void)
{
	struct smtp_mail *m = smtp.cur;

	smtp.cur = NULL;
	if (m != NULL) {
		TAILQ_REMOVE(&smtp.queue, m, entry);
		smtp.nqueued--;
		smtp_mail_free(m);
	}
	smtp.step = SMTP_IDLE;
	if (!TAILQ_EMPTY(&smtp.queue))
		smtp_timer(smtp.next_ev, 0);
}

/* This try failed; temporary: worth another one later. */
static void
smtp_fail(bool temporary, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
smtp_fail(bool temporary, const char *fmt, ...)
{
	struct smtp_mail *m = smtp.cur;
	char why[400];
	va_list ap;
	int delay;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	smtp_close();
	smtp.tries_failed++;
	if (temporary && m->tries < SMTP_TRIES && !smtp.stopping) {
		delay = SMTP_RETRY_FIRST_S << (m->tries - 1);
		log_warnx("e-mail alert \"%s\": try %d of %d failed: %s: %s; "
		    "next try in %d s", m->subject, m->tries, SMTP_TRIES,
		    smtp_server_name(), why, delay);
		smtp.step = SMTP_WAIT;
		smtp_timer(smtp.next_ev, delay);
		return;
	}
	smtp.failed++;
	if (temporary)
		log_warnx("e-mail alert \"%s\" not sent: %s: %s (try %d of %d, "
		    "giving up%s)", m->subject, smtp_server_name(), why,
		    m->tries, SMTP_TRIES, smtp.stopping ? ": stopping" : "");
	else
		log_warnx("e-mail alert \"%s\" not sent: %s refused it: %s",
		    m->subject, smtp_server_name(), why);
	smtp_done();
}

/* Send one command line; step: what its reply answers. */
static void
smtp_send(enum smtp_step step, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
smtp_send(enum smtp_step step, const char *fmt, ...)
{
	struct evbuffer *out = bufferevent_get_output(smtp.bev);
	va_list ap;

	va_start(ap, fmt);
	evbuffer_add_vprintf(out, fmt, ap);
	va_end(ap);
	evbuffer_add(out, "\r\n", 2);
	smtp.step = step;
	smtp_timer(smtp.step_ev, smtp.relay.connect_timeout);
}

static void
smtp_next_rcpt(void)
{
	struct smtp_mail *m = smtp.cur;

	if (smtp.rcpt_i < m->nrcpt) {
		smtp_send(SMTP_RCPT, "RCPT TO:<%s>", m->rcpt[smtp.rcpt_i]);
		return;
	}
	if (smtp.rcpt_ok > 0)
		smtp_send(SMTP_DATA, "DATA");
	else
		smtp_fail(smtp.rcpt_temp, "every recipient refused");
}

/* A whole reply to the step under way: on to the next step. */
static void
smtp_reply(int code)
{
	struct smtp_mail *m = smtp.cur;
	bool ok = code / 100 == 2, temp = code / 100 != 5;

	switch (smtp.step) {
	case SMTP_GREETING:
		if (code != 220)
			break;
		smtp_send(SMTP_HELO, "HELO %s", smtp.relay.helo_name[0] ?
		    smtp.relay.helo_name : smtp.hostname);
		return;
	case SMTP_HELO:
		if (!ok)
			break;
		smtp_send(SMTP_MAIL, "MAIL FROM:<%s>", m->sender);
		return;
	case SMTP_MAIL:
		if (!ok)
			break;
		smtp.rcpt_i = smtp.rcpt_ok = 0;
		smtp.rcpt_temp = false;
		smtp_next_rcpt();
		return;
	case SMTP_RCPT:
		if (ok)
			smtp.rcpt_ok++;
		else {
			smtp.rcpt_temp |= temp;
			log_warnx("e-mail alert \"%s\": %s refused recipient "
			    "%s: %s", m->subject, smtp_server_name(),
			    m->rcpt[smtp.rcpt_i], smtp.reply);
		}
		smtp.rcpt_i++;
		smtp_next_rcpt();
		return;
	case SMTP_DATA:
		if (code != 354)
			break;
		bufferevent_write(smtp.bev, m->data, m->len);
		smtp.step = SMTP_BODY;
		smtp_timer(smtp.step_ev, smtp.relay.connect_timeout);
		return;
	case SMTP_BODY:
		if (!ok)
			break;
		smtp.sent++;
		log_info("e-mail alert \"%s\" sent to %zu recipient%s through "
		    "%s", m->subject, smtp.rcpt_ok, smtp.rcpt_ok == 1 ? "" :
		    "s", smtp_server_name());
		smtp_send(SMTP_QUIT, "QUIT");
		return;
	case SMTP_QUIT:
		smtp_close();
		smtp_done();
		return;
	default:
		return;
	}
	smtp_fail(temp, "%s answered: %s", smtp_step_names[smtp.step],
	    smtp.reply);
}

static void
smtp_read(struct bufferevent *bev, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t len;
	char *line;
	bool last;
	int code;

	while (smtp.bev == bev &&
	    (line = evbuffer_readln(in, &len, EVBUFFER_EOL_CRLF)) != NULL) {
		if (len > SMTP_LINE_MAX ||
		    smtp_reply_parse(line, len, &code, &last) == -1) {
			snprintf(smtp.reply, sizeof(smtp.reply), "%.80s", line);
			free(line);
			smtp_fail(true, "not an SMTP reply: \"%s\"", smtp.reply);
			return;
		}
		snprintf(smtp.reply, sizeof(smtp.reply), "%.*s",
		    (int)(len < 150 ? len : 150), line);
		free(line);
		if (last)
			smtp_reply(code);
	}
	if (smtp.bev == bev && evbuffer_get_length(in) > SMTP_LINE_MAX)
		smtp_fail(true, "reply line longer than %d bytes",
		    SMTP_LINE_MAX);
}

static void
smtp_event(struct bufferevent *bev, short what, void *arg)
{
	int err = EVUTIL_SOCKET_ERROR();

	if (smtp.step == SMTP_CONNECT) {
		if (what & BEV_EVENT_CONNECTED) {
			smtp.step = SMTP_GREETING;
			smtp_timer(smtp.step_ev, smtp.relay.connect_timeout);
			bufferevent_enable(bev, EV_READ);
		} else {
			bufferevent_free(smtp.bev);
			smtp.bev = NULL;
			smtp_connect_next(err);
		}
		return;
	}
	if (smtp.step == SMTP_QUIT) {
		smtp_close();
		smtp_done();
		return;
	}
	if (what & BEV_EVENT_EOF)
		smtp_fail(true, "connection closed while waiting for %s",
		    smtp_step_names[smtp.step]);
	else
		smtp_fail(true, "waiting for %s: %s",
		    smtp_step_names[smtp.step], evutil_socket_error_to_string(err));
}

static void
smtp_peer_name(const struct evutil_addrinfo *ai)
{
	const void *a = ai->ai_family == AF_INET6 ?
	    (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr :
	    (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr;

	if (evutil_inet_ntop(ai->ai_family, a, smtp.peer,
	    sizeof(smtp.peer)) == NULL)
		snprintf(smtp.peer, sizeof(smtp.peer), "?");
}

/* Connect to the next address of the relay; err: why the last failed. */
static void
smtp_connect_next(int err)
{
	struct evutil_addrinfo *ai = smtp.ai_next;
	int fd;

	for (; ai != NULL; ai = ai->ai_next) {
		smtp.ai_next = ai->ai_next;
		smtp_peer_name(ai);
		fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
		if (fd == -1) {
			err = errno;
			continue;
		}
		smtp.bev = bufferevent_socket_new(smtp.base, fd,
		    BEV_OPT_CLOSE_ON_FREE);
		if (smtp.bev == NULL) {
			close(fd);
			err = ENOMEM;
			continue;
		}
		bufferevent_setcb(smtp.bev, smtp_read, NULL, smtp_event, NULL);
		smtp.step = SMTP_CONNECT;
		smtp_timer(smtp.step_ev, smtp.relay.connect_timeout);
		log_debug("e-mail alert \"%s\": connecting to %s port %u",
		    smtp.cur->subject, smtp.peer, smtp.relay.port);
		if (bufferevent_socket_connect(smtp.bev, ai->ai_addr,
		    ai->ai_addrlen) == 0)
			return;
		err = errno;
		bufferevent_free(smtp.bev);
		smtp.bev = NULL;
	}
	smtp_fail(true, "connect: %s", err == ETIMEDOUT ? "timed out" :
	    strerror(err));
}

static void
smtp_resolved(int result, struct evutil_addrinfo *res, void *arg)
{
	if (result == EVUTIL_EAI_CANCEL)
		return;		/* smtp_close() did it */
	smtp.dnsreq = NULL;
	if (result != 0) {
		smtp_fail(true, "cannot resolve %s: %s", smtp.relay.server,
		    evutil_gai_strerror(result));
		return;
	}
	smtp.ai = smtp.ai_next = res;
	smtp_connect_next(EHOSTUNREACH);
}

/* An address as is; a name through evdns (created on first use). */
static void
smtp_resolve(void)
{
	struct evutil_addrinfo hints = { .ai_family = AF_UNSPEC,
	    .ai_socktype = SOCK_STREAM, .ai_protocol = IPPROTO_TCP,
	    .ai_flags = EVUTIL_AI_NUMERICHOST | EVUTIL_AI_NUMERICSERV };
	struct evdns_getaddrinfo_request *req;
	char port[8];

	snprintf(port, sizeof(port), "%u", smtp.relay.port);
	smtp.step = SMTP_RESOLVE;
	smtp_timer(smtp.step_ev, smtp.relay.connect_timeout);
	if (evutil_getaddrinfo(smtp.relay.server, port, &hints,
	    &smtp.ai) == 0) {
		smtp.ai_next = smtp.ai;
		smtp_connect_next(EHOSTUNREACH);
		return;
	}
	smtp.ai = NULL;
	if (smtp.dns == NULL && (smtp.dns = evdns_base_new(smtp.base,
	    EVDNS_BASE_INITIALIZE_NAMESERVERS |
	    EVDNS_BASE_DISABLE_WHEN_INACTIVE)) == NULL) {
		smtp_fail(true, "no resolver (/etc/resolv.conf)");
		return;
	}
	hints.ai_flags = EVUTIL_AI_NUMERICSERV | EVUTIL_AI_ADDRCONFIG;
	req = evdns_getaddrinfo(smtp.dns, smtp.relay.server, port, &hints,
	    smtp_resolved, NULL);
	/* NULL: answered already (smtp_resolved ran). */
	if (req != NULL && smtp.step == SMTP_RESOLVE)
		smtp.dnsreq = req;
}

/* The next delivery, or the next try of the current one. */
static void
smtp_step_start(void)
{
	if (smtp.step != SMTP_IDLE && smtp.step != SMTP_WAIT)
		return;
	if (smtp.cur == NULL && (smtp.cur = TAILQ_FIRST(&smtp.queue)) == NULL)
		return;
	if (smtp.relay.server[0] == '\0') {
		log_warnx("e-mail alert \"%s\" not sent: no smtp_server any "
		    "more", smtp.cur->subject);
		smtp.failed++;
		smtp_done();
		return;
	}
	smtp.cur->tries++;
	smtp.reply[0] = '\0';
	smtp_resolve();
}

static void
smtp_next_cb(evutil_socket_t fd, short ev, void *arg)
{
	smtp_step_start();
}

static void
smtp_timeout_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct bufferevent *bev = smtp.bev;

	switch (smtp.step) {
	case SMTP_RESOLVE:
		smtp_fail(true, "resolving %s timed out", smtp.relay.server);
		break;
	case SMTP_CONNECT:
		smtp.bev = NULL;
		bufferevent_free(bev);
		smtp_connect_next(ETIMEDOUT);
		break;
	case SMTP_QUIT:
		smtp_close();
		smtp_done();
		break;
	default:
		smtp_fail(true, "no answer to %s within %u s",
		    smtp_step_names[smtp.step], smtp.relay.connect_timeout);
		break;
	}
}

static bool
smtp_alerter(const struct msg_conf_mail *mail, size_t n, const char *name,
    bool group)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mail[i].kind == MAIL_ALERT &&
		    !(mail[i].flags & MAIL_F_GROUP) == !group &&
		    strcmp(mail[i].name, name) == 0)
			return true;
	return false;
}

/* Whether this change is mailed. An instance a reload removed is no
 * longer in the configuration when its DELETED may come: the one before
 * says whether it alerted. */
static bool
smtp_wanted(const struct msg_vrrp_state *s)
{
	bool group = (s->flags & VRRP_STATE_F_GROUP) != 0;

	switch (s->state) {
	case VREPORT_FAULT:
		if (smtp.relay.flags & SMTP_F_NO_FAULTS)
			return false;
		break;
	case VREPORT_MASTER:
	case VREPORT_BACKUP:
	case VREPORT_STOP:
		break;
	case VREPORT_DELETED:
		if (group)
			return false;	/* a removed sync group: no mail */
		if (smtp_alerter(smtp.prev, smtp.nprev, s->name, group))
			return true;
		break;
	default:
		return false;	/* INIT; a lower priority advert heard */
	}
	return smtp_alerter(smtp.mail, smtp.nmail, s->name, group);
}

void
check_smtp_apply(const struct conf_set *s)
{
	size_t i;

	free(smtp.prev);
	smtp.prev = smtp.mail;
	smtp.nprev = smtp.nmail;
	smtp.mail = NULL;
	smtp.nmail = 0;
	smtp.relay = s->smtp;
	snprintf(smtp.router_id, sizeof(smtp.router_id), "%s",
	    s->global.router_id[0] ? s->global.router_id : smtp.hostname);
	if (s->nmail > 0) {
		smtp.mail = xreallocarray(NULL, s->nmail, sizeof(*smtp.mail));
		memcpy(smtp.mail, s->mail, s->nmail * sizeof(*smtp.mail));
		smtp.nmail = s->nmail;
	}
	if (smtp.relay.server[0] != '\0')
		log_info("e-mail alerts through %s from %s", smtp_server_name(),
		    smtp_sender());
	smtp.configured = true;
	for (i = 0; i < smtp.nearly; i++)
		check_smtp_state(&smtp.early[i]);
	free(smtp.early);
	smtp.early = NULL;
	smtp.nearly = 0;
}

/* An alert waits in the queue; the oldest waiting goes when it is full. */
static void
smtp_enqueue(struct smtp_mail *m)
{
	struct smtp_mail *old;

	if (smtp.nqueued >= SMTP_QUEUE_MAX) {
		old = TAILQ_FIRST(&smtp.queue);
		if (old == smtp.cur)
			old = TAILQ_NEXT(old, entry);
		TAILQ_REMOVE(&smtp.queue, old, entry);
		smtp.nqueued--;
		smtp.dropped++;
		log_warnx("e-mail queue full (%d alerts): dropped \"%s\"",
		    SMTP_QUEUE_MAX, old->subject);
		smtp_mail_free(old);
	}
	TAILQ_INSERT_TAIL(&smtp.queue, m, entry);
	smtp.nqueued++;
	if (smtp.step == SMTP_IDLE)
		smtp_timer(smtp.next_ev, 0);
}


/* Queue a mail saying a. */
static void
smtp_queue_alert(struct smtp_alert *a)
{
	struct evbuffer *text, *data;
	struct smtp_mail *m;
	size_t i;

	m = xcalloc(1, sizeof(*m));
	m->sender = xstrdup(smtp_sender());
	for (i = 0; i < smtp.nmail; i++) {
		if (smtp.mail[i].kind != MAIL_RCPT)
			continue;
		m->rcpt = xreallocarray(m->rcpt, m->nrcpt + 1,
		    sizeof(*m->rcpt));
		m->rcpt[m->nrcpt++] = xstrdup(smtp.mail[i].name);
	}
	a->sender = m->sender;
	a->rcpt = (const char *const *)m->rcpt;
	a->nrcpt = m->nrcpt;
	smtp_subject(m->subject, sizeof(m->subject), a);
	if ((text = evbuffer_new()) == NULL || (data = evbuffer_new()) == NULL)
		fatalx("smtp: out of memory");
	smtp_format(text, a);
	smtp_dot_stuff(data, (const char *)evbuffer_pullup(text, -1),
	    evbuffer_get_length(text));
	m->len = evbuffer_get_length(data);
	m->data = xmalloc(m->len);
	evbuffer_remove(data, m->data, m->len);
	evbuffer_free(text);
	evbuffer_free(data);
	log_debug("e-mail alert \"%s\" queued", m->subject);
	smtp_enqueue(m);
}

void
check_smtp_state(const struct msg_vrrp_state *s)
{
	struct smtp_alert a = { .router_id = smtp.router_id, .name = s->name,
	    .group = (s->flags & VRRP_STATE_F_GROUP) != 0, .state = s->state,
	    .from = s->from, .priority = s->priority,
	    .base_priority = s->base_priority, .time_us = s->time_us };

	if (!smtp.configured) {
		if (smtp.nearly < SMTP_QUEUE_MAX) {
			smtp.early = xreallocarray(smtp.early, smtp.nearly + 1,
			    sizeof(*smtp.early));
			smtp.early[smtp.nearly++] = *s;
		}
		return;
	}
	if (smtp.relay.server[0] == '\0' || !smtp_wanted(s))
		return;
	smtp_queue_alert(&a);
}

void
check_smtp_checker(const char *what, const char *body)
{
	struct smtp_alert a = { .router_id = smtp.router_id, .name = "",
	    .subject = what, .body = body };
	struct timespec ts;

	if (!smtp.configured || smtp.relay.server[0] == '\0')
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	a.time_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	smtp_queue_alert(&a);
}

void
check_smtp_dump_data(struct ipc_chan *c, uint32_t id)
{
	size_t i;

	if (smtp.relay.server[0] == '\0')
		return;
	ipc_dump_printf(c, id, " SMTP server = %s\n SMTP HELO name = %s\n"
	    " SMTP connect timeout = %u s\n Email notification from = %s\n",
	    smtp_server_name(), smtp.relay.helo_name[0] ?
	    smtp.relay.helo_name : smtp.hostname, smtp.relay.connect_timeout,
	    smtp_sender());
	for (i = 0; i < smtp.nmail; i++)
		ipc_dump_printf(c, id, smtp.mail[i].kind == MAIL_RCPT ?
		    " Email notification = %s\n" : smtp.mail[i].flags &
		    MAIL_F_GROUP ? " SMTP alert for sync group = %s\n" :
		    " SMTP alert for instance = %s\n", smtp.mail[i].name);
}

void
check_smtp_dump_stats(struct ipc_chan *c, uint32_t id)
{
	ipc_dump_printf(c, id, " E-mail alerts sent = %lu\n"
	    " E-mail alerts not sent = %lu\n E-mail alerts dropped = %lu\n"
	    " E-mail alerts queued = %zu\n E-mail tries failed = %lu\n",
	    smtp.sent, smtp.failed, smtp.dropped, smtp.nqueued,
	    smtp.tries_failed);
}

/*
 * Stopping: the check child runs on a little (struct proc's draining)
 * while alerts wait, the STOP ones the vrrp child just reported
 * included. Each gets one more try at once, none is retried.
 */
void
check_smtp_shutdown(void)
{
	smtp.stopping = true;
	if (smtp.nqueued == 0)
		return;
	log_info("stopping: %zu e-mail alert%s to send, one try each",
	    smtp.nqueued, smtp.nqueued == 1 ? "" : "s");
	if (smtp.step == SMTP_WAIT)
		smtp_timer(smtp.next_ev, 0);
}

size_t
check_smtp_pending(void)
{
	return smtp.nqueued;
}
