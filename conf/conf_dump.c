/*
 * Dump helpers: print values back in canonical keepalived syntax, so that
 * the dump of a configuration parses back to the same configuration.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "conf/conf_schema.h"

void
conf_dump_indent(FILE *out, int depth)
{
	while (depth-- > 0)
		fputs("    ", out);
}

bool
conf_str_needs_quotes(const char *s)
{
	const unsigned char *p;

	/* Condition, definition or loop (~SEQ) openers. */
	if (*s == '\0' || *s == '@' || *s == '$' || *s == '~')
		return true;
	/* A comment starts at '#' or '!' even inside a word. */
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= ' ' || *p == '{' || *p == '}' || *p == 0x7f ||
		    *p == '"' || *p == '\'' || *p == '$' || *p == '#' ||
		    *p == '!' ||
		    *p == 0xc2 || *p == 0xe2 || *p == 0xe3 || *p == 0xef)
			return true;	/* (and what may be Unicode space) */
	return false;
}

/*
 * The inside of a double-quoted string, with the escapes the lexer reads
 * back. A '"' is written in octal (\" would read back the same).
 */
static void
dump_escaped(FILE *out, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\\' || *p == '$')
			fprintf(out, "\\%c", *p);
		else if (*p < ' ' || *p == 0x7f || *p == '"')
			fprintf(out, "\\%03o", *p);
		else
			fputc(*p, out);
	}
}

/* Quote what the lexer would otherwise split or take as a comment. */
void
conf_dump_str(FILE *out, const char *s)
{
	if (!conf_str_needs_quotes(s)) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	dump_escaped(out, s);
	fputc('"', out);
}

/* A CONF_T_CMD value of plain words ("user group") as words, so that
 * keepalived reads the dump the same way too. */
void
conf_dump_words(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const char *s = *(char *const *)((const char *)obj + kw->off);
	const char *p;

	if (s == NULL)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s ", kw->name);
	for (p = s; *p != '\0'; p++)
		if (*p == '\'' || *p == '"' || *p == '\\' || *p == '{' ||
		    *p == '}' || *p == '!' || *p == '#')
			break;
	if (*p == '\0' && *s != '\0' && s[strlen(s) - 1] != ' ')
		fputs(s, out);
	else
		conf_dump_str(out, s);
	fputc('\n', out);
}

const char *
conf_addr_str(const struct conf_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->family == AF_UNSPEC) {
		snprintf(buf, len, "none");
		return buf;
	}
	inet_ntop(a->family, &a->u, ip, sizeof(ip));
	if (a->has_plen)
		snprintf(buf, len, "%s/%u", ip, a->plen);
	else
		snprintf(buf, len, "%s", ip);
	return buf;
}

void
conf_dump_addr(FILE *out, const struct conf_addr *a)
{
	char buf[INET6_ADDRSTRLEN + 8];

	fputs(conf_addr_str(a, buf, sizeof(buf)), out);
}

/* Fixed point back to text with no trailing zeros: 150/100 -> "1.5". */
const char *
conf_decimal_str(int64_t v, int scale, char *buf, size_t len)
{
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	char frac[32];
	int digits = 0, s;

	for (s = scale; s > 1; s /= 10)
		digits++;
	snprintf(frac, sizeof(frac), "%0*" PRIu64, digits & 15, u % scale);
	for (s = (int)strlen(frac); s > 0 && frac[s - 1] == '0'; s--)
		frac[s - 1] = '\0';
	snprintf(buf, len, "%s%" PRIu64 "%s%s", v < 0 ? "-" : "", u / scale,
	    frac[0] ? "." : "", frac);
	return buf;
}

void
conf_dump_decimal(FILE *out, int64_t v, int scale)
{
	char buf[48];

	fputs(conf_decimal_str(v, scale, buf, sizeof(buf)), out);
}

static const void *
cfield(const struct conf_obj *obj, const struct conf_kw *kw)
{
	return (const char *)obj + kw->off;
}

