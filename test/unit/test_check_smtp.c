/* Unit tests for check/check_smtp_msg.c: the text of an e-mail alert
 * (subject, date, headers, body), dot-stuffing, SMTP reply lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "check/check_smtp.h"
#include "common/ipc.h"

/* evbuffer contents as a NUL-terminated string (freed by the caller). */
static char *
buf_str(struct evbuffer *b)
{
	size_t n = evbuffer_get_length(b);
	char *s = malloc(n + 1);

	assert_non_null(s);
	evbuffer_copyout(b, s, n);
	s[n] = '\0';
	return s;
}

static char *
stuff(const char *text)
{
	struct evbuffer *b = evbuffer_new();
	char *s;

	smtp_dot_stuff(b, text, strlen(text));
	s = buf_str(b);
	evbuffer_free(b);
	return s;
}

static void
test_dot_stuff(void **state)
{
	char *s;

	s = stuff("a\n.b\n..c\nd");
	assert_string_equal(s, "a\r\n..b\r\n...c\r\nd\r\n.\r\n");
	free(s);
	/* CRLF kept as one line end, a bare CR made one; no line end added
	 * after a text that ends with one. */
	s = stuff("x\r\n.y\rz\n");
	assert_string_equal(s, "x\r\n..y\r\nz\r\n.\r\n");
	free(s);
	/* A dot alone on the first line, a dot inside a line. */
	s = stuff(".\nq.r");
	assert_string_equal(s, "..\r\nq.r\r\n.\r\n");
	free(s);
	s = stuff("");
	assert_string_equal(s, ".\r\n");
	free(s);
	/* An empty line stays empty; the dot after it is stuffed. */
	s = stuff("h\n\n.");
	assert_string_equal(s, "h\r\n\r\n..\r\n.\r\n");
	free(s);
}

static void
test_reply_parse(void **state)
{
	int code = 0;
	bool last = false;

	assert_int_equal(smtp_reply_parse("220 ready", 9, &code, &last), 0);
	assert_int_equal(code, 220);
	assert_true(last);
	assert_int_equal(smtp_reply_parse("250-PIPELINING", 14, &code, &last),
	    0);
	assert_int_equal(code, 250);
	assert_false(last);
	assert_int_equal(smtp_reply_parse("354", 3, &code, &last), 0);
	assert_int_equal(code, 354);
	assert_true(last);
	assert_int_equal(smtp_reply_parse("451 4.3.0 later", 15, &code, &last),
	    0);
	assert_int_equal(code, 451);
	assert_int_equal(smtp_reply_parse("550 no", 6, &code, &last), 0);
	assert_int_equal(code, 550);
	/* Not reply lines. */
	assert_int_equal(smtp_reply_parse("25", 2, &code, &last), -1);
	assert_int_equal(smtp_reply_parse("", 0, &code, &last), -1);
	assert_int_equal(smtp_reply_parse("250x", 4, &code, &last), -1);
	assert_int_equal(smtp_reply_parse("2a0 ok", 6, &code, &last), -1);
	assert_int_equal(smtp_reply_parse("199 ok", 6, &code, &last), -1);
	assert_int_equal(smtp_reply_parse("600 ok", 6, &code, &last), -1);
	assert_int_equal(smtp_reply_parse("260 ok", 6, &code, &last), -1);
	assert_int_equal(smtp_reply_parse("HTTP/1.1 400", 12, &code, &last),
	    -1);
	/* Only len bytes count: "250 ok" cut to "25". */
	assert_int_equal(smtp_reply_parse("250 ok", 2, &code, &last), -1);
}

static const char *const rcpt2[] = { "ops@example.org", "oncall@example.org" };

static struct smtp_alert
alert(bool group, uint32_t state, uint32_t from)
{
	struct smtp_alert a = {
		.router_id = "lb1", .name = group ? "GRP" : "VI_1",
		.group = group, .state = state, .from = from,
		.priority = 150, .base_priority = 200,
		.time_us = 1764635245000000LL,	/* 2025-12-02 00:27:25 UTC */
		.sender = "vrrp@example.org", .rcpt = rcpt2, .nrcpt = 2,
	};

	return a;
}

static void
test_subject(void **state)
{
	struct smtp_alert a = alert(false, VREPORT_MASTER, VREPORT_BACKUP);
	char s[200];

	smtp_subject(s, sizeof(s), &a);
	assert_string_equal(s, "[lb1] VRRP Instance VI_1 - Entering MASTER "
	    "state");
	a = alert(true, VREPORT_FAULT, VREPORT_MASTER);
	smtp_subject(s, sizeof(s), &a);
	assert_string_equal(s, "[lb1] VRRP Group GRP - Entering FAULT state");
	a = alert(false, VREPORT_DELETED, VREPORT_BACKUP);
	smtp_subject(s, sizeof(s), &a);
	assert_string_equal(s, "[lb1] VRRP Instance VI_1 - Entering DELETED "
	    "state");
	/* A control character cannot start another header. */
	a.router_id = "lb\r\nBcc: x@example.org";
	smtp_subject(s, sizeof(s), &a);
	assert_null(strchr(s, '\r'));
	assert_null(strchr(s, '\n'));
	assert_string_equal(s, "[lb??Bcc: x@example.org] VRRP Instance VI_1 - "
	    "Entering DELETED state");
	assert_string_equal(smtp_state_name(VREPORT_BACKUP), "BACKUP");
	assert_string_equal(smtp_state_name(99), "UNKNOWN");
}

