/*
 * HTTP_GET and SSL_GET, one attempt: every url in turn, over a connection
 * each, as keepalived does them:
 *
 *   connect -> [TLS handshake] -> GET -> status line, headers
 *     -> status code accepted? -> no digest, no regex: done with this url
 *                              -> body through the regex and MD5:
 *                                 regex verdict, digest compared
 *
 * The body is read only when a digest or a regex is wanted, and then
 * streamed into the hash and the regex window (common/http_regex.c; a
 * bufferevent's input is drained at each read): a 10 MB page costs time,
 * not memory. Without a digest the url is decided at the end of the
 * headers, or once the regex has decided, and its connection closed.
 * The parser
 * (check_http_parse.c) bounds the header block. One timer bounds the
 * whole attempt, every url's connection included.
 *
 * Plain HTTP drives its socket itself (where the event loop is
 * edge-triggered: epoll): one edge-triggered event for the
 * connection's life (connect, request, answer), so a check costs one
 * epoll registration and its removal, where a bufferevent would add,
 * modify and remove it again (10,000 checks a second: a tenth of the
 * check child's CPU). TLS runs through libevent's OpenSSL bufferevent on
 * the connected socket, with SNI when asked; the server's certificate is
 * checked only when the SSL block names a ca.
 *
 * Differences from keepalived 2.2.7, on purpose: a chunked body is decoded
 * before it is hashed (keepalived hashes the chunk framing too; nginx
 * serving a file never chunks, so common digests agree); a body shorter
 * than its Content-Length fails; the Host header carries no ":80"
 * (":443" for SSL_GET); with a ca the chain is verified.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "check/check_http.h"
#include "common/http_regex.h"
#include "common/log.h"

struct http_url {
	char			*path;
	char			*digest;	/* NULL: none */
	char			*vhost;		/* NULL: check's */
	uint64_t		 status[8];
	struct http_regex	*regex;		/* our reference, or NULL */
};

struct http_probe {
	struct check_probe	 hdr;
	struct event_base	*base;
	struct check_probe_target t;
	struct http_url		*urls;
	size_t			 nurls;
	char			*vhost;
	int			 proto;
	SSL_CTX			*ssl;		/* our reference */
	bool			 sni;
	const struct check_http_observer *obs;

	size_t			 i;		/* the url fetched */
	int			 fd;		/* ours, or -1 */
	bool			 connected;
	struct event		*step;		/* first connection */
	struct event		*conn;		/* TLS: connect() ends */
	struct event		*io;		/* plain: the socket */
	char			*req;		/* plain: the request */
	size_t			 reqlen, reqoff;
	struct event		*timer;		/* whole attempt */
	struct bufferevent	*bev;
	bool			 tls_up;
	struct check_http_resp	 resp;
	EVP_MD_CTX		*md;		/* hashing the body */
	struct http_regex_run	*rx;		/* matching the body */
	char			 name[CHECK_PROBE_NAME_LEN];
	size_t			 url_base;	/* urls[0]'s index in its check */
};

static void http_connect(struct http_probe *);

static void
http_close(struct http_probe *p)
{
	if (p->bev != NULL)
		bufferevent_free(p->bev);
	p->bev = NULL;
	if (p->conn != NULL)
		event_free(p->conn);
	p->conn = NULL;
	if (p->io != NULL)
		event_free(p->io);
	p->io = NULL;
	free(p->req);
	p->req = NULL;
	p->reqlen = p->reqoff = 0;
	p->connected = false;
	if (p->fd != -1)
		close(p->fd);
	p->fd = -1;
	if (p->md != NULL)
		EVP_MD_CTX_free(p->md);
	p->md = NULL;
	http_regex_run_free(p->rx);
	p->rx = NULL;
	p->tls_up = false;
}

