/*
 * garp_group: the block's parsing, checks and dump; what the parent puts
 * in the global message; the vrrp child's lookup and wait arithmetic.
 * No network needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/conf_rx.h"
#include "conf/conf_priv.h"
#include "core/core.h"
#include "vrrp/vrrp_garp_group.h"
#include "conf_helpers.h"

#define GG "garp_group {\n garp_interval 0.2\n gna_interval 0.001\n" \
	" interfaces {\n eth0\n eth1\n }\n}\n" \
	"garp_group {\n garp_interval 0.5\n interface eth2\n}\n"

static void
test_conf(void **state)
{
	struct vigil_conf *c;
	char *d, *d2;

	(void)state;
	assert_non_null(c = load_str(GG));
	assert_int_equal(diags.errors + diags.warnings + diags.inert, 0);
	d = dump_str(c);
	assert_non_null(strstr(d, "garp_group {\n    garp_interval 0.2\n"
	    "    gna_interval 0.001\n    interfaces {\n        eth0\n"
	    "        eth1\n    }\n}\n"));
	assert_non_null(strstr(d, "garp_group {\n    garp_interval 0.5\n"
	    "    gna_interval 0\n    interface eth2\n}\n"));
	conf_free(c);
	assert_non_null(c = load_str(d));
	d2 = dump_str(c);
	assert_string_equal(d, d2);
	free(d);
	free(d2);
	conf_free(c);
	/* an interface in two groups; none; both forms */
	assert_null(load_str(GG "garp_group {\n interface eth1\n}\n"));
	assert_true(diag_has("error: garp_group: interface eth1 is already "
	    "in a garp_group"));
	assert_non_null(c = load_str("garp_group {\n garp_interval 1\n}\n"));
	assert_true(diag_has("t.conf:1:1: warning: garp_group has no "
	    "interface; ignored"));
	conf_free(c);
	assert_non_null(c = load_str("garp_group {\n interface a\n"
	    " interfaces {\n b\n }\n}\n"));
	assert_true(diag_has("garp_group has both interface and interfaces"));
	conf_free(c);
	assert_null(load_str("garp_group {\n garp_interval 2\n"
	    " interface a\n}\n"));
}

static void
test_collect_find(void **state)
{
	struct msg_conf_global g;
	struct vigil_conf *c;

	(void)state;
	assert_non_null(c = load_str(GG));
	memset(&g, 0, sizeof(g));
	conf_collect_garp_groups(c, &g);
	conf_free(c);
	assert_int_equal(g.ngarp_if, 3);
	assert_int_equal(vrrp_garp_group_find(&g, "eth0"), 0);
	assert_int_equal(vrrp_garp_group_find(&g, "eth1"), 0);
	assert_int_equal(vrrp_garp_group_find(&g, "eth2"), 1);
	assert_int_equal(vrrp_garp_group_find(&g, "eth3"), -1);
	assert_int_equal(g.garp_group_us[0][0], 200000);
	assert_int_equal(g.garp_group_us[0][1], 1000);
	assert_int_equal(g.garp_group_us[1][0], 500000);
	assert_int_equal(g.garp_group_us[1][1], 0);
}

static void
test_wait(void **state)
{
	(void)state;
	/* nothing sent yet: at once */
	assert_int_equal(vrrp_garp_group_wait(0, 5000000, 200000), 0);
	/* the last one 50 ms ago: 150 ms more */
	assert_int_equal(vrrp_garp_group_wait(4950000, 5000000, 200000),
	    150000);
	/* exactly the interval, or more: at once */
	assert_int_equal(vrrp_garp_group_wait(4800000, 5000000, 200000), 0);
	assert_int_equal(vrrp_garp_group_wait(1000000, 5000000, 200000), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_collect_find),
		cmocka_unit_test(test_wait),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
