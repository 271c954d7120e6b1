/*
 * The engine's mapping of the streamed configuration (conf_set) onto a
 * runtime instance: parameters, advertised and excluded VIPs, family and
 * version, unicast peers, trackers (own, sync group, script weights),
 * and the reload comparison (same / changed). No network needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "common/conf_rx.h"
#include "conf/conf.h"
#include "core/core.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_packet.h"

static struct conf_set set;

static void
add_inst(const char *name, uint32_t prio)
{
	struct msg_conf_instance in;

	memset(&in, 0, sizeof(in));
	snprintf(in.name, sizeof(in.name), "%s", name);
	snprintf(in.ifname, sizeof(in.ifname), "eth0");
	in.vrid = 51;
	in.priority = prio;
	in.version = 3;
	in.advert_cs = 10;
	in.garp_master_repeat = 5;
	conf_set_add_instance(&set, &in);
}

static void
add_vip(const char *inst, int family, const char *addr, uint32_t flags)
{
	struct msg_conf_vip v;

	memset(&v, 0, sizeof(v));
	snprintf(v.instance, sizeof(v.instance), "%s", inst);
	snprintf(v.ifname, sizeof(v.ifname), "eth0");
	v.family = family;
	v.flags = flags;
	assert_int_equal(inet_pton(family, addr, v.addr), 1);
	conf_set_add_vip(&set, &v);
}

static void
add_track(const char *owner, uint32_t type, const char *name,
    uint32_t flags, int weight)
{
	struct msg_conf_track t;

	memset(&t, 0, sizeof(t));
	snprintf(t.owner, sizeof(t.owner), "%s", owner);
	snprintf(t.name, sizeof(t.name), "%s", name);
	t.type = type;
	t.flags = flags;
	t.weight = weight;
	conf_set_add_track(&set, &t);
}

static int
setup(void **state)
{
	conf_set_clear(&set);
	return 0;
}

static int
teardown(void **state)
{
	conf_set_clear(&set);
	return 0;
}

static void
test_params(void **state)
{
	struct vrrp_rt *rt;

	add_inst("VI_1", 150);
	add_vip("VI_1", AF_INET, "192.0.2.10", 0);
	add_vip("VI_1", AF_INET, "192.0.2.11", VIP_F_EXCLUDED);
	add_vip("VI_1", AF_INET6, "2001:db8::10", 0);
	add_vip("VI_2", AF_INET, "192.0.2.99", 0);
	assert_non_null(rt = vrrp_rt_new(&set, &set.inst[0]));
	assert_string_equal(rt->params.name, "VI_1");
	assert_int_equal(rt->params.family, AF_INET);
	assert_int_equal(rt->params.priority, 150);
	assert_int_equal(rt->params.advert_int_cs, 10);
	assert_true(rt->params.preempt);
	/* advertised: the IPv4, not excluded one; added: all three */
	assert_int_equal(rt->params.nvips, 1);
	assert_int_equal(rt->nvips, 3);
	assert_int_equal(rt->params.npeers, 0);
	/* the own interface is tracked */
	assert_int_equal(rt->ntifs, 1);
	assert_string_equal(rt->tifs[0].name, "eth0");
	vrrp_rt_free(rt);
}

static void
test_ipv6_runs_v3(void **state)
{
	struct vrrp_rt *rt;

	add_inst("VI_6", 100);
	set.inst[0].version = 2;
	set.inst[0].advert_cs = 100;
	add_vip("VI_6", AF_INET6, "2001:db8::10", 0);
	assert_non_null(rt = vrrp_rt_new(&set, &set.inst[0]));
	assert_int_equal(rt->params.family, AF_INET6);
	assert_int_equal(rt->params.version, VRRP_VERSION_3);
	vrrp_rt_free(rt);
}

static void
test_unusable(void **state)
{
	add_inst("VI_1", 100);
	set.inst[0].vrid = 0;
	assert_null(vrrp_rt_new(&set, &set.inst[0]));
}

