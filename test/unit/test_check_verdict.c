/*
 * The director's verdict arithmetic (check/check_verdict.c): keepalived
 * 2.2.7's retry counting for a checker and the quorum with hysteresis,
 * sequence by sequence.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check/check_lvs.h"

/* Feed results ("1" ok, "0" failed) and collect the steps as letters:
 * U up, D down, R retry, - no change. */
static void
run(struct check_verdict *v, uint32_t retry, const char *results, char *out)
{
	static const char letter[] = { [CHECK_V_SAME] = '-',
	    [CHECK_V_UP] = 'U', [CHECK_V_DOWN] = 'D', [CHECK_V_RETRY] = 'R' };

	for (; *results != '\0'; results++)
		*out++ = letter[check_verdict_step(v, *results == '1', retry)];
	*out = '\0';
}

static void
test_retry_counting(void **state)
{
	struct check_verdict v = { .up = true };
	char out[64];

	(void)state;
	/* retry 2: two retries, the third failure in a row takes it down */
	run(&v, 2, "10001", out);
	assert_string_equal(out, "-RRDU");
	/* a success between failures starts the count again */
	run(&v, 2, "0010000", out);
	assert_string_equal(out, "RR-RRD-");
}

static void
test_retry_zero(void **state)
{
	struct check_verdict v = { .up = true };
	char out[64];

	(void)state;
	run(&v, 0, "0001", out);
	assert_string_equal(out, "D--U");
}

static void
test_alpha_starts_down(void **state)
{
	struct check_verdict v = { .up = false };
	char out[64];

	(void)state;
	/* failures while down change nothing and are not retried */
	run(&v, 3, "0001", out);
	assert_string_equal(out, "---U");
	assert_true(v.up);
	assert_int_equal(v.fails, 0);
}

static void
test_quorum(void **state)
{
	(void)state;
	/* quorum 3, no hysteresis: held at 3, lost at 2, regained at 3 */
	assert_true(check_quorum_step(true, 3, 3, 0));
	assert_false(check_quorum_step(true, 2, 3, 0));
	assert_false(check_quorum_step(false, 2, 3, 0));
	assert_true(check_quorum_step(false, 3, 3, 0));
	/* hysteresis 1: lost below 2, regained at 4 */
	assert_true(check_quorum_step(true, 2, 3, 1));
	assert_false(check_quorum_step(true, 1, 3, 1));
	assert_false(check_quorum_step(false, 3, 3, 1));
	assert_true(check_quorum_step(false, 4, 3, 1));
	/* weights far above 32 bits do not wrap */
	assert_true(check_quorum_step(false, UINT64_C(1) << 40, UINT32_MAX,
	    UINT32_MAX));
	assert_true(check_quorum_step(true, 0, 1, 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry_counting),
		cmocka_unit_test(test_retry_zero),
		cmocka_unit_test(test_alpha_starts_down),
		cmocka_unit_test(test_quorum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
