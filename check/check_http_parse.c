/*
 * The HTTP text of an HTTP_GET or SSL_GET probe, as pure functions: the
 * request it sends (keepalived's), the status codes a url accepts, and
 * the response it reads, a state machine fed with whatever the server
 * sends, in pieces of any size:
 *
 *   [interim 1xx answers] status line -> header lines -> empty line -> body
 *
 * where the body runs for Content-Length bytes, up to the end of the
 * connection, or is chunked (size line, data, CRLF, ..., size 0,
 * trailer lines, empty line). The parser keeps the first
 * CHECK_HTTP_LINE_KEEP bytes of one line and some counters, never the
 * body: body bytes are handed back as spans of the caller's buffer. The
 * header block is bounded (CHECK_HTTP_HEADER_MAX), so is a chunk's size
 * line: a server that never ends them costs an error, not memory.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check/check_http.h"

int
check_http_request(char *buf, size_t len, const char *path, int proto,
    const char *host)
{
	int n;

	n = snprintf(buf, len, "GET %s HTTP/1.%d\r\n"
	    "User-Agent: KeepAliveClient\r\n%sHost: %s\r\n\r\n", path,
	    proto == CHECK_HTTP_11 ? 1 : 0,
	    proto == CHECK_HTTP_10 ? "" : "Connection: close\r\n", host);
	if (n < 0 || (size_t)n >= len)
		return -1;
	return n;
}

/* keepalived 2.2.7 appends ":port" even to the default port; a Host
 * header without it is what browsers and curl send, and what a server's
 * name-based selection expects. */
const char *
check_http_host(char *buf, size_t len, const struct check_http_url *u,
    const struct check_http_conf *c, const struct sockaddr_storage *dst,
    bool tls)
{
	char a[INET6_ADDRSTRLEN];
	unsigned port = 0;

	if (u != NULL && u->virtualhost != NULL && u->virtualhost[0] != '\0')
		snprintf(buf, len, "%s", u->virtualhost);
	else if (c != NULL && c->virtualhost != NULL &&
	    c->virtualhost[0] != '\0')
		snprintf(buf, len, "%s", c->virtualhost);
	else {
		a[0] = '\0';
		if (dst->ss_family == AF_INET6) {
			const struct sockaddr_in6 *s = (const void *)dst;

			inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof(a));
			port = ntohs(s->sin6_port);
		} else if (dst->ss_family == AF_INET) {
			const struct sockaddr_in *s = (const void *)dst;

			inet_ntop(AF_INET, &s->sin_addr, a, sizeof(a));
			port = ntohs(s->sin_port);
		}
		snprintf(buf, len, "%s%s%s", dst->ss_family == AF_INET6 ?
		    "[" : "", a, dst->ss_family == AF_INET6 ? "]" : "");
		if (port != (tls ? 443u : 80u))
			snprintf(buf + strlen(buf), len - strlen(buf), ":%u",
			    port);
	}
	return buf;
}

bool
check_http_status_ok(const uint64_t *status, int code)
{
	int i;

	if (code < 100 || code > 599)
		return false;
	for (i = 0; status != NULL && i < 8; i++)
		if (status[i] != 0)
			return (status[(code - 100) / 64] >>
			    ((code - 100) % 64)) & 1;
	return code >= 200 && code <= 299;
}

void
check_http_hex(const unsigned char *md, size_t n, char *out)
{
	static const char x[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = x[md[i] >> 4];
		out[2 * i + 1] = x[md[i] & 15];
	}
	out[2 * n] = '\0';
}

void
check_http_resp_init(struct check_http_resp *r)
{
	memset(r, 0, sizeof(*r));
	r->state = CHECK_HTTP_STATUS;
}

static size_t
resp_error(struct check_http_resp *r, const char *why)
{
	r->state = CHECK_HTTP_ERROR;
	snprintf(r->why, sizeof(r->why), "%s", why);
	return 0;
}

/* Read up to and including the next '\n', keeping what fits of the line;
 * *done once it ended (r->line is then the line without CR LF). */
static size_t
resp_line(struct check_http_resp *r, const char *p, size_t len, bool *done)
{
	const char *nl = memchr(p, '\n', len);
	size_t n = nl != NULL ? (size_t)(nl - p) + 1 : len;
	size_t text = nl != NULL ? n - 1 : n;
	size_t room = sizeof(r->line) - 1 - r->linelen;

	memcpy(r->line + r->linelen, p, text < room ? text : room);
	r->linelen += text < room ? text : room;
	r->linetotal += n;
	*done = nl != NULL;
	if (*done && r->linelen > 0 && r->linelen == r->linetotal - 1 &&
	    r->line[r->linelen - 1] == '\r')
		r->linelen--;
	r->line[r->linelen] = '\0';
	return n;
}

