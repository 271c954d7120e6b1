/*
 * The streaming regex of HTTP checks (common/http_regex.c): the body cut
 * into pieces of every size gives the answer PCRE2 gives on the whole
 * body, across window boundaries, with anchors, \b and lookbehind at the
 * cuts, regex_min_offset and regex_max_offset; the window bounds memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "common/http_regex.h"

struct opts {
	uint32_t	 flags;
	uint32_t	 min;
	long		 max;		/* -1: none */
	bool		 no_match;
};

static struct http_regex *
compile(const char *pat, const struct opts *o)
{
	struct http_regex_conf c = { .pattern = pat };
	struct http_regex *re;
	char why[160];

	if (o != NULL) {
		c.options = o->flags;
		c.min_offset = o->min;
		c.max_set = o->max >= 0;
		c.max_offset = o->max >= 0 ? (uint32_t)o->max : 0;
		c.no_match = o->no_match;
	}
	re = http_regex_new(&c, why, sizeof(why));
	assert_non_null(re);
	return re;
}

/* The body in pieces of chunk bytes; the final state. */
static int
stream(struct http_regex *re, const char *body, size_t len, size_t chunk)
{
	struct http_regex_run *r = http_regex_run_new(re);
	size_t off, n;
	int st = HTTP_REGEX_MORE;

	assert_non_null(r);
	for (off = 0; off < len && st == HTTP_REGEX_MORE; off += n) {
		n = len - off < chunk ? len - off : chunk;
		st = http_regex_feed(r, body + off, n);
	}
	st = http_regex_end(r);
	http_regex_run_free(r);
	return st;
}

static int
run(const char *pat, const struct opts *o, const char *body, size_t chunk)
{
	struct http_regex *re = compile(pat, o);
	int st = stream(re, body, strlen(body), chunk);

	http_regex_free(re);
	return st;
}

/* PCRE2 on the whole body: the reference. */
static int
whole(const char *pat, const struct opts *o, const char *body, size_t len)
{
	pcre2_code *c;
	pcre2_match_data *md;
	PCRE2_SIZE eo;
	int err, rc, st;

	c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, o->flags,
	    &err, &eo, NULL);
	assert_non_null(c);
	md = pcre2_match_data_create_from_pattern(c, NULL);
	if (o->min > len)
		rc = PCRE2_ERROR_NOMATCH;
	else
		rc = pcre2_match(c, (PCRE2_SPTR)body, len, o->min, 0, md,
		    NULL);
	st = rc >= 0 && (o->max < 0 || pcre2_get_ovector_pointer(md)[0] <=
	    (size_t)o->max) ? HTTP_REGEX_MATCH : HTTP_REGEX_NOMATCH;
	pcre2_match_data_free(md);
	pcre2_code_free(c);
	return st;
}

static void
test_every_cut(void **state)
{
	const char *body = "HTTP works: status ok, 42 widgets\n";
	size_t chunk;

	(void)state;
	for (chunk = 1; chunk <= strlen(body); chunk++) {
		assert_int_equal(run("ok, [0-9]+ widgets", NULL, body, chunk),
		    HTTP_REGEX_MATCH);
		assert_int_equal(run("ok, [0-9]+ gadgets", NULL, body, chunk),
		    HTTP_REGEX_NOMATCH);
		/* ^ and \A: the start of the body only, not of a window */
		assert_int_equal(run("^status", NULL, body, chunk),
		    HTTP_REGEX_NOMATCH);
		assert_int_equal(run("\\Astatus", NULL, body, chunk),
		    HTTP_REGEX_NOMATCH);
		assert_int_equal(run("^HTTP", NULL, body, chunk),
		    HTTP_REGEX_MATCH);
		/* \b sees the byte before a cut */
		assert_int_equal(run("\\borks", NULL, body, chunk),
		    HTTP_REGEX_NOMATCH);
		assert_int_equal(run("\\bworks", NULL, body, chunk),
		    HTTP_REGEX_MATCH);
		/* lookbehind across a cut */
		assert_int_equal(run("(?<=status )ok", NULL, body, chunk),
		    HTTP_REGEX_MATCH);
		assert_int_equal(run("(?<=state )ok", NULL, body, chunk),
		    HTTP_REGEX_NOMATCH);
		/* $ at the very end of the body */
		assert_int_equal(run("widgets$", NULL, body, chunk),
		    HTTP_REGEX_MATCH);
		assert_int_equal(run("widgets\\z", NULL, body, chunk),
		    HTTP_REGEX_NOMATCH);
	}
}

