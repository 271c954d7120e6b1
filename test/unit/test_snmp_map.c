/* Unit tests for the SNMP agent's mapping (core/snmp_map.c,
 * core/snmp_vrrp.c): status records -> KEEPALIVED-MIB variables, with
 * keepalived 2.2.7's values (those t_snmp_keepalived saw it serve);
 * lookups for GET and GETNEXT; events -> traps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/snmp_map.h"
#include "core/vigilctl.h"

static const char records[] =
    "daemon\tpid=42\tconfig=/etc/vigil/vigil.conf\tgeneration=1"
    "\tvrrp_pid=43\tcheck_pid=44\trouter_id=r1\tsnmp_vrrp=1\tsnmp_traps=1"
    "\tlinkbeat_polling=0\tlvs_flush=0\tlvs_flush_on_stop=2"
    "\tdynamic_interfaces=0\tnet_namespace=\tsmtp_server=192.0.2.25"
    "\tsmtp_port=25\tsmtp_connect_timeout=30\temail_from=a@example.com"
    "\temail_faults=1\tsmtp_alert=0\tsmtp_alert_vrrp=1"
    "\tsmtp_alert_checker=0\temails=x@example.com,y@example.com\n"
    "instance\tname=VI_1\tinterface=eth0\tvrid=51\tversion=3\tfamily=inet"
    "\tstate=MASTER\tbase_priority=100\tpriority=100\tgroup=G1"
    "\tadjust=\tfault=\tmaster=192.0.2.1\tmaster_priority=100"
    "\tvips=192.0.2.10/24\tsince=1.00\ttransitions=2\tinitial_state=BACKUP"
    "\tadvert_cs=100\tnopreempt=0\tpreempt_delay_cs=500\tauth_type=0"
    "\taccept=1\tpromote_secondaries=0\tdont_track_primary=0"
    "\tgarp_delay=5\tsmtp_alert=0\tunicast=0\tmcast=224.0.0.18"
    "\tvips_set=1\tprimary=192.0.2.1\tmaster_reason=1"
    "\tnotify_master=/bin/true master\n"
    "vip\tinstance=VI_1\taddress=192.0.2.10\tfamily=inet\tprefix=24"
    "\tscope=0\tdev=eth0\tlabel=\texcluded=0\tset=1\n"
    "vip\tinstance=VI_1\taddress=192.0.2.11\tfamily=inet\tprefix=32"
    "\tscope=253\tdev=eth0\tlabel=eth0:1\texcluded=0\tset=1\n"
    "vip\tinstance=VI_1\taddress=2001:db8::10\tfamily=inet6\tprefix=128"
    "\tscope=0\tdev=eth0\tlabel=\texcluded=1\tset=1\n"
    "instance\tname=VI_6\tinterface=eth1\tvrid=52\tversion=3"
    "\tfamily=inet6\tstate=BACKUP\tbase_priority=90\tpriority=90\tgroup="
    "\tadjust=\tfault=\tmaster=\tmaster_priority=0\tvips=\tsince="
    "\tinitial_state=MASTER\tadvert_cs=50\tnopreempt=1"
    "\tpreempt_delay_cs=0\tauth_type=0\taccept=0\tpromote_secondaries=1"
    "\tdont_track_primary=0\tgarp_delay=5\tsmtp_alert=1\tunicast=0"
    "\tmcast=ff02::12\tvips_set=0\tprimary=fe80::1\tmaster_reason=0\n"
    "vip\tinstance=VI_6\taddress=2001:db8::20\tfamily=inet6\tprefix=128"
    "\tscope=0\tdev=eth1\tlabel=\texcluded=0\tset=0\n"
    "sync_group\tname=G1\tmembers=VI_1\tnotify=/bin/notify\n";

static const uint32_t K[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5 };

static unsigned int
fake_ifindex(const char *name)
{
	return strcmp(name, "eth0") == 0 ? 18 : strcmp(name, "eth1") == 0 ?
	    19 : 0;
}

/* The variable at K + the subidentifiers (-1 ended), or NULL. */
static const struct snmp_var *
get(const struct snmp_vars *vars, ...)
{
	uint32_t oid[SNMP_OID_MAX];
	size_t n = 9;
	va_list ap;
	int sub;

	memcpy(oid, K, sizeof(K));
	va_start(ap, vars);
	while ((sub = va_arg(ap, int)) != -1)
		oid[n++] = (uint32_t)sub;
	va_end(ap);
	return snmp_vars_find(vars, oid, n, false);
}

