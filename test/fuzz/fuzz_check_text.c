/*
 * libFuzzer target over the check child's text parsers: the command line
 * splitter of the script runner (check_run_split), SMTP reply lines
 * (smtp_reply_parse), the mail body's dot-stuffing (smtp_dot_stuff),
 * DNS_CHECK's query and reply (check_dns_query, check_dns_reply) and the
 * HTTP response parser of HTTP_GET and SSL_GET (check_http_resp_*).
 *
 * Input: byte 0 picks the parser (mod 6); the rest is the text (for DNS,
 * a datagram judged against the query for www.example.org A with the
 * datagram's own id, and a name whose query, answered, must pass).
 * Checked: split words lie inside the buffer, are NUL-terminated and
 * number what was returned; a parsed reply code is 200..559 and agrees
 * with the line; stuffed text ends with CRLF "." CRLF, every line ends
 * with CRLF, and no line but the last is a lone "."; a DNS verdict is
 * one of three, OK only for a response of our id, question and rcode 0,
 * FAIL only with rcode 1-15 and a reason; any name check_dns_query takes
 * encodes within CHECK_DNS_QUERY_MAX, and its own answer is OK, or FAIL
 * with the rcode set; an HTTP response fed whole and in pieces (of 1 +
 * byte 1 mod 7 bytes) ends in the same state with the same status, body
 * and end-of-connection verdict, body spans lie in what was consumed,
 * never more header is consumed than CHECK_HTTP_HEADER_MAX, a status read
 * is 100..599 and an error says why; the streaming regex of HTTP checks
 * (common/http_regex.c): the text's first line is the pattern, the rest
 * the body, fed in pieces of 1 + byte 1 mod 61 bytes, twice over, the
 * second time with the whole body's offset limits; the verdict is one of
 * four and, for a pattern of plain characters (no anchors, verbs,
 * escapes or \G) and a body shorter than the window, it is PCRE2's on
 * the whole body.
 *
 * Build: make fuzz-build; run: test/fuzz/run.sh 60 build-fuzz/fuzz_check_text
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "check/check_dns.h"
#include "check/check_http.h"
#include "check/check_run.h"
#include "check/check_smtp.h"
#include "common/http_regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_split(const char *text)
{
	char buf[512], *argv[CHECK_RUN_ARGS_MAX];
	int n, i;

	n = check_run_split(text, buf, sizeof(buf), argv, CHECK_RUN_ARGS_MAX);
	if (n < -1 || n >= CHECK_RUN_ARGS_MAX)
		abort();
	if (n < 0)
		return;
	for (i = 0; i < n; i++)
		if (argv[i] < buf || argv[i] + strlen(argv[i]) >=
		    buf + sizeof(buf))
			abort();
	if (argv[n] != NULL)
		abort();
}

static void
fuzz_reply(const char *text, size_t len)
{
	bool last;
	int code;

	if (smtp_reply_parse(text, len, &code, &last) != 0)
		return;
	if (code < 200 || code > 559 || code / 100 != text[0] - '0' ||
	    last != (len == 3 || text[3] == ' '))
		abort();
}

static void
fuzz_stuff(const char *text, size_t len)
{
	struct evbuffer *out = evbuffer_new();
	size_t n, i, start = 0;
	char *p;

	smtp_dot_stuff(out, text, len);
	n = evbuffer_get_length(out);
	p = (char *)evbuffer_pullup(out, -1);
	if (n < 3 || memcmp(p + n - 3, ".\r\n", 3) != 0)
		abort();
	for (i = 0; i < n; i++) {
		if (p[i] == '\r' && (i + 1 >= n || p[i + 1] != '\n'))
			abort();
		if (p[i] == '\n' && (i == 0 || p[i - 1] != '\r'))
			abort();
		if (p[i] == '\n') {
			if (i + 1 < n && i - start == 2 && p[start] == '.')
				abort();	/* a lone "." before the end */
			start = i + 1;
		}
	}
	evbuffer_free(out);
}

