/*
 * The typed, validated configuration: what conf_load() returns.
 * Owned by conf/. Everything else reads these structs and never parses text.
 *
 * (Skeleton: the conf/ work fills in the structs; the function names below
 * are the contract used by core/.)
 */
#ifndef VIGIL_CONF_H
#define VIGIL_CONF_H

#include <stdbool.h>
#include <stdio.h>

struct vigil_conf;

enum conf_level { CONF_NOTE, CONF_WARNING, CONF_ERROR };

struct conf_load_opts {
	/* Called once per diagnostic with the full line
	 * "file:line:col: error|warning|note: message" (no newline).
	 * NULL: print to stderr. */
	void (*diag)(void *arg, enum conf_level level, const char *line);
	void *diag_arg;
	/* Check that interfaces exist on this host (warning if not). */
	bool check_interfaces;
};

/* Parse and validate path. Returns NULL when there is any error (every
 * error has been reported through opts->diag); warnings alone do not fail. */
struct vigil_conf *conf_load(const char *path, const struct conf_load_opts *opts);
/* Print the effective configuration, defaults explicit, in canonical
 * keepalived syntax that conf_load() parses back to the same result. */
void conf_dump(const struct vigil_conf *conf, FILE *out);
void conf_free(struct vigil_conf *conf);
/* Print every keyword the schema accepts, one "block keyword" per line. */
void conf_schema_list(FILE *out);

#endif
