/* The script runner: fork, exec, capture, time out, reap (check_run.h). */
#include "check/check_run.h"

#include <sys/prctl.h>
#include <sys/queue.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/util.h"

struct check_run {
	TAILQ_ENTRY(check_run) entry;
	pid_t		 pid;
	int		 out_fd;	/* stdout+stderr, -1 once closed */
	int		 err_fd;	/* exec failure: errno, -1 once read */
	struct event	*out_ev;
	struct event	*timer;
	bool		 timed_out;
	bool		 killed;	/* SIGKILL sent */
	check_run_done_fn done;		/* NULL: abandoned */
	void		*arg;
	uint64_t	 started_us;
	size_t		 out_len;
	size_t		 out_dropped;
	char		 out[CHECK_RUN_OUTPUT_MAX + 1];
};

static TAILQ_HEAD(, check_run) check_runs = TAILQ_HEAD_INITIALIZER(check_runs);
static struct event_base *check_run_base;
static size_t check_run_count;

static uint64_t
check_run_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

int
check_run_split(const char *line, char *buf, size_t buflen, char **argv,
    size_t max)
{
	const char *p = line;
	char *o = buf, *end = buf + buflen;
	size_t n = 0;
	char q;

	if (max == 0 || strlen(line) >= buflen)
		return -1;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (n + 1 >= max)
			return -1;
		argv[n++] = o;
		while (*p != '\0' && *p != ' ' && *p != '\t') {
			if (*p == '\'' || *p == '"') {
				q = *p++;
				while (*p != q) {
					if (*p == '\0')
						return -1;
					if (q == '"' && *p == '\\' &&
					    p[1] != '\0')
						p++;
					*o++ = *p++;
				}
				p++;
			} else {
				if (*p == '\\' && p[1] != '\0')
					p++;
				*o++ = *p++;
			}
		}
		if (o >= end)
			return -1;
		*o++ = '\0';
	}
	argv[n] = NULL;
	return (int)n;
}

int
check_run_resolve(const char *argv0, char *path, size_t pathlen)
{
	const char *dir = CHECK_RUN_PATH, *colon;
	struct stat st;
	int len;

	if (strchr(argv0, '/') != NULL) {
		if ((size_t)snprintf(path, pathlen, "%s", argv0) >= pathlen)
			return ENAMETOOLONG;
		return 0;
	}
	while (*dir != '\0') {
		colon = strchrnul(dir, ':');
		len = snprintf(path, pathlen, "%.*s/%s", (int)(colon - dir),
		    dir, argv0);
		if (len > 0 && (size_t)len < pathlen && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode))
			return 0;
		dir = *colon == ':' ? colon + 1 : colon;
	}
	return ENOENT;
}

/* In the forked child: never returns. Only async-signal-safe calls
 * until execve (the user and its groups were looked up before). */
static void __attribute__((noreturn))
check_run_child(const struct check_run_cmd *cmd, int out_fd, int err_fd,
    pid_t parent)
{
	static char *const envp[] = { "PATH=" CHECK_RUN_PATH, NULL };
	const struct check_user *u = cmd->user;
	sigset_t all;
	int e, fd, sig;

	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	setpgid(0, 0);
	if ((fd = open("/dev/null", O_RDONLY)) == -1 || dup2(fd, 0) == -1 ||
	    dup2(out_fd, 1) == -1 || dup2(out_fd, 2) == -1 ||
	    dup2(err_fd, 3) == -1)
		goto fail;
	/* Nothing else reaches the script; fd 3 closes at exec. */
	if (syscall(SYS_close_range, 4U, ~0U, 0U) == -1)
		for (fd = 4; fd < 65536; fd++)
			close(fd);
	if (fcntl(3, F_SETFD, FD_CLOEXEC) == -1)
		goto fail;
	if (setgroups((size_t)u->ngroups, u->groups) == -1)
		goto fail;
	if (setresgid(u->gid, u->gid, u->gid) == -1 ||
	    setresuid(u->uid, u->uid, u->uid) == -1)
		goto fail;
	/* After the credential change, which clears it; a parent already
	 * gone would never send it. */
	if (cmd->term_with_parent &&
	    (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) == -1 ||
	    getppid() != parent))
		goto fail;
	execve(cmd->path, cmd->argv, envp);
fail:
	e = errno;
	if (write(3, &e, sizeof(e)) == -1)
		_exit(127);
	_exit(127);
}

static void
check_run_drain(struct check_run *r)
{
	char sink[4096];
	ssize_t n;
	size_t room;

	if (r->out_fd == -1)
		return;
	for (;;) {
		room = CHECK_RUN_OUTPUT_MAX - r->out_len;
		if (room > 0)
			n = read(r->out_fd, r->out + r->out_len, room);
		else
			n = read(r->out_fd, sink, sizeof(sink));
		if (n > 0) {
			if (room > 0)
				r->out_len += (size_t)n;
			else
				r->out_dropped += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == 0 || errno != EAGAIN) {
			event_del(r->out_ev);
			close(r->out_fd);
			r->out_fd = -1;
		}
		return;
	}
}

static void
check_run_out_cb(int fd, short what, void *arg)
{
	check_run_drain(arg);
}

static void
check_run_kill(struct check_run *r, int sig)
{
	if (kill(-r->pid, sig) == -1 && errno == ESRCH)
		kill(r->pid, sig);
	if (sig == SIGKILL)
		r->killed = true;
}

