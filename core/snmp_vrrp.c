/*
 * KEEPALIVED-MIB's VRRP tables from vigild's status document, as
 * keepalived 2.2.7 serves them: vrrpSyncGroupTable,
 * vrrpSyncGroupMemberTable, vrrpInstanceTable and vrrpAddressTable.
 * Rows are numbered from 1 in configuration order (the order of the
 * status records). Like keepalived 2.2.7, no rows are served for the
 * tracked interface, tracked script and script tables.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <string.h>

#include "core/snmp_map.h"

static const uint32_t vrrp[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5, 2 };
#define NV	(sizeof(vrrp) / sizeof(vrrp[0]))

/* VrrpState: init(0), backup(1), master(2), fault(3), shutdown(5),
 * deleted(6); -1 for a word it does not know. */
int
snmp_vrrp_state(const char *state)
{
	if (strcmp(state, "BACKUP") == 0)
		return 1;
	if (strcmp(state, "MASTER") == 0)
		return 2;
	if (strcmp(state, "FAULT") == 0)
		return 3;
	if (strcmp(state, "INIT") == 0 || strcmp(state, "WAITING") == 0)
		return 0;
	if (strcmp(state, "STOP") == 0)
		return 5;
	if (strcmp(state, "DELETED") == 0)
		return 6;
	return -1;
}

/* A string column, served only when not empty (keepalived's way). */
static void
add_text(struct snmp_vars *vars, const char *s, int table, int col,
    int idx1, int idx2)
{
	if (*s == '\0')
		return;
	if (idx2 < 0)
		snmp_add_str(vars, SNMP_T_STRING, s, strlen(s), vrrp, NV, table,
		    1, col, idx1, -1);
	else
		snmp_add_str(vars, SNMP_T_STRING, s, strlen(s), vrrp, NV, table,
		    1, col, idx1, idx2, -1);
}

static bool
has_notify(json_t *o)
{
	static const char *const keys[] = { "notify", "notify_master",
	    "notify_backup", "notify_fault", "notify_stop",
	    "notify_master_rx_lower_pri", NULL };
	const char *const *k;

	for (k = keys; *k != NULL; k++)
		if (*snmp_jstr(o, *k) != '\0')
			return true;
	return false;
}

/* A group's state: its members'. FAULT if one is, MASTER if all are,
 * else BACKUP (INIT while none has started). */
int
snmp_group_state(json_t *doc, json_t *g)
{
	json_t *m, *inst;
	size_t i, j;
	int s, masters = 0, started = 0, n = 0;

	json_array_foreach(json_object_get(g, "members"), i, m) {
		n++;
		json_array_foreach(json_object_get(doc, "instances"), j, inst) {
			if (strcmp(snmp_jstr(inst, "name"),
			    json_string_value(m)) != 0)
				continue;
			s = snmp_vrrp_state(snmp_jstr(inst, "state"));
			if (s == 3)
				return 3;
			masters += s == 2;
			started += s > 0;
		}
	}
	if (started == 0)
		return 0;
	return masters == n ? 2 : 1;
}

static void
map_groups(json_t *doc, struct snmp_vars *vars)
{
	json_t *g, *m;
	size_t i, j;
	int gi;

	json_array_foreach(json_object_get(doc, "sync_groups"), i, g) {
		gi = (int)i + 1;
		add_text(vars, snmp_jstr(g, "name"), 1, 2, gi, -1);
		snmp_add_int(vars, SNMP_T_INT, snmp_group_state(doc, g), vrrp, NV,
		    1, 1, 3, gi, -1);
		snmp_add_int(vars, SNMP_T_INT, snmp_tv(snmp_jint(g, "smtp_alert")), vrrp,
		    NV, 1, 1, 4, gi, -1);
		snmp_add_int(vars, SNMP_T_INT, snmp_tv(has_notify(g)), vrrp, NV, 1,
		    1, 5, gi, -1);
		add_text(vars, snmp_jstr(g, "notify_master"), 1, 6, gi, -1);
		add_text(vars, snmp_jstr(g, "notify_backup"), 1, 7, gi, -1);
		add_text(vars, snmp_jstr(g, "notify_fault"), 1, 8, gi, -1);
		add_text(vars, snmp_jstr(g, "notify"), 1, 9, gi, -1);
		snmp_add_int(vars, SNMP_T_INT, 2, vrrp, NV, 1, 1, 10, gi, -1);
		add_text(vars, snmp_jstr(g, "notify_stop"), 1, 11, gi, -1);
		json_array_foreach(json_object_get(g, "members"), j, m)
			add_text(vars, json_string_value(m), 2, 2, gi,
			    (int)j + 1);
	}
}

