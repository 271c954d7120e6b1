/* net_namespace and namespace_with_ipsets: where they are read, what
 * names are refused, the dump. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "conf/conf_global.h"
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
	    "uses no iptables chains or ipsets, by design"));
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
test_netns_ipvs_still_inert(void **state)
{
	struct vigil_conf *c;

	(void)state;
	c = load_str("global_defs {\n net_namespace_ipvs blue\n}\n");
	assert_non_null(c);
	assert_non_null(strstr(diags.text, "net_namespace_ipvs: not supported "
	    "yet"));
	conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netns_global_and_top),
		cmocka_unit_test(test_netns_bad_names),
		cmocka_unit_test(test_netns_ipvs_still_inert),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
