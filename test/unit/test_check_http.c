/* Unit tests for check/check_http_parse.c: the request an HTTP_GET sends,
 * its Host header, the status codes a url accepts, and the response
 * parser case by case (status line, interim 1xx answers, headers,
 * Content-Length, bodies to the end, chunked, the bounds, the end of the
 * connection), each fed whole, in 3-byte pieces and byte by byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_http.h"

static void
test_request(void **state)
{
	char buf[CHECK_HTTP_REQUEST_MAX], big[3000];
	int n;

	n = check_http_request(buf, sizeof(buf), "/index.html", CHECK_HTTP_10,
	    "192.0.2.1");
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, "GET /index.html HTTP/1.0\r\n"
	    "User-Agent: KeepAliveClient\r\nHost: 192.0.2.1\r\n\r\n");
	check_http_request(buf, sizeof(buf), "/", CHECK_HTTP_10C, "a.example");
	assert_string_equal(buf, "GET / HTTP/1.0\r\nUser-Agent: "
	    "KeepAliveClient\r\nConnection: close\r\nHost: a.example\r\n\r\n");
	check_http_request(buf, sizeof(buf), "/x?y", CHECK_HTTP_11, "h:8080");
	assert_string_equal(buf, "GET /x?y HTTP/1.1\r\nUser-Agent: "
	    "KeepAliveClient\r\nConnection: close\r\nHost: h:8080\r\n\r\n");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(check_http_request(buf, sizeof(buf), big,
	    CHECK_HTTP_10, "h"), -1);
}

static struct sockaddr_storage
addr(const char *a, int port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, a, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
	} else {
		assert_int_equal(inet_pton(AF_INET6, a, &s6->sin6_addr), 1);
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
	}
	return ss;
}

static void
test_host(void **state)
{
	struct check_http_url u = { .path = "/" };
	struct check_http_conf c = { .urls = &u, .nurls = 1 };
	struct sockaddr_storage a = addr("192.0.2.1", 80);
	char buf[CHECK_HTTP_HOST_MAX];

	assert_string_equal(check_http_host(buf, sizeof(buf), &u, &c, &a,
	    false), "192.0.2.1");
	assert_string_equal(check_http_host(buf, sizeof(buf), &u, &c, &a,
	    true), "192.0.2.1:80");
	a = addr("192.0.2.1", 443);
	assert_string_equal(check_http_host(buf, sizeof(buf), &u, &c, &a,
	    true), "192.0.2.1");
	a = addr("2001:db8::1", 8080);
	assert_string_equal(check_http_host(buf, sizeof(buf), &u, &c, &a,
	    false), "[2001:db8::1]:8080");
	c.virtualhost = "www.example.org";
	assert_string_equal(check_http_host(buf, sizeof(buf), &u, &c, &a,
	    false), "www.example.org");
	u.virtualhost = "a.example.org";
	assert_string_equal(check_http_host(buf, sizeof(buf), &u, &c, &a,
	    false), "a.example.org");
}

static void
test_status(void **state)
{
	uint64_t bits[8] = { 0 };

	/* None set: 200-299. */
	assert_false(check_http_status_ok(NULL, 199));
	assert_true(check_http_status_ok(NULL, 200));
	assert_true(check_http_status_ok(bits, 299));
	assert_false(check_http_status_ok(bits, 300));
	assert_false(check_http_status_ok(bits, 503));
	/* 503 and 100 and 599 only. */
	bits[(503 - 100) / 64] |= 1ULL << ((503 - 100) % 64);
	bits[0] |= 1;
	bits[7] |= 1ULL << ((599 - 100) % 64);
	assert_true(check_http_status_ok(bits, 503));
	assert_true(check_http_status_ok(bits, 100));
	assert_true(check_http_status_ok(bits, 599));
	assert_false(check_http_status_ok(bits, 200));
	assert_false(check_http_status_ok(bits, 502));
	assert_false(check_http_status_ok(bits, 99));
	assert_false(check_http_status_ok(bits, 600));
}

static void
test_hex(void **state)
{
	const unsigned char md[4] = { 0x00, 0x0f, 0xa0, 0xff };
	char out[9];

	check_http_hex(md, 4, out);
	assert_string_equal(out, "000fa0ff");
}

/* What a whole response made of the parser. */
struct parsed {
	enum check_http_state	 state;
	int			 status;
	char			 body[4096];
	size_t			 bodylen;
	size_t			 used;		/* bytes consumed */
	int			 lines;		/* line_done seen */
	char			 why[96];
	const char		*eof;		/* after EOF, if asked */
};

