/*
 * The parent's part of global_defs' process and reload keywords: each
 * child's --tune argument, the parent's own name and umask, pid file,
 * control socket and dump names for a named instance, config_save_dir,
 * and reload_check_config's log file. reload_time_file: reload_time.c.
 */
#include <sys/prctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/proc_tune.h"
#include "common/util.h"
#include "conf/conf.h"
#include "core/core.h"

static const char *default_names[PROC_MAX] = {
	[PROC_CORE] = "vigild", [PROC_VRRP] = "vigild_vrrp",
	[PROC_CHECK] = "vigild_check",
};

static struct {
	char	*tune[PROC_MAX];	/* --tune of the next start */
	char	*started[PROC_MAX];	/* what the running one got */
	char	*instance;		/* fixed at start */
	char	 comm[16];		/* the parent's, at start */
	char	*check_log;		/* reload_check_config FILE */
	unsigned saves;			/* config_save_dir copies */
} pc;

static const char *
proc_name_for(const struct conf_procs *p, enum proc_id id)
{
	const char *n = id == PROC_CORE ? p->name : id == PROC_VRRP ?
	    p->vrrp.name : p->check.name;

	return n != NULL ? n : p->names ? default_names[id] : NULL;
}

/*
 * With bfd_instance blocks the vrrp child runs the BFD sessions, so
 * keepalived's bfd_* keywords apply to it: the stronger of each pair
 * (the higher real-time priority, the lower nice value, the longer
 * RLIMIT_RTTIME, no_swap if either says it, the CPUs of both). The
 * process keeps its own name (vrrp_process_name).
 */
static void
sched_merge_bfd(struct conf_proc_sched *s, const struct conf_proc_sched *b)
{
	bool vcpus = false, bcpus = false;
	size_t i;

	if (b->rt_priority > s->rt_priority)
		s->rt_priority = b->rt_priority;
	if (b->nice < s->nice)
		s->nice = b->nice;
	if (b->rlimit_rttime > s->rlimit_rttime)
		s->rlimit_rttime = b->rlimit_rttime;
	s->no_swap = s->no_swap || b->no_swap;
	for (i = 0; i < CONF_CPUS_MAX / 64; i++) {
		vcpus = vcpus || s->cpus[i] != 0;
		bcpus = bcpus || b->cpus[i] != 0;
	}
	/* No set on one side means every CPU: then none is restricted. */
	for (i = 0; i < CONF_CPUS_MAX / 64; i++)
		s->cpus[i] = vcpus && bcpus ? s->cpus[i] | b->cpus[i] : 0;
}

static char *
tune_for(const struct conf_procs *p, enum proc_id id, bool has_bfd)
{
	struct conf_proc_sched m = id == PROC_VRRP ? p->vrrp : p->check;
	const struct conf_proc_sched *s = &m;
	struct proc_tune t;
	const char *name;
	int cpu;

	if (id == PROC_VRRP && has_bfd)
		sched_merge_bfd(&m, &p->bfd);
	memset(&t, 0, sizeof(t));
	t.nice = s->nice;
	t.rt = s->rt_priority;
	/* vigil's own choice: the VRRP process is never below SCHED_RR 1. */
	if (id == PROC_VRRP && t.rt == 0)
		t.rt = 1;
	/* The guard comes with the realtime priority the configuration
	 * asks for, as in keepalived; not with vigil's implicit one. */
	if (s->rt_priority != 0 || p->max_auto_priority > 0)
		t.rttime = s->rlimit_rttime;
	t.no_swap = s->no_swap;
	for (cpu = 0; cpu < CONF_CPUS_MAX; cpu++)
		if (conf_cpu_isset(s->cpus, cpu)) {
			t.cpus[cpu / 64] |= (uint64_t)1 << (cpu % 64);
			t.any_cpu = true;
		}
	t.auto_max = p->max_auto_priority;
	t.auto_delay = p->min_auto_priority_delay;
	if ((name = proc_name_for(p, id)) != NULL)
		snprintf(t.name, sizeof(t.name), "%s", name);
	return proc_tune_format(&t);
}

static bool
str_differs(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0);
}

/* Called between fork and exec (in the child-to-be): read only. */
const char *
core_procs_tune(enum proc_id id)
{
	return pc.tune[id];
}

/* The parent, once the child is forked: what it started with. */
void
core_procs_started(enum proc_id id)
{
	free(pc.started[id]);
	pc.started[id] = pc.tune[id] != NULL ? xstrdup(pc.tune[id]) : NULL;
}

/* The parent's name: process_name, else back to what it was. */
static void
procs_parent_name(const struct conf_procs *p)
{
	const char *name = proc_name_for(p, PROC_CORE);

	if (pc.comm[0] == '\0')
		prctl(PR_GET_NAME, pc.comm, 0, 0, 0);
	prctl(PR_SET_NAME, name != NULL ? name : pc.comm, 0, 0, 0);
}

/* vigil.data -> vigil.NAME.data, as keepalived's data_use_instance. */
static void
procs_dump_names(const struct conf_procs *p)
{
	char **paths[] = { &core.data_path, &core.stats_path };
	char *dot, *n;
	size_t i;

	if (!p->data_use_instance || p->instance == NULL)
		return;
	for (i = 0; i < 2; i++) {
		if (*paths[i] == NULL || (dot = strrchr(*paths[i], '.')) ==
		    NULL)
			continue;
		xasprintf(&n, "%.*s.%s%s", (int)(dot - *paths[i]), *paths[i],
		    p->instance, dot);
		free(*paths[i]);
		*paths[i] = n;
	}
	log_info("SIGUSR1 and SIGUSR2 dumps go to %s and %s "
	    "(data_use_instance)", core.data_path, core.stats_path);
}

