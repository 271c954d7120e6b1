/*
 * vrrp_sync_group, vrrp_track_file and vrrp_track_process: tables, hooks
 * and their part of the cross-reference pass.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define G(m)	CONF_OFF(struct conf_sync_group, m)
#define F(m)	CONF_OFF(struct conf_track_file, m)
#define P(m)	CONF_OFF(struct conf_track_process, m)
#define GLIST(n, b, m, d, ...) { n, CONF_T_LIST, G(m), .sub = &(b), \
			  .flags = CONF_KW_MULTI, .dump = (d), __VA_ARGS__ }

static const struct conf_kw sync_kws[] = {
	GLIST("group", conf_name_block, members, conf_ref_list_dump),
	GLIST("track_interface", conf_ifref_block, track_ifs,
	    conf_ref_list_dump),
	GLIST("track_script", conf_ref_block, track_scripts,
	    conf_ref_list_dump),
	GLIST("track_file", conf_wref_block, track_files, conf_ref_list_dump),
	GLIST("track_process", conf_wref_block, track_processes,
	    conf_ref_list_dump),
	{ "notify_master", CONF_T_CMD, G(notify_master),
	  .user_off = G(notify_master_user) },
	{ "notify_backup", CONF_T_CMD, G(notify_backup),
	  .user_off = G(notify_backup_user) },
	{ "notify_fault", CONF_T_CMD, G(notify_fault),
	  .user_off = G(notify_fault_user) },
	{ "notify_stop", CONF_T_CMD, G(notify_stop),
	  .user_off = G(notify_stop_user) },
	{ "notify", CONF_T_CMD, G(notify),
	  .user_off = G(notify_user) },
	{ "notify_priority_changes", CONF_T_BOOL, G(notify_priority_changes) },
	{ "smtp_alert", CONF_T_BOOL, G(smtp_alert) },
	{ "global_tracking", CONF_T_FLAG, G(global_tracking) },
	{ "sync_group_tracking_weight", CONF_T_FLAG,
	  G(sync_group_tracking_weight) },
	GLIST("track_bfd", conf_ref_block, track_bfds, conf_ref_list_dump),
	{ "notify_deleted", CONF_T_NONE, .min_args = 0, .max_args = 3,
	  .handler = conf_sync_notify_deleted,
	  .dump = conf_sync_notify_deleted_dump },
	{ NULL }
};

static struct conf_obj *
sync_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_sync_group *g;

	/* Duplicate names are reported by the check pass. */
	g = xcalloc(1, sizeof(*g));
	g->name = xstrdup(node->args[0].s);
	TAILQ_INIT(&g->members);
	TAILQ_INIT(&g->track_ifs);
	TAILQ_INIT(&g->track_scripts);
	TAILQ_INIT(&g->track_files);
	TAILQ_INIT(&g->track_processes);
	TAILQ_INIT(&g->track_bfds);
	TAILQ_INSERT_TAIL(&conf->sync_groups, g, entry);
	return &g->obj;
}

/*
 * The old form lists the instances directly in the block, without
 * "group { }". Words that are not keywords are taken as members; the
 * check pass reports those that name no instance.
 */
static int
sync_unknown(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_node *n)
{
	struct conf_sync_group *g = (struct conf_sync_group *)obj;
	struct conf_arg first = { .s = n->kw, .loc = n->loc };
	size_t i;

	const char *names[ARRAY_SIZE(sync_kws)];
	size_t k;

	/* A misspelt keyword is not an instance name. */
	for (k = 0; sync_kws[k].name != NULL; k++)
		names[k] = sync_kws[k].name;
	if (n->has_block || conf_suggest(n->kw, names, k) != NULL)
		return 0;
	conf_note(ctx, &n->loc, "instance %s listed without 'group { }' "
	    "(old syntax): taken as a member of group %s", n->kw, g->name);
	conf_name_block.entry(ctx, (struct conf_obj *)&g->members, &first, 1);
	for (i = 0; i < n->nargs; i++)
		conf_name_block.entry(ctx, (struct conf_obj *)&g->members,
		    &n->args[i], 1);
	return 1;
}

static void
sync_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_sync_group *g = (struct conf_sync_group *)obj;

	if (TAILQ_EMPTY(&g->members))
		conf_error(ctx, &obj->loc, "vrrp_sync_group %s has no "
		    "members (group { INSTANCE ... })", g->name);
}

const struct conf_block conf_sync_group_block = {
	.name = "vrrp_sync_group",
	.kws = sync_kws,
	.size = sizeof(struct conf_sync_group),
	.open = sync_open,
	.close = sync_close,
	.unknown = sync_unknown,
};

/* weight N [reverse] for track files and processes: .off points at a
 * struct conf_weight, .max is the limit of |N|. */