static void
check_run_timer_cb(int fd, short what, void *arg)
{
	struct check_run *r = arg;
	struct timeval tv = { CHECK_RUN_KILL_MS / 1000,
	    (CHECK_RUN_KILL_MS % 1000) * 1000 };

	if (!r->timed_out) {
		r->timed_out = true;
		check_run_kill(r, SIGTERM);
		evtimer_add(r->timer, &tv);
	} else if (!r->killed)
		check_run_kill(r, SIGKILL);
}

static void
check_run_free(struct check_run *r)
{
	TAILQ_REMOVE(&check_runs, r, entry);
	check_run_count--;
	if (r->out_fd != -1) {
		event_del(r->out_ev);
		close(r->out_fd);
	}
	if (r->err_fd != -1)
		close(r->err_fd);
	event_free(r->out_ev);
	event_free(r->timer);
	free(r);
}

static void
check_run_reaped(struct check_run *r, int wstatus)
{
	struct check_run_result res;
	int e;

	memset(&res, 0, sizeof(res));
	check_run_drain(r);
	/* Only a timed-out run's leftovers are killed: a script that
	 * exited may have started a daemon on purpose. */
	if (r->timed_out)
		check_run_kill(r, SIGKILL);
	if (r->timed_out)
		res.end = CHECK_RUN_TIMEOUT;
	else if (read(r->err_fd, &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		res.end = CHECK_RUN_EXEC_FAILED;
		res.status = e;
	} else if (WIFSIGNALED(wstatus)) {
		res.end = CHECK_RUN_SIGNALLED;
		res.status = WTERMSIG(wstatus);
	} else {
		res.end = CHECK_RUN_EXITED;
		res.status = WEXITSTATUS(wstatus);
	}
	r->out[r->out_len] = '\0';
	res.output = r->out;
	res.output_len = r->out_len;
	res.output_dropped = r->out_dropped;
	res.elapsed_us = check_run_now_us() - r->started_us;
	if (r->done != NULL)
		r->done(r->arg, &res);
	check_run_free(r);
}

static void
check_run_sigchld(int sig, short what, void *arg)
{
	struct check_run *r;
	int wstatus;
	pid_t pid;

	while ((pid = waitpid(-1, &wstatus, WNOHANG)) > 0) {
		TAILQ_FOREACH(r, &check_runs, entry)
			if (r->pid == pid)
				break;
		if (r != NULL)
			check_run_reaped(r, wstatus);
		else
			log_debug("reaped process %d, not a run of ours",
			    (int)pid);
	}
}

void
check_run_init(struct event_base *base)
{
	struct event *ev;

	if (check_run_base != NULL)
		return;
	check_run_base = base;
	/* What a script leaves behind when it exits is reparented here,
	 * not to init, and reaped below: no zombie even where init does
	 * not reap. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == -1)
		log_warn("prctl(PR_SET_CHILD_SUBREAPER)");
	ev = evsignal_new(base, SIGCHLD, check_run_sigchld, NULL);
	if (ev == NULL || event_add(ev, NULL) == -1)
		fatalx("cannot watch SIGCHLD");
}

struct check_run *
check_run_start(const struct check_run_cmd *cmd, check_run_done_fn done,
    void *arg)
{
	struct check_run *r;
	struct timeval tv;
	pid_t self = getpid();
	int out[2], err[2];

	/* Non-blocking at our end only: the script writes as to any pipe. */
	if (pipe2(out, O_CLOEXEC) == -1) {
		log_warn("%s: pipe", cmd->path);
		return NULL;
	}
	if (pipe2(err, O_CLOEXEC) == -1) {
		log_warn("%s: pipe", cmd->path);
		close(out[0]);
		close(out[1]);
		return NULL;
	}
	if (fcntl(out[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(err[0], F_SETFL, O_NONBLOCK) == -1)
		fatal("fcntl(O_NONBLOCK) on a pipe");
	r = xcalloc(1, sizeof(*r));
	r->started_us = check_run_now_us();
	switch (r->pid = fork()) {
	case -1:
		log_warn("%s: fork", cmd->path);
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		free(r);
		return NULL;
	case 0:
		check_run_child(cmd, out[1], err[1], self);
	default:
		break;
	}
	/* Also here, so that a kill before the child ran setpgid reaches
	 * the group (one of the two calls wins; the other may fail). */
	setpgid(r->pid, r->pid);
	close(out[1]);
	close(err[1]);
	r->out_fd = out[0];
	r->err_fd = err[0];
	r->done = done;
	r->arg = arg;
	r->out_ev = event_new(check_run_base, r->out_fd, EV_READ | EV_PERSIST,
	    check_run_out_cb, r);
	r->timer = evtimer_new(check_run_base, check_run_timer_cb, r);
	if (r->out_ev == NULL || r->timer == NULL ||
	    event_add(r->out_ev, NULL) == -1)
		fatalx("cannot watch a script's output");
	if (cmd->timeout_ms > 0) {
		tv.tv_sec = cmd->timeout_ms / 1000;
		tv.tv_usec = (cmd->timeout_ms % 1000) * 1000;
		evtimer_add(r->timer, &tv);
	}
	TAILQ_INSERT_TAIL(&check_runs, r, entry);
	check_run_count++;
	return r;
}

void
check_run_abandon(struct check_run *r)
{
	if (r == NULL)
		return;
	r->done = NULL;
	r->timed_out = true;	/* its leftovers are killed at reaping */
	evtimer_del(r->timer);
	check_run_kill(r, SIGKILL);
}

void
check_run_detach(struct check_run *r)
{
	if (r == NULL)
		return;
	r->done = NULL;
	evtimer_del(r->timer);
}

size_t
check_run_active(void)
{
	return check_run_count;
}

pid_t
check_run_pid(const struct check_run *r)
{
	return r->pid;
}