/* Feed text in pieces of piece bytes (0: whole); then EOF if eof. */
static struct parsed
parse(const char *text, size_t len, size_t piece, bool eof)
{
	struct check_http_resp r;
	struct parsed p;
	const char *body;
	size_t n, blen, off = 0, end;

	memset(&p, 0, sizeof(p));
	check_http_resp_init(&r);
	while (off < len) {
		end = piece == 0 || off + piece > len ? len : off + piece;
		while (off < end) {
			n = check_http_resp_feed(&r, text + off, end - off,
			    &body, &blen);
			if (r.line_done)
				p.lines++;
			assert_true(blen <= n);
			if (blen > 0) {
				assert_ptr_equal(body, text + off);
				assert_true(p.bodylen + blen <= sizeof(p.body));
				memcpy(p.body + p.bodylen, body, blen);
				p.bodylen += blen;
			}
			off += n;
			if (r.state == CHECK_HTTP_DONE ||
			    r.state == CHECK_HTTP_ERROR)
				goto out;
			assert_true(n > 0);
		}
	}
out:
	p.used = off;
	if (eof)
		p.eof = check_http_resp_eof(&r);
	p.state = r.state;
	p.status = r.status;
	snprintf(p.why, sizeof(p.why), "%s", r.why);
	return p;
}

static const size_t pieces[] = { 0, 3, 1 };

#define EACH_PIECE(i)	for (i = 0; i < 3; i++)

static void
test_content_length(void **state)
{
	const char *t = "HTTP/1.0 200 OK\r\nServer: x\r\nContent-Length: 5"
	    "\r\n\r\nhelloEXTRA";
	struct parsed p;
	size_t i;

	EACH_PIECE(i) {
		p = parse(t, strlen(t), pieces[i], false);
		assert_int_equal(p.state, CHECK_HTTP_DONE);
		assert_int_equal(p.status, 200);
		assert_int_equal(p.bodylen, 5);
		assert_memory_equal(p.body, "hello", 5);
		/* What follows the response is not consumed. */
		assert_int_equal(p.used, strlen(t) - 5);
		assert_int_equal(p.lines, 4);
	}
	/* Length 0, and no body after 204 and 304 whatever the length. */
	t = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
	p = parse(t, strlen(t), 0, false);
	assert_int_equal(p.state, CHECK_HTTP_DONE);
	t = "HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n";
	p = parse(t, strlen(t), 0, false);
	assert_int_equal(p.state, CHECK_HTTP_DONE);
	assert_int_equal(p.status, 204);
	t = "HTTP/1.1 304 Not Modified\r\n\r\n";
	p = parse(t, strlen(t), 0, false);
	assert_int_equal(p.state, CHECK_HTTP_DONE);
	/* Repeated with the same value: fine. */
	t = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length:2 \r\n"
	    "\r\nok";
	p = parse(t, strlen(t), 0, false);
	assert_int_equal(p.state, CHECK_HTTP_DONE);
	assert_int_equal(p.bodylen, 2);
}

static void
test_to_eof(void **state)
{
	const char *t = "HTTP/1.0 200 OK\nContent-Type: text/plain\n\n"
	    "up to the end\r\n";
	struct parsed p;
	size_t i;

	EACH_PIECE(i) {
		p = parse(t, strlen(t), pieces[i], true);
		assert_null(p.eof);
		assert_int_equal(p.state, CHECK_HTTP_DONE);
		assert_int_equal(p.bodylen, 15);
		assert_memory_equal(p.body, "up to the end\r\n", 15);
	}
	/* A coding other than chunked: to the end, the length ignored. */
	t = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 1"
	    "\r\n\r\nabc";
	p = parse(t, strlen(t), 0, true);
	assert_null(p.eof);
	assert_int_equal(p.bodylen, 3);
	/* An empty body to the end. */
	t = "HTTP/1.0 200 OK\r\n\r\n";
	p = parse(t, strlen(t), 0, true);
	assert_null(p.eof);
	assert_int_equal(p.bodylen, 0);
}

static void
test_chunked(void **state)
{
	const char *t = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
	    "\r\n5\r\nhello\r\n6;name=value\r\n world\r\nA  \r\n0123456789"
	    "\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT";
	struct parsed p;
	size_t i;

	EACH_PIECE(i) {
		p = parse(t, strlen(t), pieces[i], false);
		assert_int_equal(p.state, CHECK_HTTP_DONE);
		assert_int_equal(p.bodylen, 21);
		assert_memory_equal(p.body, "hello world0123456789", 21);
		assert_int_equal(p.used, strlen(t) - 4);
		/* Trailer lines are not header lines. */
		assert_int_equal(p.lines, 3);
	}
	/* chunked last of several codings, over a Content-Length; LF only. */
	t = "HTTP/1.1 200 OK\nContent-Length: 99\nTransfer-Encoding: gzip, "
	    "Chunked\n\n2\nab\n0\n\n";
	EACH_PIECE(i) {
		p = parse(t, strlen(t), pieces[i], false);
		assert_int_equal(p.state, CHECK_HTTP_DONE);
		assert_int_equal(p.bodylen, 2);
		assert_memory_equal(p.body, "ab", 2);
	}
}

