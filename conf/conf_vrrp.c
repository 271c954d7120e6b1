/*
 * vrrp_instance and vrrp_script: keyword tables and block hooks. Checks
 * that need the whole file (script references, versions inherited from
 * global_defs, interfaces) are in conf_vrrp_check.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define I(m)	CONF_OFF(struct conf_vrrp_instance, m)
#define S(m)	CONF_OFF(struct conf_vrrp_script, m)
#define A(m)	CONF_OFF(struct conf_vrrp_auth, m)
#define UNSUP(n, a)	{ n, .flags = CONF_KW_UNSUPPORTED, .max_args = (a) }
#define ILIST(n, b, m, ...) { n, CONF_T_LIST, I(m), .sub = &(b), \
			  .flags = CONF_KW_MULTI, .dump = (b##_dump), __VA_ARGS__ }
#define conf_vip_block_dump	conf_vip_list_dump
#define conf_peer_block_dump	conf_vip_list_dump
#define conf_route_block_dump	conf_route_list_dump
#define conf_ref_block_dump	conf_ref_list_dump
#define conf_ifref_block_dump	conf_ref_list_dump
#define conf_wref_block_dump	conf_ref_list_dump

/* weight N [reverse] */
static int
script_weight(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_script *s = (struct conf_vrrp_script *)obj;
	int64_t w;

	if (conf_parse_int(ctx, &n->args[0], "weight", -253, 253, &w) < 0)
		return -1;
	if (n->nargs > 1 && strcmp(n->args[1].s, "reverse") != 0) {
		conf_error(ctx, &n->args[1].loc, "weight: '%s' is not "
		    "'reverse'", n->args[1].s);
		return -1;
	}
	s->weight = (int)w;
	s->weight_reverse = n->nargs > 1;
	return 0;
}

static void
script_weight_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vrrp_script *s = (const struct conf_vrrp_script *)obj;

	conf_dump_indent(out, depth);
	fprintf(out, "weight %d%s\n", s->weight,
	    s->weight_reverse ? " reverse" : "");
}

static const struct conf_kw script_kws[] = {
	{ "script", CONF_T_CMD, S(script) },
	{ "interval", CONF_T_INT, S(interval), .min = 1, .max = 86400,
	  .def = "1" },
	{ "timeout", CONF_T_INT, S(timeout), .min = 1, .max = 86400,
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "weight", CONF_T_NONE, .min_args = 1, .max_args = 2,
	  .handler = script_weight, .dump = script_weight_dump, .def = "0" },
	{ "rise", CONF_T_INT, S(rise), .min = 1, .max = 1000, .def = "1" },
	{ "fall", CONF_T_INT, S(fall), .min = 1, .max = 1000, .def = "1" },
	{ "user", CONF_T_CMD, S(user), .min_args = 1, .max_args = 2,
	  .dump = conf_dump_words },
	{ "init_fail", CONF_T_FLAG, S(init_fail) },
	{ NULL }
};

static struct conf_obj *
script_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_vrrp_script *s;

	/* Duplicate names are reported by the check pass. */
	s = xcalloc(1, sizeof(*s));
	s->name = xstrdup(node->args[0].s);
	TAILQ_INSERT_TAIL(&conf->scripts, s, entry);
	return &s->obj;
}

static void
script_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_vrrp_script *s = (struct conf_vrrp_script *)obj;

	/* keepalived goes on without the script; so do we, loudly (a
	 * conditional "@id script ..." line may have been skipped). */
	if (s->script == NULL)
		conf_warning(ctx, &obj->loc, "vrrp_script %s has no script; "
		    "instances tracking it ignore it", s->name);
	/* keepalived: no timeout means the interval. */
	if (s->timeout == 0)
		s->timeout = s->interval;
}

const struct conf_block conf_vrrp_script_block = {
	.name = "vrrp_script",
	.kws = script_kws,
	.size = sizeof(struct conf_vrrp_script),
	.open = script_open,
	.close = script_close,
};

static const struct conf_enum auth_types[] = {
	{ "PASS", CONF_AUTH_PASS }, { "AH", CONF_AUTH_AH }, { NULL, 0 }
};

/* The advert has 8 bytes for the password: keepalived sends the first 8
 * of a longer one, and so does vigil (the dump shows those 8). */
static int
auth_pass(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_auth *a = (struct conf_vrrp_auth *)obj;
	size_t len = strlen(a->pass);

	if (len > 8) {
		conf_warning(ctx, &n->args[0].loc, "auth_pass is %zu "
		    "characters long; only the first 8 are used, as keepalived "
		    "does (shorten it to those 8)", len);
		a->pass[8] = '\0';
	}
	return 0;
}