static void
http_free(struct http_probe *p)
{
	size_t i;

	http_close(p);
	if (p->step != NULL)
		event_free(p->step);
	if (p->timer != NULL)
		event_free(p->timer);
	for (i = 0; i < p->nurls; i++) {
		free(p->urls[i].path);
		free(p->urls[i].digest);
		free(p->urls[i].vhost);
		http_regex_free(p->urls[i].regex);
	}
	free(p->urls);
	free(p->vhost);
	if (p->ssl != NULL)
		SSL_CTX_free(p->ssl);
	free(p);
}

static void
http_cancel(struct check_probe *hdr)
{
	http_free((struct http_probe *)hdr);
}

/* The attempt fails at the current url: "url 2 (/x): why", the path cut
 * to 24 bytes so that a digest error fits in a result's why. */
static void __attribute__((format(printf, 2, 3)))
http_fail(struct http_probe *p, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	http_close(p);
	check_probe_finish(&p->hdr, false, "url %zu (%.24s%s): %s",
	    p->url_base + p->i + 1,
	    p->urls[p->i].path, strlen(p->urls[p->i].path) > 24 ? "..." : "",
	    why);
	http_free(p);
}

/* This url passed: the next, or the end of the attempt. */
static void
http_url_ok(struct http_probe *p)
{
	http_close(p);
	if (++p->i < p->nurls) {
		http_connect(p);
		return;
	}
	check_probe_finish(&p->hdr, true, NULL);
	http_free(p);
}

static const char *
http_host(struct http_probe *p, char *buf, size_t len)
{
	struct check_http_url u = { .virtualhost = p->urls[p->i].vhost };
	struct check_http_conf c = { .virtualhost = p->vhost };

	return check_http_host(buf, len, &u, &c, &p->t.dst, p->ssl != NULL);
}

/* The regex's verdict, once known: 0 passed, -1 failed (the url is
 * decided, p may be gone). */
static int
http_regex_verdict(struct http_probe *p, int state)
{
	const struct http_url *u = &p->urls[p->i];

	if (state == HTTP_REGEX_FAIL) {
		http_fail(p, "regex: %s", http_regex_why(p->rx));
		return -1;
	}
	if (!http_regex_passes(u->regex, state)) {
		http_fail(p, "Regex match failed");
		return -1;
	}
	return 0;
}

/* The end of the body: its regex, then its digest compared with the
 * url's. */
static void
http_body_done(struct http_probe *p)
{
	const struct http_url *u = &p->urls[p->i];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];

	if (p->rx != NULL && http_regex_verdict(p,
	    http_regex_end(p->rx)) == -1)
		return;
	if (p->md == NULL) {
		http_url_ok(p);
		return;
	}
	if (EVP_DigestFinal_ex(p->md, md, &n) != 1) {
		http_fail(p, "MD5 failed");
		return;
	}
	check_http_hex(md, n, hex);
	if (p->obs != NULL && p->obs->digest != NULL)
		p->obs->digest(p->obs->arg, p->resp.status, hex);
	if (p->obs == NULL && u->digest != NULL &&
	    strcasecmp(u->digest, hex) != 0) {
		http_fail(p, "MD5 digest error, expecting MD5SUM [%s] but "
		    "received [%s]", u->digest, hex);
		return;
	}
	http_url_ok(p);
}

