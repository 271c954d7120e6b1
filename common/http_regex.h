/*
 * The regex of an HTTP_GET/SSL_GET url (PCRE2, keepalived's regex,
 * regex_options, regex_no_match, regex_min_offset, regex_max_offset,
 * regex_stack), matched against the body while it streams in, through
 * a window of bounded size: the config pass compiles it to report
 * errors at -t, the check child compiles it again and feeds it.
 */
#ifndef VIGIL_HTTP_REGEX_H
#define VIGIL_HTTP_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes of body the matcher holds at most: a match (with the text its
 * lookbehind needs) must fit in it. */
#define HTTP_REGEX_WINDOW	16384
#define HTTP_REGEX_LEN		1024	/* longest pattern, NUL included */

/* regex_options: a name of keepalived's list to its PCRE2 bit; 0 and
 * false for a name not in the list. */
bool	http_regex_option(const char *name, uint32_t *bit);
/* The names of the bits set, space separated, for dumps. */
void	http_regex_option_names(uint32_t bits, char *buf, size_t len);

struct http_regex_conf {
	const char	*pattern;
	uint32_t	 options;	/* PCRE2 compile bits */
	bool		 no_match;	/* a match fails the url */
	uint32_t	 min_offset;	/* first body offset a match may start */
	bool		 max_set;
	uint32_t	 max_offset;	/* last body offset a match may start */
	uint32_t	 stack_start;	/* JIT stack, 0: PCRE2's default */
	uint32_t	 stack_max;
};

struct http_regex;

/* Compile; NULL with why filled in ("missing ) at offset 3"). The
 * result holds one reference; http_regex_free() drops one. */
struct http_regex *http_regex_new(const struct http_regex_conf *,
	    char *why, size_t whylen);
struct http_regex *http_regex_ref(struct http_regex *);
void	http_regex_free(struct http_regex *);

enum http_regex_state {
	HTTP_REGEX_MORE,	/* undecided: feed on */
	HTTP_REGEX_MATCH,	/* the pattern matched (within the offsets) */
	HTTP_REGEX_NOMATCH,	/* it cannot match any more */
	HTTP_REGEX_FAIL		/* PCRE2 gave up (match or stack limit) */
};

struct http_regex_run;

struct http_regex_run *http_regex_run_new(const struct http_regex *);
void	http_regex_run_free(struct http_regex_run *);
/* Feed the next bytes of the body; the state after them. */
int	http_regex_feed(struct http_regex_run *, const char *, size_t);
/* The body ended: the final state (MATCH, NOMATCH or FAIL). */
int	http_regex_end(struct http_regex_run *);
/* FAIL: PCRE2's message. */
const char *http_regex_why(const struct http_regex_run *);
/* Whether MATCH or NOMATCH passes the url (regex_no_match). */
bool	http_regex_passes(const struct http_regex *, int state);

#endif