static const struct conf_kw auth_kws[] = {
	{ "auth_type", CONF_T_ENUM, A(type), .enums = auth_types,
	  .fallback = CONF_NO_FALLBACK },
	{ "auth_pass", CONF_T_STRING, A(pass), .handler = auth_pass },
	{ NULL }
};

static struct conf_obj *
auth_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)parent;

	return &vi->auth.obj;
}

static void
auth_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_vrrp_auth *a = (struct conf_vrrp_auth *)obj;

	if (a->type == CONF_AUTH_PASS && a->pass == NULL)
		conf_error(ctx, &obj->loc, "authentication: auth_type PASS "
		    "needs auth_pass");
	if (a->type == CONF_AUTH_NONE && a->pass != NULL)
		conf_warning(ctx, &obj->loc, "authentication: auth_pass "
		    "without auth_type is ignored");
}

static const struct conf_block auth_block = {
	.name = "authentication",
	.kws = auth_kws,
	.size = sizeof(struct conf_vrrp_auth),
	.open = auth_open,
	.close = auth_close,
};

static void
auth_dump(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_vrrp_instance *vi =
	    (const struct conf_vrrp_instance *)obj;

	if (vi->auth.type == CONF_AUTH_NONE)
		return;
	conf_dump_indent(out, depth);
	fputs("authentication {\n", out);
	conf_dump_fields(out, &auth_block, &vi->auth.obj, depth + 1);
	conf_dump_indent(out, depth);
	fputs("}\n", out);
}

static const struct conf_enum states[] = {
	{ "MASTER", CONF_STATE_MASTER }, { "BACKUP", CONF_STATE_BACKUP },
	{ NULL, 0 }
};

static const struct conf_enum vrrp_versions[] = {
	{ "2", 2 }, { "3", 3 }, { NULL, 0 }
};

static int
inst_interface(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	((struct conf_vrrp_instance *)obj)->interface_loc = n->args[0].loc;
	return 0;
}

static int
inst_advert_int(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;

	vi->advert_int_loc = n->args[0].loc;
	snprintf(vi->advert_int_str, sizeof(vi->advert_int_str), "%s",
	    n->args[0].s);
	return 0;
}

static int
inst_nopreempt(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	((struct conf_vrrp_instance *)obj)->nopreempt_loc = n->loc;
	return 0;
}

static int
inst_preempt(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	((struct conf_vrrp_instance *)obj)->nopreempt = false;
	return 0;
}

static int
inst_accept(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;

	vi->accept = strcmp(kw->name, "accept") == 0;
	vi->accept_given = true;
	return 0;
}

/* The effective accept mode, one keyword, after the check pass. */
static void
inst_accept_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vrrp_instance *vi =
	    (const struct conf_vrrp_instance *)obj;

	if (strcmp(kw->name, "accept") != 0)
		return;
	conf_dump_indent(out, depth);
	fputs(vi->accept ? "accept\n" : "no_accept\n", out);
}

/* 5 or 6 hex octets split by ':'; their count, or 0. */
static int
inst_vmac_parse(const char *s, uint8_t mac[6])
{
	unsigned int v;
	int n, len;

	for (n = 0; n < 6; n++) {
		if (sscanf(s, "%2x%n", &v, &len) != 1 || len == 0)
			return 0;
		mac[n] = (uint8_t)v;
		s += len;
		if (*s == '\0')
			return n + 1 >= 5 ? n + 1 : 0;
		if (*s++ != ':')
			return 0;
	}
	return 0;
}

/* use_vmac [NAME] [MAC]: a word that reads as a MAC is the MAC; a
 * multicast one is ignored, as keepalived does. */
static int
inst_use_vmac(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;
	uint8_t mac[6];
	size_t i;
	int len;

	free(vi->vmac_name);
	vi->vmac_name = NULL;
	vi->vmac_mac_len = 0;
	for (i = 0; i < n->nargs; i++) {
		if ((len = inst_vmac_parse(n->args[i].s, mac)) == 0) {
			if (conf_check_ifname(ctx, &n->args[i]) < 0)
				return -1;
			free(vi->vmac_name);
			vi->vmac_name = xstrdup(n->args[i].s);
			continue;
		}
		if (mac[0] & 0x01) {
			conf_warning(ctx, &n->args[i].loc, "use_vmac: %s is a "
			    "multicast MAC address, ignored", n->args[i].s);
			continue;
		}
		memcpy(vi->vmac_mac, mac, sizeof(mac));
		vi->vmac_mac_len = len;
	}
	vi->use_vmac = true;
	return 0;
}

