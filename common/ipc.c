/* IPC channels over SOCK_SEQPACKET: queueing, sending, receiving, checks. */
#include "ipc.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "util.h"

#define FROM(p)		(1u << (p))
#define CORE		FROM(PROC_CORE)
#define VRRP		FROM(PROC_VRRP)
#define CHECK		FROM(PROC_CHECK)
#define CHILDREN	(VRRP | CHECK)

/* Who may send each message to whom, and its payload size bounds. */
static const struct msg_rule {
	const char	*name;
	unsigned	 from;		/* senders */
	unsigned	 to;		/* receivers */
	size_t		 min;
	size_t		 max;
	bool		 fd;		/* carries one fd, always */
} msg_rules[MSG_MAX] = {
#define R(t, f, d, lo, hi) [t] = { #t, f, d, lo, hi, false }
#define FIXED(t, f, d, type) R(t, f, d, sizeof(type), sizeof(type))
#define WITH_FD(t, f, d, lo, hi) [t] = { #t, f, d, lo, hi, true }
	FIXED(MSG_CONF_BEGIN, CORE, CHILDREN, struct msg_conf_begin),
	FIXED(MSG_CONF_GLOBAL, CORE, CHILDREN, struct msg_conf_global),
	FIXED(MSG_CONF_INSTANCE, CORE, VRRP, struct msg_conf_instance),
	FIXED(MSG_CONF_VIP, CORE, VRRP, struct msg_conf_vip),
	FIXED(MSG_CONF_ROUTE, CORE, VRRP, struct msg_conf_route),
	FIXED(MSG_CONF_SCRIPT, CORE, CHILDREN, struct msg_conf_script),
	FIXED(MSG_CONF_TRACK, CORE, VRRP, struct msg_conf_track),
	FIXED(MSG_CONF_SYNC, CORE, VRRP, struct msg_conf_sync),
	FIXED(MSG_CONF_VS, CORE, CHECK, struct msg_conf_vs),
	FIXED(MSG_CONF_VSG, CORE, CHECK, struct msg_conf_vsg),
	FIXED(MSG_CONF_RS, CORE, CHECK, struct msg_conf_rs),
	FIXED(MSG_CONF_CHECK, CORE, CHECK, struct msg_conf_check),
	FIXED(MSG_CONF_URL, CORE, CHECK, struct msg_conf_url),
	FIXED(MSG_CONF_LVS_CMD, CORE, CHECK, struct msg_conf_lvs_cmd),
	FIXED(MSG_CONF_SSL, CORE, CHECK, struct msg_conf_ssl),
	FIXED(MSG_CONF_NOTIFY, CORE, CHILDREN, struct msg_conf_notify),
	FIXED(MSG_CONF_TRACK_FILE, CORE, VRRP, struct msg_conf_track_file),
	FIXED(MSG_CONF_TRACK_PROCESS, CORE, VRRP,
	    struct msg_conf_track_process),
	FIXED(MSG_CONF_SMTP, CORE, CHECK, struct msg_conf_smtp),
	FIXED(MSG_CONF_MAIL, CORE, CHECK, struct msg_conf_mail),
	FIXED(MSG_CONF_FIFO, CORE, CHECK, struct msg_conf_fifo),
	FIXED(MSG_CONF_END, CORE, CHILDREN, struct msg_conf_gen),
	FIXED(MSG_DUMP_DATA, CORE, CHILDREN, struct msg_dump),
	FIXED(MSG_DUMP_STATS, CORE, CHILDREN, struct msg_dump),
	FIXED(MSG_DUMP_JSON, CORE, VRRP, struct msg_dump),
	FIXED(MSG_STATUS, CORE, CHILDREN, struct msg_dump),
	WITH_FD(MSG_PEER_FD, CORE, CHILDREN, 0, 0),
	WITH_FD(MSG_FIFO_FD, CORE, CHECK, sizeof(struct msg_fifo_fd),
	    sizeof(struct msg_fifo_fd)),
	FIXED(MSG_CONF_APPLIED, CHILDREN, CORE, struct msg_conf_gen),
	R(MSG_DUMP_TEXT, CHILDREN, CORE, sizeof(struct msg_dump) + 1,
	    IPC_MAX_PAYLOAD),
	FIXED(MSG_DUMP_END, CHILDREN, CORE, struct msg_dump),
	FIXED(MSG_FIFO_READER, CHECK, CORE, struct msg_fifo_reader),
	R(MSG_EVENT, CHILDREN, CORE, 2, IPC_MAX_PAYLOAD),
	FIXED(MSG_PEER_HELLO, CHILDREN, CHILDREN, struct msg_peer_hello),
	FIXED(MSG_SCRIPT_RESULT, CHECK, VRRP, struct msg_script_result),
	R(MSG_SCRIPT_QUERY, VRRP, CHECK, 0, 0),
	FIXED(MSG_VRRP_STATE, VRRP, CHECK, struct msg_vrrp_state),
	FIXED(MSG_TEST_SCRIPT, CORE, CHECK, struct msg_script_result),
	FIXED(MSG_CONF_BFD, CORE, CHILDREN, struct msg_conf_bfd),
	FIXED(MSG_BFD_STATE, VRRP, CHECK, struct msg_bfd_state),
#undef WITH_FD
#undef FIXED
#undef R
};