static void
map(struct snmp_vars *vars, json_t **doc)
{
	*doc = ctl_records_parse(records);
	memset(vars, 0, sizeof(*vars));
	snmp_map_keepalived(*doc, "vigil test", fake_ifindex, vars);
}

static void
assert_int(const struct snmp_var *v, enum snmp_type type, long long num)
{
	assert_non_null(v);
	assert_int_equal(v->type, type);
	assert_int_equal(v->num, num);
}

static void
assert_str(const struct snmp_var *v, const char *s)
{
	assert_non_null(v);
	assert_int_equal(v->type, SNMP_T_STRING);
	assert_int_equal(v->slen, strlen(s));
	assert_memory_equal(v->str, s, strlen(s));
}

static void
test_records(void **state)
{
	json_t *doc = ctl_records_parse(records), *inst, *g;

	inst = json_array_get(json_object_get(doc, "instances"), 0);
	assert_int_equal(json_array_size(json_object_get(inst, "addresses")),
	    3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(inst, "addresses"), 1), "label")), "eth0:1");
	g = json_array_get(json_object_get(doc, "sync_groups"), 0);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(g, "members"), 0)), "VI_1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    doc, "daemon"), "router_id")), "r1");
	json_decref(doc);
}

static void
test_global(void **state)
{
	static const unsigned char smtp[] = { 192, 0, 2, 25 };
	struct snmp_vars vars;
	const struct snmp_var *v;
	json_t *doc;

	map(&vars, &doc);
	assert_str(get(&vars, 1, 1, 0, -1), "vigil test");
	assert_str(get(&vars, 1, 2, 0, -1), "r1");
	assert_int(get(&vars, 1, 3, 1, 0, -1), SNMP_T_INT, 1);	/* ipv4 */
	v = get(&vars, 1, 3, 2, 0, -1);
	assert_non_null(v);
	assert_int_equal(v->slen, 4);
	assert_memory_equal(v->str, smtp, 4);
	assert_int(get(&vars, 1, 3, 3, 0, -1), SNMP_T_GAUGE, 30);
	assert_str(get(&vars, 1, 3, 4, 0, -1), "a@example.com");
	assert_str(get(&vars, 1, 3, 5, 1, 2, 2, -1), "y@example.com");
	assert_int(get(&vars, 1, 3, 6, 0, -1), SNMP_T_GAUGE, 25);
	assert_int(get(&vars, 1, 3, 8, 0, -1), SNMP_T_INT, 3);	/* unset */
	assert_int(get(&vars, 1, 3, 9, 0, -1), SNMP_T_INT, 1);	/* on */
	assert_int(get(&vars, 1, 4, 0, -1), SNMP_T_INT, 1);	/* traps */
	assert_int(get(&vars, 1, 5, 0, -1), SNMP_T_INT, 1);	/* netlink */
	assert_int(get(&vars, 1, 11, 0, -1), SNMP_T_INT, 3);	/* flushVS */
	snmp_vars_clear(&vars);
	json_decref(doc);
}

