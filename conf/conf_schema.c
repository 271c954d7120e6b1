/*
 * The schema engine: applies the generic tree to the keyword tables of
 * conf_schema.h, converting and storing values into the typed structs.
 * Everything here is table-driven; block-specific work lives in the
 * tables' hooks.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define CONF_MAX_APPLY_DEPTH	16
#define CONF_MAX_SUGGEST	512

/*
 * Keyword lookup goes through a hash index per block, built on first use:
 * a 100,000-line configuration looks up as many keywords, in tables of up
 * to 150 entries. The indexes live as long as the process (tables are
 * static too).
 */
#define KW_CACHE_BLOCKS	128

static const struct conf_kw *
kw_find_slow(const struct conf_block *blk, const char *name)
{
	const struct conf_kw *kw;

	for (kw = blk->kws; kw->name != NULL; kw++)
		if (strcmp(kw->name, name) == 0)
			return kw;
	return NULL;
}

static struct conf_names *
kw_index(const struct conf_block *blk)
{
	static const struct conf_block *blocks[KW_CACHE_BLOCKS];
	static struct conf_names indexes[KW_CACHE_BLOCKS];
	const struct conf_kw *kw;
	size_t i;

	for (i = 0; i < KW_CACHE_BLOCKS && blocks[i] != NULL; i++)
		if (blocks[i] == blk)
			return &indexes[i];
	if (i == KW_CACHE_BLOCKS)
		return NULL;
	blocks[i] = blk;
	/* First definition wins, as in the linear search. */
	for (kw = blk->kws; kw->name != NULL; kw++)
		conf_names_put(&indexes[i], kw->name, (void *)kw);
	return &indexes[i];
}

const struct conf_kw *
conf_kw_find(const struct conf_block *blk, const char *name)
{
	struct conf_names *ix;

	if (blk == NULL || name == NULL)
		return NULL;
	if ((ix = kw_index(blk)) == NULL)
		return kw_find_slow(blk, name);
	return conf_names_get(ix, name);
}

const struct conf_kw *
conf_kw_resolve(const struct conf_block *blk, const char *name)
{
	const struct conf_kw *kw = conf_kw_find(blk, name);

	if (kw != NULL && kw->alias_of != NULL)
		kw = conf_kw_find(blk, kw->alias_of);
	return kw;
}

void
conf_kw_arity(const struct conf_kw *kw, int *min, int *max)
{
	if (kw->max_args != 0) {
		*min = kw->min_args;
		*max = kw->max_args;
		return;
	}
	*min = *max = 1;
	switch (kw->type) {
	case CONF_T_NONE:
	case CONF_T_FLAG:
	case CONF_T_BLOCK:
	case CONF_T_LIST:
		*min = *max = 0;
		break;
	case CONF_T_BOOL:
		*min = 0;
		break;
	case CONF_T_CMD:
		*max = CONF_ARGS_ANY;
		break;
	default:
		break;
	}
	if (kw->flags & CONF_KW_UNSUPPORTED) {
		*min = 0;
		*max = CONF_ARGS_ANY;
	}
}

static size_t
kw_pos(const struct conf_block *blk, const struct conf_kw *kw)
{
	return (size_t)(kw - blk->kws);
}

static void
kw_mark(const struct conf_block *blk, const struct conf_kw *kw,
    struct conf_obj *obj)
{
	size_t i = kw_pos(blk, kw);

	if (i < CONF_MAX_KW)
		obj->set[i / 8] |= 1u << (i % 8);
}

static bool
kw_marked(const struct conf_block *blk, const struct conf_kw *kw,
    const struct conf_obj *obj)
{
	size_t i = kw_pos(blk, kw);

	return i < CONF_MAX_KW && (obj->set[i / 8] & (1u << (i % 8)));
}

bool
conf_kw_given(const struct conf_block *blk, const struct conf_obj *obj,
    const char *name)
{
	const struct conf_kw *kw = conf_kw_find(blk, name);

	return kw != NULL && kw_marked(blk, kw, obj);
}

