/*
 * An HTTP check's regex matched while the body streams in, memory
 * bounded: the bytes go into a window of HTTP_REGEX_WINDOW bytes that
 * PCRE2 matches with PCRE2_PARTIAL_HARD each time data arrives. A
 * partial match (the pattern could still match with more bytes) keeps
 * the window from its start, minus the pattern's lookbehind; no match
 * keeps only that lookbehind (at least one byte, so that ^, \A and \b
 * see that the window does not start the body). At the end of the body
 * the rest is matched once more without the partial flag, so that a
 * pattern ending in $ or in an optional part matches there.
 *
 * regex_min_offset: bytes before it (less the lookbehind) are not kept;
 * no match starts before it. regex_max_offset: the last body offset a
 * match may start at; once the window has passed it the answer is
 * known. A partial match that outgrows the window is dropped (logged
 * at debug level): matches longer than the window are not found.
 *
 * The interpreter's heap is limited (HTTP_REGEX_HEAP_KB); with
 * regex_stack the JIT gets a stack of that size. Options are
 * keepalived 2.2.7's list of PCRE2 compile options.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/http_regex.h"
#include "common/log.h"

#define HTTP_REGEX_HEAP_KB	4096

static const struct {
	const char	*name;
	uint32_t	 bit;
} http_regex_opts[] = {
	{ "allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS },
	{ "alt_bsux", PCRE2_ALT_BSUX },
	{ "auto_callout", PCRE2_AUTO_CALLOUT },
	{ "caseless", PCRE2_CASELESS },
	{ "dollar_endonly", PCRE2_DOLLAR_ENDONLY },
	{ "dotall", PCRE2_DOTALL },
	{ "dupnames", PCRE2_DUPNAMES },
	{ "extended", PCRE2_EXTENDED },
	{ "firstline", PCRE2_FIRSTLINE },
	{ "match_unset_backref", PCRE2_MATCH_UNSET_BACKREF },
	{ "multiline", PCRE2_MULTILINE },
	{ "never_ucp", PCRE2_NEVER_UCP },
	{ "never_utf", PCRE2_NEVER_UTF },
	{ "no_auto_capture", PCRE2_NO_AUTO_CAPTURE },
	{ "no_auto_possess", PCRE2_NO_AUTO_POSSESS },
	{ "no_dotstar_anchor", PCRE2_NO_DOTSTAR_ANCHOR },
	{ "no_start_optimize", PCRE2_NO_START_OPTIMIZE },
	{ "ucp", PCRE2_UCP },
	{ "ungreedy", PCRE2_UNGREEDY },
	{ "utf", PCRE2_UTF },
	{ "never_backslash_c", PCRE2_NEVER_BACKSLASH_C },
	{ "alt_circumflex", PCRE2_ALT_CIRCUMFLEX },
	{ "alt_verbnames", PCRE2_ALT_VERBNAMES },
	{ "use_offset_limit", PCRE2_USE_OFFSET_LIMIT },
	{ NULL, 0 }
};

struct http_regex {
	pcre2_code		*code;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jit;
	size_t			 ctx;		/* bytes kept before a resume */
	uint32_t		 min, max;
	bool			 max_set;
	bool			 no_match;
	unsigned		 refs;
};

struct http_regex_run {
	const struct http_regex	*re;
	pcre2_match_data	*md;
	uint64_t		 off;		/* body bytes fed */
	uint64_t		 base;		/* body offset of buf[0] */
	size_t			 len;		/* bytes in buf */
	size_t			 start;		/* where the next match starts */
	int			 state;
	char			 why[96];
	char			 buf[HTTP_REGEX_WINDOW];
};

bool
http_regex_option(const char *name, uint32_t *bit)
{
	size_t i;

	for (i = 0; http_regex_opts[i].name != NULL; i++)
		if (strcmp(name, http_regex_opts[i].name) == 0) {
			*bit = http_regex_opts[i].bit;
			return true;
		}
	*bit = 0;
	return false;
}

void
http_regex_option_names(uint32_t bits, char *buf, size_t len)
{
	size_t i, n = 0;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; http_regex_opts[i].name != NULL && n < len; i++)
		if (bits & http_regex_opts[i].bit)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
			    n > 0 ? " " : "", http_regex_opts[i].name);
}