static void
test_peers(void **state)
{
	struct vrrp_rt *rt;

	char a[32];
	int i;

	/* As many peers as configured (once truncated at 32). */
	add_inst("VI_1", 100);
	for (i = 0; i < 40; i++) {
		snprintf(a, sizeof(a), "192.0.2.%d", 2 + i);
		add_vip("VI_1", AF_INET, a, VIP_F_PEER);
	}
	add_vip("VI_2", AF_INET, "192.0.2.99", VIP_F_PEER);
	assert_non_null(rt = vrrp_rt_new(&set, &set.inst[0]));
	/* no VIP: the family is the peers' */
	assert_int_equal(rt->params.family, AF_INET);
	assert_int_equal(rt->params.nvips, 0);
	assert_int_equal(rt->nvips, 0);
	assert_int_equal(rt->params.npeers, 40);
	assert_int_equal(ntohl(rt->params.peers[1].u.v4.s_addr), 0xc0000203);
	assert_int_equal(ntohl(rt->params.peers[39].u.v4.s_addr), 0xc0000229);
	vrrp_rt_free(rt);
}

static void
test_trackers(void **state)
{
	struct msg_conf_sync y;
	struct msg_conf_script sc;
	struct vrrp_rt *rt;

	add_inst("VI_1", 100);
	set.inst[0].dont_track_primary = 1;
	add_track("VI_1", TRACK_INTERFACE, "eth1", TRACK_F_REVERSE, -20);
	add_track("VI_1", TRACK_SCRIPT, "chk", 0, 0);
	add_track("G1", TRACK_INTERFACE, "eth2", TRACK_F_GROUP, 0);
	add_track("G2", TRACK_INTERFACE, "eth3", TRACK_F_GROUP, 0);
	memset(&y, 0, sizeof(y));
	snprintf(y.group, sizeof(y.group), "G1");
	snprintf(y.instance, sizeof(y.instance), "VI_1");
	conf_set_add_sync(&set, &y);
	memset(&sc, 0, sizeof(sc));
	snprintf(sc.name, sizeof(sc.name), "chk");
	sc.weight = 30;
	conf_set_add_script(&set, &sc);
	assert_non_null(rt = vrrp_rt_new(&set, &set.inst[0]));
	assert_string_equal(rt->group, "G1");
	assert_int_equal(rt->ntifs, 3);
	assert_string_equal(rt->tifs[0].name, "eth1");
	assert_true(rt->tifs[0].reverse);
	assert_int_equal(rt->tifs[0].weight, -20);
	assert_int_equal(rt->tifs[1].type, TRACK_SCRIPT);
	assert_int_equal(rt->tifs[1].weight, 30);	/* the script's */
	assert_string_equal(rt->tifs[2].name, "eth2");
	vrrp_rt_free(rt);
}

/* keepalived's arithmetic (checked against keepalived 2.2.7): a positive
 * weight counts while up, a negative one while down, reverse negates the
 * adjustment; weight 0 is a FAULT while down (up when reversed); a script
 * without a result yet adjusts nothing. */
static void
test_track_adjust(void **state)
{
	struct vrrp_track_if t;

	memset(&t, 0, sizeof(t));
	t.type = TRACK_SCRIPT;
	t.known = true;
	t.weight = -60;
	t.up = true;
	assert_int_equal(vrrp_track_adjust(&t), 0);
	t.up = false;
	assert_int_equal(vrrp_track_adjust(&t), -60);
	t.reverse = true;
	assert_int_equal(vrrp_track_adjust(&t), 60);
	t.up = true;
	assert_int_equal(vrrp_track_adjust(&t), 0);
	t.weight = 30;
	assert_int_equal(vrrp_track_adjust(&t), -30);
	t.reverse = false;
	assert_int_equal(vrrp_track_adjust(&t), 30);
	t.up = false;
	assert_int_equal(vrrp_track_adjust(&t), 0);
	assert_false(vrrp_track_fault(&t));
	t.known = false;
	t.up = true;
	assert_int_equal(vrrp_track_adjust(&t), 0);
	t.weight = 0;
	assert_false(vrrp_track_fault(&t));
	t.up = false;
	assert_true(vrrp_track_fault(&t));
	t.reverse = true;
	assert_false(vrrp_track_fault(&t));
	t.up = true;
	assert_true(vrrp_track_fault(&t));
}

/* A script's own reverse and init_fail reach its trackers; a weight given
 * in track_script replaces the script's, reverse included. */
