/*
 * KEEPALIVED-MIB from vigild's status document: the variable list and
 * its lookups, the global scalars, the traps (see core/snmp_map.h).
 * The values are those keepalived 2.2.7 serves for the same
 * configuration, as the integration test t_snmp_keepalived compares.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "core/snmp_map.h"

const uint32_t snmp_keepalived_oid[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5 };
const size_t snmp_keepalived_len = 9;

/* snmpTrapOID.0 */
static const uint32_t snmp_trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

int
snmp_oid_cmp(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	size_t i;

	for (i = 0; i < alen && i < blen; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static struct snmp_var *
snmp_new(struct snmp_vars *vars, enum snmp_type type, const uint32_t *base,
    size_t n, va_list ap)
{
	struct snmp_var *v;
	int sub;

	if (vars->n == vars->cap) {
		vars->cap = vars->cap * 2 + 64;
		vars->v = xreallocarray(vars->v, vars->cap, sizeof(*vars->v));
	}
	v = &vars->v[vars->n++];
	memset(v, 0, sizeof(*v));
	v->type = type;
	memcpy(v->oid, base, n * sizeof(*base));
	v->len = n;
	while ((sub = va_arg(ap, int)) != -1 && v->len < SNMP_OID_MAX)
		v->oid[v->len++] = (uint32_t)sub;
	return v;
}

void
snmp_add_int(struct snmp_vars *vars, enum snmp_type type, long long num,
    const uint32_t *base, size_t n, ...)
{
	struct snmp_var *v;
	va_list ap;

	va_start(ap, n);
	v = snmp_new(vars, type, base, n, ap);
	va_end(ap);
	v->num = num;
}

void
snmp_add_str(struct snmp_vars *vars, enum snmp_type type, const void *s,
    size_t len, const uint32_t *base, size_t n, ...)
{
	struct snmp_var *v;
	va_list ap;

	va_start(ap, n);
	v = snmp_new(vars, type, base, n, ap);
	va_end(ap);
	v->str = xmalloc(len + 1);
	memcpy(v->str, s, len);
	v->str[len] = '\0';
	v->slen = len;
}

void
snmp_add_oid(struct snmp_vars *vars, const uint32_t *val, size_t vlen,
    const uint32_t *base, size_t n, ...)
{
	struct snmp_var *v;
	va_list ap;

	va_start(ap, n);
	v = snmp_new(vars, SNMP_T_OID, base, n, ap);
	va_end(ap);
	v->str = xmalloc(vlen * sizeof(*val) + 1);
	memcpy(v->str, val, vlen * sizeof(*val));
	v->slen = vlen;
}

void
snmp_vars_clear(struct snmp_vars *vars)
{
	size_t i;

	for (i = 0; i < vars->n; i++)
		free(vars->v[i].str);
	free(vars->v);
	memset(vars, 0, sizeof(*vars));
}

static int
snmp_var_cmp(const void *a, const void *b)
{
	const struct snmp_var *x = a, *y = b;

	return snmp_oid_cmp(x->oid, x->len, y->oid, y->len);
}

void
snmp_vars_sort(struct snmp_vars *vars)
{
	if (vars->n > 1)
		qsort(vars->v, vars->n, sizeof(*vars->v), snmp_var_cmp);
}

const struct snmp_var *
snmp_vars_find(const struct snmp_vars *vars, const uint32_t *oid, size_t len,
    bool next)
{
	size_t lo = 0, hi = vars->n, mid;
	int c;

	/* The first variable >= oid. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (snmp_oid_cmp(vars->v[mid].oid, vars->v[mid].len, oid,
		    len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == vars->n)
		return NULL;
	c = snmp_oid_cmp(vars->v[lo].oid, vars->v[lo].len, oid, len);
	if (!next)
		return c == 0 ? &vars->v[lo] : NULL;
	if (c == 0)
		lo++;
	return lo < vars->n ? &vars->v[lo] : NULL;
}

/* Values out of a status record: "" or 0 where the key is missing. */
const char *
snmp_jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

long long
snmp_jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* An instance's counter ("stats"), and its receive error by reason. */
long long
snmp_jstat(json_t *inst, const char *key)
{
	return snmp_jint(json_object_get(inst, "stats"), key);
}

long long
snmp_jrx(json_t *inst, const char *reason)
{
	return snmp_jint(json_object_get(json_object_get(inst, "stats"),
	    "rx_errors"), reason);
}

/* TruthValue: 1 (true/enabled) or 2 (false/disabled). */
int
snmp_tv(bool b)
{
	return b ? 1 : 2;
}

/* global: the scalars keepalived serves, in its way. */
static void
snmp_map_mail(json_t *d, struct snmp_vars *vars)
{
	static const uint32_t mail[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5, 1,
	    3 };
	const size_t n = sizeof(mail) / sizeof(mail[0]);
	const char *server = snmp_jstr(d, "smtp_server");
	unsigned char addr[16] = { 0 };
	char *list, *p, *w;
	int i = 0;

	/* An address, or none: type ipv6 and four zero octets, as
	 * keepalived shows an unset server. */
	if (inet_pton(AF_INET, server, addr) == 1) {
		snmp_add_int(vars, SNMP_T_INT, 1, mail, n, 1, 0, -1);
		snmp_add_str(vars, SNMP_T_OCTETS, addr, 4, mail, n, 2, 0, -1);
	} else if (inet_pton(AF_INET6, server, addr) == 1) {
		snmp_add_int(vars, SNMP_T_INT, 2, mail, n, 1, 0, -1);
		snmp_add_str(vars, SNMP_T_OCTETS, addr, 16, mail, n, 2, 0, -1);
	} else {
		snmp_add_int(vars, SNMP_T_INT, 2, mail, n, 1, 0, -1);
		snmp_add_str(vars, SNMP_T_OCTETS, addr, 4, mail, n, 2, 0, -1);
	}
	snmp_add_int(vars, SNMP_T_GAUGE, *server != '\0' ?
	    snmp_jint(d, "smtp_connect_timeout") : 0, mail, n, 3, 0, -1);
	if (*snmp_jstr(d, "email_from") != '\0')
		snmp_add_str(vars, SNMP_T_STRING, snmp_jstr(d, "email_from"),
		    strlen(snmp_jstr(d, "email_from")), mail, n, 4, 0, -1);
	list = xstrdup(snmp_jstr(d, "emails"));
	for (p = list; (w = strsep(&p, ",")) != NULL;)
		if (*w != '\0')
			snmp_add_str(vars, SNMP_T_STRING, w, strlen(w), mail,
			    n, 5, 1, 2, ++i, -1);
	free(list);
	snmp_add_int(vars, SNMP_T_GAUGE, *server != '\0' ?
	    snmp_jint(d, "smtp_port") : 0, mail, n, 6, 0, -1);
	snmp_add_int(vars, SNMP_T_INT, snmp_tv(snmp_jint(d, "email_faults")), mail, n,
	    7, 0, -1);
	/* on(1) when given, unset(3) otherwise. */
	snmp_add_int(vars, SNMP_T_INT, snmp_jint(d, "smtp_alert") ? 1 : 3, mail, n,
	    8, 0, -1);
	snmp_add_int(vars, SNMP_T_INT, snmp_jint(d, "smtp_alert_vrrp") ? 1 : 3, mail,
	    n, 9, 0, -1);
	snmp_add_int(vars, SNMP_T_INT, snmp_jint(d, "smtp_alert_checker") ? 1 : 3,
	    mail, n, 10, 0, -1);
}

static void
snmp_map_global(json_t *doc, const char *version, struct snmp_vars *vars)
{
	static const uint32_t g[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5, 1 };
	const size_t n = sizeof(g) / sizeof(g[0]);
	json_t *d = json_object_get(doc, "daemon");
	long long fos;

	if (!json_is_object(d))
		return;
	snmp_add_str(vars, SNMP_T_STRING, version, strlen(version), g, n, 1,
	    0, -1);
	snmp_add_str(vars, SNMP_T_STRING, snmp_jstr(d, "router_id"),
	    strlen(snmp_jstr(d, "router_id")), g, n, 2, 0, -1);
	snmp_map_mail(d, vars);
	snmp_add_int(vars, SNMP_T_INT, snmp_tv(snmp_jint(d, "snmp_traps")), g, n, 4, 0,
	    -1);
	/* netlink(1), polling(2) */
	snmp_add_int(vars, SNMP_T_INT, snmp_jint(d, "linkbeat_polling") ? 2 : 1, g,
	    n, 5, 0, -1);
	snmp_add_int(vars, SNMP_T_INT, snmp_tv(snmp_jint(d, "lvs_flush")), g, n, 6, 0,
	    -1);
	snmp_add_int(vars, SNMP_T_INT, 1, g, n, 7, 0, -1);	/* 64-bit */
	snmp_add_str(vars, SNMP_T_STRING, snmp_jstr(d, "net_namespace"),
	    strlen(snmp_jstr(d, "net_namespace")), g, n, 8, 0, -1);
	snmp_add_int(vars, SNMP_T_INT, 2, g, n, 9, 0, -1);	/* no D-Bus */
	snmp_add_int(vars, SNMP_T_INT, snmp_tv(snmp_jint(d, "dynamic_interfaces")), g,
	    n, 10, 0, -1);
	/* enabled(1), disabled(2), flushVS(3) */
	fos = snmp_jint(d, "lvs_flush_on_stop");
	snmp_add_int(vars, SNMP_T_INT, fos == 1 ? 1 : fos == 2 ? 3 : 2, g, n,
	    11, 0, -1);
}

void
snmp_map_keepalived(json_t *doc, const char *version,
    snmp_ifindex_fn ifindex, struct snmp_vars *vars)
{
	snmp_map_global(doc, version, vars);
	snmp_map_vrrp(doc, ifindex, vars);
	snmp_vars_sort(vars);
}

/* The instance (or group) named name in the document, and its index. */
static json_t *
snmp_find(json_t *doc, const char *list, const char *name)
{
	json_t *o;
	size_t i;

	json_array_foreach(json_object_get(doc, list), i, o)
		if (strcmp(snmp_jstr(o, "name"), name) == 0)
			return o;
	return NULL;
}

/*
 * vrrpInstanceStateChange (instance name, state, initial state, router
 * id) and vrrpSyncGroupStateChange (group name, state, router id), as
 * keepalived sends them: the varbinds' OIDs are the columns without an
 * index.
 */
bool
snmp_map_trap(json_t *event, json_t *doc, struct snmp_vars *vars)
{
	static const uint32_t k[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5 };
	static const uint32_t inst_trap[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5,
	    2, 10, 0, 2 };
	static const uint32_t group_trap[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5,
	    2, 10, 0, 1 };
	const size_t n = sizeof(k) / sizeof(k[0]);
	const char *state = snmp_jstr(event, "state"), *name, *rid;
	json_t *inst;
	int s;

	if (strcmp(snmp_jstr(event, "type"), "state") != 0)
		return false;
	if ((s = snmp_vrrp_state(state)) < 1)
		return false;	/* INIT, and what has no VrrpState */
	/* A sync group a reload removed: keepalived 2.2.7 sends no trap
	 * (observed), as it runs none of the group's scripts. */
	if (s == 6 && *snmp_jstr(event, "group") != '\0')
		return false;
	rid = snmp_jstr(json_object_get(doc, "daemon"), "router_id");
	if (*(name = snmp_jstr(event, "instance")) != '\0') {
		snmp_add_oid(vars, inst_trap, sizeof(inst_trap) /
		    sizeof(inst_trap[0]), snmp_trap_oid, 11, -1);
		snmp_add_str(vars, SNMP_T_STRING, name, strlen(name), k, n, 2,
		    3, 1, 2, -1);
		snmp_add_int(vars, SNMP_T_INT, s, k, n, 2, 3, 1, 4, -1);
		inst = snmp_find(doc, "instances", name);
		snmp_add_int(vars, SNMP_T_INT, strcmp(snmp_jstr(inst,
		    "initial_state"), "MASTER") == 0 ? 2 : 1, k, n, 2, 3, 1,
		    5, -1);
	} else if (*(name = snmp_jstr(event, "group")) != '\0') {
		snmp_add_oid(vars, group_trap, sizeof(group_trap) /
		    sizeof(group_trap[0]), snmp_trap_oid, 11, -1);
		snmp_add_str(vars, SNMP_T_STRING, name, strlen(name), k, n, 2,
		    1, 1, 2, -1);
		snmp_add_int(vars, SNMP_T_INT, s, k, n, 2, 1, 1, 3, -1);
	} else
		return false;
	snmp_add_str(vars, SNMP_T_STRING, rid, strlen(rid), k, n, 1, 2, 0, -1);
	return true;
}

json_t *
snmp_current_states(json_t *doc)
{
	static const char *const words[] = { "INIT", "BACKUP", "MASTER",
	    "FAULT" };
	json_t *out = json_array(), *o;
	size_t i;
	int s;

	json_array_foreach(json_object_get(doc, "sync_groups"), i, o)
		if ((s = snmp_group_state(doc, o)) > 0 && s <= 3)
			json_array_append_new(out, json_pack("{s:s,s:s,s:s}",
			    "type", "state", "group", snmp_jstr(o, "name"), "state",
			    words[s]));
	json_array_foreach(json_object_get(doc, "instances"), i, o)
		if ((s = snmp_vrrp_state(snmp_jstr(o, "state"))) > 0 && s <= 3)
			json_array_append_new(out, json_pack("{s:s,s:s,s:s}",
			    "type", "state", "instance", snmp_jstr(o, "name"),
			    "state", words[s]));
	return out;
}