static void
inst_use_vmac_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vrrp_instance *vi =
	    (const struct conf_vrrp_instance *)obj;
	int i;

	if (!vi->use_vmac)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "use_vmac%s%s", vi->vmac_name ? " " : "",
	    vi->vmac_name ? vi->vmac_name : "");
	for (i = 0; i < vi->vmac_mac_len; i++)
		fprintf(out, "%c%02x", i ? ':' : ' ', vi->vmac_mac[i]);
	fputc('\n', out);
}

/* old_unicast_checksum [never]: keepalived takes any other word as none. */
static int
inst_old_csum(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;

	vi->old_unicast_checksum = CONF_OLD_CSUM_YES;
	if (n->nargs == 0)
		return 0;
	if (strcasecmp(n->args[0].s, "never") == 0)
		vi->old_unicast_checksum = CONF_OLD_CSUM_NEVER;
	else
		conf_warning(ctx, &n->args[0].loc, "old_unicast_checksum: "
		    "'%s' is not 'never': ignored, the old checksum is used "
		    "(as keepalived does)", n->args[0].s);
	return 0;
}

static void
inst_old_csum_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vrrp_instance *vi =
	    (const struct conf_vrrp_instance *)obj;

	if (vi->old_unicast_checksum == CONF_OLD_CSUM_AUTO)
		return;
	conf_dump_indent(out, depth);
	fputs(vi->old_unicast_checksum == CONF_OLD_CSUM_NEVER ?
	    "old_unicast_checksum never\n" : "old_unicast_checksum\n", out);
}

