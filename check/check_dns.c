/*
 * DNS_CHECK: one query over UDP to the real server, judged by its reply.
 *
 * The query: one question, name and type from the configuration (class
 * IN), a random 16-bit id, RD set, no EDNS; sent once from a socket
 * connected to the target, so that only datagrams from the target's
 * address and port are read at all.
 *
 * Success, as keepalived 2.2.7's DNS_CHECK decides it: the server
 * answered the query with rcode 0 (NOERROR). Nothing else in the reply
 * counts: an empty answer section (NODATA) and a set TC bit still mean a
 * server that works. Any other rcode (NXDOMAIN, SERVFAIL, REFUSED ...)
 * fails at once. A datagram that is not an answer to the query (shorter
 * than a header, another id, QR clear, another opcode, another question,
 * or one cut short inside its question) is ignored as keepalived ignores
 * one of another id or without QR, and the probe waits on; if nothing
 * better comes before the timeout, the probe fails with "timeout" and the
 * reason the last datagram was ignored. Beyond keepalived, the question
 * must be ours (name compared without regard to case, type, class),
 * unless a server with an error rcode left the question out (a FORMERR
 * may): that still fails with its rcode. An ICMP port unreachable fails
 * with "connection refused". keepalived's defaults (type SOA, name ".",
 * retry 3) are the configuration's business, not this file's.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <event2/event.h>

#include "check/check_dns.h"
#include "check/check_probe.h"
#include "common/log.h"

#define DNS_FLAG_QR	0x8000
#define DNS_FLAG_RD	0x0100
#define DNS_OPCODE(f)	(((f) >> 11) & 0xf)
#define DNS_RCODE(f)	((f) & 0xf)
#define DNS_CLASS_IN	1
#define DNS_RECV_MAX	4096	/* a datagram read; the rest is not needed */

static const struct {
	const char	*name;
	int		 type;
} dns_types[] = {
	{ "A", 1 }, { "NS", 2 }, { "CNAME", 5 }, { "SOA", 6 }, { "MX", 15 },
	{ "TXT", 16 }, { "AAAA", 28 },
};

static const char *const dns_rcodes[] = {
	"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
	"YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
};

struct dns_probe {
	struct check_probe	 p;		/* first */
	struct event		*rd;
	struct event		*timer;		/* timeout, or a failure
						 * deferred out of start */
	int			 fd;
	uint8_t			 query[CHECK_DNS_QUERY_MAX];
	size_t			 qlen;
	char			 why[96];	/* the deferred failure */
	char			 ignored[96];	/* why the last datagram was */
};

int
check_dns_type(const char *name)
{
	char *end;
	unsigned long n;
	size_t i;

	for (i = 0; i < sizeof(dns_types) / sizeof(dns_types[0]); i++)
		if (strcasecmp(name, dns_types[i].name) == 0)
			return dns_types[i].type;
	if (!isdigit((unsigned char)name[0]))
		return -1;
	errno = 0;
	n = strtoul(name, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > 65535)
		return -1;
	return (int)n;
}

static void
dns_put16(uint8_t *p, unsigned v)
{
	p[0] = (v >> 8) & 0xff;
	p[1] = v & 0xff;
}

static unsigned
dns_get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* name as labels at buf; the encoded length, or -1. */
static int
dns_encode_name(uint8_t *buf, const char *name)
{
	size_t n = 0, l;
	const char *s = name, *dot;

	if (strcmp(name, ".") == 0)
		s = "";
	while (*s != '\0') {
		dot = strchr(s, '.');
		l = dot != NULL ? (size_t)(dot - s) : strlen(s);
		if (l == 0 || l > 63 || n + 1 + l + 1 > CHECK_DNS_NAME_MAX)
			return -1;
		buf[n++] = (uint8_t)l;
		memcpy(buf + n, s, l);
		n += l;
		s += l;
		if (*s == '.')
			s++;
	}
	buf[n++] = 0;
	return (int)n;
}

int
check_dns_query(uint8_t *buf, size_t len, uint16_t id, int type,
    const char *name)
{
	int n;

	if (len < CHECK_DNS_QUERY_MAX || type < 1 || type > 65535)
		return -1;
	memset(buf, 0, CHECK_DNS_HDR);
	dns_put16(buf, id);
	dns_put16(buf + 2, DNS_FLAG_RD);
	dns_put16(buf + 4, 1);			/* QDCOUNT */
	if ((n = dns_encode_name(buf + CHECK_DNS_HDR, name)) == -1)
		return -1;
	n += CHECK_DNS_HDR;
	dns_put16(buf + n, (unsigned)type);
	dns_put16(buf + n + 2, DNS_CLASS_IN);
	return n + 4;
}

/* The reply's question is the query's: the name without regard to case
 * (label lengths are never letters), then type and class exactly. */
static int
dns_same_question(const uint8_t *q, size_t qlen, const uint8_t *r)
{
	size_t i;

	for (i = CHECK_DNS_HDR; i < qlen - 4; i++)
		if (tolower(q[i]) != tolower(r[i]))
			return 0;
	return memcmp(q + qlen - 4, r + qlen - 4, 4) == 0;
}

static enum check_dns_verdict
dns_rcode_fail(int rcode, char *whybuf, size_t whylen)
{
	snprintf(whybuf, whylen, "rcode %d (%s)", rcode,
	    rcode < (int)(sizeof(dns_rcodes) / sizeof(dns_rcodes[0])) ?
	    dns_rcodes[rcode] : "unknown");
	return CHECK_DNS_FAIL;
}

static enum check_dns_verdict
dns_ignore(const char *why, char *whybuf, size_t whylen)
{
	snprintf(whybuf, whylen, "%s", why);
	return CHECK_DNS_IGNORE;
}

