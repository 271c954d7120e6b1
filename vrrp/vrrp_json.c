/*
 * The vrrp child's JSON dump (the signal of vigild --signum=JSON): an
 * array with one {"data": ..., "stats": ...} object per instance, with
 * the keys, value types and value formats of the keepalived.json that
 * keepalived 2.2.7 writes, so that tools reading that file (exporters)
 * read vigil.json. Keys for what vigil does not have (virtual_routes,
 * virtual_rules) are left out; vigild(8) lists them.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "common/ipc.h"
#include "common/log.h"
#include "common/nlroute.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_rx.h"

#define JSON_CHUNK	(IPC_MAX_PAYLOAD - sizeof(struct msg_dump) - 1)

/* A number as keepalived prints it: whole values without a fraction. */
static json_t *
json_num(double v)
{
	if (v == (double)(json_int_t)v)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static void
json_set(json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) == -1)
		fatalx("vrrp: JSON dump: out of memory");
}

static const char *
json_scope(uint32_t scope)
{
	switch (scope) {
	case 0: return "global";
	case 200: return "site";
	case 253: return "link";
	case 254: return "host";
	case 255: return "nowhere";
	default: return "global";
	}
}

/* "192.0.2.10/24 dev eth0 scope global label eth0:1 set", keepalived's
 * way of writing an address. */
static json_t *
json_vip(const struct msg_conf_vip *v, const char *ifname, bool set)
{
	char a[INET6_ADDRSTRLEN], s[256];
	unsigned int max = v->family == AF_INET ? 32 : 128;
	int n;

	if (inet_ntop((int)v->family, v->addr, a, sizeof(a)) == NULL)
		a[0] = '\0';
	n = snprintf(s, sizeof(s), "%s", a);
	if (v->plen != 0 && v->plen != max)
		n += snprintf(s + n, sizeof(s) - n, "/%u", v->plen);
	n += snprintf(s + n, sizeof(s) - n, " dev %s scope %s",
	    v->ifname[0] != '\0' ? v->ifname : ifname, json_scope(v->scope));
	if (v->label[0] != '\0')
		n += snprintf(s + n, sizeof(s) - n, " label %s", v->label);
	if (v->family == AF_INET6)
		n += snprintf(s + n, sizeof(s) - n, " preferred_lft forever");
	if (set)
		snprintf(s + n, sizeof(s) - n, " set");
	return json_string(s);
}

static void
json_vips(json_t *d, const struct vrrp_rt *rt, bool set)
{
	json_t *vips = json_array(), *evips = json_array();
	const struct msg_conf_vip *v;
	size_t i;

	for (i = 0; i < rt->ncvips; i++) {
		v = &rt->cvips[i];
		if (v->flags & VIP_F_PEER)
			continue;
		json_array_append_new(v->flags & VIP_F_EXCLUDED ? evips : vips,
		    json_vip(v, rt->conf.ifname, set));
	}
	if (json_array_size(vips) > 0)
		json_set(d, "vips", vips);
	else
		json_decref(vips);
	if (json_array_size(evips) > 0)
		json_set(d, "evips", evips);
	else
		json_decref(evips);
}

/* "vroutes" and "vrules", present when the instance has some, as in
 * keepalived.json. */
static void
json_vroutes(json_t *d, const struct vrrp_rt *rt)
{
	json_t *a;
	char s[512];
	size_t i;

	if (rt->nroutes > 0) {
		a = json_array();
		for (i = 0; i < rt->nroutes; i++)
			json_array_append_new(a, json_string(nlr_route_ka_str(
			    &rt->routes[i], rt->rdevs[i], s, sizeof(s))));
		json_set(d, "vroutes", a);
	}
	if (rt->nrules > 0) {
		a = json_array();
		for (i = 0; i < rt->nrules; i++)
			json_array_append_new(a, json_string(nlr_rule_ka_str(
			    &rt->rules[i], s, sizeof(s))));
		json_set(d, "vrules", a);
	}
}

/* The program's directory resolved (/bin/sh: /usr/bin/sh where /bin
 * links to /usr/bin), its name kept, as keepalived shows it. */
static const char *
json_program(const char *word, char *buf, size_t len)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(word, '/');

	if (word[0] != '/' || slash == NULL ||
	    (size_t)(slash - word) >= sizeof(dir))
		return word;
	memcpy(dir, word, (size_t)(slash - word));
	dir[slash - word] = '\0';
	if (realpath(dir[0] != '\0' ? dir : "/", real) == NULL)
		return word;
	snprintf(buf, len, "%s%s", strcmp(real, "/") == 0 ? "" : real, slash);
	return buf;
}

/* A script's command as keepalived shows it: each word in single
 * quotes, the program's directory resolved. */
