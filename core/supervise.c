/*
 * Supervision: start a child (fork, re-exec with --proc=NAME and its
 * channels on fds 3 and 4), notice when it dies (SIGCHLD and EOF), log
 * "lost child", restart it with backoff, or stop vigild for good.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/util.h"
#include "core/core.h"

static struct child *
child_by_pid(pid_t pid)
{
	int i;

	for (i = 0; i < PROC_MAX; i++)
		if (core.child[i].proc != NULL && core.child[i].pid == pid)
			return &core.child[i];
	return NULL;
}

static struct child *
child_sibling(const struct child *c)
{
	return &core.child[c->proc->id == PROC_VRRP ? PROC_CHECK : PROC_VRRP];
}

static void
child_chan_error(struct ipc_chan *chan, const char *reason)
{
	struct child *c = chan->arg;

	if (reason != NULL) {
		log_warnx("%s child (pid %d) sent a malformed message (%s): "
		    "killing it", c->proc->name, (int)c->pid, reason);
		if (c->pid > 0)
			kill(c->pid, SIGKILL);
	} else
		log_debug("%s child closed its channel", c->proc->name);
	ipc_chan_free(chan);
	c->chan = NULL;
}

/*
 * The argument vector of a child: the same logging as the parent, and
 * the user it is to run as. Called between fork and exec: the user is
 * looked up in this short-lived process, so that the name service modules
 * a lookup loads (libnss_systemd and what it needs, about 0.5 MiB) stay
 * out of both the parent and the child.
 */
static char **
child_argv(const struct child *c)
{
	const struct core_opts *o = core.opts;
	static char *argv[18];
	const char *tune = core_procs_tune(c->proc->id);
	static char procarg[32], userarg[48], nsarg[300];
	uid_t uid;
	gid_t gid;
	int n = 0;

	snprintf(procarg, sizeof(procarg), "--proc=%s", c->proc->name);
	proc_user(&uid, &gid);
	snprintf(userarg, sizeof(userarg), "--user=%u:%u", (unsigned)uid,
	    (unsigned)gid);
	argv[n++] = "vigild";
	argv[n++] = procarg;
	argv[n++] = userarg;
	if (o->log_stderr)
		argv[n++] = "-l";
	if (o->debug)
		argv[n++] = "-D";
	if (o->no_syslog)
		argv[n++] = "-G";
	if (o->log_file != NULL) {
		argv[n++] = "-g";
		argv[n++] = (char *)o->log_file;
	}
	if (o->facility != NULL) {
		argv[n++] = "-S";
		argv[n++] = (char *)o->facility;
	}
	if (c->lvs)
		argv[n++] = "--lvs";
	if (c->ipvs_netns[0] != '\0') {
		snprintf(nsarg, sizeof(nsarg), "--ipvs-netns=%s",
		    c->ipvs_netns + 1);
		argv[n++] = nsarg;
	}
	if (tune != NULL) {
		argv[n++] = "--tune";
		argv[n++] = (char *)tune;
	}
	argv[n] = NULL;
	return argv;
}

/* In the forked child: put the channels on fds 3 and 4 (and nowhere
 * else), exec. */
static void __attribute__((noreturn))
child_exec(struct child *c, int fd_core, int fd_peer)
{
	char **argv = child_argv(c);
	sigset_t none;
	int sig;

	fd_core = fcntl(fd_core, F_DUPFD, 10);
	if (fd_peer != -1)
		fd_peer = fcntl(fd_peer, F_DUPFD, 10);
	if (fd_core == -1 || dup2(fd_core, PROC_FD_CORE) == -1 ||
	    (fd_peer != -1 && dup2(fd_peer, PROC_FD_PEER) == -1))
		_exit(VIGIL_EXIT_FAILURE);
	/* The copies above 10 are not close-on-exec: they would stay open
	 * in the child and reach every script it runs. */
	close(fd_core);
	if (fd_peer == -1)
		close(PROC_FD_PEER);
	else
		close(fd_peer);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execv("/proc/self/exe", argv);
	fprintf(stderr, "vigild: cannot execute /proc/self/exe: %s\n",
	    strerror(errno));
	_exit(VIGIL_EXIT_PERM);
}