static void
test_track_script_flags(void **state)
{
	struct msg_conf_script sc;
	struct vrrp_rt *rt;

	add_inst("VI_1", 100);
	set.inst[0].dont_track_primary = 1;
	add_track("VI_1", TRACK_SCRIPT, "chk", 0, 0);
	add_track("VI_1", TRACK_SCRIPT, "chk", TRACK_F_WEIGHT, -10);
	memset(&sc, 0, sizeof(sc));
	snprintf(sc.name, sizeof(sc.name), "chk");
	sc.weight = 30;
	sc.flags = SCRIPT_F_REVERSE | SCRIPT_F_INIT_FAIL;
	conf_set_add_script(&set, &sc);
	assert_non_null(rt = vrrp_rt_new(&set, &set.inst[0]));
	assert_int_equal(rt->ntifs, 2);
	assert_int_equal(rt->tifs[0].weight, 30);
	assert_true(rt->tifs[0].reverse);
	assert_false(rt->tifs[0].up);		/* init_fail */
	assert_false(rt->tifs[0].known);
	assert_int_equal(rt->tifs[1].weight, -10);
	assert_false(rt->tifs[1].reverse);
	vrrp_rt_free(rt);
}

/* A track_file adds value times weight (negated by reverse); below -253
 * it is a FAULT, and any non-zero value is with weight 0 (keepalived's
 * track_file). The product is bounded, whatever the weight. */
static void
test_track_file_adjust(void **state)
{
	struct vrrp_track_if t;

	memset(&t, 0, sizeof(t));
	t.type = TRACK_FILE;
	t.weight = -60;
	t.value = 3;
	assert_int_equal(vrrp_track_adjust(&t), 0);	/* not read yet */
	assert_false(vrrp_track_fault(&t));
	t.known = true;
	assert_int_equal(vrrp_track_adjust(&t), -180);
	assert_false(vrrp_track_fault(&t));
	t.value = 5;					/* -300 < -253 */
	assert_int_equal(vrrp_track_adjust(&t), 0);
	assert_true(vrrp_track_fault(&t));
	t.reverse = true;
	assert_int_equal(vrrp_track_adjust(&t), 300);
	assert_false(vrrp_track_fault(&t));
	t.value = -1;
	assert_int_equal(vrrp_track_adjust(&t), -60);
	t.reverse = false;
	assert_int_equal(vrrp_track_adjust(&t), 60);
	t.weight = 0;
	assert_int_equal(vrrp_track_adjust(&t), 0);
	assert_true(vrrp_track_fault(&t));
	t.value = 0;
	assert_false(vrrp_track_fault(&t));
	t.weight = 2147483647;
	t.value = 2147483647;
	assert_int_equal(vrrp_track_adjust(&t), VRRP_TRACK_FILE_MAX);
	t.value = -2147483647;
	assert_true(vrrp_track_fault(&t));
}

/* A track_file or track_process tracked without a weight takes its
 * block's weight and reverse; one given in the tracker replaces them. */
static void
test_track_file_process_weights(void **state)
{
	struct msg_conf_track_file f;
	struct msg_conf_track_process p;
	struct vrrp_rt *rt;

	add_inst("VI_1", 100);
	set.inst[0].dont_track_primary = 1;
	add_track("VI_1", TRACK_FILE, "tf", 0, 0);
	add_track("VI_1", TRACK_PROCESS, "tp", 0, 0);
	add_track("VI_1", TRACK_PROCESS, "tp", TRACK_F_WEIGHT, 7);
	memset(&f, 0, sizeof(f));
	snprintf(f.name, sizeof(f.name), "tf");
	f.weight = -5;
	f.flags = TFILE_F_REVERSE;
	conf_set_add_tfile(&set, &f);
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "tp");
	p.nwords = 1;
	p.weight = 20;
	conf_set_add_tproc(&set, &p);
	assert_non_null(rt = vrrp_rt_new(&set, &set.inst[0]));
	assert_int_equal(rt->ntifs, 3);
	assert_int_equal(rt->tifs[0].type, TRACK_FILE);
	assert_int_equal(rt->tifs[0].weight, -5);
	assert_true(rt->tifs[0].reverse);
	assert_int_equal(rt->tifs[1].type, TRACK_PROCESS);
	assert_int_equal(rt->tifs[1].weight, 20);
	assert_false(rt->tifs[1].reverse);
	assert_int_equal(rt->tifs[2].weight, 7);
	assert_true(vrrp_rt_same(rt, &set, &set.inst[0]));
	set.tproc[0].weight = 30;	/* a reload changes the block */
	assert_false(vrrp_rt_same(rt, &set, &set.inst[0]));
	vrrp_rt_free(rt);
}

