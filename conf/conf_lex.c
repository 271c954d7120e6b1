/*
 * The lexer: turns files into one token array. Work that keepalived does
 * below the grammar happens here, line by line: conditional lines
 * (@id / @^id), $NAME=value definitions and their substitution, and
 * `include`, whose files are spliced in where the include line stands.
 */
#include "conf/conf_lex.h"

#include <sys/stat.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"
#include "conf/conf_include.h"
#include "conf/conf_schema.h"
#include "conf/conf_priv.h"
#include "conf/conf_subst.h"

/* State shared by a file and everything it includes. */
struct conf_lexer {
	struct conf_ctx	*ctx;
	struct conf_tokens *out;
	const char	*config_id;
	struct conf_defs defs;		/* $NAME=value */
	char		*stack[CONF_INCLUDE_DEPTH + 1];	/* realpaths */
	unsigned	 depth;
	unsigned	 files;		/* files read, bounded */
	bool		 from_buffer;
	size_t		 loop_iters;	/* lines made by ~SEQ/~LST, bounded */
	size_t		 loop_bytes;	/* and their text */
	bool		 loops_over;	/* those bounds reached */
	bool		 full;		/* CONF_MAX_TOKENS reached */
	bool		 brace_words;	/* an include line: '{' '}' in words */
	unsigned	 checks;	/* include_check of the file being read */
	char		*word;		/* the word being read (lex_word) */
	size_t		 word_cap;
};

/* Lines of a file, or of the text a $ substitution made (whose lines all
 * keep the location of the line that used it). */
struct conf_reader {
	const char	*p, *end;
	const char	*file;
	unsigned	 line;
	bool		 fixed;		/* substituted text: line stays */
	unsigned	 col;		/* substituted text: its column */
	unsigned	 depth;		/* substitution nesting */
};

/* One input being read: a file or the buffer. */
struct conf_src {
	const char	*file;		/* interned name for locations */
	const char	*dir;		/* for relative include patterns */
	const char	*buf;
	size_t		 len;
};

static void lex_lines(struct conf_lexer *lx, const struct conf_src *src,
    struct conf_reader *r);
static void lex_read(struct conf_lexer *lx, const char *path,
    const struct conf_loc *at);

const char *
conf_tok_name(enum conf_tok_type t)
{
	switch (t) {
	case CONF_TOK_WORD: return "word";
	case CONF_TOK_STRING: return "string";
	case CONF_TOK_LBRACE: return "'{'";
	case CONF_TOK_RBRACE: return "'}'";
	case CONF_TOK_EOL: return "end of line";
	case CONF_TOK_EOF: return "end of file";
	}
	return "?";
}

struct conf_text_chunk {
	struct conf_text_chunk *next;
	size_t		 used, cap;
	char		 data[];
};

#define CONF_TEXT_CHUNK	(64u << 10)

/* A copy of s[0..len) among the texts of t. */
static char *
text_copy(struct conf_tokens *t, const char *s, size_t len)
{
	struct conf_text_chunk *c = t->texts;
	size_t cap;
	char *p;

	if (c == NULL || c->cap - c->used < len + 1) {
		cap = len + 1 > CONF_TEXT_CHUNK ? len + 1 : CONF_TEXT_CHUNK;
		c = xmalloc(sizeof(*c) + cap);
		c->used = 0;
		c->cap = cap;
		c->next = t->texts;
		t->texts = c;
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

static void
tok_push(struct conf_tokens *t, enum conf_tok_type type, const char *text,
    size_t len, const struct conf_loc *loc)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n].type = type;
	t->v[t->n].text = text != NULL ? text_copy(t, text, len) : NULL;
	t->v[t->n].loc = *loc;
	t->n++;
}

