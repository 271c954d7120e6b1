/*
 * Parameter substitution ($NAME / ${NAME}), as keepalived.conf(5)
 * describes it. Expansion is bounded per line and per load, so that a
 * definition that refers to itself or doubles at each use cannot exhaust
 * memory.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"
#include "conf/conf_lex.h"
#include "conf/conf_schema.h"
#include "conf/conf_subst.h"

static size_t
ident_len(const char *p, const char *end)
{
	size_t n = 0;

	if (p >= end || !(isalpha((unsigned char)*p) || *p == '_'))
		return 0;
	while (p + n < end && (isalnum((unsigned char)p[n]) || p[n] == '_'))
		n++;
	return n;
}

static struct conf_def *
def_find(struct conf_defs *defs, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < defs->n; i++)
		if (strlen(defs->v[i].name) == len &&
		    memcmp(defs->v[i].name, name, len) == 0)
			return &defs->v[i];
	return NULL;
}

size_t
conf_subst_is_def(const char *p, const char *end, const char **val,
    const char **vend)
{
	const char *v;
	size_t n;

	if (p >= end || *p != '$' || (n = ident_len(p + 1, end)) == 0 ||
	    p + 1 + n >= end || p[1 + n] != '=')
		return 0;
	v = p + n + 2;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		end--;
	*val = v;
	*vend = end;
	return n;
}

void
conf_subst_define(struct conf_ctx *ctx, struct conf_defs *defs,
    const char *name, size_t nlen, char *value, const struct conf_loc *loc)
{
	struct conf_def *d = def_find(defs, name, nlen);

	if (d == NULL) {
		if (defs->n >= CONF_MAX_DEFS) {
			conf_error(ctx, loc, "more than %d $ definitions",
			    CONF_MAX_DEFS);
			free(value);
			return;
		}
		defs->v = xreallocarray(defs->v, defs->n + 1, sizeof(*defs->v));
		d = &defs->v[defs->n++];
		d->name = xstrndup(name, nlen);
	} else
		free(d->value);
	d->value = value;
}

void
conf_subst_seed(struct conf_defs *defs, uint64_t seed)
{
	/* splitmix64 of the seed: never 0, which means "unseeded". */
	seed += 0x9e3779b97f4a7c15ULL;
	seed = (seed ^ (seed >> 30)) * 0xbf58476d1ce4e5b9ULL;
	seed = (seed ^ (seed >> 27)) * 0x94d049bb133111ebULL;
	defs->rnd = (seed ^ (seed >> 31)) | 1;
}

/* xorshift64*: ${_RANDOM} needs no more. */
static uint64_t
rnd_next(struct conf_defs *defs)
{
	if (defs->rnd == 0)
		conf_subst_seed(defs, (uint64_t)time(NULL) << 20 ^
		    (uint64_t)getpid());
	defs->rnd ^= defs->rnd >> 12;
	defs->rnd ^= defs->rnd << 25;
	defs->rnd ^= defs->rnd >> 27;
	return defs->rnd * 0x2545f4914f6cdd1dULL;
}

/* Where a reference at p, on the line that starts at start (loc), is. */
static struct conf_loc
ref_loc(const struct conf_loc *loc, const char *start, const char *p)
{
	struct conf_loc at = *loc;

	for (; start < p; start++)
		if (((unsigned char)*start & 0xc0) != 0x80)
			at.col++;
	return at;
}

/*
 * "${_RANDOM}", "${_RANDOM MIN}" or "${_RANDOM MIN MAX}" at p (the name
 * at name, n bytes): a number from MIN (0) to MAX (32767), in
 * defs->rnd_text; NULL when this is no such reference. Without braces
 * it takes no numbers. A MIN above MAX, or a number past 32 bits, is an
 * error at the reference (p on the line at start, loc).
 */
