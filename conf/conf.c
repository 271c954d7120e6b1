/*
 * conf_load(): text -> tokens -> tree -> typed structs -> cross-reference
 * checks. Also the top-level keyword table, the dump and the free.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_lex.h"
#include "conf/conf_netns.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"
#include "conf/conf_tree.h"

#define UNSUP(n, a)	{ n, .flags = CONF_KW_UNSUPPORTED, .max_args = (a) }
#define BLOCK(n, b, a, ...) { n, CONF_T_BLOCK, .sub = &(b), .min_args = (a), \
			  .max_args = (a), .flags = CONF_KW_MULTI, __VA_ARGS__ }
#define LIST(n, b, ...)	{ n, CONF_T_LIST, .sub = &(b), .flags = CONF_KW_MULTI, \
			  __VA_ARGS__ }

static const struct conf_kw root_kws[] = {
	BLOCK("global_defs", conf_global_block, 0),
	BLOCK("vrrp_script", conf_vrrp_script_block, 1),
	/* keepalived takes no instance or group whose name is followed
	 * by more words. */
	{ "vrrp_instance", CONF_T_BLOCK, .sub = &conf_vrrp_instance_block,
	  .min_args = 1, .max_args = 1,
	  .flags = CONF_KW_MULTI | CONF_KW_STRICT_ARGS },
	{ "vrrp_sync_group", CONF_T_BLOCK, .sub = &conf_sync_group_block,
	  .min_args = 1, .max_args = 1,
	  .flags = CONF_KW_MULTI | CONF_KW_STRICT_ARGS },
	BLOCK("track_file", conf_track_file_block, 1),
	{ "vrrp_track_file", .alias_of = "track_file" },
	BLOCK("vrrp_track_process", conf_track_process_block, 1),
	LIST("static_ipaddress", conf_static_ipaddress_block),
	LIST("static_routes", conf_static_routes_block),
	LIST("static_rules", conf_static_rules_block),
	{ "virtual_server", CONF_T_BLOCK, .sub = &conf_lvs_virtual_server_block,
	  .min_args = 1, .max_args = 2, .flags = CONF_KW_MULTI },
	BLOCK("SSL", conf_lvs_ssl_block, 0),
	{ "virtual_server_group", CONF_T_LIST,
	  .sub = &conf_lvs_virtual_server_group_block, .min_args = 1,
	  .max_args = 1, .flags = CONF_KW_MULTI },
	/* Handled by the lexer wherever they appear; listed for the docs. */
	{ "include", CONF_T_NONE, .min_args = 1, .max_args = 1 },
	{ "includer", CONF_T_NONE, .min_args = 1, .max_args = 1 },
	{ "includem", CONF_T_NONE, .min_args = 1, .max_args = 1 },
	{ "includew", CONF_T_NONE, .min_args = 1, .max_args = 1 },
	{ "includeb", CONF_T_NONE, .min_args = 1, .max_args = 1 },
	{ "includea", CONF_T_NONE, .min_args = 1, .max_args = 1 },
	/* keepalived accepts these outside global_defs too. */
	CONF_NETNS_ROOT_KWS,
	{ "linkbeat_use_polling", CONF_T_FLAG,
	  CONF_OFF(struct vigil_conf, global.linkbeat_use_polling),
	  .handler = conf_linkbeat_polling, .flags = CONF_KW_NODUMP },
	CONF_PROCS_ROOT_KWS,
	/* keepalived takes it only here; the dump writes it in global_defs. */
	CONF_KW_CHILD_WAIT_TIME(CONF_OFF(struct vigil_conf,
	    global.child_wait_time), .flags = CONF_KW_NODUMP),
	{ "garp_group", CONF_T_BLOCK, .sub = &conf_garp_group_block,
	  .flags = CONF_KW_MULTI },
	{ "linkbeat_interfaces", CONF_T_LIST, .sub = &conf_linkbeat_block,
	  .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	{ "track_group", CONF_T_BLOCK, .sub = &conf_track_group_block,
	  .min_args = 1, .max_args = 1,
	  .flags = CONF_KW_MULTI | CONF_KW_STRICT_ARGS },
	BLOCK("bfd_instance", conf_bfd_block, 1),
	CONF_DIFFERS_BLOCK("vrrp_track_bfd", CONF_DIFFERS_TRACK_BFD),
	{ "interface_up_down_delays", CONF_T_LIST,
	  CONF_OFF(struct vigil_conf, updowns), .sub = &conf_updown_block,
	  .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	{ NULL }
};

const struct conf_block conf_root_block = {
	.name = "top",
	.kws = root_kws,
	.size = sizeof(struct vigil_conf),
};

const char *
conf_intern_file(struct conf_ctx *ctx, const char *name)
{
	struct vigil_conf *conf = ctx->conf;
	size_t i;

	for (i = 0; i < conf->nfiles; i++)
		if (strcmp(conf->files[i], name) == 0)
			return conf->files[i];
	conf->files = xreallocarray(conf->files, conf->nfiles + 1,
	    sizeof(*conf->files));
	conf->files[conf->nfiles] = xstrdup(name);
	return conf->files[conf->nfiles++];
}

const char *
conf_config_id(struct conf_ctx *ctx)
{
	char *dot;

	if (ctx->opts != NULL && ctx->opts->config_id != NULL)
		return ctx->opts->config_id;
	if (ctx->hostname[0] == '\0') {
		if (gethostname(ctx->hostname, sizeof(ctx->hostname) - 1) < 0)
			snprintf(ctx->hostname, sizeof(ctx->hostname),
			    "localhost");
		if ((dot = strchr(ctx->hostname, '.')) != NULL)
			*dot = '\0';
	}
	return ctx->hostname;
}

static struct vigil_conf *
conf_new(struct conf_ctx *ctx, const struct conf_load_opts *opts)
{
	struct vigil_conf *conf = xcalloc(1, sizeof(*conf));

	memset(ctx, 0, sizeof(*ctx));
	ctx->opts = opts;
	ctx->conf = conf;
	conf_diag_hold(ctx);
	TAILQ_INIT(&conf->scripts);
	TAILQ_INIT(&conf->track_files);
	TAILQ_INIT(&conf->track_processes);
	TAILQ_INIT(&conf->instances);
	TAILQ_INIT(&conf->sync_groups);
	TAILQ_INIT(&conf->bfds);
	TAILQ_INIT(&conf->track_groups);
	TAILQ_INIT(&conf->garp_groups);
	TAILQ_INIT(&conf->updowns);
	TAILQ_INIT(&conf->statics.addrs);
	TAILQ_INIT(&conf->statics.routes);
	TAILQ_INIT(&conf->statics.rules);
	conf_global_init(ctx, conf);
	conf_lvs_init(conf);
	return conf;
}

/* One top-level statement, as soon as it is read (conf_parse_each):
 * its diagnostics are given out after all of the parser's. */
static void
conf_apply_top(struct conf_ctx *ctx, const struct conf_node *n, void *arg)
{
	struct vigil_conf *conf = arg;

	conf_diag_pass(ctx, 1);
	conf_apply_stmt(ctx, &conf_root_block, &conf->obj, n);
	conf_diag_pass(ctx, 0);
}

/* Tokens to typed config; NULL (and everything freed) on any error. The
 * tree is built and applied one top-level statement at a time, so a big
 * file's tree is never held whole. */
static struct vigil_conf *
conf_finish(struct conf_ctx *ctx, struct conf_tokens *toks)
{
	struct vigil_conf *conf = ctx->conf;

	conf_parse_each(ctx, toks, &conf_root_block, conf_apply_top, conf);
	conf_tokens_free(toks);
	conf_diag_pass(ctx, 1);
	conf_global_finish(ctx, conf);
	conf_wild_dups(ctx, conf);
	conf_vrrp_check(ctx, conf);
	conf_updown_check(ctx, conf);
	conf_bfd_check(ctx, conf);
	conf_mail_check(ctx, conf);
	conf_lvs_check(ctx, conf);
	conf_diag_flush(ctx);
	if (ctx->errors > 0) {
		conf_free(conf);
		return NULL;
	}
	return conf;
}

struct vigil_conf *
conf_load(const char *path, const struct conf_load_opts *opts)
{
	struct conf_tokens toks = { 0 };
	struct conf_ctx ctx;

	conf_new(&ctx, opts);
	conf_lex_file(&ctx, path, &toks);
	return conf_finish(&ctx, &toks);
}

struct vigil_conf *
conf_load_buffer(const char *name, const char *buf, size_t len,
    const struct conf_load_opts *opts)
{
	struct conf_tokens toks = { 0 };
	struct conf_ctx ctx;

	conf_new(&ctx, opts);
	conf_lex_buffer(&ctx, name, buf, len, &toks);
	return conf_finish(&ctx, &toks);
}

void
conf_dump(const struct vigil_conf *conf, FILE *out)
{
	conf_global_dump(conf, out);
	conf_static_dump(conf, out);
	conf_updown_dump(conf, out);
	conf_bfd_dump(conf, out);
	conf_vrrp_dump(conf, out);
	conf_lvs_dump(conf, out);
}

void
conf_free(struct vigil_conf *conf)
{
	size_t i;

	if (conf == NULL)
		return;
	conf_lvs_free(conf);
	conf_vrrp_free(conf);
	conf_updown_free(conf);
	conf_bfd_free(conf);
	conf_static_free(conf);
	conf_global_free(conf);
	for (i = 0; i < conf->nfiles; i++)
		free(conf->files[i]);
	free(conf->files);
	free(conf);
}

void
conf_schema_list(FILE *out)
{
	conf_schema_list_block(out, &conf_root_block, NULL);
}
