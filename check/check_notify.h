/* Notify scripts, run in event order per instance and group
 * (check_notify.c). */
#ifndef VIGIL_CHECK_NOTIFY_H
#define VIGIL_CHECK_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/conf_rx.h"

struct event_base;

/* How long a notification may hold up the next one of its queue. */
#define CHECK_NOTIFY_WAIT_MS	10000

struct check_notify_stats {
	uint64_t	 queued;
	uint64_t	 run;
	uint64_t	 failed;	/* not found, not run, status != 0 */
	uint64_t	 overran;	/* ran past CHECK_NOTIFY_WAIT_MS */
};

void check_notify_init(struct event_base *);
/* The configuration notifications are looked up in (kept by the
 * caller until the next call), and the one before it (copied; NULL at
 * the first). */
void check_notify_apply(const struct conf_set *old,
    const struct conf_set *cur);
/* Whether the instance (or, group, the sync group) name (current, or
 * removed by the last reload) has notify_deleted. */
bool check_notify_deleted_set(const char *name, bool group);
/* A report from the vrrp child: queue what it calls for. */
void check_notify_report(const struct msg_vrrp_state *);
/* A virtual or real server's command (notify_up, quorum_down ...): run
 * in order with the others of object (the virtual server's name), as
 * user ("": the default); insecure: "" or the path component anyone but
 * root can change (enable_script_security); extra: arguments appended. */
#define CHECK_NOTIFY_LVS	0x100	/* queue of a virtual server */
void check_notify_lvs(const char *object, const char *what,
    const char *command, const char *user, const char *insecure,
    char *const *extra);
/* Notifications queued and not finished. */
size_t check_notify_pending(void);
const struct check_notify_stats *check_notify_get_stats(void);
/* "MASTER", "BACKUP", ... as notify scripts get them. */
const char *check_notify_state_name(uint32_t state);

#endif
