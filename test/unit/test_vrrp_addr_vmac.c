/*
 * use_vmac_addr and garp_extra_if: the VMAC names (prefix, numbering,
 * the 15-character cut), which addresses get garp_extra_if's periodic
 * announcements, the reload identity, and the keywords' parsing and
 * dump. No network needed.
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
#include "vrrp/vrrp_engine.h"
#include "conf_helpers.h"

static void
test_prefix(void **state)
{
	struct msg_conf_instance in;

	(void)state;
	memset(&in, 0, sizeof(in));
	assert_string_equal(vrrp_avmac_prefix(&in), "vrrp");
	snprintf(in.vmac_prefix, sizeof(in.vmac_prefix), "vm");
	assert_string_equal(vrrp_avmac_prefix(&in), "vm");
	snprintf(in.vmac_addr_prefix, sizeof(in.vmac_addr_prefix), "vx");
	assert_string_equal(vrrp_avmac_prefix(&in), "vx");
}

static void
test_name(void **state)
{
	char name[IF_NAMESIZE];

	(void)state;
	vrrp_avmac_name("vx", 0, 51, name);
	assert_string_equal(name, "vx.51");
	vrrp_avmac_name("vx", 2, 51, name);
	assert_string_equal(name, "vx2.51");
	vrrp_avmac_name("averyverylongprefix", 0, 255, name);
	assert_string_equal(name, "averyverylongpr");
	assert_int_equal(strlen(name), IF_NAMESIZE - 1);
}

/* The engine has no running instance: only rt's own names are taken. */
static void
test_taken(void **state)
{
	struct vrrp_avmac av = { .name = "vx.51" };
	struct vrrp_rt rt;

	(void)state;
	TAILQ_INIT(&vrrp_eng.insts);
	memset(&rt, 0, sizeof(rt));
	snprintf(rt.vmac, sizeof(rt.vmac), "vrrp.51");
	rt.avmacs = &av;
	rt.navmacs = 1;
	assert_true(vrrp_avmac_taken(&rt, "vrrp.51"));
	assert_true(vrrp_avmac_taken(&rt, "vx.51"));
	assert_false(vrrp_avmac_taken(&rt, "vx1.51"));
	assert_false(vrrp_avmac_taken(NULL, "vx.51"));
}

/*
 * Instance on ifindex 2 (base), its use_vmac VMAC 10; VIPs on 2, on 10,
 * on 3 (plain other interface), on 11 (a use_vmac_addr VMAC on 4), and
 * one not set up (0).
 */
static void
test_extra_wanted(void **state)
{
	struct vrrp_vip vips[5];
	struct vrrp_avmac av = { .name = "vx.51", .base = 4, .ifindex = 11,
	    .family = AF_INET };
	struct vrrp_rt rt;

	(void)state;
	memset(&rt, 0, sizeof(rt));
	memset(vips, 0, sizeof(vips));
	vips[0].ifindex = 2;
	vips[1].ifindex = 10;
	vips[2].ifindex = 3;
	vips[3].ifindex = 11;
	vips[4].ifindex = 0;
	rt.vips = vips;
	rt.nvips = 5;
	rt.base_ifindex = 2;
	rt.ifindex = 10;
	rt.avmacs = &av;
	rt.navmacs = 1;
	/* default: the use_vmac_addr VMACs only */
	assert_false(vrrp_garp_extra_wanted(&rt, 0));
	assert_false(vrrp_garp_extra_wanted(&rt, 1));
	assert_false(vrrp_garp_extra_wanted(&rt, 2));
	assert_true(vrrp_garp_extra_wanted(&rt, 3));
	assert_false(vrrp_garp_extra_wanted(&rt, 4));
	/* all: every interface but the instance's (base and VMAC) */
	rt.conf.garp_extra_if_all = 1;
	assert_false(vrrp_garp_extra_wanted(&rt, 0));
	assert_false(vrrp_garp_extra_wanted(&rt, 1));
	assert_true(vrrp_garp_extra_wanted(&rt, 2));
	assert_true(vrrp_garp_extra_wanted(&rt, 3));
	assert_false(vrrp_garp_extra_wanted(&rt, 4));
}

/* What a reload of use_vmac_addr restarts. */
static struct conf_set set;

static void
add(const char *addr, const char *ifname, uint32_t use_vmac_addr,
    const char *prefix)
{
	struct msg_conf_instance in;
	struct msg_conf_vip v;

	conf_set_clear(&set);
	memset(&in, 0, sizeof(in));
	snprintf(in.name, sizeof(in.name), "VI_1");
	snprintf(in.ifname, sizeof(in.ifname), "eth0");
	in.vrid = 51;
	in.priority = 100;
	in.version = 3;
	in.advert_cs = 100;
	in.use_vmac_addr = use_vmac_addr;
	in.garp_extra_if = 5;
	snprintf(in.vmac_addr_prefix, sizeof(in.vmac_addr_prefix), "%s",
	    prefix);
	conf_set_add_instance(&set, &in);
	memset(&v, 0, sizeof(v));
	snprintf(v.instance, sizeof(v.instance), "VI_1");
	snprintf(v.ifname, sizeof(v.ifname), "eth0");
	v.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.10", v.addr);
	conf_set_add_vip(&set, &v);
	snprintf(v.ifname, sizeof(v.ifname), "%s", ifname);
	inet_pton(AF_INET, addr, v.addr);
	conf_set_add_vip(&set, &v);
}