void
conf_tokens_free(struct conf_tokens *toks)
{
	struct conf_text_chunk *c, *next;

	free(toks->v);
	toks->v = NULL;
	toks->n = toks->cap = 0;
	for (c = toks->texts; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	toks->texts = NULL;
}

/* White space for the lexer (NUL too: it cannot be part of a value). */
static bool
is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' ||
	    c == '\0';
}

/*
 * Unicode white space as UTF-8: returns its length in bytes and the code
 * point, or 0 when s does not start with one. These come from web pages
 * (no-break space, ideographic space) and Windows editors (BOM).
 */
static size_t
uspace_len(const unsigned char *s, size_t left, unsigned *cp)
{
	if (left >= 2 && s[0] == 0xc2 && s[1] == 0xa0) {
		*cp = 0xa0;
		return 2;
	}
	if (left < 3)
		return 0;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xaf) &&
	    s[2] >= 0x80) {
		*cp = 0x2000 + (s[2] - 0x80);
		return 3;
	}
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f) {
		*cp = 0x205f;
		return 3;
	}
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80) {
		*cp = 0x3000;
		return 3;
	}
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		*cp = 0xfeff;
		return 3;
	}
	return 0;
}

/* A line being tokenised. col advances by characters, not bytes. */
struct conf_line {
	const char	*p, *end;
	struct conf_loc	 loc;		/* of *p */
};

static void
line_adv(struct conf_line *l, size_t n)
{
	while (n-- > 0 && l->p < l->end) {
		if (((unsigned char)*l->p & 0xc0) != 0x80)
			l->loc.col++;
		l->p++;
	}
}

/* Skip white space; a run of Unicode spaces is reported once. */
static void
line_skip_space(struct conf_lexer *lx, struct conf_line *l)
{
	struct conf_loc start;
	unsigned cp, first = 0, count = 0;
	size_t n;

	while (l->p < l->end) {
		if (is_ascii_space(*l->p)) {
			/* ASCII spaces do not end a run: one warning
			 * per stretch of white space. */
			line_adv(l, 1);
			continue;
		}
		n = uspace_len((const unsigned char *)l->p, l->end - l->p, &cp);
		if (n == 0)
			break;
		if (count++ == 0) {
			start = l->loc;
			first = cp;
		}
		line_adv(l, n);
	}
	/* keepalived 2.2.7 splits words at ASCII white space only. */
	if (count == 1)
		conf_warning(lx->ctx, &start, "Unicode space U+%04X treated "
		    "as white space (keepalived 2.2.7 reads it as part of the "
		    "word next to it)", first);
	else if (count > 1)
		conf_warning(lx->ctx, &start, "%u Unicode spaces (U+%04X...) "
		    "treated as white space (keepalived 2.2.7 reads them as "
		    "part of the word next to them)", count, first);
}

/* Whether *l->p ends a word; braces do unless brace_words (the pattern
 * of an include line, "conf.d/{a,b}.conf"). */
static bool
word_char_end(const struct conf_line *l, bool brace_words)
{
	unsigned cp;
	char c = *l->p;

	if (is_ascii_space(c) || ((c == '{' || c == '}') && !brace_words))
		return true;
	return uspace_len((const unsigned char *)l->p, l->end - l->p, &cp) > 0;
}

/* The character an escape "\C" stands for (keepalived's set; \xHH
 * takes at most two hex digits). */
static int
escape_char(struct conf_line *l)
{
	static const char from[] = "abEfnrtv", to[] = "\a\b\033\f\n\r\t\v";
	const char *e;
	int v = 0, n;

	if ((e = strchr(from, *l->p)) != NULL && *l->p != '\0') {
		line_adv(l, 1);
		return to[e - from];
	}
	if (*l->p == 'x' && l->p + 1 < l->end &&
	    isxdigit((unsigned char)l->p[1])) {
		line_adv(l, 1);
		for (n = 0; n < 2 && l->p < l->end &&
		    isxdigit((unsigned char)*l->p); n++, line_adv(l, 1))
			v = v * 16 + (isdigit((unsigned char)*l->p) ?
			    *l->p - '0' : (tolower((unsigned char)*l->p) -
			    'a' + 10));
		return v;
	}
	if (*l->p >= '0' && *l->p <= '7') {
		for (n = 0; n < 3 && l->p < l->end && *l->p >= '0' &&
		    *l->p <= '7'; n++, line_adv(l, 1))
			v = v * 8 + (*l->p - '0');
		return v & 0xff;
	}
	v = (unsigned char)*l->p;
	line_adv(l, 1);
	return v;
}