static void
test_interim(void **state)
{
	const char *t = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints"
	    "\r\nLink: </s.css>\r\nContent-Length: 7\r\n\r\nHTTP/1.1 200 OK\r\n"
	    "Content-Length: 2\r\n\r\nok";
	struct parsed p;
	char *big;
	size_t i, n;

	EACH_PIECE(i) {
		p = parse(t, strlen(t), pieces[i], false);
		assert_int_equal(p.state, CHECK_HTTP_DONE);
		assert_int_equal(p.status, 200);
		assert_int_equal(p.bodylen, 2);
		assert_memory_equal(p.body, "ok", 2);
		assert_int_equal(p.lines, 9);
	}
	/* 101 is final, without a body. */
	t = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nxyz";
	p = parse(t, strlen(t), 0, false);
	assert_int_equal(p.state, CHECK_HTTP_DONE);
	assert_int_equal(p.status, 101);
	/* Endless interim answers are one header: bounded. */
	big = malloc(2 * CHECK_HTTP_HEADER_MAX);
	for (n = 0; n < CHECK_HTTP_HEADER_MAX + 100; )
		n += (size_t)sprintf(big + n, "HTTP/1.1 100 Continue\r\n\r\n");
	p = parse(big, n, 0, false);
	assert_int_equal(p.state, CHECK_HTTP_ERROR);
	assert_string_equal(p.why, "header too long");
	free(big);
}

static void
expect_error(const char *t, size_t len, const char *why)
{
	struct parsed p;
	size_t i;

	EACH_PIECE(i) {
		p = parse(t, len, pieces[i], false);
		assert_int_equal(p.state, CHECK_HTTP_ERROR);
		assert_string_equal(p.why, why);
	}
}

static void
test_status_line(void **state)
{
	static const char *const bad[] = {
		"HELLO WORLD\r\n\r\n", "\r\nHTTP/1.1 200 OK\r\n\r\n",
		"HTTP/1.1 20 OK\r\n\r\n", "HTTP/2 200\r\n\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n", "http/1.1 200 OK\r\n\r\n",
		"HTTP/1.1  200 OK\r\n\r\n", "HTTP/1.x 200 OK\r\n\r\n",
	};
	const char *t;
	struct parsed p;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_error(bad[i], strlen(bad[i]), "invalid status line");
	t = "HTTP/1.1 999 Nope\r\n\r\n";
	expect_error(t, strlen(t), "invalid status code 999");
	t = "HTTP/1.1 099 Low\r\n\r\n";
	expect_error(t, strlen(t), "invalid status code 99");
	/* No reason phrase; a very long one. */
	t = "HTTP/1.1 503\r\n\r\n";
	p = parse(t, strlen(t), 1, true);
	assert_int_equal(p.status, 503);
	assert_null(p.eof);
}

static void
test_headers(void **state)
{
	const char *t;
	struct parsed p;

	t = "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n";
	expect_error(t, strlen(t), "invalid header line");
	t = "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n";
	expect_error(t, strlen(t), "invalid header line");
	t = "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n";
	expect_error(t, strlen(t), "invalid Content-Length");
	t = "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n";
	expect_error(t, strlen(t), "invalid Content-Length");
	t = "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n";
	expect_error(t, strlen(t), "invalid Content-Length");
	t = "HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456789\r\n\r\n";
	expect_error(t, strlen(t), "Content-Length too large");
	t = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n";
	expect_error(t, strlen(t), "conflicting Content-Length");
	/* A folded line continues a value; other headers are ignored. */
	t = "HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\nX-Content-Length: "
	    "zz\r\nContent-Length: 1\r\n\r\nz";
	p = parse(t, strlen(t), 0, false);
	assert_int_equal(p.state, CHECK_HTTP_DONE);
	assert_int_equal(p.bodylen, 1);
}

