/*
 * global_defs: how vigild's processes run (scheduling, memory locking,
 * CPUs, names, umask, pid and data file names) and how reloads are
 * triggered, checked and recorded. Table entries: conf_procs.c, spliced
 * into global_defs' table by CONF_PROCS_KWS.
 */
#ifndef VIGIL_CONF_PROCS_H
#define VIGIL_CONF_PROCS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define CONF_CPUS_MAX		1024	/* CPU_SETSIZE */
#define CONF_PROC_NAME_MAX	15	/* TASK_COMM_LEN - 1 */

/* One child's scheduling, as vrrp_* and checker_* give it. */
struct conf_proc_sched {
	int		 nice;		/* *_priority; 0: as is */
	int		 rt_priority;	/* *_rt_priority; 0: none */
	int		 rlimit_rttime;	/* us (10000) */
	bool		 no_swap;	/* mlockall */
	uint64_t	 cpus[CONF_CPUS_MAX / 64]; /* none set: all */
	char		*name;		/* NULL: unchanged */
};

struct conf_procs {
	struct conf_proc_sched vrrp, check;
	bool		 names;		/* process_names */
	char		*name;		/* process_name: the parent */
	int		 max_auto_priority; /* 0, -1: off */
	int		 min_auto_priority_delay; /* us (1000000) */
	int		 umask;		/* 022 */
	bool		 use_pid_dir;	/* vigil always does */
	char		*instance;	/* pid and data file names */
	bool		 data_use_instance;
	char		*reload_time_file;
	bool		 reload_repeat;
	bool		 reload_check_config;
	char		*reload_check_log; /* reload_check_config FILE */
	char		*config_save_dir;
	char		*tmp_config_directory; /* not needed by vigil */
	/* bfd_*: vigil has no BFD process; with bfd_instance blocks they
	 * apply to the vrrp child, which runs the sessions (the stronger
	 * of bfd_* and vrrp_*: core/procs_conf.c). rlimit_rttime 0: not
	 * given. */
	struct conf_proc_sched bfd;
};

