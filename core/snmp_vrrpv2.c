/*
 * VRRP-MIB (RFC 2787) from vigild's status document, as keepalived
 * 2.2.7 serves it (enable_snmp_rfcv2): vrrpOperTable and
 * vrrpAssoIpAddrTable for the version 2 instances (indexed by interface
 * index and VRID), the statistics, and the vrrpTrapNewMaster trap.
 * keepalived's ways kept: vrrpOperMasterIpAddr is 0.0.0.0 while this
 * node is master, vrrpOperAuthKey is never served, vrrpOperVirtualMacAddr
 * is the interface's MAC address.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <string.h>

#include "core/snmp_map.h"

const uint32_t snmp_vrrpv2_oid[] = { 1, 3, 6, 1, 2, 1, 68 };
const size_t snmp_vrrpv2_len = 7;

static const uint32_t ops[] = { 1, 3, 6, 1, 2, 1, 68, 1 };
static const uint32_t stats[] = { 1, 3, 6, 1, 2, 1, 68, 2 };
#define NO	(sizeof(ops) / sizeof(ops[0]))
#define NS	(sizeof(stats) / sizeof(stats[0]))

static bool
v2_index(json_t *inst, snmp_ifindex_fn ifindex, int *ifx, int *vrid)
{
	if (snmp_jint(inst, "version") != 2 ||
	    strcmp(snmp_jstr(inst, "family"), "inet") != 0)
		return false;
	*ifx = ifindex != NULL ? (int)ifindex(snmp_jstr(inst, "interface")) : 0;
	*vrid = (int)snmp_jint(inst, "vrid");
	return true;
}

static void
v2_addr(const char *s, unsigned char a[4])
{
	if (inet_pton(AF_INET, s, a) != 1)
		memset(a, 0, 4);
}

static void
v2_oper(json_t *inst, int ifx, int vrid, snmp_hwaddr_fn hw,
    struct snmp_vars *vars)
{
	const char *state = snmp_jstr(inst, "state");
	bool master = strcmp(state, "MASTER") == 0;
	unsigned char a[4], mac[6];
	json_t *vip;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(inst, "addresses"), i, vip)
		n += !snmp_jint(vip, "excluded");
#define O(col, t, val) snmp_add_int(vars, t, val, ops, NO, 3, 1, col, ifx, \
	vrid, -1)
	if (hw != NULL && hw(snmp_jstr(inst, "interface"), mac))
		snmp_add_str(vars, SNMP_T_OCTETS, mac, 6, ops, NO, 3, 1, 2,
		    ifx, vrid, -1);
	/* initialize(1), backup(2), master(3) */
	O(3, SNMP_T_INT, master ? 3 : strcmp(state, "BACKUP") == 0 ? 2 : 1);
	O(4, SNMP_T_INT, 1);	/* adminState up */
	O(5, SNMP_T_INT, snmp_jint(inst, "priority"));
	O(6, SNMP_T_INT, n);
	v2_addr(master ? "" : snmp_jstr(json_object_get(inst, "master"),
	    "address"), a);
	snmp_add_str(vars, SNMP_T_IPADDR, a, 4, ops, NO, 3, 1, 7, ifx, vrid,
	    -1);
	v2_addr(snmp_jstr(inst, "primary"), a);
	snmp_add_str(vars, SNMP_T_IPADDR, a, 4, ops, NO, 3, 1, 8, ifx, vrid,
	    -1);
	/* noAuthentication(1), simpleTextPassword(2), ipAuthenticationHeader(3) */
	O(9, SNMP_T_INT, snmp_jint(inst, "auth_type") + 1);
	O(11, SNMP_T_INT, snmp_jint(inst, "advert_cs") / 100);
	O(12, SNMP_T_INT, snmp_jint(inst, "nopreempt") ? 2 : 1);
	O(13, SNMP_T_TICKS, (long long)(json_real_value(json_object_get(inst,
	    "since")) * 100));
	O(14, SNMP_T_INT, 1);	/* ip */
	O(15, SNMP_T_INT, 1);	/* active */