static void *
field(struct conf_obj *obj, const struct conf_kw *kw)
{
	return (char *)obj + kw->off;
}

static int
store_enum(struct conf_ctx *ctx, const struct conf_kw *kw,
    const struct conf_arg *arg, int *out)
{
	const char *names[64];
	const struct conf_enum *e;
	char list[256] = "";
	size_t n = 0, len;

	for (e = kw->enums; e->name != NULL; e++) {
		if (strcmp(e->name, arg->s) == 0) {
			*out = e->value;
			return 0;
		}
		if (n < ARRAY_SIZE(names))
			names[n++] = e->name;
		len = strlen(list);
		snprintf(list + len, sizeof(list) - len, "%s%s",
		    e != kw->enums ? ", " : "", e->name);
	}
	for (e = kw->enums; e->name != NULL; e++)
		if (strcasecmp(e->name, arg->s) == 0) {
			conf_note(ctx, &arg->loc, "%s '%s' taken as '%s'",
			    kw->name, arg->s, e->name);
			*out = e->value;
			return 0;
		}
	if (kw->fallback == CONF_NO_FALLBACK) {
		conf_error(ctx, &arg->loc, "%s '%s' is not one of %s%s",
		    kw->name, arg->s, list, conf_did_you_mean(arg->s, names, n));
		return -1;
	}
	for (e = kw->enums; e->name != NULL; e++)
		if (e->value == kw->fallback)
			break;
	conf_warning(ctx, &arg->loc, "%s '%s' is not one of %s; using %s%s",
	    kw->name, arg->s, list, e->name != NULL ? e->name : "the default",
	    conf_did_you_mean(arg->s, names, n));
	*out = kw->fallback;
	return 0;
}

