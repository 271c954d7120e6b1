/* Unit tests for core/ctl.c, the control socket: a request goes to each
 * running child and their answers to the client, ending "%end ok"; a
 * child that goes away ends the wait; an unknown command is an error; a
 * client that does not read is dropped once its output passes the bound,
 * and the parent never blocks on it. A fake vrrp child is one end of a
 * socketpair the test reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/un.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/ctl.h"
#include "common/ipc.h"
#include "common/log.h"
#include "core/core.h"

static struct core_opts opts = { .conf_path = "/test/vigil.conf" };
static char path[128];
static int child_end = -1;	/* the fake vrrp child's end */

static void
on_msg(struct ipc_chan *c, struct ipc_msg *m)
{
	fail_msg("the fake child sends nothing");
}

static void
on_error(struct ipc_chan *c, const char *reason)
{
}

static int
setup(void **state)
{
	int sv[2];

	memset(&core, 0, sizeof(core));
	core.base = event_base_new();
	core.opts = &opts;
	core.gen = 1;
	core.child[PROC_VRRP].proc = &procs[PROC_VRRP];
	core.child[PROC_CHECK].proc = &procs[PROC_CHECK];
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	core.child[PROC_VRRP].chan = ipc_chan_new(core.base, sv[0], PROC_CORE,
	    PROC_VRRP, on_msg, on_error, NULL);
	core.child[PROC_VRRP].pid = 99999;
	child_end = sv[1];
	snprintf(path, sizeof(path), "/tmp/test_core_ctl.%d.sock",
	    (int)getpid());
	ctl_open(path, NULL);
	return 0;
}

static int
teardown(void **state)
{
	ctl_close();
	assert_int_equal(access(path, F_OK), -1);	/* removed */
	ipc_chan_free(core.child[PROC_VRRP].chan);
	close(child_end);
	event_base_free(core.base);
	return 0;
}

static void
run_loop(int n)
{
	while (n-- > 0)
		event_base_loop(core.base, EVLOOP_NONBLOCK);
}

static int
client(const char *cmd)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sun, sizeof(sun)),
	    0);
	assert_true(write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd));
	return fd;
}

/* The request the fake child got: its type and id. */
static uint32_t
child_request(uint32_t *type)
{
	unsigned char buf[64];
	struct ipc_hdr h;
	struct msg_dump d;
	ssize_t n = -1;
	int i;

	for (i = 0; i < 100 && n < 0; i++) {
		run_loop(1);
		n = recv(child_end, buf, sizeof(buf), MSG_DONTWAIT);
	}
	assert_int_equal(n, sizeof(h) + sizeof(d));
	memcpy(&h, buf, sizeof(h));
	memcpy(&d, buf + sizeof(h), sizeof(d));
	*type = h.type;
	assert_true(ctl_owns(d.id));
	return d.id;
}

/* What the client gets until the daemon closes (the last 32 KiB). */
static char *
client_read_all(int fd)
{
	static char buf[1 << 16];
	size_t len = 0;
	ssize_t n;
	int i;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	for (i = 0; i < 100000; i++) {
		run_loop(1);
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n == 0)
			break;
		if (n > 0)
			len += (size_t)n;
		if (len > sizeof(buf) / 2) {	/* keep the tail only */
			memmove(buf, buf + len - 1024, 1024);
			len = 1024;
		}
	}
	buf[len] = '\0';
	close(fd);
	return buf;
}

static void
test_status_relayed(void **state)
{
	int fd = client("status\n");
	uint32_t type, id = child_request(&type);
	const char *rec = "instance\tname=VI_1\tstate=MASTER\n";
	char *out;

	assert_int_equal(type, MSG_STATUS);
	ctl_dump_text(id, rec, strlen(rec));
	ctl_dump_end(id, PROC_VRRP);
	out = client_read_all(fd);
	assert_non_null(strstr(out, "daemon\tpid="));
	assert_non_null(strstr(out, "\tgeneration=1\tvrrp_pid=99999"));
	assert_non_null(strstr(out, rec));
	assert_non_null(strstr(out, "\n%end ok\n"));
}

static void
test_child_gone(void **state)
{
	int fd = client("dump\n");
	uint32_t type;
	char *out;

	child_request(&type);
	assert_int_equal(type, MSG_DUMP_DATA);
	core.child[PROC_VRRP].pid = 0;
	ctl_children_changed();
	out = client_read_all(fd);
	assert_non_null(strstr(out, "Configuration file = /test/vigil.conf"));
	assert_non_null(strstr(out, "%end ok\n"));
}

static void
test_unknown_command(void **state)
{
	char *out = client_read_all(client("frobnicate\n"));

	assert_string_equal(out, "%end error unknown command\n");
}

/* 20 MiB for a client that never reads: dropped (EOF, no "%end"), and
 * every call returned at once. */
static void
test_deaf_client_dropped(void **state)
{
	static char chunk[64 * 1024];
	int fd = client("status\n");
	uint32_t type, id = child_request(&type);
	char *out;
	int i;

	memset(chunk, 'x', sizeof(chunk) - 1);
	chunk[sizeof(chunk) - 1] = '\n';
	for (i = 0; i < 320; i++) {
		ctl_dump_text(id, chunk, sizeof(chunk));
		run_loop(1);
	}
	ctl_dump_end(id, PROC_VRRP);	/* for a client gone: nothing */
	out = client_read_all(fd);
	assert_null(strstr(out, "%end"));
	/* The next client is served as usual. */
	fd = client("status\n");
	id = child_request(&type);
	ctl_dump_end(id, PROC_VRRP);
	assert_non_null(strstr(client_read_all(fd), "%end ok\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_status_relayed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_child_gone, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_command, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deaf_client_dropped,
		    setup, teardown),
	};

	log_init("core", true, false);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
