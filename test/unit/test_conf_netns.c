/* net_namespace, namespace_with_ipsets, net_namespace_ipvs, the
 * lvs_netlink_*_rcv_bufs and nftables_ipvs* keywords: where they are
 * read, what names and values are refused, the dump. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "conf/conf_global.h"
#include "conf/conf_nft.h"
#include "test/unit/conf_helpers.h"

static void
test_netns_global_and_top(void **state)
{
	struct vigil_conf *c;
	char *d;

	(void)state;
	c = load_str("global_defs {\n net_namespace blue\n"
	    " namespace_with_ipsets\n}\n");
	assert_non_null(c);
	assert_string_equal(c->global.net_namespace, "blue");
	assert_int_equal(diags.errors, 0);
	assert_int_equal(diags.inert, 0);
	assert_int_equal(diags.notes, 1);
	assert_non_null(strstr(diags.text, "namespace_with_ipsets: vigil "
	    "uses no ipsets"));
	d = dump_str(c);
	assert_non_null(strstr(d, " net_namespace blue\n"));
	free(d);
	conf_free(c);

	c = load_str("net_namespace red\n");
	assert_non_null(c);
	assert_string_equal(c->global.net_namespace, "red");
	assert_int_equal(diags.inert, 0);
	d = dump_str(c);
	/* The dump writes it in global_defs. */
	assert_non_null(strstr(d, " net_namespace red\n"));
	free(d);
	conf_free(c);

	c = load_str("global_defs {\n}\n");
	assert_non_null(c);
	assert_null(c->global.net_namespace);
	conf_free(c);
}

static void
test_netns_bad_names(void **state)
{
	static const char *bad[] = {
		"net_namespace a/b\n", "net_namespace ..\n",
		"net_namespace .\n", "net_namespace \"\"\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(load_str(bad[i]));
		assert_int_equal(diags.errors, 1);
		assert_non_null(strstr(diags.text, "is not a name `ip netns "
		    "add` makes"));
	}
}

static void
test_netns_ipvs(void **state)
{
	struct vigil_conf *c;
	char *d;

	(void)state;
	c = load_str("global_defs {\n net_namespace_ipvs blue\n}\n");
	assert_non_null(c);
	assert_int_equal(diags.inert, 0);
	assert_null(strstr(diags.text, "not supported"));
	assert_string_equal(c->global.net_namespace_ipvs, "blue");
	d = dump_str(c);
	assert_non_null(strstr(d, " net_namespace_ipvs blue\n"));
	free(d);
	conf_free(c);

	/* No name: process 1's namespace; at the top level too. */
	c = load_str("net_namespace_ipvs\n");
	assert_non_null(c);
	assert_int_equal(diags.errors, 0);
	assert_string_equal(c->global.net_namespace_ipvs, "");
	d = dump_str(c);
	assert_non_null(strstr(d, " net_namespace_ipvs\n"));
	free(d);
	conf_free(c);

	c = load_str("global_defs {\n}\n");
	assert_non_null(c);
	assert_null(c->global.net_namespace_ipvs);
	d = dump_str(c);
	assert_null(strstr(d, "net_namespace_ipvs"));
	free(d);
	conf_free(c);

	assert_null(load_str("net_namespace_ipvs a/b\n"));
	assert_non_null(strstr(diags.text, "net_namespace_ipvs: 'a/b' is not "
	    "a name"));
}