/* The end of the headers: the status code, then whether to read on. */
static int
http_headers_done(struct http_probe *p)
{
	const struct http_url *u = &p->urls[p->i];

	if (p->obs == NULL && !check_http_status_ok(u->status,
	    p->resp.status)) {
		http_fail(p, "HTTP status code error, status_code [%d]",
		    p->resp.status);
		return -1;
	}
	if (p->obs == NULL && u->regex != NULL &&
	    (p->rx = http_regex_run_new(u->regex)) == NULL) {
		http_fail(p, "out of memory");
		return -1;
	}
	if (p->obs == NULL && u->digest == NULL) {
		if (p->rx != NULL)
			return 0;
		http_url_ok(p);
		return -1;
	}
	if ((p->md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(p->md, EVP_md5(), NULL) != 1) {
		http_fail(p, "MD5 unavailable");
		return -1;
	}
	return 0;
}

/* Body bytes through the regex; with no digest to finish, the url is
 * decided as soon as the regex is: -1 (p may be gone). */
static int
http_regex_body(struct http_probe *p, const char *body, size_t len)
{
	int st;

	if (p->rx == NULL)
		return 0;
	if ((st = http_regex_feed(p->rx, body, len)) == HTTP_REGEX_MORE)
		return 0;
	if (http_regex_verdict(p, st) == -1)
		return -1;
	if (p->md != NULL)
		return 0;
	http_url_ok(p);
	return -1;
}

/* Feed the parser one piece of the answer; -1 once this url (or the
 * whole attempt) is decided: the bufferevent is gone. */
static int
http_feed(struct http_probe *p, const char *data, size_t len, size_t *used)
{
	struct check_http_resp *r = &p->resp;
	const char *body;
	size_t n, blen;
	bool had = r->headers_done;

	*used = 0;
	while (*used < len) {
		n = check_http_resp_feed(r, data + *used, len - *used, &body,
		    &blen);
		*used += n;
		if (r->line_done && p->obs != NULL && p->obs->header != NULL)
			p->obs->header(p->obs->arg, r->line);
		if (r->state == CHECK_HTTP_ERROR) {
			http_fail(p, "%s", r->why);
			return -1;
		}
		if (r->headers_done && !had) {
			had = true;
			if (http_headers_done(p) == -1)
				return -1;
		}
		if (blen > 0 && http_regex_body(p, body, blen) == -1)
			return -1;
		if (blen > 0 && p->md != NULL) {
			if (EVP_DigestUpdate(p->md, body, blen) != 1) {
				http_fail(p, "MD5 failed");
				return -1;
			}
			if (p->obs != NULL && p->obs->body != NULL)
				p->obs->body(p->obs->arg, body, blen);
		}
		if (r->state == CHECK_HTTP_DONE) {
			http_body_done(p);
			return -1;
		}
	}
	return 0;
}

static void
http_read_cb(struct bufferevent *bev, void *arg)
{
	struct http_probe *p = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	struct evbuffer_iovec v;
	size_t used;
	int rc;

	while (evbuffer_peek(in, -1, NULL, &v, 1) > 0 && v.iov_len > 0) {
		rc = http_feed(p, v.iov_base, v.iov_len, &used);
		if (rc == -1)
			return;
		evbuffer_drain(in, used);
	}
}

static const char *
http_ssl_error(struct bufferevent *bev, char *buf, size_t len)
{
	unsigned long e, first = 0;
	int err = EVUTIL_SOCKET_ERROR();

	/* libevent stacks SSL_get_error()'s code (a small number, no
	 * library) under OpenSSL's errors, and pops the last first. */
	while ((e = bufferevent_get_openssl_error(bev)) != 0)
		if (first == 0 && ERR_GET_LIB(e) != 0)
			first = e;
	if (first != 0) {
		ERR_error_string_n(first, buf, len);
		return buf;
	}
	if (err != 0)
		return strerror(err);
	return "connection closed";
}

/* The server closed the connection: the answer ends here. */
static void
http_eof(struct http_probe *p)
{
	const char *why;

	if ((why = check_http_resp_eof(&p->resp)) != NULL) {
		http_fail(p, "%s", why);
		return;
	}
	if (!p->resp.headers_done) {
		http_fail(p, "connection closed in the header");
		return;
	}
	http_body_done(p);
}

static void
http_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct http_probe *p = arg;
	char buf[160];

	if (what & BEV_EVENT_CONNECTED) {
		p->tls_up = true;
		return;
	}
	if (p->ssl != NULL && !p->tls_up) {
		http_fail(p, "TLS handshake failed: %s",
		    http_ssl_error(bev, buf, sizeof(buf)));
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		http_fail(p, "%s error: %s", what & BEV_EVENT_WRITING ?
		    "write" : "read", p->ssl != NULL ?
		    http_ssl_error(bev, buf, sizeof(buf)) :
		    strerror(EVUTIL_SOCKET_ERROR()));
		return;
	}
	/* BEV_EVENT_EOF: what the input holds was read already. */
	http_eof(p);
}

