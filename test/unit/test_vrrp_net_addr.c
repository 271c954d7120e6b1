/*
 * vrrp_addr for real: VIPs added, listed and removed on a veth in a fresh
 * namespace, checked with `ip -o addr`; virtual routes with `ip route`.
 * Runs as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "vrrp/vrrp_addr.h"

static struct nl_sock *nl;

static int
setup(void **state)
{
	if (vn_setup(state) == -1)
		return -1;
	return (nl = vrrp_nl_open()) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	vrrp_nl_close(nl);
	nl = NULL;
	return 0;
}

static void
vip_init(struct vrrp_vip *vip, int family, const char *addr,
    const char *ifname)
{
	memset(vip, 0, sizeof(*vip));
	vip->addr.family = family;
	assert_int_equal(inet_pton(family, addr, &vip->addr.u), 1);
	vip->ifindex = vn_ifindex(ifname);
	assert_true(vip->ifindex != 0);
}

static void
test_vip4(void **state)
{
	struct vrrp_vip vip;
	char out[4096];
	bool present;

	vip_init(&vip, AF_INET, "192.0.2.100", "va");
	snprintf(vip.label, sizeof(vip.label), "va:vi1");
	assert_int_equal(vrrp_addr_add(nl, &vip), 0);
	assert_int_equal(vrrp_addr_add(nl, &vip), 0);	/* already there */
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip -o -4 addr show dev va"), 0);
	assert_non_null(strstr(out, "inet 192.0.2.100/32 scope global va:vi1"));
	assert_int_equal(vrrp_addr_present(nl, &vip, 1, &present), 0);
	assert_true(present);
	assert_int_equal(vrrp_addr_del(nl, &vip), 0);
	assert_int_equal(vrrp_addr_del(nl, &vip), 0);	/* already gone */
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip -o -4 addr show dev va"), 0);
	assert_null(strstr(out, "192.0.2.100"));
	assert_non_null(strstr(out, "192.0.2.1/24"));
	assert_int_equal(vrrp_addr_present(nl, &vip, 1, &present), 0);
	assert_false(present);
}

static void
test_vip4_prefix_brd_scope(void **state)
{
	struct vrrp_vip vip;
	char out[4096];

	vip_init(&vip, AF_INET, "198.51.100.7", "va");
	vip.prefixlen = 24;
	vip.has_brd = true;
	inet_pton(AF_INET, "198.51.100.255", &vip.brd);
	vip.scope = RT_SCOPE_LINK;
	assert_int_equal(vrrp_addr_add(nl, &vip), 0);
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip -o -4 addr show dev va"), 0);
	assert_non_null(strstr(out,
	    "inet 198.51.100.7/24 brd 198.51.100.255 scope link va"));
	assert_int_equal(vrrp_addr_del(nl, &vip), 0);
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip -o -4 addr show dev va"), 0);
	assert_null(strstr(out, "198.51.100.7"));
}

static void
test_vip6(void **state)
{
	struct vrrp_vip vip;
	char out[4096];
	bool present;

	vip_init(&vip, AF_INET6, "2001:db8::100", "va");
	assert_int_equal(vrrp_addr_add(nl, &vip), 0);
	assert_int_equal(vrrp_addr_add(nl, &vip), 0);
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip -o -6 addr show dev va"), 0);
	assert_non_null(strstr(out, "inet6 2001:db8::100/128 scope global "
	    "nodad"));
	assert_null(strstr(out, "tentative"));
	assert_int_equal(vrrp_addr_present(nl, &vip, 1, &present), 0);
	assert_true(present);
	assert_int_equal(vrrp_addr_del(nl, &vip), 0);
	assert_int_equal(vrrp_addr_del(nl, &vip), 0);
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip -o -6 addr show dev va"), 0);
	assert_null(strstr(out, "2001:db8::100"));
}

/* Startup: which of our VIPs an earlier run left behind. */
static void
test_present_set(void **state)
{
	struct vrrp_vip vips[5];
	bool present[5];

	assert_int_equal(vn_sh(VN_A, "ip addr add 192.0.2.50/32 dev va && "
	    "ip addr add 2001:db8::50/128 dev va nodad && "
	    "ip addr add 192.0.2.51/32 dev lo"), 0);
	vip_init(&vips[0], AF_INET, "192.0.2.50", "va");
	vip_init(&vips[1], AF_INET, "192.0.2.51", "va");	/* on lo */
	vip_init(&vips[2], AF_INET6, "2001:db8::50", "va");
	vip_init(&vips[3], AF_INET6, "2001:db8::51", "va");
	vip_init(&vips[4], AF_INET, "192.0.2.1", "va");	/* the primary */
	vips[4].prefixlen = 24;
	assert_int_equal(vrrp_addr_present(nl, vips, 5, present), 0);
	assert_true(present[0]);
	assert_false(present[1]);
	assert_true(present[2]);
	assert_false(present[3]);
	assert_true(present[4]);
}

/* A VIP that is the primary of its subnet leaves the later addresses of
 * that subnet in place once promote_secondaries is set. */
static void
test_promote_secondaries(void **state)
{
	struct vrrp_vip vip;
	char out[4096];

	vip_init(&vip, AF_INET, "198.51.100.1", "va");
	vip.prefixlen = 24;
	assert_int_equal(vrrp_addr_promote_secondaries(nl, vip.ifindex), 0);
	assert_int_equal(vn_capture(out, sizeof(out),
	    "sysctl -n net.ipv4.conf.va.promote_secondaries"), 0);
	assert_string_equal(out, "1\n");
	assert_int_equal(vrrp_addr_add(nl, &vip), 0);
	assert_int_equal(vn_sh(VN_A, "ip addr add 198.51.100.2/24 dev va"), 0);
	assert_int_equal(vrrp_addr_del(nl, &vip), 0);
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip -o -4 addr show dev va"), 0);
	assert_null(strstr(out, "198.51.100.1/"));
	assert_non_null(strstr(out, "198.51.100.2/24"));
}