/* What --ipvs-netns the child gets from its configuration, "=NAME"
 * style ("" none; "=" process 1's namespace): what core_apply compares
 * to restart the check child when net_namespace_ipvs changes. */
void
core_ipvs_netns(const struct child *c, char *buf, size_t len)
{
	const struct msg_conf_global *g = &core.set[c->proc->id].global;

	buf[0] = '\0';
	if (c->proc->id == PROC_CHECK &&
	    conf_set_has_lvs(&core.set[c->proc->id]) &&
	    g->ipvs_netns_set)
		snprintf(buf, len, "=%s", g->ipvs_netns);
}

static void
xsocketpair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1)
		fatal("socketpair");
}

void
supervise_start(struct child *c)
{
	struct child *sib = child_sibling(c);
	int core_sv[2], peer_sv[2] = { -1, -1 };
	sigset_t all, old;
	pid_t pid;

	xsocketpair(core_sv);
	if (sib->pid > 0 && sib->chan != NULL)
		xsocketpair(peer_sv);
	c->lvs = conf_set_has_lvs(&core.set[c->proc->id]);
	core_ipvs_netns(c, c->ipvs_netns, sizeof(c->ipvs_netns));
	/* Until exec, a signal must not run libevent's handler in the child:
	 * it would write to the parent's signal socket. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if ((pid = fork()) == -1)
		fatal("fork");
	if (pid == 0)
		child_exec(c, core_sv[1], peer_sv[1]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	core_procs_started(c->proc->id);
	close(core_sv[1]);
	if (peer_sv[1] != -1) {
		close(peer_sv[1]);
		ipc_send_fd(sib->chan, MSG_PEER_FD, peer_sv[0]);
	}
	c->pid = pid;
	c->applied = 0;
	c->dumping = false;
	clock_gettime(CLOCK_MONOTONIC, &c->started);
	c->chan = ipc_chan_new(core.base, core_sv[0], PROC_CORE, c->proc->id,
	    core_dispatch, child_chan_error, c);
	if (core.opts->child_pidfile[c->proc->id] != NULL)
		pidfile_write(core.opts->child_pidfile[c->proc->id], pid);
	log_info("started %s child (pid %d)%s", c->proc->name, (int)pid,
	    c->crashed ? ", after a crash" : "");
	conf_stream(c, &core.set[c->proc->id], c->crashed);
	c->crashed = false;
}

static void
supervise_restart_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct child *c = arg;

	if (!core.stopping && c->wanted && c->pid == 0)
		supervise_start(c);
}

/* "exited with status 1", "killed by signal 9 (Killed)" */
static const char *
status_str(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(status),
		    strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "status 0x%x", status);
	return buf;
}

/* Restart at once if it ran long enough, else after the backoff. */
static void
supervise_schedule(struct child *c)
{
	struct timespec now;
	struct timeval tv = { 0, 0 };

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - c->started.tv_sec >= CORE_STABLE_AFTER)
		c->backoff = 1;
	else {
		tv.tv_sec = c->backoff;
		c->backoff = c->backoff * 2 > CORE_BACKOFF_MAX ?
		    CORE_BACKOFF_MAX : c->backoff * 2;
	}
	if (c->restart_ev == NULL)
		c->restart_ev = evtimer_new(core.base, supervise_restart_cb, c);
	evtimer_add(c->restart_ev, &tv);
	log_info("restarting %s child in %lld s", c->proc->name,
	    (long long)tv.tv_sec);
}

