/* UDP_CHECK's reply matching: require_reply's pattern with X digits and
 * the reply length bounds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "check/check_probe.h"

static const uint8_t pat[] = { 0x4f, 0x4b, 0x20 };
static const uint8_t mask[] = { 0xff, 0xf0, 0x00 };	/* "4f4XXX" */

static struct check_udp_conf
conf(void)
{
	struct check_udp_conf c;

	memset(&c, 0, sizeof(c));
	c.require_reply = true;
	c.reply = pat;
	c.reply_mask = mask;
	c.reply_len = sizeof(pat);
	c.min_reply_len = 0;
	c.max_reply_len = 255;
	return c;
}

static void
test_no_require_reply(void **state)
{
	struct check_udp_conf c = conf();
	char why[64] = "";

	c.require_reply = false;
	assert_true(check_udp_reply_ok(&c, (const uint8_t *)"x", 1, why,
	    sizeof(why)));
}

static void
test_match_with_x(void **state)
{
	struct check_udp_conf c = conf();
	const uint8_t ok[] = { 0x4f, 0x4e, 0x99, 0x01 };
	char why[64] = "";

	assert_true(check_udp_reply_ok(&c, ok, sizeof(ok), why, sizeof(why)));
}

static void
test_mismatch(void **state)
{
	struct check_udp_conf c = conf();
	const uint8_t bad[] = { 0x4f, 0x5b, 0x20 };	/* high nibble 5 */
	char why[64] = "";

	assert_false(check_udp_reply_ok(&c, bad, sizeof(bad), why,
	    sizeof(why)));
	assert_string_equal(why, "reply mismatch at byte 1");
}

static void
test_too_short(void **state)
{
	struct check_udp_conf c = conf();
	char why[64] = "";

	assert_false(check_udp_reply_ok(&c, pat, 2, why, sizeof(why)));
	assert_non_null(strstr(why, "shorter"));
}

static void
test_length_bounds(void **state)
{
	struct check_udp_conf c = conf();
	const uint8_t four[] = { 0x4f, 0x40, 0, 0 };
	char why[64] = "";

	c.reply_len = 0;
	c.min_reply_len = 4;
	c.max_reply_len = 4;
	assert_true(check_udp_reply_ok(&c, four, 4, why, sizeof(why)));
	assert_false(check_udp_reply_ok(&c, four, 3, why, sizeof(why)));
	assert_string_equal(why, "reply of 3 bytes, not 4 to 4");
	c.max_reply_len = 3;
	c.min_reply_len = 0;
	assert_false(check_udp_reply_ok(&c, four, 4, why, sizeof(why)));
}

static void
test_empty_pattern_any_reply(void **state)
{
	struct check_udp_conf c = conf();
	char why[64] = "";

	c.reply_len = 0;	/* require_reply with no pattern */
	assert_true(check_udp_reply_ok(&c, (const uint8_t *)"", 0, why,
	    sizeof(why)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_require_reply),
		cmocka_unit_test(test_match_with_x),
		cmocka_unit_test(test_mismatch),
		cmocka_unit_test(test_too_short),
		cmocka_unit_test(test_length_bounds),
		cmocka_unit_test(test_empty_pattern_any_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
