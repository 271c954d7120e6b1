/*
 * conf_schema.h: THE API FOR TABLE AUTHORS.
 *
 * Everything vigil accepts in a configuration file is declared here as
 * data: one table of keywords (struct conf_kw) per block (struct
 * conf_block). The engine (conf_schema.c) walks the parsed tree, looks
 * each keyword up in the table of the block it appears in, checks the
 * number of arguments, converts and range-checks the value and stores it
 * into the block's typed struct at the given offset. Tables are the single
 * source of truth: the parser uses them for arity, `--list-keywords` and
 * the man-page test print them, the dump walks them.
 *
 * How to write a block:
 *
 *   struct conf_foo {
 *           struct conf_obj obj;       // MUST be the first member
 *           TAILQ_ENTRY(conf_foo) entry;
 *           char *name;
 *           int port;
 *           bool enabled;
 *   };
 *
 *   static const struct conf_kw foo_kws[] = {
 *           { "port", CONF_T_INT, CONF_OFF(struct conf_foo, port),
 *             .min = 1, .max = 65535, .def = "80" },
 *           { "enabled", CONF_T_FLAG, CONF_OFF(struct conf_foo, enabled) },
 *           { "old_port", .alias_of = "port" },     // deprecated spelling
 *           { "fancy", .flags = CONF_KW_UNSUPPORTED, .max_args = CONF_ARGS_ANY },
 *           { NULL }
 *   };
 *
 *   const struct conf_block foo_block = {
 *           .name = "foo", .kws = foo_kws,
 *           .size = sizeof(struct conf_foo),
 *           .open = foo_open,        // allocate, link into the parent
 *           .close = foo_close,      // checks once the block is read
 *   };
 *
 * and in the parent's table:
 *   { "foo", CONF_T_BLOCK, .sub = &foo_block, .min_args = 1, .max_args = 1,
 *     .flags = CONF_KW_MULTI }
 *
 * Rules the engine applies for you:
 * - unknown keyword: error with "did you mean" (unless block->unknown
 *   takes it); alias: note naming the current keyword, then handled as it;
 *   CONF_KW_UNSUPPORTED: warning "<kw>: not supported yet, ignored" (its
 *   arguments and block, if any, are skipped).
 * - arity: min_args/max_args. For the typed scalar types a zero max_args
 *   means the natural arity (1 value; 0 for CONF_T_FLAG; 0-1 for
 *   CONF_T_BOOL; 1-any for CONF_T_CMD).
 * - an argument written as a placeholder ("<ip>") is an error.
 * - a keyword given twice in one block: warning, the last one wins (except
 *   with CONF_KW_MULTI).
 * - defaults: when a block opens, every keyword with .def is applied as if
 *   written (without marking it "given"). .def is text in the keyword's own
 *   syntax, so the dump and the man page show the same value.
 * - the keyword's index in its table marks obj->set (conf_kw_given()).
 * - dump: conf_dump_fields() prints every keyword that is given or has a
 *   default (or CONF_KW_DUMP_ALWAYS), in table order, in canonical syntax;
 *   a keyword with .dump prints itself (lists, sub-blocks, odd syntax).
 * - one line, several statements: after a known keyword has its minimum
 *   arguments, a keyword of the same block on the same line starts the
 *   next statement ("auth_type PASS auth_pass 1111"), except inside an
 *   unquoted CONF_T_CMD, which runs to the end of the line.
 * - lists (CONF_T_LIST): each line of the block is offered to
 *   .sub->entry, repeatedly, until its words are used up; without
 *   .sub->open the entry gets the parent object plus the keyword's .off.
 *
 * Cross-references between blocks (names used before they are defined)
 * belong to a check pass run once everything is read (conf_vrrp_check,
 * conf_lvs_check); struct conf_names below indexes names for it.
 * Values that default to other values (a global setting) are filled in
 * there too, and printed with CONF_KW_DUMP_ALWAYS.
 */