static void
test_date(void **state)
{
	char d[64];

	setenv("TZ", "UTC", 1);
	tzset();
	smtp_date(d, sizeof(d), 0);
	assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 +0000");
	smtp_date(d, sizeof(d), 1764635245999999LL);
	assert_string_equal(d, "Tue, 02 Dec 2025 00:27:25 +0000");
	/* East and west of Greenwich, half hours included. */
	setenv("TZ", "<+0530>-5:30", 1);
	tzset();
	smtp_date(d, sizeof(d), 1764635245000000LL);
	assert_string_equal(d, "Tue, 02 Dec 2025 05:57:25 +0530");
	setenv("TZ", "<-0330>3:30", 1);
	tzset();
	smtp_date(d, sizeof(d), 1764635245000000LL);
	assert_string_equal(d, "Mon, 01 Dec 2025 20:57:25 -0330");
	setenv("TZ", "UTC", 1);
	tzset();
}

static char *
format(const struct smtp_alert *a)
{
	struct evbuffer *b = evbuffer_new();
	char *s;

	smtp_format(b, a);
	s = buf_str(b);
	evbuffer_free(b);
	return s;
}

static void
test_format_instance(void **state)
{
	struct smtp_alert a = alert(false, VREPORT_MASTER, VREPORT_BACKUP);
	char *s;

	setenv("TZ", "UTC", 1);
	tzset();
	s = format(&a);
	assert_string_equal(s,
	    "Date: Tue, 02 Dec 2025 00:27:25 +0000\n"
	    "From: vrrp@example.org\n"
	    "To: ops@example.org, oncall@example.org\n"
	    "Subject: [lb1] VRRP Instance VI_1 - Entering MASTER state\n"
	    "X-Mailer: vigil\n"
	    "Auto-Submitted: auto-generated\n"
	    "\n"
	    "VRRP instance VI_1 is MASTER: this host owns its virtual "
	    "addresses.\n"
	    "\n"
	    "Host:       lb1\n"
	    "Instance:   VI_1\n"
	    "State:      MASTER (was BACKUP)\n"
	    "Priority:   150 (configured 200)\n"
	    "Time:       Tue, 02 Dec 2025 00:27:25 +0000\n");
	free(s);
}

static void
test_format_group(void **state)
{
	struct smtp_alert a = alert(true, VREPORT_BACKUP, VREPORT_INIT);
	char *s;

	s = format(&a);
	assert_non_null(strstr(s, "\nSubject: [lb1] VRRP Group GRP - Entering "
	    "BACKUP state\n"));
	assert_non_null(strstr(s, "\nSync group: GRP\n"));
	assert_non_null(strstr(s, "\nState:      BACKUP (was INIT)\n"));
	/* A group has no priority of its own. */
	assert_null(strstr(s, "Priority"));
	free(s);
	a = alert(false, VREPORT_FAULT, VREPORT_MASTER);
	s = format(&a);
	assert_non_null(strstr(s, "\n\nVRRP instance VI_1 is in FAULT"));
	assert_non_null(strstr(s, "\nState:      FAULT (was MASTER)\n"));
	free(s);
}

/* Many recipients: To: is folded, no header line passes 78 characters,
 * every address is there once. */
static void
test_format_fold(void **state)
{
	static char addrs[12][40];
	const char *rcpt[12];
	struct smtp_alert a = alert(false, VREPORT_BACKUP, VREPORT_MASTER);
	char *s, *line, *save = NULL, *hdr;
	int i;

	for (i = 0; i < 12; i++) {
		snprintf(addrs[i], sizeof(addrs[i]), "someone-%02d@example.org",
		    i);
		rcpt[i] = addrs[i];
	}
	a.rcpt = rcpt;
	a.nrcpt = 12;
	s = format(&a);
	hdr = strndup(s, strstr(s, "\n\n") - s);
	for (i = 0; i < 12; i++)
		assert_non_null(strstr(hdr, addrs[i]));
	for (line = strtok_r(hdr, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		assert_true(strlen(line) <= 78);
	assert_non_null(strstr(s, "someone-00@example.org, someone-01"));
	assert_non_null(strstr(s, ",\n someone-"));
	free(hdr);
	free(s);
}

/* What goes on the wire after DATA: CRLF only, ends with CRLF.CRLF. */
static void
test_wire(void **state)
{
	struct smtp_alert a = alert(false, VREPORT_MASTER, VREPORT_BACKUP);
	struct evbuffer *t = evbuffer_new(), *d = evbuffer_new();
	char *s, *p;
	size_t n;

	smtp_format(t, &a);
	smtp_dot_stuff(d, (const char *)evbuffer_pullup(t, -1),
	    evbuffer_get_length(t));
	s = buf_str(d);
	n = strlen(s);
	assert_true(n > 5);
	assert_string_equal(s + n - 5, "\r\n.\r\n");
	for (p = s; (p = strchr(p, '\n')) != NULL; p++)
		assert_true(p > s && p[-1] == '\r');
	/* The only line that is a lone dot is the last. */
	assert_ptr_equal(strstr(s, "\r\n.\r\n"), s + n - 5);
	evbuffer_free(t);
	evbuffer_free(d);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dot_stuff),
		cmocka_unit_test(test_reply_parse),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_format_instance),
		cmocka_unit_test(test_format_group),
		cmocka_unit_test(test_format_fold),
		cmocka_unit_test(test_wire),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