static void
resp_next_line(struct check_http_resp *r)
{
	r->linelen = r->linetotal = 0;
}

/* "HTTP/1.1 200 OK": HTTP/1.x, a space, three digits, a space or the end. */
static void
resp_status_line(struct check_http_resp *r)
{
	const char *s = r->line;
	char why[64];

	if (strncmp(s, "HTTP/1.", 7) != 0 || !isdigit((unsigned char)s[7]) ||
	    s[8] != ' ' || !isdigit((unsigned char)s[9]) ||
	    !isdigit((unsigned char)s[10]) ||
	    !isdigit((unsigned char)s[11]) ||
	    (s[12] != '\0' && s[12] != ' ')) {
		resp_error(r, "invalid status line");
		return;
	}
	r->minor = s[7] - '0';
	r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	if (r->status < 100 || r->status > 599) {
		snprintf(why, sizeof(why), "invalid status code %d", r->status);
		resp_error(r, why);
		return;
	}
	r->state = CHECK_HTTP_HEADER;
}

/* A header's value with the white space around it removed, in place. */
static char *
resp_trim(char *v)
{
	size_t n;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		v[--n] = '\0';
	return v;
}

static void
resp_content_length(struct check_http_resp *r, const char *v)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; isdigit((unsigned char)v[i]); i++) {
		if (i >= 18) {
			resp_error(r, "Content-Length too large");
			return;
		}
		n = n * 10 + (uint64_t)(v[i] - '0');
	}
	if (i == 0 || v[i] != '\0') {
		resp_error(r, "invalid Content-Length");
		return;
	}
	if (r->has_length && n != r->length) {
		resp_error(r, "conflicting Content-Length");
		return;
	}
	r->has_length = true;
	r->length = n;
}

/* Transfer-Encoding: the body is chunked if chunked is the last coding,
 * else it runs to the end of the connection. */
static void
resp_transfer_encoding(struct check_http_resp *r, char *v)
{
	char *last = strrchr(v, ',');

	r->to_eof = true;
	r->chunked = strcasecmp(resp_trim(last != NULL ? last + 1 : v),
	    "chunked") == 0;
}

static void
resp_header_line(struct check_http_resp *r)
{
	char *s = r->line, *colon;
	bool whole = r->linetotal <= r->linelen + 2;	/* not cut short */

	if (*s == ' ' || *s == '\t')
		return;		/* a folded line continues a value */
	colon = strchr(s, ':');
	if (colon == NULL || colon == s) {
		resp_error(r, "invalid header line");
		return;
	}
	*colon = '\0';
	if (strcasecmp(s, "Content-Length") == 0) {
		if (!whole)
			resp_error(r, "Content-Length too long");
		else
			resp_content_length(r, resp_trim(colon + 1));
	} else if (strcasecmp(s, "Transfer-Encoding") == 0) {
		if (!whole)
			resp_error(r, "Transfer-Encoding too long");
		else
			resp_transfer_encoding(r, colon + 1);
	}
	*colon = ':';
}

/* The empty line: what the body is. An interim answer (1xx but 101:
 * 100 Continue, 103 Early Hints) is passed over, the final one follows,
 * its header counted with it. No body after 101, 204 and 304. */
static void
resp_headers_end(struct check_http_resp *r)
{
	if (r->status < 200 && r->status != 101) {
		r->state = CHECK_HTTP_STATUS;
		r->has_length = r->chunked = r->to_eof = false;
		r->length = 0;
		return;
	}
	r->headers_done = true;
	if (r->status < 200 || r->status == 204 || r->status == 304)
		r->state = CHECK_HTTP_DONE;
	else if (r->chunked) {
		r->to_eof = false;
		r->state = CHECK_HTTP_CHUNK_SIZE;
	} else if (r->to_eof || !r->has_length)
		r->state = CHECK_HTTP_BODY;
	else if (r->length == 0)
		r->state = CHECK_HTTP_DONE;
	else {
		r->left = r->length;
		r->state = CHECK_HTTP_BODY;
	}
	r->to_eof = r->state == CHECK_HTTP_BODY && r->left == 0;
}

/* Status line, header or trailer lines: bounded all together. */
static size_t
resp_head(struct check_http_resp *r, const char *p, size_t len)
{
	bool done;
	size_t n;

	n = resp_line(r, p, len, &done);
	r->head += n;
	if (r->head > CHECK_HTTP_HEADER_MAX)
		return resp_error(r, r->state == CHECK_HTTP_TRAILER ?
		    "trailer too long" : "header too long"), n;
	if (!done)
		return n;
	r->line_done = r->state != CHECK_HTTP_TRAILER;
	if (r->state == CHECK_HTTP_STATUS)
		resp_status_line(r);
	else if (r->linelen == 0 && r->linetotal <= 2) {
		if (r->state == CHECK_HTTP_TRAILER)
			r->state = CHECK_HTTP_DONE;
		else
			resp_headers_end(r);
	} else if (r->state == CHECK_HTTP_HEADER)
		resp_header_line(r);
	resp_next_line(r);
	return n;
}