#ifndef VIGIL_CONF_SCHEMA_H
#define VIGIL_CONF_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/conf.h"
#include "conf/conf_tree.h"

struct conf_ctx;
struct conf_block;
struct conf_kw;

/* Tables name the fields they use and leave the others zero; -Wextra's
 * complaint about positional initialisers with omitted fields is noise
 * for them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* How a keyword's value is converted and stored (field type in brackets). */
enum conf_type {
	CONF_T_NONE,	/* nothing stored; use .handler for custom work */
	CONF_T_INT,	/* [int] decimal integer in [min, max] */
	CONF_T_U32,	/* [uint32_t] unsigned, hex allowed, in [min, max] */
	CONF_T_DECIMAL,	/* [int64_t] fixed point: value * scale, in [min, max]
			 * (both already scaled); "1.5" with scale 100 = 150 */
	CONF_T_FLAG,	/* [bool] no argument: presence sets true */
	CONF_T_BOOL,	/* [bool] optional yes/no/true/false/on/off/1/0,
			 * no argument = true */
	CONF_T_ENUM,	/* [int] one of .enums (case-insensitive); a misspelt
			 * value warns with a suggestion and stores .fallback,
			 * or is an error when .fallback is CONF_NO_FALLBACK */
	CONF_T_STRING,	/* [char *] one word or quoted string (owned) */
	CONF_T_CMD,	/* [char *] command line: one quoted string or the
			 * words up to the end of line, joined by spaces;
			 * with .user_off, words after a quoted command are
			 * "user [group]" (keepalived's notify syntax) */
	CONF_T_PATH,	/* [char *] one file name */
	CONF_T_IFNAME,	/* [char *] network interface name (syntax checked;
			 * existence is checked by the block's close hook) */
	CONF_T_IP,	/* [struct conf_addr] IPv4/IPv6 address, no prefix */
	CONF_T_PREFIX,	/* [struct conf_addr] address with optional /len */
	CONF_T_BLOCK,	/* sub-block { } described by .sub */
	CONF_T_LIST,	/* block of free-form entry lines, parsed by
			 * .sub->entry (virtual_ipaddress, track_script ...) */
};

/* keyword flags */
#define CONF_KW_UNSUPPORTED	0x01	/* accepted, warned, ignored */
#define CONF_KW_MULTI		0x02	/* may appear more than once */
#define CONF_KW_HIDDEN		0x04	/* not printed by conf_schema_list */
#define CONF_KW_NODUMP		0x08	/* conf_dump_fields skips it */
#define CONF_KW_DUMP_ALWAYS	0x10	/* dumped even when neither given nor
					 * defaulted (value derived by a hook) */
#define CONF_KW_STRICT_ARGS	0x20	/* words after max_args are an error
					 * (keepalived refuses them too); else
					 * they are ignored with a warning */

/* block flags */
#define CONF_BLK_SINGLETON	0x01	/* open() returns an object that exists
					 * already (global_defs): no defaults
					 * are applied when it opens again */

#define CONF_ARGS_ANY		1000
#define CONF_NO_FALLBACK	(-1)
#define CONF_OFF(type, member)	offsetof(type, member)

struct conf_enum {
	const char	*name;		/* canonical spelling, as dumped */
	int		 value;
};

/*
 * A custom handler gets the object, the keyword and the node (keyword,
 * args with locations, block). It reports problems itself with
 * conf_error()/conf_warning() and returns 0 or -1. A keyword written in
 * the block is marked given either way (conf_load fails on any error).
 */
typedef int (*conf_handler_fn)(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *node);
/* Prints the keyword's lines (indent with conf_dump_indent(out, depth)). */
typedef void (*conf_dump_fn)(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth);

