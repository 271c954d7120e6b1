/*
 * The regex keywords of url { } (HTTP_GET, SSL_GET): regex,
 * regex_no_match, regex_options, regex_min_offset, regex_max_offset,
 * regex_stack, read as keepalived 2.2.7 reads them. The pattern is
 * compiled here with its options, so that -t reports a bad one; the
 * check child compiles it again (common/http_regex.c).
 */
#include <stdlib.h>
#include <string.h>

#include "common/http_regex.h"
#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"

/* regex_options NAME ...: keepalived's names of PCRE2 options. */
int
conf_lvs_regex_options(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_url *u = (struct conf_url *)obj;
	uint32_t bit;
	size_t i;

	(void)kw;
	for (i = 0; i < n->nargs; i++) {
		if (!http_regex_option(n->args[i].s, &bit)) {
			conf_error(ctx, &n->args[i].loc, "regex_options: "
			    "unknown option '%s'", n->args[i].s);
			return -1;
		}
		u->regex_options |= bit;
	}
	return 0;
}

void
conf_lvs_regex_dump_options(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_url *u = (const struct conf_url *)obj;
	char buf[512];

	if (u->regex_options == 0)
		return;
	http_regex_option_names(u->regex_options, buf, sizeof(buf));
	conf_dump_indent(out, depth);
	fprintf(out, "%s %s\n", kw->name, buf);
}

/* regex_stack START MAX: the JIT stack's sizes in bytes. */
int
conf_lvs_regex_stack(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_url *u = (struct conf_url *)obj;
	int64_t v[2];
	size_t i;

	(void)kw;
	for (i = 0; i < 2; i++)
		if (conf_parse_int(ctx, &n->args[i], "regex_stack", 1,
		    INT32_MAX, &v[i]) < 0)
			return -1;
	if (v[0] > v[1]) {
		conf_error(ctx, &n->args[0].loc, "regex_stack: the start "
		    "size %lld exceeds the maximum %lld", (long long)v[0],
		    (long long)v[1]);
		return -1;
	}
	u->regex_stack[0] = (uint32_t)v[0];
	u->regex_stack[1] = (uint32_t)v[1];
	return 0;
}

void
conf_lvs_regex_dump_stack(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_url *u = (const struct conf_url *)obj;

	if (u->regex_stack[1] == 0)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s %u %u\n", kw->name, u->regex_stack[0],
	    u->regex_stack[1]);
}

int
conf_lvs_regex_max(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	(void)ctx;
	(void)kw;
	(void)n;
	((struct conf_url *)obj)->regex_max_set = true;
	return 0;
}

/* The end of url { }: the regex compiles, its settings agree. */
void
conf_lvs_regex_close(struct conf_ctx *ctx, struct conf_url *u)
{
	struct http_regex_conf rc = { 0 };
	struct http_regex *re;
	char why[160];

	if (u->regex == NULL) {
		if (u->regex_no_match || u->regex_options != 0 ||
		    u->regex_min_offset != 0 || u->regex_max_set ||
		    u->regex_stack[1] != 0)
			conf_warning(ctx, &u->obj.loc, "url: regex settings "
			    "without a regex are ignored");
		u->regex_no_match = u->regex_max_set = false;
		u->regex_options = u->regex_min_offset = 0;
		u->regex_max_offset = 0;
		u->regex_stack[0] = u->regex_stack[1] = 0;
		return;
	}
	if (strlen(u->regex) >= HTTP_REGEX_LEN) {
		conf_error(ctx, &u->obj.loc, "regex: longer than %d bytes",
		    HTTP_REGEX_LEN - 1);
		return;
	}
	if (u->regex_max_set && u->regex_min_offset > u->regex_max_offset) {
		conf_warning(ctx, &u->obj.loc, "regex_min_offset %u is beyond "
		    "regex_max_offset %u: both ignored", u->regex_min_offset,
		    u->regex_max_offset);
		u->regex_min_offset = u->regex_max_offset = 0;
		u->regex_max_set = false;
	}
	rc.pattern = u->regex;
	rc.options = u->regex_options;
	rc.stack_start = u->regex_stack[0];
	rc.stack_max = u->regex_stack[1];
	if ((re = http_regex_new(&rc, why, sizeof(why))) == NULL) {
		conf_error(ctx, &u->obj.loc, "regex '%s': %s", u->regex, why);
		return;
	}
	http_regex_free(re);
}