/* "1a2b" [white space] [";" extensions] */
static size_t
resp_chunk_size(struct check_http_resp *r, const char *p, size_t len)
{
	const char *s = r->line;
	uint64_t size = 0;
	bool done;
	size_t n, i;

	n = resp_line(r, p, len, &done);
	if (r->linetotal > CHECK_HTTP_CHUNK_LINE_MAX)
		return resp_error(r, "chunk size line too long"), n;
	if (!done)
		return n;
	for (i = 0; isxdigit((unsigned char)s[i]); i++) {
		if (i >= 15)
			return resp_error(r, "chunk too large"), n;
		size = size * 16 + (uint64_t)(isdigit((unsigned char)s[i]) ?
		    s[i] - '0' : (tolower((unsigned char)s[i]) - 'a' + 10));
	}
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (i == 0 || !isxdigit((unsigned char)s[0]) ||
	    (s[i] != '\0' && s[i] != ';'))
		return resp_error(r, "invalid chunk size"), n;
	resp_next_line(r);
	if (size == 0) {
		r->head = 0;
		r->state = CHECK_HTTP_TRAILER;
	} else {
		r->left = size;
		r->state = CHECK_HTTP_CHUNK_DATA;
	}
	return n;
}

static size_t
resp_chunk_end(struct check_http_resp *r, const char *p, size_t len)
{
	bool done;
	size_t n;

	n = resp_line(r, p, len, &done);
	if (r->linetotal > 2 || (done && r->linelen != 0))
		return resp_error(r, "no CRLF after a chunk"), n;
	if (done) {
		resp_next_line(r);
		r->state = CHECK_HTTP_CHUNK_SIZE;
	}
	return n;
}

static size_t
resp_data(struct check_http_resp *r, const char *p, size_t len,
    const char **body, size_t *bodylen)
{
	size_t n = len;

	if (!r->to_eof && r->left < n)
		n = (size_t)r->left;
	*body = p;
	*bodylen = n;
	r->body += n;
	if (r->to_eof)
		return n;
	r->left -= n;
	if (r->left == 0)
		r->state = r->state == CHECK_HTTP_BODY ? CHECK_HTTP_DONE :
		    CHECK_HTTP_CHUNK_END;
	return n;
}

size_t
check_http_resp_feed(struct check_http_resp *r, const char *data, size_t len,
    const char **body, size_t *bodylen)
{
	*body = NULL;
	*bodylen = 0;
	r->line_done = false;
	if (len == 0)
		return 0;
	switch (r->state) {
	case CHECK_HTTP_STATUS:
	case CHECK_HTTP_HEADER:
	case CHECK_HTTP_TRAILER:
		return resp_head(r, data, len);
	case CHECK_HTTP_BODY:
	case CHECK_HTTP_CHUNK_DATA:
		return resp_data(r, data, len, body, bodylen);
	case CHECK_HTTP_CHUNK_SIZE:
		return resp_chunk_size(r, data, len);
	case CHECK_HTTP_CHUNK_END:
		return resp_chunk_end(r, data, len);
	case CHECK_HTTP_DONE:
	case CHECK_HTTP_ERROR:
		break;
	}
	return 0;
}

const char *
check_http_resp_eof(struct check_http_resp *r)
{
	char why[sizeof(r->why)];

	switch (r->state) {
	case CHECK_HTTP_DONE:
		return NULL;
	case CHECK_HTTP_ERROR:
		return r->why;
	case CHECK_HTTP_STATUS:
		resp_error(r, r->linetotal == 0 ? "no data received" :
		    "connection closed in the status line");
		break;
	case CHECK_HTTP_HEADER:
		resp_error(r, "connection closed in the header");
		break;
	case CHECK_HTTP_BODY:
		if (r->to_eof) {
			r->state = CHECK_HTTP_DONE;
			return NULL;
		}
		snprintf(why, sizeof(why), "connection closed after %" PRIu64
		    " of %" PRIu64 " body bytes", r->body, r->length);
		resp_error(r, why);
		break;
	default:
		snprintf(why, sizeof(why), "connection closed in the chunked "
		    "body after %" PRIu64 " bytes", r->body);
		resp_error(r, why);
		break;
	}
	return r->why;
}