/* keepalived's values for an unset smtp_server. */
static void
test_no_smtp(void **state)
{
	struct snmp_vars vars = { 0 };
	json_t *doc = json_pack("{s:{s:s,s:s},s:[],s:[]}", "daemon",
	    "router_id", "r", "smtp_server", "", "instances", "sync_groups");
	const struct snmp_var *v;

	snmp_map_keepalived(doc, "v", fake_ifindex, &vars);
	assert_int(get(&vars, 1, 3, 1, 0, -1), SNMP_T_INT, 2);
	v = get(&vars, 1, 3, 2, 0, -1);
	assert_non_null(v);
	assert_int_equal(v->slen, 4);
	assert_int(get(&vars, 1, 3, 3, 0, -1), SNMP_T_GAUGE, 0);
	assert_null(get(&vars, 1, 3, 4, 0, -1));
	assert_int(get(&vars, 1, 3, 7, 0, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 1, 11, 0, -1), SNMP_T_INT, 2);
	snmp_vars_clear(&vars);
	json_decref(doc);
}

static void
test_instances(void **state)
{
	static const unsigned char mc6[16] = { 0xff, 2, [15] = 0x12 };
	struct snmp_vars vars;
	const struct snmp_var *v;
	json_t *doc;

	map(&vars, &doc);
	assert_str(get(&vars, 2, 3, 1, 2, 2, -1), "VI_6");
	assert_int(get(&vars, 2, 3, 1, 3, 1, -1), SNMP_T_GAUGE, 51);
	assert_int(get(&vars, 2, 3, 1, 4, 1, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 3, 1, 4, 2, -1), SNMP_T_INT, 1);
	assert_int(get(&vars, 2, 3, 1, 5, 2, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 3, 1, 9, 2, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 3, 1, 11, 1, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 3, 1, 12, 2, -1), SNMP_T_GAUGE, 50);
	assert_int(get(&vars, 2, 3, 1, 13, 2, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 3, 1, 14, 1, -1), SNMP_T_GAUGE, 5);
	assert_str(get(&vars, 2, 3, 1, 18, 1, -1), "G1");
	assert_null(get(&vars, 2, 3, 1, 18, 2, -1));	/* no group */
	assert_int(get(&vars, 2, 3, 1, 20, 2, -1), SNMP_T_INT, 1);
	assert_int(get(&vars, 2, 3, 1, 21, 1, -1), SNMP_T_INT, 1);
	assert_int(get(&vars, 2, 3, 1, 21, 2, -1), SNMP_T_INT, 2);
	assert_str(get(&vars, 2, 3, 1, 22, 1, -1), "/bin/true master");
	assert_int(get(&vars, 2, 3, 1, 27, 2, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 3, 1, 28, 2, -1), SNMP_T_INT, 1);
	assert_int(get(&vars, 2, 3, 1, 34, 2, -1), SNMP_T_INT, 2);
	v = get(&vars, 2, 3, 1, 35, 2, -1);
	assert_non_null(v);
	assert_int_equal(v->slen, 16);
	assert_memory_equal(v->str, mc6, 16);
	/* The sync group: its state from its member's, its members. */
	assert_str(get(&vars, 2, 1, 1, 2, 1, -1), "G1");
	assert_int(get(&vars, 2, 1, 1, 3, 1, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 1, 1, 5, 1, -1), SNMP_T_INT, 1);
	assert_str(get(&vars, 2, 1, 1, 9, 1, -1), "/bin/notify");
	assert_str(get(&vars, 2, 2, 1, 2, 1, 1, -1), "VI_1");
	snmp_vars_clear(&vars);
	json_decref(doc);
}

