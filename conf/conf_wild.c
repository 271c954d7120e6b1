/*
 * conf_wild.c: keepalived's lenience, kept. Configurations written for
 * keepalived 2.2.7 carry words it ignores without a word: a value after
 * a flag ("nopreempt 1"), words after a block's arguments ("virtual_server
 * 192.0.2.1 53 dev eth0 {"), a prefix on a single address
 * ("unicast_src_ip 192.0.2.1/24"). vigil reads them as keepalived does
 * and says so at the column of the ignored text, with what was probably
 * meant when the text suggests something else ("nopreempt 0").
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/util.h"
#include "conf/conf_lex.h"
#include "conf/conf_lvs.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"
#include "conf/conf_tree.h"

/* Flags that have an opposite keyword: what to write to turn one off. */
static const struct {
	const char *kw, *off, *what;
} wild_opposite[] = {
	{ "nopreempt", "preempt", "preemption" },
	{ "preempt", "nopreempt", "preemption" },
	{ "accept", "no_accept", "accept mode" },
	{ "no_accept", "accept", "accept mode" },
};

static bool
wild_falsy(const char *s)
{
	return strcmp(s, "0") == 0 || strcasecmp(s, "no") == 0 ||
	    strcasecmp(s, "false") == 0 || strcasecmp(s, "off") == 0 ||
	    strcasecmp(s, "disable") == 0 || strcasecmp(s, "disabled") == 0;
}

/* "'a b c'" of the words from args[from] on, shortened when long. */
static void
wild_words(const struct conf_node *n, size_t from, char *buf, size_t len)
{
	size_t i, off = 0;
	int w;

	buf[0] = '\0';
	for (i = from; i < n->nargs && off < len; i++) {
		w = snprintf(buf + off, len - off, "%s%s", i > from ? " " : "",
		    n->args[i].s);
		if (w < 0 || (size_t)w >= len - off) {
			snprintf(buf + (len > 4 ? len - 4 : 0), 4, "...");
			return;
		}
		off += w;
	}
}

/* A value after a keyword that takes none: ignored, as keepalived does. */
static void
wild_flag_value(struct conf_ctx *ctx, const struct conf_node *n,
    const char *words, const char *dym)
{
	const char *v = n->args[0].s;
	size_t i;

	if (n->nargs > 1 || !wild_falsy(v)) {
		conf_warning(ctx, &n->args[0].loc, "%s takes no value; '%s' is "
		    "ignored, as keepalived ignores it: %s is on%s", n->kw,
		    words, n->kw, dym);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(wild_opposite); i++)
		if (strcmp(wild_opposite[i].kw, n->kw) == 0) {
			conf_warning(ctx, &n->args[0].loc, "%s takes no value "
			    "and '%s' is ignored, as keepalived ignores it: "
			    "'%s %s' means '%s'; to turn %s %s, write '%s' "
			    "instead", n->kw, v, n->kw, v, n->kw,
			    wild_opposite[i].what,
			    n->kw[0] == 'n' ? "on" : "off",
			    wild_opposite[i].off);
			return;
		}
	conf_warning(ctx, &n->args[0].loc, "%s takes no value and '%s' is "
	    "ignored, as keepalived ignores it: '%s %s' turns %s on; to leave "
	    "it off, remove the line", n->kw, v, n->kw, v, n->kw);
}

int
conf_wild_extra(struct conf_ctx *ctx, const struct conf_kw *kw,
    const struct conf_node *n, int max, const char *dym)
{
	char words[128];
	int min, natmax;

	conf_kw_arity(kw, &min, &natmax);

	if ((kw->flags & CONF_KW_STRICT_ARGS) || kw->type == CONF_T_LIST) {
		if (max == 0)
			conf_error(ctx, &n->args[0].loc, "%s takes no value%s",
			    n->kw, dym);
		else
			conf_error(ctx, &n->args[max].loc, "%s takes %s%d "
			    "value%s; '%s' is one too many%s", n->kw,
			    min < max ? "at most " : "", max,
			    max > 1 ? "s" : "", n->args[max].s, dym);
		return -1;
	}
	wild_words(n, max, words, sizeof(words));
	if (max == 0 && !n->has_block) {
		wild_flag_value(ctx, n, words, dym);
		return 0;
	}
	if (max == 0)
		conf_warning(ctx, &n->args[0].loc, "%s takes no value; %s'%s' "
		    "%s ignored, as keepalived ignores %s%s", n->kw,
		    n->nargs > 1 ? "the words " : "", words,
		    n->nargs > 1 ? "are" : "is", n->nargs > 1 ? "them" : "it",
		    dym);
	else
		conf_warning(ctx, &n->args[max].loc, "%s takes %s%d value%s; "
		    "%s'%s' %s ignored, as keepalived ignores %s%s", n->kw,
		    min < max ? "at most " : "", max,
		    max == 1 ? "" : "s", n->nargs - max > 1 ? "the words " : "",
		    words, n->nargs - max > 1 ? "are" : "is",
		    n->nargs - max > 1 ? "them" : "it", dym);
	return 0;
}

/*
 * A prefix length on an address that takes none ("unicast_src_ip
 * 192.0.2.1/24"): keepalived drops it; so does vigil, with a warning.
 * 0 and *out set, or -1 when s is no address even with a prefix.
 */