struct http_regex *
http_regex_new(const struct http_regex_conf *c, char *why, size_t whylen)
{
	struct http_regex *re;
	PCRE2_UCHAR msg[128];
	PCRE2_SIZE erroff;
	uint32_t lb = 0;
	int err;

	if ((re = calloc(1, sizeof(*re))) == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	re->code = pcre2_compile((PCRE2_SPTR)c->pattern, PCRE2_ZERO_TERMINATED,
	    c->options, &err, &erroff, NULL);
	if (re->code == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		snprintf(why, whylen, "%s at offset %zu", (char *)msg,
		    (size_t)erroff);
		free(re);
		return NULL;
	}
	/* JIT when it can (not every architecture); the interpreter else. */
	(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE |
	    PCRE2_JIT_PARTIAL_HARD);
	pcre2_pattern_info(re->code, PCRE2_INFO_MAXLOOKBEHIND, &lb);
	re->ctx = lb > 0 ? lb : 1;
	re->refs = 1;
	if (re->ctx >= HTTP_REGEX_WINDOW / 2) {
		snprintf(why, whylen, "lookbehind of %u characters is too "
		    "long", lb);
		http_regex_free(re);
		return NULL;
	}
	re->refs = 1;
	re->min = c->min_offset;
	re->max = c->max_offset;
	re->max_set = c->max_set;
	re->no_match = c->no_match;
	if ((re->mctx = pcre2_match_context_create(NULL)) == NULL) {
		snprintf(why, whylen, "out of memory");
		http_regex_free(re);
		return NULL;
	}
	pcre2_set_heap_limit(re->mctx, HTTP_REGEX_HEAP_KB);
	if (c->stack_max > 0) {
		re->jit = pcre2_jit_stack_create(c->stack_start,
		    c->stack_max, NULL);
		if (re->jit == NULL) {
			snprintf(why, whylen, "cannot make a JIT stack of "
			    "%u bytes", c->stack_max);
			http_regex_free(re);
			return NULL;
		}
		pcre2_jit_stack_assign(re->mctx, NULL, re->jit);
	}
	return re;
}

struct http_regex *
http_regex_ref(struct http_regex *re)
{
	if (re != NULL)
		re->refs++;
	return re;
}

void
http_regex_free(struct http_regex *re)
{
	if (re == NULL || --re->refs > 0)
		return;
	pcre2_code_free(re->code);
	pcre2_match_context_free(re->mctx);
	pcre2_jit_stack_free(re->jit);
	free(re);
}

struct http_regex_run *
http_regex_run_new(const struct http_regex *re)
{
	struct http_regex_run *r;

	if ((r = malloc(sizeof(*r))) == NULL)
		return NULL;
	memset(r, 0, offsetof(struct http_regex_run, buf));
	r->re = re;
	if ((r->md = pcre2_match_data_create_from_pattern(re->code,
	    NULL)) == NULL) {
		free(r);
		return NULL;
	}
	r->state = HTTP_REGEX_MORE;
	return r;
}

void
http_regex_run_free(struct http_regex_run *r)
{
	if (r == NULL)
		return;
	pcre2_match_data_free(r->md);
	free(r);
}

/* Drop the first n bytes of the window; the next match starts at what
 * was start. */
static void
regex_drop(struct http_regex_run *r, size_t n, size_t start)
{
	memmove(r->buf, r->buf + n, r->len - n);
	r->len -= n;
	r->base += n;
	r->start = start - n;
}

/* A match (complete or partial) at window offset at: past max? */
static bool
regex_past_max(const struct http_regex_run *r, size_t at)
{
	return r->re->max_set && r->base + at > r->re->max;
}

static void
regex_match(struct http_regex_run *r, bool final)
{
	const struct http_regex *re = r->re;
	PCRE2_SIZE *ov;
	size_t s = r->start, at, keep;
	int rc;

	if (r->base + s < re->min)
		s = (size_t)(re->min - r->base);
	if (s > r->len) {
		if (final)
			r->state = HTTP_REGEX_NOMATCH;
		return;
	}
	if (regex_past_max(r, s)) {
		r->state = HTTP_REGEX_NOMATCH;
		return;
	}
	rc = pcre2_match(re->code, (PCRE2_SPTR)r->buf, r->len, s,
	    final ? 0 : PCRE2_PARTIAL_HARD, r->md, re->mctx);
	ov = pcre2_get_ovector_pointer(r->md);
	if (rc >= 0) {
		r->state = regex_past_max(r, ov[0]) ? HTTP_REGEX_NOMATCH :
		    HTTP_REGEX_MATCH;
		return;
	}
	if (rc == PCRE2_ERROR_NOMATCH) {
		if (final) {
			r->state = HTTP_REGEX_NOMATCH;
			return;
		}
		keep = r->len < re->ctx ? r->len : re->ctx;
		regex_drop(r, r->len - keep, r->len);
		return;
	}
	if (rc == PCRE2_ERROR_PARTIAL) {
		at = ov[0];
		if (regex_past_max(r, at)) {
			r->state = HTTP_REGEX_NOMATCH;
			return;
		}
		if (at > re->ctx)
			regex_drop(r, at - re->ctx, at);
		else if (r->len == HTTP_REGEX_WINDOW) {
			log_debug("regex: a partial match at body offset %llu "
			    "outgrew the %d byte window, dropped",
			    (unsigned long long)(r->base + at),
			    HTTP_REGEX_WINDOW);
			regex_drop(r, r->len - re->ctx, r->len);
		} else
			r->start = at;
		return;
	}
	pcre2_get_error_message(rc, (PCRE2_UCHAR *)r->why, sizeof(r->why));
	r->state = HTTP_REGEX_FAIL;
}

int
http_regex_feed(struct http_regex_run *r, const char *data, size_t len)
{
	const struct http_regex *re = r->re;
	uint64_t skip_to = re->min > re->ctx ? re->min - re->ctx : 0;
	size_t n;

	while (len > 0 && r->state == HTTP_REGEX_MORE) {
		if (r->len == 0 && r->off < skip_to) {
			n = skip_to - r->off < len ? (size_t)(skip_to -
			    r->off) : len;
			r->off += n;
			data += n;
			len -= n;
			r->base = r->off;
			r->start = 0;
			continue;
		}
		n = HTTP_REGEX_WINDOW - r->len;
		if (n > len)
			n = len;
		memcpy(r->buf + r->len, data, n);
		r->len += n;
		r->off += n;
		data += n;
		len -= n;
		if (len == 0 || r->len == HTTP_REGEX_WINDOW)
			regex_match(r, false);
	}
	return r->state;
}

int
http_regex_end(struct http_regex_run *r)
{
	if (r->state == HTTP_REGEX_MORE)
		regex_match(r, true);
	if (r->state == HTTP_REGEX_MORE)
		r->state = HTTP_REGEX_NOMATCH;
	return r->state;
}

const char *
http_regex_why(const struct http_regex_run *r)
{
	return r->why;
}

bool
http_regex_passes(const struct http_regex *re, int state)
{
	if (state == HTTP_REGEX_MATCH)
		return !re->no_match;
	if (state == HTTP_REGEX_NOMATCH)
		return re->no_match;
	return false;
}