static void
test_addresses(void **state)
{
	static const unsigned char a6[16] = { 0x20, 0x01, 0x0d, 0xb8,
	    [15] = 0x20 };
	struct snmp_vars vars;
	const struct snmp_var *v;
	json_t *doc;

	map(&vars, &doc);
	assert_int(get(&vars, 2, 6, 1, 2, 1, 3, -1), SNMP_T_INT, 2);
	v = get(&vars, 2, 6, 1, 3, 2, 1, -1);
	assert_non_null(v);
	assert_int_equal(v->type, SNMP_T_OCTETS);
	assert_memory_equal(v->str, a6, 16);
	assert_non_null(get(&vars, 2, 6, 1, 4, 1, 1, -1));	/* brd v4 */
	assert_null(get(&vars, 2, 6, 1, 4, 2, 1, -1));		/* none v6 */
	assert_int(get(&vars, 2, 6, 1, 5, 1, 1, -1), SNMP_T_GAUGE, 24);
	assert_int(get(&vars, 2, 6, 1, 6, 1, 1, -1), SNMP_T_INT, 14);
	assert_int(get(&vars, 2, 6, 1, 6, 1, 2, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 6, 1, 7, 2, 1, -1), SNMP_T_INT, 19);
	assert_str(get(&vars, 2, 6, 1, 9, 1, 2, -1), "eth0:1");
	assert_null(get(&vars, 2, 6, 1, 9, 1, 1, -1));
	assert_int(get(&vars, 2, 6, 1, 10, 2, 1, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 6, 1, 11, 1, 1, -1), SNMP_T_INT, 1);
	assert_int(get(&vars, 2, 6, 1, 11, 1, 3, -1), SNMP_T_INT, 2);
	assert_int(get(&vars, 2, 6, 1, 11, 2, 1, -1), SNMP_T_INT, 2);
	snmp_vars_clear(&vars);
	json_decref(doc);
}

/* GETNEXT walks in OID order: across rows (column-major), past the
 * end of a column, and from a prefix. */
static void
test_next(void **state)
{
	uint32_t oid[SNMP_OID_MAX];
	const struct snmp_var *v, *prev = NULL;
	struct snmp_vars vars;
	json_t *doc;
	size_t n = 0;

	map(&vars, &doc);
	memcpy(oid, K, sizeof(K));
	v = snmp_vars_find(&vars, oid, 9, true);
	assert_non_null(v);
	assert_int_equal(v->oid[9], 1);		/* version, the first */
	while (v != NULL) {
		if (prev != NULL)
			assert_true(snmp_oid_cmp(prev->oid, prev->len, v->oid,
			    v->len) < 0);
		prev = v;
		v = snmp_vars_find(&vars, v->oid, v->len, true);
		n++;
	}
	assert_int_equal(n, vars.n);
	/* After VI_6's name (2.3.1.2.2): VI_1's vrid (2.3.1.3.1). */
	v = get(&vars, 2, 3, 1, 2, 2, -1);
	v = snmp_vars_find(&vars, v->oid, v->len, true);
	assert_int_equal(v->len, 14);
	assert_int_equal(v->oid[12], 3);
	assert_int_equal(v->oid[13], 1);
	/* Column 10 sorts after column 9, not after column 1. */
	assert_true(snmp_oid_cmp(get(&vars, 2, 3, 1, 9, 2, -1)->oid, 14,
	    get(&vars, 2, 3, 1, 10, 1, -1)->oid, 14) < 0);
	/* An OID between variables finds the next one; none past the end. */
	oid[9] = 1;
	oid[10] = 3;
	oid[11] = 5;
	v = snmp_vars_find(&vars, oid, 12, true);
	assert_int_equal(v->oid[11], 5);
	assert_int_equal(v->oid[12], 1);
	assert_null(snmp_vars_find(&vars, oid, 12, false));
	oid[9] = 3;
	assert_null(snmp_vars_find(&vars, oid, 10, true));
	snmp_vars_clear(&vars);
	json_decref(doc);
}

