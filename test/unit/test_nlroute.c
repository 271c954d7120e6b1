/* Unit tests for common/nlroute_parse.c and nlroute_ka.c: route and rule
 * lines, and their keepalived.json words. */
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

/* Each line as keepalived 2.2.7 wrote it in keepalived.json for the same
 * virtual_routes / virtual_rules line (observed). */
static void
ka_route(const char *line, const char *want)
{
	struct nlr_route r;
	char dev[IF_NAMESIZE], s[512];

	assert_int_equal(nlr_route_parse("t", line, &r, dev), 0);
	assert_string_equal(nlr_route_ka_str(&r, dev, s, sizeof(s)), want);
}

static void
ka_rule(const char *line, const char *want)
{
	struct nlr_rule r;
	char s[512];

	assert_int_equal(nlr_rule_parse("t", line, &r), 0);
	assert_string_equal(nlr_rule_ka_str(&r, s, sizeof(s)), want);
}

static void
test_ka_str(void **state)
{
	(void)state;
	ka_route("198.51.100.0/24 via 192.0.2.254 dev eth0",
	    "prepend 198.51.100.0/24 via inet 192.0.2.254 dev eth0 proto 18");
	ka_route("198.51.100.0/24 via 192.0.2.254 dev eth0 src 192.0.2.10 "
	    "table 7 metric 9", "prepend 198.51.100.0/24 src 192.0.2.10 via "
	    "inet 192.0.2.254 dev eth0 table 7 proto 18 metric 9");
	ka_route("src 192.0.2.10 198.51.100.128/25 via 192.0.2.254",
	    "prepend 198.51.100.128/25 src 192.0.2.10 via inet 192.0.2.254 "
	    "proto 18 no_track");
	ka_route("default via 192.0.2.253 table 200", "prepend 0.0.0.0/0 via "
	    "inet 192.0.2.253 table 200 proto 18 no_track");
	ka_route("203.0.113.0/25 dev eth0 table 100 metric 5", "prepend "
	    "203.0.113.0/25 dev eth0 table 100 proto 18 metric 5");
	ka_route("203.0.113.64/26 via 192.0.2.254 dev eth0 table main",
	    "prepend 203.0.113.64/26 via inet 192.0.2.254 dev eth0 proto 18");
	/* keepalived adds " [installed ifindex 0]" to IPv6 routes: not
	 * copied. */
	ka_route("default via 2001:db8::fe dev eth0",
	    "prepend ::/0 via inet6 2001:db8::fe dev eth0 proto 18");

	ka_rule("from 192.0.2.10 table 100 priority 2000", "from 192.0.2.10 "
	    "priority 2000 tos 0x0 protocol 18 lookup 100");
	ka_rule("to 203.0.113.0/24 table 100 priority 2001", "from all to "
	    "203.0.113.0/24 priority 2001 tos 0x0 protocol 18 lookup 100");
	ka_rule("from 192.0.2.0/24 to 198.51.100.0/24 lookup 100 priority "
	    "2002 iif eth0 oif eth1", "from 192.0.2.0/24 to 198.51.100.0/24 "
	    "priority 2002 tos 0x0 iif eth0 oif eth1 protocol 18 lookup 100");
	ka_rule("fwmark 5/0xff table 101 priority 2003", "from all priority "
	    "2003 tos 0x0 fwmark 0x5/0xff protocol 18 lookup 101");
	ka_rule("fwmark 7 table main priority 2008", "from all priority 2008 "
	    "tos 0x0 fwmark 0x7 protocol 18 lookup 254");
	ka_rule("from 2001:db8::10 table 100 priority 2004", "from "
	    "2001:db8::10 priority 2004 tos 0x0 protocol 18 lookup 100");
	ka_rule("from 192.0.2.12 goto 2005 priority 2001", "from 192.0.2.12 "
	    "priority 2001 tos 0x0 protocol 18 goto 2005");
	ka_rule("from 192.0.2.11 blackhole priority 2005", "from 192.0.2.11 "
	    "priority 2005 tos 0x0 protocol 18 type blackhole");
	ka_rule("to 2001:db8::/32 prohibit priority 2007", "from all to "
	    "2001:db8::/32 priority 2007 tos 0x0 protocol 18 type prohibit");
	ka_rule("tos 0x10 table 103 priority 2006", "from all priority 2006 "
	    "tos 0x10 protocol 18 lookup 103");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_parse),
		cmocka_unit_test(test_rule_parse),
		cmocka_unit_test(test_rule_eq),
		cmocka_unit_test(test_ka_str),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