/* Plain HTTP: what the socket is ready for. Edge-triggered: each call
 * writes and reads until the kernel would block. */
static void
http_io_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_probe *p = arg;
	char buf[16384];
	size_t used, got = 0;
	ssize_t n;

	if (!p->connected) {
		socklen_t len = sizeof(int);
		int err = 0;

		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
			err = errno;
		if (err == EINPROGRESS)
			return;
		if (err != 0) {
			http_fail(p, "connect: %s", strerror(err));
			return;
		}
		p->connected = true;
		if (p->obs != NULL && p->obs->request != NULL)
			p->obs->request(p->obs->arg, p->req);
	}
	while (p->reqoff < p->reqlen) {
		n = send(fd, p->req + p->reqoff, p->reqlen - p->reqoff,
		    MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n == -1) {
			http_fail(p, "write error: %s", strerror(errno));
			return;
		}
		p->reqoff += (size_t)n;
	}
	/* Data that comes later is an edge of its own. */
	if (!(what & EV_READ))
		return;
	for (;;) {
		/* A long body: the loop's timers and other sockets first;
		 * registered again, the socket is reported again. */
		if (got >= 4 * sizeof(buf)) {
			if (event_del(p->io) == -1 ||
			    event_add(p->io, NULL) == -1)
				http_fail(p, "cannot wait for the socket");
			return;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n == -1) {
			http_fail(p, "read error: %s", strerror(errno));
			return;
		}
		if (n == 0) {
			http_eof(p);
			return;
		}
		/* -1: decided, the socket is gone (or another url's). */
		if (http_feed(p, buf, (size_t)n, &used) == -1)
			return;
		got += (size_t)n;
	}
}

/* Plain HTTP: the request waits for the connection in p->req. */
static void
http_plain_start(struct http_probe *p)
{
	char host[CHECK_HTTP_HOST_MAX + 256], req[CHECK_HTTP_REQUEST_MAX];
	const char *h = http_host(p, host, sizeof(host));

	if (check_http_request(req, sizeof(req), p->urls[p->i].path,
	    p->proto, h) == -1) {
		http_fail(p, "request too long");
		return;
	}
	check_http_resp_init(&p->resp);
	p->reqlen = strlen(req);
	p->reqoff = 0;
	p->io = event_new(p->base, p->fd, EV_READ | EV_WRITE | EV_PERSIST |
	    EV_ET, http_io_cb, p);
	if ((p->req = strdup(req)) == NULL || p->io == NULL ||
	    event_add(p->io, NULL) == -1)
		http_fail(p, "out of memory");
}

/* The connection is up: the request goes out (through TLS once its
 * handshake is done: the bufferevent holds it until then). */