static const char *
identity(const char *addr1, uint32_t u1, const char *p1, const char *addr2,
    uint32_t u2, const char *p2)
{
	static char buf[64];
	struct vrrp_rt *a, *b;
	const char *why;

	add(addr1, "eth1", u1, p1);
	assert_non_null(a = vrrp_rt_new(&set, &set.inst[0]));
	add(addr2, "eth1", u2, p2);
	set.inst[0].garp_extra_if = 7;	/* never restarts */
	assert_non_null(b = vrrp_rt_new(&set, &set.inst[0]));
	why = vrrp_rt_identity(a, b);
	snprintf(buf, sizeof(buf), "%s", why ? why : "");
	vrrp_rt_free(a);
	vrrp_rt_free(b);
	conf_set_clear(&set);
	return buf;
}

static void
test_identity(void **state)
{
	(void)state;
	assert_string_equal(identity("198.51.100.10", 0, "", "198.51.100.10",
	    0, ""), "");
	assert_string_equal(identity("198.51.100.10", 0, "", "198.51.100.11",
	    0, ""), "");
	assert_string_equal(identity("198.51.100.10", 1, "", "198.51.100.10",
	    1, ""), "");
	assert_string_equal(identity("198.51.100.10", 0, "", "198.51.100.10",
	    1, ""), "use_vmac_addr");
	assert_string_equal(identity("198.51.100.10", 1, "", "198.51.100.11",
	    1, ""), "use_vmac_addr");
	assert_string_equal(identity("198.51.100.10", 1, "", "198.51.100.10",
	    1, "vx"), "use_vmac_addr");
}

#define GINST(g, body) "global_defs {\n" g "}\n" \
	"vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n" \
	" virtual_ipaddress {\n 192.0.2.10\n }\n" body "}\n"

static void
test_conf(void **state)
{
	struct vigil_conf *c;
	char *d;

	(void)state;
	/* the global default, inherited and dumped per instance */
	assert_non_null(c = load_str(GINST(" vrrp_garp_extra_if all 30\n"
	    " vmac_addr_prefix vx\n", " use_vmac_addr\n")));
	assert_int_equal(diags.errors + diags.warnings + diags.inert, 0);
	d = dump_str(c);
	assert_non_null(strstr(d, "    vrrp_garp_extra_if all 30\n"));
	assert_non_null(strstr(d, "    vmac_addr_prefix vx\n"));
	assert_non_null(strstr(d, "    use_vmac_addr\n"));
	assert_non_null(strstr(d, "    garp_extra_if all 30\n"));
	free(d);
	conf_free(c);
	/* the instance's own: 0 turns the global one off, and is dumped
	 * (else the dump would read back with the global's) */
	assert_non_null(c = load_str(GINST(" vrrp_garp_extra_if all 30\n",
	    " garp_extra_if 0\n")));
	d = dump_str(c);
	assert_non_null(strstr(d, "    garp_extra_if 0\n"));
	assert_null(strstr(d, "    garp_extra_if all"));
	free(d);
	conf_free(c);
	assert_non_null(c = load_str(GINST("", " vmac_garp_intvl 12\n")));
	assert_true(diag_has("'vmac_garp_intvl' is deprecated; use "
	    "'garp_extra_if'"));
	d = dump_str(c);
	assert_non_null(strstr(d, "    garp_extra_if 12\n"));
	free(d);
	conf_free(c);
	/* errors name the place and the fix */
	assert_null(load_str(GINST("", " garp_extra_if some 5\n")));
	assert_true(diag_has("t.conf:9:16: error: garp_extra_if: 'some' is "
	    "not 'all' (write: garp_extra_if [all] SECONDS)"));
	assert_null(load_str(GINST("", " garp_extra_if all\n")));
	assert_true(diag_has("error: garp_extra_if: 'all' needs the interval"));
	assert_null(load_str(GINST("", " garp_extra_if 86401\n")));
	assert_null(load_str(GINST(" vmac_addr_prefix a/b\n", "")));
	assert_true(diag_has("vmac_addr_prefix: 'a/b' cannot start an "
	    "interface name"));
}

/* use_ipvlan: words in any order; IPv4 needs the address; not with
 * use_vmac; the parent's message. */
static void
test_ipvlan(void **state)
{
	struct vigil_conf *c;
	char *d;

	(void)state;
	assert_non_null(c = load_str(GINST("", " use_ipvlan vepa "
	    "192.0.2.201/24 ipv51\n")));
	assert_true(diag_has("use_ipvlan: mode vepa: not supported yet"));
	d = dump_str(c);
	assert_non_null(strstr(d, "    use_ipvlan ipv51 192.0.2.201/24 vepa\n"));
	free(d);
	conf_free(c);
	assert_null(load_str(GINST("", " use_ipvlan ipv51\n")));
	assert_true(diag_has("use_ipvlan needs an IPv4 address"));
	assert_null(load_str(GINST("", " use_ipvlan 2001:db8::1\n")));
	assert_true(diag_has("use_ipvlan needs an IPv4 address"));
	assert_null(load_str(GINST("", " use_vmac\n use_ipvlan "
	    "192.0.2.201/24\n")));
	assert_true(diag_has("use_ipvlan and use_vmac exclude each other"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_taken),
		cmocka_unit_test(test_extra_wanted),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_ipvlan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