/* A growing token text. */
struct conf_buf {
	char		*s;
	size_t		 len, cap;
};

static void
buf_add(struct conf_buf *b, int c)
{
	if (c == 0)
		return;		/* values are C strings */
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

/*
 * A quoted part "..." or '...' (keepalived takes both), opening quote at
 * l->p: backslash escapes as keepalived (\" \\ \n \t \nnn ...).
 */
static void
lex_quoted_part(struct conf_lexer *lx, struct conf_line *l,
    struct conf_buf *b)
{
	struct conf_loc start = l->loc;
	char quote = *l->p;

	line_adv(l, 1);
	while (l->p < l->end && *l->p != quote) {
		if (*l->p == '\\' && l->p + 1 < l->end) {
			line_adv(l, 1);
			buf_add(b, escape_char(l));
		} else {
			buf_add(b, (unsigned char)*l->p);
			line_adv(l, 1);
		}
	}
	if (l->p >= l->end)
		conf_error(lx->ctx, &start, "missing closing %c", quote);
	else
		line_adv(l, 1);
}

/*
 * A word: unquoted characters and quoted parts up to white space or a
 * brace, as keepalived reads 'abcd" efg "mnop' (one string, "abcd efg
 * mnop"). A word that starts with a quote is a STRING token.
 */
static void
lex_word(struct conf_lexer *lx, struct conf_line *l)
{
	struct conf_loc start = l->loc;
	struct conf_buf b = { lx->word, 0, lx->word_cap };
	bool quoted = *l->p == '"' || *l->p == '\'';

	b.s[0] = '\0';
	while (l->p < l->end && !word_char_end(l, lx->brace_words)) {
		if (*l->p == '"' || *l->p == '\'')
			lex_quoted_part(lx, l, &b);
		else if (*l->p == '\\' && l->p + 1 < l->end &&
		    (l->p[1] == '#' || l->p[1] == '!')) {
			/* kept from starting a comment (line_decomment) */
			buf_add(&b, (unsigned char)l->p[1]);
			line_adv(l, 2);
		} else {
			buf_add(&b, (unsigned char)*l->p);
			line_adv(l, 1);
		}
	}
	lx->word = b.s;
	lx->word_cap = b.cap;
	tok_push(lx->out, quoted ? CONF_TOK_STRING : CONF_TOK_WORD, b.s, b.len,
	    &start);
}

/*
 * Cut the comment off a line, as keepalived does before it splits the line
 * into words: a '#' or '!' outside double quotes starts a comment, even
 * in the middle of a word ("auth_pass ab#cd" is "ab"). Only double quotes
 * protect them, and a backslash: the character after one neither starts
 * a comment nor opens or closes a quoted part ("a\"#b" is one string,
 * g\#h a word; lex_word takes the backslash out of that). When the comment
 * starts inside a word, or inside single quotes, say so: the value is not
 * what it seems to be.
 */
static void
line_decomment(struct conf_lexer *lx, struct conf_line *l)
{
	struct conf_line at;
	const char *p;
	bool dq = false, sq = false, glued = false;
	unsigned cp;
	size_t n;

	for (p = l->p; p < l->end; p++) {
		if (*p == '\\' && p + 1 < l->end) {
			p++;
			glued = true;
		} else if (*p == '"') {
			dq = !dq;
			glued = true;
		} else if (dq)
			continue;
		else if (*p == '#' || *p == '!')
			break;
		else if (*p == '\'')
			sq = !sq, glued = true;
		else if (is_ascii_space(*p) || *p == '{' || *p == '}')
			glued = false;
		else if ((n = uspace_len((const unsigned char *)p,
		    l->end - p, &cp)) > 0) {
			glued = false;
			p += n - 1;
		} else
			glued = true;
	}
	if (p >= l->end)
		return;
	at = *l;
	line_adv(&at, p - l->p);
	if (sq)
		conf_warning(lx->ctx, &at.loc, "'%c' inside single quotes "
		    "starts a comment: only double quotes keep '#' and '!' "
		    "in a value (as in keepalived); write the value in "
		    "double quotes", *p);
	else if (glued)
		conf_warning(lx->ctx, &at.loc, "'%c' starts a comment here, "
		    "so the rest of the line is ignored (as in keepalived); "
		    "put a space before it, or write the value in double "
		    "quotes if '%c' belongs to it", *p, *p);
	l->end = p;
}

/* Tokenise one line (already stripped of its newline and comment). */
static void
lex_tokens(struct conf_lexer *lx, struct conf_line *l)
{
	struct conf_loc start;

	for (;;) {
		line_skip_space(lx, l);
		if (l->p >= l->end)
			return;
		start = l->loc;
		switch (*l->p) {
		case '!':
		case '#':
			return;		/* comment to end of line */
		case '{':
			if (lx->brace_words)
				break;
			tok_push(lx->out, CONF_TOK_LBRACE, NULL, 0, &start);
			line_adv(l, 1);
			continue;
		case '}':
			if (lx->brace_words)
				break;
			tok_push(lx->out, CONF_TOK_RBRACE, NULL, 0, &start);
			line_adv(l, 1);
			continue;
		}
		lex_word(lx, l);
	}
}

static bool
reader_next(struct conf_reader *r, struct conf_line *l)
{
	const char *nl;

	if (r->p >= r->end)
		return false;
	nl = memchr(r->p, '\n', r->end - r->p);
	l->p = r->p;
	l->end = nl != NULL ? nl : r->end;
	l->loc.file = r->file;
	l->loc.line = r->line;
	l->loc.col = r->col ? r->col : 1;
	if (!r->fixed)
		r->line++;
	r->p = nl != NULL ? nl + 1 : r->end;
	return true;
}

/* Does [p, end) end with a continuation '\' (before trailing spaces)? */
static bool
continued(const char *p, const char **end)
{
	const char *e = *end;

	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (e == p || e[-1] != '\\')
		return false;
	*end = e - 1;
	return true;
}

/* Append [p, end), trimmed, to the growing value *v (length *len). */
static void
value_append(char **v, size_t *len, const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		end--;
	*v = xrealloc(*v, *len + (end - p) + 2);
	if (*len > 0)
		(*v)[(*len)++] = '\n';
	memcpy(*v + *len, p, end - p);
	*len += end - p;
	(*v)[*len] = '\0';
}

/*
 * "$NAME=value": remember it (not expanded: that happens at each use).
 * A value ending in '\' continues on the next lines of r. Returns true if
 * the line was a definition.
 */
static bool
lex_definition(struct conf_lexer *lx, struct conf_reader *r,
    const struct conf_line *l)
{
	const char *v, *vend;
	struct conf_line next;
	size_t n, len = 0;
	char *value = NULL;
	bool more;

	if ((n = conf_subst_is_def(l->p, l->end, &v, &vend)) == 0)
		return false;
	more = continued(v, &vend);
	value_append(&value, &len, v, vend);
	while (more && len < CONF_MAX_LINE_EXPAND && reader_next(r, &next)) {
		line_decomment(lx, &next);
		vend = next.end;
		more = continued(next.p, &vend);
		value_append(&value, &len, next.p, vend);
	}
	if (len >= CONF_MAX_LINE_EXPAND)
		conf_error(lx->ctx, &l->loc, "$ definition too long");
	conf_subst_define(lx->ctx, &lx->defs, l->p + 1, n, value, &l->loc);
	return true;
}

/* "@id" / "@^id" prefix: false if the line is not for this config id. */
static bool
lex_condition(struct conf_lexer *lx, struct conf_line *l)
{
	const char *s;
	bool neg, match;
	size_t n;

	if (*l->p != '@')
		return true;
	line_adv(l, 1);
	neg = l->p < l->end && *l->p == '^';
	if (neg)
		line_adv(l, 1);
	s = l->p;
	while (l->p < l->end && !word_char_end(l, false))
		line_adv(l, 1);
	n = l->p - s;
	match = strlen(lx->config_id) == n && memcmp(s, lx->config_id, n) == 0;
	return neg ? !match : match;
}

static void
lex_include_file(struct conf_lexer *lx, const char *path,
    const struct conf_loc *at)
{
	char *real;
	unsigned i;

	/* Each include may read the same files again (braces, several
	 * lines): without a bound, a few nested ones read millions. */
	if (lx->files >= CONF_MAX_FILES) {
		if (lx->files++ == CONF_MAX_FILES)	/* once */
			conf_error(lx->ctx, at, "more than %u files read "
			    "through includes; %s and the files after it are "
			    "not read (include each file once)",
			    CONF_MAX_FILES, path);
		return;
	}
	lx->files++;
	if ((real = realpath(path, NULL)) == NULL) {
		conf_error(lx->ctx, at, "cannot include %s: %s", path,
		    strerror(errno));
		return;
	}
	for (i = 0; i < lx->depth; i++)
		if (strcmp(lx->stack[i], real) == 0) {
			conf_error(lx->ctx, at, "include cycle: %s is already "
			    "being read", path);
			free(real);
			return;
		}
	if (lx->depth >= CONF_INCLUDE_DEPTH) {
		conf_error(lx->ctx, at, "includes nested more than %d deep",
		    CONF_INCLUDE_DEPTH);
		free(real);
		return;
	}
	lx->stack[lx->depth++] = real;
	lex_read(lx, path, at);
	free(lx->stack[--lx->depth]);
}

/* The include line's tokens were just pushed from index first: take them
 * back out and splice the files they name in their place. */
static void
lex_include(struct conf_lexer *lx, const struct conf_src *src, size_t first)
{
	struct conf_tokens *t = lx->out;
	struct conf_loc at = t->v[first].loc;
	char *kw = t->v[first].text, *pattern, *full = NULL, **files, *dir;
	size_t i, nargs = t->n - first - 1;
	unsigned checks = lx->checks | conf_include_variant(kw);

	if (nargs != 1 || t->v[first + 1].text == NULL) {
		conf_error(lx->ctx, &at, "%s needs exactly one file pattern "
		    "(quote a name with spaces)", kw);
		t->n = first;
		return;
	}
	pattern = t->v[first + 1].text;
	t->n = first;
	if (lx->from_buffer) {
		conf_warning(lx->ctx, &at, "%s %s ignored: not reading from a "
		    "file", kw, pattern);
		return;
	}
	/* Relative to the including file's directory, whose name is no
	 * pattern ("conf[1]/"); "./" is not added when that is the current
	 * one, so names stay as written. */
	if (pattern[0] != '/' && src->dir != NULL &&
	    strchr(src->file, '/') != NULL) {
		dir = conf_include_dir_escape(src->dir);
		xasprintf(&full, "%s/%s", dir, pattern);
		free(dir);
	}
	/* Past the bound on files read, no more globbing either. */
	files = lx->files > CONF_MAX_FILES ? NULL :
	    conf_include_files(lx->ctx, kw, pattern,
	    full != NULL ? full : pattern, checks, &at);
	for (i = 0; files != NULL && files[i] != NULL; i++)
		lex_include_file(lx, files[i], &at);
	conf_include_files_free(files);
	free(full);
}

/* Whether the line starts with an include keyword: its pattern is read
 * with braces inside words ("conf.d/{a,b}.conf"), as keepalived reads it. */
static bool
include_line(const struct conf_line *l)
{
	char word[16];
	size_t n = 0;

	while (l->p + n < l->end && n < sizeof(word) - 1 &&
	    !word_char_end(&(struct conf_line){ .p = l->p + n, .end = l->end },
	    false))
		n++;
	memcpy(word, l->p, n);
	word[n] = '\0';
	return conf_include_variant(word) >= 0;
}

/* random_seed N: ${_RANDOM} from here on gives repeatable values. */
static void
lex_random_seed(struct conf_lexer *lx, const struct conf_token *kw,
    const struct conf_token *args, size_t n)
{
	unsigned long long v;
	char *end;

	if (n != 1 || args[0].text[0] < '0' || args[0].text[0] > '9' ||
	    (errno = 0, v = strtoull(args[0].text, &end, 10), *end != '\0') ||
	    errno != 0 || v > 0xffffffffULL) {
		conf_error(lx->ctx, n > 0 ? &args[0].loc : &kw->loc,
		    "random_seed takes one number, 0 to 4294967295");
		return;
	}
	conf_subst_seed(&lx->defs, v);
}

/*
 * Two global_defs keywords act while the files are read, on what follows
 * them: include_check sets the checks of the includes in this file and
 * in the files it includes, random_seed seeds ${_RANDOM}. Their tokens
 * stay for the parser.
 */
static void
lex_early_keywords(struct conf_lexer *lx, size_t first)
{
	struct conf_tokens *t = lx->out;
	size_t i, n;

	for (i = first; i < t->n; i++) {
		if (t->v[i].type != CONF_TOK_WORD ||
		    (strcmp(t->v[i].text, "include_check") != 0 &&
		    strcmp(t->v[i].text, "random_seed") != 0) ||
		    (i > first && t->v[i - 1].type != CONF_TOK_LBRACE))
			continue;
		for (n = 0; i + 1 + n < t->n &&
		    (t->v[i + 1 + n].type == CONF_TOK_WORD ||
		    t->v[i + 1 + n].type == CONF_TOK_STRING); n++)
			;
		if (t->v[i].text[0] == 'i')
			conf_include_check_opts(lx->ctx, &t->v[i + 1], n,
			    &lx->checks);
		else
			lex_random_seed(lx, &t->v[i], &t->v[i + 1], n);
	}
}

/* Characters (not bytes) in [p, end). */
static unsigned
chars(const char *p, const char *end)
{
	unsigned n = 0;

	for (; p < end; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * "~SEQ(...) rest" / "~LST(...) rest": read rest once per value, with the
 * loop's variables defined. Returns true if the line was a loop.
 */
static bool
lex_loop(struct conf_lexer *lx, const struct conf_src *src,
    struct conf_reader *r, const struct conf_line *l)
{
	struct conf_loop loop;
	struct conf_reader sub;
	size_t i, k;
	int rc;

	if ((rc = conf_subst_loop(lx->ctx, l->p, l->end, &l->loc, &loop)) == 0)
		return false;
	if (rc > 0 && r->depth >= CONF_SUBST_DEPTH)
		conf_error(lx->ctx, &l->loc, "~SEQ/~LST nested more than %d "
		    "deep", CONF_SUBST_DEPTH);
	else if (rc > 0 && !lx->loops_over &&
	    ((lx->loop_iters += loop.niter) > CONF_MAX_LOOP * 4 ||
	    (lx->loop_bytes += loop.niter * (l->end - loop.rest)) >
	    CONF_MAX_EXPAND * 4)) {
		conf_error(lx->ctx, &l->loc, "~SEQ/~LST make more than %d "
		    "lines or %u bytes", CONF_MAX_LOOP * 4, CONF_MAX_EXPAND * 4);
		lx->loops_over = true;
	} else
		for (i = 0; rc > 0 && i < loop.niter && !lx->loops_over; i++) {
			for (k = 0; k < loop.nnames; k++)
				conf_subst_define(lx->ctx, &lx->defs,
				    loop.names[k], strlen(loop.names[k]),
				    xstrdup(loop.values[i * loop.nnames + k]),
				    &l->loc);
			sub = (struct conf_reader){ .p = loop.rest,
			    .end = l->end, .file = l->loc.file,
			    .line = l->loc.line, .fixed = true,
			    .col = l->loc.col + chars(l->p, loop.rest),
			    .depth = r->depth + 1 };
			lex_lines(lx, src, &sub);
		}
	conf_subst_loop_free(&loop);
	return true;
}

/*
 * One line of src: its condition prefix, a definition, or $ references
 * (whose text is read as lines of its own, at this line's location), else
 * tokens; an include line is replaced by the files it names.
 */
static void
lex_line(struct conf_lexer *lx, const struct conf_src *src,
    struct conf_reader *r, struct conf_line *l)
{
	struct conf_reader sub;
	struct conf_token *t;
	size_t first = lx->out->n, elen;
	char *exp;

	if (lx->out->n >= CONF_MAX_TOKENS) {
		if (!lx->full)
			conf_error(lx->ctx, &l->loc, "more than %u words in "
			    "the configuration", CONF_MAX_TOKENS);
		lx->full = true;
		return;
	}
	line_decomment(lx, l);
	line_skip_space(lx, l);
	if (l->p >= l->end || !lex_condition(lx, l))
		return;
	line_skip_space(lx, l);
	if (l->p >= l->end || lex_definition(lx, r, l) ||
	    lex_loop(lx, src, r, l))
		return;
	exp = conf_subst_expand(lx->ctx, &lx->defs, l->p, l->end, &l->loc,
	    &elen);
	if (exp != NULL) {
		if (r->depth >= CONF_SUBST_DEPTH)
			conf_error(lx->ctx, &l->loc, "$ substitution nested "
			    "more than %d deep", CONF_SUBST_DEPTH);
		else {
			sub = (struct conf_reader){ .p = exp, .end = exp + elen,
			    .file = l->loc.file, .line = l->loc.line,
			    .fixed = true, .col = l->loc.col,
			    .depth = r->depth + 1 };
			lex_lines(lx, src, &sub);
		}
		free(exp);
		return;
	}
	if (include_line(l)) {
		lx->brace_words = true;
		lex_tokens(lx, l);
		lx->brace_words = false;
		t = &lx->out->v[first];
		if (lx->out->n > first && t->type == CONF_TOK_WORD &&
		    conf_include_variant(t->text) >= 0) {
			lex_include(lx, src, first);
			return;
		}
	} else
		lex_tokens(lx, l);
	if (lx->out->n == first)
		return;
	lex_early_keywords(lx, first);
	tok_push(lx->out, CONF_TOK_EOL, NULL, 0, &l->loc);
}

static void
lex_lines(struct conf_lexer *lx, const struct conf_src *src,
    struct conf_reader *r)
{
	struct conf_line l;

	while (reader_next(r, &l))
		lex_line(lx, src, r, &l);
}

static void
lex_source(struct conf_lexer *lx, const struct conf_src *src)
{
	struct conf_reader r = { .p = src->buf, .end = src->buf + src->len,
	    .file = src->file, .line = 1 };

	lex_lines(lx, src, &r);
}

/* Read a whole regular file into memory, bounded. */
static char *
read_file(struct conf_ctx *ctx, const char *path, const struct conf_loc *at,
    size_t *lenp)
{
	struct conf_loc here = { .file = path, .line = 1, .col = 1 };
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	ssize_t r;
	int fd;

	if (at == NULL)
		at = &here;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		conf_error(ctx, at, "cannot open %s: %s", path,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		conf_error(ctx, at, "cannot read %s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (st.st_size > CONF_MAX_FILE_SIZE) {
		conf_error(ctx, at, "cannot read %s: larger than %u MiB", path,
		    CONF_MAX_FILE_SIZE >> 20);
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size &&
	    (r = read(fd, buf + len, st.st_size - len)) > 0)
		len += r;
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/* Read and tokenise path; at: the include line, NULL for the main file. */
static void
lex_read(struct conf_lexer *lx, const char *path,
    const struct conf_loc *at)
{
	struct conf_src src;
	const char *pwd;
	char *buf, *dcopy, *saved, *absdir;
	unsigned checks = lx->checks;
	size_t len;

	if ((buf = read_file(lx->ctx, path, at, &len)) == NULL)
		return;
	dcopy = xstrdup(path);
	src.file = conf_intern_file(lx->ctx, path);
	src.dir = dirname(dcopy);
	src.buf = buf;
	src.len = len;
	/* ${_PWD}: the directory of the file being read, absolute as
	 * keepalived's (which changes into it). */
	pwd = conf_subst_get(&lx->defs, "_PWD");
	saved = pwd != NULL ? xstrdup(pwd) : NULL;
	if ((absdir = realpath(src.dir, NULL)) == NULL)
		absdir = xstrdup(src.dir);
	conf_subst_define(lx->ctx, &lx->defs, "_PWD", 4, absdir,
	    src.file != NULL ? &(struct conf_loc){ .file = src.file } : NULL);
	lex_source(lx, &src);
	/* include_check set in this file ends with it. */
	lx->checks = checks;
	if (saved != NULL)
		conf_subst_define(lx->ctx, &lx->defs, "_PWD", 4, saved, NULL);
	free(dcopy);
	free(buf);
}

static void
lexer_init(struct conf_lexer *lx, struct conf_ctx *ctx, struct conf_tokens *out)
{
	memset(lx, 0, sizeof(*lx));
	lx->ctx = ctx;
	lx->out = out;
	lx->config_id = conf_config_id(ctx);
	lx->word_cap = 64;
	lx->word = xmalloc(lx->word_cap);
	conf_subst_predefine(ctx, &lx->defs, lx->config_id);
}

static void
lexer_done(struct conf_lexer *lx, const char *file)
{
	struct conf_loc loc = { .file = file, .line = 0, .col = 1 };
	size_t i;

	if (lx->out->n > 0)
		loc = lx->out->v[lx->out->n - 1].loc;
	tok_push(lx->out, CONF_TOK_EOF, NULL, 0, &loc);
	conf_subst_free(&lx->defs);
	free(lx->word);
	for (i = 0; i < lx->depth; i++)
		free(lx->stack[i]);
}

int
conf_lex_file(struct conf_ctx *ctx, const char *path, struct conf_tokens *out)
{
	struct conf_lexer lx;
	unsigned errors = ctx->errors;
	char *real;

	lexer_init(&lx, ctx, out);
	if ((real = realpath(path, NULL)) != NULL)
		lx.stack[lx.depth++] = real;
	lex_read(&lx, path, NULL);
	lexer_done(&lx, conf_intern_file(ctx, path));
	return real == NULL && ctx->errors > errors ? -1 : 0;
}

int
conf_lex_buffer(struct conf_ctx *ctx, const char *name, const char *buf,
    size_t len, struct conf_tokens *out)
{
	struct conf_lexer lx;
	struct conf_src src;

	lexer_init(&lx, ctx, out);
	lx.from_buffer = true;
	src.file = conf_intern_file(ctx, name);
	src.dir = NULL;
	src.buf = buf;
	src.len = len;
	lex_source(&lx, &src);
	lexer_done(&lx, src.file);
	return 0;
}
