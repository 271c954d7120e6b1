/*
 * E-mail alerts of the check child: one mail per state change of an
 * instance or sync group whose smtp_alert is on, queued (bounded) and
 * sent one at a time through the configured relay by an SMTP client on
 * the child's event loop. Nothing in it blocks: the name of the relay is
 * resolved with evdns, connects are non-blocking, every step waits at
 * most smtp_connect_timeout, and a failed delivery is retried after a
 * growing delay, a bounded number of times.
 *
 * check_smtp.c: the queue and the client. check_smtp_msg.c: the text of
 * a mail, dot-stuffing and reply parsing (no I/O, unit-tested).
 */
#ifndef VIGIL_CHECK_SMTP_H
#define VIGIL_CHECK_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct conf_set;
struct evbuffer;
struct event_base;
struct ipc_chan;
struct msg_vrrp_state;

#define SMTP_QUEUE_MAX		32	/* alerts waiting; then the oldest goes */
#define SMTP_TRIES		4	/* per alert, the first one included */
#define SMTP_RETRY_FIRST_S	2	/* delay before the 2nd try; doubles */
#define SMTP_LINE_MAX		1000	/* longest reply line taken (RFC 5321: 512) */

void check_smtp_init(struct event_base *);
/* A new configuration (start, reload): relay, recipients, who alerts.
 * Alerts already queued are still sent, through the new relay. */
void check_smtp_apply(const struct conf_set *);
/* A state change from the vrrp child: queue a mail if its instance or
 * sync group alerts. */
void check_smtp_state(const struct msg_vrrp_state *);
/* A checker's alert (a real server up or down, a virtual server's
 * quorum): subject "[router_id] what", the body's lines. Sent when a
 * relay and recipients are configured. */
void check_smtp_checker(const char *what, const char *body);
void check_smtp_dump_data(struct ipc_chan *, uint32_t id);
void check_smtp_dump_stats(struct ipc_chan *, uint32_t id);
/* Stopping: every alert queued gets one more try at once, none is
 * retried; the child runs on while check_smtp_pending() is not 0. */
void check_smtp_shutdown(void);
size_t check_smtp_pending(void);

/* What a mail says (check_smtp_msg.c). */
struct smtp_alert {
	const char	 *router_id;	/* the host, in the subject and body */
	const char	 *name;		/* instance or sync group */
	bool		  group;
	uint32_t	  state;	/* enum vrrp_report */
	uint32_t	  from;
	uint32_t	  priority;	/* instances only */
	uint32_t	  base_priority;
	int64_t		  time_us;	/* CLOCK_REALTIME */
	const char	 *subject;	/* a checker's alert: its subject,
					 * and body its lines; NULL: VRRP */
	const char	 *body;
	const char	 *sender;	/* From: */
	const char *const *rcpt;	/* To: */
	size_t		  nrcpt;
};

/* "MASTER", "BACKUP", ... for an enum vrrp_report. */
const char *smtp_state_name(uint32_t state);
/* keepalived's subject: "[h1] VRRP Instance VI_1 - Entering MASTER
 * state" ("VRRP Group GRP" for a sync group). */
void smtp_subject(char *buf, size_t len, const struct smtp_alert *);
/* RFC 5322 date of time_us in local time: "Wed, 02 Dec 2026 00:27:25
 * +0000". */
void smtp_date(char *buf, size_t len, int64_t time_us);
/* The mail, headers and body, with "\n" line ends (not stuffed yet).
 * Control characters in names are written as '?'. */
void smtp_format(struct evbuffer *out, const struct smtp_alert *);
/* text as SMTP DATA: every line end made CRLF, a line starting with '.'
 * given another one (RFC 5321 4.5.2), a last line end added if missing,
 * then the ".\r\n" that ends the mail. */
void smtp_dot_stuff(struct evbuffer *out, const char *text, size_t len);
/* One reply line (without its line end): *code (200-599) and whether it
 * is the last line of the reply ("250 ok") or not ("250-ok"). -1 when it
 * is no reply line. */
int smtp_reply_parse(const char *line, size_t len, int *code, bool *last);

#endif
