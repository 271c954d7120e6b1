/*
 * Value parsers shared by the engine, handlers and entry parsers. Each
 * reports its own error at the argument and returns -1, so that callers
 * only decide what to do next.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

int
conf_parse_int(struct conf_ctx *ctx, const struct conf_arg *arg,
    const char *what, int64_t min, int64_t max, int64_t *out)
{
	const char *s = arg->s;
	char *end;
	long long v;
	int base = 10;

	if ((s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
		base = 16;
	errno = 0;
	v = strtoll(s, &end, base);
	if (*s == '\0' || isspace((unsigned char)*s) || *end != '\0' ||
	    errno != 0) {
		conf_error(ctx, &arg->loc, "%s: '%s' is not a whole number",
		    what, s);
		return -1;
	}
	if ((min != 0 || max != 0) && (v < min || v > max)) {
		conf_error(ctx, &arg->loc, "%s %s is out of range (%" PRId64
		    "%s%" PRId64 ")", what, s, min, min < 0 ? " to " : "-", max);
		return -1;
	}
	*out = v;
	return 0;
}

/* "12.345" -> 12345000 micro-units; -1 when it is not a decimal number. */
static int
decimal_micro(const char *s, int64_t *out)
{
	int64_t ip = 0, frac = 0;
	int nfrac = 0;
	bool neg = false, digits = false;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; isdigit((unsigned char)*s); s++, digits = true) {
		if (ip > INT64_MAX / 100000000)
			return -1;
		ip = ip * 10 + (*s - '0');
	}
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++, digits = true) {
			if (nfrac >= 6) {
				if (*s != '0')
					return -2;	/* below a micro-unit */
				continue;
			}
			frac = frac * 10 + (*s - '0');
			nfrac++;
		}
	if (*s != '\0' || !digits)
		return -1;
	while (nfrac++ < 6)
		frac *= 10;
	*out = (ip * 1000000 + frac) * (neg ? -1 : 1);
	return 0;
}

int
conf_parse_decimal(struct conf_ctx *ctx, const struct conf_arg *arg,
    const char *what, int scale, int64_t min, int64_t max, int64_t *out)
{
	int64_t micro = 0, unit = 1000000 / scale;
	char lo[48], hi[48];
	int rc;

	rc = decimal_micro(arg->s, &micro);
	if (rc == -1) {
		conf_error(ctx, &arg->loc, "%s: '%s' is not a number", what,
		    arg->s);
		return -1;
	}
	if (rc == -2 && min == 0 && max == 0) {	/* no range: the caller's */
		conf_error(ctx, &arg->loc, "%s %s has too many decimals (in "
		    "steps of %s)", what, arg->s, conf_decimal_str(1, scale,
		    lo, sizeof(lo)));
		return -1;
	}
	if ((min != 0 || max != 0) && (rc == -2 || micro < min * unit ||
	    micro > max * unit || micro % unit != 0)) {
		conf_decimal_str(min, scale, lo, sizeof(lo));
		conf_decimal_str(max, scale, hi, sizeof(hi));
		if (rc == 0 && micro >= min * unit && micro <= max * unit)
			conf_error(ctx, &arg->loc, "%s %s has too many "
			    "decimals (range %s-%s, in steps of %s)", what,
			    arg->s, lo, hi, conf_decimal_str(1, scale, lo,
			    sizeof(lo)));
		else
			conf_error(ctx, &arg->loc, "%s %s is out of range "
			    "(%s-%s)", what, arg->s, lo, hi);
		return -1;
	}
	*out = micro / unit;
	return 0;
}

int
conf_addr_from_str(const char *s, bool allow_prefix, struct conf_addr *out)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	long plen;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	memset(out, 0, sizeof(*out));
	if ((slash = strchr(buf, '/')) != NULL) {
		if (!allow_prefix)
			return -1;
		*slash++ = '\0';
		if (!isdigit((unsigned char)*slash))
			return -1;
		plen = strtol(slash, &end, 10);
		if (*end != '\0' || plen < 0 || plen > 128)
			return -1;
		out->plen = plen;
		out->has_plen = true;
	}
	if (inet_pton(AF_INET, buf, &out->u.v4) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, &out->u.v6) == 1)
		out->family = AF_INET6;
	else
		return -1;
	if (!out->has_plen)
		out->plen = out->family == AF_INET ? 32 : 128;
	else if (out->family == AF_INET && out->plen > 32)
		return -1;
	return 0;
}

int
conf_parse_addr(struct conf_ctx *ctx, const struct conf_arg *arg,
    const char *what, bool allow_prefix, struct conf_addr *out)
{
	if (conf_addr_from_str(arg->s, allow_prefix, out) == 0)
		return 0;
	if (!allow_prefix && conf_wild_addr_prefix(ctx, arg, what, out) == 0)
		return 0;
	conf_error(ctx, &arg->loc, "%s: '%s' is not a valid IP address%s",
	    what, arg->s, allow_prefix ? " (with optional /prefix length)" :
	    "");
	return -1;
}

int
conf_check_ifname(struct conf_ctx *ctx, const struct conf_arg *arg)
{
	const char *s = arg->s;
	size_t i, len = strlen(s);

	if (len == 0 || len > 15) {
		conf_error(ctx, &arg->loc, "interface name '%s' must be 1 to "
		    "15 characters", s);
		return -1;
	}
	for (i = 0; i < len; i++)
		if (s[i] == '/' || isspace((unsigned char)s[i]) || s[i] == ':')
			break;
	if (i < len || strcmp(s, ".") == 0 || strcmp(s, "..") == 0 ||
	    conf_str_needs_quotes(s)) {
		conf_error(ctx, &arg->loc, "'%s' is not a valid interface "
		    "name", s);
		return -1;
	}
	return 0;
}

int
conf_check_placeholder(struct conf_ctx *ctx, const struct conf_arg *arg)
{
	size_t len = strlen(arg->s);

	if (len < 3 || arg->s[0] != '<' || arg->s[len - 1] != '>')
		return 0;
	conf_error(ctx, &arg->loc, "'%s' is a placeholder: replace it with "
	    "a real value", arg->s);
	return -1;
}

/* Words with white space are wrapped in single quotes, so that the joined
 * line still splits into the same words (keepalived's command syntax). */
char *
conf_join_args(const struct conf_arg *args, size_t nargs)
{
	size_t i, len = 1;
	char *s, *p;

	if (nargs == 1)
		return xstrdup(args[0].s);
	for (i = 0; i < nargs; i++)
		len += strlen(args[i].s) + 3;
	s = p = xmalloc(len);
	for (i = 0; i < nargs; i++) {
		bool q = strpbrk(args[i].s, " \t") != NULL;

		p += sprintf(p, "%s%s%s%s", i ? " " : "", q ? "'" : "",
		    args[i].s, q ? "'" : "");
	}
	return s;
}
