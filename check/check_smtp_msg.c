/*
 * The text of an e-mail alert and the two pieces of SMTP that are pure
 * text: dot-stuffing the DATA and reading a reply line. No I/O here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "check/check_smtp.h"
#include "common/ipc.h"

const char *
smtp_state_name(uint32_t state)
{
	static const char *const names[VREPORT_MAX] = {
		[VREPORT_INIT] = "INIT", [VREPORT_BACKUP] = "BACKUP",
		[VREPORT_MASTER] = "MASTER", [VREPORT_FAULT] = "FAULT",
		[VREPORT_STOP] = "STOP", [VREPORT_DELETED] = "DELETED",
		[VREPORT_MASTER_RX_LOWER_PRI] = "MASTER",
	};

	return state < VREPORT_MAX ? names[state] : "UNKNOWN";
}

/* s with control characters as '?', into buf: names go into headers. */
static const char *
smtp_clean(char *buf, size_t len, const char *s)
{
	size_t i;

	snprintf(buf, len, "%s", s != NULL ? s : "");
	for (i = 0; buf[i] != '\0'; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	return buf;
}

void
smtp_subject(char *buf, size_t len, const struct smtp_alert *a)
{
	char rid[IPC_MAIL_LEN], name[IPC_MAIL_LEN];

	if (a->subject != NULL) {
		snprintf(buf, len, "[%s] %s", smtp_clean(rid, sizeof(rid),
		    a->router_id), smtp_clean(name, sizeof(name), a->subject));
		return;
	}
	snprintf(buf, len, "[%s] VRRP %s %s - Entering %s state",
	    smtp_clean(rid, sizeof(rid), a->router_id),
	    a->group ? "Group" : "Instance",
	    smtp_clean(name, sizeof(name), a->name), smtp_state_name(a->state));
}

void
smtp_date(char *buf, size_t len, int64_t time_us)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)(time_us / 1000000);
	struct tm tm;
	long off;

	if (localtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "Thu, 01 Jan 1970 00:00:00 +0000");
		return;
	}
	off = tm.tm_gmtoff / 60;
	snprintf(buf, len, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
	    (off < 0 ? -off : off) % 60);
}

/* To: with every recipient, folded before a line would pass 78. */
static void
smtp_format_to(struct evbuffer *out, const struct smtp_alert *a)
{
	char addr[IPC_MAIL_LEN];
	size_t col = 3, i, n;

	evbuffer_add_printf(out, "To:");
	for (i = 0; i < a->nrcpt; i++) {
		n = strlen(smtp_clean(addr, sizeof(addr), a->rcpt[i]));
		if (i > 0 && col + n + 2 > 78) {
			evbuffer_add_printf(out, ",\n");
			col = 0;
		} else if (i > 0) {
			evbuffer_add_printf(out, ",");
			col++;
		}
		evbuffer_add_printf(out, " %s", addr);
		col += n + 1;
	}
	evbuffer_add_printf(out, "\n");
}

/* The first line of the body: what the new state means for this host. */
static void
smtp_format_lead(struct evbuffer *out, const struct smtp_alert *a,
    const char *name)
{
	const char *what = a->group ? "sync group" : "instance";

	switch (a->state) {
	case VREPORT_MASTER:
		evbuffer_add_printf(out, a->group ? "Every instance of sync "
		    "group %s is MASTER: this host owns their virtual "
		    "addresses.\n" : "VRRP instance %s is MASTER: this host "
		    "owns its virtual addresses.\n", name);
		break;
	case VREPORT_BACKUP:
		evbuffer_add_printf(out, a->group ? "Every instance of sync "
		    "group %s is BACKUP: this host no longer owns their "
		    "virtual addresses.\n" : "VRRP instance %s is BACKUP: this "
		    "host no longer owns its virtual addresses.\n", name);
		break;
	case VREPORT_FAULT:
		evbuffer_add_printf(out, a->group ? "An instance of sync group "
		    "%s is in FAULT: this host cannot hold their virtual "
		    "addresses.\n" : "VRRP instance %s is in FAULT: this host "
		    "cannot hold its virtual addresses.\n", name);
		break;
	case VREPORT_STOP:
		evbuffer_add_printf(out, "VRRP %s %s stopped.\n", what, name);
		break;
	case VREPORT_DELETED:
		evbuffer_add_printf(out, "VRRP %s %s was removed from the "
		    "configuration.\n", what, name);
		break;
	default:
		evbuffer_add_printf(out, "VRRP %s %s is %s.\n", what, name,
		    smtp_state_name(a->state));
		break;
	}
}

void
smtp_format(struct evbuffer *out, const struct smtp_alert *a)
{
	char subject[3 * IPC_MAIL_LEN], date[64], rid[IPC_MAIL_LEN];
	char name[IPC_MAIL_LEN], sender[IPC_MAIL_LEN];

	smtp_subject(subject, sizeof(subject), a);
	smtp_date(date, sizeof(date), a->time_us);
	smtp_clean(rid, sizeof(rid), a->router_id);
	smtp_clean(name, sizeof(name), a->name);
	evbuffer_add_printf(out, "Date: %s\nFrom: %s\n", date,
	    smtp_clean(sender, sizeof(sender), a->sender));
	smtp_format_to(out, a);
	evbuffer_add_printf(out, "Subject: %s\nX-Mailer: vigil\n"
	    "Auto-Submitted: auto-generated\n\n", subject);
	if (a->subject != NULL) {
		evbuffer_add_printf(out, "%s\nHost:       %s\nTime:       %s\n",
		    a->body, rid, date);
		return;
	}
	smtp_format_lead(out, a, name);
	evbuffer_add_printf(out, "\nHost:       %s\n%s %s\n"
	    "State:      %s (was %s)\n", rid,
	    a->group ? "Sync group:" : "Instance:  ", name,
	    smtp_state_name(a->state), smtp_state_name(a->from));
	if (!a->group)
		evbuffer_add_printf(out, "Priority:   %" PRIu32
		    " (configured %" PRIu32 ")\n", a->priority,
		    a->base_priority);
	evbuffer_add_printf(out, "Time:       %s\n", date);
}

void
smtp_dot_stuff(struct evbuffer *out, const char *text, size_t len)
{
	bool bol = true;
	size_t i;

	for (i = 0; i < len; i++) {
		if (bol && text[i] == '.')
			evbuffer_add(out, ".", 1);
		bol = false;
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			continue;	/* the '\n' ends the line */
		if (text[i] == '\n' || text[i] == '\r') {
			evbuffer_add(out, "\r\n", 2);
			bol = true;
		} else
			evbuffer_add(out, &text[i], 1);
	}
	if (!bol)
		evbuffer_add(out, "\r\n", 2);
	evbuffer_add(out, ".\r\n", 3);
}

int
smtp_reply_parse(const char *line, size_t len, int *code, bool *last)
{
	if (len < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' ||
	    line[1] > '5' || line[2] < '0' || line[2] > '9')
		return -1;
	if (len > 3 && line[3] != ' ' && line[3] != '-')
		return -1;
	*code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + line[2] - '0';
	*last = len == 3 || line[3] == ' ';
	return 0;
}
