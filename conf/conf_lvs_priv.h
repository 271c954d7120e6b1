/* What the files of the LVS configuration (conf_lvs*.c) share. */
#ifndef VIGIL_CONF_LVS_PRIV_H
#define VIGIL_CONF_LVS_PRIV_H

#include "conf/conf.h"
#include "conf/conf_schema.h"

/* Units and keyword shapes of the LVS tables; times are in microseconds. */
#define USEC			1000000
#define TIMER_MAX		(INT64_C(4294967295) * USEC)
#define TIMER(n, f, lo)		{ n, CONF_T_DECIMAL, f, .scale = USEC, \
				  .min = (lo), .max = TIMER_MAX }
/* keepalived keeps connect_timeout in microseconds in an unsigned int */
#define CONNECT_TIMEOUT(f)	{ "connect_timeout", CONF_T_DECIMAL, f, \
				  .scale = USEC, .min = 1, .max = UINT32_MAX }
#define UNSUP(n, a)		{ n, .flags = CONF_KW_UNSUPPORTED, \
				  .max_args = (a) }
#define PERSIST_DEFAULT		360		/* keepalived, ipvsadm */
#define WEIGHT_MAX		INT32_MAX

/* A checker of type t (CONF_CHECK_*), appended to rs's checks
 * (conf_lvs_checker.c). */
struct conf_check *conf_lvs_check_new(struct conf_real_server *rs, int t);

/* Values more than one block reads or prints (conf_lvs_value.c). */
const char *conf_lvs_enum_name(const struct conf_enum *e, int v);
/* A port: a number in [min, 65535] or a service name. */
int	conf_lvs_parse_port(struct conf_ctx *ctx, const struct conf_arg *a,
	    const char *what, int min, int *out);
bool	conf_lvs_addr_equal(const struct conf_addr *a,
	    const struct conf_addr *b);
/* Handlers and dumps of the tables, for odd syntax. */
int	conf_lvs_port_handler(struct conf_ctx *ctx, struct conf_obj *obj,
	    const struct conf_kw *kw, const struct conf_node *n);
void	conf_lvs_dump_port(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
void	conf_lvs_dump_flag(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
void	conf_lvs_dump_timer_always(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
void	conf_lvs_dump_u32_always(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
void	conf_lvs_dump_bool_always(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
/* lvs_method NAT|DR|TUN [type ipip|gue|gre] [port N] [csum] */
int	conf_lvs_forward_handler(struct conf_ctx *ctx, struct conf_obj *obj,
	    const struct conf_kw *kw, const struct conf_node *n);
void	conf_lvs_forward_print(FILE *out, const char *name,
	    const struct conf_lvs_forward *f, int depth);
void	conf_lvs_dump_forward(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);

/* ip_family's names (conf_lvs.c). */
extern const struct conf_enum conf_lvs_family_enums[];

/* real_server (conf_lvs_rs.c). */
extern const struct conf_block conf_lvs_rs_block;
void	conf_lvs_free_rs(struct conf_real_server *rs);

/* The checkers (conf_lvs_checker.c). Every checker type: its keyword, the
 * table it is read with and keepalived's defaults of retry and
 * delay_before_retry (-1: delay_loop). */
struct conf_lvs_check_type {
	const char		*name;
	const struct conf_block	*blk;
	uint32_t		 retry;
	int64_t			 delay_before_retry_us;
	int			 default_port;	/* 0: the real server's only */
};

/* In enum conf_check_type order. */
extern const struct conf_lvs_check_type
    conf_lvs_check_types[CONF_CHECK_BFD + 1];
extern const struct conf_block conf_lvs_tcp_block, conf_lvs_http_block,
    conf_lvs_ssl_get_block, conf_lvs_smtp_block, conf_lvs_dns_block,
    conf_lvs_misc_block, conf_lvs_ping_block, conf_lvs_udp_block,
    conf_lvs_file_block, conf_lvs_bfd_block;
/* conf_lvs_bfd.c: BFD_CHECK's bfd_instance, found by name. */
void	conf_lvs_bfd_resolve(struct conf_ctx *, const struct vigil_conf *,
	    const struct conf_real_server *, struct conf_check *);
/* conf_lvs_file.c: FILE_CHECK's track_file, found by name. */
void	conf_lvs_file_resolve(struct conf_ctx *, struct vigil_conf *,
	    struct conf_check *);
extern const struct conf_block conf_lvs_url_block;	/* url { } */
extern const struct conf_block conf_lvs_host_block;	/* host { } */
void	conf_lvs_free_check(struct conf_check *c);

/* nat_mask of a virtual_server: warned about, no effect
 * (conf_global_lvs.c). */
int	conf_lvs_nat_mask(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);

/* The regex keywords of url { } (conf_lvs_regex.c). */
int	conf_lvs_regex_options(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_lvs_regex_dump_options(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_lvs_regex_stack(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_lvs_regex_dump_stack(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_lvs_regex_max(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_lvs_regex_close(struct conf_ctx *, struct conf_url *);
#define CONF_LVS_REGEX_KWS \
	{ "regex", CONF_T_STRING, CONF_OFF(struct conf_url, regex) }, \
	{ "regex_no_match", CONF_T_FLAG, \
	  CONF_OFF(struct conf_url, regex_no_match) }, \
	{ "regex_options", CONF_T_NONE, .min_args = 1, \
	  .max_args = CONF_ARGS_ANY, .handler = conf_lvs_regex_options, \
	  .dump = conf_lvs_regex_dump_options }, \
	{ "regex_stack", CONF_T_NONE, .min_args = 2, .max_args = 2, \
	  .handler = conf_lvs_regex_stack, \
	  .dump = conf_lvs_regex_dump_stack }, \
	{ "regex_min_offset", CONF_T_U32, \
	  CONF_OFF(struct conf_url, regex_min_offset), .max = UINT32_MAX }, \
	{ "regex_max_offset", CONF_T_U32, \
	  CONF_OFF(struct conf_url, regex_max_offset), .max = UINT32_MAX, \
	  .handler = conf_lvs_regex_max }

#endif