static void
http_send(struct http_probe *p, int fd)
{
	char host[CHECK_HTTP_HOST_MAX + 256], req[CHECK_HTTP_REQUEST_MAX];
	const char *h = http_host(p, host, sizeof(host));
	SSL *ssl = NULL;

	if (check_http_request(req, sizeof(req), p->urls[p->i].path,
	    p->proto, h) == -1) {
		close(fd);
		http_fail(p, "request too long");
		return;
	}
	if (p->ssl != NULL) {
		if ((ssl = SSL_new(p->ssl)) == NULL) {
			close(fd);
			http_fail(p, "SSL_new failed");
			return;
		}
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
		/* A server closing TCP without close_notify ends the body,
		 * as before OpenSSL 3 (and libevent's dirty shutdown): a
		 * body cut short of its length is still an error. */
		SSL_set_options(ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
		if (p->sni && (p->urls[p->i].vhost != NULL ||
		    p->vhost != NULL))
			SSL_set_tlsext_host_name(ssl, h);
		p->bev = bufferevent_openssl_socket_new(p->base, fd, ssl,
		    BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
		if (p->bev == NULL)
			SSL_free(ssl);
		else
			bufferevent_openssl_set_allow_dirty_shutdown(p->bev, 1);
	} else
		p->bev = bufferevent_socket_new(p->base, fd,
		    BEV_OPT_CLOSE_ON_FREE);
	if (p->bev == NULL) {
		close(fd);
		http_fail(p, "out of memory");
		return;
	}
	bufferevent_setcb(p->bev, http_read_cb, NULL, http_event_cb, p);
	if (p->obs != NULL && p->obs->request != NULL)
		p->obs->request(p->obs->arg, req);
	if (bufferevent_write(p->bev, req, strlen(req)) == -1 ||
	    bufferevent_enable(p->bev, EV_READ | EV_WRITE) == -1)
		http_fail(p, "out of memory");
}

static void
http_connected_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_probe *p = arg;
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err != 0) {
		http_fail(p, "connect: %s", strerror(err));
		return;
	}
	event_free(p->conn);
	p->conn = NULL;
	p->fd = -1;
	p->connected = true;
	check_http_resp_init(&p->resp);
	http_send(p, fd);
}

static void
http_connect(struct http_probe *p)
{
	const char *what;

	if ((p->fd = check_probe_socket(&p->t, SOCK_STREAM, &what)) == -1) {
		http_fail(p, "%s: %s", what, strerror(errno));
		return;
	}
	/* Level-triggered backends (no epoll) take the bufferevent. */
	if (p->ssl == NULL &&
	    (event_base_get_features(p->base) & EV_FEATURE_ET)) {
		http_plain_start(p);
		return;
	}
	p->conn = event_new(p->base, p->fd, EV_WRITE, http_connected_cb, p);
	if (p->conn == NULL || event_add(p->conn, NULL) == -1)
		http_fail(p, "out of memory");
}

static void
http_step_cb(evutil_socket_t fd, short what, void *arg)
{
	http_connect(arg);
}

static void
http_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_probe *p = arg;
	const char *where;

	if (!p->connected)
		where = "connecting";
	else if (p->ssl != NULL && !p->tls_up)
		where = "in the TLS handshake";
	else if (p->resp.state == CHECK_HTTP_STATUS && p->resp.linetotal == 0)
		where = "waiting for the answer";
	else if (!p->resp.headers_done)
		where = "in the header";
	else
		where = "in the body";
	http_fail(p, "timeout after %u ms %s", p->t.timeout_ms, where);
}

static char *
http_strdup(const char *s, bool *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*oom = true;
	return d;
}

/* The probe's own copy of c: a reload may free the caller's. */
static bool
http_copy_conf(struct http_probe *p, const struct check_http_conf *c)
{
	bool oom = false;
	size_t i;

	if ((p->urls = calloc(c->nurls, sizeof(*p->urls))) == NULL)
		return false;
	p->nurls = c->nurls;
	for (i = 0; i < c->nurls; i++) {
		p->urls[i].path = http_strdup(c->urls[i].path != NULL ?
		    c->urls[i].path : "/", &oom);
		p->urls[i].digest = http_strdup(c->urls[i].digest, &oom);
		p->urls[i].vhost = http_strdup(c->urls[i].virtualhost, &oom);
		p->urls[i].regex = http_regex_ref(c->urls[i].regex);
		if (c->urls[i].status != NULL)
			memcpy(p->urls[i].status, c->urls[i].status,
			    sizeof(p->urls[i].status));
	}
	p->vhost = http_strdup(c->virtualhost, &oom);
	p->proto = c->proto;
	p->sni = c->sni;
	p->url_base = c->url_base;
	if (c->ssl != NULL && SSL_CTX_up_ref(c->ssl) == 1)
		p->ssl = c->ssl;
	else if (c->ssl != NULL)
		oom = true;
	return !oom;
}