/* InetScopeType of an rtnetlink scope. */
static int
inet_scope(long long rt)
{
	switch (rt) {
	case 254: return 1;	/* host: interfaceLocal */
	case 253: return 2;	/* link: linkLocal */
	case 200: return 5;	/* site: siteLocal */
	default: return 14;	/* global */
	}
}

static void
map_addresses(json_t *inst, int ii, snmp_ifindex_fn ifindex,
    struct snmp_vars *vars)
{
	bool v3v4 = snmp_jint(inst, "version") == 3 &&
	    strcmp(snmp_jstr(inst, "family"), "inet") == 0;
	unsigned char a[16], zero[4] = { 0 };
	const char *dev;
	json_t *v;
	size_t i;
	int ai, v6;

	json_array_foreach(json_object_get(inst, "addresses"), i, v) {
		ai = (int)i + 1;
		v6 = strcmp(snmp_jstr(v, "family"), "inet6") == 0;
		if (inet_pton(v6 ? AF_INET6 : AF_INET, snmp_jstr(v, "address"), a)
		    != 1)
			continue;
		dev = snmp_jstr(v, "dev");
		snmp_add_int(vars, SNMP_T_INT, v6 ? 2 : 1, vrrp, NV, 6, 1, 2, ii,
		    ai, -1);
		snmp_add_str(vars, SNMP_T_OCTETS, a, v6 ? 16 : 4, vrrp, NV, 6,
		    1, 3, ii, ai, -1);
		if (!v6)
			snmp_add_str(vars, SNMP_T_OCTETS, zero, 4, vrrp, NV, 6,
			    1, 4, ii, ai, -1);
		snmp_add_int(vars, SNMP_T_GAUGE, snmp_jint(v, "prefix"), vrrp, NV, 6,
		    1, 5, ii, ai, -1);
		snmp_add_int(vars, SNMP_T_INT, inet_scope(snmp_jint(v, "scope")),
		    vrrp, NV, 6, 1, 6, ii, ai, -1);
		snmp_add_int(vars, SNMP_T_INT, ifindex != NULL ? ifindex(dev) :
		    0, vrrp, NV, 6, 1, 7, ii, ai, -1);
		add_text(vars, dev, 6, 8, ii, ai);
		add_text(vars, snmp_jstr(v, "label"), 6, 9, ii, ai);
		snmp_add_int(vars, SNMP_T_INT, snmp_tv(snmp_jint(v, "set")), vrrp, NV, 6,
		    1, 10, ii, ai, -1);
		/* keepalived 2.2.7: advertising(1) only for the IPv4
		 * addresses of virtual_ipaddress of a version 3 IPv4
		 * instance; 2 for the others (version 2, IPv6, excluded). */
		snmp_add_int(vars, SNMP_T_INT, snmp_tv(v3v4 && !snmp_jint(v, "excluded")
		    && !v6), vrrp, NV, 6, 1, 11, ii, ai, -1);
	}
}

