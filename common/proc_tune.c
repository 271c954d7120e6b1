/*
 * A child's scheduling, memory locking, CPUs and name, applied to itself
 * before it drops its capabilities, and the watchdog that raises its
 * realtime priority when its event loop runs late.
 *
 * What outlives the capability drop: SCHED_RR and nice stay; RLIMIT_RTPRIO
 * set to max_auto_priority lets the unprivileged child raise its own
 * SCHED_RR priority later; RLIMIT_MEMLOCK unlimited lets mlockall's
 * MCL_FUTURE lock what it allocates afterwards. SCHED_RESET_ON_FORK makes
 * the scripts the check child starts begin as SCHED_OTHER at nice 0.
 */
#include "proc_tune.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/capability.h>

#include <event2/event.h>

#include "log.h"
#include "util.h"

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK	0x40000000
#endif

static int
tune_int(const char *s, const char **end, int min, int max, int *out)
{
	char *e;
	long v;

	errno = 0;
	v = strtol(s, &e, 10);
	if (e == s || errno != 0 || v < min || v > max)
		return -1;
	*out = (int)v;
	*end = e;
	return 0;
}

static int
tune_cpus(const char *s, const char **end, struct proc_tune *t)
{
	int cpu;

	for (;;) {
		if (tune_int(s, end, 0, PROC_TUNE_CPUS - 1, &cpu) == -1)
			return -1;
		t->cpus[cpu / 64] |= (uint64_t)1 << (cpu % 64);
		t->any_cpu = true;
		if (**end != ':')
			return 0;
		s = *end + 1;
	}
}

static int
proc_tune_parse(const char *s, struct proc_tune *t)
{
	const char *end;
	int rc;

	memset(t, 0, sizeof(*t));
	t->auto_delay = 1000000;
	while (*s != '\0') {
		end = s;
		if (strncmp(s, "name=", 5) == 0) {
			snprintf(t->name, sizeof(t->name), "%s", s + 5);
			return 0;
		} else if (strncmp(s, "noswap", 6) == 0) {
			t->no_swap = true;
			end = s + 6;
			rc = 0;
		} else if (strncmp(s, "nice=", 5) == 0)
			rc = tune_int(s + 5, &end, -20, 19, &t->nice);
		else if (strncmp(s, "rt=", 3) == 0)
			rc = tune_int(s + 3, &end, 1, 99, &t->rt);
		else if (strncmp(s, "rttime=", 7) == 0)
			rc = tune_int(s + 7, &end, 2, 1000000000, &t->rttime);
		else if (strncmp(s, "cpus=", 5) == 0)
			rc = tune_cpus(s + 5, &end, t);
		else if (strncmp(s, "auto=", 5) == 0)
			rc = tune_int(s + 5, &end, -1, 99, &t->auto_max);
		else if (strncmp(s, "autodelay=", 10) == 0)
			rc = tune_int(s + 10, &end, 1, 10000000,
			    &t->auto_delay);
		else
			rc = -1;
		if (rc == -1 || (*end != ',' && *end != '\0'))
			return -1;
		s = *end == ',' ? end + 1 : end;
	}
	return 0;
}

/* One "key=value" after a comma when something came before. */
static void
tune_put(FILE *f, const char *key, int v)
{
	if (ftell(f) > 0)
		fputc(',', f);
	fprintf(f, "%s=%d", key, v);
}

char *
proc_tune_format(const struct proc_tune *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int cpu;
	char sep = '=';

	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream");
	if (t->nice != 0)
		tune_put(f, "nice", t->nice);
	if (t->rttime != 0)
		tune_put(f, "rttime", t->rttime);
	if (t->rt != 0)
		tune_put(f, "rt", t->rt);
	if (t->no_swap)
		fprintf(f, "%snoswap", ftell(f) > 0 ? "," : "");
	if (t->auto_max > 0) {
		tune_put(f, "auto", t->auto_max);
		tune_put(f, "autodelay", t->auto_delay);
	}
	if (t->any_cpu)
		fprintf(f, "%scpus", ftell(f) > 0 ? "," : "");
	for (cpu = 0; t->any_cpu && cpu < PROC_TUNE_CPUS; cpu++) {
		if (!((t->cpus[cpu / 64] >> (cpu % 64)) & 1))
			continue;
		fprintf(f, "%c%d", sep, cpu);
		sep = ':';
	}
	if (t->name[0] != '\0')
		fprintf(f, "%sname=%s", ftell(f) > 0 ? "," : "", t->name);
	fclose(f);
	if (len == 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void
tune_affinity(const struct proc_tune *t)
{
	cpu_set_t set;
	int cpu;

	CPU_ZERO(&set);
	for (cpu = 0; cpu < PROC_TUNE_CPUS && cpu < CPU_SETSIZE; cpu++)
		if ((t->cpus[cpu / 64] >> (cpu % 64)) & 1)
			CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) == -1)
		log_warn("cpu_affinity: cannot bind to the CPUs given; "
		    "running on all");
}

/* SCHED_RR at prio; RLIMIT_RTTIME (unless rttime is 0) as keepalived
 * sets it: hard limit rttime (SIGKILL), soft limit half of it (SIGXCPU,
 * which kills too). */