/* The datagram against a fixed query of its own id. */
static void
fuzz_dns_reply(const uint8_t *d, size_t len)
{
	uint8_t q[CHECK_DNS_QUERY_MAX];
	char why[64];
	int n, rcode;
	enum check_dns_verdict v;

	n = check_dns_query(q, sizeof(q), len >= 2 ? (uint16_t)(d[0] << 8 |
	    d[1]) : 0, 1, "www.example.org");
	if (n <= 0)
		abort();
	v = check_dns_reply(q, (size_t)n, d, len, &rcode, why, sizeof(why));
	switch (v) {
	case CHECK_DNS_OK:
		if (len < (size_t)n || rcode != 0 || !(d[2] & 0x80) ||
		    (d[3] & 0xf) != 0 || why[0] != '\0' ||
		    memcmp(d + n - 4, q + n - 4, 4) != 0)
			abort();
		break;
	case CHECK_DNS_FAIL:
		if (rcode < 1 || rcode > 15 || rcode != (d[3] & 0xf) ||
		    why[0] == '\0' || memcmp(d, q, 2) != 0)
			abort();
		break;
	case CHECK_DNS_IGNORE:
		if (why[0] == '\0')
			abort();
		break;
	default:
		abort();
	}
}

/* text as a name: if it encodes, the query answered is OK. */
static void
fuzz_dns_name(const char *text)
{
	uint8_t q[CHECK_DNS_QUERY_MAX], r[CHECK_DNS_QUERY_MAX];
	char why[64];
	int n, rcode;

	n = check_dns_query(q, sizeof(q), 0xbeef, 28, text);
	if (n == -1)
		return;
	if (n < CHECK_DNS_HDR + 5 || n > CHECK_DNS_QUERY_MAX)
		abort();
	memcpy(r, q, (size_t)n);
	r[2] |= 0x80;
	if (check_dns_reply(q, (size_t)n, r, (size_t)n, &rcode, why,
	    sizeof(why)) != CHECK_DNS_OK)
		abort();
	r[3] = 3;
	if (check_dns_reply(q, (size_t)n, r, (size_t)n, &rcode, why,
	    sizeof(why)) != CHECK_DNS_FAIL || rcode != 3)
		abort();
}

struct http_run {
	struct check_http_resp	 r;
	size_t			 used;
	size_t			 nbody;
	char			 body[4096];
	const char		*eof;
};

static void
http_run(struct http_run *h, const char *text, size_t len, size_t piece)
{
	const char *body;
	size_t n, blen, end;

	check_http_resp_init(&h->r);
	h->used = h->nbody = 0;
	while (h->used < len && h->r.state != CHECK_HTTP_DONE &&
	    h->r.state != CHECK_HTTP_ERROR) {
		end = h->used + piece < len ? h->used + piece : len;
		n = check_http_resp_feed(&h->r, text + h->used, end - h->used,
		    &body, &blen);
		if (n == 0 && h->r.state != CHECK_HTTP_DONE &&
		    h->r.state != CHECK_HTTP_ERROR)
			abort();
		if (n > end - h->used || blen > n ||
		    (blen > 0 && body != text + h->used))
			abort();
		if (blen > 0 && !h->r.headers_done)
			abort();
		if (h->nbody + blen > sizeof(h->body))
			abort();
		memcpy(h->body + h->nbody, body, blen);
		h->nbody += blen;
		h->used += n;
		if (!h->r.headers_done && h->r.state != CHECK_HTTP_ERROR &&
		    h->used > CHECK_HTTP_HEADER_MAX)
			abort();
		if (h->r.state != CHECK_HTTP_STATUS &&
		    h->r.state != CHECK_HTTP_ERROR &&
		    (h->r.status < 100 || h->r.status > 599))
			abort();
	}
	h->eof = check_http_resp_eof(&h->r);
	if (h->r.state == CHECK_HTTP_ERROR && (h->eof == NULL ||
	    h->r.why[0] == '\0'))
		abort();
	if (h->r.state != CHECK_HTTP_ERROR && h->eof != NULL)
		abort();
}