static void
test_errors(void **state)
{
	struct vrrp_vip vip;

	vip_init(&vip, AF_INET, "192.0.2.100", "va");
	vip.ifindex = 9999;
	assert_int_equal(vrrp_addr_add(nl, &vip), -1);
	assert_int_equal(errno, ENODEV);
}

static void
test_routes(void **state)
{
	struct nlr_route vr4, vr6, vrl;
	char out[4096];

	memset(&vr4, 0, sizeof(vr4));
	vr4.dst.family = vr4.gw.family = AF_INET;
	inet_pton(AF_INET, "203.0.113.0", &vr4.dst.u);
	vr4.dst_len = 24;
	vr4.has_gw = true;
	inet_pton(AF_INET, "192.0.2.2", &vr4.gw.u);
	vr4.ifindex = vn_ifindex("va");
	memset(&vr6, 0, sizeof(vr6));
	vr6.dst.family = vr6.gw.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8:1::", &vr6.dst.u);
	vr6.dst_len = 48;
	vr6.has_gw = true;
	inet_pton(AF_INET6, "2001:db8::2", &vr6.gw.u);
	vr6.ifindex = vn_ifindex("va");
	memset(&vrl, 0, sizeof(vrl));
	vrl.dst.family = AF_INET;
	inet_pton(AF_INET, "198.51.100.0", &vrl.dst.u);
	vrl.dst_len = 24;
	vrl.ifindex = vn_ifindex("va");
	vrl.has_src = true;
	vrl.src.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &vrl.src.u);
	vrl.metric = 50;

	assert_int_equal(nlr_route_add(nl, &vr4), 0);
	assert_int_equal(nlr_route_add(nl, &vr4), 0);
	assert_int_equal(nlr_route_add(nl, &vr6), 0);
	assert_int_equal(nlr_route_add(nl, &vrl), 0);
	assert_int_equal(vn_capture(out, sizeof(out), "ip route"), 0);
	assert_non_null(strstr(out,
	    "203.0.113.0/24 via 192.0.2.2 dev va proto keepalived"));
	assert_non_null(strstr(out,
	    "198.51.100.0/24 dev va proto keepalived scope link src 192.0.2.1 "
	    "metric 50"));
	assert_int_equal(vn_capture(out, sizeof(out), "ip -6 route"), 0);
	assert_non_null(strstr(out,
	    "2001:db8:1::/48 via 2001:db8::2 dev va proto keepalived"));

	assert_int_equal(nlr_route_del(nl, &vr4), 0);
	assert_int_equal(nlr_route_del(nl, &vr4), 0);
	assert_int_equal(nlr_route_del(nl, &vr6), 0);
	assert_int_equal(nlr_route_del(nl, &vr6), 0);
	assert_int_equal(nlr_route_del(nl, &vrl), 0);
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip route; ip -6 route"), 0);
	assert_null(strstr(out, "keepalived"));
}

/* Rules: added once (without a preference: 16384), removed by their
 * whole description, IPv6 too. */
static void
test_rules(void **state)
{
	struct nlr_rule r1, r2, r6, other;
	char out[4096];
	const char *p;
	int n;

	(void)state;
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.10 table 100 "
	    "priority 2000", &r1), 0);
	assert_int_equal(nlr_rule_parse("t", "to 198.51.100.0/24 lookup 101",
	    &r2), 0);
	assert_int_equal(nlr_rule_parse("t", "from 2001:db8::10 table 100 "
	    "pref 2000", &r6), 0);
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.10 table 100 "
	    "priority 3000", &other), 0);
	assert_int_equal(nlr_rule_add(nl, &r1), 0);
	assert_int_equal(nlr_rule_add(nl, &r1), 0);
	assert_int_equal(nlr_rule_add(nl, &r2), 0);
	assert_int_equal(nlr_rule_add(nl, &r2), 0);
	assert_int_equal(nlr_rule_add(nl, &r6), 0);
	assert_int_equal(vn_capture(out, sizeof(out), "ip rule; ip -6 rule"),
	    0);
	assert_non_null(strstr(out,
	    "2000:\tfrom 192.0.2.10 lookup 100 proto keepalived"));
	assert_non_null(strstr(out,
	    "2000:\tfrom 2001:db8::10 lookup 100 proto keepalived"));
	for (n = 0, p = out; (p = strstr(p, "to 198.51.100.0/24")) != NULL;
	    p++)
		n++;
	assert_int_equal(n, 1);
	assert_non_null(strstr(out,
	    "16384:\tfrom all to 198.51.100.0/24 lookup 101 proto keepalived"));
	/* removing one not there changes nothing and succeeds */
	assert_int_equal(nlr_rule_del(nl, &other), 0);
	assert_int_equal(nlr_rule_del(nl, &r1), 0);
	assert_int_equal(nlr_rule_del(nl, &r1), 0);
	assert_int_equal(nlr_rule_del(nl, &r2), 0);
	assert_int_equal(nlr_rule_del(nl, &r6), 0);
	assert_int_equal(vn_capture(out, sizeof(out), "ip rule; ip -6 rule"),
	    0);
	assert_null(strstr(out, "keepalived"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vip4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vip4_prefix_brd_scope,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_vip6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_present_set, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_promote_secondaries,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
