/* Unit tests for common/util.c: the edit distance behind "did you mean". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/util.h"

static void
test_edit_distance_basic(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("priority", "priority", 3), 0);
	assert_int_equal(edit_distance("", "abc", 5), 3);
	assert_int_equal(edit_distance("state", "stat", 3), 1);
	assert_int_equal(edit_distance("BACKUP", "BAKCUP", 3), 1);	/* swap */
	assert_int_equal(edit_distance("priority", "priorty", 3), 1);	/* drop */
	assert_int_equal(edit_distance("kitten", "sitting", 5), 3);
}

static void
test_edit_distance_cap(void **state)
{
	(void)state;
	/* Past the cap the exact value does not matter, only that it is > max. */
	assert_true(edit_distance("virtual_router_id", "auth_pass", 2) > 2);
	assert_true(edit_distance("a", "bcdefgh", 1) > 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_distance_basic),
		cmocka_unit_test(test_edit_distance_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
