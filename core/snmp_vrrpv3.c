/*
 * VRRPV3-MIB (RFC 6527) from vigild's status document, as keepalived
 * 2.2.7 serves it (enable_snmp_rfcv3): vrrpv3OperationsTable and
 * vrrpv3AssociatedIpAddrTable for every instance (version 2 ones too, as
 * keepalived lists them), indexed by
 * interface index, VRID and address type (an associated address follows
 * as its octets, without a length, as keepalived writes it), the
 * statistics, and the vrrpv3NewMaster trap.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <string.h>

#include "core/snmp_map.h"

const uint32_t snmp_vrrpv3_oid[] = { 1, 3, 6, 1, 2, 1, 207 };
const size_t snmp_vrrpv3_len = 7;

static const uint32_t ops[] = { 1, 3, 6, 1, 2, 1, 207, 1, 1 };
static const uint32_t stats[] = { 1, 3, 6, 1, 2, 1, 207, 1, 2 };
#define NO	(sizeof(ops) / sizeof(ops[0]))
#define NS	(sizeof(stats) / sizeof(stats[0]))

struct v3_index {
	int	 ifindex, vrid, type;
};

static bool
v3_index(json_t *inst, snmp_ifindex_fn ifindex, struct v3_index *ix)
{
	ix->ifindex = ifindex != NULL ? (int)ifindex(snmp_jstr(inst, "interface")) :
	    0;
	ix->vrid = (int)snmp_jint(inst, "vrid");
	ix->type = strcmp(snmp_jstr(inst, "family"), "inet6") == 0 ? 2 : 1;
	return true;
}

/* newMasterReason: notMaster(0) unless master; then priority(1),
 * preempted(2) or masterNoResponse(3), as the vrrp child says. */
static int
v3_reason(json_t *inst)
{
	long long r = snmp_jint(inst, "master_reason");

	if (strcmp(snmp_jstr(inst, "state"), "MASTER") != 0)
		return 0;
	return r >= 1 && r <= 3 ? (int)r : 3;
}

/* The reason an event gives (vigilctl events' "reason"). */
static int
v3_event_reason(json_t *event, json_t *inst)
{
	const char *r = snmp_jstr(event, "reason");

	if (strcmp(r, "priority") == 0)
		return 1;
	if (strcmp(r, "preempted") == 0)
		return 2;
	if (strcmp(r, "master_no_response") == 0)
		return 3;
	return snmp_jint(inst, "base_priority") == 255 ? 1 : 3;
}

static size_t
v3_addr(const char *s, unsigned char *a)
{
	if (inet_pton(AF_INET, s, a) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, a) == 1)
		return 16;
	return 0;
}

static void
v3_assoc(json_t *inst, const struct v3_index *ix, struct snmp_vars *vars)
{
	unsigned char a[16];
	struct snmp_var *v;
	json_t *vip;
	size_t i, k, n;

	json_array_foreach(json_object_get(inst, "addresses"), i, vip) {
		if (snmp_jint(vip, "excluded") || (n = v3_addr(snmp_jstr(vip, "address"),
		    a)) == 0)
			continue;
		snmp_add_int(vars, SNMP_T_INT, 1, ops, NO, 2, 1, 2, ix->ifindex,
		    ix->vrid, n == 16 ? 2 : 1, -1);
		v = &vars->v[vars->n - 1];
		for (k = 0; k < n && v->len < SNMP_OID_MAX; k++)
			v->oid[v->len++] = a[k];
	}
}

static int
v3_count(json_t *inst)
{
	json_t *vip;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(inst, "addresses"), i, vip)
		n += !snmp_jint(vip, "excluded");
	return n;
}

static void
v3_operations(json_t *inst, const struct v3_index *ix, snmp_hwaddr_fn hw,
    struct snmp_vars *vars)
{
	unsigned char a[16], mac[6];
	const char *state = snmp_jstr(inst, "state");
	json_t *m = json_object_get(inst, "master");
	size_t n;
	double since;

#define O(col, t, val) snmp_add_int(vars, t, val, ops, NO, 1, 1, col, \
	ix->ifindex, ix->vrid, ix->type, -1)
	/* The master's address: ours as master, the last heard else. */
	if ((n = v3_addr(snmp_jstr(m, "address"), a)) == 0 &&
	    (n = v3_addr(snmp_jstr(inst, "primary"), a)) == 0)
		n = ix->type == 2 ? 16 : 4, memset(a, 0, sizeof(a));
	snmp_add_str(vars, SNMP_T_OCTETS, a, n, ops, NO, 1, 1, 3, ix->ifindex,
	    ix->vrid, ix->type, -1);
	if ((n = v3_addr(snmp_jstr(inst, "primary"), a)) == 0)
		n = ix->type == 2 ? 16 : 4, memset(a, 0, sizeof(a));
	snmp_add_str(vars, SNMP_T_OCTETS, a, n, ops, NO, 1, 1, 4, ix->ifindex,
	    ix->vrid, ix->type, -1);
	if (hw != NULL && hw(snmp_jstr(inst, "interface"), mac))
		snmp_add_str(vars, SNMP_T_OCTETS, mac, 6, ops, NO, 1, 1, 5,
		    ix->ifindex, ix->vrid, ix->type, -1);
	/* initialize(1), backup(2), master(3) */
	O(6, SNMP_T_INT, strcmp(state, "MASTER") == 0 ? 3 :
	    strcmp(state, "BACKUP") == 0 ? 2 : 1);
	O(7, SNMP_T_GAUGE, snmp_jint(inst, "priority"));
	O(8, SNMP_T_INT, v3_count(inst));
	O(9, SNMP_T_INT, snmp_jint(inst, "advert_cs"));
	O(10, SNMP_T_INT, snmp_jint(inst, "nopreempt") ? 2 : 1);
	O(11, SNMP_T_INT, snmp_jint(inst, "accept") ? 1 : 2);
	since = json_real_value(json_object_get(inst, "since"));
	O(12, SNMP_T_TICKS, (long long)(since * 100));
	O(13, SNMP_T_INT, 1);	/* active */
