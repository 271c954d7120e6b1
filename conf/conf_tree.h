/*
 * The generic configuration tree: what the parser makes of the tokens
 * before the schema gives it meaning. A statement is a keyword, its
 * arguments (each with its location) and an optional block of statements.
 * Strings point into the tokens' texts and live until conf_load() returns.
 */
#ifndef VIGIL_CONF_TREE_H
#define VIGIL_CONF_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf_types.h"

struct conf_arg {
	const char	*s;
	struct conf_loc	 loc;
	bool		 quoted;	/* written as "..." */
};

struct conf_node {
	/* Keyword; NULL for an entry line of a list block, whose words are
	 * all in args. */
	const char	*kw;
	struct conf_loc	 loc;
	struct conf_arg	*args;
	size_t		 nargs;
	bool		 has_block;
	struct conf_loc	 block_loc;	/* of the '{' */
	struct conf_node *child;	/* first statement of the block */
	struct conf_node *next;		/* next statement of the same block */
};

struct conf_tokens;
struct conf_ctx;
struct conf_block;

/* Build the tree of the top-level block blk from toks one top-level
 * statement at a time: fn gets each, which is freed when fn returns, so
 * that no more than one statement's tree is held. Syntax errors are
 * reported through ctx; the tree holds whatever could be recovered. */
void	conf_parse_each(struct conf_ctx *ctx, const struct conf_tokens *toks,
	    const struct conf_block *blk,
	    void (*fn)(struct conf_ctx *, const struct conf_node *, void *),
	    void *arg);
void	conf_tree_free(struct conf_node *n);

#endif
