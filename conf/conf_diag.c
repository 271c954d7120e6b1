/*
 * Diagnostics: every message is one line "file:line:col: level: message",
 * whatever file it comes from, so that editors and the golden tests can
 * rely on the form. Suggestions ("did you mean") use the edit distance.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_schema.h"

static const char *const level_names[] = { "note", "warning", "error" };

static void
conf_vdiag(struct conf_ctx *ctx, enum conf_level level,
    const struct conf_loc *loc, const char *fmt, va_list ap)
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
	if (ctx->opts != NULL && ctx->opts->diag != NULL)
		ctx->opts->diag(ctx->opts->diag_arg, level, line);
	else
		fprintf(stderr, "%s\n", line);
}

void
conf_error(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vdiag(ctx, CONF_ERROR, loc, fmt, ap);
	va_end(ap);
}

void
conf_warning(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vdiag(ctx, CONF_WARNING, loc, fmt, ap);
	va_end(ap);
}

void
conf_note(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vdiag(ctx, CONF_NOTE, loc, fmt, ap);
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