#undef O
}

static void
v3_statistics(json_t *inst, const struct v3_index *ix,
    struct snmp_vars *vars)
{
#define S(col, t, val) snmp_add_int(vars, t, val, stats, NS, 5, 1, \
	col, ix->ifindex, ix->vrid, ix->type, -1)
	S(1, SNMP_T_COUNTER32, snmp_jstat(inst, "became_master"));
	S(2, SNMP_T_INT, v3_reason(inst));
	S(3, SNMP_T_COUNTER64, snmp_jstat(inst, "adverts_received"));
	S(4, SNMP_T_COUNTER64, snmp_jrx(inst, "interval"));
	S(5, SNMP_T_COUNTER64, snmp_jrx(inst, "ttl"));
	S(6, SNMP_T_INT, 0);	/* noError */
	S(7, SNMP_T_COUNTER64, snmp_jstat(inst, "prio0_received"));
	S(8, SNMP_T_COUNTER64, snmp_jstat(inst, "prio0_sent"));
	S(9, SNMP_T_COUNTER64, snmp_jrx(inst, "type"));
	S(10, SNMP_T_COUNTER64, snmp_jrx(inst, "addr_list") +
	    snmp_jrx(inst, "addr_count"));
	S(11, SNMP_T_COUNTER64, snmp_jrx(inst, "too_short") + snmp_jrx(inst, "length") +
	    snmp_jrx(inst, "truncated"));
	S(12, SNMP_T_TICKS, 0);
	S(13, SNMP_T_GAUGE, snmp_jint(inst, "advert_cs") * 10);	/* ms */
#undef S
}

void
snmp_map_vrrpv3(json_t *doc, snmp_ifindex_fn ifindex, snmp_hwaddr_fn hw,
    struct snmp_vars *vars)
{
	long long csum = 0, version = 0, vrid = 0;
	struct v3_index ix;
	json_t *inst;
	size_t i;

	json_array_foreach(json_object_get(doc, "instances"), i, inst) {
		csum += snmp_jrx(inst, "checksum");
		version += snmp_jrx(inst, "version");
		vrid += snmp_jrx(inst, "vrid");
		if (!v3_index(inst, ifindex, &ix))
			continue;
		v3_operations(inst, &ix, hw, vars);
		v3_assoc(inst, &ix, vars);
		v3_statistics(inst, &ix, vars);
	}
	snmp_add_int(vars, SNMP_T_COUNTER64, csum, stats, NS, 1, 0, -1);
	snmp_add_int(vars, SNMP_T_COUNTER64, version, stats, NS, 2, 0, -1);
	snmp_add_int(vars, SNMP_T_COUNTER64, vrid, stats, NS, 3, 0, -1);
	snmp_add_int(vars, SNMP_T_TICKS, 0, stats, NS, 4, 0, -1);
}

/* vrrpv3NewMaster: the master's address and why it became master. */
bool
snmp_map_trap_vrrpv3(json_t *event, json_t *doc, snmp_ifindex_fn ifindex,
    struct snmp_vars *vars)
{
	static const uint32_t trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
	static const uint32_t trap[] = { 1, 3, 6, 1, 2, 1, 207, 0, 1 };
	const char *name = snmp_jstr(event, "instance");
	struct v3_index ix;
	unsigned char a[16];
	json_t *inst = NULL, *o;
	size_t i, n;

	if (strcmp(snmp_jstr(event, "type"), "state") != 0 || *name == '\0' ||
	    strcmp(snmp_jstr(event, "state"), "MASTER") != 0)
		return false;
	json_array_foreach(json_object_get(doc, "instances"), i, o)
		if (strcmp(snmp_jstr(o, "name"), name) == 0)
			inst = o;
	if (inst == NULL || !v3_index(inst, ifindex, &ix) ||
	    (n = v3_addr(snmp_jstr(inst, "primary"), a)) == 0)
		return false;
	snmp_add_oid(vars, trap, sizeof(trap) / sizeof(trap[0]), trap_oid, 11,
	    -1);
	snmp_add_str(vars, SNMP_T_OCTETS, a, n, ops, NO, 1, 1, 3, ix.ifindex,
	    ix.vrid, ix.type, -1);
	snmp_add_int(vars, SNMP_T_INT, v3_event_reason(event, inst), stats,
	    NS, 5, 1, 2, ix.ifindex, ix.vrid, ix.type, -1);
	return true;
}