static void
test_bounds(void **state)
{
	char *t = malloc(3 * CHECK_HTTP_HEADER_MAX);
	struct parsed p;
	size_t n, i;

	/* One endless line. */
	n = (size_t)sprintf(t, "HTTP/1.1 200 OK\r\nX-Pad: ");
	memset(t + n, 'a', 2 * CHECK_HTTP_HEADER_MAX);
	n += 2 * CHECK_HTTP_HEADER_MAX;
	EACH_PIECE(i) {
		p = parse(t, n, pieces[i], false);
		assert_int_equal(p.state, CHECK_HTTP_ERROR);
		assert_string_equal(p.why, "header too long");
		assert_true(p.used <= CHECK_HTTP_HEADER_MAX + 3 ||
		    pieces[i] == 0);
	}
	/* Many short lines, and just under the bound. */
	n = (size_t)sprintf(t, "HTTP/1.1 200 OK\r\n");
	while (n < CHECK_HTTP_HEADER_MAX + 100)
		n += (size_t)sprintf(t + n, "X-Line: 0123456789\r\n");
	n += (size_t)sprintf(t + n, "\r\n");
	p = parse(t, n, 7, false);
	assert_string_equal(p.why, "header too long");
	n = (size_t)sprintf(t, "HTTP/1.1 200 OK\r\nX: ");
	memset(t + n, 'b', CHECK_HTTP_HEADER_MAX - n - 4);
	n = CHECK_HTTP_HEADER_MAX - 4;
	n += (size_t)sprintf(t + n, "\r\n\r\n");
	p = parse(t, n, 0, true);
	assert_int_equal(p.state, CHECK_HTTP_DONE);
	/* Content-Length cut short by the line's kept part. */
	n = (size_t)sprintf(t, "HTTP/1.1 200 OK\r\nContent-Length: ");
	memset(t + n, '0', 300);
	n += 300;
	n += (size_t)sprintf(t + n, "1\r\n\r\n");
	p = parse(t, n, 0, false);
	assert_string_equal(p.why, "Content-Length too long");
	/* Trailers are bounded too. */
	n = (size_t)sprintf(t, "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n0\r\nX: ");
	memset(t + n, 'c', CHECK_HTTP_HEADER_MAX + 10);
	n += CHECK_HTTP_HEADER_MAX + 10;
	p = parse(t, n, 0, false);
	assert_string_equal(p.why, "trailer too long");
	free(t);
}

static void
test_chunk_errors(void **state)
{
	char *t = malloc(2 * CHECK_HTTP_CHUNK_LINE_MAX);
	const char *h = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
	size_t n;
	struct parsed p;

	n = (size_t)sprintf(t, "%szz\r\n", h);
	expect_error(t, n, "invalid chunk size");
	n = (size_t)sprintf(t, "%s;x\r\n", h);
	expect_error(t, n, "invalid chunk size");
	n = (size_t)sprintf(t, "%s5 x\r\n", h);
	expect_error(t, n, "invalid chunk size");
	n = (size_t)sprintf(t, "%s1234567890abcdef\r\n", h);
	expect_error(t, n, "chunk too large");
	n = (size_t)sprintf(t, "%s3\r\nabcd\r\n", h);
	expect_error(t, n, "no CRLF after a chunk");
	n = (size_t)sprintf(t, "%s10;ext=", h);
	memset(t + n, 'e', CHECK_HTTP_CHUNK_LINE_MAX + 10);
	n += CHECK_HTTP_CHUNK_LINE_MAX + 10;
	expect_error(t, n, "chunk size line too long");
	/* A long extension within the bound is fine. */
	n = (size_t)sprintf(t, "%s1;ext=", h);
	memset(t + n, 'e', 1000);
	n += 1000;
	n += (size_t)sprintf(t + n, "\r\nq\r\n0\r\n\r\n");
	p = parse(t, n, 0, false);
	assert_int_equal(p.state, CHECK_HTTP_DONE);
	assert_memory_equal(p.body, "q", 1);
	free(t);
}

static void
test_eof(void **state)
{
	struct parsed p;
	const char *t;

	p = parse("", 0, 0, true);
	assert_string_equal(p.eof, "no data received");
	t = "HTTP/1.1 2";
	p = parse(t, strlen(t), 0, true);
	assert_string_equal(p.eof, "connection closed in the status line");
	t = "HTTP/1.1 200 OK\r\nServer: x\r\n";
	p = parse(t, strlen(t), 0, true);
	assert_string_equal(p.eof, "connection closed in the header");
	assert_int_equal(p.state, CHECK_HTTP_ERROR);
	t = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
	p = parse(t, strlen(t), 0, true);
	assert_string_equal(p.eof, "connection closed after 3 of 10 body "
	    "bytes");
	t = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab";
	p = parse(t, strlen(t), 0, true);
	assert_string_equal(p.eof, "connection closed in the chunked body "
	    "after 2 bytes");
	t = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
	p = parse(t, strlen(t), 0, true);
	assert_non_null(p.eof);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_to_eof),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_interim),
		cmocka_unit_test(test_status_line),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_chunk_errors),
		cmocka_unit_test(test_eof),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
