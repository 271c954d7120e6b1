/*
 * Which files an include line names, and which misses are errors.
 *
 * A pattern is a glob(7) pattern with csh brace expressions
 * ("conf.d/{a,b}.conf"), expanded by glob(3) with GLOB_BRACE. Without
 * checks, a pattern that matches nothing is a warning and a match that
 * cannot be read (a directory, an executable, an unreadable file) is
 * skipped with a warning, as keepalived skips it. The checks of
 * include_check, and the variants includer/m/w/b/a that add to them, make
 * those errors (keepalived.conf(5)):
 *   readable        a match that cannot be read
 *   match           a pattern without wildcards or braces that names no
 *                   file, or whose directory (the part before the first
 *                   wildcard) does not exist
 *   wildcard_match  a pattern with wildcards that matches no file
 *   brace_match     a brace alternative without wildcards that names no
 *                   file
 * match, wildcard_match and brace_match check readability as well.
 */
#include "conf/conf_include.h"

#include <sys/stat.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"
#include "conf/conf_lex.h"
#include "conf/conf_schema.h"

/* Alternatives a brace expression may make: more is an error. */
#define CONF_INC_MAX_ALTS	256

static const struct {
	const char	*kw;
	unsigned	 checks;
} variants[] = {
	{ "include", 0 },
	{ "includer", CONF_INC_READABLE },
	{ "includem", CONF_INC_MATCH },
	{ "includew", CONF_INC_WILDCARD },
	{ "includeb", CONF_INC_BRACE },
	{ "includea", CONF_INC_ALL },
};

static const struct {
	const char	*name;
	unsigned	 bit;
} check_names[] = {
	{ "readable", CONF_INC_READABLE },
	{ "match", CONF_INC_MATCH },
	{ "wildcard_match", CONF_INC_WILDCARD },
	{ "brace_match", CONF_INC_BRACE },
};

int
conf_include_variant(const char *word)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(variants); i++)
		if (strcmp(word, variants[i].kw) == 0)
			return (int)variants[i].checks;
	return -1;
}

void
conf_include_check_opts(struct conf_ctx *ctx, const struct conf_token *args,
    size_t n, unsigned *checks)
{
	const char *names[ARRAY_SIZE(check_names)], *s;
	unsigned v = *checks;
	bool replaced = false;
	char mode = '=';
	size_t i, k;

	if (n == 0) {
		*checks = CONF_INC_ALL;
		return;
	}
	for (k = 0; k < ARRAY_SIZE(check_names); k++)
		names[k] = check_names[k].name;
	for (i = 0; i < n; i++) {
		s = args[i].text;
		/* "+match -wildcard_match": add, remove; bare words set. */
		if (*s == '+' || *s == '-') {
			mode = *s++;
			if (*s == '\0')
				continue;
		}
		for (k = 0; k < ARRAY_SIZE(check_names); k++)
			if (strcmp(s, check_names[k].name) == 0)
				break;
		if (k == ARRAY_SIZE(check_names)) {
			conf_error(ctx, &args[i].loc, "include_check: unknown "
			    "check '%s'%s (readable, match, wildcard_match, "
			    "brace_match, each may have a + or - in front)", s,
			    conf_did_you_mean(s, names, ARRAY_SIZE(names)));
			continue;
		}
		if (mode == '=' && !replaced) {
			v = 0;
			replaced = true;
		}
		if (mode == '-')
			v &= ~check_names[k].bit;
		else
			v |= check_names[k].bit;
	}
	*checks = v;
}

/*
 * The scans below step over a backslash and the character after it, as
 * glob(3) reads "\*" as a plain '*'.
 */
#define SKIP_ESCAPE(s, i)	\
	if ((s)[i] == '\\' && (s)[(i) + 1] != '\0') { (i)++; continue; }

/* The index of the first wildcard of s, or its length if none. */
static size_t
first_wildcard(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		SKIP_ESCAPE(s, i);
		if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			break;
	}
	return i;
}

static bool
has_wildcard(const char *s)
{
	return s[first_wildcard(s)] != '\0';
}