static void
test_traps(void **state)
{
	static const uint32_t trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
	struct snmp_vars vars, trap = { 0 };
	const uint32_t *val;
	json_t *doc, *ev, *cur;

	map(&vars, &doc);
	ev = json_pack("{s:s,s:s,s:s}", "type", "state", "instance", "VI_6",
	    "state", "MASTER");
	assert_true(snmp_map_trap(ev, doc, &trap));
	assert_int_equal(trap.n, 5);
	assert_int_equal(snmp_oid_cmp(trap.v[0].oid, trap.v[0].len, trap_oid,
	    11), 0);
	val = (const uint32_t *)trap.v[0].str;
	assert_int_equal(trap.v[0].slen, 13);
	assert_int_equal(val[10], 10);
	assert_int_equal(val[12], 2);		/* vrrpInstanceStateChange */
	assert_int_equal(trap.v[1].len, 13);	/* column, no index */
	assert_memory_equal(trap.v[1].str, "VI_6", 4);
	assert_int_equal(trap.v[2].num, 2);	/* master */
	assert_int_equal(trap.v[3].num, 2);	/* initial: MASTER */
	assert_memory_equal(trap.v[4].str, "r1", 2);
	snmp_vars_clear(&trap);
	json_decref(ev);

	ev = json_pack("{s:s,s:s,s:s}", "type", "state", "group", "G1",
	    "state", "STOP");
	assert_true(snmp_map_trap(ev, doc, &trap));
	assert_int_equal(trap.n, 4);
	assert_int_equal(((const uint32_t *)trap.v[0].str)[12], 1);
	assert_int_equal(trap.v[2].num, 5);	/* shutdown */
	snmp_vars_clear(&trap);
	json_decref(ev);

	/* No trap for INIT, nor for other events. */
	ev = json_pack("{s:s,s:s,s:s}", "type", "state", "instance", "VI_1",
	    "state", "INIT");
	assert_false(snmp_map_trap(ev, doc, &trap));
	json_decref(ev);
	ev = json_pack("{s:s,s:s,s:i}", "type", "priority", "instance", "VI_1",
	    "priority", 90);
	assert_false(snmp_map_trap(ev, doc, &trap));
	json_decref(ev);
	assert_int_equal(trap.n, 0);

	/* Catching up: the group, then each instance, in their states. */
	cur = snmp_current_states(doc);
	assert_int_equal(json_array_size(cur), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    cur, 0), "group")), "G1");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    cur, 0), "state")), "MASTER");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    cur, 2), "state")), "BACKUP");
	json_decref(cur);
	snmp_vars_clear(&vars);
	json_decref(doc);
}

static bool
fake_hwaddr(const char *name, unsigned char mac[6])
{
	static const unsigned char m[6] = { 2, 0, 0, 0, 0, 1 };

	memcpy(mac, m, 6);
	return strcmp(name, "eth0") == 0;
}

/* VRRPV3-MIB: 1.3.6.1.2.1.207 ... */
static const struct snmp_var *
get3(const struct snmp_vars *vars, ...)
{
	uint32_t oid[SNMP_OID_MAX] = { 1, 3, 6, 1, 2, 1, 207 };
	size_t n = 7;
	va_list ap;
	int sub;

	va_start(ap, vars);
	while ((sub = va_arg(ap, int)) != -1)
		oid[n++] = (uint32_t)sub;
	va_end(ap);
	return snmp_vars_find(vars, oid, n, false);
}

