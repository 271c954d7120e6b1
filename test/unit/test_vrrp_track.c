/*
 * The pure logic of track_file and vrrp_track_process
 * (vrrp/vrrp_track_match.c): a file's number, a process (name, command
 * line) against a process line with param_match and full_command, the
 * quorum and the delays.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "vrrp/vrrp_track.h"

static void
test_file_parse(void **state)
{
	int64_t v = 99;

#define OK(s, want) do {						\
	v = 99;								\
	assert_int_equal(vrrp_tfile_parse(s, strlen(s), &v), 0);	\
	assert_int_equal(v, want);					\
} while (0)
#define BAD(s) assert_int_equal(vrrp_tfile_parse(s, strlen(s), &v), -1)
	OK("0", 0);
	OK("5\n", 5);
	OK("  -12 \n", -12);
	OK("+7", 7);
	OK("\t42\r\n", 42);
	OK("2147483647", 2147483647);
	OK("-2147483648", -2147483648LL);
	BAD("");
	BAD("\n");
	BAD("abc");
	BAD("12abc");
	BAD("1 2");
	BAD("-");
	BAD("- 1");
	BAD("0x10");
	BAD("2147483648");
	BAD("99999999999999999999");
#undef OK
#undef BAD
	/* Not NUL-terminated: only len bytes count. */
	assert_int_equal(vrrp_tfile_parse("17xyz", 2, &v), 0);
	assert_int_equal(v, 17);
}

/* A vrrp_track_process from its words. */
static struct msg_conf_track_process
tproc(uint32_t flags, uint32_t match, const char *const *words)
{
	struct msg_conf_track_process p;
	size_t off = 0;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "tp");
	for (; *words != NULL; words++) {
		memcpy(p.words + off, *words, strlen(*words) + 1);
		off += strlen(*words) + 1;
		p.nwords++;
	}
	p.flags = flags;
	p.param_match = match;
	p.quorum = 1;
	p.quorum_max = TPROC_NO_MAX;
	return p;
}

#define CMD(s) (s), sizeof(s) - 1	/* a cmdline literal: "a\0b\0" */

/* Without arguments: the name against comm, exactly; the kernel keeps 15
 * characters, so a longer name compares by them. */
static void
test_match_comm(void **state)
{
	struct msg_conf_track_process p =
	    tproc(0, 0, (const char *[]){ "nginx", NULL });
	struct msg_conf_track_process lp =
	    tproc(0, 0, (const char *[]){ "a-very-long-daemon", NULL });

	assert_false(vrrp_tproc_wants_cmdline(&p));
	assert_true(vrrp_tproc_match(&p, "nginx", NULL, 0));
	assert_false(vrrp_tproc_match(&p, "nginx:", NULL, 0));
	assert_false(vrrp_tproc_match(&p, "ngin", NULL, 0));
	assert_false(vrrp_tproc_match(&p, "sshd", NULL, 0));
	assert_true(vrrp_tproc_match(&lp, "a-very-long-dae", NULL, 0));
	assert_false(vrrp_tproc_match(&lp, "a-very-long-da", NULL, 0));
}

/* With arguments: the command line. exact (default): the same words, no
 * more; partial: these first, any after; initial: as many, the last one
 * may be longer. */