/* Handlers and dumps of the keywords that are not plain types. */
struct conf_ctx;
struct conf_obj;
struct conf_kw;
struct conf_node;
int	conf_procs_cpus(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_procs_cpus_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_procs_umask(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_procs_umask_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_procs_check_config(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_procs_check_config_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_procs_auto(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
void	conf_procs_auto_dump(FILE *, const struct conf_obj *,
	    const struct conf_kw *, int);
int	conf_procs_name(struct conf_ctx *, struct conf_obj *,
	    const struct conf_kw *, const struct conf_node *);
/* Once everything is read: checks that need several keywords. */
struct conf_global;
void	conf_procs_finish(struct conf_ctx *, struct conf_global *);

#define CONF_PR(m)	CONF_OFF(struct conf_global, procs.m)
#define CONF_PROCS_SCHED_KWS(w, c)					\
	{ w "_priority", CONF_T_INT, CONF_PR(c.nice), .min = -20,	\
	  .max = 19 },							\
	{ w "_rt_priority", CONF_T_INT, CONF_PR(c.rt_priority),	\
	  .min = 1, .max = 99 },					\
	{ w "_rlimit_rttime", CONF_T_INT, CONF_PR(c.rlimit_rttime),	\
	  .min = 2, .max = 1000000000, .def = "10000" },		\
	{ w "_no_swap", CONF_T_FLAG, CONF_PR(c.no_swap) },		\
	{ w "_cpu_affinity", CONF_T_NONE, CONF_PR(c.cpus),		\
	  .min_args = 1, .max_args = CONF_ARGS_ANY,			\
	  .handler = conf_procs_cpus, .dump = conf_procs_cpus_dump },	\
	{ w "_process_name", CONF_T_STRING, CONF_PR(c.name),		\
	  .handler = conf_procs_name }

/* keepalived's BFD process keywords (no default: a dump shows only what
 * was given). */
#define CONF_PROCS_BFD_KWS						\
	{ "bfd_priority", CONF_T_INT, CONF_PR(bfd.nice), .min = -20,	\
	  .max = 19 },							\
	{ "bfd_rt_priority", CONF_T_INT, CONF_PR(bfd.rt_priority),	\
	  .min = 1, .max = 99 },					\
	{ "bfd_rlimit_rttime", CONF_T_INT, CONF_PR(bfd.rlimit_rttime),	\
	  .min = 2, .max = 1000000000 },				\
	{ "bfd_no_swap", CONF_T_FLAG, CONF_PR(bfd.no_swap) },		\
	{ "bfd_cpu_affinity", CONF_T_NONE, CONF_PR(bfd.cpus),		\
	  .min_args = 1, .max_args = CONF_ARGS_ANY,			\
	  .handler = conf_procs_cpus, .dump = conf_procs_cpus_dump },	\
	{ "bfd_process_name", CONF_T_STRING, CONF_PR(bfd.name),	\
	  .handler = conf_procs_name }

/* Spliced into global_defs' table (conf_global.c). */
#define CONF_PROCS_KWS							\
	CONF_PROCS_SCHED_KWS("vrrp", vrrp),				\
	CONF_PROCS_SCHED_KWS("checker", check),			\
	{ "process_names", CONF_T_FLAG, CONF_PR(names) },		\
	{ "process_name", CONF_T_STRING, CONF_PR(name),		\
	  .handler = conf_procs_name },					\
	{ "max_auto_priority", CONF_T_NONE, CONF_PR(max_auto_priority), \
	  .min_args = 0, .max_args = 1, .handler = conf_procs_auto,	\
	  .dump = conf_procs_auto_dump },				\
	{ "min_auto_priority_delay", CONF_T_INT,			\
	  CONF_PR(min_auto_priority_delay), .min = 1,			\
	  .max = 10000000, .def = "1000000" },				\
	{ "umask", CONF_T_NONE, CONF_PR(umask), .min_args = 1,	\
	  .max_args = CONF_ARGS_ANY, .def = "022",			\
	  .handler = conf_procs_umask,					\
	  .dump = conf_procs_umask_dump },				\
	{ "instance", CONF_T_STRING, CONF_PR(instance),		\
	  .handler = conf_procs_name, .flags = CONF_KW_DUMP_ALWAYS },	\
	{ "use_pid_dir", CONF_T_FLAG, CONF_PR(use_pid_dir),		\
	  .flags = CONF_KW_DUMP_ALWAYS },				\
	{ "data_use_instance", CONF_T_BOOL, CONF_PR(data_use_instance) }, \
	{ "reload_time_file", CONF_T_PATH, CONF_PR(reload_time_file) }, \
	{ "reload_repeat", CONF_T_FLAG, CONF_PR(reload_repeat) },	\
	{ "reload_check_config", CONF_T_NONE,				\
	  CONF_PR(reload_check_config), .min_args = 0, .max_args = 1,	\
	  .handler = conf_procs_check_config,				\
	  .dump = conf_procs_check_config_dump },			\
	{ "config_save_dir", CONF_T_PATH, CONF_PR(config_save_dir) },	\
	{ "tmp_config_directory", CONF_T_PATH,				\
	  CONF_PR(tmp_config_directory) }

/* keepalived reads these two at the top level only (2.2.7 calls them
 * unknown in global_defs); vigil takes them in both places. */
#define CONF_PROCS_ROOT_KWS						\
	{ "instance", CONF_T_STRING,					\
	  CONF_OFF(struct vigil_conf, global.procs.instance),		\
	  .handler = conf_procs_name, .flags = CONF_KW_NODUMP },	\
	{ "use_pid_dir", CONF_T_FLAG,					\
	  CONF_OFF(struct vigil_conf, global.procs.use_pid_dir),	\
	  .flags = CONF_KW_NODUMP }

/* Whether cpu is in the set. */
static inline bool
conf_cpu_isset(const uint64_t *cpus, int cpu)
{
	return (cpus[cpu / 64] >> (cpu % 64)) & 1;
}

#endif