static void
test_vrrpv3(void **state)
{
	static const unsigned char own[4] = { 192, 0, 2, 1 };
	struct snmp_vars vars = { 0 }, trap = { 0 };
	const struct snmp_var *v;
	json_t *doc = ctl_records_parse(records), *ev;

	snmp_map_vrrpv3(doc, fake_ifindex, fake_hwaddr, &vars);
	snmp_vars_sort(&vars);
	/* VI_1: ifindex 18, vrid 51, ipv4(1). */
	v = get3(&vars, 1, 1, 1, 1, 3, 18, 51, 1, -1);
	assert_non_null(v);
	assert_memory_equal(v->str, own, 4);
	v = get3(&vars, 1, 1, 1, 1, 5, 18, 51, 1, -1);
	assert_non_null(v);
	assert_int_equal(v->slen, 6);
	assert_null(get3(&vars, 1, 1, 1, 1, 5, 19, 52, 2, -1));	/* no MAC */
	assert_int(get3(&vars, 1, 1, 1, 1, 6, 18, 51, 1, -1), SNMP_T_INT, 3);
	assert_int(get3(&vars, 1, 1, 1, 1, 6, 19, 52, 2, -1), SNMP_T_INT, 2);
	assert_int(get3(&vars, 1, 1, 1, 1, 8, 18, 51, 1, -1), SNMP_T_INT, 2);
	assert_int(get3(&vars, 1, 1, 1, 1, 10, 19, 52, 2, -1), SNMP_T_INT, 2);
	assert_int(get3(&vars, 1, 1, 1, 1, 12, 18, 51, 1, -1), SNMP_T_TICKS,
	    100);
	/* Associated addresses: the octets follow the index, no length. */
	assert_int(get3(&vars, 1, 1, 2, 1, 2, 18, 51, 1, 192, 0, 2, 11, -1),
	    SNMP_T_INT, 1);
	assert_null(get3(&vars, 1, 1, 2, 1, 2, 18, 51, 2, 32, 1, 13, 184, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 16, -1));	/* excluded */
	assert_int(get3(&vars, 1, 2, 5, 1, 2, 18, 51, 1, -1), SNMP_T_INT, 1);
	assert_int(get3(&vars, 1, 2, 5, 1, 2, 19, 52, 2, -1), SNMP_T_INT, 0);
	assert_int(get3(&vars, 1, 2, 5, 1, 3, 18, 51, 1, -1),
	    SNMP_T_COUNTER64, 0);
	assert_int(get3(&vars, 1, 2, 5, 1, 13, 19, 52, 2, -1), SNMP_T_GAUGE,
	    500);
	assert_int(get3(&vars, 1, 2, 1, 0, -1), SNMP_T_COUNTER64, 0);
	snmp_vars_clear(&vars);

	/* vrrpv3NewMaster: the reason the event gives. */
	ev = json_pack("{s:s,s:s,s:s,s:s}", "type", "state", "instance",
	    "VI_1", "state", "MASTER", "reason", "preempted");
	assert_true(snmp_map_trap_vrrpv3(ev, doc, fake_ifindex, &trap));
	assert_int_equal(trap.n, 3);
	assert_int_equal(((const uint32_t *)trap.v[0].str)[8], 1);
	assert_memory_equal(trap.v[1].str, own, 4);
	assert_int_equal(trap.v[2].num, 2);
	snmp_vars_clear(&trap);
	json_decref(ev);
	ev = json_pack("{s:s,s:s,s:s}", "type", "state", "instance", "VI_1",
	    "state", "BACKUP");
	assert_false(snmp_map_trap_vrrpv3(ev, doc, fake_ifindex, &trap));
	json_decref(ev);
	json_decref(doc);
}