static const char *const proc_names[PROC_MAX] = {
	[PROC_CORE] = "core", [PROC_VRRP] = "vrrp", [PROC_CHECK] = "check",
};

static void ipc_read(evutil_socket_t, short, void *);
static void ipc_write(evutil_socket_t, short, void *);

const char *
proc_name(enum proc_id id)
{
	return (unsigned)id < PROC_MAX ? proc_names[id] : "?";
}

const char *
msg_name(uint32_t type)
{
	if (type < MSG_MAX && msg_rules[type].name != NULL)
		return msg_rules[type].name;
	return "unknown";
}

bool
ipc_str_ok(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

struct ipc_chan *
ipc_chan_new(struct event_base *base, int fd, enum proc_id self,
    enum proc_id peer, ipc_dispatch_fn dispatch, ipc_error_fn error, void *arg)
{
	struct ipc_chan *c = xcalloc(1, sizeof(*c));

	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		fatal("ipc: fcntl");
	c->fd = fd;
	c->self = self;
	c->peer = peer;
	c->dispatch = dispatch;
	c->error = error;
	c->arg = arg;
	TAILQ_INIT(&c->outq);
	c->rev = event_new(base, fd, EV_READ | EV_PERSIST, ipc_read, c);
	c->wev = event_new(base, fd, EV_WRITE, ipc_write, c);
	if (c->rev == NULL || c->wev == NULL || event_add(c->rev, NULL) == -1)
		fatalx("ipc: cannot set up events");
	return c;
}

static void
ipc_close(struct ipc_chan *c)
{
	struct ipc_buf *b;

	if (c->fd == -1)
		return;
	event_del(c->rev);
	event_del(c->wev);
	close(c->fd);
	c->fd = -1;
	while ((b = TAILQ_FIRST(&c->outq)) != NULL) {
		TAILQ_REMOVE(&c->outq, b, entry);
		if (b->fd != -1)
			close(b->fd);
		free(b);
	}
}

void
ipc_chan_free(struct ipc_chan *c)
{
	if (c == NULL)
		return;
	ipc_close(c);
	event_free(c->rev);
	event_free(c->wev);
	free(c);
}

/* Close the channel and tell the owner, who may free it. */
static void
ipc_fail(struct ipc_chan *c, const char *reason)
{
	ipc_close(c);
	c->error(c, reason);
}

static void
ipc_enqueue(struct ipc_chan *c, const void *buf, size_t len, int fd)
{
	struct ipc_buf *b;

	if (c->fd == -1) {
		if (fd != -1)
			close(fd);
		return;
	}
	b = xmalloc(sizeof(*b) + len);
	b->len = len;
	b->fd = fd;
	memcpy(b->data, buf, len);
	TAILQ_INSERT_TAIL(&c->outq, b, entry);
	event_add(c->wev, NULL);
}

static void
ipc_build(struct ipc_chan *c, enum msg_type type, const void *data,
    size_t len, int fd)
{
	unsigned char buf[sizeof(struct ipc_hdr) + IPC_MAX_PAYLOAD];
	struct ipc_hdr hdr = { .type = type, .len = len, .pid = getpid() };

	if (len > IPC_MAX_PAYLOAD)
		fatalx("ipc: %s of %zu bytes is too large", msg_name(type), len);
	memcpy(buf, &hdr, sizeof(hdr));
	if (len > 0)
		memcpy(buf + sizeof(hdr), data, len);
	ipc_enqueue(c, buf, sizeof(hdr) + len, fd);
}

void
ipc_send(struct ipc_chan *c, enum msg_type type, const void *data, size_t len)
{
	ipc_build(c, type, data, len, -1);
}

void
ipc_send_fd(struct ipc_chan *c, enum msg_type type, int fd)
{
	ipc_build(c, type, NULL, 0, fd);
}

void
ipc_send_with_fd(struct ipc_chan *c, enum msg_type type, const void *data,
    size_t len, int fd)
{
	ipc_build(c, type, data, len, fd);
}

void
ipc_dump_printf(struct ipc_chan *c, uint32_t id, const char *fmt, ...)
{
	char buf[IPC_MAX_PAYLOAD];
	struct msg_dump d = { .id = id };
	size_t max = sizeof(buf) - sizeof(d);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + sizeof(d), max, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	if ((size_t)n >= max)
		n = max - 1;
	memcpy(buf, &d, sizeof(d));
	ipc_send(c, MSG_DUMP_TEXT, buf, sizeof(d) + n);
}

void
ipc_send_raw(struct ipc_chan *c, const void *buf, size_t len)
{
	ipc_enqueue(c, buf, len, -1);
}

/* Send one queued buffer: 1 sent, 0 would block, -1 peer gone. */
static int
ipc_write_one(struct ipc_chan *c, struct ipc_buf *b)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} cmsgbuf;
	struct iovec iov = { .iov_base = b->data, .iov_len = b->len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;

	if (b->fd != -1) {
		memset(&cmsgbuf, 0, sizeof(cmsgbuf));
		msg.msg_control = cmsgbuf.buf;
		msg.msg_controllen = sizeof(cmsgbuf.buf);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &b->fd, sizeof(int));
	}
	if (sendmsg(c->fd, &msg, MSG_NOSIGNAL) == -1) {
		if (errno == EAGAIN || errno == EINTR || errno == ENOBUFS)
			return 0;
		return -1;
	}
	return 1;
}

