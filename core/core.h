/*
 * The parent process (core): its state and the functions of its files.
 *   core.c        event loop, signals, reload, dumps, stop
 *   supervise.c   starting children, "lost child", backoff, respawn
 *   conf_stream.c the typed configuration -> each child's conf_set -> IPC
 *   vip.c         removing the configured VIPs after a vrrp child crash
 *   vroute.c      the same for virtual routes and rules; --release
 *   conf_stream_static.c  virtual_rules and the static_* blocks into the
 *                 vrrp child's set
 *   pidfile.c     pid files with flock
 *   sdnotify.c    systemd readiness
 *   ctl.c         the control socket (vigilctl)
 *   netns.c       net_namespace: joined at start, fixed until a restart
 */
#ifndef VIGIL_CORE_H
#define VIGIL_CORE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "common/conf_rx.h"
#include "common/proc.h"

struct vigil_conf;
struct event;
struct event_base;

/* The signal that asks for the JSON dump: keepalived's (SIGRTMIN + 2,
 * 36 with glibc), so that tools written for it send the right one. */
#define CORE_SIG_JSON		(SIGRTMIN + 2)

#define VIGIL_RUNDIR		"/run/vigil"
#define CORE_BACKOFF_MAX	60	/* seconds */
#define CORE_STABLE_AFTER	60	/* a child up that long restarts at once */

struct core_opts {
	const char	*conf_path;
	const char	*pidfile;
	const char	*child_pidfile[PROC_MAX];
	bool		 foreground;		/* -n */
	bool		 log_stderr;		/* -l */
	bool		 debug;			/* -D */
	bool		 no_syslog;		/* -G */
	const char	*log_file;		/* -g */
	const char	*facility;		/* -S */
	bool		 respawn;		/* not -R */
	bool		 only[PROC_MAX];	/* -P, -C */
	const char	*config_id;		/* -i */
	bool		 keep_ipvs;		/* -I */
	const char	*ctl_path;		/* --control-socket */
	bool		 snmp;			/* -x */
	const char	*snmp_socket;		/* -A */
};

struct child {
	const struct proc *proc;
	pid_t		 pid;		/* 0: not running */
	struct ipc_chan	*chan;
	bool		 wanted;	/* configured, enabled */
	bool		 lvs;		/* started with the LVS capabilities */
	bool		 crashed;	/* next start is a restart after a crash */
	bool		 restarting;	/* stopped by us: start again at once */
	struct timespec	 started;
	unsigned	 backoff;	/* next delay, seconds */
	struct event	*restart_ev;
	uint32_t	 applied;	/* configuration generation applied */
	bool		 dumping;
	/* --ipvs-netns given at start ("" none): net_namespace_ipvs */
	char		 ipvs_netns[258];
};

struct core {
	struct event_base *base;
	const struct core_opts *opts;
	/* Each child's part of the configuration: all the parent keeps of it
	 * (the parsed tree is freed once these are built). */
	struct conf_set	 set[PROC_MAX];
	uint32_t	 gen;
	struct child	 child[PROC_MAX];
	bool		 stopping;
	bool		 reloading;
	bool		 ready;		/* READY=1 sent for gen */
	int		 exit_code;
	struct event	*stop_ev;
	FILE		*dump;		/* open data, stats or json path */
	enum msg_type	 dump_type;	/* MSG_DUMP_DATA, _STATS, _JSON */
	struct event	*dump_ev;	/* children did not answer in time */
	uint32_t	 dump_id;	/* of the dump in progress */
	const char	*dump_path;
	char		*data_path;	/* $TMPDIR/vigil.data, /tmp/... */
	char		*stats_path;	/* $TMPDIR/vigil.stats */
	char		*json_path;	/* $TMPDIR/vigil.json */
};

extern struct core core;

/* core.c */
int core_run(const struct core_opts *, struct vigil_conf *);	/* frees it */
void core_stop(int exit_code);
void core_child_ready(struct child *);
void core_dispatch(struct ipc_chan *, struct ipc_msg *);
bool core_reload(char *why, size_t len);
char *core_dump_header(void);		/* the caller frees it */

/* ctl.c: the control socket. Text and ends of the children's answers
 * with an id ctl_owns go to ctl_dump_text/ctl_dump_end; the parent calls
 * ctl_children_changed when a child comes or goes and when a
 * configuration is applied everywhere, ctl_reload_diag with each line of
 * a reload's diagnostics. */
void ctl_open(const char *path, const char *group);
void ctl_close(void);
bool ctl_owns(uint32_t id);
void ctl_dump_text(uint32_t id, const void *text, size_t len);
void ctl_dump_end(uint32_t id, enum proc_id from);
void ctl_children_changed(void);
void ctl_reload_diag(const char *line);
void ctl_adopt(int fd, bool readonly);
/* A child's event (one JSON object, no newline): a line to each client
 * of "events". */
void ctl_event_line(const void *text, size_t len);

