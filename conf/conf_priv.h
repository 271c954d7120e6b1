/* conf/ internals shared between the lexer, parser, engine and modules. */
#ifndef VIGIL_CONF_PRIV_H
#define VIGIL_CONF_PRIV_H

#include "conf/conf_schema.h"

/* A copy of name owned by the configuration, for conf_loc.file. */
const char *conf_intern_file(struct conf_ctx *ctx, const char *name);
/* opts->config_id, or the short host name. */
const char *conf_config_id(struct conf_ctx *ctx);
/* conf_kw_find, following a deprecated alias to its current keyword. */
const struct conf_kw *conf_kw_resolve(const struct conf_block *blk,
	    const char *name);
/* Effective argument counts of kw (natural arity of its type when the
 * table leaves max_args at 0). */
void	conf_kw_arity(const struct conf_kw *kw, int *min, int *max);

/* Keepalived's lenience (conf_wild.c). Words after the last of kw's max
 * values: a warning saying they are ignored and 0, or an error and -1
 * (CONF_KW_STRICT_ARGS, list blocks). dym: "; did you mean" or "". */
int	conf_wild_extra(struct conf_ctx *ctx, const struct conf_kw *kw,
	    const struct conf_node *n, int max, const char *dym);

/* arg is an address with a prefix length where none is taken: warn, drop
 * the prefix, 0; -1 (nothing said) when it is no address at all. */
int	conf_wild_addr_prefix(struct conf_ctx *ctx, const struct conf_arg *arg,
	    const char *what, struct conf_addr *out);

/* A vrrp_script, track_file, vrrp_track_process or virtual_server_group
 * defined again under
 * one name: keepalived uses the first; the others are dropped here, with
 * a warning saying whether their bodies differ. Before the check pass. */
void	conf_wild_dups(struct conf_ctx *ctx, struct vigil_conf *conf);
void	conf_vrrp_script_free(struct conf_vrrp_script *s);
void	conf_track_file_free(struct conf_track_file *f);
void	conf_track_process_free(struct conf_track_process *p);
struct conf_vs_group;
void	conf_lvs_group_free(struct conf_vs_group *g);
void	conf_lvs_group_dump_entries(FILE *out, const struct conf_vs_group *g);

/* r (resolved) refers to a script, file or process defined further down
 * its file: keepalived 2.2.7 drops such a track; a note says so. */
void	conf_wild_forward(struct conf_ctx *ctx, const struct conf_ref *r,
	    const char *what);

struct conf_token;
/* t follows the '{' of n's block (not a list's): a note when it is a
 * statement on the '{' line, which keepalived 2.2.7 does not read as
 * vigil does. */
void	conf_wild_oneline(struct conf_ctx *ctx, const struct conf_node *n,
	    const struct conf_token *t);

/* The top-level block. */
extern const struct conf_block conf_root_block;

/* Per-module hooks called by conf.c. */
void	conf_global_init(struct conf_ctx *ctx, struct vigil_conf *conf);
void	conf_global_finish(struct conf_ctx *ctx, struct vigil_conf *conf);
void	conf_global_dump(const struct vigil_conf *conf, FILE *out);
void	conf_global_free(struct vigil_conf *conf);
extern const struct conf_block conf_global_block;

void	conf_vrrp_check(struct conf_ctx *ctx, struct vigil_conf *conf);
/* AF_INET or AF_INET6: what vi speaks (conf_vrrp_check.c). */
int	conf_vrrp_family(const struct conf_vrrp_instance *vi);
/* E-mail alerts: lengths, each instance's and sync group's smtp_alert
 * (defaults resolved), whether any mail can be sent (conf_mail.c). */
void	conf_mail_check(struct conf_ctx *ctx, struct vigil_conf *conf);
void	conf_vrrp_dump(const struct vigil_conf *conf, FILE *out);
void	conf_vrrp_free(struct vigil_conf *conf);
extern const struct conf_block conf_vrrp_instance_block;
extern const struct conf_block conf_vrrp_script_block;
extern const struct conf_block conf_sync_group_block;
extern const struct conf_block conf_track_file_block;
extern const struct conf_block conf_track_process_block;

/* List blocks shared by the VRRP tables (conf_vrrp_list.c). Their
 * entries go to the list at the keyword's .off. */
extern const struct conf_block conf_vip_block;	/* struct conf_vip_list */
extern const struct conf_block conf_peer_block;	/* struct conf_vip_list */
extern const struct conf_block conf_route_block; /* struct conf_route_list */
extern const struct conf_block conf_ref_block;	/* struct conf_ref_list */
extern const struct conf_block conf_ifref_block; /* same, interface names */
extern const struct conf_block conf_wref_block; /* same, weights to 254 */
extern const struct conf_block conf_name_block;	/* same, names only */
/* linkbeat_use_polling's handler and linkbeat_interfaces' entries: a
 * note that link state comes from netlink (conf_linkbeat.c). */