static const char *
random_at(struct conf_ctx *ctx, const struct conf_loc *loc, const char *start,
    struct conf_defs *defs, bool brace, const char *name, size_t n,
    const char *end, size_t *used)
{
	unsigned long long v[2] = { 0, 32767 };
	const char *q = name + n, *p = name - 1 - brace;
	struct conf_loc at;
	bool big = false;
	size_t k = 0;

	if (n != 7 || memcmp(name, "_RANDOM", 7) != 0)
		return NULL;
	while (brace && q < end && *q == ' ' && k < 2) {
		while (q < end && *q == ' ')
			q++;
		if (q >= end || !isdigit((unsigned char)*q))
			break;
		for (v[k] = 0; q < end && isdigit((unsigned char)*q); q++)
			if (!big && (v[k] = v[k] * 10 + (*q - '0')) >
			    0xffffffffULL)
				big = true;
		k++;
	}
	if (brace ? q >= end || *q != '}' : q < end && *q != ' ' &&
	    *q != '\t' && *q != '\r')
		return NULL;
	*used = (size_t)(q - name) + 1 + 2 * brace;
	if (big || v[0] > v[1]) {
		at = ref_loc(loc, start, p);
		if (big)
			conf_error(ctx, &at, "%.*s: MIN and MAX are 0 to "
			    "4294967295", (int)*used, p);
		else
			conf_error(ctx, &at, "%.*s: MIN %llu is above MAX %llu",
			    (int)*used, p, v[0], v[1]);
		return "0";
	}
	snprintf(defs->rnd_text, sizeof(defs->rnd_text), "%llu",
	    v[0] + rnd_next(defs) % (v[1] - v[0] + 1));
	return defs->rnd_text;
}

/* The definition used at p, and how many bytes its reference takes
 * (the line starts at start, at loc: for the errors of ${_RANDOM}). */
static const char *
ref_at(struct conf_ctx *ctx, const struct conf_loc *loc, const char *start,
    struct conf_defs *defs, const char *p, const char *end, size_t *used)
{
	bool brace = p + 1 < end && p[1] == '{';
	const char *name = p + 1 + brace;
	struct conf_def *d;
	size_t n = ident_len(name, end);

	if (n == 0)
		return NULL;
	/* keepalived's ${_RANDOM}, unless a definition replaces it. */
	if (def_find(defs, name, n) == NULL)
		return random_at(ctx, loc, start, defs, brace, name, n, end,
		    used);
	if (brace && (name + n >= end || name[n] != '}'))
		return NULL;
	/* Without braces the name must end the word. */
	if (!brace && name + n < end && name[n] != ' ' && name[n] != '\t' &&
	    name[n] != '\r')
		return NULL;
	if ((d = def_find(defs, name, n)) == NULL)
		return NULL;
	*used = 1 + n + 2 * brace;
	return d->value;
}

