/*
 * Parameter substitution ($NAME / ${NAME}), as keepalived.conf(5)
 * describes it. Expansion is bounded per line and per load, so that a
 * definition that refers to itself or doubles at each use cannot exhaust
 * memory.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

/* The definition used at p, and how many bytes its reference takes. */
static const char *
ref_at(struct conf_defs *defs, const char *p, const char *end, size_t *used)
{
	bool brace = p + 1 < end && p[1] == '{';
	const char *name = p + 1 + brace;
	struct conf_def *d;
	size_t n = ident_len(name, end);

	if (n == 0)
		return NULL;
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
	const char *val;
	size_t used, vl, cap = 0, len = 0;
	char *out = NULL;
	bool changed = false;

	if (defs->n == 0 || memchr(p, '$', end - p) == NULL)
		return NULL;
	while (p < end) {
		val = *p == '$' ? ref_at(defs, p, end, &used) : NULL;
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