static int
track_weight(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	int64_t lim = kw->max, w;
	struct conf_weight *wp = (struct conf_weight *)((char *)obj + kw->off);

	if (conf_parse_int(ctx, &n->args[0], "weight", -lim, lim, &w) < 0)
		return -1;
	if (n->nargs > 1 && strcmp(n->args[1].s, "reverse") != 0) {
		conf_error(ctx, &n->args[1].loc, "weight: '%s' is not "
		    "'reverse'", n->args[1].s);
		return -1;
	}
	wp->weight = (int)w;
	wp->reverse = n->nargs > 1;
	return 0;
}

static void
track_weight_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_weight *wp =
	    (const struct conf_weight *)((const char *)obj + kw->off);

	conf_dump_indent(out, depth);
	fprintf(out, "weight %d%s\n", wp->weight, wp->reverse ? " reverse" : "");
}

/* init_file [VALUE] [overwrite] */
static int
file_init(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_track_file *f = (struct conf_track_file *)obj;
	int64_t v = 0;
	size_t i = 0;

	if (i < n->nargs && strcmp(n->args[i].s, "overwrite") != 0) {
		if (conf_parse_int(ctx, &n->args[i], "init_file", INT32_MIN,
		    INT32_MAX, &v) < 0)
			return -1;
		i++;
	}
	if (i < n->nargs && strcmp(n->args[i].s, "overwrite") != 0) {
		conf_error(ctx, &n->args[i].loc, "init_file: '%s' is not "
		    "'overwrite'", n->args[i].s);
		return -1;
	}
	f->init_file = true;
	f->init_value = (int)v;
	f->init_overwrite = i < n->nargs;
	return 0;
}

static void
file_init_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_track_file *f = (const struct conf_track_file *)obj;

	if (!f->init_file)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "init_file %d%s\n", f->init_value,
	    f->init_overwrite ? " overwrite" : "");
}

static const struct conf_kw file_kws[] = {
	{ "file", CONF_T_PATH, F(file) },
	{ "weight", CONF_T_NONE, F(weight), .min = 0, .max = 2147483647,
	  .min_args = 1, .max_args = 2, .def = "1", .handler = track_weight,
	  .dump = track_weight_dump },
	{ "init_file", CONF_T_NONE, .min_args = 0, .max_args = 2,
	  .handler = file_init, .dump = file_init_dump },
	{ NULL }
};

/* process NAME [ARG ...]: words as written, a quoted one is one word
 * ("/tmp/a b" is a name with a space). */
static int
process_words(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_track_process *p = (struct conf_track_process *)obj;
	size_t i;

	for (i = 0; i < p->nprocess; i++)
		free(p->process[i]);
	free(p->process);
	p->process = xcalloc(n->nargs, sizeof(*p->process));
	for (i = 0; i < n->nargs; i++)
		p->process[i] = xstrdup(n->args[i].s);
	p->nprocess = n->nargs;
	return 0;
}

static void
process_words_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_track_process *p =
	    (const struct conf_track_process *)obj;
	size_t i;

	if (p->nprocess == 0)
		return;
	conf_dump_indent(out, depth);
	fputs("process", out);
	for (i = 0; i < p->nprocess; i++) {
		fputc(' ', out);
		conf_dump_str(out, p->process[i]);
	}
	fputc('\n', out);
}

static const struct conf_enum param_matches[] = {
	{ "initial", 1 }, { "partial", 2 }, { NULL, 0 }
};

static const struct conf_kw process_kws[] = {
	{ "process", CONF_T_NONE, .min_args = 1, .max_args = CONF_ARGS_ANY,
	  .handler = process_words, .dump = process_words_dump },
	{ "param_match", CONF_T_ENUM, P(param_match),
	  .enums = param_matches, .fallback = CONF_NO_FALLBACK },
	{ "weight", CONF_T_NONE, P(weight), .min = 0, .max = 254,
	  .min_args = 1, .max_args = 2, .def = "1", .handler = track_weight,
	  .dump = track_weight_dump },
	{ "quorum", CONF_T_INT, P(quorum), .min = 0, .max = 65535,
	  .def = "1" },
	{ "quorum_max", CONF_T_INT, P(quorum_max), .min = 0, .max = 65535 },
	{ "fork_delay", CONF_T_DECIMAL, P(fork_delay_us), .scale = 1000000,
	  .min = 0, .max = 3600000000LL },
	{ "terminate_delay", CONF_T_DECIMAL, P(terminate_delay_us),
	  .scale = 1000000, .min = 0, .max = 3600000000LL },
	{ "delay", CONF_T_DECIMAL, P(delay_us), .scale = 1000000, .min = 0,
	  .max = 3600000000LL },
	{ "full_command", CONF_T_FLAG, P(full_command) },
	{ NULL }
};