static void
ipc_write(evutil_socket_t fd, short ev, void *arg)
{
	struct ipc_chan *c = arg;
	struct ipc_buf *b;
	int r;

	while ((b = TAILQ_FIRST(&c->outq)) != NULL) {
		if ((r = ipc_write_one(c, b)) == 0) {
			event_add(c->wev, NULL);
			return;
		}
		if (r == -1) {
			ipc_fail(c, NULL);
			return;
		}
		TAILQ_REMOVE(&c->outq, b, entry);
		if (b->fd != -1)
			close(b->fd);
		free(b);
	}
}

void
ipc_flush(struct ipc_chan *c)
{
	struct ipc_buf *b;

	if (c == NULL || c->fd == -1)
		return;
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) & ~O_NONBLOCK);
	while ((b = TAILQ_FIRST(&c->outq)) != NULL) {
		if (ipc_write_one(c, b) != 1)
			break;
		TAILQ_REMOVE(&c->outq, b, entry);
		if (b->fd != -1)
			close(b->fd);
		free(b);
	}
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
}

/* Check a received message; NULL if good, else what is wrong with it. */
static const char *
ipc_check(const struct ipc_chan *c, const struct ipc_hdr *h, size_t n,
    int fd, char *why, size_t whylen)
{
	const struct msg_rule *r;

	if (n < sizeof(*h)) {
		snprintf(why, whylen, "truncated header (%zu bytes)", n);
		return why;
	}
	if (h->type >= MSG_MAX || msg_rules[h->type].name == NULL) {
		snprintf(why, whylen, "unknown message type %u", h->type);
		return why;
	}
	r = &msg_rules[h->type];
	if (h->len != n - sizeof(*h))
		snprintf(why, whylen, "%s: header says %u bytes, got %zu",
		    r->name, h->len, n - sizeof(*h));
	else if (h->len < r->min || h->len > r->max)
		snprintf(why, whylen, "%s: bad size %u (want %zu..%zu)",
		    r->name, h->len, r->min, r->max);
	else if (!(r->from & FROM(c->peer)) || !(r->to & FROM(c->self)))
		snprintf(why, whylen, "%s not allowed from %s to %s", r->name,
		    proc_name(c->peer), proc_name(c->self));
	else if (r->fd != (fd != -1))
		snprintf(why, whylen, "%s: %s file descriptor", r->name,
		    fd == -1 ? "missing" : "unexpected");
	else
		return NULL;
	return why;
}

