/*
 * Diagnostics: every message is one line "file:line:col: level: message",
 * whatever file it comes from, so that editors and the golden tests can
 * rely on the form. During a load they are held and given out at its end,
 * in the order they were first made: errors each in full, a warning or
 * note that repeats (same text, or same group for those said once per
 * object) once, at its first place, with a count. Suggestions ("did you
 * mean") use the edit distance.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_schema.h"

static const char *const level_names[] = { "note", "warning", "error" };

/*
 * A warning or note with the same text as an earlier one is said in full
 * up to this many times (each place may need its own edit); the others
 * make one line, at the first of them, with their count.
 */
#define CONF_DIAG_SAME_MAX	5

/* One line to give out: a diagnostic in full, or a count of them. */
struct conf_diag {
	enum conf_level	 level;
	char		*line;		/* in full; NULL for a count */
	char		*key;		/* level digit + text counted */
	struct conf_loc	 loc;
	const char	*unit;		/* "uses", "vrrp_instances"; NULL: "more
					 * times" after CONF_DIAG_SAME_MAX */
	unsigned	 count;
	struct conf_diag *more;		/* the count after the first ones */
	struct conf_diag *next;
};

/* Two lists, given out one after the other: what reading (lexer,
 * parser) said, then what applying and checking said, as when the whole
 * tree was read before anything was applied. */
struct conf_diags {
	struct conf_diag *head[2], **tail[2];
	int		 pass;
	struct conf_names index;	/* key -> its first struct conf_diag */
};

void
conf_diag_hold(struct conf_ctx *ctx)
{
	ctx->held = xcalloc(1, sizeof(*ctx->held));
	ctx->held->tail[0] = &ctx->held->head[0];
	ctx->held->tail[1] = &ctx->held->head[1];
}

void
conf_diag_pass(struct conf_ctx *ctx, int pass)
{
	if (ctx->held != NULL)
		ctx->held->pass = pass != 0;
}

/* To opts->diag, else to out (stderr, or the buffer of a flush). */
static void
diag_give(struct conf_ctx *ctx, FILE *out, enum conf_level level,
    const char *line)
{
	if (ctx->opts != NULL && ctx->opts->diag != NULL)
		ctx->opts->diag(ctx->opts->diag_arg, level, line);
	else
		fprintf(out, "%s\n", line);
}

/* A count: at the first place it covers, the text and how many. */
static void
diag_give_count(struct conf_ctx *ctx, FILE *out, const struct conf_diag *d)
{
	char line[1400];
	const char *file = d->loc.file != NULL ? d->loc.file : "<default>";

	if (d->unit != NULL)
		snprintf(line, sizeof(line), "%s:%u:%u: %s: %s (%u %s; the "
		    "first here)", file, d->loc.line, d->loc.col,
		    level_names[d->level], d->key + 1, d->count, d->unit);
	else
		snprintf(line, sizeof(line), "%s:%u:%u: %s: %s (%u more "
		    "times; the first of them here)", file, d->loc.line,
		    d->loc.col, level_names[d->level], d->key + 1, d->count);
	diag_give(ctx, out, d->level, line);
}

/* Give out what was held, in one write when it goes to stderr. */
void
conf_diag_flush(struct conf_ctx *ctx)
{
	struct conf_diags *h = ctx->held;
	struct conf_diag *d, *next;
	FILE *out = NULL;
	char *text = NULL;
	size_t len = 0;

	if (h == NULL)
		return;
	ctx->held = NULL;
	if ((ctx->opts == NULL || ctx->opts->diag == NULL) &&
	    (out = open_memstream(&text, &len)) == NULL)
		out = stderr;
	for (d = h->head[0] != NULL ? h->head[0] : h->head[1]; d != NULL;
	    d = next) {
		if ((next = d->next) == NULL && h->tail[0] == &d->next)
			next = h->head[1];
		if (d->line == NULL || (d->unit != NULL && d->count > 1))
			diag_give_count(ctx, out, d);
		else
			diag_give(ctx, out, d->level, d->line);
		free(d->line);
		free(d->key);
		free(d);
	}
	if (out != NULL && out != stderr) {
		fclose(out);
		fwrite(text, 1, len, stderr);
		fflush(stderr);
		free(text);
	}
	conf_names_free(&h->index);
	free(h);
}