struct conf_kw {
	const char	*name;
	enum conf_type	 type;
	size_t		 off;		/* offset of the field in the block's struct
					 * (LIST: of what .sub->entry gets) */
	int64_t		 min, max;	/* range for INT/U32/DECIMAL (min == max == 0:
					 * no range check) */
	int		 scale;		/* DECIMAL: units per 1 (10, 100, 1000000) */
	const struct conf_enum *enums;	/* ENUM: { NULL } terminated */
	int		 fallback;	/* ENUM: value stored for a misspelt one */
	const char	*def;		/* default, in the keyword's own syntax */
	const char	*alias_of;	/* deprecated: name of the current keyword */
	unsigned	 flags;		/* CONF_KW_* */
	int		 min_args, max_args;
	conf_handler_fn	 handler;	/* runs after the typed store (or alone for
					 * CONF_T_NONE) */
	conf_dump_fn	 dump;		/* replaces the generic dump */
	const struct conf_block *sub;	/* BLOCK and LIST */
	size_t		 user_off;	/* CMD, PATH: char * for "user [group]"
					 * (after a quoted command, after the
					 * path), 0: none */
	const char	*inert;		/* read and checked, not acted on yet: the
					 * warning's text (CONF_INERT_*) */
	const char	*differs;	/* deliberately different: accepted, noted
					 * "KW: TEXT" (what vigil offers instead),
					 * nothing stored; see CONF_DIFFERS */
};

/*
 * .differs: keepalived keywords vigil will not implement because it offers
 * something else for the same need (D-Bus: the control socket; iptables
 * and ipsets: its own nftables table). Arity is checked as for any
 * keyword, then one note per use says what to use instead; nothing is
 * stored or dumped. vigil.conf(5) lists each under MIGRATING FROM
 * KEEPALIVED, "Deliberately different" (test/man checks it).
 */
#define CONF_DIFFERS(n, lo, hi, text) \
	{ n, CONF_T_NONE, .min_args = (lo), .max_args = (hi), \
	  .flags = CONF_KW_NODUMP, .differs = (text) }
/* A deliberately different block NAME { ... }: its body is not read
 * (conf_differs_block has no keywords; the note returns first). */
#define CONF_DIFFERS_BLOCK(n, text) \
	{ n, CONF_T_BLOCK, .sub = &conf_differs_block, .min_args = 1, \
	  .max_args = 1, .flags = CONF_KW_NODUMP | CONF_KW_MULTI, \
	  .differs = (text) }
extern const struct conf_block conf_differs_block;
#define CONF_DIFFERS_TRACK_BFD	"keepalived 2.2.7 has no such block (its " \
	"parser calls it an unknown keyword); BFD sessions are bfd_instance " \
	"blocks, tracked with track_bfd in a vrrp_instance or " \
	"vrrp_sync_group; this block and its body are not used"
#define CONF_DIFFERS_DBUS	"vigil has no D-Bus interface, by design; " \
	"`vigilctl status --json`, `vigilctl events` and the control socket " \
	"give the states and transitions D-Bus would; nothing else is done"
#define CONF_DIFFERS_IPTABLES	"vigil uses no iptables chains or ipsets, " \
	"by design: no_accept drops traffic with an nftables table of its own " \
	"(inet vigil, or the one `nftables` names); chain and set names, if any, are not used"

/*
 * .inert: keywords read and checked in full whose runtime (scripts,
 * notifications, IPVS, static addresses) comes later. Each use is warned
 * "KW: TEXT", never silent, so
 * that nobody runs vigil believing a health check or a notify script is
 * in place. Drop the field when the feature lands.
 */
#define CONF_INERT	"not supported yet: read and checked, not acted on"