static const struct conf_kw instance_kws[] = {
	{ "state", CONF_T_ENUM, I(state), .enums = states,
	  .fallback = CONF_STATE_BACKUP, .def = "BACKUP" },
	{ "interface", CONF_T_IFNAME, I(interface),
	  .handler = inst_interface },
	{ "virtual_router_id", CONF_T_INT, I(vrid), .min = 1, .max = 255 },
	{ "priority", CONF_T_INT, I(priority), .min = 1, .max = 255,
	  .def = "100" },
	/* No range here: the check pass knows the version. */
	{ "advert_int", CONF_T_DECIMAL, I(advert_int_us), .scale = 1000000,
	  .def = "1", .handler = inst_advert_int },
	{ "version", CONF_T_ENUM, I(version), .enums = vrrp_versions,
	  .fallback = CONF_NO_FALLBACK, .flags = CONF_KW_DUMP_ALWAYS },
	{ "authentication", CONF_T_BLOCK, .sub = &auth_block,
	  .dump = auth_dump },
	ILIST("virtual_ipaddress", conf_vip_block, vips),
	ILIST("virtual_ipaddress_excluded", conf_vip_block, evips),
	{ "no_virtual_ipaddress", CONF_T_FLAG, I(no_vips) },
	ILIST("virtual_routes", conf_route_block, routes),
	ILIST("virtual_rules", conf_route_block, rules),
	ILIST("track_interface", conf_ifref_block, track_ifs),
	ILIST("track_script", conf_ref_block, track_scripts),
	ILIST("track_file", conf_wref_block, track_files),
	ILIST("track_process", conf_wref_block, track_processes),
	ILIST("unicast_peer", conf_peer_block, peers),
	{ "mcast_src_ip", CONF_T_IP, I(src_ip) },
	{ "unicast_src_ip", CONF_T_IP, I(src_ip) },
	{ "mcast_dst_ip", CONF_T_IP, I(mcast_dst_ip) },
	{ "track_src_ip", CONF_T_FLAG, I(track_src_ip) },
	{ "check_unicast_src", CONF_T_FLAG, I(check_unicast_src) },
	{ "unicast_fault_no_peer", CONF_T_FLAG, I(unicast_fault_no_peer) },
	{ "unicast_ttl", CONF_T_INT, I(unicast_ttl), .min = 1, .max = 255,
	  .def = "255" },
	{ "dont_track_primary", CONF_T_FLAG, I(dont_track_primary) },
	{ "use_vmac", CONF_T_NONE, .min_args = 0, .max_args = 2,
	  .handler = inst_use_vmac, .dump = inst_use_vmac_dump },
	{ "vmac_xmit_base", CONF_T_FLAG, I(vmac_xmit_base) },
	{ "use_vmac_addr", CONF_T_FLAG, I(use_vmac_addr) },
	{ "native_ipv6", CONF_T_FLAG, I(native_ipv6) },
	{ "nopreempt", CONF_T_FLAG, I(nopreempt), .handler = inst_nopreempt },
	{ "preempt", CONF_T_NONE, .handler = inst_preempt,
	  .flags = CONF_KW_NODUMP },
	{ "preempt_delay", CONF_T_DECIMAL, I(preempt_delay_cs), .scale = 100,
	  .min = 0, .max = 100000, .def = "0" },
	{ "accept", CONF_T_NONE, .handler = inst_accept,
	  .dump = inst_accept_dump },
	{ "no_accept", CONF_T_NONE, .handler = inst_accept,
	  .dump = inst_accept_dump },
	{ "skip_check_adv_addr", CONF_T_BOOL, I(skip_check_adv_addr),
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "strict_mode", CONF_T_BOOL, I(strict_mode),
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "promote_secondaries", CONF_T_FLAG, I(promote_secondaries) },
	{ "garp_master_delay", CONF_T_INT, I(garp_master_delay), .min = 0,
	  .max = 86400, .flags = CONF_KW_DUMP_ALWAYS },
	{ "garp_master_repeat", CONF_T_INT, I(garp_master_repeat), .min = 0,
	  .max = 1000, .flags = CONF_KW_DUMP_ALWAYS },
	{ "garp_lower_prio_delay", CONF_T_INT, I(garp_lower_prio_delay),
	  .min = 0, .max = 86400, .flags = CONF_KW_DUMP_ALWAYS },
	{ "garp_lower_prio_repeat", CONF_T_INT, I(garp_lower_prio_repeat),
	  .min = 0, .max = 1000, .flags = CONF_KW_DUMP_ALWAYS },
	{ "garp_master_refresh", CONF_T_INT, I(garp_master_refresh),
	  .min = 0, .max = 86400, .flags = CONF_KW_DUMP_ALWAYS },
	{ "garp_master_refresh_repeat", CONF_T_INT,
	  I(garp_master_refresh_repeat), .min = 1, .max = 1000,
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "down_timer_adverts", CONF_T_INT, I(down_timer_adverts), .min = 1,
	  .max = 100, .flags = CONF_KW_DUMP_ALWAYS },
	{ "lower_prio_no_advert", CONF_T_BOOL, I(lower_prio_no_advert),
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "higher_prio_send_advert", CONF_T_BOOL, I(higher_prio_send_advert),
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "notify_master", CONF_T_CMD, I(notify_master),
	  .user_off = I(notify_master_user) },
	{ "notify_backup", CONF_T_CMD, I(notify_backup),
	  .user_off = I(notify_backup_user) },
	{ "notify_fault", CONF_T_CMD, I(notify_fault),
	  .user_off = I(notify_fault_user) },
	{ "notify_stop", CONF_T_CMD, I(notify_stop),
	  .user_off = I(notify_stop_user) },
	{ "notify", CONF_T_CMD, I(notify),
	  .user_off = I(notify_user) },
	{ "notify_master_rx_lower_pri", CONF_T_CMD,
	  I(notify_master_rx_lower_pri),
	  .user_off = I(notify_master_rx_lower_pri_user) },
	{ "notify_priority_changes", CONF_T_BOOL, I(notify_priority_changes),
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "smtp_alert", CONF_T_BOOL, I(smtp_alert) },
	{ "debug", CONF_T_INT, I(debug), .min = 0, .max = 4 },
	{ "linkbeat_use_polling", CONF_T_FLAG, I(linkbeat_use_polling),
	  .handler = conf_linkbeat_polling },
	{ "vrf", CONF_T_IFNAME, I(vrf), .handler = conf_vrf_inst },
	ILIST("track_bfd", conf_ref_block, track_bfds),
	{ "use_ipvlan", CONF_T_NONE, .min_args = 0, .max_args = 3,
	  .handler = conf_ipvlan_inst, .dump = conf_ipvlan_inst_dump },
	{ "old_unicast_checksum", CONF_T_NONE, .min_args = 0, .max_args = 1,
	  .handler = inst_old_csum, .dump = inst_old_csum_dump },
	{ "v3_checksum_as_v2", CONF_T_BOOL, I(v3_checksum_as_v2) },
	{ "garp_extra_if", CONF_T_NONE, .min_args = 1, .max_args = 2,
	  .handler = conf_garp_extra_inst, .dump = conf_garp_extra_inst_dump },
	{ "vmac_garp_intvl", .alias_of = "garp_extra_if" },
	{ "timer_expired_backup", CONF_T_NONE, .min_args = 0, .max_args = 1,
	  .handler = conf_timer_expired, .dump = conf_timer_expired_dump },
	{ "thread_timer_expired", .alias_of = "timer_expired_backup" },
	{ "kernel_rx_buf_size", CONF_T_U32, I(kernel_rx_buf_size), .min = 1,
	  .max = INT32_MAX / 2 },
	{ "notify_deleted", CONF_T_NONE, .min_args = 0, .max_args = 3,
	  .handler = conf_notify_deleted, .dump = conf_notify_deleted_dump },
	{ "lvs_sync_daemon_interface", CONF_T_NONE, .min_args = 1,
	  .max_args = 1, .handler = conf_vrrp_lvs_sync_interface,
	  .flags = CONF_KW_NODUMP },
	{ NULL }
};