static void
supervise_lost(struct child *c, pid_t pid, int status)
{
	char buf[96];
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

	if (core.stopping || !c->wanted || c->restarting) {
		log_info("%s child (pid %d) %s", c->proc->name, (int)pid,
		    status_str(status, buf, sizeof(buf)));
		/* Killed before it could leave: its VIPs may still be up. */
		if (c->proc->id == PROC_VRRP && !WIFEXITED(status)) {
			vip_remove_all(&core.set[PROC_VRRP]);
			vroute_remove_all(&core.set[PROC_VRRP], core.stopping);
		}
		if (c->restarting && !core.stopping && c->wanted)
			supervise_start(c);
		c->restarting = false;
		if (core.stopping && c->proc->id == PROC_VRRP &&
		    core.child[PROC_CHECK].pid > 0)
			kill(core.child[PROC_CHECK].pid, SIGTERM);
		return;
	}
	log_warnx("lost child %s (pid %d): %s", c->proc->name, (int)pid,
	    status_str(status, buf, sizeof(buf)));
	if (c->proc->id == PROC_VRRP) {
		vip_remove_all(&core.set[PROC_VRRP]);
		vroute_remove_all(&core.set[PROC_VRRP], false);
	}
	if (code == VIGIL_EXIT_PERM || code == VIGIL_EXIT_CONFIG) {
		log_warnx("%s child stopped for a permanent reason (%s): "
		    "stopping vigild", c->proc->name, code == VIGIL_EXIT_PERM ?
		    "missing privilege" : "unusable configuration");
		core_stop(code);
		return;
	}
	if (!core.opts->respawn) {
		log_warnx("not restarting %s child (-R): stopping vigild",
		    c->proc->name);
		core_stop(VIGIL_EXIT_FAILURE);
		return;
	}
	c->crashed = true;
	if (c->wanted)
		supervise_schedule(c);
}

void
supervise_sigchld(void)
{
	struct child *c;
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if ((c = child_by_pid(pid)) == NULL) {
			core_snmp_reaped(pid, status);
			continue;
		}
		/* Its last messages (the events of its stop) first; pid 0:
		 * a malformed one must not signal a reused pid. */
		c->pid = 0;
		if (c->chan != NULL)
			ipc_drain(c->chan, &c->chan);
		if (c->chan != NULL) {
			ipc_chan_free(c->chan);
			c->chan = NULL;
		}
		if (core.opts->child_pidfile[c->proc->id] != NULL)
			pidfile_remove(core.opts->child_pidfile[c->proc->id]);
		c->pid = 0;
		if (c->proc->id == PROC_CHECK)
			core_fifo_readers_stop();
		supervise_lost(c, pid, status);
		core_child_ready(c);
	}
}

bool
supervise_any_running(void)
{
	int i;

	for (i = 0; i < PROC_MAX; i++)
		if (core.child[i].pid > 0)
			return true;
	return false;
}

/*
 * Stop the vrrp child first: it leaves (priority 0, VIPs removed) and
 * reports STOP for each instance; the check child is told to stop once
 * the vrrp child is gone, so that it runs those notify_stop scripts.
 */
void
supervise_stop_all(void)
{
	int i;

	for (i = 0; i < PROC_MAX; i++)
		if (core.child[i].restart_ev != NULL)
			evtimer_del(core.child[i].restart_ev);
	if (core.child[PROC_VRRP].pid > 0)
		kill(core.child[PROC_VRRP].pid, SIGTERM);
	else if (core.child[PROC_CHECK].pid > 0)
		kill(core.child[PROC_CHECK].pid, SIGTERM);
}

void
supervise_kill_all(void)
{
	int i;

	for (i = 0; i < PROC_MAX; i++) {
		if (core.child[i].pid <= 0)
			continue;
		log_warnx("%s child (pid %d) did not stop in time: killing it",
		    core.child[i].proc->name, (int)core.child[i].pid);
		kill(core.child[i].pid, SIGKILL);
	}
}