static bool
given(const struct conf_block *blk, const struct conf_kw *kw,
    const struct conf_obj *obj)
{
	size_t i = (size_t)(kw - blk->kws);

	return i < CONF_MAX_KW && (obj->set[i / 8] & (1u << (i % 8)));
}

/* Print "value" of a scalar keyword; false if it has none to print. */
static bool
dump_value(FILE *out, const struct conf_kw *kw, const struct conf_obj *obj)
{
	const struct conf_enum *e;
	const char *s, *u;

	switch (kw->type) {
	case CONF_T_INT:
		fprintf(out, " %d", *(const int *)cfield(obj, kw));
		return true;
	case CONF_T_U32:
		fprintf(out, " %" PRIu32, *(const uint32_t *)cfield(obj, kw));
		return true;
	case CONF_T_DECIMAL:
		fputc(' ', out);
		conf_dump_decimal(out, *(const int64_t *)cfield(obj, kw),
		    kw->scale);
		return true;
	case CONF_T_BOOL:
		fputs(*(const bool *)cfield(obj, kw) ? " true" : " false", out);
		return true;
	case CONF_T_ENUM:
		for (e = kw->enums; e->name != NULL; e++)
			if (e->value == *(const int *)cfield(obj, kw))
				break;
		if (e->name == NULL)
			return false;
		fprintf(out, " %s", e->name);
		return true;
	case CONF_T_STRING:
	case CONF_T_CMD:
	case CONF_T_PATH:
	case CONF_T_IFNAME:
		if ((s = *(char *const *)cfield(obj, kw)) == NULL)
			return false;
		fputc(' ', out);
		if (kw->type == CONF_T_CMD && kw->user_off != 0 &&
		    (u = *(char *const *)((const char *)obj +
		    kw->user_off)) != NULL) {
			/* Quoted, so that the user reads as a user. */
			fputc('"', out);
			dump_escaped(out, s);
			fprintf(out, "\" %s", u);
			return true;
		}
		conf_dump_str(out, s);
		if (kw->type == CONF_T_PATH && kw->user_off != 0 &&
		    (u = *(char *const *)((const char *)obj +
		    kw->user_off)) != NULL)
			fprintf(out, " %s", u);
		return true;
	case CONF_T_IP:
	case CONF_T_PREFIX:
		if (((const struct conf_addr *)cfield(obj, kw))->family ==
		    AF_UNSPEC)
			return false;
		fputc(' ', out);
		conf_dump_addr(out, cfield(obj, kw));
		return true;
	default:
		return false;
	}
}

static bool
has_value(const struct conf_kw *kw, const struct conf_obj *obj)
{
	switch (kw->type) {
	case CONF_T_STRING:
	case CONF_T_CMD:
	case CONF_T_PATH:
	case CONF_T_IFNAME:
		return *(char *const *)cfield(obj, kw) != NULL;
	case CONF_T_IP:
	case CONF_T_PREFIX:
		return ((const struct conf_addr *)cfield(obj, kw))->family !=
		    AF_UNSPEC;
	case CONF_T_FLAG:
		return *(const bool *)cfield(obj, kw);
	case CONF_T_NONE:
	case CONF_T_BLOCK:
	case CONF_T_LIST:
		return false;
	default:
		return true;
	}
}

void
conf_dump_fields(FILE *out, const struct conf_block *blk,
    const struct conf_obj *obj, int depth)
{
	const struct conf_kw *kw;

	for (kw = blk->kws; kw->name != NULL; kw++) {
		if (kw->alias_of != NULL || (kw->flags & (CONF_KW_UNSUPPORTED |
		    CONF_KW_NODUMP)))
			continue;
		if (kw->dump != NULL) {
			kw->dump(out, obj, kw, depth);
			continue;
		}
		if (!given(blk, kw, obj) && kw->def == NULL &&
		    kw->type != CONF_T_FLAG && !(kw->flags & CONF_KW_DUMP_ALWAYS))
			continue;
		if (!has_value(kw, obj))
			continue;
		conf_dump_indent(out, depth);
		fputs(kw->name, out);
		dump_value(out, kw, obj);
		fputc('\n', out);
	}
}
