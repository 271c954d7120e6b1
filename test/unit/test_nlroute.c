/* Unit tests for common/nlroute_parse.c: route and rule lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <string.h>

#include "common/nlroute.h"

static uint32_t
v4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

static void
test_route_parse(void **state)
{
	struct nlr_route r;
	char dev[IF_NAMESIZE];

	(void)state;
	assert_int_equal(nlr_route_parse("t", "src 192.0.2.1 to 203.0.113.0/24 "
	    "via 192.0.2.254 dev eth1 table 100 metric 7", &r, dev), 0);
	assert_int_equal(r.dst.family, AF_INET);
	assert_int_equal(r.dst.u.v4.s_addr, v4("203.0.113.0"));
	assert_int_equal(r.dst_len, 24);
	assert_true(r.has_gw && r.gw.u.v4.s_addr == v4("192.0.2.254"));
	assert_true(r.has_src && r.src.u.v4.s_addr == v4("192.0.2.1"));
	assert_string_equal(dev, "eth1");
	assert_int_equal(r.table, 100);
	assert_int_equal(r.metric, 7);
	/* default via an IPv6 gateway is an IPv6 default route. */
	assert_int_equal(nlr_route_parse("t", "default via 2001:db8::1", &r,
	    dev), 0);
	assert_int_equal(r.dst.family, AF_INET6);
	assert_int_equal(r.dst_len, 0);
	assert_string_equal(dev, "");
	/* a host route without a length */
	assert_int_equal(nlr_route_parse("t", "198.51.100.7 dev eth0", &r,
	    dev), 0);
	assert_int_equal(r.dst_len, 32);
	assert_int_equal(nlr_route_parse("t", "via 192.0.2.1", &r, dev), -1);
	assert_int_equal(nlr_route_parse("t", "203.0.113.0/33", &r, dev), -1);
	assert_int_equal(nlr_route_parse("t", "203.0.113.0/24 table x", &r,
	    dev), -1);
	assert_int_equal(nlr_route_parse("t", "203.0.113.0/24 via", &r, dev),
	    -1);
	/* track_group NAME (static_routes) is vigil's: skipped whole */
	assert_int_equal(nlr_route_parse("t", "203.0.113.0/24 via "
	    "192.0.2.254 dev eth1 track_group G1 metric 3", &r, dev), 0);
	assert_true(r.has_gw && r.gw.u.v4.s_addr == v4("192.0.2.254"));
	assert_string_equal(dev, "eth1");
	assert_int_equal(r.metric, 3);
	assert_int_equal(nlr_route_parse("t", "203.0.113.0/24 dev eth1 "
	    "track_group", &r, dev), -1);
}

static void
test_rule_parse(void **state)
{
	struct nlr_rule r;

	(void)state;
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.10/32 table 100 "
	    "priority 2000", &r), 0);
	assert_int_equal(r.family, AF_INET);
	assert_int_equal(r.from.u.v4.s_addr, v4("192.0.2.10"));
	assert_int_equal(r.from_len, 32);
	assert_int_equal(r.to.family, 0);
	assert_int_equal(r.action, FR_ACT_TO_TBL);
	assert_int_equal(r.table, 100);
	assert_true(r.has_prio && r.prio == 2000 && !r.prio_default);
	assert_int_equal(nlr_rule_parse("t", "to 2001:db8::/32 lookup 7 iif "
	    "eth0 fwmark 0x10/0xff tos 8 pref 5", &r), 0);
	assert_int_equal(r.family, AF_INET6);
	assert_int_equal(r.to_len, 32);
	assert_string_equal(r.iif, "eth0");
	assert_true(r.has_mark && r.mark == 0x10 && r.mask == 0xff);
	assert_int_equal(r.tos, 8);
	assert_true(r.has_prio && r.prio == 5);
	assert_int_equal(nlr_rule_parse("t", "inet6 from all blackhole", &r),
	    0);
	assert_int_equal(r.family, AF_INET6);
	assert_int_equal(r.action, FR_ACT_BLACKHOLE);
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.0/24 track_group "
	    "G1 table 100", &r), 0);
	assert_int_equal(r.table, 100);
	assert_int_equal(nlr_rule_parse("t", "fwmark 3 goto 100", &r), 0);
	assert_true(r.action == FR_ACT_GOTO && r.goto_prio == 100);
	/* no preference: keepalived's 16384 */
	assert_true(r.has_prio && r.prio_default && r.prio == 16384);
	assert_true(r.has_mark && r.mask == UINT32_MAX);
	/* no action; families that differ; a bad address */
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.1", &r), -1);
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.1 to 2001:db8::1 "
	    "table 1", &r), -1);
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.300 table 1", &r),
	    -1);
}

static void
test_rule_eq(void **state)
{
	struct nlr_rule a, b;

	(void)state;
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.10 table 100 "
	    "prio 10", &a), 0);
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.10/32 lookup 100 "
	    "preference 10", &b), 0);
	assert_true(nlr_rule_eq(&a, &b));
	assert_int_equal(nlr_rule_parse("t", "from 192.0.2.10 table 100 "
	    "prio 11", &b), 0);
	assert_false(nlr_rule_eq(&a, &b));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_parse),
		cmocka_unit_test(test_rule_parse),
		cmocka_unit_test(test_rule_eq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
