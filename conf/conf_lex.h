/*
 * The lexer: text to tokens, each with file:line:col. It also does what
 * keepalived does below the grammar: comments, `include` (spliced in where
 * it appears), conditional lines (@id / @^id) and $NAME substitution.
 */
#ifndef VIGIL_CONF_LEX_H
#define VIGIL_CONF_LEX_H

#include <stddef.h>

#include "conf/conf_types.h"

enum conf_tok_type {
	CONF_TOK_WORD,
	CONF_TOK_STRING,	/* "quoted", text without the quotes */
	CONF_TOK_LBRACE,
	CONF_TOK_RBRACE,
	CONF_TOK_EOL,
	CONF_TOK_EOF,
};

struct conf_token {
	enum conf_tok_type type;
	char		*text;		/* NULL for EOL/EOF */
	struct conf_loc	 loc;
};

/* Token texts live in chunks that belong to the array (one malloc per
 * 64 KiB rather than one per word) until conf_tokens_free(). */
struct conf_text_chunk;

struct conf_tokens {
	struct conf_token *v;
	size_t		 n, cap;
	struct conf_text_chunk *texts;
};

struct conf_ctx;

/* Limits that keep hostile input bounded. */
#define CONF_INCLUDE_DEPTH	16
#define CONF_MAX_FILES		10000	/* file reads, includes counted */
#define CONF_MAX_FILE_SIZE	(64u << 20)
#define CONF_MAX_LINE_EXPAND	(64u << 10)
#define CONF_MAX_EXPAND		(4u << 20)
#define CONF_MAX_TOKENS		(8u << 20)

/* Append the tokens of a file (and of what it includes) to out; the last
 * token is always CONF_TOK_EOF. Returns -1 if the file cannot be read. */
int	conf_lex_file(struct conf_ctx *ctx, const char *path,
	    struct conf_tokens *out);
/* Same for a buffer named name; `include` lines are ignored with a
 * warning (a buffer has no directory, and fuzzers must not read files). */
int	conf_lex_buffer(struct conf_ctx *ctx, const char *name, const char *buf,
	    size_t len, struct conf_tokens *out);
void	conf_tokens_free(struct conf_tokens *toks);
const char *conf_tok_name(enum conf_tok_type t);

#endif
