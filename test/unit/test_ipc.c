/* Unit tests for common/ipc.c and common/conf_rx.c: every received message
 * is checked (size, type, sender, fd), EOF is reported, the configuration
 * stream is assembled and acknowledged. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/conf_rx.h"
#include "common/ipc.h"

static struct {
	int		 dispatched;
	uint32_t	 type;
	int		 fd;
	int		 errors;
	char		 reason[160];
	bool		 eof;
} got;

static void
on_msg(struct ipc_chan *c, struct ipc_msg *m)
{
	got.dispatched++;
	got.type = m->hdr.type;
	got.fd = m->fd;
}

static void
on_error(struct ipc_chan *c, const char *reason)
{
	got.errors++;
	got.eof = reason == NULL;
	snprintf(got.reason, sizeof(got.reason), "%s", reason ? reason : "");
}

/* A vrrp-side channel on sv[0]; the test writes raw datagrams to sv[1]. */
struct pair {
	struct event_base *base;
	struct ipc_chan	*chan;
	int		 peer;
};

static void
pair_open(struct pair *p, enum proc_id self, enum proc_id peer)
{
	int sv[2];

	memset(&got, 0, sizeof(got));
	got.fd = -1;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	p->base = event_base_new();
	assert_non_null(p->base);
	p->chan = ipc_chan_new(p->base, sv[0], self, peer, on_msg, on_error,
	    NULL);
	p->peer = sv[1];
}

static void
pair_close(struct pair *p)
{
	ipc_chan_free(p->chan);
	close(p->peer);
	event_base_free(p->base);
}

static void
pair_run(struct pair *p)
{
	event_base_loop(p->base, EVLOOP_NONBLOCK);
	event_base_loop(p->base, EVLOOP_NONBLOCK);
}

/* Send header {type, len} followed by n payload bytes. */
static void
send_raw(struct pair *p, uint32_t type, uint32_t len, size_t n)
{
	unsigned char buf[sizeof(struct ipc_hdr) + 256] = { 0 };
	struct ipc_hdr h = { .type = type, .len = len };

	assert_true(n <= 256);
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(send(p->peer, buf, sizeof(h) + n, 0),
	    (ssize_t)(sizeof(h) + n));
}

static void
expect_reason(struct pair *p, const char *want)
{
	pair_run(p);
	assert_int_equal(got.dispatched, 0);
	assert_int_equal(got.errors, 1);
	assert_non_null(strstr(got.reason, want));
	pair_close(p);
}

static void
test_good_message(void **state)
{
	struct pair p;

	pair_open(&p, PROC_VRRP, PROC_CORE);
	send_raw(&p, MSG_CONF_END, sizeof(struct msg_conf_gen),
	    sizeof(struct msg_conf_gen));
	pair_run(&p);
	assert_int_equal(got.errors, 0);
	assert_int_equal(got.dispatched, 1);
	assert_int_equal(got.type, MSG_CONF_END);
	pair_close(&p);
}

static void
test_truncated(void **state)
{
	struct pair p;
	char three[3] = { 1, 2, 3 };

	pair_open(&p, PROC_VRRP, PROC_CORE);
	assert_int_equal(send(p.peer, three, 3, 0), 3);
	expect_reason(&p, "truncated header (3 bytes)");
}

static void
test_unknown_type(void **state)
{
	struct pair p;

	pair_open(&p, PROC_CHECK, PROC_CORE);
	send_raw(&p, MSG_MAX + 3, 0, 0);
	expect_reason(&p, "unknown message type");
}

static void
test_len_mismatch(void **state)
{
	struct pair p;

	pair_open(&p, PROC_VRRP, PROC_CORE);
	send_raw(&p, MSG_CONF_END, 4, 2);
	expect_reason(&p, "header says 4 bytes, got 2");
}

static void
test_bad_size(void **state)
{
	struct pair p;

	pair_open(&p, PROC_VRRP, PROC_CORE);
	send_raw(&p, MSG_CONF_END, 1, 1);
	expect_reason(&p, "MSG_CONF_END: bad size 1");
}

static void
test_wrong_direction(void **state)
{
	struct pair p;

	/* CONF_APPLIED goes to core, never to a child. */
	pair_open(&p, PROC_VRRP, PROC_CORE);
	send_raw(&p, MSG_CONF_APPLIED, sizeof(struct msg_conf_gen),
	    sizeof(struct msg_conf_gen));
	expect_reason(&p, "not allowed from core to vrrp");
	/* SCRIPT_RESULT goes from check to vrrp, not the other way. */
	pair_open(&p, PROC_CHECK, PROC_VRRP);
	send_raw(&p, MSG_SCRIPT_RESULT, sizeof(struct msg_script_result),
	    sizeof(struct msg_script_result));
	expect_reason(&p, "not allowed from vrrp to check");
}

