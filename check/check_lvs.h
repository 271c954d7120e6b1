/*
 * The LVS director of the check child: virtual servers, their real
 * servers and the checkers that decide whether a real server is up.
 *
 * check_sched.c runs the checkers: one schedule (a "job") per distinct
 * probe, shared by every real server whose checker is the same probe
 * (same target, same parameters), with retry, delay_before_retry,
 * delay_loop, warmup and alpha as keepalived 2.2.7 counts them.
 * check_vs.c turns checker results into real server and virtual server
 * states: the IPVS table (check_ipvs.c), quorum and the sorry server,
 * notify_up/down and quorum_up/down, e-mail, log lines, the dump.
 */
#ifndef VIGIL_CHECK_LVS_H
#define VIGIL_CHECK_LVS_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/check_ipvs.h"
#include "check/check_probe.h"
#include "common/conf_rx.h"

struct event_base;
struct ipc_chan;
struct lvs_job;
struct check_file;
struct lvs_rs;

/* One checker of a real server: a subscription to a job. */
struct lvs_checker {
	TAILQ_ENTRY(lvs_checker) entry;		/* in its job's list */
	struct lvs_rs	*rs;
	struct lvs_job	*job;
	const struct msg_conf_check *conf;
	struct check_file *file;		/* FILE_CHECK: job is NULL */
};

struct lvs_rs {
	const struct msg_conf_rs *conf;
	struct lvs_vs	*vs;
	char		 name[CHECK_PROBE_NAME_LEN];	/* [addr]:tcp:port */
	struct lvs_checker *chk;
	size_t		 nchk;
	const struct msg_conf_lvs_cmd *notify_up, *notify_down;
	bool		 up;
	int		 weight;	/* effective: configured or dynamic */
	bool		 in_ipvs;	/* a destination of its services */
	int		 ipvs_weight;	/* as programmed */
	struct check_ipvs_dest dest;	/* as programmed */
	uint64_t	 transitions;
};

struct lvs_vs {
	const struct msg_conf_vs *conf;
	char		 name[96];	/* [addr]:tcp:port, FWM 1, group */
	struct check_ipvs_service *svc;	/* its IPVS services */
	size_t		 nsvc;
	struct lvs_rs	**rs;
	size_t		 nrs;
	const struct msg_conf_lvs_cmd *quorum_up, *quorum_down;
	bool		 quorum;	/* held */
	bool		 sorry_in;	/* the sorry server takes traffic */
	bool		 sorry_programmed; /* in the table (weight 0 or 1) */
	struct check_ipvs_dest sorry;
	bool		 suspended;	/* ha_suspend: its address is absent */
	int64_t		 suspend_checked_us;
};

/* check_verdict.c: a checker's verdict after one attempt (ok or not)
 * with `retry` retries: up, down, a retry due, or no change. */
struct check_verdict {
	bool		 up;
	uint32_t	 fails;		/* consecutive failures while up */
};
enum check_verdict_step { CHECK_V_SAME, CHECK_V_UP, CHECK_V_DOWN,
	CHECK_V_RETRY };
enum check_verdict_step check_verdict_step(struct check_verdict *, bool ok,
	    uint32_t retry);
/* Whether a virtual server holds its quorum, held before, with live the
 * weight of its live real servers: lost below quorum - hysteresis,
 * regained at quorum + hysteresis. */
bool	check_quorum_step(bool held, uint64_t live, uint32_t quorum,
	    uint32_t hysteresis);

/* check_vs.c */
void	check_vs_init(struct event_base *);
void	check_vs_apply(const struct conf_set *old, const struct conf_set *new);
/* ha_suspend: true while v's address is not on this host (looked at
 * most once a second); its checkers then do not run. */
bool	check_vs_suspended(struct lvs_vs *v);
/* A job's verdict changed (or a dynamic weight did): recompute rs. */
void	check_vs_rs_changed(struct lvs_rs *);
/* A BFD session went to (up) or from Up: its BFD_CHECKs follow. */
void	check_vs_bfd(const char *name, bool up);
void	check_vs_dump_data(struct ipc_chan *, uint32_t id);
void	check_vs_dump_stats(struct ipc_chan *, uint32_t id);
void	check_vs_status(struct ipc_chan *, uint32_t id);	/* records */
/* Stopping: omega's scripts queued, IPVS entries removed unless kept. */
void	check_vs_shutdown(bool keep_ipvs);
size_t	check_vs_count(void);

/* check_events.c: events for vigilctl events: a checker's verdict on
 * service turned (why: the failure), r went up or down. */
void	check_event_checker(const char *checker, const char *service, bool up,
	    const char *why);
void	check_event_rs(const struct lvs_rs *r);
/* v's quorum was gained or lost (v->quorum), live its live weight. */
void	check_event_quorum(const struct lvs_vs *v, uint64_t live);

/* check_vs_snmp.c: the status record fields KEEPALIVED-MIB needs, each
 * "\tkey=value" (a string to free); idx: v's index in c; *rs_stats
 * (to free): IPVS's counters of v's real servers, NULL without IPVS,
 * for check_vs_snmp_rs (st: its entry, or NULL). */
char	*check_vs_snmp_vs(const struct lvs_vs *v, const struct conf_set *c,
	    size_t idx, struct check_ipvs_stats **rs_stats);
char	*check_vs_snmp_rs(const struct lvs_rs *r,
	    const struct check_ipvs_stats *st);

/* check_file.c: FILE_CHECK, a checker that follows a track_file
 * (inotify); check_file_up as check_sched_up. */
void	check_file_init(struct event_base *);
void	check_file_begin(void);
void	check_file_attach(struct lvs_checker *);
void	check_file_commit(void);
bool	check_file_up(const struct lvs_checker *, int *weight);

/* check_lvs_sync.c: lvs_sync_daemon */
void	check_lvs_sync_apply(const struct conf_set *);
void	check_lvs_sync_report(const struct msg_vrrp_state *);
void	check_lvs_sync_shutdown(void);

/* check_sched.c */
void	check_sched_init(struct event_base *);
/* Make the jobs of conf's checkers, keeping the state of those an
 * earlier configuration had (by probe identity); attach each checker of
 * rs to its job. Called by check_vs_apply with the new objects. */
void	check_sched_begin(const struct conf_set *);
void	check_sched_attach(struct lvs_checker *);
/* Drop the jobs no checker uses any more, start the new ones. */
void	check_sched_commit(void);
/* Whether c's job currently holds its server up, and its weight (-1:
 * the configured one). */
bool	check_sched_up(const struct lvs_checker *, int *weight);
void	check_sched_shutdown(void);
void	check_sched_dump_stats(struct ipc_chan *, uint32_t id);
void	check_sched_status(struct ipc_chan *, uint32_t id);
/* The command line of a MISC_CHECK, for the dump. */
size_t	check_sched_jobs(void);

#endif