static struct conf_obj *
instance_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_vrrp_instance *vi;

	/* Duplicate names are reported by the check pass. */
	vi = xcalloc(1, sizeof(*vi));
	vi->name = xstrdup(node->args[0].s);
	TAILQ_INIT(&vi->vips);
	TAILQ_INIT(&vi->evips);
	TAILQ_INIT(&vi->routes);
	TAILQ_INIT(&vi->rules);
	TAILQ_INIT(&vi->track_ifs);
	TAILQ_INIT(&vi->track_scripts);
	TAILQ_INIT(&vi->track_files);
	TAILQ_INIT(&vi->track_processes);
	TAILQ_INIT(&vi->track_bfds);
	TAILQ_INIT(&vi->peers);
	vi->auth.obj.loc = node->loc;
	TAILQ_INSERT_TAIL(&conf->instances, vi, entry);
	return &vi->obj;
}

static void
instance_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;

	if (!conf_kw_given(&conf_vrrp_instance_block, obj,
	    "virtual_router_id"))
		conf_error(ctx, &obj->loc, "vrrp_instance %s has no "
		    "virtual_router_id (1-255)", vi->name);
}

const struct conf_block conf_vrrp_instance_block = {
	.name = "vrrp_instance",
	.kws = instance_kws,
	.size = sizeof(struct conf_vrrp_instance),
	.open = instance_open,
	.close = instance_close,
};

void
conf_vrrp_script_free(struct conf_vrrp_script *s)
{
	conf_free_fields(&conf_vrrp_script_block, &s->obj);
	free(s->name);
	free(s);
}

static void
instance_free(struct conf_vrrp_instance *vi)
{
	conf_vip_list_free(&vi->vips);
	conf_vip_list_free(&vi->evips);
	conf_vip_list_free(&vi->peers);
	conf_route_list_free(&vi->routes);
	conf_route_list_free(&vi->rules);
	conf_ref_list_free(&vi->track_ifs);
	conf_ref_list_free(&vi->track_scripts);
	conf_ref_list_free(&vi->track_files);
	conf_ref_list_free(&vi->track_processes);
	conf_ref_list_free(&vi->track_bfds);
	conf_free_fields(&auth_block, &vi->auth.obj);
	conf_free_fields(&conf_vrrp_instance_block, &vi->obj);
	free(vi->vmac_name);
	free(vi->ipvlan_name);
	free(vi->notify_deleted_script);
	free(vi->notify_deleted_user);
	free(vi->name);
	free(vi);
}

void
conf_vrrp_free(struct vigil_conf *conf)
{
	struct conf_vrrp_instance *vi;
	struct conf_vrrp_script *s;

	while ((vi = TAILQ_FIRST(&conf->instances)) != NULL) {
		TAILQ_REMOVE(&conf->instances, vi, entry);
		instance_free(vi);
	}
	while ((s = TAILQ_FIRST(&conf->scripts)) != NULL) {
		TAILQ_REMOVE(&conf->scripts, s, entry);
		conf_vrrp_script_free(s);
	}
	conf_sync_free(conf);
	conf_track_free(conf);
	conf_track_group_free(conf);
	conf_garp_group_free(conf);
}

void
conf_vrrp_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_vrrp_script *s;
	const struct conf_vrrp_instance *vi;

	TAILQ_FOREACH(s, &conf->scripts, entry) {
		fputs("vrrp_script ", out);
		conf_dump_str(out, s->name);
		fputs(" {\n", out);
		conf_dump_fields(out, &conf_vrrp_script_block, &s->obj, 1);
		fputs("}\n", out);
	}
	conf_track_dump(conf, out);
	conf_sync_dump(conf, out);
	conf_track_group_dump(conf, out);
	conf_garp_group_dump(conf, out);
	TAILQ_FOREACH(vi, &conf->instances, entry) {
		fputs("vrrp_instance ", out);
		conf_dump_str(out, vi->name);
		fputs(" {\n", out);
		conf_dump_fields(out, &conf_vrrp_instance_block, &vi->obj, 1);
		fputs("}\n", out);
	}
}