static void
test_offsets(void **state)
{
	/* "ab" at 0 and at 10 */
	const char *body = "ab--------ab------";
	struct opts o = { .max = -1 };
	size_t chunk;

	(void)state;
	for (chunk = 1; chunk <= strlen(body); chunk++) {
		o.min = 1, o.max = -1;
		assert_int_equal(run("ab", &o, body, chunk), HTTP_REGEX_MATCH);
		o.min = 11;
		assert_int_equal(run("ab", &o, body, chunk),
		    HTTP_REGEX_NOMATCH);
		o.min = 10;
		assert_int_equal(run("ab", &o, body, chunk), HTTP_REGEX_MATCH);
		o.min = 1, o.max = 9;
		assert_int_equal(run("ab", &o, body, chunk),
		    HTTP_REGEX_NOMATCH);
		o.max = 10;
		assert_int_equal(run("ab", &o, body, chunk), HTTP_REGEX_MATCH);
		o.min = 0, o.max = 0;
		assert_int_equal(run("ab", &o, body, chunk), HTTP_REGEX_MATCH);
		/* min past the end of the body */
		o.min = 100, o.max = -1;
		assert_int_equal(run("-", &o, body, chunk),
		    HTTP_REGEX_NOMATCH);
		/* lookbehind sees the byte before min_offset */
		o.min = 12;
		assert_int_equal(run("(?<=a)b", &o, body, chunk),
		    HTTP_REGEX_NOMATCH);
		o.min = 11;
		assert_int_equal(run("(?<=a)b", &o, body, chunk),
		    HTTP_REGEX_MATCH);
	}
}

/* Random bodies far longer than the window, in random pieces, against
 * PCRE2 on the whole body. */
static void
test_against_whole(void **state)
{
	static const char *pats[] = { "ab+a", "^b", "a$", "\\bab", "b{5}",
	    "(?<=ba)ab\\n", "aab|bba", "(a|b)\\n\\n", "a\\nb\\na", "^ba",
	    "bbbbbbbbbba" };
	size_t len = 3 * HTTP_REGEX_WINDOW + 77, i, k, p;
	char *body = malloc(len + 1);
	struct http_regex *re;
	struct opts o;
	int want, got, seen[4] = { 0 };

	(void)state;
	srandom(12);
	for (k = 0; k < 40; k++) {
		for (i = 0; i < len; i++)
			body[i] = "aaaaabbbbb\n"[random() % (k < 20 ? 10 :
			    11)];
		body[len] = '\0';
		for (p = 0; p < sizeof(pats) / sizeof(pats[0]); p++) {
			memset(&o, 0, sizeof(o));
			o.flags = k % 3 == 0 ? PCRE2_MULTILINE : 0;
			o.min = k % 4 == 1 ? (uint32_t)(random() % len) : 0;
			o.max = k % 5 == 2 ? random() % (long)len : -1;
			if (o.max >= 0 && (uint32_t)o.max < o.min)
				o.max = o.min;
			want = whole(pats[p], &o, body, len);
			re = compile(pats[p], &o);
			got = stream(re, body, len, 1 + (size_t)(random() %
			    5000));
			if (got != want)
				print_error("pattern %s min %u max %ld k %zu\n",
				    pats[p], o.min, o.max, k);
			assert_int_equal(got, want);
			seen[got]++;
			http_regex_free(re);
		}
	}
	/* both answers were tested */
	assert_true(seen[HTTP_REGEX_MATCH] > 50);
	assert_true(seen[HTTP_REGEX_NOMATCH] > 50);
	free(body);
}