char *
conf_subst_expand(struct conf_ctx *ctx, struct conf_defs *defs,
    const char *p, const char *end, const struct conf_loc *loc,
    size_t *outlen)
{
	const char *val, *start = p;
	size_t used = 1, vl, cap = 0, len = 0;
	char *out = NULL;
	bool changed = false;

	if (defs->n == 0 || memchr(p, '$', end - p) == NULL)
		return NULL;
	while (p < end) {
		/* "\$" is a dollar sign, not a reference. */
		val = *p == '$' && (p == start || p[-1] != '\\') ?
		    ref_at(ctx, loc, start, defs, p, end, &used) : NULL;
		if (val != NULL) {
			vl = strlen(val);
			changed = true;
		} else {
			val = p;
			vl = used = 1;
		}
		if (len + vl + 1 > CONF_MAX_LINE_EXPAND ||
		    defs->expanded + len + vl > CONF_MAX_EXPAND) {
			conf_error(ctx, loc, "too much text made by $ "
			    "substitution (at most %u bytes a line, %u in all)",
			    CONF_MAX_LINE_EXPAND, CONF_MAX_EXPAND);
			free(out);
			return NULL;
		}
		if (len + vl + 1 > cap) {
			cap = (len + vl + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + len, val, vl);
		len += vl;
		p += used;
	}
	if (!changed) {
		free(out);
		return NULL;
	}
	out[len] = '\0';
	defs->expanded += len;
	*outlen = len;
	return out;
}

const char *
conf_subst_get(struct conf_defs *defs, const char *name)
{
	struct conf_def *d = def_find(defs, name, strlen(name));

	return d != NULL ? d->value : NULL;
}

void
conf_subst_predefine(struct conf_ctx *ctx, struct conf_defs *defs,
    const char *instance)
{
	static const struct conf_loc here = { .line = 0, .col = 0 };

	conf_subst_define(ctx, defs, "_INSTANCE", 9, xstrdup(instance), &here);
	conf_subst_define(ctx, defs, "_HASH", 5, xstrdup("#"), &here);
	conf_subst_define(ctx, defs, "_BANG", 5, xstrdup("!"), &here);
}

void
conf_subst_free(struct conf_defs *defs)
{
	size_t i;

	for (i = 0; i < defs->n; i++) {
		free(defs->v[i].name);
		free(defs->v[i].value);
	}
	free(defs->v);
	memset(defs, 0, sizeof(*defs));
}

/* Split "a, {b, c}, d" at top-level commas into trimmed pieces. */
static size_t
split_args(const char *p, const char *end, const char **start,
    const char **stop, size_t max)
{
	size_t n = 0;
	int level = 0;
	const char *s = p;

	for (;; p++) {
		if (p == end || (*p == ',' && level == 0)) {
			if (n == max)
				return max + 1;
			while (s < p && (*s == ' ' || *s == '\t'))
				s++;
			start[n] = s;
			stop[n] = p;
			while (stop[n] > s && (stop[n][-1] == ' ' ||
			    stop[n][-1] == '\t'))
				stop[n]--;
			n++;
			if (p == end)
				return n;
			s = p + 1;
		} else if (*p == '{')
			level++;
		else if (*p == '}')
			level--;
	}
}

static bool
parse_num(const char *s, const char *e, long long *v)
{
	char buf[32], *end;

	if (e - s <= 0 || e - s >= (long)sizeof(buf))
		return false;
	memcpy(buf, s, e - s);
	buf[e - s] = '\0';
	*v = strtoll(buf, &end, 0);
	/* Bounded, so that sequence arithmetic cannot overflow. */
	return *end == '\0' && *v > -(1LL << 40) && *v < (1LL << 40);
}

/* ~SEQ(var, [start,] [step,] end) */
static int
loop_seq(struct conf_ctx *ctx, const char **a, const char **b, size_t n,
    bool hex, const struct conf_loc *loc, struct conf_loop *out)
{
	long long v[3], start, step, stop, x;
	size_t i;

	for (i = 1; i < n; i++)
		if (!parse_num(a[i], b[i], &v[i - 1])) {
			conf_error(ctx, loc, "~SEQ: '%.*s' is not a number",
			    (int)(b[i] - a[i]), a[i]);
			return -1;
		}
	stop = v[n - 2];
	start = n >= 3 ? v[0] : stop >= 0 ? 1 : -1;
	step = n == 4 ? v[1] : stop >= start ? 1 : -1;
	if (step == 0 || (stop - start) / step + 1 > CONF_MAX_LOOP ||
	    (stop - start) / step < 0) {
		conf_error(ctx, loc, "~SEQ: no sensible sequence (at most %d "
		    "values)", CONF_MAX_LOOP);
		return -1;
	}
	out->niter = (size_t)((stop - start) / step + 1);
	out->values = xcalloc(out->niter, sizeof(*out->values));
	for (i = 0, x = start; i < out->niter; i++, x += step)
		xasprintf(&out->values[i], hex ? "%llx" : "%lld", x);
	return 1;
}

/* The names or values of "{a, b}" (or a single "a") into dst. */
static size_t
braced(const char *s, const char *e, char **dst, size_t max)
{
	const char *a[CONF_LOOP_VARS], *b[CONF_LOOP_VARS];
	size_t n, i;

	if (e - s >= 2 && *s == '{' && e[-1] == '}') {
		n = split_args(s + 1, e - 1, a, b, CONF_LOOP_VARS);
		if (n > max)
			return 0;
	} else {
		a[0] = s;
		b[0] = e;
		n = 1;
	}
	for (i = 0; i < n; i++)
		dst[i] = xstrndup(a[i], b[i] - a[i]);
	return n;
}

/* ~LST(var, v1, ...) or ~LST({a, b}, {1, 2}, ...) */
static int
loop_lst(struct conf_ctx *ctx, const char **a, const char **b, size_t n,
    const struct conf_loc *loc, struct conf_loop *out)
{
	size_t i, k;

	out->nnames = braced(a[0], b[0], out->names, CONF_LOOP_VARS);
	if (out->nnames == 0) {
		conf_error(ctx, loc, "~LST: at most %d variables",
		    CONF_LOOP_VARS);
		return -1;
	}
	out->niter = n - 1;
	out->values = xcalloc(out->niter * out->nnames, sizeof(char *));
	for (i = 1; i < n; i++) {
		k = braced(a[i], b[i], out->values + (i - 1) * out->nnames,
		    out->nnames);
		if (k != out->nnames) {
			conf_error(ctx, loc, "~LST: value %zu does not give "
			    "%zu values", i, out->nnames);
			return -1;
		}
	}
	return 1;
}

int
conf_subst_loop(struct conf_ctx *ctx, const char *p, const char *end,
    const struct conf_loc *loc, struct conf_loop *out)
{
	const char *a[CONF_MAX_LOOP_ARGS], *b[CONF_MAX_LOOP_ARGS], *close;
	bool seq, hex = false;
	size_t n, i;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((size_t)(end - p) > 5 && memcmp(p, "~SEQ(", 5) == 0)
		seq = true;
	else if ((size_t)(end - p) > 6 && memcmp(p, "~SEQx(", 6) == 0)
		seq = hex = true;
	else if ((size_t)(end - p) > 5 && memcmp(p, "~LST(", 5) == 0)
		seq = false;
	else
		return 0;
	p = (const char *)memchr(p, '(', end - p) + 1;
	for (close = p, i = 0; close < end; close++)
		if (*close == '{')
			i++;
		else if (*close == '}' && i > 0)
			i--;
		else if (*close == ')' && i == 0)
			break;
	if (close >= end) {
		conf_error(ctx, loc, "missing ')' in a ~SEQ or ~LST line");
		return -1;
	}
	n = split_args(p, close, a, b, CONF_MAX_LOOP_ARGS);
	out->rest = close + 1;
	if (seq && (n < 2 || n > 4)) {
		conf_error(ctx, loc, "~SEQ needs (var, [start,] [step,] end)");
		return -1;
	}
	if (!seq && (n < 2 || n > CONF_MAX_LOOP_ARGS)) {
		conf_error(ctx, loc, "~LST needs (var, value, ...)");
		return -1;
	}
	if (seq) {
		out->names[0] = xstrndup(a[0], b[0] - a[0]);
		out->nnames = 1;
		rc = loop_seq(ctx, a, b, n, hex, loc, out);
	} else
		rc = loop_lst(ctx, a, b, n, loc, out);
	return rc;
}

void
conf_subst_loop_free(struct conf_loop *loop)
{
	size_t i;

	for (i = 0; i < loop->nnames; i++)
		free(loop->names[i]);
	for (i = 0; loop->values != NULL && i < loop->niter * loop->nnames;
	    i++)
		free(loop->values[i]);
	free(loop->values);
	memset(loop, 0, sizeof(*loop));
}