/* The file name n bytes of pattern s stand for: its escapes taken out
 * (out has n + 1 bytes). */
static char *
unescape(const char *s, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

char *
conf_include_dir_escape(const char *dir)
{
	char *out = xmalloc(2 * strlen(dir) + 1), *o = out;

	for (; *dir != '\0'; dir++) {
		if (strchr("*?[]{}\\", *dir) != NULL)
			*o++ = '\\';
		*o++ = *dir;
	}
	*o = '\0';
	return out;
}

/* The '}' that closes the '{' at s[open], or 0 when there is none. */
static size_t
brace_close(const char *s, size_t open)
{
	unsigned depth = 0;
	size_t i;

	for (i = open; s[i] != '\0'; i++) {
		SKIP_ESCAPE(s, i);
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return i;
	}
	return 0;
}

/* The first brace group of s: its '{' in *open, its '}' in *close. */
static bool
brace_group(const char *s, size_t *open, size_t *close)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		SKIP_ESCAPE(s, i);
		if (s[i] == '{' && (*close = brace_close(s, i)) != 0) {
			*open = i;
			return true;
		}
	}
	return false;
}

/*
 * The csh expansion of s ("a{b,c{d,e}}f": abf acdf acef), appended to
 * alts; -1 when it makes more than CONF_INC_MAX_ALTS names.
 */
static int
brace_expand(const char *s, char ***alts, size_t *n)
{
	size_t open, close, start, i;
	unsigned depth = 0;
	char *one;
	int rc = 0;

	if (!brace_group(s, &open, &close)) {
		if (*n >= CONF_INC_MAX_ALTS)
			return -1;
		*alts = xreallocarray(*alts, *n + 1, sizeof(**alts));
		(*alts)[(*n)++] = xstrdup(s);
		return 0;
	}
	for (start = i = open + 1; i <= close && rc == 0; i++) {
		SKIP_ESCAPE(s, i);
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && i < close)
			depth--;
		else if ((s[i] == ',' && depth == 0) || i == close) {
			xasprintf(&one, "%.*s%.*s%s", (int)open, s,
			    (int)(i - start), s + start, s + close + 1);
			rc = brace_expand(one, alts, n);
			free(one);
			start = i + 1;
		}
	}
	return rc;
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* match: the directory part of a wildcard pattern, before its first
 * wildcard, must exist. Its name in dir (size PATH_MAX) if not. */
static bool
dir_missing(const char *path, char *dir)
{
	struct stat st;
	size_t i, end = first_wildcard(path), slash = 0;

	for (i = 0; i < end; i++) {
		if (path[i] == '\\' && i + 1 < end)
			i++;
		else if (path[i] == '/')
			slash = i;
	}
	if (slash == 0 || slash >= PATH_MAX)
		return false;
	unescape(path, slash, dir);
	return stat(dir, &st) < 0 || !S_ISDIR(st.st_mode);
}

/*
 * The alternatives of a pattern with braces, bounded (so that glob(3)
 * is not asked for millions), and the brace_match check on them: 1 when
 * that reported something, -1 when there are too many.
 */
static int
check_braces(struct conf_ctx *ctx, const char *kw, const char *pattern,
    const char *path, unsigned checks, const struct conf_loc *at)
{
	struct stat st;
	char **alts = NULL, name[PATH_MAX];
	size_t n = 0, i;
	int rc = 0;

	if (brace_expand(path, &alts, &n) < 0) {
		conf_error(ctx, at, "%s %s: more than %d brace alternatives",
		    kw, pattern, CONF_INC_MAX_ALTS);
		strv_free(alts, n);
		return -1;
	}
	for (i = 0; i < n && (checks & CONF_INC_BRACE); i++)
		if (!has_wildcard(alts[i]) && lstat(unescape(alts[i],
		    strlen(alts[i]), name), &st) < 0) {
			conf_error(ctx, at, "%s %s: %s: %s (brace_match check)",
			    kw, pattern, name, strerror(errno));
			rc = 1;
		}
	strv_free(alts, n);
	return rc;
}