/* config_save_dir: DIR/BASENAME.PID.N, each file read after a "# PATH"
 * line; N counts the configurations adopted, 0 at start. */
static void
procs_save(const struct vigil_conf *conf, const char *dir)
{
	char *path, buf[8192];
	const char *base;
	size_t i, n;
	FILE *out, *in;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_warn("config_save_dir %s", dir);
		return;
	}
	base = strrchr(core.opts->conf_path, '/');
	base = base != NULL ? base + 1 : core.opts->conf_path;
	xasprintf(&path, "%s/%s.%d.%u", dir, base, (int)getpid(), pc.saves++);
	if ((out = fopen(path, "wxe")) == NULL) {
		log_warn("config_save_dir: %s", path);
		free(path);
		return;
	}
	for (i = 0; i < conf->nfiles; i++) {
		fprintf(out, "# %s\n", conf->files[i]);
		if ((in = fopen(conf->files[i], "re")) == NULL) {
			fprintf(out, "# (cannot read it now: %s)\n",
			    strerror(errno));
			continue;
		}
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			fwrite(buf, 1, n, out);
		fclose(in);
	}
	if (fclose(out) == EOF)
		log_warn("config_save_dir: %s", path);
	else
		log_info("configuration saved in %s", path);
	free(path);
}

void
core_procs_adopt(const struct vigil_conf *conf)
{
	const struct conf_procs *p = &conf->global.procs;
	int i;

	umask((mode_t)p->umask);
	procs_parent_name(p);
	if (core.gen <= 1) {
		pc.instance = p->instance != NULL ? xstrdup(p->instance) :
		    NULL;
		procs_dump_names(p);
	} else if (str_differs(pc.instance, p->instance))
		log_warnx("instance cannot change on a reload: still %s",
		    pc.instance != NULL ? pc.instance : "none");
	for (i = PROC_VRRP; i < PROC_MAX; i++) {
		free(pc.tune[i]);
		pc.tune[i] = tune_for(p, i, !TAILQ_EMPTY(&conf->bfds));
		if (core.child[i].pid > 0 &&
		    str_differs(pc.tune[i], pc.started[i]))
			log_warnx("%s child: its scheduling, CPUs or name "
			    "changed; they apply when it next starts",
			    procs[i].name);
	}
	free(pc.check_log);
	pc.check_log = p->reload_check_log != NULL ?
	    xstrdup(p->reload_check_log) : NULL;
	if (p->config_save_dir != NULL)
		procs_save(conf, p->config_save_dir);
	core_reload_time_adopt(p);
}

/* The name in the pid and control socket files: instance, else
 * net_namespace (so daemons in several namespaces do not share them). */
static const char *
procs_file_name(const struct vigil_conf *conf)
{
	return conf->global.procs.instance != NULL ?
	    conf->global.procs.instance : conf->global.net_namespace;
}

/* With an instance (or namespace) name: vigild_NAME.pid, vrrp_NAME.pid,
 * check_NAME.pid in place of the default pid files (not those given by
 * -p, -r, -c). */
void
core_procs_pidfiles(struct core_opts *o, const struct vigil_conf *conf)
{
	const char *inst = procs_file_name(conf);
	static const char *base[PROC_MAX] = { "vigild", "vrrp", "check" };
	const char **f[PROC_MAX] = { &o->pidfile,
	    &o->child_pidfile[PROC_VRRP], &o->child_pidfile[PROC_CHECK] };
	char *def, *n;
	int i;

	if (inst == NULL)
		return;
	for (i = 0; i < PROC_MAX; i++) {
		xasprintf(&def, "%s/%s.pid", VIGIL_RUNDIR, base[i]);
		if (*f[i] != NULL && strcmp(*f[i], def) == 0) {
			xasprintf(&n, "%s/%s_%s.pid", VIGIL_RUNDIR, base[i],
			    inst);
			*f[i] = n;
		}
		free(def);
	}
}

/* The control socket of a named instance (or namespace):
 * vigil_NAME.sock. */
char *
core_procs_ctl_path(const struct vigil_conf *conf)
{
	char *p;

	if (procs_file_name(conf) == NULL)
		return NULL;
	xasprintf(&p, "%s/vigil_%s.sock", VIGIL_RUNDIR,
	    procs_file_name(conf));
	return p;
}

/* reload_check_config FILE: each reload's check, from scratch. */
static void
procs_check_log(const char *mode, const char *line)
{
	FILE *f;

	if (pc.check_log == NULL || (f = fopen(pc.check_log, mode)) == NULL)
		return;
	fprintf(f, "%s\n", line);
	fclose(f);
}

void
core_procs_reload_begin(void)
{
	char line[128], when[64];
	time_t now = time(NULL);
	struct tm tm;

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S",
	    localtime_r(&now, &tm));
	snprintf(line, sizeof(line), "%s: checking the configuration for a "
	    "reload", when);
	procs_check_log("we", line);
}

void
core_procs_diag(const char *line)
{
	procs_check_log("ae", line);
}

void
core_procs_reload_end(const char *outcome)
{
	procs_check_log("ae", outcome);
}