struct conf_block {
	const char	*name;		/* as written, for messages and the list */
	const struct conf_kw *kws;	/* { NULL } terminated */
	size_t		 size;		/* size of the struct open() allocates */
	unsigned	 flags;		/* CONF_BLK_* */
	/*
	 * open: create the object for a block, link it into parent (the
	 * enclosing object; for top-level blocks the struct vigil_conf, whose
	 * first member is a struct conf_obj) and return it. The engine then
	 * applies defaults, the body, and close(). NULL open: the parent
	 * object itself is used (lists stored in the parent). Return NULL to
	 * skip the block (after reporting why).
	 */
	struct conf_obj	*(*open)(struct conf_ctx *ctx, struct conf_obj *parent,
			    const struct conf_node *node);
	/* close: checks that need the whole block (ranges that depend on
	 * each other, required keywords). Cross-references between blocks
	 * belong to the check pass (conf_vrrp_check, conf_lvs_check). */
	void		 (*close)(struct conf_ctx *ctx, struct conf_obj *obj);
	/* entry (LIST blocks): parse one entry starting at args[0] into obj,
	 * which is the open()ed object or, without open(), the parent object
	 * plus the keyword's .off (point .off at the list head); return
	 * how many args it used (>= 1), or -1 after reporting an error (the
	 * rest of the line is skipped). The engine calls it again on the
	 * remaining args of the line, so one line may hold several entries. */
	int		 (*entry)(struct conf_ctx *ctx, struct conf_obj *obj,
			    const struct conf_arg *args, size_t nargs);
	/* unknown: offered keywords the table does not know, before the
	 * "unknown keyword" error; return 1 if taken, 0 if not. */
	int		 (*unknown)(struct conf_ctx *ctx, struct conf_obj *obj,
			    const struct conf_node *node);
};

/* Load context: handed to every hook. */
struct conf_ctx {
	const struct conf_load_opts *opts;
	struct vigil_conf *conf;
	unsigned	 errors;
	unsigned	 warnings;
	unsigned	 depth;		/* block nesting while applying */
	char		 hostname[256];	/* default config id */
	struct conf_diags *held;	/* NULL: diagnostics given at once */
};