/* The checks on a pattern that matched nothing (brace_match apart). */
static bool
check_nomatch(struct conf_ctx *ctx, const char *kw, const char *pattern,
    const char *path, unsigned checks, bool braces,
    const struct conf_loc *at)
{
	char dir[PATH_MAX];
	bool wild = has_wildcard(path);

	if ((checks & CONF_INC_WILDCARD) && wild) {
		conf_error(ctx, at, "%s %s: no file matches (wildcard_match "
		    "check)", kw, pattern);
		return true;
	}
	if (!(checks & CONF_INC_MATCH) || braces)
		return false;
	if (!wild) {
		conf_error(ctx, at, "%s %s: %s does not exist (match check)",
		    kw, pattern, unescape(path, strlen(path), dir));
		return true;
	}
	if (dir_missing(path, dir)) {
		conf_error(ctx, at, "%s %s: no directory %s (match check)", kw,
		    pattern, dir);
		return true;
	}
	return false;
}

/* Why the match p cannot be read ("p is ..."), or NULL. GLOB_MARK ends
 * directories with '/'. keepalived skips executable files too. */
static const char *
unreadable(const char *p, char *buf, size_t len)
{
	struct stat st;

	if (p[0] != '\0' && p[strlen(p) - 1] == '/')
		return "a directory";
	if (stat(p, &st) < 0) {
		snprintf(buf, len, "unreadable: %s", strerror(errno));
		return buf;
	}
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	if (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))
		return "executable (keepalived reads no executable file)";
	if (access(p, R_OK) < 0) {
		snprintf(buf, len, "unreadable: %s", strerror(errno));
		return buf;
	}
	return NULL;
}

char **
conf_include_files(struct conf_ctx *ctx, const char *kw, const char *pattern,
    const char *path, unsigned checks, const struct conf_loc *at)
{
	char **files = NULL, buf[160], *name;
	const char *why;
	size_t i, n = 0, o, c;
	bool braces, told = false;
	glob_t g;
	int rc, brc = 0;

	if (strlen(path) >= PATH_MAX) {
		conf_error(ctx, at, "%s: the pattern is longer than %d bytes",
		    kw, PATH_MAX);
		return NULL;
	}
	if ((braces = brace_group(path, &o, &c)) && (brc = check_braces(ctx, kw, pattern, path, checks,
	    at)) < 0)
		return NULL;
	memset(&g, 0, sizeof(g));
	rc = glob(path, GLOB_BRACE | GLOB_MARK, NULL, &g);
	if (rc != 0 && rc != GLOB_NOMATCH) {
		conf_error(ctx, at, "%s %s: cannot expand the pattern", kw,
		    pattern);
		globfree(&g);
		return NULL;
	}
	if (rc == GLOB_NOMATCH)
		told = check_nomatch(ctx, kw, pattern, path, checks, braces, at);
	if (rc == GLOB_NOMATCH && !told && brc == 0)
		conf_warning(ctx, at, "%s %s: no file matches", kw, pattern);
	for (i = 0; rc == 0 && i < g.gl_pathc; i++) {
		why = unreadable(g.gl_pathv[i], buf, sizeof(buf));
		name = g.gl_pathv[i];
		if (why == NULL) {
			files = xreallocarray(files, n + 2, sizeof(*files));
			files[n++] = xstrdup(name);
			files[n] = NULL;
			continue;
		}
		if (name[0] != '\0' && name[1] != '\0' &&
		    name[strlen(name) - 1] == '/')
			name[strlen(name) - 1] = '\0';	/* GLOB_MARK's */
		if (checks != 0)
			conf_error(ctx, at, "%s %s: %s is %s (readable check)",
			    kw, pattern, name, why);
		else
			conf_warning(ctx, at, "%s %s: %s is %s: skipped "
			    "(includer makes this an error)", kw, pattern, name,
			    why);
	}
	globfree(&g);
	return files;
}

void
conf_include_files_free(char **files)
{
	size_t i;

	for (i = 0; files != NULL && files[i] != NULL; i++)
		free(files[i]);
	free(files);
}