struct check_probe *
check_http_start_observed(struct event_base *base,
    const struct check_probe_target *t, const struct check_http_conf *c,
    const struct check_http_observer *obs, check_probe_done_fn done,
    void *arg)
{
	struct http_probe *p;
	struct timeval tv;

	if (c->nurls == 0) {
		log_warnx("HTTP check of %s: no url", check_probe_name(&t->dst,
		    IPPROTO_TCP, (char[CHECK_PROBE_NAME_LEN]){ 0 },
		    CHECK_PROBE_NAME_LEN));
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL)
		goto oom;
	p->hdr.cancel = http_cancel;
	p->hdr.done = done;
	p->hdr.arg = arg;
	p->base = base;
	p->t = *t;
	p->fd = -1;
	p->obs = obs;
	check_probe_name(&t->dst, IPPROTO_TCP, p->name, sizeof(p->name));
	if (!http_copy_conf(p, c))
		goto oom;
	p->step = event_new(base, -1, 0, http_step_cb, p);
	p->timer = evtimer_new(base, http_timeout_cb, p);
	if (p->step == NULL || p->timer == NULL)
		goto oom;
	tv.tv_sec = t->timeout_ms / 1000;
	tv.tv_usec = (t->timeout_ms % 1000) * 1000;
	if (evtimer_add(p->timer, &tv) == -1)
		goto oom;
	event_active(p->step, EV_TIMEOUT, 0);
	return &p->hdr;
oom:
	log_warnx("HTTP check of %s: out of memory", p != NULL ? p->name :
	    "a server");
	if (p != NULL)
		http_free(p);
	return NULL;
}

struct check_probe *
check_http_start(struct event_base *base, const struct check_probe_target *t,
    const struct check_http_conf *c, check_probe_done_fn done, void *arg)
{
	return check_http_start_observed(base, t, c, NULL, done, arg);
}

/* The SSL block's key may be protected by password: given to OpenSSL
 * while the key loads, and only then. */
static int
http_password_cb(char *buf, int size, int rwflag, void *u)
{
	size_t n = strlen(u);

	if (size <= 0 || n >= (size_t)size)
		return 0;
	memcpy(buf, u, n + 1);
	return (int)n;
}

struct ssl_ctx_st *
check_http_ssl_ctx(const char *ca, const char *cert, const char *key,
    const char *password)
{
	SSL_CTX *ctx;
	char err[160];

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		log_warnx("SSL: cannot create a TLS context");
		return NULL;
	}
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	if (ca != NULL) {
		if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1)
			goto fail_ca;
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	} else
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	if (cert != NULL &&
	    SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		ERR_error_string_n(ERR_get_error(), err, sizeof(err));
		log_warnx("SSL: cannot load certificate %s: %s", cert, err);
		goto fail;
	}
	if (key != NULL) {
		if (password != NULL) {
			SSL_CTX_set_default_passwd_cb(ctx, http_password_cb);
			SSL_CTX_set_default_passwd_cb_userdata(ctx,
			    (void *)password);
		}
		if (SSL_CTX_use_PrivateKey_file(ctx, key,
		    SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) !=
		    1) {
			ERR_error_string_n(ERR_get_error(), err, sizeof(err));
			log_warnx("SSL: cannot load key %s: %s", key, err);
			goto fail;
		}
		SSL_CTX_set_default_passwd_cb(ctx, NULL);
		SSL_CTX_set_default_passwd_cb_userdata(ctx, NULL);
	}
	return ctx;
fail_ca:
	ERR_error_string_n(ERR_get_error(), err, sizeof(err));
	log_warnx("SSL: cannot load ca %s: %s", ca, err);
fail:
	SSL_CTX_free(ctx);
	return NULL;
}
