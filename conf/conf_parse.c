/*
 * The parser: tokens to the generic tree, one top-level statement at a
 * time. The grammar is made of tokens, not lines, so a block written on
 * one line means the same as written over several. The schema is
 * consulted only for two things: how many arguments a known keyword takes
 * (a known keyword of the same block after them on the same line starts a
 * new statement: "auth_type PASS auth_pass 1111"), and which blocks hold
 * free-form entry lines (virtual_ipaddress ...).
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_lex.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"
#include "conf/conf_tree.h"

#define CONF_MAX_NESTING	32

struct parser {
	struct conf_ctx	*ctx;
	const struct conf_tokens *t;
	size_t		 i;
	unsigned	 depth;
};

static struct conf_node *parse_block(struct parser *p,
    const struct conf_block *blk, const struct conf_loc *open);

static const struct conf_token *
peek(const struct parser *p)
{
	return &p->t->v[p->i];
}

static void
advance(struct parser *p)
{
	if (p->t->v[p->i].type != CONF_TOK_EOF)
		p->i++;
}

static bool
is_value(const struct conf_token *t)
{
	return t->type == CONF_TOK_WORD || t->type == CONF_TOK_STRING;
}

static void
push_arg(struct conf_node *n, const struct conf_token *t)
{
	if ((n->nargs & (n->nargs - 1)) == 0 || n->nargs == 0)
		n->args = xreallocarray(n->args, n->nargs ? n->nargs * 2 : 1,
		    sizeof(*n->args));
	n->args[n->nargs].s = t->text;
	n->args[n->nargs].loc = t->loc;
	n->args[n->nargs].quoted = t->type == CONF_TOK_STRING;
	n->nargs++;
}

/* Skip a block whose '{' was just consumed, without recursion. */
static void
skip_block(struct parser *p)
{
	unsigned level = 1;

	while (level > 0 && peek(p)->type != CONF_TOK_EOF) {
		if (peek(p)->type == CONF_TOK_LBRACE)
			level++;
		else if (peek(p)->type == CONF_TOK_RBRACE)
			level--;
		advance(p);
	}
}

/* Entry lines of a list block, up to its '}'. */
static struct conf_node *
parse_list(struct parser *p, const struct conf_loc *open)
{
	struct conf_node *head = NULL, **tail = &head, *n;
	const struct conf_token *t;

	for (;;) {
		t = peek(p);
		switch (t->type) {
		case CONF_TOK_EOL:
			advance(p);
			continue;
		case CONF_TOK_EOF:
			conf_error(p->ctx, open, "missing '}' for this '{'");
			return head;
		case CONF_TOK_RBRACE:
			advance(p);
			return head;
		case CONF_TOK_LBRACE:
			conf_error(p->ctx, &t->loc, "unexpected '{' in a list "
			    "of entries");
			advance(p);
			skip_block(p);
			continue;
		default:
			break;
		}
		n = xcalloc(1, sizeof(*n));
		n->loc = t->loc;
		while (is_value(peek(p))) {
			push_arg(n, peek(p));
			advance(p);
		}
		*tail = n;
		tail = &n->next;
	}
}

/*
 * Whether token t, on the line of statement n of known keyword kw, starts
 * a new statement: it is a keyword of the same block and n has the
 * arguments it needs. An unquoted command takes the rest of the line, as
 * in keepalived ("script /bin/pgrep -x nginx"); a quoted one ends there.
 */
static bool
ends_stmt(const struct conf_block *blk, const struct conf_kw *kw,
    const struct conf_node *n, int min, int max, const struct conf_token *t)
{
	if (t->type != CONF_TOK_WORD || n->nargs < (size_t)min ||
	    conf_kw_find(blk, t->text) == NULL)
		return false;
	if (n->nargs >= (size_t)max)
		return true;
	return !(kw->type == CONF_T_CMD && n->nargs > 0 && !n->args[0].quoted);
}

static bool
same_file(const struct conf_loc *a, const struct conf_loc *b)
{
	return a->file == b->file || (a->file != NULL && b->file != NULL &&
	    strcmp(a->file, b->file) == 0);
}

/* Whether a block of kw may open on a later line (NULL: unknown keyword,
 * whose block is then skipped with it). */
static bool
opens_block(const struct conf_kw *kw)
{
	return kw == NULL || kw->type == CONF_T_BLOCK ||
	    kw->type == CONF_T_LIST || (kw->flags & CONF_KW_UNSUPPORTED);
}

/*
 * keepalived takes a '{' at the start of a later line as the block of the
 * keyword before it ("vrrp_instance VI_1" then "{"), blank and comment
 * lines between: step over the ends of line up to such a '{'.
 */
static void
skip_to_brace(struct parser *p)
{
	size_t j = p->i;

	while (p->t->v[j].type == CONF_TOK_EOL)
		j++;
	if (j > p->i && p->t->v[j].type == CONF_TOK_LBRACE)
		p->i = j;
}

/* Keyword and arguments, then a block if '{' follows (on this line or,
 * for a keyword that opens one, on a later line). */
