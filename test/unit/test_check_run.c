/*
 * Unit tests for the check child's script runner (check/check_run.c),
 * its rise/fall counting (check_count) and enable_script_security's path
 * check (check/check_user.c). The runner tests start real processes on a
 * private libevent base.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>

#include "check/check_run.h"
#include "check/check_script.h"
#include "check/check_user.h"
#include "common/log.h"

/* ---- splitting ---------------------------------------------------- */

static int
split(const char *line, char **argv)
{
	static char buf[1024];

	return check_run_split(line, buf, sizeof(buf), argv, 8);
}

static void
test_split_words(void **state)
{
	char *argv[8];

	(void)state;
	assert_int_equal(split("/usr/bin/killall -0 nginx", argv), 3);
	assert_string_equal(argv[0], "/usr/bin/killall");
	assert_string_equal(argv[1], "-0");
	assert_string_equal(argv[2], "nginx");
	assert_null(argv[3]);
	assert_int_equal(split("  \tpidof   nginx  ", argv), 2);
	assert_string_equal(argv[1], "nginx");
	assert_int_equal(split("", argv), 0);
	assert_null(argv[0]);
	assert_int_equal(split("   ", argv), 0);
}

static void
test_split_quotes(void **state)
{
	char *argv[8];

	(void)state;
	assert_int_equal(split("/bin/sh -c 'curl -sf http://x/ | grep ok'",
	    argv), 3);
	assert_string_equal(argv[2], "curl -sf http://x/ | grep ok");
	assert_int_equal(split("echo \"a \\\"b\\\" c\" d", argv), 3);
	assert_string_equal(argv[1], "a \"b\" c");
	assert_string_equal(argv[2], "d");
	/* Single quotes keep backslashes; quotes join with what touches
	 * them; an empty pair is an empty word. */
	assert_int_equal(split("x 'a\\b'c \"\"", argv), 3);
	assert_string_equal(argv[1], "a\\bc");
	assert_string_equal(argv[2], "");
	assert_int_equal(split("a\\ b c", argv), 2);
	assert_string_equal(argv[0], "a b");
}

static void
test_split_errors(void **state)
{
	char *argv[8];

	(void)state;
	assert_int_equal(split("echo 'unterminated", argv), -1);
	assert_int_equal(split("echo \"unterminated", argv), -1);
	/* 7 words fit with the NULL in 8 slots, 8 do not. */
	assert_int_equal(split("1 2 3 4 5 6 7", argv), 7);
	assert_int_equal(split("1 2 3 4 5 6 7 8", argv), -1);
}

static void
test_resolve(void **state)
{
	char path[PATH_MAX];

	(void)state;
	assert_int_equal(check_run_resolve("sh", path, sizeof(path)), 0);
	assert_true(strcmp(path + strlen(path) - 3, "/sh") == 0);
	assert_int_equal(check_run_resolve("/no/such/thing", path,
	    sizeof(path)), 0);
	assert_string_equal(path, "/no/such/thing");
	assert_int_equal(check_run_resolve("no-such-program-vigil", path,
	    sizeof(path)), ENOENT);
}

/* ---- rise / fall -------------------------------------------------- */

/* Feed results ("s" success, "f" failure); return the turns as a string
 * of "S"/"F" at the result that made them, "." otherwise. */
static const char *
count(struct check_count *c, unsigned rise, unsigned fall, const char *in)
{
	static char out[64];
	size_t i;

	for (i = 0; in[i] != '\0'; i++)
		out[i] = check_count(c, rise, fall, in[i] == 's') ?
		    (c->ok ? 'S' : 'F') : '.';
	out[i] = '\0';
	return out;
}

static void
test_count_first_result_decides(void **state)
{
	struct check_count c;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_string_equal(count(&c, 3, 3, "f"), "F");
	memset(&c, 0, sizeof(c));
	assert_string_equal(count(&c, 3, 3, "s"), "S");
}

static void
test_count_rise_fall(void **state)
{
	struct check_count c;

	(void)state;
	memset(&c, 0, sizeof(c));
	/* fall 2: two failures in a row; one between successes is not. */
	assert_string_equal(count(&c, 2, 2, "sfsfsff"), "S.....F");
	/* rise 2 from failed: two successes in a row. */
	assert_string_equal(count(&c, 2, 2, "sfss"), "...S");
	memset(&c, 0, sizeof(c));
	assert_string_equal(count(&c, 1, 1, "sfsf"), "SFSF");
	memset(&c, 0, sizeof(c));
	assert_string_equal(count(&c, 1, 3, "sfffs"), "S..FS");
	assert_true(c.ok);
	memset(&c, 0, sizeof(c));
	assert_string_equal(count(&c, 3, 1, "fssfsss"), "F.....S");
}