int
conf_wild_addr_prefix(struct conf_ctx *ctx, const struct conf_arg *arg,
    const char *what, struct conf_addr *out)
{
	const char *slash = strchr(arg->s, '/');
	struct conf_loc loc = arg->loc;
	char buf[INET6_ADDRSTRLEN];

	if (slash == NULL || conf_addr_from_str(arg->s, true, out) < 0)
		return -1;
	out->has_plen = false;
	out->plen = out->family == AF_INET ? 32 : 128;
	loc.col += slash - arg->s;
	conf_warning(ctx, &loc, "%s takes an address without a prefix "
	    "length; '%s' is ignored, as keepalived ignores it: the address "
	    "is %s", what, slash, inet_ntop(out->family, &out->u, buf,
	    sizeof(buf)) != NULL ? buf : "?");
	return 0;
}

/* The effective body of obj as the dump prints it (malloc'ed); a
 * virtual_server_group's entries when blk is NULL. */
static char *
wild_body(const struct conf_block *blk, const struct conf_obj *obj)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return xstrdup("");
	if (blk != NULL)
		conf_dump_fields(f, blk, obj, 1);
	else
		conf_lvs_group_dump_entries(f,
		    (const struct conf_vs_group *)obj);
	fclose(f);
	return buf;
}

/* Say that later (a second definition of first's name) is ignored. */
static void
wild_dup(struct conf_ctx *ctx, const struct conf_block *blk,
    const char *what, const char *name, const struct conf_obj *first,
    const struct conf_obj *later)
{
	char *a = wild_body(blk, first), *b = wild_body(blk, later);
	const char *file = first->loc.file ? first->loc.file : "?";

	if (strcmp(a, b) == 0)
		conf_warning(ctx, &later->loc, "%s %s is defined again, the "
		    "same as at %s:%u: this one is ignored, as keepalived "
		    "ignores it", what, name, file, first->loc.line);
	else
		conf_warning(ctx, &later->loc, "%s %s is defined again, "
		    "differently from %s:%u: vigil uses the first one, as "
		    "keepalived does, and ignores this one; remove one of "
		    "them, or give this one another name and %s that", what,
		    name, file, first->loc.line, blk != NULL ? "track" : "use");
	free(a);
	free(b);
}

/* For each list: drop every element whose name an earlier one has. */
#define WILD_DUPS(ctx, head, type, blk, what, freefn) do {		\
	type *w_a, *w_b, *w_next;					\
	for (w_b = TAILQ_FIRST(head); w_b != NULL; w_b = w_next) {	\
		w_next = TAILQ_NEXT(w_b, entry);			\
		TAILQ_FOREACH(w_a, head, entry)				\
			if (w_a == w_b ||				\
			    strcmp(w_a->name, w_b->name) == 0)		\
				break;					\
		if (w_a == w_b)						\
			continue;					\
		wild_dup(ctx, blk, what, w_b->name, &w_a->obj, &w_b->obj); \
		TAILQ_REMOVE(head, w_b, entry);				\
		freefn(w_b);						\
	}								\
} while (0)

void
conf_wild_dups(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	WILD_DUPS(ctx, &conf->scripts, struct conf_vrrp_script,
	    &conf_vrrp_script_block, "vrrp_script", conf_vrrp_script_free);
	WILD_DUPS(ctx, &conf->track_files, struct conf_track_file,
	    &conf_track_file_block, "track_file", conf_track_file_free);
	WILD_DUPS(ctx, &conf->track_processes, struct conf_track_process,
	    &conf_track_process_block, "vrrp_track_process",
	    conf_track_process_free);
	WILD_DUPS(ctx, &conf->lvs.groups, struct conf_vs_group, NULL,
	    "virtual_server_group", conf_lvs_group_free);
}

void
conf_wild_forward(struct conf_ctx *ctx, const struct conf_ref *r,
    const char *what)
{
	const struct conf_obj *t = r->target;

	/* Sync groups name instances defined after them: keepalived
	 * resolves those. Across files the order is not compared. */
	if (strcmp(what, "vrrp_instance") == 0 || t == NULL ||
	    t->loc.file == NULL || r->loc.file == NULL ||
	    strcmp(t->loc.file, r->loc.file) != 0 || t->loc.line <= r->loc.line)
		return;
	conf_note(ctx, &r->loc, "%s %s is defined further down, at %s:%u: "
	    "vigil tracks it; keepalived 2.2.7 would ignore this track "
	    "(\"not found, ignoring\"): define it before its first use for "
	    "both to track it", what, r->name, t->loc.file, t->loc.line);
}


void
conf_wild_oneline(struct conf_ctx *ctx, const struct conf_node *n,
    const struct conf_token *t)
{
	if (t->type != CONF_TOK_WORD && t->type != CONF_TOK_STRING)
		return;
	conf_note_many(ctx, &t->loc, "blocks", NULL, "a block's statements "
	    "on the line of its '{' are read as if on lines of their own; "
	    "keepalived 2.2.7 does not read them so (it runs 'authentication "
	    "{ auth_type PASS auth_pass 1111 }' without authentication): give "
	    "each its own line for both to read the same");
}