static struct conf_obj *
file_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_track_file *f = xcalloc(1, sizeof(*f));

	f->name = xstrdup(node->args[0].s);
	TAILQ_INSERT_TAIL(&conf->track_files, f, entry);
	return &f->obj;
}

static void
file_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_track_file *f = (struct conf_track_file *)obj;

	if (f->file == NULL)
		conf_error(ctx, &obj->loc, "track_file %s has no file",
		    f->name);
}

static struct conf_obj *
process_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_track_process *p = xcalloc(1, sizeof(*p));

	p->name = xstrdup(node->args[0].s);
	TAILQ_INSERT_TAIL(&conf->track_processes, p, entry);
	return &p->obj;
}

static void
process_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_track_process *p = (struct conf_track_process *)obj;

	if (p->nprocess == 0)
		conf_error(ctx, &obj->loc, "vrrp_track_process %s has no "
		    "process", p->name);
	p->param_match_given = conf_kw_given(&conf_track_process_block, obj,
	    "param_match");
	p->quorum_max_given = conf_kw_given(&conf_track_process_block, obj,
	    "quorum_max");
	/* delay sets the two others, unless they are given themselves. */
	if (!conf_kw_given(&conf_track_process_block, obj, "fork_delay"))
		p->fork_delay_us = p->delay_us;
	if (!conf_kw_given(&conf_track_process_block, obj, "terminate_delay"))
		p->terminate_delay_us = p->delay_us;
	if (p->quorum_max_given && p->quorum_max < p->quorum)
		conf_warning(ctx, &obj->loc, "vrrp_track_process %s: "
		    "quorum_max %d is below quorum %d: it never succeeds",
		    p->name, p->quorum_max, p->quorum);
}

const struct conf_block conf_track_file_block = {
	.name = "track_file",
	.kws = file_kws,
	.size = sizeof(struct conf_track_file),
	.open = file_open,
	.close = file_close,
};

const struct conf_block conf_track_process_block = {
	.name = "vrrp_track_process",
	.kws = process_kws,
	.size = sizeof(struct conf_track_process),
	.open = process_open,
	.close = process_close,
};

void
conf_track_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_track_file *f;
	const struct conf_track_process *p;

	TAILQ_FOREACH(f, &conf->track_files, entry) {
		fputs("track_file ", out);
		conf_dump_str(out, f->name);
		fputs(" {\n", out);
		conf_dump_fields(out, &conf_track_file_block, &f->obj, 1);
		fputs("}\n", out);
	}
	TAILQ_FOREACH(p, &conf->track_processes, entry) {
		fputs("vrrp_track_process ", out);
		conf_dump_str(out, p->name);
		fputs(" {\n", out);
		conf_dump_fields(out, &conf_track_process_block, &p->obj, 1);
		fputs("}\n", out);
	}
}

void
conf_track_free(struct vigil_conf *conf)
{
	struct conf_track_file *f;
	struct conf_track_process *p;

	while ((f = TAILQ_FIRST(&conf->track_files)) != NULL) {
		TAILQ_REMOVE(&conf->track_files, f, entry);
		conf_track_file_free(f);
	}
	while ((p = TAILQ_FIRST(&conf->track_processes)) != NULL) {
		TAILQ_REMOVE(&conf->track_processes, p, entry);
		conf_track_process_free(p);
	}
}

void
conf_track_file_free(struct conf_track_file *f)
{
	conf_free_fields(&conf_track_file_block, &f->obj);
	free(f->name);
	free(f);
}

void
conf_track_process_free(struct conf_track_process *p)
{
	size_t i;

	conf_free_fields(&conf_track_process_block, &p->obj);
	for (i = 0; i < p->nprocess; i++)
		free(p->process[i]);
	free(p->process);
	free(p->name);
	free(p);
}

void
conf_sync_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_sync_group *g;

	TAILQ_FOREACH(g, &conf->sync_groups, entry) {
		fputs("vrrp_sync_group ", out);
		conf_dump_str(out, g->name);
		fputs(" {\n", out);
		conf_dump_fields(out, &conf_sync_group_block, &g->obj, 1);
		fputs("}\n", out);
	}
}

void
conf_sync_free(struct vigil_conf *conf)
{
	struct conf_sync_group *g;

	while ((g = TAILQ_FIRST(&conf->sync_groups)) != NULL) {
		TAILQ_REMOVE(&conf->sync_groups, g, entry);
		conf_ref_list_free(&g->members);
		conf_ref_list_free(&g->track_ifs);
		conf_ref_list_free(&g->track_scripts);
		conf_ref_list_free(&g->track_files);
		conf_ref_list_free(&g->track_processes);
		conf_ref_list_free(&g->track_bfds);
		conf_free_fields(&conf_sync_group_block, &g->obj);
		free(g->notify_deleted_script);
		free(g->notify_deleted_user);
		free(g->name);
		free(g);
	}
}
