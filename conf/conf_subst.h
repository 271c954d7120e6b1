/*
 * keepalived's parameter substitution, used by the lexer:
 * "$NAME=value" defines (value may continue over lines ending in '\'),
 * "$NAME" followed by white space or the end of line, and "${NAME}"
 * anywhere, are replaced by the value at the time of use. Undefined names
 * stay as written ('$' is common in passwords and scripts).
 */
#ifndef VIGIL_CONF_SUBST_H
#define VIGIL_CONF_SUBST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf_types.h"

struct conf_ctx;

struct conf_def {
	char		*name;
	char		*value;
};

struct conf_defs {
	struct conf_def	*v;
	size_t		 n;
	size_t		 expanded;	/* bytes made so far, bounded */
	uint64_t	 rnd;		/* ${_RANDOM}'s generator; 0: unseeded */
	char		 rnd_text[24];	/* its last value */
};

#define CONF_MAX_DEFS		1024
#define CONF_SUBST_DEPTH	8

/* If [p, end) is a definition "$NAME=value", return the length of NAME
 * (which starts at p + 1) and the value, trimmed, in [*val, *vend). */
size_t	conf_subst_is_def(const char *p, const char *end, const char **val,
	    const char **vend);
/* Define or redefine name (nlen bytes); takes value. */
void	conf_subst_define(struct conf_ctx *ctx, struct conf_defs *defs,
	    const char *name, size_t nlen, char *value,
	    const struct conf_loc *loc);
/* [p, end) with definitions replaced (one level), NUL-terminated, length
 * in *outlen; NULL when nothing was replaced or on error (reported). */
char	*conf_subst_expand(struct conf_ctx *ctx, struct conf_defs *defs,
	    const char *p, const char *end, const struct conf_loc *loc,
	    size_t *outlen);
void	conf_subst_free(struct conf_defs *defs);
/* The value of name, or NULL. */
const char *conf_subst_get(struct conf_defs *defs, const char *name);
/* Seed ${_RANDOM} (global_defs' random_seed), for repeatable values;
 * unseeded, it starts from the time and the process id. */
void	conf_subst_seed(struct conf_defs *defs, uint64_t seed);
/* Define _INSTANCE, _HASH and _BANG (keepalived's pre-defined names;
 * _PWD is set by the lexer for each file; ${_RANDOM [MIN [MAX]]}, a
 * number from MIN (0) to MAX (32767), is made at each use). */
void	conf_subst_predefine(struct conf_ctx *ctx, struct conf_defs *defs,
	    const char *instance);

/*
 * Repetition lines: "~SEQ(var, [start,] [step,] end) rest",
 * "~SEQx(...)" (values in hexadecimal) and
 * "~LST(var, v1, v2, ...)" or "~LST({a, b}, {1, 2}, {3, 4}) rest":
 * rest is read once per value, with the variables defined.
 */
#define CONF_LOOP_VARS		8
#define CONF_MAX_LOOP		65536	/* values of one loop */
#define CONF_MAX_LOOP_ARGS	1024	/* values written in one ~LST */

struct conf_loop {
	char		*names[CONF_LOOP_VARS];
	size_t		 nnames;
	char		**values;	/* niter rows of nnames values */
	size_t		 niter;
	const char	*rest;		/* the rest of the line */
};

/* 1: [p, end) is a loop, out filled; 0: not a loop; -1: bad loop
 * (reported at loc). */
int	conf_subst_loop(struct conf_ctx *ctx, const char *p, const char *end,
	    const struct conf_loc *loc, struct conf_loop *out);
void	conf_subst_loop_free(struct conf_loop *loop);

#endif