/* VRRP-MIB: a version 2 instance, master, PASS, 1 s adverts. */
static void
test_vrrpv2(void **state)
{
	static const char rec2[] =
	    "instance\tname=VI_2\tinterface=eth0\tvrid=53\tversion=2"
	    "\tfamily=inet\tstate=MASTER\tbase_priority=120\tpriority=120"
	    "\tgroup=\tadjust=\tfault=\tmaster=192.0.2.1"
	    "\tmaster_priority=120\tvips=\tsince=2.00\tbecame_master=1"
	    "\tadvert_cs=100\tnopreempt=0\tauth_type=1\taccept=1"
	    "\tprimary=192.0.2.1\tversion=2\n"
	    "vip\tinstance=VI_2\taddress=192.0.2.30\tfamily=inet\tprefix=24"
	    "\tscope=0\tdev=eth0\tlabel=\texcluded=0\tset=1\n"
	    "vip\tinstance=VI_2\taddress=192.0.2.32\tfamily=inet\tprefix=32"
	    "\tscope=0\tdev=eth0\tlabel=\texcluded=1\tset=1\n";
	static const unsigned char zero[4], own[4] = { 192, 0, 2, 1 };
	struct snmp_vars vars = { 0 }, trap = { 0 };
	const struct snmp_var *v;
	json_t *doc = ctl_records_parse(rec2), *ev;
	uint32_t oid[SNMP_OID_MAX] = { 1, 3, 6, 1, 2, 1, 68, 1, 3, 1, 7, 18,
	    53 };

	snmp_map_vrrpv2(doc, true, fake_ifindex, fake_hwaddr, &vars);
	snmp_map_keepalived(doc, "v", fake_ifindex, &vars);	/* sorts */
	v = snmp_vars_find(&vars, oid, 13, false);
	assert_non_null(v);		/* vrrpOperMasterIpAddr: 0.0.0.0 */
	assert_int_equal(v->type, SNMP_T_IPADDR);
	assert_memory_equal(v->str, zero, 4);
	oid[10] = 8;			/* vrrpOperPrimaryIpAddr */
	v = snmp_vars_find(&vars, oid, 13, false);
	assert_non_null(v);
	assert_memory_equal(v->str, own, 4);
	oid[10] = 9;			/* simpleTextPassword */
	assert_int(snmp_vars_find(&vars, oid, 13, false), SNMP_T_INT, 2);
	oid[10] = 10;			/* no vrrpOperAuthKey */
	assert_null(snmp_vars_find(&vars, oid, 13, false));
	oid[10] = 6;			/* excluded not counted */
	assert_int(snmp_vars_find(&vars, oid, 13, false), SNMP_T_INT, 1);
	oid[10] = 11;			/* seconds */
	assert_int(snmp_vars_find(&vars, oid, 13, false), SNMP_T_INT, 1);
	oid[8] = 2;			/* vrrpNotificationCntl enabled */
	oid[9] = 0;
	assert_int(snmp_vars_find(&vars, oid, 10, false), SNMP_T_INT, 1);
	/* KEEPALIVED-MIB for version 2: seconds, accept 0, not advertised. */
	assert_int(get(&vars, 2, 3, 1, 12, 1, -1), SNMP_T_GAUGE, 1);
	assert_int(get(&vars, 2, 3, 1, 27, 1, -1), SNMP_T_INT, 0);
	assert_int(get(&vars, 2, 6, 1, 11, 1, 1, -1), SNMP_T_INT, 2);
	snmp_vars_clear(&vars);

	ev = json_pack("{s:s,s:s,s:s}", "type", "state", "instance", "VI_2",
	    "state", "MASTER");
	assert_true(snmp_map_trap_vrrpv2(ev, doc, fake_ifindex, &trap));
	assert_int_equal(trap.n, 2);
	assert_int_equal(trap.v[1].type, SNMP_T_IPADDR);
	assert_memory_equal(trap.v[1].str, own, 4);
	snmp_vars_clear(&trap);
	json_decref(ev);
	json_decref(doc);
}

/* KEEPALIVED-MIB's checker statistics (core/snmp_check.c): IPVS's
 * counters in the status give virtualServerStats*, realServerStats* and
 * the rates split in 32-bit halves; without them, no instance. */
static const char lvs_records[] =
    "virtual_server\tname=[192.0.2.200]:tcp:80\tscheduler=rr\tquorum=1"
    "\tstate=UP\tlive_weight=1\tsorry=none\treal_servers=1\tkind=address"
    "\tfamily=inet\taddress=192.0.2.200\tport=80\tprotocol=tcp"
    "\tmethod=NAT\tsvc_flags=2\tpersistence_timeout=0"
    "\tdelay_loop_us=1000000\tconnect_timeout_us=5000000\tweight=1"
    "\tinhibit_on_failure=0\talpha=0\tomega=0\tha_suspend=0"
    "\tsmtp_alert=0\thysteresis=0\treal_servers_up=1\tconns=5"
    "\tinpkts=4294967301\toutpkts=30\tinbytes=5000000000\toutbytes=600"
    "\tcps=1\tinpps=2\toutpps=3\tinbps=4294967297\toutbps=5\n"
    "real_server\tvirtual_server=[192.0.2.200]:tcp:80"
    "\tname=[198.51.100.1]:tcp:80\tstate=UP\tweight=1"
    "\tconfigured_weight=1\tin_ipvs=1\tcheckers=1\ttransitions=0"
    "\tfamily=inet\taddress=198.51.100.1\tport=80\tmethod=NAT"
    "\tuthreshold=0\tlthreshold=0\tinhibit_on_failure=0\talpha=0"
    "\tsmtp_alert=0\tfailed_checks=0\tdelay_loop_us=1000000"
    "\tconnect_timeout_us=5000000\tconns=5\tinpkts=40\toutpkts=30"
    "\tinbytes=5000\toutbytes=600\tcps=0\tinpps=0\toutpps=0\tinbps=0"
    "\toutbps=0\tactiveconns=1\tinactconns=4\tpersistconns=0\n"
    "real_server\tvirtual_server=[192.0.2.200]:tcp:80"
    "\tname=[198.51.100.2]:tcp:80\tstate=DOWN\tweight=1"
    "\tconfigured_weight=1\tin_ipvs=0\tcheckers=1\ttransitions=1"
    "\tfamily=inet\taddress=198.51.100.2\tport=80\tmethod=NAT"
    "\tuthreshold=0\tlthreshold=0\tinhibit_on_failure=0\talpha=0"
    "\tsmtp_alert=0\tfailed_checks=1\tdelay_loop_us=1000000"
    "\tconnect_timeout_us=5000000\n";

