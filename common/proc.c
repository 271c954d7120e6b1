/* The child runtime: what every child does from exec to its event loop. */
#include "proc.h"

#include <sys/prctl.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "proc_tune.h"

static struct proc_env	 child_env;
static struct proc_env	*cur_env;

const struct proc *
proc_by_name(const char *name)
{
	int i;

	for (i = 0; i < PROC_MAX; i++)
		if (procs[i].name != NULL && strcmp(procs[i].name, name) == 0)
			return &procs[i];
	return NULL;
}

struct proc_env *
proc_env(void)
{
	return cur_env;
}

/* The sibling died (EOF): the parent sends a new channel when it has
 * restarted it. A malformed message from the sibling is fatal. */
static void
proc_peer_error(struct ipc_chan *c, const char *reason)
{
	struct proc_env *env = c->arg;

	if (reason != NULL)
		ipc_fatal_error(c, reason);
	log_info("%s process closed its channel; waiting for a new one",
	    proc_name(c->peer));
	ipc_chan_free(c);
	env->peer = NULL;
}

/* The sibling's messages: the runtime's own, then the process's. */
static void
proc_peer_dispatch(struct ipc_chan *c, struct ipc_msg *m)
{
	struct proc_env *env = c->arg;
	const struct msg_peer_hello *h = m->data;

	if (m->hdr.type == MSG_PEER_HELLO)
		log_info("channel to %s up (pid %u)", proc_name(c->peer),
		    h->pid);
	else
		env->proc->dispatch_peer(c, m);
}

void
proc_set_peer(struct proc_env *env, int fd)
{
	struct msg_peer_hello h = { .pid = getpid() };
	enum proc_id peer;

	peer = env->proc->id == PROC_VRRP ? PROC_CHECK : PROC_VRRP;
	ipc_chan_free(env->peer);
	env->peer = ipc_chan_new(env->base, fd, env->proc->id, peer,
	    proc_peer_dispatch, proc_peer_error, env);
	ipc_send(env->peer, MSG_PEER_HELLO, &h, sizeof(h));
	if (env->proc->peer_up != NULL)
		env->proc->peer_up(env);
}

static void
proc_exit(struct proc_env *env)
{
	ipc_flush(env->core);
	ipc_flush(env->peer);
	exit(VIGIL_EXIT_OK);
}

static void
proc_drain(evutil_socket_t fd, short ev, void *arg)
{
	static const struct timeval tick = { 0, 20000 };
	static struct event *timer;
	static unsigned int ms;
	struct proc_env *env = arg;

	if (ms >= PROC_DRAIN_MS || !env->proc->draining(env, ms)) {
		if (ms >= PROC_DRAIN_MS)
			log_warnx("work left unfinished after %u ms", ms);
		proc_exit(env);
	}
	if (timer == NULL && (timer = evtimer_new(env->base, proc_drain,
	    env)) == NULL)
		proc_exit(env);
	ms += 20;
	evtimer_add(timer, &tick);
}

static void
proc_sigterm(evutil_socket_t sig, short ev, void *arg)
{
	struct proc_env *env = arg;
	static bool terminating;

	if (terminating)
		return;
	terminating = true;
	log_info("terminating on signal %d", (int)sig);
	if (env->proc->shutdown != NULL)
		env->proc->shutdown(env);
	if (env->proc->draining == NULL)
		proc_exit(env);
	proc_drain(-1, 0, env);
}

/*
 * The parent's channel. EOF: the parent died (SIGKILL, the OOM killer)
 * and nobody will ask this child to stop: it leaves as on SIGTERM (the
 * vrrp child: priority 0 adverts, VIPs and VMACs removed) at once,
 * without waiting for the parent-death signal. A malformed message is
 * fatal.
 */
static void
proc_core_error(struct ipc_chan *c, const char *reason)
{
	struct proc_env *env = c->arg;

	if (reason != NULL)
		ipc_fatal_error(c, reason);
	log_warnx("core process closed the channel: leaving as on SIGTERM");
	ipc_chan_free(c);
	env->core = NULL;
	proc_sigterm(SIGTERM, 0, env);
}

/* Signals meant for vigild as a whole go to the parent only. */
static void
proc_signals(struct proc_env *env)
{
	static const int ignored[] = { SIGHUP, SIGINT, SIGUSR1, SIGUSR2,
	    SIGPIPE };
	struct event *ev;
	size_t i;

	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		signal(ignored[i], SIG_IGN);
	ev = evsignal_new(env->base, SIGTERM, proc_sigterm, env);
	if (ev == NULL || event_add(ev, NULL) == -1)
		fatalx("cannot set up SIGTERM");
}

/* The process's capabilities plus those its tuning needs. */
static const int *
proc_caps_merge(const int *caps, const int *more)
{
	static int all[32];
	size_t n = 0;

	for (; *caps != -1 && n < 24; caps++)
		all[n++] = *caps;
	for (; *more != -1 && n < 31; more++)
		all[n++] = *more;
	all[n] = -1;
	return all;
}

void
proc_child_run(const struct proc *p, bool lvs, const struct proc_cred *cred)
{
	struct proc_env *env = &child_env;
	pid_t ppid = getppid();
	/* Before anything else takes the lowest free fds. */
	bool have_peer = fcntl(PROC_FD_PEER, F_GETFD) != -1;
	uid_t uid;
	gid_t gid;

	log_set_procname(p->name);
	unsetenv("NOTIFY_SOCKET");
	env->proc = p;
	env->lvs = lvs;
	cur_env = env;
	if ((env->base = event_base_new()) == NULL)
		fatalx("cannot create the event base");
	proc_signals(env);
	env->core = ipc_chan_new(env->base, PROC_FD_CORE, p->id, PROC_CORE,
	    p->dispatch_core, proc_core_error, env);
	if (have_peer)
		proc_set_peer(env, PROC_FD_PEER);
	if (p->init != NULL)
		p->init(env);
	proc_tune_apply();
	if (cred->set) {
		uid = cred->uid;
		gid = cred->gid;
	} else
		proc_user(&uid, &gid);
	caps_drop(uid, gid, proc_caps_merge(lvs && p->caps_lvs ? p->caps_lvs :
	    p->caps, proc_tune_caps()), p->limit_bounding);
	if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal("prctl(PR_SET_NO_NEW_PRIVS)");
	/* After the credential change, which clears it. */
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() != ppid)
		fatalx("parent already gone");
	log_info("started (pid %d)", (int)getpid());
	proc_tune_watch(env->base);
	event_base_dispatch(env->base);
	fatalx("event loop ended");
}