enum check_dns_verdict
check_dns_reply(const uint8_t *query, size_t qlen, const uint8_t *reply,
    size_t rlen, int *rcode, char *whybuf, size_t whylen)
{
	unsigned flags;

	*rcode = 0;
	if (whylen > 0)
		whybuf[0] = '\0';
	if (rlen < CHECK_DNS_HDR)
		return dns_ignore("short datagram", whybuf, whylen);
	if (memcmp(reply, query, 2) != 0)
		return dns_ignore("id mismatch", whybuf, whylen);
	flags = dns_get16(reply + 2);
	if (!(flags & DNS_FLAG_QR))
		return dns_ignore("not a response (QR clear)", whybuf, whylen);
	if (DNS_OPCODE(flags) != 0)
		return dns_ignore("opcode mismatch", whybuf, whylen);
	*rcode = DNS_RCODE(flags);
	if (dns_get16(reply + 4) == 0 && *rcode != 0)
		return dns_rcode_fail(*rcode, whybuf, whylen);
	if (dns_get16(reply + 4) != 1)
		return dns_ignore("question mismatch", whybuf, whylen);
	if (rlen < qlen)
		return dns_ignore("truncated datagram", whybuf, whylen);
	if (!dns_same_question(query, qlen, reply))
		return dns_ignore("question mismatch", whybuf, whylen);
	if (*rcode != 0)
		return dns_rcode_fail(*rcode, whybuf, whylen);
	return CHECK_DNS_OK;
}

static void
dns_free(struct dns_probe *d)
{
	if (d->rd != NULL)
		event_free(d->rd);
	if (d->timer != NULL)
		event_free(d->timer);
	if (d->fd != -1)
		close(d->fd);
	free(d);
}

static void
dns_cancel(struct check_probe *p)
{
	dns_free((struct dns_probe *)p);
}

static void
dns_end(struct dns_probe *d, int ok, const char *why)
{
	check_probe_finish(&d->p, ok, "%s", why != NULL ? why : "");
	dns_free(d);
}

static void
dns_timer(evutil_socket_t fd, short what, void *arg)
{
	struct dns_probe *d = arg;
	char why[128];

	if (d->why[0] != '\0') {
		dns_end(d, 0, d->why);
		return;
	}
	if (d->ignored[0] != '\0')
		snprintf(why, sizeof(why), "timeout (last reply ignored: %s)",
		    d->ignored);
	else
		snprintf(why, sizeof(why), "timeout");
	dns_end(d, 0, why);
}

static void
dns_read(evutil_socket_t fd, short what, void *arg)
{
	struct dns_probe *d = arg;
	uint8_t buf[DNS_RECV_MAX];
	char why[96];
	ssize_t n;
	int rcode;

	for (;;) {
		n = recv(d->fd, buf, sizeof(buf), MSG_TRUNC);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n == -1) {
			check_probe_errstr(why, sizeof(why), "", errno);
			dns_end(d, 0, why);
			return;
		}
		if ((size_t)n > sizeof(buf))
			n = sizeof(buf);
		switch (check_dns_reply(d->query, d->qlen, buf, (size_t)n,
		    &rcode, why, sizeof(why))) {
		case CHECK_DNS_OK:
			dns_end(d, 1, NULL);
			return;
		case CHECK_DNS_FAIL:
			dns_end(d, 0, why);
			return;
		case CHECK_DNS_IGNORE:
			log_debug("DNS_CHECK: datagram ignored: %s", why);
			snprintf(d->ignored, sizeof(d->ignored), "%s", why);
			break;
		}
	}
}

/* Socket, query sent, read event; on failure d->why says why. */
static void
dns_send(struct dns_probe *d, struct event_base *base,
    const struct check_probe_target *t, int type, const char *name)
{
	const char *what;
	int n;

	n = check_dns_query(d->query, sizeof(d->query),
	    (uint16_t)arc4random_uniform(65536), type, name);
	if (n == -1) {
		snprintf(d->why, sizeof(d->why), "invalid query name or type");
		return;
	}
	d->qlen = (size_t)n;
	if ((d->fd = check_probe_socket(t, SOCK_DGRAM, &what)) == -1) {
		check_probe_errstr(d->why, sizeof(d->why),
		    strcmp(what, "connect") == 0 ? "" : what, errno);
		return;
	}
	if (send(d->fd, d->query, d->qlen, 0) != (ssize_t)d->qlen) {
		check_probe_errstr(d->why, sizeof(d->why), "send", errno);
		return;
	}
	d->rd = event_new(base, d->fd, EV_READ | EV_PERSIST, dns_read, d);
	if (d->rd == NULL || event_add(d->rd, NULL) == -1)
		snprintf(d->why, sizeof(d->why), "out of memory");
}

struct check_probe *
check_dns_start(struct event_base *base, const struct check_probe_target *t,
    int type, const char *name, check_probe_done_fn done, void *arg)
{
	struct dns_probe *d;
	struct timeval tv;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		log_warn("DNS_CHECK");
		return NULL;
	}
	d->p.cancel = dns_cancel;
	d->p.done = done;
	d->p.arg = arg;
	d->fd = -1;
	if ((d->timer = evtimer_new(base, dns_timer, d)) == NULL) {
		log_warnx("DNS_CHECK: out of memory");
		free(d);
		return NULL;
	}
	dns_send(d, base, t, type, name);
	if (d->why[0] != '\0') {
		event_active(d->timer, EV_TIMEOUT, 0);
		return &d->p;
	}
	tv.tv_sec = t->timeout_ms / 1000;
	tv.tv_usec = (t->timeout_ms % 1000) * 1000;
	evtimer_add(d->timer, &tv);
	return &d->p;
}