/* supervise.c */
void supervise_start(struct child *);
void core_ipvs_netns(const struct child *, char *, size_t);
void supervise_sigchld(void);
void supervise_stop_all(void);
bool supervise_any_running(void);
void supervise_kill_all(void);

/* conf_stream.c */
uint32_t conf_child_wait_time(const struct vigil_conf *);
void conf_adopt(struct vigil_conf *, uint32_t gen);
void conf_build_sets(const struct vigil_conf *, struct conf_set set[PROC_MAX],
    uint32_t gen);
bool conf_set_wants(const struct conf_set *, enum proc_id);
bool conf_set_has_lvs(const struct conf_set *);
/* conf_stream_lvs.c: the virtual servers into the check child's set, and
 * onto its channel. */
void conf_collect_lvs(const struct vigil_conf *, struct conf_set *check);
void conf_stream_lvs(struct ipc_chan *, const struct conf_set *);
void conf_stream(struct child *, const struct conf_set *, bool restart);
/* conf_stream_bfd.c: bfd_instance blocks into both children's sets, and
 * onto a channel. */
void conf_collect_bfd(const struct vigil_conf *, struct conf_set *vrrp,
    struct conf_set *check);
void conf_stream_bfd(struct ipc_chan *, const struct conf_set *);
uint32_t conf_vip_scope(const char *scope);	/* RT_SCOPE_*, 0: global */
/* conf_stream_static.c */
struct conf_vrrp_instance;
void conf_collect_vrules(const struct conf_vrrp_instance *,
    struct conf_set *vrrp);
void conf_collect_statics(const struct vigil_conf *, struct conf_set *vrrp);
/* interface_up_down_delays into the global message
 * (conf_stream_updown.c). */
void conf_collect_updown(const struct vigil_conf *,
	    struct msg_conf_global *);
/* garp_group blocks into the global message. */
void conf_collect_garp_groups(const struct vigil_conf *,
    struct msg_conf_global *);
/* The first capability vigild lacks to run set ("who" needs it), or -1. */
int conf_missing_cap(const struct conf_set set[PROC_MAX],
    const struct core_opts *, bool bounding_only, const char **who);

/* fifo.c: notify_fifo, vrrp_notify_fifo. Adopt: create and open the
 * FIFOs check names, close (and remove, if vigild made them) the others;
 * send: pass them to the check child (inside its configuration stream);
 * close_all: at exit. */
void core_fifo_adopt(const struct conf_set *check);
void core_fifo_send(struct ipc_chan *);
void core_fifo_close_all(void);
/* MSG_FIFO_READER: a reader's pid; the check child died: SIGTERM them. */
void core_fifo_reader(const struct msg_fifo_reader *);
void core_fifo_readers_stop(void);

/* vip.c */
void vip_remove_all(const struct conf_set *);

/* vroute.c: remove the instances' virtual routes and rules (after a vrrp
 * child crash); with statics, also the static_* entries (--release). */
void vroute_remove_all(const struct conf_set *, bool statics);

/* reload_file.c: reload_file and disable_local_igmp */
void core_rfile_start(const struct vigil_conf *, const struct core_opts *);
void core_rfile_reload_begin(void);
void core_rfile_reload_end(const struct vigil_conf *,
    const struct core_opts *);
void core_rfile_stop(void);

/* pidfile.c */
int pidfile_lock(const char *path);
void pidfile_write(const char *path, pid_t pid);
void pidfile_remove(const char *path);

/* procs_conf.c: global_defs' process keywords, the parent's part. */
struct conf_procs;
void core_procs_adopt(const struct vigil_conf *);
const char *core_procs_tune(enum proc_id);	/* --tune of a child start */
void core_procs_started(enum proc_id);		/* a child was forked */
void core_procs_pidfiles(struct core_opts *, const struct vigil_conf *);
char *core_procs_ctl_path(const struct vigil_conf *);
void core_procs_reload_begin(void);
void core_procs_diag(const char *line);
void core_procs_reload_end(const char *outcome);
/* reload_time.c */
void core_reload_time_adopt(const struct conf_procs *);

/* netns.c: net_namespace, joined at start, fixed until a restart. */
char *core_netns_peek(const char *path, const char *config_id);
int core_netns_join(const char *name, char *why, size_t len);
void core_netns_log(void);
bool core_netns_same(const struct vigil_conf *);
bool core_netns_reload_refused(const struct vigil_conf *, char *, size_t);

/* snmp.c: the SNMP agent process (vigilctl snmp-agent). Adopt: start,
 * restart or stop it as the configuration (and -x, -A) wants; reaped:
 * SIGCHLD for pid, true if it was the agent; fields: the global values
 * the agent serves, for the daemon status record ("\tk=v..."). */
void core_snmp_adopt(const struct vigil_conf *);
bool core_snmp_reaped(pid_t pid, int status);
void core_snmp_stop(void);
/* How long the loop runs on once the children are gone, for the agent
 * to raise the traps of their last events (NULL: no agent). */
const struct timeval *core_snmp_grace(void);
const char *core_snmp_fields(void);

/* sdnotify.c */
void sd_notifyf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