static void
test_check_stats(void **state)
{
	json_t *doc = ctl_records_parse(lvs_records);
	struct snmp_vars vars = { 0 };

	(void)state;
	snmp_map_check(doc, &vars);
	snmp_vars_sort(&vars);
	/* virtualServerStatsConns, InPkts (32 bits), InBytes (64). */
	assert_int(get(&vars, 3, 3, 1, 27, 1, -1), SNMP_T_GAUGE, 5);
	assert_int(get(&vars, 3, 3, 1, 28, 1, -1), SNMP_T_COUNTER32, 5);
	assert_int(get(&vars, 3, 3, 1, 30, 1, -1), SNMP_T_COUNTER64,
	    5000000000LL);
	assert_int(get(&vars, 3, 3, 1, 39, 1, -1), SNMP_T_COUNTER64,
	    4294967301LL);
	/* virtualServerRateInBPS (Gauge32, capped), its Low and High. */
	assert_int(get(&vars, 3, 3, 1, 35, 1, -1), SNMP_T_GAUGE, 0xffffffffLL);
	assert_int(get(&vars, 3, 3, 1, 47, 1, -1), SNMP_T_GAUGE, 1);
	assert_int(get(&vars, 3, 3, 1, 48, 1, -1), SNMP_T_GAUGE, 1);
	assert_int(get(&vars, 3, 3, 1, 20, 1, -1), SNMP_T_GAUGE, 2);
	assert_int(get(&vars, 3, 3, 1, 52, 1, -1), SNMP_T_INT, 1); /* hashed */
	/* realServerStatsConns, Active, Inactive, InBytes, Conns64. */
	assert_int(get(&vars, 3, 4, 1, 14, 1, 1, -1), SNMP_T_GAUGE, 5);
	assert_int(get(&vars, 3, 4, 1, 15, 1, 1, -1), SNMP_T_GAUGE, 1);
	assert_int(get(&vars, 3, 4, 1, 16, 1, 1, -1), SNMP_T_GAUGE, 4);
	assert_int(get(&vars, 3, 4, 1, 20, 1, 1, -1), SNMP_T_COUNTER64, 5000);
	assert_int(get(&vars, 3, 4, 1, 27, 1, 1, -1), SNMP_T_COUNTER64, 5);
	assert_int(get(&vars, 3, 4, 1, 13, 1, 2, -1), SNMP_T_GAUGE, 1);
	/* Not in IPVS: no counters. */
	assert_null(get(&vars, 3, 4, 1, 14, 1, 2, -1));
	assert_int(get(&vars, 3, 4, 1, 6, 1, 2, -1), SNMP_T_INT, 2);
	snmp_vars_clear(&vars);
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_global),
		cmocka_unit_test(test_no_smtp),
		cmocka_unit_test(test_instances),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_traps),
		cmocka_unit_test(test_vrrpv3),
		cmocka_unit_test(test_vrrpv2),
		cmocka_unit_test(test_check_stats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
