/*
 * The process table and what every vigil process shares about processes:
 * exit codes, the child runtime (event base, channels, signals, dropping
 * capabilities) and the capability helpers.
 *
 * The parent starts a child by re-executing itself with --proc=NAME; the
 * channel to the parent is then fd PROC_FD_CORE and, when the sibling
 * runs, the vrrp<->check channel is fd PROC_FD_PEER.
 */
#ifndef VIGIL_PROC_H
#define VIGIL_PROC_H

#include <stdbool.h>
#include <sys/types.h>

#include "ipc.h"

/* Exit codes. A child that exits with EXIT_PERM or EXIT_CONFIG is not
 * restarted: vigild stops with the same code. (sysexits.h values.) */
#define VIGIL_EXIT_OK		0
#define VIGIL_EXIT_FAILURE	1	/* transient: the parent restarts */
#define VIGIL_EXIT_PERM		77	/* missing capability or permission */
#define VIGIL_EXIT_CONFIG	78	/* configuration unusable */

#define PROC_DRAIN_MS		3000	/* see struct proc's draining */

#define PROC_FD_CORE		3
#define PROC_FD_PEER		4

/* The runtime handed to a child's functions. */
struct proc_env {
	struct event_base *base;
	struct ipc_chan	*core;		/* to the parent */
	struct ipc_chan	*peer;		/* to the sibling child, or NULL */
	const struct proc *proc;
	bool		 lvs;		/* LVS virtual servers configured */
};

struct proc {
	const char	*name;		/* "vrrp": log prefix, --proc=NAME */
	enum proc_id	 id;
	const char	*ident;		/* syslog ident */
	/* Capabilities kept after setup, -1 terminated. */
	const int	*caps;
	const int	*caps_lvs;	/* instead, when LVS is configured */
	bool		 limit_bounding; /* bounding set = caps */
	bool		 no_new_privs;
	/* Open what needs privilege, before capabilities are dropped. */
	void		(*init)(struct proc_env *);
	/* Messages from the parent and from the sibling. */
	ipc_dispatch_fn	 dispatch_core;
	ipc_dispatch_fn	 dispatch_peer;
	/* Optional: a new channel to the sibling is up (env->peer). */
	void		(*peer_up)(struct proc_env *);
	/* SIGTERM: leave gracefully, then return; the runtime exits 0. */
	void		(*shutdown)(struct proc_env *);
	/* Optional: after shutdown, the loop runs on while this says the
	 * child still has work to finish (ms: time since SIGTERM), at
	 * most PROC_DRAIN_MS. */
	bool		(*draining)(struct proc_env *, unsigned int ms);
};

extern const struct proc procs[PROC_MAX];

/* The user a child switches to; set: given by the parent (--user). */
struct proc_cred {
	bool	 set;
	uid_t	 uid;
	gid_t	 gid;
};

/* Child side: run the process; never returns. Without cred->set the
 * child looks its user up itself (proc_user). */
void proc_child_run(const struct proc *, bool lvs,
    const struct proc_cred *cred) __attribute__((noreturn));
const struct proc *proc_by_name(const char *name);
/* The running child's environment (NULL in the parent). */
struct proc_env *proc_env(void);
/* Install a new sibling channel (MSG_PEER_FD), replacing the old one. */
void proc_set_peer(struct proc_env *, int fd);

/* Capabilities (libcap-ng). cap_name() is "CAP_NET_ADMIN" style. */
const char *cap_name(int cap);
/* First capability of the -1 terminated list missing from this process's
 * effective or bounding set, or -1 if none is missing. */
int caps_missing(const int *caps);
/* The same, for the bounding set only (what children exec'd will get). */
int caps_missing_bounding(const int *caps);
/* Switch to uid/gid, keep exactly caps (effective and permitted); with
 * limit_bounding also bound to them. Fatal with EXIT_PERM on failure. */
void caps_drop(uid_t uid, gid_t gid, const int *caps, bool limit_bounding);
/* Keep exactly caps in the effective and permitted sets; uid unchanged. */
void caps_limit(const int *caps);
/* The unprivileged user the children run as ("vigil", else "nobody"). */
void proc_user(uid_t *uid, gid_t *gid);

#endif
