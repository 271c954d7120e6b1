/*
 * How a child runs: nice, SCHED_RR with its RLIMIT_RTTIME guard, locked
 * memory, CPUs, its name, and the automatic realtime priority it takes
 * when its timers run late (max_auto_priority). The parent writes it as
 * one --tune=TEXT argument (core/procs_conf.c); the child applies it to
 * itself while it still has its capabilities (proc_tune_apply), then
 * watches its own lateness (proc_tune_watch).
 */
#ifndef VIGIL_PROC_TUNE_H
#define VIGIL_PROC_TUNE_H

#include <stdbool.h>
#include <stdint.h>

#define PROC_TUNE_CPUS	1024

struct event_base;

struct proc_tune {
	int		 nice;		/* 0: untouched */
	int		 rt;		/* SCHED_RR priority; 0: none */
	int		 rttime;	/* RLIMIT_RTTIME max, us; 0: none */
	bool		 no_swap;	/* mlockall */
	bool		 any_cpu;	/* cpus given */
	uint64_t	 cpus[PROC_TUNE_CPUS / 64];
	int		 auto_max;	/* max_auto_priority; <= 0: off */
	int		 auto_delay;	/* min_auto_priority_delay, us */
	char		 name[16];	/* "": unchanged */
};

/* The text of t, malloc'ed ("nice=N,rt=N,rttime=N,noswap,cpus=A:B:C,
 * auto=N,autodelay=N,name=S", name last: it runs to the end); NULL when
 * t changes nothing. */
char	*proc_tune_format(const struct proc_tune *);
/* Child: take the parent's --tune=TEXT; -1 if malformed. */
int	proc_tune_arg(const char *);
/* Child: apply it to itself (before dropping capabilities). */
void	proc_tune_apply(void);
/* Child: the capabilities it must keep besides its own for what
 * proc_tune_apply set up (-1 terminated): CAP_IPC_LOCK with no_swap,
 * CAP_SYS_NICE with max_auto_priority when RLIMIT_RTPRIO could not be
 * raised. */
const int *proc_tune_caps(void);
/* Child: with max_auto_priority, watch the loop's lateness and raise the
 * realtime priority one step each time it runs late by
 * min_auto_priority_delay or more. */
void	proc_tune_watch(struct event_base *);

#endif