static json_t *
json_command(const char *cmd)
{
	char out[IPC_CMD_LEN * 2], word[IPC_CMD_LEN], real[PATH_MAX];
	const char *p = cmd, *w;
	size_t o = 0, n;
	char q;

	while (*p != '\0' && o < sizeof(out) - 4) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		for (n = 0, q = 0; *p != '\0' && (q || (*p != ' ' &&
		    *p != '\t')); p++) {
			if (q == 0 && (*p == '\'' || *p == '"'))
				q = *p;
			else if (q != 0 && *p == q)
				q = 0;
			else if (n < sizeof(word) - 1)
				word[n++] = *p;
		}
		word[n] = '\0';
		w = word;
		if (o == 0)
			w = json_program(word, real, sizeof(real));
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s'%s'",
		    o > 0 ? " " : "", w);
		if (o >= sizeof(out))
			o = sizeof(out) - 1;
	}
	out[o] = '\0';
	return json_string(out);
}

/* Tracked interfaces (but the instance's own) and scripts. */
static void
json_tracks(json_t *d, const struct vrrp_rt *rt,
    const struct conf_set *set)
{
	json_t *ifs = json_array(), *scripts = json_array();
	const struct msg_conf_track *t;
	const struct msg_conf_script *sc;
	size_t i;

	for (i = 0; i < rt->nctracks; i++) {
		t = &rt->ctracks[i];
		if (t->type == TRACK_INTERFACE &&
		    strcmp(t->name, vrrp_rt_link(rt)) != 0)
			json_array_append_new(ifs, json_string(t->name));
		else if (t->type == TRACK_SCRIPT &&
		    (sc = conf_set_script(set, t->name)) != NULL)
			json_array_append_new(scripts,
			    json_command(sc->command));
	}
	if (json_array_size(ifs) > 0)
		json_set(d, "track_ifp", ifs);
	else
		json_decref(ifs);
	if (json_array_size(scripts) > 0)
		json_set(d, "track_script", scripts);
	else
		json_decref(scripts);
}

/* Whether the instance has notify_deleted (an entry, "" without SCRIPT). */
static bool
json_notify_deleted(const struct vrrp_rt *rt, const struct conf_set *set)
{
	size_t i;

	for (i = 0; i < set->nnotify; i++)
		if (set->notify[i].kind == NOTIFY_DELETED &&
		    !(set->notify[i].flags & NOTIFY_F_GROUP) &&
		    strcmp(set->notify[i].object, rt->conf.name) == 0)
			return true;
	return false;
}

/* The instance's notify scripts, in keepalived's order and names. */
static void
json_notify(json_t *d, const struct vrrp_rt *rt, const struct conf_set *set)
{
	static const struct { int kind; const char *key; } keys[] = {
		{ NOTIFY_BACKUP, "script_backup" },
		{ NOTIFY_MASTER, "script_master" },
		{ NOTIFY_FAULT, "script_fault" },
		{ NOTIFY_STOP, "script_stop" },
		{ NOTIFY_ANY, "script" },
		{ NOTIFY_MASTER_RX_LOWER_PRI, "script_master_rx_lower_pri" },
	};
	const struct msg_conf_notify *n;
	size_t i, k;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		for (i = 0; i < set->nnotify; i++) {
			n = &set->notify[i];
			if (n->kind == (uint32_t)keys[k].kind &&
			    !(n->flags & NOTIFY_F_GROUP) &&
			    strcmp(n->object, rt->conf.name) == 0)
				json_set(d, keys[k].key,
				    json_command(n->command));
		}
}

/* When rt entered its state, as wall clock seconds. */
static double
json_since(const struct vrrp_rt *rt)
{
	struct timespec ts;
	double now;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	if (!rt->started)
		return 0;
	return now - (double)(vrrp_now_cs() - rt->fsm.since) / 100.0;
}