static void
test_lvs_netlink_bufs(void **state)
{
	struct vigil_conf *c;
	char *d;

	(void)state;
	c = load_str("global_defs {\n lvs_netlink_cmd_rcv_bufs 4194304\n"
	    " lvs_netlink_cmd_rcv_bufs_force\n"
	    " lvs_netlink_monitor_rcv_bufs 100000\n"
	    " lvs_netlink_monitor_rcv_bufs_force no\n}\n");
	assert_non_null(c);
	assert_int_equal(diags.errors, 0);
	assert_int_equal(diags.inert, 0);
	assert_int_equal(c->global.lvs_nl_cmd_rcvbuf, 4194304);
	assert_true(c->global.lvs_nl_cmd_rcvbuf_force);
	assert_int_equal(c->global.lvs_nl_mon_rcvbuf, 100000);
	assert_false(c->global.lvs_nl_mon_rcvbuf_force);
	/* The monitor pair: a note each, no socket to size. */
	assert_int_equal(diags.notes, 2);
	assert_non_null(strstr(diags.text, "lvs_netlink_monitor_rcv_bufs: "
	    "vigil's check process has no netlink monitor socket"));
	d = dump_str(c);
	assert_non_null(strstr(d, " lvs_netlink_cmd_rcv_bufs 4194304\n"));
	assert_non_null(strstr(d, " lvs_netlink_cmd_rcv_bufs_force true\n"));
	free(d);
	conf_free(c);

	/* keepalived's range: 0 to 4294967295. */
	c = load_str("global_defs {\n lvs_netlink_cmd_rcv_bufs 0\n}\n");
	assert_non_null(c);
	conf_free(c);
	c = load_str("global_defs {\n lvs_netlink_cmd_rcv_bufs 4294967295\n}\n");
	assert_non_null(c);
	assert_int_equal(c->global.lvs_nl_cmd_rcvbuf, 4294967295u);
	conf_free(c);
	assert_null(load_str("global_defs {\n lvs_netlink_cmd_rcv_bufs "
	    "4294967296\n}\n"));
	assert_null(load_str("global_defs {\n lvs_netlink_cmd_rcv_bufs -5\n}\n"));
}

static void
test_nftables_ipvs(void **state)
{
	struct vigil_conf *c;
	char *d;

	(void)state;
	c = load_str("global_defs {\n}\n");
	assert_non_null(c);
	assert_false(c->global.nftables_ipvs);
	assert_int_equal(conf_nft_ipvs_fwmark(&c->global), 1000);
	d = dump_str(c);
	assert_null(strstr(d, "nftables_ipvs\n"));
	assert_null(strstr(d, "nftables_ipvs_priority"));
	assert_null(strstr(d, "nftables_ipvs_start_fwmark"));
	free(d);
	conf_free(c);

	c = load_str("global_defs {\n nftables_ipvs\n}\n");
	assert_non_null(c);
	assert_int_equal(diags.inert, 0);
	assert_true(c->global.nftables_ipvs);
	assert_null(c->global.nftables_ipvs_table);
	assert_int_equal(conf_nft_ipvs_priority(&c->global), -1);
	d = dump_str(c);
	assert_non_null(strstr(d, " nftables_ipvs\n"));
	free(d);
	conf_free(c);

	c = load_str("global_defs {\n nftables_ipvs lb\n"
	    " nftables_ipvs_priority -150\n"
	    " nftables_ipvs_start_fwmark 5\n}\n");
	assert_non_null(c);
	assert_string_equal(c->global.nftables_ipvs_table, "lb");
	assert_int_equal(conf_nft_ipvs_priority(&c->global), -150);
	assert_int_equal(conf_nft_ipvs_fwmark(&c->global), 5);
	d = dump_str(c);
	assert_non_null(strstr(d, " nftables_ipvs lb\n"));
	assert_non_null(strstr(d, " nftables_ipvs_priority -150\n"));
	assert_non_null(strstr(d, " nftables_ipvs_start_fwmark 5\n"));
	free(d);
	conf_free(c);

	/* keepalived refuses 0 as the first mark. */
	assert_null(load_str("global_defs {\n nftables_ipvs_start_fwmark 0\n}\n"));
	assert_null(load_str("global_defs {\n nftables_ipvs "
	    "a234567890123456789012345678901234567890123456789012345678901234"
	    "\n}\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netns_global_and_top),
		cmocka_unit_test(test_netns_bad_names),
		cmocka_unit_test(test_netns_ipvs),
		cmocka_unit_test(test_lvs_netlink_bufs),
		cmocka_unit_test(test_nftables_ipvs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