/* --- diagnostics: "file:line:col: error|warning|note: message" --- */
void	conf_error(struct conf_ctx *ctx, const struct conf_loc *loc,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	conf_warning(struct conf_ctx *ctx, const struct conf_loc *loc,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	conf_note(struct conf_ctx *ctx, const struct conf_loc *loc,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same for what is said once per object: group is the text shared
 * by all of them (NULL: the message), unit what they are counted in
 * ("uses", "vrrp_instances"). The first occurrence reads as fmt says;
 * from the second, conf_diag_flush() prints one line instead,
 * "group (N unit; the first here)" at the first one's place. */
void	conf_warning_many(struct conf_ctx *ctx, const struct conf_loc *loc,
	    const char *unit, const char *group, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
void	conf_note_many(struct conf_ctx *ctx, const struct conf_loc *loc,
	    const char *unit, const char *group, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* Hold diagnostics from now on (errors in full, repeated warnings and
 * notes counted) until conf_diag_flush() gives them out, in the order
 * first made, through opts->diag or in one write to stderr. */
void	conf_diag_hold(struct conf_ctx *ctx);
/* Pass 1: what is said from now on is given out after everything said
 * in pass 0 (reading), whatever the order it was said in. */
void	conf_diag_pass(struct conf_ctx *ctx, int pass);
void	conf_diag_flush(struct conf_ctx *ctx);
/* Closest of names[0..n) to word, or NULL when none is close enough. */
const char *conf_suggest(const char *word, const char *const *names, size_t n);
/* "; did you mean 'x'?" or "" — for appending to a message. A static
 * buffer: use it once per message. */
const char *conf_did_you_mean(const char *word, const char *const *names,
	    size_t n);

/* --- the engine --- */
/* Apply the statements of node's block (or the top-level list) to obj. */
void	conf_apply_block(struct conf_ctx *ctx, const struct conf_block *blk,
	    struct conf_obj *obj, const struct conf_node *first);
/* Apply one statement n (keyword, args, block) to obj as if written in
 * blk: for a keyword that belongs to an enclosing block. */
void	conf_apply_stmt(struct conf_ctx *ctx, const struct conf_block *blk,
	    struct conf_obj *obj, const struct conf_node *n);
/* Open, default, fill and close a sub-block: what CONF_T_BLOCK does. */
struct conf_obj *conf_apply_sub(struct conf_ctx *ctx,
	    const struct conf_block *blk, struct conf_obj *parent,
	    const struct conf_node *node);
const struct conf_kw *conf_kw_find(const struct conf_block *blk,
	    const char *name);
/* Whether the keyword `name` of blk was written in obj's block. */
bool	conf_kw_given(const struct conf_block *blk, const struct conf_obj *obj,
	    const char *name);
/* Apply the defaults of blk to obj (done by conf_apply_sub). */
void	conf_apply_defaults(struct conf_ctx *ctx, const struct conf_block *blk,
	    struct conf_obj *obj);
/* Free the char * fields the table stores (STRING, CMD, PATH, IFNAME). */
void	conf_free_fields(const struct conf_block *blk, struct conf_obj *obj);

/* --- value parsers, for handlers and entry parsers (0 ok, -1 error
 * already reported at arg->loc; what names the value in messages) --- */
int	conf_parse_int(struct conf_ctx *ctx, const struct conf_arg *arg,
	    const char *what, int64_t min, int64_t max, int64_t *out);
int	conf_parse_decimal(struct conf_ctx *ctx, const struct conf_arg *arg,
	    const char *what, int scale, int64_t min, int64_t max,
	    int64_t *out);
int	conf_parse_addr(struct conf_ctx *ctx, const struct conf_arg *arg,
	    const char *what, bool allow_prefix, struct conf_addr *out);
/* Without diagnostics: 0 when s is an address (with /len if allowed). */
int	conf_addr_from_str(const char *s, bool allow_prefix,
	    struct conf_addr *out);
int	conf_check_ifname(struct conf_ctx *ctx, const struct conf_arg *arg);
/* Placeholder such as "<ip>": error and -1. */
int	conf_check_placeholder(struct conf_ctx *ctx, const struct conf_arg *arg);
/* Join args into one command line (quoted single arg: its text). */
char	*conf_join_args(const struct conf_arg *args, size_t nargs);

/* --- name index for the check passes (conf_names.c) ---
 * Keys are not copied: they must outlive the table. Zero-initialise. */
struct conf_names_slot {
	const char	*name;
	void		*value;
};
struct conf_names {
	struct conf_names_slot *slots;
	size_t		 n, cap;
};
void	*conf_names_get(const struct conf_names *t, const char *name);
/* Adds name; returns NULL, or the value already there (nothing added). */
void	*conf_names_put(struct conf_names *t, const char *name, void *value);
/* malloc'ed array of the keys (for conf_did_you_mean), *n of them. */
const char **conf_names_keys(const struct conf_names *t, size_t *n);
void	conf_names_free(struct conf_names *t);

/* --- dump helpers --- */
void	conf_dump_indent(FILE *out, int depth);
/* Whether s must be quoted to read back as one word. */
bool	conf_str_needs_quotes(const char *s);
/* Print s as one word, quoted when it needs to be. */
void	conf_dump_str(FILE *out, const char *s);
void	conf_dump_addr(FILE *out, const struct conf_addr *a);
const char *conf_addr_str(const struct conf_addr *a, char *buf, size_t len);
void	conf_dump_decimal(FILE *out, int64_t v, int scale);
const char *conf_decimal_str(int64_t v, int scale, char *buf, size_t len);
/* .dump for a CONF_T_CMD keyword holding plain words (user [group]). */
void	conf_dump_words(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
/* Generic dump of every given-or-defaulted keyword of blk for obj. */
void	conf_dump_fields(FILE *out, const struct conf_block *blk,
	    const struct conf_obj *obj, int depth);

/* --- listing (--list-keywords) --- */
void	conf_schema_list_block(FILE *out, const struct conf_block *blk,
	    const char *path);

#endif