int	conf_linkbeat_polling(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
extern const struct conf_block conf_linkbeat_block;
/* timer_expired_backup [PRIORITY] of a vrrp_instance. */
int	conf_timer_expired(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_timer_expired_dump(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
struct conf_vrrp_instance;
void	conf_timer_expired_check(struct conf_ctx *,
	    struct conf_vrrp_instance *);
/* notify_deleted [SCRIPT [user [group]]] of a vrrp_instance and of a
 * vrrp_sync_group (conf_notify_deleted.c). */
int	conf_notify_deleted(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_notify_deleted_dump(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
int	conf_sync_notify_deleted(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_sync_notify_deleted_dump(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
/* garp_extra_if / vrrp_garp_extra_if and vmac_addr_prefix
 * (conf_garp_extra.c). */
int	conf_garp_extra_inst(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
int	conf_garp_extra_global(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_garp_extra_inst_dump(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
void	conf_garp_extra_global_dump(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
int	conf_ipvlan_inst(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_ipvlan_inst_dump(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
void	conf_ipvlan_check(struct conf_ctx *, struct conf_vrrp_instance *,
	    int family);
/* vrf NAME, and unicast instances with no interface (conf_vrf.c). */
int	conf_vrf_inst(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
bool	conf_vrf_no_interface(struct conf_ctx *, struct conf_vrrp_instance *);
void	conf_vrf_check(struct conf_ctx *, const struct conf_global *,
	    struct conf_vrrp_instance *, bool check_host);
int	conf_vmac_addr_prefix(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_vip_list_dump(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
void	conf_route_list_dump(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
void	conf_ref_list_dump(FILE *out, const struct conf_obj *obj,
	    const struct conf_kw *kw, int depth);
void	conf_vip_free(struct conf_vip *v);
void	conf_vip_list_free(struct conf_vip_list *l);
void	conf_route_list_free(struct conf_route_list *l);
void	conf_ref_list_free(struct conf_ref_list *l);
void	conf_ref_unknown(struct conf_ctx *ctx, const struct conf_ref *r,
	    const char *what, const char *const *names, size_t n);

void	conf_sync_dump(const struct vigil_conf *conf, FILE *out);
void	conf_sync_free(struct vigil_conf *conf);
void	conf_track_dump(const struct vigil_conf *conf, FILE *out);
void	conf_track_free(struct vigil_conf *conf);

/* track_group (conf_track_group.c) */
extern const struct conf_block conf_track_group_block;
const struct conf_track_group *conf_track_group_find(
	    const struct vigil_conf *conf, const char *name);
const char *conf_track_group_of(const char *text, char *buf, size_t len);
void	conf_track_group_check(struct conf_ctx *ctx, struct vigil_conf *conf);
void	conf_track_group_dump(const struct vigil_conf *conf, FILE *out);
void	conf_track_group_free(struct vigil_conf *conf);

/* garp_group (conf_garp_group.c) */
extern const struct conf_block conf_garp_group_block;
void	conf_garp_group_each(const struct conf_garp_group *g,
	    void (*fn)(const char *, const struct conf_loc *, void *), void *);
void	conf_garp_group_check(struct conf_ctx *ctx, struct vigil_conf *conf);
void	conf_garp_group_dump(const struct vigil_conf *conf, FILE *out);
void	conf_garp_group_free(struct vigil_conf *conf);

/* interface_up_down_delays (conf_updown.c) */
extern const struct conf_block conf_updown_block;
void	conf_updown_check(struct conf_ctx *ctx, struct vigil_conf *conf);
void	conf_updown_dump(const struct vigil_conf *conf, FILE *out);
void	conf_updown_free(struct vigil_conf *conf);

void	conf_static_dump(const struct vigil_conf *conf, FILE *out);
void	conf_static_free(struct vigil_conf *conf);
extern const struct conf_block conf_static_ipaddress_block;
extern const struct conf_block conf_static_routes_block;
extern const struct conf_block conf_static_rules_block;

/* child_wait_time, in global_defs and at the top level (keepalived's
 * place): seconds, keepalived's range. */
#define CONF_KW_CHILD_WAIT_TIME(off, ...) \
	{ "child_wait_time", CONF_T_U32, (off), .min = 0, \
	  .max = UINT32_MAX, __VA_ARGS__ }

/* lvs_timeouts, lvs_flush_on_stop, lvs_sync_daemon_interface, nat_mask
 * (conf_global_lvs.c). */
int	conf_global_lvs_timeouts(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_global_lvs_timeouts_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_global_lvs_flush_on_stop(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_global_lvs_flush_on_stop_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_vrrp_lvs_sync_interface(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);

/* vrrp_rx_bufs_policy (conf_rxbufs.c) */
int	conf_rxbufs_policy(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_rxbufs_policy_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);

#endif