static void
test_match_params(void **state)
{
	const char *const w[] = { "/usr/sbin/haproxy", "-f", "/etc/h", NULL };
	struct msg_conf_track_process ex = tproc(0, TPROC_MATCH_EXACT, w);
	struct msg_conf_track_process pa = tproc(TPROC_F_PARAM_MATCH,
	    TPROC_MATCH_PARTIAL, w);
	struct msg_conf_track_process in = tproc(TPROC_F_PARAM_MATCH,
	    TPROC_MATCH_INITIAL, w);

	assert_true(vrrp_tproc_wants_cmdline(&ex));
	assert_true(vrrp_tproc_match(&ex, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/h\0")));
	/* The last word without its NUL (a process that rewrote it). */
	assert_true(vrrp_tproc_match(&ex, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/h")));
	assert_false(vrrp_tproc_match(&ex, "haproxy",
	    CMD("haproxy\0-f\0/etc/h\0")));
	assert_false(vrrp_tproc_match(&ex, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/h\0-d\0")));
	assert_false(vrrp_tproc_match(&ex, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/hx\0")));
	assert_false(vrrp_tproc_match(&ex, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0")));
	assert_false(vrrp_tproc_match(&ex, "haproxy", NULL, 0));

	assert_true(vrrp_tproc_match(&pa, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/h\0-d\0")));
	assert_true(vrrp_tproc_match(&pa, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/h\0")));
	assert_false(vrrp_tproc_match(&pa, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/hx\0")));
	assert_false(vrrp_tproc_match(&pa, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0")));

	assert_true(vrrp_tproc_match(&in, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/haproxy.cfg\0")));
	assert_true(vrrp_tproc_match(&in, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/h\0")));
	assert_false(vrrp_tproc_match(&in, "haproxy",
	    CMD("/usr/sbin/haproxy\0-g\0/etc/haproxy.cfg\0")));
	assert_false(vrrp_tproc_match(&in, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/etc/haproxy.cfg\0-d\0")));
	assert_false(vrrp_tproc_match(&in, "haproxy",
	    CMD("/usr/sbin/haproxy\0-f\0/et\0")));
}

/* Without arguments: full_command compares argv[0] and takes any
 * arguments; param_match alone wants none; a quoted name with a space is
 * one word. */
static void
test_match_no_params(void **state)
{
	struct msg_conf_track_process fc = tproc(TPROC_F_FULL_COMMAND, 0,
	    (const char *[]){ "/bin/x", NULL });
	struct msg_conf_track_process pm = tproc(TPROC_F_PARAM_MATCH,
	    TPROC_MATCH_PARTIAL, (const char *[]){ "/bin/x", NULL });
	struct msg_conf_track_process sp = tproc(0, 0,
	    (const char *[]){ "/tmp/a b", "param 2", NULL });

	assert_true(vrrp_tproc_wants_cmdline(&fc));
	assert_true(vrrp_tproc_match(&fc, "x", CMD("/bin/x\0")));
	assert_true(vrrp_tproc_match(&fc, "x", CMD("/bin/x\0-v\0")));
	assert_false(vrrp_tproc_match(&fc, "x", CMD("x\0")));
	assert_true(vrrp_tproc_match(&pm, "x", CMD("/bin/x\0")));
	assert_false(vrrp_tproc_match(&pm, "x", CMD("/bin/x\0-v\0")));
	assert_true(vrrp_tproc_match(&sp, "a b", CMD("/tmp/a b\0param 2\0")));
	assert_false(vrrp_tproc_match(&sp, "a b",
	    CMD("/tmp/a\0b\0param 2\0")));
}

/* quorum..quorum_max; quorum_max 0: the process must not run at all. */
static void
test_quorum(void **state)
{
	struct msg_conf_track_process p =
	    tproc(0, 0, (const char *[]){ "x", NULL });

	assert_false(vrrp_tproc_quorum(&p, 0));
	assert_true(vrrp_tproc_quorum(&p, 1));
	assert_true(vrrp_tproc_quorum(&p, 1000));
	p.quorum = 2;
	p.quorum_max = 3;
	assert_false(vrrp_tproc_quorum(&p, 1));
	assert_true(vrrp_tproc_quorum(&p, 2));
	assert_true(vrrp_tproc_quorum(&p, 3));
	assert_false(vrrp_tproc_quorum(&p, 4));
	p.quorum = 0;
	p.quorum_max = 0;
	assert_true(vrrp_tproc_quorum(&p, 0));
	assert_false(vrrp_tproc_quorum(&p, 1));
}

/* Gaining the quorum waits fork_delay, losing it terminate_delay; no
 * change, nothing. */
static void
test_step(void **state)
{
	struct msg_conf_track_process p =
	    tproc(0, 0, (const char *[]){ "x", NULL });
	uint64_t d = 0;

	assert_int_equal(vrrp_tproc_step(&p, true, true, &d), VRRP_TPROC_KEEP);
	assert_int_equal(vrrp_tproc_step(&p, false, false, &d),
	    VRRP_TPROC_KEEP);
	assert_int_equal(vrrp_tproc_step(&p, false, true, &d),
	    VRRP_TPROC_REPORT);
	p.fork_delay_us = 250000;
	p.terminate_delay_us = 1500000;
	assert_int_equal(vrrp_tproc_step(&p, false, true, &d),
	    VRRP_TPROC_WAIT);
	assert_int_equal(d, 250000);
	assert_int_equal(vrrp_tproc_step(&p, true, false, &d),
	    VRRP_TPROC_WAIT);
	assert_int_equal(d, 1500000);
	p.terminate_delay_us = 0;
	assert_int_equal(vrrp_tproc_step(&p, true, false, &d),
	    VRRP_TPROC_REPORT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_parse),
		cmocka_unit_test(test_match_comm),
		cmocka_unit_test(test_match_params),
		cmocka_unit_test(test_match_no_params),
		cmocka_unit_test(test_quorum),
		cmocka_unit_test(test_step),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