static struct conf_diag *
diag_add(struct conf_diags *h, enum conf_level level,
    const struct conf_loc *loc, const char *line, char *key)
{
	struct conf_diag *d = xcalloc(1, sizeof(*d));

	d->level = level;
	d->line = line != NULL ? xstrdup(line) : NULL;
	d->key = key;
	if (loc != NULL)
		d->loc = *loc;
	d->count = 1;
	*h->tail[h->pass] = d;
	h->tail[h->pass] = &d->next;
	return d;
}

/*
 * Errors are held in full. A warning or note said per object (unit set)
 * counts into its first occurrence; any other counts into its first
 * occurrence too, and is held in full up to CONF_DIAG_SAME_MAX times.
 */
static void
diag_hold(struct conf_ctx *ctx, enum conf_level level,
    const struct conf_loc *loc, const char *line, const char *unit,
    const char *text)
{
	struct conf_diags *h = ctx->held;
	struct conf_diag *d;
	char *key;

	if (level == CONF_ERROR) {
		diag_add(h, level, loc, line, NULL);
		return;
	}
	xasprintf(&key, "%d%s", (int)level, text);
	if ((d = conf_names_get(&h->index, key)) == NULL) {
		d = diag_add(h, level, loc, line, key);
		d->unit = unit;
		conf_names_put(&h->index, key, d);
		return;
	}
	d->count++;
	if (unit != NULL || d->count <= CONF_DIAG_SAME_MAX)
		free(key);
	if (unit != NULL)
		return;
	if (d->count <= CONF_DIAG_SAME_MAX)
		diag_add(h, level, loc, line, NULL);
	else if (d->more == NULL)
		d->more = diag_add(h, level, loc, NULL, key);
	else {
		d->more->count++;
		free(key);
	}
}

static void
conf_vdiag(struct conf_ctx *ctx, enum conf_level level,
    const struct conf_loc *loc, const char *unit, const char *group,
    const char *fmt, va_list ap)
{
	char msg[1024], line[1400];
	const char *file = loc != NULL && loc->file != NULL ? loc->file :
	    "<default>";

	vsnprintf(msg, sizeof(msg), fmt, ap);
	snprintf(line, sizeof(line), "%s:%u:%u: %s: %s", file,
	    loc != NULL ? loc->line : 0, loc != NULL ? loc->col : 0,
	    level_names[level], msg);
	if (level == CONF_ERROR)
		ctx->errors++;
	else if (level == CONF_WARNING)
		ctx->warnings++;
	if (ctx->held != NULL)
		diag_hold(ctx, level, loc, line, unit,
		    group != NULL ? group : msg);
	else
		diag_give(ctx, stderr, level, line);
}

void
conf_error(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vdiag(ctx, CONF_ERROR, loc, NULL, NULL, fmt, ap);
	va_end(ap);
}

void
conf_warning(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vdiag(ctx, CONF_WARNING, loc, NULL, NULL, fmt, ap);
	va_end(ap);
}

void
conf_note(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vdiag(ctx, CONF_NOTE, loc, NULL, NULL, fmt, ap);
	va_end(ap);
}

void
conf_warning_many(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *unit, const char *group, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vdiag(ctx, CONF_WARNING, loc, unit, group, fmt, ap);
	va_end(ap);
}

void
conf_note_many(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *unit, const char *group, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vdiag(ctx, CONF_NOTE, loc, unit, group, fmt, ap);
	va_end(ap);
}

/*
 * How far a misspelling may be: one edit for short words, two from six
 * characters, three from twelve. Ties go to the first candidate, so tables
 * list the common keywords first.
 */
const char *
conf_suggest(const char *word, const char *const *names, size_t n)
{
	size_t len = strlen(word), i;
	unsigned max = len < 6 ? 1 : len < 12 ? 2 : 3, best = max + 1, d;
	const char *found = NULL;

	for (i = 0; i < n; i++) {
		if (names[i] == NULL)
			continue;
		d = edit_distance(word, names[i], max);
		if (d > max)
			d = strcasecmp(word, names[i]) == 0 ? 1 : d;
		if (d < best) {
			best = d;
			found = names[i];
		}
	}
	return found;
}

const char *
conf_did_you_mean(const char *word, const char *const *names, size_t n)
{
	static char buf[160];
	const char *s = conf_suggest(word, names, n);

	if (s == NULL)
		return "";
	snprintf(buf, sizeof(buf), "; did you mean '%s'?", s);
	return buf;
}