static void
add_route(const char *inst, const char *line)
{
	struct msg_conf_route r;

	memset(&r, 0, sizeof(r));
	snprintf(r.instance, sizeof(r.instance), "%s", inst);
	snprintf(r.route, sizeof(r.route), "%s", line);
	conf_set_add_route(&set, &r);
}

/* virtual_routes come in their own messages; an instance takes its own. */
static void
test_routes(void **state)
{
	struct vrrp_rt *rt;

	add_inst("VI_1", 100);
	add_vip("VI_1", AF_INET, "192.0.2.10", 0);
	add_route("VI_1", "198.51.100.0/24 via 192.0.2.1 dev eth1");
	add_route("VI_2", "203.0.113.0/24 via 192.0.2.1");
	assert_non_null(rt = vrrp_rt_new(&set, &set.inst[0]));
	assert_int_equal(rt->nvips, 1);
	assert_int_equal(rt->ncroutes, 1);
	assert_int_equal(rt->nroutes, 1);
	assert_string_equal(rt->rdevs[0], "eth1");
	assert_true(vrrp_rt_same(rt, &set, &set.inst[0]));
	add_route("VI_1", "203.0.113.0/24 via 192.0.2.1");
	assert_false(vrrp_rt_same(rt, &set, &set.inst[0]));
	vrrp_rt_free(rt);
}

static void
test_same(void **state)
{
	struct msg_conf_instance in;
	struct vrrp_rt *rt;
	const char *why;

	add_inst("VI_1", 100);
	add_vip("VI_1", AF_INET, "192.0.2.10", 0);
	assert_non_null(rt = vrrp_rt_new(&set, &set.inst[0]));
	assert_true(vrrp_rt_same(rt, &set, &set.inst[0]));
	in = set.inst[0];
	in.priority = 120;
	assert_false(vrrp_rt_same(rt, &set, &in));
	/* not started: a change cannot be taken in place */
	assert_false(vrrp_rt_update(rt, &set, &in, &why));
	assert_string_equal(why, "not running yet");
	add_vip("VI_1", AF_INET, "192.0.2.12", 0);
	assert_false(vrrp_rt_same(rt, &set, &set.inst[0]));
	vrrp_rt_free(rt);
}

/* What restarts an instance on reload (its identity) and what does not. */
static const char *
identity_after(void (*edit)(struct msg_conf_instance *), const char *vip)
{
	static char buf[64];
	struct vrrp_rt *a, *b;
	const char *why;

	add_inst("VI_1", 100);
	add_vip("VI_1", AF_INET, "192.0.2.10", 0);
	assert_non_null(a = vrrp_rt_new(&set, &set.inst[0]));
	if (edit != NULL)
		edit(&set.inst[0]);
	if (vip != NULL)
		add_vip("VI_1", strchr(vip, ':') ? AF_INET6 : AF_INET, vip,
		    strcmp(vip, "192.0.2.99") == 0 ? VIP_F_PEER : 0);
	assert_non_null(b = vrrp_rt_new(&set, &set.inst[0]));
	why = vrrp_rt_identity(a, b);
	snprintf(buf, sizeof(buf), "%s", why ? why : "");
	vrrp_rt_free(a);
	vrrp_rt_free(b);
	conf_set_clear(&set);
	return buf;
}

static void ed_prio(struct msg_conf_instance *in) { in->priority = 50; }
static void ed_owner(struct msg_conf_instance *in) { in->priority = 255; }
static void ed_int(struct msg_conf_instance *in) { in->advert_cs = 100; }
static void ed_vrid(struct msg_conf_instance *in) { in->vrid = 52; }
static void ed_if(struct msg_conf_instance *in)
{
	snprintf(in->ifname, sizeof(in->ifname), "eth1");
}
static void ed_vmac(struct msg_conf_instance *in) { in->use_vmac = 1; }
static void ed_version(struct msg_conf_instance *in)
{
	in->version = 2;
	in->advert_cs = 100;
}
static void ed_misc(struct msg_conf_instance *in)
{
	in->nopreempt = 1;
	in->accept = 1;
	in->strict = 1;
	in->garp_master_repeat = 1;
	in->preempt_delay_cs = 500;
}