/* Receive one datagram; returns its length, 0 on EOF, -1 would block. */
static ssize_t
ipc_recv(struct ipc_chan *c, void *buf, size_t len, int *fd, bool *trunc)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} cmsgbuf;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = cmsgbuf.buf, .msg_controllen = sizeof(cmsgbuf.buf) };
	struct cmsghdr *cmsg;
	ssize_t n;

	*fd = -1;
	if ((n = recvmsg(c->fd, &msg, MSG_CMSG_CLOEXEC)) == -1) {
		if (errno == EAGAIN || errno == EINTR)
			return -1;
		return 0;	/* ECONNRESET and the like: the peer is gone */
	}
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg))
		if (cmsg->cmsg_level == SOL_SOCKET &&
		    cmsg->cmsg_type == SCM_RIGHTS && *fd == -1)
			memcpy(fd, CMSG_DATA(cmsg), sizeof(int));
	*trunc = (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0;
	return n;
}

static void
ipc_read(evutil_socket_t sfd, short ev, void *arg)
{
	struct ipc_chan *c = arg;
	unsigned char buf[sizeof(struct ipc_hdr) + IPC_MAX_PAYLOAD + 1];
	char why[160];
	struct ipc_msg m;
	bool trunc = false;
	ssize_t n;
	int fd;

	if ((n = ipc_recv(c, buf, sizeof(buf), &fd, &trunc)) == -1)
		return;
	if (n == 0) {
		ipc_fail(c, NULL);
		return;
	}
	memset(&m, 0, sizeof(m));
	memcpy(&m.hdr, buf, (size_t)n < sizeof(m.hdr) ? (size_t)n : sizeof(m.hdr));
	if (trunc) {
		snprintf(why, sizeof(why), "oversized message");
		if (fd != -1)
			close(fd);
		ipc_fail(c, why);
		return;
	}
	if (ipc_check(c, &m.hdr, n, fd, why, sizeof(why)) != NULL) {
		if (fd != -1)
			close(fd);
		ipc_fail(c, why);
		return;
	}
	m.data = buf + sizeof(m.hdr);
	m.fd = fd;
	c->dispatch(c, &m);
}

/* The messages a dead peer left in the socket, dispatched now (until
 * EOF, which frees c through its error callback, or none is left). */
void
ipc_drain(struct ipc_chan *c, struct ipc_chan *const *slot)
{
	struct pollfd p;

	while (*slot == c && c->fd != -1) {
		p.fd = c->fd;
		p.events = POLLIN;
		if (poll(&p, 1, 0) != 1)
			return;
		ipc_read(c->fd, EV_READ, c);
	}
}

void
ipc_fatal_error(struct ipc_chan *c, const char *reason)
{
	if (reason == NULL)
		fatalx("ipc: %s process closed the channel, exiting",
		    proc_name(c->peer));
	fatalx("ipc: malformed message from %s process: %s",
	    proc_name(c->peer), reason);
}