static void
test_count_init_fail(void **state)
{
	struct check_count c = { .decided = true };

	(void)state;
	/* init_fail: failed from the start, no turn on a failure, rise
	 * successes to succeed. */
	assert_string_equal(count(&c, 2, 1, "fss"), "..S");
}

/* ---- the runner --------------------------------------------------- */

static struct event_base *base;
static struct check_run_result got;
static char got_out[CHECK_RUN_OUTPUT_MAX + 1];
static int ndone;
static pid_t last_pid;

static void
done(void *arg, const struct check_run_result *r)
{
	got = *r;
	snprintf(got_out, sizeof(got_out), "%s", r->output);
	got.output = got_out;
	ndone++;
	event_base_loopbreak(base);
}

static int
setup(void **state)
{
	(void)state;
	if (base == NULL) {
		base = event_base_new();
		check_run_init(base);
	}
	ndone = 0;
	memset(&got, 0, sizeof(got));
	return 0;
}

/* Run argv (resolved) with timeout_ms; wait for done; seconds taken. */
static double
run(const char *const *argv, uint32_t timeout_ms)
{
	struct check_run_cmd cmd;
	struct timespec a, b;
	char path[PATH_MAX];
	struct timeval limit = { 10, 0 };
	struct check_user user = { .uid = getuid(), .gid = getgid() };

	memset(&cmd, 0, sizeof(cmd));
	assert_int_equal(check_run_resolve(argv[0], path, sizeof(path)), 0);
	cmd.path = path;
	cmd.argv = (char *const *)argv;
	cmd.user = &user;
	cmd.timeout_ms = timeout_ms;
	ndone = 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct check_run *r = check_run_start(&cmd, done, NULL);

	assert_non_null(r);
	last_pid = check_run_pid(r);
	assert_int_equal(ndone, 0);	/* never from inside start */
	event_base_loopexit(base, &limit);
	event_base_dispatch(base);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_int_equal(ndone, 1);
	return (double)(b.tv_sec - a.tv_sec) +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void
test_run_status_and_output(void **state)
{
	const char *ok[] = { "sh", "-c", "echo out; echo err >&2; exit 3",
	    NULL };
	const char *env[] = { "sh", "-c", "echo \"$PATH|$HOME|$TERM\"; "
	    "ls /proc/self/fd | wc -l; read x || echo eof", NULL };

	(void)state;
	run(ok, 0);
	assert_int_equal(got.end, CHECK_RUN_EXITED);
	assert_int_equal(got.status, 3);
	assert_string_equal(got.output, "out\nerr\n");
	/* Only PATH, fds 0-2 (+ the one ls opens), stdin at EOF. */
	run(env, 0);
	assert_int_equal(got.end, CHECK_RUN_EXITED);
	assert_string_equal(got.output, CHECK_RUN_PATH "||\n4\neof\n");
	assert_int_equal(check_run_active(), 0);
}

static void
test_run_timeout_kills_group(void **state)
{
	const char *argv[] = { "sh", "-c", "sleep 30 & sleep 30; wait", NULL };
	double t;

	(void)state;
	t = run(argv, 200);
	assert_int_equal(got.end, CHECK_RUN_TIMEOUT);
	assert_true(t < 2.0);
	/* The background sleep went with the group: nothing of ours left
	 * once reaped (a subreaper, this process gets the orphan; the
	 * event loop is not running here, so reap it by hand). */
	assert_int_equal(check_run_active(), 0);
	for (int i = 0; i < 100 && kill(-last_pid, 0) == 0; i++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		usleep(10000);
	}
	assert_int_equal(kill(-last_pid, 0), -1);
	assert_int_equal(errno, ESRCH);
}

static void
test_run_term_ignored(void **state)
{
	const char *argv[] = { "sh", "-c", "trap '' TERM; sleep 30", NULL };
	double t;

	(void)state;
	/* SIGTERM ignored by the shell (sleep dies): SIGKILL a second
	 * later at most. */
	t = run(argv, 100);
	assert_int_equal(got.end, CHECK_RUN_TIMEOUT);
	assert_true(t < 3.0);
}

static void
test_run_background_holds_pipe(void **state)
{
	const char *argv[] = { "sh", "-c", "sleep 3 & echo started", NULL };
	double t;

	(void)state;
	/* The script exits at once; its background child keeps stdout. */
	t = run(argv, 5000);
	assert_int_equal(got.end, CHECK_RUN_EXITED);
	assert_int_equal(got.status, 0);
	assert_true(t < 1.0);
	assert_string_equal(got.output, "started\n");
}

static void
test_run_exec_failures(void **state)
{
	const char *missing[] = { "/nonexistent/vigil-script", NULL };
	char file[] = "/tmp/vigil-noexec.XXXXXX";
	const char *noexec[] = { file, NULL };
	int fd;

	(void)state;
	assert_true((fd = mkstemp(file)) >= 0);	/* mode 0600 */
	close(fd);
	run(missing, 0);
	assert_int_equal(got.end, CHECK_RUN_EXEC_FAILED);
	assert_int_equal(got.status, ENOENT);
	run(noexec, 0);
	unlink(file);
	assert_int_equal(got.end, CHECK_RUN_EXEC_FAILED);
	assert_int_equal(got.status, EACCES);
}

static void
test_run_output_bound(void **state)
{
	const char *argv[] = { "sh", "-c", "head -c 100000 /dev/zero | tr "
	    "'\\0' x", NULL };

	(void)state;
	run(argv, 5000);
	assert_int_equal(got.end, CHECK_RUN_EXITED);
	assert_int_equal(got.output_len, CHECK_RUN_OUTPUT_MAX);
	assert_int_equal(got.output_dropped,
	    100000 - CHECK_RUN_OUTPUT_MAX);
}

/* ---- enable_script_security --------------------------------------- */

static void
test_insecure_paths(void **state)
{
	char dir[] = "/tmp/vigil-sec.XXXXXX", file[64], sub[64], bad[PATH_MAX];
	FILE *f;

	(void)state;
	if (geteuid() != 0)
		skip();	/* ownership by root is part of the rule */
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
	snprintf(file, sizeof(file), "%s/chk.sh", dir);
	assert_non_null(f = fopen(file, "w"));
	fclose(f);
	assert_int_equal(chmod(file, 0755), 0);
	/* /tmp is world-writable with the sticky bit: root's entry in it
	 * is safe. */
	assert_int_equal(check_user_insecure(file, bad, sizeof(bad)), 0);
	assert_int_equal(chmod(file, 0757), 0);
	assert_int_equal(check_user_insecure(file, bad, sizeof(bad)), -1);
	assert_string_equal(bad, file);
	assert_int_equal(chmod(file, 0755), 0);
	assert_int_equal(chmod(dir, 0777), 0);	/* no sticky bit */
	assert_int_equal(check_user_insecure(file, bad, sizeof(bad)), -1);
	assert_string_equal(bad, dir);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(chown(file, 65534, 0), 0);	/* not root's */
	assert_int_equal(check_user_insecure(file, bad, sizeof(bad)), -1);
	assert_string_equal(bad, file);
	/* A symbolic link is followed to what it names. */
	snprintf(sub, sizeof(sub), "%s/link", dir);
	assert_int_equal(symlink("/bin/sh", sub), 0);
	assert_int_equal(check_user_insecure(sub, bad, sizeof(bad)), 0);
	assert_int_equal(check_user_insecure("/no/such", bad, sizeof(bad)),
	    ENOENT);
	unlink(sub);
	unlink(file);
	rmdir(dir);
}

static void
test_user_lookup(void **state)
{
	struct check_user u;

	(void)state;
	assert_int_equal(check_user_lookup("root", &u), 0);
	assert_int_equal(u.uid, 0);
	assert_string_equal(u.name, "root");
	assert_int_equal(check_user_lookup("0 0", &u), 0);
	assert_int_equal(check_user_lookup("nobody 0", &u), 0);
	assert_int_equal(u.gid, 0);
	assert_int_equal(check_user_lookup("no-such-user-vigil", &u), ENOENT);
	assert_int_equal(check_user_lookup("root no-such-group-vigil", &u),
	    ESRCH);
	assert_int_equal(check_user_lookup("", &u), EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_split_quotes),
		cmocka_unit_test(test_split_errors),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_count_first_result_decides),
		cmocka_unit_test(test_count_rise_fall),
		cmocka_unit_test(test_count_init_fail),
		cmocka_unit_test_setup(test_run_status_and_output, setup),
		cmocka_unit_test_setup(test_run_timeout_kills_group, setup),
		cmocka_unit_test_setup(test_run_term_ignored, setup),
		cmocka_unit_test_setup(test_run_background_holds_pipe, setup),
		cmocka_unit_test_setup(test_run_exec_failures, setup),
		cmocka_unit_test_setup(test_run_output_bound, setup),
		cmocka_unit_test(test_insecure_paths),
		cmocka_unit_test(test_user_lookup),
	};

	log_init("test", true, false);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