static void
test_identity(void **state)
{
	assert_string_equal(identity_after(NULL, NULL), "");
	assert_string_equal(identity_after(NULL, "192.0.2.11"), "");
	assert_string_equal(identity_after(ed_prio, NULL), "");
	assert_string_equal(identity_after(ed_int, NULL), "");
	assert_string_equal(identity_after(ed_misc, NULL), "");
	/* An IPv6 VIP after the first IPv4 one: excluded, same family. */
	assert_string_equal(identity_after(NULL, "2001:db8::1"), "");
	assert_string_equal(identity_after(ed_vrid, NULL),
	    "virtual_router_id");
	assert_string_equal(identity_after(ed_if, NULL), "interface");
	assert_string_equal(identity_after(ed_vmac, NULL), "use_vmac");
	assert_string_equal(identity_after(ed_version, NULL), "version");
	assert_string_equal(identity_after(ed_owner, NULL),
	    "priority 255 (address owner)");
	assert_string_equal(identity_after(NULL, "192.0.2.99"),
	    "unicast or multicast");
}

/*
 * A v2 PASS password longer than 8 characters: keepalived puts its first
 * 8 bytes in the advert. The whole path from the configuration text to
 * the advert's auth data does the same.
 */
static void
count_warning(void *arg, enum conf_level level, const char *line)
{
	(void)line;
	if (level == CONF_WARNING)
		(*(int *)arg)++;
}

static void
test_auth_pass_wire(void **state)
{
	static const char text[] =
	    "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
	    " authentication {\n  auth_type PASS\n  auth_pass abcdefghijk\n"
	    " }\n virtual_ipaddress {\n  192.0.2.10/24\n }\n}\n";
	int warnings = 0;
	struct conf_load_opts opts = { .config_id = "unit",
	    .diag = count_warning, .diag_arg = &warnings };
	static struct conf_set sets[PROC_MAX];
	struct vigil_conf *conf;
	struct vrrp_rt *rt;
	struct vrrp_ipaddr dst = { .family = AF_INET };
	uint8_t buf[256];
	size_t len;

	(void)state;
	conf = conf_load_buffer("t.conf", text, sizeof(text) - 1, &opts);
	assert_non_null(conf);
	assert_int_equal(warnings, 1);	/* "only the first 8 are used" */
	conf_build_sets(conf, sets, 1);
	conf_free(conf);
	assert_int_equal(sets[PROC_VRRP].ninst, 1);
	assert_non_null(rt = vrrp_rt_new(&sets[PROC_VRRP],
	    &sets[PROC_VRRP].inst[0]));
	len = vrrp_packet_build(&rt->params, 100, &dst, buf, sizeof(buf));
	/* header 8, one IPv4 VIP 4, then the 8 bytes of auth data */
	assert_int_equal(len, 8 + 4 + 8);
	assert_int_equal(buf[4], 1);	/* auth type PASS */
	assert_memory_equal(buf + 12, "abcdefgh", 8);
	vrrp_rt_free(rt);
	conf_set_clear(&sets[PROC_VRRP]);
	conf_set_clear(&sets[PROC_CHECK]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_params, setup),
		cmocka_unit_test_setup(test_identity, setup),
		cmocka_unit_test_setup(test_ipv6_runs_v3, setup),
		cmocka_unit_test_setup(test_unusable, setup),
		cmocka_unit_test_setup(test_peers, setup),
		cmocka_unit_test_setup(test_trackers, setup),
		cmocka_unit_test_setup(test_track_adjust, setup),
		cmocka_unit_test_setup(test_track_script_flags, setup),
		cmocka_unit_test_setup(test_track_file_adjust, setup),
		cmocka_unit_test_setup(test_track_file_process_weights, setup),
		cmocka_unit_test_setup(test_same, setup),
		cmocka_unit_test_setup(test_routes, setup),
		cmocka_unit_test(test_auth_pass_wire),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