static int
store_bool(struct conf_ctx *ctx, const struct conf_kw *kw,
    const struct conf_node *n, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	if (n->nargs == 0) {
		*out = true;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(n->args[0].s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(n->args[0].s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	conf_error(ctx, &n->args[0].loc, "%s: '%s' is not yes/no/true/false",
	    kw->name, n->args[0].s);
	return -1;
}

static void
store_str(struct conf_obj *obj, const struct conf_kw *kw, char *s)
{
	char **p = field(obj, kw);

	free(*p);
	*p = s;
}

/* An unquoted command runs to the end of the line; say so when a word in
 * it looks like a keyword the author meant to start. */
static void
cmd_check_words(struct conf_ctx *ctx, const struct conf_block *blk,
    const struct conf_kw *kw, const struct conf_node *n)
{
	size_t i;

	if (n->nargs < 2 || n->args[0].quoted)
		return;
	for (i = 1; i < n->nargs; i++)
		if (!n->args[i].quoted && conf_kw_find(blk, n->args[i].s)) {
			conf_warning(ctx, &n->args[i].loc, "'%s' is taken as "
			    "part of the %s command; quote the command if "
			    "'%s' starts a new keyword", n->args[i].s,
			    kw->name, n->args[i].s);
			return;
		}
}

/*
 * A command: "cmd args" [user [group]] when quoted, as keepalived reads
 * it; unquoted words are all the command line (keepalived would take the
 * second and third words as user and group, or drop them, which is never
 * what "notify_master /bin/notify.sh MASTER" meant).
 */
static int
store_cmd(struct conf_ctx *ctx, const struct conf_block *blk,
    const struct conf_kw *kw, struct conf_obj *obj, const struct conf_node *n)
{
	char **user = kw->user_off ? (char **)((char *)obj + kw->user_off) :
	    NULL;
	size_t i;

	if (user == NULL || !n->args[0].quoted || n->nargs == 1) {
		cmd_check_words(ctx, blk, kw, n);
		store_str(obj, kw, conf_join_args(n->args, n->nargs));
		if (user != NULL) {
			free(*user);
			*user = NULL;
		}
		return 0;
	}
	if (n->nargs > 3) {
		conf_error(ctx, &n->args[3].loc, "%s: after the quoted command "
		    "only a user and a group may follow", kw->name);
		return -1;
	}
	for (i = 1; i < n->nargs; i++)
		if (conf_str_needs_quotes(n->args[i].s)) {
			conf_error(ctx, &n->args[i].loc, "%s: '%s' is not a "
			    "valid user or group name", kw->name,
			    n->args[i].s);
			return -1;
		}
	store_str(obj, kw, xstrdup(n->args[0].s));
	free(*user);
	*user = conf_join_args(n->args + 1, n->nargs - 1);
	return 0;
}

/* A path with .user_off: the words after it are "user [group]". */
static int
store_path_owner(struct conf_ctx *ctx, const struct conf_kw *kw,
    struct conf_obj *obj, const struct conf_node *n)
{
	char **user = (char **)((char *)obj + kw->user_off);
	size_t i;

	for (i = 1; i < n->nargs; i++)
		if (conf_str_needs_quotes(n->args[i].s)) {
			conf_error(ctx, &n->args[i].loc, "%s: '%s' is not a "
			    "valid user or group name", kw->name,
			    n->args[i].s);
			return -1;
		}
	free(*user);
	*user = n->nargs > 1 ? conf_join_args(n->args + 1, n->nargs - 1) :
	    NULL;
	return 0;
}

/* Convert and store the value of a scalar keyword. */
static int
store_value(struct conf_ctx *ctx, const struct conf_block *blk,
    const struct conf_kw *kw, struct conf_obj *obj, const struct conf_node *n)
{
	const struct conf_arg *a = n->nargs > 0 ? &n->args[0] : NULL;
	struct conf_addr addr;
	int64_t v;
	int e;

	switch (kw->type) {
	case CONF_T_INT:
	case CONF_T_U32:
		if (conf_parse_int(ctx, a, kw->name, kw->min, kw->max, &v) < 0)
			return -1;
		if (kw->type == CONF_T_INT)
			*(int *)field(obj, kw) = (int)v;
		else
			*(uint32_t *)field(obj, kw) = (uint32_t)v;
		return 0;
	case CONF_T_DECIMAL:
		if (conf_parse_decimal(ctx, a, kw->name, kw->scale, kw->min,
		    kw->max, &v) < 0)
			return -1;
		*(int64_t *)field(obj, kw) = v;
		return 0;
	case CONF_T_FLAG:
		*(bool *)field(obj, kw) = true;
		return 0;
	case CONF_T_BOOL:
		return store_bool(ctx, kw, n, field(obj, kw));
	case CONF_T_ENUM:
		if (store_enum(ctx, kw, a, &e) < 0)
			return -1;
		*(int *)field(obj, kw) = e;
		return 0;
	case CONF_T_IFNAME:
		if (conf_check_ifname(ctx, a) < 0)
			return -1;
		/* FALLTHROUGH */
	case CONF_T_STRING:
	case CONF_T_PATH:
		store_str(obj, kw, xstrdup(a->s));
		if (kw->type == CONF_T_PATH && kw->user_off != 0)
			return store_path_owner(ctx, kw, obj, n);
		return 0;
	case CONF_T_CMD:
		return store_cmd(ctx, blk, kw, obj, n);
	case CONF_T_IP:
	case CONF_T_PREFIX:
		if (conf_parse_addr(ctx, a, kw->name, kw->type == CONF_T_PREFIX,
		    &addr) < 0)
			return -1;
		*(struct conf_addr *)field(obj, kw) = addr;
		return 0;
	default:
		return 0;
	}
}

static void
apply_list(struct conf_ctx *ctx, const struct conf_kw *kw,
    struct conf_obj *parent, const struct conf_node *n)
{
	const struct conf_block *sub = kw->sub;
	struct conf_obj *owner = (struct conf_obj *)((char *)parent + kw->off);
	const struct conf_node *e;
	size_t i;
	int r;

	if (sub->open != NULL && (owner = sub->open(ctx, parent, n)) == NULL)
		return;
	for (e = n->child; e != NULL; e = e->next) {
		for (i = 0; i < e->nargs; i++)
			if (conf_check_placeholder(ctx, &e->args[i]) < 0)
				break;
		if (i < e->nargs)
			continue;
		for (i = 0; i < e->nargs; i += r)
			if ((r = sub->entry(ctx, owner, &e->args[i],
			    e->nargs - i)) <= 0)
				break;
	}
	if (sub->close != NULL)
		sub->close(ctx, owner);
}

struct conf_obj *
conf_apply_sub(struct conf_ctx *ctx, const struct conf_block *blk,
    struct conf_obj *parent, const struct conf_node *node)
{
	struct conf_obj *obj = parent;

	if (ctx->depth >= CONF_MAX_APPLY_DEPTH)
		return NULL;
	if (blk->open != NULL) {
		if ((obj = blk->open(ctx, parent, node)) == NULL)
			return NULL;
		if (!(blk->flags & CONF_BLK_SINGLETON)) {
			obj->loc = node->loc;
			conf_apply_defaults(ctx, blk, obj);
		}
	}
	ctx->depth++;
	conf_apply_block(ctx, blk, obj, node->child);
	ctx->depth--;
	if (blk->close != NULL)
		blk->close(ctx, obj);
	return obj;
}

/* The current keywords of blk, for suggestions. */
static size_t
block_names(const struct conf_block *blk, const char **names, size_t max)
{
	const struct conf_kw *kw;
	size_t k = 0;

	for (kw = blk->kws; kw->name != NULL && k < max; kw++)
		if (kw->alias_of == NULL)
			names[k++] = kw->name;
	return k;
}

/* A block (other than skip) reachable from blk whose table has name. */
static const struct conf_block *
kw_home(const struct conf_block *blk, const struct conf_block *skip,
    const char *name, const struct conf_block **seen, size_t *nseen,
    size_t maxseen)
{
	const struct conf_block *found;
	const struct conf_kw *kw;
	size_t i;

	for (i = 0; i < *nseen; i++)
		if (seen[i] == blk)
			return NULL;
	if (*nseen >= maxseen)
		return NULL;
	seen[(*nseen)++] = blk;
	if (blk != skip && (kw = conf_kw_find(blk, name)) != NULL &&
	    !(kw->flags & CONF_KW_HIDDEN))
		return blk;
	for (kw = blk->kws; kw->name != NULL; kw++)
		if (kw->sub != NULL && (found = kw_home(kw->sub, skip, name,
		    seen, nseen, maxseen)) != NULL)
			return found;
	return NULL;
}

/*
 * Unknown keyword: suggest a close one of this block; failing that, name
 * the block it belongs to (a misplaced '}' puts keywords in the wrong
 * block).
 */
static void
unknown_kw(struct conf_ctx *ctx, const struct conf_block *blk,
    const struct conf_node *n)
{
	const char *names[CONF_MAX_SUGGEST];
	const struct conf_block *seen[128], *home;
	const char *where = "in ", *where_name = blk->name;
	size_t k, nseen = 0;

	if (blk == &conf_root_block) {
		where = "at top level";
		where_name = "";
	}
	k = block_names(blk, names, ARRAY_SIZE(names));
	if (conf_suggest(n->kw, names, k) == NULL &&
	    (home = kw_home(&conf_root_block, blk, n->kw, seen, &nseen,
	    ARRAY_SIZE(seen))) != NULL && home->name != NULL) {
		conf_error(ctx, &n->loc, "unknown keyword '%s' %s%s; it "
		    "belongs in %s (is a '{' or '}' misplaced?)", n->kw,
		    where, where_name, home->name);
		return;
	}
	conf_error(ctx, &n->loc, "unknown keyword '%s' %s%s%s", n->kw,
	    where, where_name, conf_did_you_mean(n->kw, names, k));
}

/*
 * Argument count, placeholders and block presence; -1 after an error.
 * Words after the last value keepalived reads are ignored with a warning
 * (conf_wild.c): *nargs is then the number of values used.
 */
static int
check_shape(struct conf_ctx *ctx, const struct conf_block *blk,
    const struct conf_kw *kw, const struct conf_node *n, size_t *nargs)
{
	bool wants_block = kw->type == CONF_T_BLOCK || kw->type == CONF_T_LIST;
	const char *names[CONF_MAX_SUGGEST];
	int min, max;
	size_t i, k;

	conf_kw_arity(kw, &min, &max);
	*nargs = n->nargs;
	if (n->nargs < (size_t)min) {
		if (min == 1)
			conf_error(ctx, &n->loc, "%s needs a value", n->kw);
		else
			conf_error(ctx, &n->loc, "%s needs %s%d values", n->kw,
			    max > min ? "at least " : "", min);
		return -1;
	}
	if (n->nargs > (size_t)max) {
		/* A misspelt keyword on the same line reads as one more
		 * value: suggest the keyword. */
		k = block_names(blk, names, ARRAY_SIZE(names));
		if (conf_wild_extra(ctx, kw, n, max, conf_did_you_mean(
		    n->args[max].s, names, k)) < 0)
			return -1;
		*nargs = max;
	}
	for (i = 0; i < *nargs; i++)
		if (conf_check_placeholder(ctx, &n->args[i]) < 0)
			return -1;
	if (wants_block && !n->has_block) {
		conf_error(ctx, &n->loc, "%s needs a block { ... }", n->kw);
		return -1;
	}
	if (!wants_block && n->has_block) {
		conf_error(ctx, &n->block_loc, "%s does not take a block",
		    n->kw);
		return -1;
	}
	return 0;
}

void
conf_apply_stmt(struct conf_ctx *ctx, const struct conf_block *blk,
    struct conf_obj *obj, const struct conf_node *n)
{
	const struct conf_kw *kw = conf_kw_find(blk, n->kw);
	struct conf_node trimmed;
	size_t nargs;
	int rc = 0;

	if (kw == NULL) {
		if (blk->unknown == NULL || !blk->unknown(ctx, obj, n))
			unknown_kw(ctx, blk, n);
		return;
	}
	if (kw->alias_of != NULL) {
		conf_note_many(ctx, &n->loc, "uses", NULL,
		    "'%s' is deprecated; use '%s'", n->kw, kw->alias_of);
		if ((kw = conf_kw_find(blk, kw->alias_of)) == NULL)
			return;
	}
	if (kw->flags & CONF_KW_UNSUPPORTED) {
		conf_warning(ctx, &n->loc, "%s: not supported yet, ignored",
		    n->kw);
		return;
	}
	if (check_shape(ctx, blk, kw, n, &nargs) < 0)
		return;
	if (nargs < n->nargs) {
		trimmed = *n;
		trimmed.nargs = nargs;
		n = &trimmed;
	}
	if (kw->differs != NULL) {
		conf_note(ctx, &n->loc, "%s: %s", n->kw, kw->differs);
		return;
	}
	if (kw->inert != NULL)
		conf_warning(ctx, &n->loc, "%s: %s", n->kw, kw->inert);
	if (kw_marked(blk, kw, obj) && !(kw->flags & CONF_KW_MULTI))
		conf_warning(ctx, &n->loc, "%s given twice in this %s; the "
		    "last one is used", kw->name, blk->name);
	if (kw->type == CONF_T_BLOCK)
		rc = conf_apply_sub(ctx, kw->sub, obj, n) == NULL ? -1 : 0;
	else if (kw->type == CONF_T_LIST)
		apply_list(ctx, kw, obj, n);
	else
		rc = store_value(ctx, blk, kw, obj, n);
	if (rc == 0 && kw->handler != NULL)
		rc = kw->handler(ctx, obj, kw, n);
	/* Marked even when the value was refused: the error is reported
	 * already, and "missing keyword" would only repeat it. */
	kw_mark(blk, kw, obj);
}

void
conf_apply_block(struct conf_ctx *ctx, const struct conf_block *blk,
    struct conf_obj *obj, const struct conf_node *first)
{
	const struct conf_node *n;

	for (n = first; n != NULL; n = n->next)
		conf_apply_stmt(ctx, blk, obj, n);
}

void
conf_apply_defaults(struct conf_ctx *ctx, const struct conf_block *blk,
    struct conf_obj *obj)
{
	const struct conf_kw *kw;
	struct conf_arg args[8];
	struct conf_node n;
	char buf[256], *p, *save;

	for (kw = blk->kws; kw->name != NULL; kw++) {
		if (kw->def == NULL || kw->alias_of != NULL ||
		    (kw->flags & CONF_KW_UNSUPPORTED))
			continue;
		memset(&n, 0, sizeof(n));
		memset(args, 0, sizeof(args));
		n.kw = kw->name;
		n.args = args;
		snprintf(buf, sizeof(buf), "%s", kw->def);
		for (p = strtok_r(buf, " ", &save); p != NULL &&
		    n.nargs < ARRAY_SIZE(args); p = strtok_r(NULL, " ", &save))
			args[n.nargs++].s = p;
		if (store_value(ctx, blk, kw, obj, &n) == 0 && kw->handler != NULL)
			kw->handler(ctx, obj, kw, &n);
	}
}

void
conf_free_fields(const struct conf_block *blk, struct conf_obj *obj)
{
	const struct conf_kw *kw;
	char **p;

	for (kw = blk->kws; kw->name != NULL; kw++) {
		if (kw->alias_of != NULL || (kw->flags & CONF_KW_UNSUPPORTED))
			continue;
		switch (kw->type) {
		case CONF_T_STRING:
		case CONF_T_CMD:
		case CONF_T_PATH:
		case CONF_T_IFNAME:
			p = field(obj, kw);
			free(*p);
			*p = NULL;
			if (kw->user_off != 0) {
				p = (char **)((char *)obj + kw->user_off);
				free(*p);
				*p = NULL;
			}
			break;
		default:
			break;
		}
	}
}

/* Each block once, even when several keywords share it. */
static void
list_block(FILE *out, const struct conf_block *blk,
    const struct conf_block **seen, size_t *nseen, size_t maxseen)
{
	const struct conf_kw *kw;
	size_t i;

	for (i = 0; i < *nseen; i++)
		if (seen[i] == blk)
			return;
	if (*nseen < maxseen)
		seen[(*nseen)++] = blk;
	for (kw = blk->kws; kw->name != NULL; kw++)
		if (!(kw->flags & CONF_KW_HIDDEN))
			fprintf(out, "%s %s\n", blk->name, kw->name);
	for (kw = blk->kws; kw->name != NULL; kw++)
		if (kw->sub != NULL && kw->sub->kws != NULL &&
		    kw->sub->kws[0].name != NULL)
			list_block(out, kw->sub, seen, nseen, maxseen);
}

void
conf_schema_list_block(FILE *out, const struct conf_block *blk,
    const char *path)
{
	const struct conf_block *seen[128];
	size_t nseen = 0;

	(void)path;
	list_block(out, blk, seen, &nseen, ARRAY_SIZE(seen));
}

/* The body of a deliberately different block: never read (conf_apply_stmt
 * notes the keyword and returns before it). */
static const struct conf_kw differs_kws[] = { { NULL } };
const struct conf_block conf_differs_block = {
	.name = "deliberately different block",
	.kws = differs_kws,
};