static json_t *
json_data(const struct vrrp_rt *rt, const struct conf_set *set)
{
	const struct msg_conf_instance *c = &rt->conf;
	int state = rt->started ? (int)rt->fsm.state : 0;
	bool master = state == VRRP_STATE_MASTER;
	json_t *d = json_object();

	json_set(d, "iname", json_string(c->name));
	json_set(d, "dont_track_primary", json_integer(c->dont_track_primary));
	json_set(d, "skip_check_adv_addr",
	    json_integer(c->skip_check_adv_addr));
	json_set(d, "strict_mode", json_integer(c->strict));
	json_set(d, "vmac_ifname", json_string(c->use_vmac ? rt->vmac : ""));
	json_set(d, "ifp_ifname", json_string(c->ifname));
	json_set(d, "master_priority", json_integer(
	    state == VRRP_STATE_BACKUP ? rt->fsm.master_prio : 0));
	json_set(d, "last_transition", json_real(json_since(rt)));
	json_set(d, "garp_delay", json_integer(c->garp_master_delay));
	json_set(d, "garp_refresh", json_integer(c->garp_master_refresh));
	json_set(d, "garp_rep", json_integer(c->garp_master_repeat));
	json_set(d, "garp_refresh_rep",
	    json_integer(c->garp_master_refresh_repeat));
	json_set(d, "garp_lower_prio_delay",
	    json_integer(c->garp_master_delay));
	json_set(d, "garp_lower_prio_rep",
	    json_integer(c->garp_lower_prio_repeat));
	json_set(d, "lower_prio_no_advert",
	    json_integer(c->lower_prio_no_advert));
	json_set(d, "higher_prio_send_advert",
	    json_integer(c->higher_prio_send_advert));
	json_set(d, "vrid", json_integer(c->vrid));
	json_set(d, "base_priority", json_integer(rt->fsm.base_priority));
	json_set(d, "effective_priority", json_integer(rt->fsm.priority));
	json_set(d, "vipset", json_boolean(master));
	json_set(d, "promote_secondaries",
	    json_boolean(c->promote_secondaries));
	json_set(d, "adver_int", json_num(c->advert_cs / 100.0));
	json_set(d, "master_adver_int",
	    json_num(rt->fsm.timers.master_adver_int / 100.0));
	json_set(d, "accept", json_integer(c->accept));
	json_set(d, "nopreempt", json_boolean(c->nopreempt));
	json_set(d, "preempt_delay", json_integer(c->preempt_delay_cs / 100));
	json_set(d, "state", json_integer(state));
	json_set(d, "wantstate", json_integer(state));
	json_set(d, "version", json_integer(c->version));
	json_set(d, "smtp_alert", json_boolean(c->smtp_alert));
	json_set(d, "notify_deleted", json_boolean(json_notify_deleted(rt,
	    set)));
	json_notify(d, rt, set);
	json_vips(d, rt, master);
	json_vroutes(d, rt);
	json_tracks(d, rt, set);
	json_set(d, "auth_type", json_integer(c->auth_type));
	if (c->auth_type == VRRP_AUTH_PASS)
		json_set(d, "auth_data", json_string(c->auth_pass));
	return d;
}

static json_t *
json_stats(const struct vrrp_rt *rt)
{
	const struct vrrp_stats *st = &rt->fsm.stats;
	const uint64_t *e = st->rx_error;
	uint64_t became = st->entered[VRRP_STATE_MASTER];
	json_t *s = json_object();

	json_set(s, "advert_rcvd", json_integer(e[VRRP_RX_OK]));
	json_set(s, "advert_sent", json_integer(st->adverts_sent));
	json_set(s, "become_master", json_integer(became));
	json_set(s, "release_master", json_integer(became -
	    (rt->started && rt->fsm.state == VRRP_STATE_MASTER && became > 0)));
	json_set(s, "packet_len_err", json_integer(e[VRRP_RX_TOO_SHORT] +
	    e[VRRP_RX_LENGTH] + e[VRRP_RX_TRUNCATED] + e[VRRP_RX_ADDR_COUNT]));
	json_set(s, "advert_interval_err", json_integer(e[VRRP_RX_INTERVAL]));
	json_set(s, "ip_ttl_err", json_integer(e[VRRP_RX_TTL]));
	json_set(s, "invalid_type_rcvd", json_integer(e[VRRP_RX_TYPE]));
	json_set(s, "addr_list_err", json_integer(e[VRRP_RX_ADDR_LIST]));
	json_set(s, "invalid_authtype", json_integer(e[VRRP_RX_AUTH_TYPE]));
	json_set(s, "authtype_mismatch", json_integer(0));
	json_set(s, "auth_failure", json_integer(e[VRRP_RX_AUTH]));
	json_set(s, "pri_zero_rcvd", json_integer(st->prio0_rcvd));
	json_set(s, "pri_zero_sent", json_integer(st->prio0_sent));
	return s;
}

/* The whole array as MSG_DUMP_TEXT messages of dump id. */
void
vrrp_json_dump(struct ipc_chan *c, uint32_t id, const struct conf_set *set)
{
	char buf[IPC_MAX_PAYLOAD];
	struct msg_dump d = { .id = id };
	const struct vrrp_rt *rt;
	json_t *a = json_array(), *o;
	char *text;
	size_t len, off, n;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry) {
		o = json_object();
		json_set(o, "data", json_data(rt, set));
		json_set(o, "stats", json_stats(rt));
		json_array_append_new(a, o);
	}
	text = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(16));
	json_decref(a);
	if (text == NULL)
		fatalx("vrrp: JSON dump: out of memory");
	len = strlen(text);
	memcpy(buf, &d, sizeof(d));
	for (off = 0; off < len; off += n) {
		n = len - off < JSON_CHUNK ? len - off : JSON_CHUNK;
		memcpy(buf + sizeof(d), text + off, n);
		ipc_send(c, MSG_DUMP_TEXT, buf, sizeof(d) + n);
	}
	ipc_dump_printf(c, id, "\n");
	free(text);
}