static int
tune_rr(int prio, int rttime)
{
	struct sched_param sp = { .sched_priority = prio };
	struct rlimit rl = { .rlim_cur = (rlim_t)rttime / 2,
	    .rlim_max = (rlim_t)rttime };

	if (rttime != 0 && setrlimit(RLIMIT_RTTIME, &rl) == -1) {
		log_warn("setrlimit(RLIMIT_RTTIME, %d us)", rttime);
		return -1;
	}
	if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) == -1) {
		log_warn("cannot run as SCHED_RR at priority %d", prio);
		return -1;
	}
	return 0;
}

static struct proc_tune child_tune;
static int keep[3] = { -1, -1, -1 };

static void
tune_keep(int cap)
{
	int i;

	for (i = 0; keep[i] != -1; i++)
		;
	keep[i] = cap;
}

const int *
proc_tune_caps(void)
{
	return keep;
}

int
proc_tune_arg(const char *arg)
{
	return proc_tune_parse(arg, &child_tune);
}

void
proc_tune_apply(void)
{
	const struct proc_tune *t = &child_tune;
	struct sched_param sp = { .sched_priority = 0 };
	struct rlimit rl;

	if (t->name[0] != '\0' && prctl(PR_SET_NAME, t->name, 0, 0, 0) == -1)
		log_warn("prctl(PR_SET_NAME, %s)", t->name);
	if (t->any_cpu)
		tune_affinity(t);
	if (t->rt != 0)
		tune_rr(t->rt, t->rttime);
	else if ((t->nice != 0 || t->auto_max > 0) &&
	    sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &sp) == -1)
		log_warn("sched_setscheduler(SCHED_RESET_ON_FORK)");
	if (t->nice != 0 && t->rt == 0 &&
	    setpriority(PRIO_PROCESS, 0, t->nice) == -1)
		log_warn("cannot set nice %d", t->nice);
	/* Without CAP_SYS_RESOURCE (a bounding set without it) the limit
	 * cannot be raised: the child keeps CAP_SYS_NICE instead. */
	if (t->auto_max > t->rt) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)t->auto_max;
		if (setrlimit(RLIMIT_RTPRIO, &rl) == -1)
			tune_keep(CAP_SYS_NICE);
	}
	/* MCL_FUTURE must go on locking what is allocated later, beyond
	 * RLIMIT_MEMLOCK: the child keeps CAP_IPC_LOCK. */
	if (t->no_swap) {
		tune_keep(CAP_IPC_LOCK);
		if (mlockall(MCL_CURRENT | MCL_FUTURE) == -1)
			log_warn("no_swap: cannot lock the memory");
	}
	if (t->rt != 0 && t->rttime != 0)
		log_info("scheduling: SCHED_RR priority %d (RLIMIT_RTTIME "
		    "%d us), memory %s", t->rt, t->rttime,
		    t->no_swap ? "locked" : "swappable");
	else if (t->rt != 0 && t->no_swap)
		log_info("scheduling: SCHED_RR priority %d, memory locked",
		    t->rt);
	else if (t->nice != 0 || t->no_swap)
		log_info("scheduling: SCHED_OTHER nice %d, memory %s",
		    t->nice, t->no_swap ? "locked" : "swappable");
}

/*
 * The watchdog: a timer every half of auto_delay (10 ms to 500 ms). When
 * it fires auto_delay or more after it was due, the process did not get
 * the CPU in time: the first time it switches to SCHED_RR priority 1 (or
 * one above its configured rt priority), then one more each time, up to
 * auto_max, as keepalived does.
 */
struct tune_watch {
	struct event	*ev;
	struct timeval	 period;
	struct timespec	 due;
	int		 auto_max, delay, rttime, prio;
};

static int64_t
ts_us(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000 + ts->tv_nsec / 1000;
}

static void
tune_watch_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct tune_watch *w = arg;
	struct timespec now;
	int64_t late;

	clock_gettime(CLOCK_MONOTONIC, &now);
	late = ts_us(&now) - ts_us(&w->due);
	if (late >= w->delay && w->prio < w->auto_max &&
	    tune_rr(w->prio + 1, w->rttime) == 0) {
		w->prio++;
		log_warnx("ran %lld us late: realtime priority raised to %d "
		    "(SCHED_RR; max_auto_priority %d)", (long long)late,
		    w->prio, w->auto_max);
	}
	w->due = now;
	w->due.tv_nsec += w->period.tv_usec * 1000;
	if (w->due.tv_nsec >= 1000000000) {
		w->due.tv_sec++;
		w->due.tv_nsec -= 1000000000;
	}
	evtimer_add(w->ev, &w->period);
}

void
proc_tune_watch(struct event_base *base)
{
	static struct tune_watch w;
	const struct proc_tune *t = &child_tune;
	int us;

	if (t->auto_max <= 0 || t->rt >= t->auto_max)
		return;
	us = t->auto_delay / 2;
	us = us < 10000 ? 10000 : us > 500000 ? 500000 : us;
	w.period.tv_sec = 0;
	w.period.tv_usec = us;
	w.auto_max = t->auto_max;
	w.delay = t->auto_delay;
	w.rttime = t->rttime;
	w.prio = t->rt;
	if ((w.ev = evtimer_new(base, tune_watch_cb, &w)) == NULL)
		fatalx("cannot create the priority watchdog");
	clock_gettime(CLOCK_MONOTONIC, &w.due);
	tune_watch_cb(-1, 0, &w);
}
