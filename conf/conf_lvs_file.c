/*
 * FILE_CHECK { track_file NAME; weight N [reverse] }: a real server's
 * checker that follows the number in a track_file block's file. Its
 * keyword table and the check pass's look-up of the block by name; the
 * check child watches the file (check/check_file.c).
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"

#define C(m)	CONF_OFF(struct conf_check, m)

/* weight N [reverse]: N scales the number read; 0 makes it up/down. */
static int
file_weight(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_check *c = (struct conf_check *)obj;
	int64_t w;

	(void)kw;
	if (conf_parse_int(ctx, &n->args[0], "weight", -2147483647,
	    2147483647, &w) < 0)
		return -1;
	if (n->nargs > 1 && strcmp(n->args[1].s, "reverse") != 0) {
		conf_error(ctx, &n->args[1].loc, "weight: '%s' is not "
		    "'reverse'", n->args[1].s);
		return -1;
	}
	c->file_weight = (int)w;
	c->file_reverse = n->nargs > 1;
	c->file_weight_given = true;
	return 0;
}

static void
file_weight_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_check *c = (const struct conf_check *)obj;

	(void)kw;
	if (!c->file_weight_given)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "weight %d%s\n", c->file_weight,
	    c->file_reverse ? " reverse" : "");
}

static const struct conf_kw file_kws[] = {
	{ "track_file", CONF_T_STRING, C(track_file) },
	{ "weight", CONF_T_NONE, .min_args = 1, .max_args = 2,
	  .handler = file_weight, .dump = file_weight_dump },
	{ NULL }
};

static struct conf_obj *
file_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_real_server *rs = (struct conf_real_server *)parent;
	struct conf_check *c;

	(void)ctx;
	(void)node;
	c = conf_lvs_check_new(rs, CONF_CHECK_FILE);
	return &c->obj;
}

static void
file_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_check *c = (struct conf_check *)obj;

	if (c->track_file == NULL)
		conf_warning(ctx, &obj->loc, "FILE_CHECK has no track_file: "
		    "this checker is ignored (as keepalived does)");
}

const struct conf_block conf_lvs_file_block = {
	.name = "FILE_CHECK", .kws = file_kws,
	.size = sizeof(struct conf_check),
	.open = file_open, .close = file_close,
};

/* The track_file block c names; its weight unless c gives one. A name
 * that no block has leaves the checker out, with a warning. */
void
conf_lvs_file_resolve(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_check *c)
{
	const struct conf_track_file *f;

	if (c->track_file == NULL)
		return;
	TAILQ_FOREACH(f, &conf->track_files, entry)
		if (strcmp(f->name, c->track_file) == 0)
			break;
	if (f == NULL) {
		conf_warning(ctx, &c->obj.loc, "FILE_CHECK: no track_file "
		    "named %s: this checker is ignored (as keepalived does)",
		    c->track_file);
		return;
	}
	c->file_target = f;
	if (!c->file_weight_given) {
		c->file_weight = f->weight.weight;
		c->file_reverse = f->weight.reverse;
	}
}