static void
map_instance(json_t *o, int ii, struct snmp_vars *vars)
{
	unsigned char mc[16];
	const char *mcast = snmp_jstr(o, "mcast");
	int s = snmp_vrrp_state(snmp_jstr(o, "state")), v6;

#define I(col, type, val) \
	snmp_add_int(vars, type, val, vrrp, NV, 3, 1, col, ii, -1)
	add_text(vars, snmp_jstr(o, "name"), 3, 2, ii, -1);
	I(3, SNMP_T_GAUGE, snmp_jint(o, "vrid"));
	I(4, SNMP_T_INT, s < 0 ? 4 : s);
	I(5, SNMP_T_INT, strcmp(snmp_jstr(o, "initial_state"), "MASTER") == 0 ?
	    2 : 1);
	I(6, SNMP_T_INT, s < 0 ? 4 : s);
	I(7, SNMP_T_INT, snmp_jint(o, "base_priority"));
	I(8, SNMP_T_INT, snmp_jint(o, "priority"));
	I(9, SNMP_T_INT, snmp_tv(snmp_jint(o, "vips_set")));
	add_text(vars, snmp_jstr(o, "interface"), 3, 10, ii, -1);
	/* keepalived 2.2.7 serves notTracked(2) whether or not the
	 * primary interface is tracked. */
	I(11, SNMP_T_INT, 2);
	/* keepalived 2.2.7: seconds for version 2, centiseconds for 3. */
	I(12, SNMP_T_GAUGE, snmp_jint(o, "version") == 2 ?
	    snmp_jint(o, "advert_cs") / 100 : snmp_jint(o, "advert_cs"));
	I(13, SNMP_T_INT, snmp_tv(!snmp_jint(o, "nopreempt")));
	I(14, SNMP_T_GAUGE, snmp_jint(o, "preempt_delay_cs") / 100);
	I(15, SNMP_T_INT, snmp_jint(o, "auth_type"));
	I(16, SNMP_T_INT, 2);	/* no lvs_sync_daemon instance */
	add_text(vars, snmp_jstr(o, "group"), 3, 18, ii, -1);
	I(19, SNMP_T_GAUGE, snmp_jint(o, "garp_delay"));
	I(20, SNMP_T_INT, snmp_tv(snmp_jint(o, "smtp_alert")));
	I(21, SNMP_T_INT, snmp_tv(has_notify(o)));
	add_text(vars, snmp_jstr(o, "notify_master"), 3, 22, ii, -1);
	add_text(vars, snmp_jstr(o, "notify_backup"), 3, 23, ii, -1);
	add_text(vars, snmp_jstr(o, "notify_fault"), 3, 24, ii, -1);
	add_text(vars, snmp_jstr(o, "notify_stop"), 3, 25, ii, -1);
	add_text(vars, snmp_jstr(o, "notify"), 3, 26, ii, -1);
	/* accept: 0 for version 2 (keepalived 2.2.7's value). */
	I(27, SNMP_T_INT, snmp_jint(o, "version") == 2 ? 0 :
	    snmp_tv(snmp_jint(o, "accept")));
	I(28, SNMP_T_INT, snmp_tv(snmp_jint(o, "promote_secondaries")));
	I(29, SNMP_T_INT, 2);	/* use_linkbeat */
	I(30, SNMP_T_INT, snmp_jint(o, "version"));
	add_text(vars, snmp_jstr(o, "notify_master_rx_lower_pri"), 3, 31, ii, -1);
	I(33, SNMP_T_INT, 2);	/* notify_deleted */
	v6 = strchr(mcast, ':') != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, mcast, mc) == 1) {
		I(34, SNMP_T_INT, v6 ? 2 : 1);
		snmp_add_str(vars, SNMP_T_OCTETS, mc, v6 ? 16 : 4, vrrp, NV, 3,
		    1, 35, ii, -1);
	}
#undef I
}

void
snmp_map_vrrp(json_t *doc, snmp_ifindex_fn ifindex, struct snmp_vars *vars)
{
	json_t *o;
	size_t i;

	map_groups(doc, vars);
	json_array_foreach(json_object_get(doc, "instances"), i, o) {
		map_instance(o, (int)i + 1, vars);
		map_addresses(o, (int)i + 1, ifindex, vars);
	}
}