/* A needle deep in a 4 MB body, across a window's edge, one run's memory
 * the window only; a match is known before the body ends. */
static void
test_long_body(void **state)
{
	size_t len = 4u << 20, at = 3 * HTTP_REGEX_WINDOW - 3, off;
	char *body = malloc(len);
	struct http_regex *re = compile("needle [0-9]+", NULL);
	struct http_regex_run *r;
	int st = HTTP_REGEX_MORE;

	(void)state;
	memset(body, 'x', len);
	memcpy(body + at, "needle 12345", 12);
	r = http_regex_run_new(re);
	for (off = 0; off < len && st == HTTP_REGEX_MORE; off += 4096)
		st = http_regex_feed(r, body + off, 4096);
	assert_int_equal(st, HTTP_REGEX_MATCH);
	assert_true(off < 4 * HTTP_REGEX_WINDOW);
	http_regex_run_free(r);
	/* a match longer than the window is not found (documented) */
	memset(body, 'x', len);
	body[0] = 'a';
	body[2 * HTTP_REGEX_WINDOW] = 'b';
	http_regex_free(re);
	re = compile("a[x]*b", NULL);
	assert_int_equal(stream(re, body, 3 * HTTP_REGEX_WINDOW, 1000),
	    HTTP_REGEX_NOMATCH);
	assert_int_equal(stream(re, body + HTTP_REGEX_WINDOW - 10,
	    HTTP_REGEX_WINDOW + 20, 1000), HTTP_REGEX_NOMATCH);
	http_regex_free(re);
	free(body);
}

static void
test_options_and_verdict(void **state)
{
	struct opts o = { .max = -1 };
	struct http_regex *re;
	char why[160], names[128];
	uint32_t bit, all = 0;
	struct http_regex_conf bad = { .pattern = "a(b" };

	(void)state;
	assert_true(http_regex_option("caseless", &bit));
	assert_int_equal(bit, PCRE2_CASELESS);
	all |= bit;
	assert_true(http_regex_option("use_offset_limit", &bit));
	all |= bit;
	assert_false(http_regex_option("nocase", &bit));
	http_regex_option_names(all, names, sizeof(names));
	assert_string_equal(names, "caseless use_offset_limit");
	o.flags = PCRE2_CASELESS;
	assert_int_equal(run("SERVER UP", &o, "server up", 3),
	    HTTP_REGEX_MATCH);
	assert_int_equal(run("SERVER UP", NULL, "server up", 3),
	    HTTP_REGEX_NOMATCH);
	/* regex_no_match turns the verdict round */
	o.no_match = true;
	re = compile("error", &o);
	assert_true(http_regex_passes(re, HTTP_REGEX_NOMATCH));
	assert_false(http_regex_passes(re, HTTP_REGEX_MATCH));
	assert_false(http_regex_passes(re, HTTP_REGEX_FAIL));
	http_regex_free(re);
	re = compile("error", NULL);
	assert_true(http_regex_passes(re, HTTP_REGEX_MATCH));
	assert_false(http_regex_passes(re, HTTP_REGEX_NOMATCH));
	/* a shared regex lives until its last reference goes */
	assert_ptr_equal(http_regex_ref(re), re);
	http_regex_free(re);
	assert_int_equal(stream(re, "an error", 8, 2), HTTP_REGEX_MATCH);
	http_regex_free(re);
	assert_null(http_regex_new(&bad, why, sizeof(why)));
	assert_non_null(strstr(why, "offset 3"));
	/* an empty body: only a pattern that matches nothing matches */
	assert_int_equal(run("^$", NULL, "", 1), HTTP_REGEX_MATCH);
	assert_int_equal(run("x", NULL, "", 1), HTTP_REGEX_NOMATCH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_cut),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_against_whole),
		cmocka_unit_test(test_long_body),
		cmocka_unit_test(test_options_and_verdict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
