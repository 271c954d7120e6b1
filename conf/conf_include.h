/*
 * `include` and its variants (includer, includem, includew, includeb,
 * includea) and the include_check setting, as keepalived.conf(5) has them:
 * which files a pattern names, and which misses are errors. The lexer
 * reads the files; conf_include.c only decides which.
 */
#ifndef VIGIL_CONF_INCLUDE_H
#define VIGIL_CONF_INCLUDE_H

#include <stddef.h>

#include "conf/conf_types.h"

/* The checks of include_check. Any of them also checks readability. */
#define CONF_INC_READABLE	0x01	/* a match must be a readable file */
#define CONF_INC_MATCH		0x02	/* a pattern without wildcards (or
					 * its directory) must exist */
#define CONF_INC_WILDCARD	0x04	/* a pattern must match some file */
#define CONF_INC_BRACE		0x08	/* each {a,b} alternative without
					 * wildcards must exist */
#define CONF_INC_ALL		0x0f

struct conf_ctx;
struct conf_token;

/* The checks the include keyword word adds (0 for "include"), or -1 if
 * word is not an include keyword. */
int	conf_include_variant(const char *word);

/* include_check OPTIONS: *checks updated from the option words args[0..n)
 * (none: all checks); unknown options are errors. */
void	conf_include_check_opts(struct conf_ctx *ctx,
	    const struct conf_token *args, size_t n, unsigned *checks);

/*
 * The files to read for `kw pattern` at `at`: path is the pattern made
 * relative to the including file (the names given back start with it).
 * Misses and unreadable matches are errors when checks asks for them,
 * warnings otherwise, and unreadable matches are left out. Returns a
 * NULL-terminated malloc'ed array of malloc'ed names (NULL if none).
 */
char  **conf_include_files(struct conf_ctx *ctx, const char *kw,
	    const char *pattern, const char *path, unsigned checks,
	    const struct conf_loc *at);
void	conf_include_files_free(char **files);

/* dir with a backslash before each character glob(3) would take as a
 * wildcard, brace or escape, for a pattern relative to it. */
char   *conf_include_dir_escape(const char *dir);

#endif
