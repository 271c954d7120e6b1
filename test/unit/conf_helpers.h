/* Helpers for the conf/ unit tests: load a config from a string and keep
 * its diagnostics and dump in memory. */
#ifndef VIGIL_TEST_CONF_HELPERS_H
#define VIGIL_TEST_CONF_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"

struct diags {
	char	text[16384];
	size_t	len;
	int	errors, warnings, notes;
	int	inert;	/* "KW: not supported yet: ..." (read, not acted on) */
};

static struct diags diags;

static void
diag_collect(void *arg, enum conf_level level, const char *line)
{
	struct diags *d = arg;
	int n;

	n = snprintf(d->text + d->len, sizeof(d->text) - d->len, "%s\n", line);
	if (n > 0 && d->len + n < sizeof(d->text))
		d->len += n;
	if (level == CONF_ERROR)
		d->errors++;
	else if (level == CONF_WARNING && strstr(line, ": not supported yet: "))
		d->inert++;
	else if (level == CONF_WARNING)
		d->warnings++;
	else
		d->notes++;
}

static inline struct vigil_conf *
load_str(const char *text)
{
	struct conf_load_opts opts = {
		.diag = diag_collect, .diag_arg = &diags,
		.check_interfaces = false, .config_id = "unit",
	};

	memset(&diags, 0, sizeof(diags));
	return conf_load_buffer("t.conf", text, strlen(text), &opts);
}

/* The dump as a malloc'ed string. */
static inline char *
dump_str(const struct vigil_conf *conf)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	conf_dump(conf, f);
	fclose(f);
	return buf;
}

static inline int
diag_has(const char *needle)
{
	return strstr(diags.text, needle) != NULL;
}

#endif