static void
fuzz_http(const char *text, size_t len)
{
	static struct http_run a, b;
	size_t piece;

	if (len < 1)
		return;
	piece = 1 + (unsigned char)text[0] % 7;
	text++;
	len--;
	http_run(&a, text, len, len);
	http_run(&b, text, len, piece);
	if (a.r.state != b.r.state || a.r.status != b.r.status ||
	    a.nbody != b.nbody || memcmp(a.body, b.body, a.nbody) != 0 ||
	    (a.eof == NULL) != (b.eof == NULL) ||
	    (a.eof != NULL && strcmp(a.eof, b.eof) != 0))
		abort();
	/* A complete response's length does not depend on the pieces. */
	if (a.r.state == CHECK_HTTP_DONE && a.used != b.used)
		abort();
}

static int
regex_stream(struct http_regex *re, const char *body, size_t len,
    size_t piece)
{
	struct http_regex_run *r = http_regex_run_new(re);
	size_t off, n;
	int st = HTTP_REGEX_MORE;

	if (r == NULL)
		abort();
	for (off = 0; off < len; off += n) {
		n = len - off < piece ? len - off : piece;
		st = http_regex_feed(r, body + off, n);
		if (st < HTTP_REGEX_MORE || st > HTTP_REGEX_FAIL)
			abort();
	}
	st = http_regex_end(r);
	if (st == HTTP_REGEX_MORE || st > HTTP_REGEX_FAIL)
		abort();
	http_regex_run_free(r);
	return st;
}

static void
fuzz_regex(const char *text, size_t len)
{
	const char *nl = memchr(text, '\n', len);
	struct http_regex_conf c = { 0 };
	struct http_regex *re;
	char pat[128], why[160];
	const char *body;
	size_t blen, piece = 1 + (len > 0 ? (unsigned char)text[0] % 61 : 0);
	pcre2_code *code;
	pcre2_match_data *md;
	PCRE2_SIZE eo;
	int err, st, rc;

	if (nl == NULL || (size_t)(nl - text) >= sizeof(pat))
		return;
	memcpy(pat, text, (size_t)(nl - text));
	pat[nl - text] = '\0';
	body = nl + 1;
	blen = len - (size_t)(nl - text) - 1;
	c.pattern = pat;
	if ((re = http_regex_new(&c, why, sizeof(why))) == NULL)
		return;
	st = regex_stream(re, body, blen, piece);
	http_regex_free(re);
	c.min_offset = (uint32_t)(piece * 3);
	c.max_set = true;
	c.max_offset = (uint32_t)(piece * 7);
	if ((re = http_regex_new(&c, why, sizeof(why))) == NULL)
		abort();
	(void)regex_stream(re, body, blen, piece);
	http_regex_free(re);
	if (st == HTTP_REGEX_FAIL || blen >= HTTP_REGEX_WINDOW / 2 ||
	    pat[strspn(pat, "abcxyz0123456789|()*+?.[]-{},")] != '\0')
		return;
	code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0, &err,
	    &eo, NULL);
	md = pcre2_match_data_create_from_pattern(code, NULL);
	rc = pcre2_match(code, (PCRE2_SPTR)body, blen, 0, 0, md, NULL);
	if (rc != PCRE2_ERROR_MATCHLIMIT && rc != PCRE2_ERROR_NOMEMORY &&
	    (rc >= 0) != (st == HTTP_REGEX_MATCH))
		abort();
	pcre2_match_data_free(md);
	pcre2_code_free(code);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1 || size > 4096)
		return 0;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 6) {
	case 0:
		fuzz_split(text);
		break;
	case 1:
		fuzz_reply(text, size - 1);
		break;
	case 2:
		fuzz_stuff(text, size - 1);
		break;
	case 3:
		fuzz_dns_reply(data + 1, size - 1);
		fuzz_dns_name(text);
		break;
	case 4:
		fuzz_http(text, size - 1);
		break;
	default:
		fuzz_regex(text, size - 1);
		break;
	}
	free(text);
	return 0;
}