#undef O
	json_array_foreach(json_object_get(inst, "addresses"), i, vip) {
		if (snmp_jint(vip, "excluded") ||
		    inet_pton(AF_INET, snmp_jstr(vip, "address"), a) != 1)
			continue;
		snmp_add_int(vars, SNMP_T_INT, 1, ops, NO, 4, 1, 2, ifx, vrid,
		    a[0], a[1], a[2], a[3], -1);
	}
}

static void
v2_stats(json_t *inst, int ifx, int vrid, struct snmp_vars *vars)
{
	const long long c[12] = {
		snmp_jstat(inst, "became_master"), snmp_jstat(inst, "adverts_received"),
		snmp_jrx(inst, "interval"), snmp_jrx(inst, "auth"), snmp_jrx(inst, "ttl"),
		snmp_jstat(inst, "prio0_received"), snmp_jstat(inst, "prio0_sent"),
		snmp_jrx(inst, "type"), snmp_jrx(inst, "addr_list") + snmp_jrx(inst, "addr_count"),
		snmp_jrx(inst, "auth_type"), 0,
		snmp_jrx(inst, "too_short") + snmp_jrx(inst, "length") +
		    snmp_jrx(inst, "truncated"),
	};
	int col;

	for (col = 1; col <= 12; col++)
		snmp_add_int(vars, SNMP_T_COUNTER32, c[col - 1], stats, NS, 4,
		    1, col, ifx, vrid, -1);
}

void
snmp_map_vrrpv2(json_t *doc, bool traps, snmp_ifindex_fn ifindex,
    snmp_hwaddr_fn hw, struct snmp_vars *vars)
{
	long long csum = 0, version = 0, vrid_err = 0;
	json_t *inst;
	size_t i;
	int ifx, vrid;

	snmp_add_int(vars, SNMP_T_INT, 2, ops, NO, 1, 0, -1);	/* version */
	snmp_add_int(vars, SNMP_T_INT, traps ? 1 : 2, ops, NO, 2, 0, -1);
	json_array_foreach(json_object_get(doc, "instances"), i, inst) {
		csum += snmp_jrx(inst, "checksum");
		version += snmp_jrx(inst, "version");
		vrid_err += snmp_jrx(inst, "vrid");
		if (!v2_index(inst, ifindex, &ifx, &vrid))
			continue;
		v2_oper(inst, ifx, vrid, hw, vars);
		v2_stats(inst, ifx, vrid, vars);
	}
	snmp_add_int(vars, SNMP_T_COUNTER32, csum, stats, NS, 1, 0, -1);
	snmp_add_int(vars, SNMP_T_COUNTER32, version, stats, NS, 2, 0, -1);
	snmp_add_int(vars, SNMP_T_COUNTER32, vrid_err, stats, NS, 3, 0, -1);
}

/* vrrpTrapNewMaster: this node's address as vrrpOperMasterIpAddr. */
bool
snmp_map_trap_vrrpv2(json_t *event, json_t *doc, snmp_ifindex_fn ifindex,
    struct snmp_vars *vars)
{
	static const uint32_t trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
	static const uint32_t trap[] = { 1, 3, 6, 1, 2, 1, 68, 0, 1 };
	const char *name = snmp_jstr(event, "instance");
	unsigned char a[4];
	json_t *inst = NULL, *o;
	size_t i;
	int ifx, vrid;

	if (strcmp(snmp_jstr(event, "type"), "state") != 0 || *name == '\0' ||
	    strcmp(snmp_jstr(event, "state"), "MASTER") != 0)
		return false;
	json_array_foreach(json_object_get(doc, "instances"), i, o)
		if (strcmp(snmp_jstr(o, "name"), name) == 0)
			inst = o;
	if (inst == NULL || !v2_index(inst, ifindex, &ifx, &vrid))
		return false;
	v2_addr(snmp_jstr(inst, "primary"), a);
	snmp_add_oid(vars, trap, sizeof(trap) / sizeof(trap[0]), trap_oid, 11,
	    -1);
	snmp_add_str(vars, SNMP_T_IPADDR, a, 4, ops, NO, 3, 1, 7, ifx, vrid,
	    -1);
	return true;
}
