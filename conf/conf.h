/*
 * The typed, validated configuration: what conf_load() returns.
 * Owned by conf/. Everything else reads these structs and never parses text.
 * The tables that fill them are in conf_global.c, conf_vrrp.c, conf_static.c
 * and conf_lvs*.c; see conf_schema.h.
 */
#ifndef VIGIL_CONF_H
#define VIGIL_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/conf_types.h"
#include "conf/conf_global.h"
#include "conf/conf_vrrp.h"
#include "conf/conf_lvs.h"
#include "conf/conf_bfd.h"
#include "conf/conf_updown.h"

struct vigil_conf {
	struct conf_obj	 obj;		/* the top level; must be first */
	struct conf_global global;	/* global_defs */
	struct conf_static statics;	/* static_ipaddress/routes/rules */
	TAILQ_HEAD(, conf_vrrp_script) scripts;
	TAILQ_HEAD(, conf_track_file) track_files;
	TAILQ_HEAD(, conf_track_process) track_processes;
	TAILQ_HEAD(, conf_vrrp_instance) instances;
	TAILQ_HEAD(, conf_sync_group) sync_groups;
	struct conf_lvs	 lvs;		/* virtual_server(_group): conf_lvs.h */
	char		**files;	/* every file read; conf_loc.file */
	size_t		 nfiles;
	struct conf_bfd_list bfds;	/* bfd_instance (conf_bfd.h) */
	TAILQ_HEAD(, conf_track_group) track_groups;
	TAILQ_HEAD(, conf_garp_group) garp_groups;
	struct conf_updown_list updowns;	/* interface_up_down_delays */
};

enum conf_level { CONF_NOTE, CONF_WARNING, CONF_ERROR };

struct conf_load_opts {
	/* Called once per diagnostic with the full line
	 * "file:line:col: error|warning|note: message" (no newline).
	 * NULL: print to stderr. */
	void (*diag)(void *arg, enum conf_level level, const char *line);
	void *diag_arg;
	/* Check that interfaces exist on this host (warning if not). */
	bool check_interfaces;
	/* Config id for "@id" lines (keepalived -i). NULL: the short host
	 * name, as keepalived. */
	const char *config_id;
};

/* Parse and validate path. Returns NULL when there is any error (every
 * error has been reported through opts->diag); warnings alone do not fail.
 * opts may be NULL. */
struct vigil_conf *conf_load(const char *path, const struct conf_load_opts *opts);
/* The same from memory (fuzzing, tests); name is used in diagnostics;
 * `include` is ignored with a warning. */
struct vigil_conf *conf_load_buffer(const char *name, const char *buf,
	    size_t len, const struct conf_load_opts *opts);
/* Print the effective configuration, defaults explicit, in canonical
 * keepalived syntax that conf_load() parses back to the same result. */
void conf_dump(const struct vigil_conf *conf, FILE *out);
/* vigild -t with one file per node: compare the instances the nodes share
 * (matched by virtual_router_id and address family) and warn where a
 * tracked weight cannot move the VIP or where the peers disagree on what
 * VRRP needs them to agree on. Diagnostics go through opts as conf_load's;
 * returns how many warnings were given. */
unsigned conf_compare_nodes(const struct vigil_conf *const *confs, size_t n,
	    const struct conf_load_opts *opts);
void conf_free(struct vigil_conf *conf);
/* Print every keyword the schema accepts, one "block keyword" per line. */
void conf_schema_list(FILE *out);

#endif