static void
test_peer_fd(void **state)
{
	struct pair p;
	struct ipc_chan *tx;
	struct event_base *b2 = event_base_new();
	int sv[2], fd = open("/dev/null", O_RDONLY);

	/* Without the fd: malformed. */
	pair_open(&p, PROC_VRRP, PROC_CORE);
	send_raw(&p, MSG_PEER_FD, 0, 0);
	expect_reason(&p, "missing file descriptor");
	/* With it, through ipc_send_fd: dispatched with a new fd. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	memset(&got, 0, sizeof(got));
	p.base = event_base_new();
	p.chan = ipc_chan_new(p.base, sv[0], PROC_VRRP, PROC_CORE, on_msg,
	    on_error, NULL);
	tx = ipc_chan_new(b2, sv[1], PROC_CORE, PROC_VRRP, on_msg, on_error,
	    NULL);
	ipc_send_fd(tx, MSG_PEER_FD, fd);
	event_base_loop(b2, EVLOOP_NONBLOCK);
	pair_run(&p);
	assert_int_equal(got.errors, 0);
	assert_int_equal(got.dispatched, 1);
	assert_true(got.fd >= 0);
	close(got.fd);
	ipc_chan_free(tx);
	ipc_chan_free(p.chan);
	event_base_free(p.base);
	event_base_free(b2);
}

/* MSG_FIFO_FD: a payload (the FIFO's kind) and an fd, core to check
 * only; without its fd it is malformed, and ipc_send_with_fd closes the
 * sender's copy once sent. */
static void
test_fifo_fd(void **state)
{
	struct pair p;
	struct ipc_chan *tx;
	struct event_base *b2 = event_base_new();
	struct msg_fifo_fd f = { .kind = FIFO_VRRP };
	int sv[2], fd = open("/dev/null", O_RDONLY);

	pair_open(&p, PROC_CHECK, PROC_CORE);
	send_raw(&p, MSG_FIFO_FD, sizeof(f), sizeof(f));
	expect_reason(&p, "MSG_FIFO_FD: missing file descriptor");
	pair_open(&p, PROC_VRRP, PROC_CORE);
	send_raw(&p, MSG_FIFO_FD, sizeof(f), sizeof(f));
	expect_reason(&p, "not allowed from core to vrrp");
	/* A reader's pid goes from check to core only. */
	pair_open(&p, PROC_CHECK, PROC_CORE);
	send_raw(&p, MSG_FIFO_READER, sizeof(struct msg_fifo_reader),
	    sizeof(struct msg_fifo_reader));
	expect_reason(&p, "not allowed from core to check");

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	memset(&got, 0, sizeof(got));
	p.base = event_base_new();
	p.chan = ipc_chan_new(p.base, sv[0], PROC_CHECK, PROC_CORE, on_msg,
	    on_error, NULL);
	tx = ipc_chan_new(b2, sv[1], PROC_CORE, PROC_CHECK, on_msg, on_error,
	    NULL);
	ipc_send_with_fd(tx, MSG_FIFO_FD, &f, sizeof(f), fd);
	event_base_loop(b2, EVLOOP_NONBLOCK);
	assert_int_equal(fcntl(fd, F_GETFD), -1);	/* closed once sent */
	pair_run(&p);
	assert_int_equal(got.errors, 0);
	assert_int_equal(got.dispatched, 1);
	assert_int_equal(got.type, MSG_FIFO_FD);
	assert_true(got.fd >= 0);
	close(got.fd);
	ipc_chan_free(tx);
	ipc_chan_free(p.chan);
	event_base_free(p.base);
	event_base_free(b2);
}

static void
test_eof(void **state)
{
	struct pair p;

	pair_open(&p, PROC_VRRP, PROC_CORE);
	close(p.peer);
	p.peer = open("/dev/null", O_RDONLY);
	pair_run(&p);
	assert_int_equal(got.errors, 1);
	assert_true(got.eof);
	pair_close(&p);
}

static int applied;
static size_t applied_ninst;

static void
on_apply(const struct conf_set *old, const struct conf_set *new)
{
	applied++;
	applied_ninst = new->ninst;
}

static struct conf_rx rx = { .apply = on_apply };

static void
on_stream(struct ipc_chan *c, struct ipc_msg *m)
{
	assert_true(conf_rx_dispatch(&rx, c, m));
}

static void
test_conf_stream(void **state)
{
	struct event_base *base = event_base_new();
	struct ipc_chan *core, *child;
	struct msg_conf_begin b = { .gen = 7 };
	struct msg_conf_instance in = { .name = "VI_1", .ifname = "eth0" };
	struct msg_conf_gen g = { .gen = 7 };
	int sv[2];

	memset(&got, 0, sizeof(got));
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	core = ipc_chan_new(base, sv[0], PROC_CORE, PROC_VRRP, on_msg,
	    on_error, NULL);
	child = ipc_chan_new(base, sv[1], PROC_VRRP, PROC_CORE, on_stream,
	    on_error, NULL);
	ipc_send(core, MSG_CONF_BEGIN, &b, sizeof(b));
	ipc_send(core, MSG_CONF_INSTANCE, &in, sizeof(in));
	ipc_send(core, MSG_CONF_INSTANCE, &in, sizeof(in));
	ipc_send(core, MSG_CONF_END, &g, sizeof(g));
	for (int i = 0; i < 10; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	assert_int_equal(applied, 1);
	assert_int_equal(applied_ninst, 2);
	assert_int_equal(rx.cur.gen, 7);
	/* The child acknowledged generation 7. */
	assert_int_equal(got.dispatched, 1);
	assert_int_equal(got.type, MSG_CONF_APPLIED);
	conf_set_clear(&rx.cur);
	ipc_chan_free(core);
	ipc_chan_free(child);
	event_base_free(base);
}

/*
 * Whether conf_rx_dispatch kills the process (fatalx, exit 1) on this
 * message, inside a configuration stream: run in a child.
 */
static bool
conf_rx_fatal(uint32_t type, const void *data)
{
	struct conf_rx r = { 0 };
	struct msg_conf_begin b = { .gen = 1 };
	struct ipc_msg m = { .hdr = { .type = MSG_CONF_BEGIN }, .data = &b,
	    .fd = -1 };
	pid_t pid;
	int status;

	if ((pid = fork()) == 0) {
		conf_rx_dispatch(&r, NULL, &m);
		m.hdr.type = type;
		m.data = data;
		conf_rx_dispatch(&r, NULL, &m);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 1;
}

/* Every string of a configuration message is checked for its NUL before
 * use: a message with one unterminated is fatal in the child. */
static void
test_conf_unterminated(void **state)
{
	struct msg_conf_instance in;
	struct msg_conf_vip v;
	struct msg_conf_route rt;
	struct msg_conf_smtp sm;
	struct msg_conf_mail ml;

	memset(&in, 0, sizeof(in));
	strcpy(in.name, "VI_1");
	strcpy(in.ifname, "eth0");
	assert_false(conf_rx_fatal(MSG_CONF_INSTANCE, &in));
	memset(in.vmac_name, 'v', sizeof(in.vmac_name));
	assert_true(conf_rx_fatal(MSG_CONF_INSTANCE, &in));

	memset(&v, 0, sizeof(v));
	strcpy(v.instance, "VI_1");
	strcpy(v.ifname, "eth0");
	v.family = AF_INET6;
	assert_false(conf_rx_fatal(MSG_CONF_VIP, &v));
	v.family = 99;		/* inet_ntop would leave its buffer unset */
	assert_true(conf_rx_fatal(MSG_CONF_VIP, &v));
	v.family = AF_INET;
	memset(v.label, 'l', sizeof(v.label));
	assert_true(conf_rx_fatal(MSG_CONF_VIP, &v));

	memset(&rt, 0, sizeof(rt));
	strcpy(rt.instance, "VI_1");
	assert_false(conf_rx_fatal(MSG_CONF_ROUTE, &rt));
	memset(rt.route, 'r', sizeof(rt.route));
	assert_true(conf_rx_fatal(MSG_CONF_ROUTE, &rt));

	/* E-mail: the relay's strings, port and timeout; a recipient or an
	 * alerting object, and its kind. */
	memset(&sm, 0, sizeof(sm));
	strcpy(sm.server, "192.0.2.25");
	sm.port = 25;
	sm.connect_timeout = 30;
	assert_false(conf_rx_fatal(MSG_CONF_SMTP, &sm));
	sm.port = 65536;
	assert_true(conf_rx_fatal(MSG_CONF_SMTP, &sm));
	sm.port = 0;
	assert_true(conf_rx_fatal(MSG_CONF_SMTP, &sm));
	sm.port = 25;
	sm.connect_timeout = 0;
	assert_true(conf_rx_fatal(MSG_CONF_SMTP, &sm));
	sm.connect_timeout = 30;
	memset(sm.from, 'f', sizeof(sm.from));
	assert_true(conf_rx_fatal(MSG_CONF_SMTP, &sm));
	memset(sm.from, 0, sizeof(sm.from));
	memset(sm.helo_name, 'h', sizeof(sm.helo_name));
	assert_true(conf_rx_fatal(MSG_CONF_SMTP, &sm));
	memset(sm.helo_name, 0, sizeof(sm.helo_name));
	sm.server[0] = '\0';
	assert_true(conf_rx_fatal(MSG_CONF_SMTP, &sm));

	memset(&ml, 0, sizeof(ml));
	ml.kind = MAIL_ALERT;
	strcpy(ml.name, "VI_1");
	assert_false(conf_rx_fatal(MSG_CONF_MAIL, &ml));
	ml.kind = MAIL_KIND_MAX;
	assert_true(conf_rx_fatal(MSG_CONF_MAIL, &ml));
	ml.kind = MAIL_RCPT;
	memset(ml.name, 'm', sizeof(ml.name));
	assert_true(conf_rx_fatal(MSG_CONF_MAIL, &ml));
}

/* track_file and vrrp_track_process: their strings, the words of a
 * process line (as many as nwords says, all inside the array) and the
 * tracker type are checked before use. */
static void
test_conf_track_defs(void **state)
{
	struct msg_conf_track_file f;
	struct msg_conf_track_process p;
	struct msg_conf_track t;

	memset(&f, 0, sizeof(f));
	strcpy(f.name, "tf");
	strcpy(f.path, "/run/x");
	assert_false(conf_rx_fatal(MSG_CONF_TRACK_FILE, &f));
	memset(f.path, 'p', sizeof(f.path));
	assert_true(conf_rx_fatal(MSG_CONF_TRACK_FILE, &f));

	memset(&p, 0, sizeof(p));
	strcpy(p.name, "tp");
	memcpy(p.words, "nginx\0-g\0", 10);
	p.nwords = 2;
	assert_false(conf_rx_fatal(MSG_CONF_TRACK_PROCESS, &p));
	assert_string_equal(conf_tproc_word(&p, 1), "-g");
	p.nwords = 0;		/* no name */
	assert_true(conf_rx_fatal(MSG_CONF_TRACK_PROCESS, &p));
	p.nwords = 2;
	p.param_match = 3;
	assert_true(conf_rx_fatal(MSG_CONF_TRACK_PROCESS, &p));
	p.param_match = TPROC_MATCH_PARTIAL;
	memset(p.words, 'w', sizeof(p.words));	/* runs off the end */
	assert_true(conf_rx_fatal(MSG_CONF_TRACK_PROCESS, &p));
	memset(p.words, 0, sizeof(p.words));
	p.nwords = sizeof(p.words);		/* more words than fit */
	assert_true(conf_rx_fatal(MSG_CONF_TRACK_PROCESS, &p));

	memset(&t, 0, sizeof(t));
	strcpy(t.owner, "VI_1");
	strcpy(t.name, "tp");
	t.type = TRACK_PROCESS;
	assert_false(conf_rx_fatal(MSG_CONF_TRACK, &t));
	t.type = TRACK_TYPE_MAX;
	assert_true(conf_rx_fatal(MSG_CONF_TRACK, &t));
}

/* notify FIFOs: every string terminated, a kind there is. */
static void
test_conf_fifo(void **state)
{
	struct msg_conf_fifo f;
	struct conf_set s;

	memset(&f, 0, sizeof(f));
	f.kind = FIFO_VRRP;
	strcpy(f.path, "/run/vrrp.fifo");
	strcpy(f.script, "/bin/cat");
	assert_false(conf_rx_fatal(MSG_CONF_FIFO, &f));
	f.kind = FIFO_KIND_MAX;
	assert_true(conf_rx_fatal(MSG_CONF_FIFO, &f));
	f.kind = FIFO_NOTIFY;
	memset(f.owner, 'u', sizeof(f.owner));
	assert_true(conf_rx_fatal(MSG_CONF_FIFO, &f));
	f.owner[0] = '\0';
	memset(f.script, 's', sizeof(f.script));
	assert_true(conf_rx_fatal(MSG_CONF_FIFO, &f));

	memset(&s, 0, sizeof(s));
	strcpy(f.script, "/bin/cat");
	conf_set_add_fifo(&s, &f);
	assert_non_null(conf_set_fifo(&s, FIFO_NOTIFY));
	assert_null(conf_set_fifo(&s, FIFO_VRRP));
	conf_set_clear(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_message),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_len_mismatch),
		cmocka_unit_test(test_bad_size),
		cmocka_unit_test(test_wrong_direction),
		cmocka_unit_test(test_peer_fd),
		cmocka_unit_test(test_fifo_fd),
		cmocka_unit_test(test_eof),
		cmocka_unit_test(test_conf_stream),
		cmocka_unit_test(test_conf_unterminated),
		cmocka_unit_test(test_conf_track_defs),
		cmocka_unit_test(test_conf_fifo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