static struct conf_node *
parse_stmt(struct parser *p, const struct conf_block *blk)
{
	const struct conf_token *t = peek(p);
	const struct conf_kw *kw = NULL;
	struct conf_node *n = xcalloc(1, sizeof(*n));
	int min, max = CONF_ARGS_ANY;

	n->kw = t->text;
	n->loc = t->loc;
	advance(p);
	if (blk != NULL && (kw = conf_kw_resolve(blk, n->kw)) != NULL)
		conf_kw_arity(kw, &min, &max);
	while (is_value(peek(p))) {
		t = peek(p);
		if (kw != NULL && ends_stmt(blk, kw, n, min, max, t))
			break;
		push_arg(n, t);
		advance(p);
	}
	if (opens_block(kw))
		skip_to_brace(p);
	if (peek(p)->type != CONF_TOK_LBRACE)
		return n;
	n->has_block = true;
	n->block_loc = peek(p)->loc;
	advance(p);
	if (kw == NULL || kw->type != CONF_T_LIST)
		conf_wild_oneline(p->ctx, n, peek(p));
	if (p->depth >= CONF_MAX_NESTING) {
		conf_error(p->ctx, &n->block_loc, "blocks nested more than %d "
		    "deep", CONF_MAX_NESTING);
		skip_block(p);
		return n;
	}
	p->depth++;
	if (kw != NULL && kw->type == CONF_T_LIST &&
	    !(kw->flags & CONF_KW_UNSUPPORTED))
		n->child = parse_list(p, &n->block_loc);
	else
		n->child = parse_block(p, kw != NULL ? kw->sub : NULL,
		    &n->block_loc);
	p->depth--;
	return n;
}

/* What the '{' error needs of the statement before it, which may be
 * freed by then (conf_parse_each). */
struct prev_stmt {
	const char	*kw;		/* NULL: none, or an entry line */
	struct conf_loc	 loc;
	bool		 has_block;
};

/* A '{' where no statement opens a block: report it, skip its block. */
static void
stray_brace(struct parser *p, const struct prev_stmt *last,
    const struct conf_token *t)
{
	struct conf_loc at = t->loc;

	/* The statement's file too when it is another one (an include's
	 * last line). */
	if (last->kw != NULL && !last->has_block)
		conf_error(p->ctx, &at, "unexpected '{': %s (%s%s%u) does "
		    "not open a block", last->kw, same_file(&last->loc, &at) ?
		    "line " : last->loc.file, same_file(&last->loc, &at) ?
		    "" : ":", last->loc.line);
	else
		conf_error(p->ctx, &at, "unexpected '{' (no keyword before "
		    "it)");
	advance(p);
	skip_block(p);
}

/* The next statement of the block open (top level: NULL), or NULL at
 * its '}' (or EOF). */
static struct conf_node *
parse_next(struct parser *p, const struct conf_block *blk,
    const struct conf_loc *open, struct prev_stmt *last)
{
	const struct conf_token *t;
	struct conf_node *n;

	for (;;) {
		t = peek(p);
		switch (t->type) {
		case CONF_TOK_EOL:
			advance(p);
			continue;
		case CONF_TOK_EOF:
			if (open != NULL)
				conf_error(p->ctx, open, "missing '}' for "
				    "this '{'");
			return NULL;
		case CONF_TOK_RBRACE:
			advance(p);
			if (open != NULL)
				return NULL;
			conf_error(p->ctx, &t->loc, "unexpected '}'");
			continue;
		case CONF_TOK_LBRACE:
			stray_brace(p, last, t);
			continue;
		default:
			break;
		}
		n = parse_stmt(p, blk);
		last->kw = n->kw;
		last->loc = n->loc;
		last->has_block = n->has_block;
		return n;
	}
}

/* Statements up to the '}' matching open (or to EOF at top level). */
static struct conf_node *
parse_block(struct parser *p, const struct conf_block *blk,
    const struct conf_loc *open)
{
	struct conf_node *head = NULL, **tail = &head, *n;
	struct prev_stmt last = { 0 };

	while ((n = parse_next(p, blk, open, &last)) != NULL) {
		*tail = n;
		tail = &n->next;
	}
	return head;
}

void
conf_parse_each(struct conf_ctx *ctx, const struct conf_tokens *toks,
    const struct conf_block *blk,
    void (*fn)(struct conf_ctx *, const struct conf_node *, void *),
    void *arg)
{
	struct parser p = { .ctx = ctx, .t = toks };
	struct prev_stmt last = { 0 };
	struct conf_node *n;

	if (toks->n == 0)
		return;
	while ((n = parse_next(&p, blk, NULL, &last)) != NULL) {
		fn(ctx, n, arg);
		conf_tree_free(n);
	}
}

void
conf_tree_free(struct conf_node *n)
{
	struct conf_node *next;

	for (; n != NULL; n = next) {
		next = n->next;
		conf_tree_free(n->child);
		free(n->args);
		free(n);
	}
}
